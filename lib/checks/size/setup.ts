/**
 * Every message of an IKEv2 setup between two charons, sized from both configurations:
 * IKE_SA_INIT (with the extra round trip of INVALID_KE_PAYLOAD), IKE_INTERMEDIATE per additional
 * key exchange (6.0) and IKE_AUTH both ways, each with its payloads, datagram and fragments. The
 * proposals are negotiated as charon negotiates them (../negotiate.ts): the selected IKE proposal
 * frames every SK payload, the CHILD_SA's proposals fill the IKE_AUTH SA payloads.
 */

import type { Fragmentation } from "../../config/model.js";
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { formatProposal, type Proposal, swanctlProposals } from "../../proposals/index.js";
import { type ReleaseLike, rulesFor } from "../../rules.js";
import {
  type ChildNegotiation,
  firstKe,
  type IkeNegotiation,
  negotiateChild,
  negotiateIke,
} from "../negotiate.js";
import { estimateIkeAuthSize, type SizeOptions, type SizeResult } from "./ike-auth.js";
import {
  additionalKeyExchanges,
  ikeSaInitRequest,
  ikeSaInitResponse,
  intermediateMessage,
  type MessagePayloads,
  notifyResponse,
} from "./ike-sa-init.js";
import { effectiveFragmentSize, fragmentCount, type SkShape, skShape } from "./sk.js";

/** The IKE_AUTH part of a side in `estimateSetup`. */
export type AuthOptions = Omit<
  SizeOptions,
  | "role"
  | "ikeProposal"
  | "cipher"
  | "childProposals"
  | "childFailed"
  | "strongswan"
  | "ikev1"
  | "fragmentation"
>;

/** One side of `estimateSetup`: proposals, fragmentation, authentication, CAs it asks for. */
export interface SetupSide {
  /** configured IKE proposals; default charon's */
  ike?: Proposal[];
  /** configured CHILD_SA proposals (default charon's ESP defaults); null: no CHILD_SA in IKE_AUTH */
  child?: Proposal[] | null;
  fragmentation?: Fragmentation;
  /** what this side's IKE_AUTH carries; null/absent: not sized (unknown certificate) */
  auth?: AuthOptions | null;
  /** responder: CA certificates its IKE_SA_INIT CERTREQ lists */
  cas?: number;
  /** responder: send_certreq (default yes) */
  sendCertreq?: boolean;
}

/** Options of `estimateSetup`: both sides, the release and the path. */
export interface SetupOptions {
  initiator: SetupSide;
  responder: SetupSide;
  strongswan?: ReleaseLike;
  /** responder's charon.prefer_configured_proposals = no */
  preferSupplied?: boolean;
  mtu?: number;
  fragmentSize?: number;
  ipv6?: boolean;
  /** IKE_INTERMEDIATE and IKE_AUTH on UDP 4500 (MOBIKE or NAT), default yes */
  natt?: boolean;
}

/** One message of a setup, with its size, fragments and whether it exceeds the path MTU. */
export interface MessageSize {
  exchange: "IKE_SA_INIT" | "IKE_INTERMEDIATE" | "IKE_AUTH";
  from: "initiator" | "responder";
  /** what the message is (`request`, `response`, `INVALID_KE_PAYLOAD response`, ...) */
  what: string;
  bytes: number;
  datagram: number;
  fragments: number;
  exceedsMtu: boolean;
  payloads: { name: string; bytes: number }[];
}

/** What `estimateSetup` returns: the negotiated proposals, every message with its size, and findings. */
export interface SetupResult {
  messages: MessageSize[];
  ike: IkeNegotiation;
  child: ChildNegotiation | null;
  /** the negotiated encryption framing the SK payloads */
  cipher: string | null;
  /** the IKE_AUTH estimates of each side (null when not sized) */
  auth: { initiator: SizeResult | null; responder: SizeResult | null };
  findings: Finding[];
}

const fragUsed = (mine?: Fragmentation, peer?: Fragmentation) =>
  (mine ?? "yes") !== "no" && (mine ?? "yes") !== "accept" && (peer ?? "yes") !== "no";

/** Estimate every message of an IKE_SA setup between two sides, with the proposals they negotiate. */
export function estimateSetup(o: SetupOptions): SetupResult {
  const rules = rulesFor(o.strongswan);
  const ikeDefaults = () => swanctlProposals("IKE", null, { strongswan: rules }).proposals;
  const iIke = o.initiator.ike ?? ikeDefaults();
  const rIke = o.responder.ike ?? ikeDefaults();
  const mtu = o.mtu ?? 1500;
  const ip = o.ipv6 ? 40 : 20;
  const natt = o.natt ?? true;
  const fragmentSize = effectiveFragmentSize(o.fragmentSize, !!o.ipv6);
  const messages: MessageSize[] = [];
  const findings: Finding[] = [];
  const initOpts = {
    proposals: iIke,
    selected: null,
    responderCas: o.responder.sendCertreq === false ? 0 : (o.responder.cas ?? 0),
    initiatorFragmentation: (o.initiator.fragmentation ?? "yes") !== "no",
    responderFragmentation: (o.responder.fragmentation ?? "yes") !== "no",
    intermediate: rules.additionalKeyExchanges,
  };
  const plain = (m: MessagePayloads, from: MessageSize["from"], what: string): MessageSize => {
    const datagram = m.bytes + ip + 8;
    return {
      exchange: "IKE_SA_INIT",
      from,
      what,
      bytes: m.bytes,
      datagram,
      fragments: 1,
      exceedsMtu: datagram > mtu,
      payloads: m.payloads,
    };
  };

  const ike = negotiateIke(iIke, [rIke], { strongswan: rules, preferSupplied: o.preferSupplied });
  const ke0 = ike.invalidKe?.sent ?? firstKe(iIke);
  if (ke0 !== null)
    messages.push(plain(ikeSaInitRequest({ ...initOpts, proposals: iIke }, ke0), "initiator", "request"));
  if (ike.invalidKe) {
    messages.push(plain(notifyResponse("INVALID_KE_PAYLOAD"), "responder", "INVALID_KE_PAYLOAD response"));
    messages.push(
      plain(
        ikeSaInitRequest({ ...initOpts, proposals: ike.sent }, ike.invalidKe.requested),
        "initiator",
        "request (again)",
      ),
    );
  }
  if (!ike.selected) {
    messages.push(plain(notifyResponse("NO_PROPOSAL_CHOSEN"), "responder", "NO_PROPOSAL_CHOSEN response"));
    return {
      messages,
      ike,
      child: null,
      cipher: null,
      auth: { initiator: null, responder: null },
      findings: mtuFindings(messages, mtu),
    };
  }
  const selectedKe = firstKe([ike.selected]) ?? 0;
  messages.push(plain(ikeSaInitResponse(initOpts, ike.selected, selectedKe), "responder", "response"));

  const shape: SkShape = skShape(ike.selected);
  const frag = { ipv6: !!o.ipv6, natt, fragmentSize };
  const encrypted = (
    exchange: MessageSize["exchange"],
    from: MessageSize["from"],
    what: string,
    m: MessagePayloads & { inner: number },
    fragments: boolean,
  ): MessageSize => {
    const datagram = m.bytes + ip + 8 + (natt ? 4 : 0);
    const n = fragments ? fragmentCount(m.inner, m.bytes, shape, frag) : 1;
    return {
      exchange,
      from,
      what,
      bytes: m.bytes,
      datagram,
      fragments: n,
      exceedsMtu: datagram > mtu,
      payloads: m.payloads,
    };
  };
  const iFrag = fragUsed(o.initiator.fragmentation, o.responder.fragmentation);
  const rFrag = fragUsed(o.responder.fragmentation, o.initiator.fragmentation);
  if (rules.additionalKeyExchanges)
    for (const { round, method } of additionalKeyExchanges(ike.selected))
      for (const [from, what, frag] of [
        ["initiator", "request", iFrag],
        ["responder", "response", rFrag],
      ] as const)
        messages.push(
          encrypted(
            "IKE_INTERMEDIATE",
            from,
            `${what} (KE${round})`,
            intermediateMessage(method, from, shape),
            frag,
          ),
        );

  const iChild =
    o.initiator.child === undefined
      ? swanctlProposals("ESP", null, { strongswan: rules }).proposals
      : o.initiator.child;
  const rChild =
    o.responder.child === undefined
      ? swanctlProposals("ESP", null, { strongswan: rules }).proposals
      : o.responder.child;
  const child =
    iChild && rChild
      ? negotiateChild(iChild, rChild, { strongswan: rules, preferSupplied: o.preferSupplied })
      : null;
  const authOf = (side: "initiator" | "responder"): SizeResult | null => {
    const a = o[side].auth;
    if (!a) return null;
    const r = estimateIkeAuthSize({
      ...a,
      role: side,
      ikeProposal: ike.selected!,
      childless: a.childless || !iChild,
      childProposals:
        side === "initiator" ? (iChild ?? undefined) : child?.selected ? [child.selected] : undefined,
      childFailed: side === "responder" && !!iChild && !child?.selected,
      strongswan: rules,
      fragmentation: side === "initiator" ? iFrag : rFrag,
      mtu,
      fragmentSize,
      ipv6: o.ipv6,
      natt,
    });
    messages.push({
      exchange: "IKE_AUTH",
      from: side,
      what: side === "initiator" ? "request" : "response",
      bytes: r.bytes,
      datagram: r.datagram,
      fragments: r.fragments,
      exceedsMtu: r.exceedsMtu,
      payloads: r.payloads,
    });
    return r;
  };
  const auth = { initiator: authOf("initiator"), responder: authOf("responder") };
  findings.push(...mtuFindings(messages, mtu));
  if (ike.invalidKe)
    findings.push(
      finding("IKE_INVALID_KE", {
        message: `the initiator's KE payload uses ${name(ike.invalidKe.sent)}, the responder selects ${formatProposal(ike.selected)} and asks for ${name(ike.invalidKe.requested)}: IKE_SA_INIT is sent twice`,
        log: ike.responderLogs.find((l) => l.text.startsWith("DH group"))?.text ?? null,
      }),
    );
  return { messages, ike, child, cipher: shape.name, auth, findings };
}

function name(ke: number): string {
  return formatProposal({
    protocol: "IKE",
    transforms: [{ type: 4, alg: ke, keySize: 0 }],
    types: [4],
  }).slice(4);
}

/** IKE_SA_INIT over the path MTU: IKE fragmentation cannot help (the message is not encrypted). */
function mtuFindings(messages: MessageSize[], mtu: number): Finding[] {
  return messages
    .filter((m) => m.exchange === "IKE_SA_INIT" && m.exceedsMtu)
    .map((m) =>
      finding("IKE_SA_INIT_EXCEEDS_MTU", {
        message: `the ${m.from}'s IKE_SA_INIT ${m.what} is a ${m.datagram}-byte datagram (${m.bytes} bytes of IKE, KE payload ${m.payloads.find((p) => p.name === "KE")?.bytes ?? 0}), over the path MTU (${mtu}); only IP fragments carry it, and a path that drops them never completes IKE_SA_INIT`,
      }),
    );
}
