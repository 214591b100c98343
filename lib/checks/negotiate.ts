/**
 * Proposal negotiation between two charons, with the lines each side logs:
 * - IKE_SA_INIT (src/libcharon/sa/ikev2/tasks/ike_init.c): the responder selects from its IKE
 *   config's proposals (trying its other matching configs, "no matching proposal found, trying
 *   alternative config"); nothing in common → N(NO_PROPOSAL_CHOSEN); a selection without the
 *   method of the initiator's KE payload → N(INVALID_KE_PAYLOAD) and the initiator starts over with
 *   the requested method, moved to the front of its proposals;
 * - the first CHILD_SA in IKE_AUTH (child_create.c): key exchange transforms are left out and
 *   ignored; nothing in common → N(NO_PROPOSAL_CHOSEN), the IKE_SA stays without CHILD_SA;
 * - rekeying the CHILD_SA (CREATE_CHILD_SA): the proposals go out with their key exchange methods
 *   and the responder selects with them.
 * Pure.
 */

import { algorithmName } from "../proposals/algorithms.js";
import {
  cloneProposal,
  firstOf,
  formatProposal,
  type LogLine,
  type PairFailure,
  type Proposal,
  promoteTransform,
  type SelectionFlags,
  selectProposal,
  T,
  withoutKeyExchange,
} from "../proposals/index.js";
import { type ReleaseLike, rulesFor } from "../rules.js";

export interface NegotiationOptions {
  strongswan?: ReleaseLike;
  /** charon.prefer_configured_proposals = no on the responder */
  preferSupplied?: boolean;
  /** the peer is not known to be strongSwan (no vendor id exchanged; default): private algorithms are skipped */
  skipPrivate?: boolean;
}

export interface IkeNegotiation {
  selected: Proposal | null;
  /** which of the responder's configs supplied the selection (0 = the first, its best address match) */
  config: number | null;
  /** the initiator's first KE method and the one the responder asked for instead */
  invalidKe: { sent: number; requested: number } | null;
  /** the initiator's proposals as sent in its last IKE_SA_INIT request */
  sent: Proposal[];
  initiatorLogs: LogLine[];
  responderLogs: LogLine[];
  /** the pairs the responder tried, against its first config */
  failures: PairFailure[];
}

const flagsOf = (o: NegotiationOptions, extra: SelectionFlags = {}): SelectionFlags => ({
  preferSupplied: o.preferSupplied,
  skipPrivate: o.skipPrivate ?? true,
  ...extra,
});

/** The KE method a proposal list starts with (ike_cfg.c get_algorithm). */
export function firstKe(list: Proposal[]): number | null {
  for (const p of list) {
    const ke = firstOf(p, T.KE);
    if (ke) return ke.alg;
  }
  return null;
}

function keName(alg: number, o: NegotiationOptions): string {
  return algorithmName(T.KE, alg, rulesFor(o.strongswan).keyExchangeNames) ?? `(${alg})`;
}

/** ike_init.c build_payloads: the requested method first in each proposal, proposals without it last. */
function promote(list: Proposal[], ke: number): Proposal[] {
  const withKe: Proposal[] = [];
  const without: Proposal[] = [];
  for (const p of list) {
    const c = cloneProposal(p);
    (promoteTransform(c, T.KE, ke) ? withKe : without).push(c);
  }
  return [...withKe, ...without];
}

export function negotiateIke(
  initiator: Proposal[],
  responderConfigs: Proposal[][],
  o: NegotiationOptions = {},
): IkeNegotiation {
  const iLogs: LogLine[] = [];
  const rLogs: LogLine[] = [];
  let sent = initiator.map(cloneProposal);
  let ke = firstKe(initiator);
  let invalidKe: IkeNegotiation["invalidKe"] = null;
  let failures: PairFailure[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    let selected: Proposal | null = null;
    let config: number | null = null;
    for (const [i, conf] of responderConfigs.entries()) {
      if (i > 0) rLogs.push({ level: 1, text: "no matching proposal found, trying alternative config" });
      const r = selectProposal(conf, sent, flagsOf(o), o.strongswan);
      rLogs.push(...r.logs);
      if (i === 0) failures = r.failures;
      if (r.selected) {
        selected = r.selected;
        config = i;
        break;
      }
    }
    if (!selected) {
      rLogs.push({ level: 1, text: "received proposals unacceptable" });
      iLogs.push({ level: 1, text: "received NO_PROPOSAL_CHOSEN notify error" });
      return {
        selected: null,
        config: null,
        invalidKe,
        sent,
        initiatorLogs: iLogs,
        responderLogs: rLogs,
        failures,
      };
    }
    const chosen = firstOf(selected, T.KE)?.alg ?? null;
    const hasSent = selected.transforms.some((t) => t.type === T.KE && t.alg === ke);
    if (hasSent || chosen === null || ke === null || attempt === 1) {
      // the initiator checks the responder's choice against its own proposals
      const back = selectProposal(initiator, [selected], flagsOf(o, { preferSupplied: false }), o.strongswan);
      iLogs.push(...back.logs);
      return { selected, config, invalidKe, sent, initiatorLogs: iLogs, responderLogs: rLogs, failures };
    }
    rLogs.push({ level: 1, text: `DH group ${keName(ke, o)} unacceptable, requesting ${keName(chosen, o)}` });
    iLogs.push({
      level: 1,
      text: `peer didn't accept DH group ${keName(ke, o)}, it requested ${keName(chosen, o)}`,
    });
    invalidKe = { sent: ke, requested: chosen };
    ke = chosen;
    sent = promote(initiator, chosen);
  }
  throw new Error("unreachable");
}

export interface ChildNegotiation {
  selected: Proposal | null;
  initiatorLogs: LogLine[];
  responderLogs: LogLine[];
  failures: PairFailure[];
}

/**
 * The CHILD_SA's proposals: in IKE_AUTH (`rekey: false`) without key exchange, when rekeying
 * (CREATE_CHILD_SA, the rekeying side first) with them.
 */
export function negotiateChild(
  initiator: Proposal[],
  responder: Proposal[],
  o: NegotiationOptions & { rekey?: boolean } = {},
): ChildNegotiation {
  const skipKe = !o.rekey;
  // a rekeying without any key exchange method in the first proposal sends none (strip_ke)
  const noPfs = o.rekey && firstKe(initiator) === null;
  const sent = skipKe || noPfs ? withoutKeyExchange(initiator) : initiator;
  const r = selectProposal(responder, sent, flagsOf(o, { skipKe: skipKe || noPfs }), o.strongswan);
  const rLogs = [...r.logs];
  const iLogs: LogLine[] = [];
  if (!r.selected) {
    rLogs.push({ level: 1, text: "no acceptable proposal found" });
    if (!o.rekey) rLogs.push({ level: 1, text: "failed to establish CHILD_SA, keeping IKE_SA" });
    iLogs.push({ level: 1, text: "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built" });
    if (!o.rekey) iLogs.push({ level: 1, text: "failed to establish CHILD_SA, keeping IKE_SA" });
    return { selected: null, initiatorLogs: iLogs, responderLogs: rLogs, failures: r.failures };
  }
  const back = selectProposal(
    initiator,
    [r.selected],
    flagsOf(o, { skipKe, preferSupplied: false }),
    o.strongswan,
  );
  iLogs.push(...back.logs);
  return { selected: r.selected, initiatorLogs: iLogs, responderLogs: rLogs, failures: r.failures };
}

/**
 * Why two lists have nothing in common, in words: the closest pair (the one that got furthest
 * through the transform types) and what each side lists of the type that failed.
 */
export function mismatchReason(
  initiator: Proposal[],
  responder: Proposal[],
  failures: PairFailure[],
  o: NegotiationOptions = {},
): string {
  if (failures.length === 0) return "one side has no proposals";
  const order: number[] = [T.ENCR, T.INTEG, T.PRF, T.KE, T.ESN];
  const rank = (f: PairFailure) => (f.type === null ? -1 : order.indexOf(f.type));
  const best = failures.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const [rp, ip] = o.preferSupplied ? [best.other, best.preferred] : [best.preferred, best.other];
  const r = responder[rp];
  const i = initiator[ip];
  if (!r || !i || best.type === null) return "the protocols differ";
  const names = (p: Proposal) => {
    const shown = formatProposal({
      protocol: p.protocol,
      transforms: p.transforms.filter((t) => t.type === best.type),
      types: [best.type!],
    }).replace(/^\w+:/, "");
    return shown || "none";
  };
  return `closest: the responder's proposal ${rp + 1} and the initiator's proposal ${ip + 1} share no ${best.typeName} (responder: ${names(r)}; initiator: ${names(i)})`;
}
