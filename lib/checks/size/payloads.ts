/**
 * Payload lengths of IKEv2 messages (RFC 7296 §3: every payload starts with a 4-byte generic
 * header) as charon encodes them (src/libcharon/encoding/payloads/*.c).
 */
import { parseIdentity } from "../../identity/parse.js";
import { keDataLength, type Proposal, T } from "../../proposals/index.js";
import type { ReleaseLike } from "../../rules.js";
import type { Certificate } from "../../x509/certificate.js";
import type { PublicKeyInfo } from "../../x509/spki.js";

export const HDR = 4;
export const IKE_HEADER = 28;
/** a notify without SPI and data: header + protocol id, SPI size, type */
export const NOTIFY = HDR + 4;
/** charon's nonces are 32 bytes (nonce_payload.h NONCE_SIZE) */
export const NONCE = HDR + 32;
/** NAT_DETECTION_*_IP: a SHA-1 hash */
export const NATD = NOTIFY + 20;
/** one IPv4 traffic selector (RFC 7296 §3.13.1) */
export const TS_IPV4 = 16;

/** One payload of a message and its size in bytes. */
export interface SizePayload {
  name: string;
  bytes: number;
}

/**
 * SA payload (RFC 7296 §3.3): per proposal an 8-byte substructure plus the SPI (0 in the initial
 * IKE_SA_INIT, 4 for ESP/AH), per transform 8 bytes plus a 4-byte Key Length attribute when the
 * algorithm has a key size (proposal_substructure.c set_from_proposal_v2).
 */
export function saPayloadBytes(proposals: Proposal[], spiSize: number): number {
  let n = HDR;
  for (const p of proposals) {
    n += 8 + spiSize;
    for (const t of p.transforms) n += 8 + (t.keySize ? 4 : 0);
  }
  return n;
}

/** KE payload: header, method number and 2 reserved bytes, the public value (or ciphertext). */
export function kePayloadBytes(method: number, role: "initiator" | "responder"): number {
  return HDR + 4 + (keDataLength(method, role) ?? 0);
}

/** The first key exchange method of the first proposal that has one (ike_cfg get_algorithm). */
export function firstKeMethod(proposals: Proposal[]): number | null {
  for (const p of proposals) {
    const t = p.transforms.find((x) => x.type === T.KE);
    if (t) return t.alg;
  }
  return null;
}

/** An ID payload; `release` is the one whose charon parses the id text (default the newest covered). */
export function idPayloadBytes(text: string | null, cert: Certificate | null, release?: ReleaseLike): number {
  if (text === null) return HDR + 4 + (cert ? cert.subject.der.length : 4);
  return HDR + 4 + parseIdentity(text, { strongswan: release }).encoding.length;
}

export const certPayloadBytes = (c: Certificate) => HDR + 1 + c.der.length;
export const certreqPayloadBytes = (cas: number) => HDR + 1 + 20 * cas;

/** DER AlgorithmIdentifier lengths in RFC 7427 AUTH payloads */
const ALG_ID: Record<string, number> = { RSA: 15, ECDSA: 12, ED25519: 7, ED448: 7 };

/** expected DER ECDSA-Sig-Value length: SEQUENCE { INTEGER r, INTEGER s } (a leading 0 half the time) */
function ecdsaSigLen(bits: number): number {
  const n = Math.ceil(bits / 8);
  const pad = bits % 8 === 0 ? 1 : 0;
  const body = 2 * (2 + n) + pad;
  return body + (body > 127 ? 3 : 2);
}

/** The key a side signs with, as far as the signature size depends on it. */
export type SigningKey = Pick<PublicKeyInfo, "algorithm" | "bits" | "curve">;

export function signatureLength(key: SigningKey): number {
  switch (key.algorithm) {
    case "ECDSA":
      return ecdsaSigLen(key.bits);
    case "ED25519":
      return 64;
    case "ED448":
      return 114;
    default:
      return Math.ceil(key.bits / 8);
  }
}

export function authPayloadBytes(key: SigningKey, ikev1: boolean): number {
  if (ikev1) {
    // IKEv1 SIG payload: raw PKCS#1 signature, or r||s for ECDSA (RFC 4754)
    const sig = key.algorithm === "ECDSA" ? 2 * Math.ceil(key.bits / 8) : signatureLength(key);
    return HDR + sig;
  }
  const alg = ALG_ID[key.algorithm === "RSA-PSS" ? "RSA" : key.algorithm] ?? 15;
  return HDR + 4 + 1 + alg + signatureLength(key);
}

export const notify = (name: string, data = 0): SizePayload => ({ name: `N(${name})`, bytes: NOTIFY + data });
