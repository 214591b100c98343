import { children, content, decodeOid, expectTlv, readTlv, TAG } from "../asn1/der.js";
import { CURVES, KEY_ALGORITHMS } from "../asn1/oids.js";
import { bytesText } from "../bytes.js";
import { IkecertError } from "../errors.js";
import { createHash } from "../hash.js";
import { cachedAccessor } from "./lazy.js";

/** A public-key algorithm. */
export type KeyAlgorithm =
  | "RSA"
  | "ECDSA"
  | "ED25519"
  | "ED448"
  | "RSA-PSS"
  | "DSA"
  | "X25519"
  | "X448"
  | "UNKNOWN";

/** strongSwan's two key identifiers (semantics §6), as raw bytes. */
export interface KeyIds {
  /** KEYID_PUBKEY_SHA1: SHA-1 of the subjectPublicKey BIT STRING contents */
  subjkey: Uint8Array;
  /** KEYID_PUBKEY_INFO_SHA1: SHA-1 of the DER SubjectPublicKeyInfo */
  keyid: Uint8Array;
}

/** A public key with strongSwan's key ids. */
export interface PublicKeyInfo {
  algorithm: KeyAlgorithm;
  algorithmOid: string;
  /** modulus bits for RSA, curve bits for EC, 256/456 for Ed25519/Ed448 */
  bits: number;
  curve: string | null;
  /** DER SubjectPublicKeyInfo */
  spki: Uint8Array;
  /** subjectPublicKey BIT STRING contents without the unused-bits octet */
  subjectPublicKey: Uint8Array;
  keyIds: KeyIds;
}

function sha1(b: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha1").update(b).digest());
}

function rsaModulusBits(pub: Uint8Array): number {
  const seq = expectTlv(pub, 0, TAG.SEQUENCE, pub.length, "RSAPublicKey");
  const n = readTlv(pub, seq.contentStart, seq.end);
  const bytes = content(pub, n);
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** strongSwan's name for the key type in log lines (`no trusted %N public key found`). */
export function keyTypeLogName(alg: KeyAlgorithm): string {
  switch (alg) {
    case "RSA":
    case "RSA-PSS":
      return "RSA";
    case "ECDSA":
      return "ECDSA";
    case "ED25519":
      return "ED25519";
    case "ED448":
      return "ED448";
    case "DSA":
      return "DSA";
    default:
      return "ANY";
  }
}

/** Parse a DER SubjectPublicKeyInfo. */
export function parseSpki(spki: Uint8Array): PublicKeyInfo {
  const seq = expectTlv(spki, 0, TAG.SEQUENCE, spki.length, "SubjectPublicKeyInfo");
  const [algT, bitsT] = children(spki, seq);
  if (!algT || !bitsT || algT.tag !== TAG.SEQUENCE || bitsT.tag !== TAG.BIT_STRING)
    throw new IkecertError("ASN1_MALFORMED", "malformed SubjectPublicKeyInfo");
  const [oidT, paramT] = children(spki, algT);
  if (!oidT || oidT.tag !== TAG.OID) throw new IkecertError("ASN1_MALFORMED", "malformed key algorithm");
  const algorithmOid = decodeOid(content(spki, oidT));
  const algorithm = KEY_ALGORITHMS[algorithmOid] ?? "UNKNOWN";
  const subjectPublicKey = content(spki, bitsT).subarray(1);
  let bits = 0;
  let curve: string | null = null;
  try {
    if (algorithm === "RSA" || algorithm === "RSA-PSS") bits = rsaModulusBits(subjectPublicKey);
    else if (algorithm === "ECDSA" && paramT?.tag === TAG.OID) {
      const coid = decodeOid(content(spki, paramT));
      const c = CURVES[coid];
      curve = c?.name ?? coid;
      bits = c?.bits ?? 0;
    } else if (algorithm === "ED25519") bits = 256;
    else if (algorithm === "ED448") bits = 456;
  } catch {
    bits = 0;
  }
  // two SHA-1s per key: computed when a key id is first asked for, not on every parse
  const info = { algorithm, algorithmOid, bits, curve, spki, subjectPublicKey } as PublicKeyInfo;
  Object.defineProperty(info, "keyIds", KEY_IDS);
  return info;
}

/** `keyIds`, two SHA-1s made on first read, kept by the SPKI bytes (lazy.ts). */
const KEY_IDS = cachedAccessor(
  (k: PublicKeyInfo) => k.spki,
  (k): KeyIds => ({ subjkey: sha1(k.subjectPublicKey), keyid: sha1(k.spki) }),
);

export function describeKey(k: Pick<PublicKeyInfo, "algorithm" | "bits" | "curve">): string {
  if (k.algorithm === "ECDSA") return `ECDSA ${k.curve ?? "?"}`;
  if (k.algorithm === "RSA" || k.algorithm === "RSA-PSS") return `${k.algorithm} ${k.bits}`;
  return k.algorithm;
}

/** Colon hex as `pki --keyid` prints it. */
export function colonHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");
}

export function plainHex(b: Uint8Array): string {
  return bytesText(b, "hex");
}
