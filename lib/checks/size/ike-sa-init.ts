/**
 * IKE_SA_INIT and IKE_INTERMEDIATE messages as charon builds them (src/libcharon/sa/ikev2/tasks/
 * ike_init.c build_payloads, ike_natd.c, ike_cert_pre.c, ike_auth.c; checked against real charon in
 * test/strongswan/size-diff.test.ts):
 * - request: SA (every configured IKE proposal, no SPI), KE (the first method of the first proposal,
 *   or the one the responder asked for), Nonce (32 bytes), N(NAT_DETECTION_SOURCE_IP),
 *   N(NAT_DETECTION_DESTINATION_IP), N(FRAGMENTATION_SUPPORTED) (fragmentation != no),
 *   N(SIGNATURE_HASH_ALGORITHMS) (charon.signature_authentication; Debian's plugins offer sha256
 *   sha384 sha512 identity), N(REDIRECT_SUPPORTED) (charon.follow_redirects), and from 6.0
 *   N(INTERMEDIATE_EXCHANGE_SUPPORTED) when a proposal has additional key exchanges;
 * - response: SA (the selected proposal), KE, Nonce, the NAT-D pair, CERTREQ (every trusted CA
 *   certificate: the connection is not known yet), N(FRAGMENTATION_SUPPORTED) and
 *   N(SIGNATURE_HASH_ALGORITHMS) when the initiator sent them, N(CHILDLESS_IKEV2_SUPPORTED)
 *   (childless != never), N(MULTIPLE_AUTH_SUPPORTED), and IKE_INTERMEDIATE's notify (6.0);
 * - a responder that selects a proposal without the initiator's KE method answers
 *   N(INVALID_KE_PAYLOAD) with the method it wants, and the initiator starts over with that one;
 * - IKE_INTERMEDIATE (6.0, RFC 9242/9370): one exchange per additional key exchange, each message
 *   an SK payload around one KE payload. Modelled from 6.0.6's source.
 * IKE_SA_INIT is never encrypted, so RFC 7383 cannot fragment it.
 */
import { isKeType, type Proposal, T } from "../../proposals/index.js";
import {
  certreqPayloadBytes,
  IKE_HEADER,
  kePayloadBytes,
  NATD,
  NONCE,
  notify,
  type SizePayload,
  saPayloadBytes,
} from "./payloads.js";
import { type SkShape, skBytes } from "./sk.js";

/** Debian's stock plugins offer sha256, sha384, sha512 and identity (2 bytes each). */
export const HASH_ALGORITHMS = 4;

export interface IkeSaInitOptions {
  /** the initiator's configured IKE proposals, in order */
  proposals: Proposal[];
  /** the proposal the responder selects (null: none, NO_PROPOSAL_CHOSEN) */
  selected: Proposal | null;
  /** KE method of the initiator's KE payload; default the first of its first proposal */
  keMethod?: number;
  /** CA certificates the responder lists in its CERTREQ (0: no CERTREQ) */
  responderCas: number;
  initiatorFragmentation?: boolean;
  responderFragmentation?: boolean;
  /** charon.signature_authentication (default yes) */
  signatureAuthentication?: boolean;
  hashAlgorithms?: number;
  /** charon.follow_redirects (default yes) */
  followRedirects?: boolean;
  /** responder's childless setting is not `never` (default) */
  childlessSupported?: boolean;
  /** 6.0: IKE_INTERMEDIATE is announced when a proposal has additional key exchanges */
  intermediate?: boolean;
}

export interface MessagePayloads {
  bytes: number;
  payloads: SizePayload[];
}

function total(payloads: SizePayload[]): MessagePayloads {
  const p = [{ name: "IKE header", bytes: IKE_HEADER }, ...payloads];
  return { bytes: p.reduce((n, x) => n + x.bytes, 0), payloads: p };
}

const hasAdditionalKe = (p: Proposal) => p.transforms.some((t) => isKeType(t.type) && t.type !== T.KE);

export function ikeSaInitRequest(o: IkeSaInitOptions, keMethod: number): MessagePayloads {
  const frag = o.initiatorFragmentation !== false;
  const p: SizePayload[] = [
    {
      name: `SA (${o.proposals.length} IKE proposal${o.proposals.length === 1 ? "" : "s"})`,
      bytes: saPayloadBytes(o.proposals, 0),
    },
    { name: "KE", bytes: kePayloadBytes(keMethod, "initiator") },
    { name: "Nonce", bytes: NONCE },
    { name: "N(NAT_DETECTION_SOURCE_IP)", bytes: NATD },
    { name: "N(NAT_DETECTION_DESTINATION_IP)", bytes: NATD },
  ];
  if (frag) p.push(notify("FRAGMENTATION_SUPPORTED"));
  if (o.signatureAuthentication !== false)
    p.push(notify("SIGNATURE_HASH_ALGORITHMS", 2 * (o.hashAlgorithms ?? HASH_ALGORITHMS)));
  if (o.followRedirects !== false) p.push(notify("REDIRECT_SUPPORTED"));
  if (o.intermediate && o.proposals.some(hasAdditionalKe)) p.push(notify("INTERMEDIATE_EXCHANGE_SUPPORTED"));
  return total(p);
}

export function ikeSaInitResponse(
  o: IkeSaInitOptions,
  selected: Proposal,
  keMethod: number,
): MessagePayloads {
  const p: SizePayload[] = [
    { name: "SA (selected proposal)", bytes: saPayloadBytes([selected], 0) },
    { name: "KE", bytes: kePayloadBytes(keMethod, "responder") },
    { name: "Nonce", bytes: NONCE },
    { name: "N(NAT_DETECTION_SOURCE_IP)", bytes: NATD },
    { name: "N(NAT_DETECTION_DESTINATION_IP)", bytes: NATD },
  ];
  if (o.responderCas > 0)
    p.push({
      name: `CERTREQ (${o.responderCas} CA${o.responderCas === 1 ? "" : "s"})`,
      bytes: certreqPayloadBytes(o.responderCas),
    });
  if (o.initiatorFragmentation !== false && o.responderFragmentation !== false)
    p.push(notify("FRAGMENTATION_SUPPORTED"));
  if (o.signatureAuthentication !== false)
    p.push(notify("SIGNATURE_HASH_ALGORITHMS", 2 * (o.hashAlgorithms ?? HASH_ALGORITHMS)));
  if (o.childlessSupported !== false) p.push(notify("CHILDLESS_IKEV2_SUPPORTED"));
  p.push(notify("MULTIPLE_AUTH_SUPPORTED"));
  if (o.intermediate && hasAdditionalKe(selected) && o.proposals.some(hasAdditionalKe))
    p.push(notify("INTERMEDIATE_EXCHANGE_SUPPORTED"));
  return total(p);
}

/** An error response: one notify (NO_PROPOSAL_CHOSEN; INVALID_KE_PAYLOAD carries the method). */
export function notifyResponse(name: "NO_PROPOSAL_CHOSEN" | "INVALID_KE_PAYLOAD"): MessagePayloads {
  return total([notify(name, name === "INVALID_KE_PAYLOAD" ? 2 : 0)]);
}

/** The additional key exchanges of a selected proposal, in order (KE_NONE skipped). */
export function additionalKeyExchanges(selected: Proposal): { round: number; method: number }[] {
  return selected.transforms
    .filter((t) => isKeType(t.type) && t.type !== T.KE && t.alg !== 0)
    .map((t) => ({ round: t.type - T.ADDKE1 + 1, method: t.alg }));
}

/** An IKE_INTERMEDIATE message: the SK payload around one KE payload. */
export function intermediateMessage(
  method: number,
  role: "initiator" | "responder",
  shape: SkShape,
): MessagePayloads & { inner: number } {
  const ke = kePayloadBytes(method, role);
  const sk = skBytes(ke, shape) - ke;
  return {
    ...total([
      { name: "KE", bytes: ke },
      { name: "SK (header, IV, padding, ICV)", bytes: sk },
    ]),
    inner: ke,
  };
}
