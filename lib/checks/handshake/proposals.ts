/**
 * Proposals in the simulated handshake (semantics §7.1; ../negotiate.ts does the selection):
 * - IKE_SA_INIT: the responder's IKE configs are its IKEv2-capable connections in file order (the
 *   addresses are assumed to match equally, so the first is its best match and the others are the
 *   alternatives it tries); nothing in common → `no proposal chosen`;
 * - IKE_AUTH: a responder connection whose IKE proposals do not contain the selected proposal is
 *   no peer-config candidate (ike_auth.c load_cfg_candidates, "ignore candidate ... without
 *   matching IKE proposal");
 * - the CHILD_SA of IKE_AUTH (the first child of each connection), and its rekeying with PFS.
 * Only charon's level-1 lines go into the handshake logs (the level the other lines are at).
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import {
  formatProposal,
  formatProposals,
  type LogLine,
  type Proposal,
  proposalsMatch,
  swanctlProposals,
  withoutKeyExchange,
} from "../../proposals/index.js";
import type { ReleaseLike } from "../../rules.js";
import {
  type ChildNegotiation,
  type IkeNegotiation,
  mismatchReason,
  negotiateChild,
  negotiateIke,
} from "../negotiate.js";
import type { HandshakeConnection, HandshakeHost } from "./types.js";

export interface ProposalOptions {
  strongswan?: ReleaseLike;
  /** the responder's charon.prefer_configured_proposals = no */
  preferSupplied?: boolean;
}

const level1 = (l: LogLine[]) => l.filter((x) => x.level === 1).map((x) => x.text);

export const ikeProposalsOf = (c: HandshakeConnection, o: ProposalOptions): Proposal[] =>
  c.ikeProposals ?? swanctlProposals("IKE", null, { strongswan: o.strongswan }).proposals;

export const childProposalsOf = (c: HandshakeConnection, o: ProposalOptions): Proposal[] | null =>
  c.childProposals === undefined
    ? swanctlProposals("ESP", null, { strongswan: o.strongswan }).proposals
    : c.childProposals;

/** ike_cfg has_proposal: does the connection list the selected IKE proposal (private algorithms skipped)? */
export function ikeProposalMatches(
  c: HandshakeConnection,
  selected: Proposal | null,
  o: ProposalOptions,
): boolean {
  if (!selected) return true;
  return ikeProposalsOf(c, o).some((p) => proposalsMatch(p, selected, { skipPrivate: true }, o.strongswan));
}

export interface IkeSaInitOutcome {
  negotiation: IkeNegotiation;
  /** the responder connection whose IKE config supplied the selection */
  config: HandshakeConnection | null;
  initiatorLogs: string[];
  responderLogs: string[];
  finding: Finding | null;
}

export function negotiateIkeSaInit(
  conn: HandshakeConnection,
  responder: HandshakeHost,
  o: ProposalOptions,
): IkeSaInitOutcome {
  // charon never loaded a connection whose proposals it refused: it is no IKE config to try
  const configs = responder.connections.filter((c) => c.version !== 1 && !c.proposalError);
  const mine = ikeProposalsOf(conn, o);
  const theirs = configs.map((c) => ikeProposalsOf(c, o));
  const n = negotiateIke(mine, theirs.length ? theirs : [[]], o);
  const out: IkeSaInitOutcome = {
    negotiation: n,
    config: n.config === null ? null : (configs[n.config] ?? null),
    initiatorLogs: level1(n.initiatorLogs),
    responderLogs: level1(n.responderLogs),
    finding: null,
  };
  if (!n.selected && conn.proposalError)
    out.finding = finding("PROPOSAL_INVALID", {
      message: `charon does not load '${conn.name}': its IKE proposals do not parse (${conn.proposalError})`,
      log: conn.proposalError,
    });
  else if (!n.selected)
    out.finding = finding("NO_PROPOSAL_CHOSEN_IKE", {
      message: `IKE_SA_INIT fails: the responder's ${configs.length ? `connection${configs.length > 1 ? "s" : ""} ${configs.map((c) => `'${c.name}'`).join(", ")} share` : "configuration has"} no IKE proposal with '${conn.name}' (${mismatchReason(n.sent, theirs[0] ?? [], n.failures, o)})`,
      log: `received proposals: ${formatProposals(n.sent)}`,
      data: { initiator: formatProposals(mine), responder: theirs.map((t) => formatProposals(t)) },
    });
  return out;
}

export interface ChildOutcome {
  negotiation: ChildNegotiation;
  initiatorLogs: string[];
  responderLogs: string[];
  findings: Finding[];
}

/** The CHILD_SA in IKE_AUTH, then its rekeying in both directions; null when childless. */
export function negotiateChildSa(
  conn: HandshakeConnection,
  rConn: HandshakeConnection,
  o: ProposalOptions,
): ChildOutcome | null {
  const mine = childProposalsOf(conn, o);
  const theirs = childProposalsOf(rConn, o);
  if (!mine || !theirs) return null;
  const n = negotiateChild(mine, theirs, o);
  const findings: Finding[] = [];
  if (!n.selected)
    findings.push(
      finding("NO_PROPOSAL_CHOSEN_CHILD", {
        message: `the IKE_SA comes up, its CHILD_SA does not: '${rConn.name}' and '${conn.name}' have no ESP proposal in common (${mismatchReason(withoutKeyExchange(mine), theirs, n.failures, o)})`,
        data: { initiator: formatProposals(mine), responder: formatProposals(theirs) },
      }),
    );
  else
    for (const [name, a, b] of [
      [conn.name, mine, theirs],
      [rConn.name, theirs, mine],
    ] as const) {
      const rk = negotiateChild(a, b, { ...o, rekey: true });
      if (rk.selected) continue;
      findings.push(
        finding("NO_PROPOSAL_CHOSEN_REKEY", {
          message: `the CHILD_SA comes up with ${formatProposal(n.selected)}, but when '${name}' rekeys it the DH groups of esp_proposals must match and do not (${mismatchReason(a, b, rk.failures, o)}): the rekeying fails with NO_PROPOSAL_CHOSEN`,
        }),
      );
      break;
    }
  return {
    negotiation: n,
    initiatorLogs: level1(n.initiatorLogs),
    responderLogs: level1(n.responderLogs),
    findings,
  };
}
