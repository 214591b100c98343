/**
 * The encrypted (SK) payload and RFC 7383 fragments as charon builds them, for the negotiated IKE
 * proposal: src/libcharon/encoding/payloads/encrypted_payload.c (IV, plaintext, padding to the
 * cipher's block with at least the pad length byte, ICV) and src/libcharon/encoding/message.c
 * fragment() (what fits in one fragment of charon.fragment_size).
 */
import {
  cipherShape,
  firstOf,
  formatProposal,
  integrityIcv,
  isAead,
  type Proposal,
  parseProposal,
  T,
} from "../../proposals/index.js";
import { HDR, IKE_HEADER } from "./payloads.js";

export interface SkShape {
  /** the negotiated encryption (and integrity) as charon names them */
  name: string;
  iv: number;
  block: number;
  icv: number;
}

/** The proposal two default charons negotiate (first algorithms of the classic default proposal). */
export const DEFAULT_NEGOTIATED = "aes128-sha256-x25519";

/** SK framing of a negotiated IKE proposal (its first encryption and integrity algorithm). */
export function skShape(negotiated: Proposal): SkShape {
  const enc = firstOf(negotiated, T.ENCR);
  const shape = enc ? cipherShape(enc.alg) : null;
  if (!enc || !shape) return { name: formatProposal(negotiated), iv: 16, block: 16, icv: 16 };
  const integ = firstOf(negotiated, T.INTEG);
  const icv = isAead(enc.alg) ? (shape.icv ?? 16) : integ ? (integrityIcv(integ.alg) ?? 16) : 0;
  const name = formatProposal({
    protocol: negotiated.protocol,
    transforms: [enc, ...(integ && !isAead(enc.alg) ? [integ] : [])],
    types: [T.ENCR, ...(integ && !isAead(enc.alg) ? [T.INTEG] : [])],
  }).replace(/^IKE:/, "");
  return { name, iv: shape.iv, block: shape.block, icv };
}

/** The SK shape of the old `--cipher` option. */
export function legacyCipherShape(cipher: "aes-cbc" | "aes-gcm"): SkShape {
  const r = parseProposal("IKE", cipher === "aes-gcm" ? "aes128gcm16-prfsha256-x25519" : DEFAULT_NEGOTIATED);
  return skShape((r as { proposal: Proposal }).proposal);
}

/** SK payload bytes around `inner` bytes of payloads: header, IV, padded plaintext, ICV. */
export function skBytes(inner: number, s: SkShape): number {
  return HDR + s.iv + (inner + s.block - (inner % s.block)) + s.icv;
}

export interface FragmentOptions {
  ipv6: boolean;
  /** non-ESP marker: the message travels on UDP 4500 */
  natt: boolean;
  /** charon.fragment_size: the IP datagram of a fragment */
  fragmentSize: number;
}

/**
 * The fragment datagram charon uses for a charon.fragment_size: unset is 1280; 0 is the address
 * family's own default, 576 for IPv4 and 1280 for IPv6 (message.c fragment(), since 5.2.1).
 */
export function effectiveFragmentSize(fragmentSize: number | undefined, ipv6: boolean): number {
  if (fragmentSize === undefined) return 1280;
  if (fragmentSize === 0) return ipv6 ? 1280 : 576;
  return fragmentSize;
}

/** The IKE message's budget before charon fragments it (the datagram limit minus IP, UDP, marker). */
export function messageBudget(o: FragmentOptions): number {
  return o.fragmentSize - (o.ipv6 ? 40 : 20) - 8 - (o.natt ? 4 : 0);
}

/**
 * How many RFC 7383 fragments charon sends for a message of `total` bytes whose SK payload holds
 * `inner` bytes of plaintext: none when the whole message fits; else each fragment carries a piece
 * of the plaintext, encrypted on its own with its own IV, padding and ICV.
 */
export function fragmentCount(inner: number, total: number, s: SkShape, o: FragmentOptions): number {
  const budget = messageBudget(o);
  if (total <= budget) return 1;
  let piece = budget - IKE_HEADER - s.iv - s.icv - 8;
  piece = Math.floor(piece / s.block) * s.block - 1;
  return Math.ceil(inner / piece);
}

/** IKEv1's proprietary fragments carry pieces of the encrypted message (28 + 8 bytes of headers). */
export function ikev1FragmentCount(total: number, o: FragmentOptions): number {
  const budget = messageBudget(o);
  if (total <= budget) return 1;
  return Math.ceil(total / (budget - IKE_HEADER - 8));
}
