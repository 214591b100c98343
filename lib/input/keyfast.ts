import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { children, content, decodeOid, encodeOid, encodeTlv, readTlv, TAG, type Tlv } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { type PublicKeyInfo, parseSpki } from "../x509/spki.js";
import { makeLazyPrivateKey, type PrivateKey, sniffKeyDer } from "./keys.js";
import { parsePem } from "./pem.js";

/**
 * Reading many private keys quickly. An unencrypted RSA key (PKCS#1, or PKCS#8 around PKCS#1) holds
 * n and e; an EC key (SEC1, or PKCS#8 around SEC1) normally holds its public point in `[1] publicKey`;
 * a PKCS#8 v2 (OneAsymmetricKey, RFC 5958) Ed25519/Ed448 key may hold its public key in `[1]`. From
 * those the SubjectPublicKeyInfo and strongSwan's two key ids follow without asking OpenSSL to parse
 * the key, which is most of the cost of `createPrivateKey`. Everything else (encrypted keys, EC keys
 * without the public point, PKCS#12) takes the full path of load.ts; Ed25519/Ed448 PKCS#8 v1 keys
 * (seed only) have their public key derived by node:crypto's raw-key path (edwardsFromSeed).
 * The key material is opened by node:crypto only when privateKeyObject() is asked for it.
 */

const OID_RSA = "1.2.840.113549.1.1.1";
const OID_EC = "1.2.840.10045.2.1";
const OID_ED25519 = "1.3.101.112";
const OID_ED448 = "1.3.101.113";

const RSA_ALG = encodeTlv(TAG.SEQUENCE, concat(encodeTlv(TAG.OID, encodeOid(OID_RSA)), Uint8Array.of(5, 0)));
const EC_OID_TLV = encodeTlv(TAG.OID, encodeOid(OID_EC));

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function spkiOf(alg: Uint8Array, subjectPublicKey: Uint8Array): Uint8Array {
  const bits = new Uint8Array(subjectPublicKey.length + 1);
  bits.set(subjectPublicKey, 1);
  return encodeTlv(TAG.SEQUENCE, concat(alg, encodeTlv(TAG.BIT_STRING, bits)));
}

/** A positive INTEGER re-encoded minimally (as OpenSSL re-encodes it); null if negative or empty. */
function positiveInteger(der: Uint8Array, t: Tlv): Uint8Array | null {
  if (t.tag !== TAG.INTEGER) return null;
  let s = t.contentStart;
  if (s >= t.end || der[s]! & 0x80) return null;
  while (s < t.end - 1 && der[s] === 0 && !(der[s + 1]! & 0x80)) s++;
  return encodeTlv(TAG.INTEGER, der.subarray(s, t.end));
}

function rsaPublic(der: Uint8Array, top: Tlv): PublicKeyInfo | null {
  const k = children(der, top);
  if (k.length < 9 || k[0]!.tag !== TAG.INTEGER) return null;
  const n = positiveInteger(der, k[1]!);
  const e = positiveInteger(der, k[2]!);
  if (!n || !e) return null;
  return parseSpki(spkiOf(RSA_ALG, encodeTlv(TAG.SEQUENCE, concat(n, e))));
}

/** SEC1 ECPrivateKey; `curveOid` from a surrounding PKCS#8 when the inner structure omits [0]. */
function ecPublic(der: Uint8Array, top: Tlv, curveOid: Uint8Array | null): PublicKeyInfo | null {
  const k = children(der, top);
  if (k.length < 2 || k[0]!.tag !== TAG.INTEGER || k[1]!.tag !== TAG.OCTET_STRING) return null;
  let curve = curveOid;
  let point: Uint8Array | null = null;
  for (const f of k.slice(2)) {
    if (f.tag === 0xa0) {
      const o = readTlv(der, f.contentStart, f.end);
      if (o.tag !== TAG.OID) return null; // explicit curve parameters: let OpenSSL judge
      curve = content(der, o);
    } else if (f.tag === 0xa1) {
      const b = readTlv(der, f.contentStart, f.end);
      if (b.tag !== TAG.BIT_STRING || b.end - b.contentStart < 2 || der[b.contentStart] !== 0) return null;
      point = der.subarray(b.contentStart + 1, b.end);
    }
  }
  if (!curve || !point) return null;
  const alg = encodeTlv(TAG.SEQUENCE, concat(EC_OID_TLV, encodeTlv(TAG.OID, curve)));
  return parseSpki(spkiOf(alg, point));
}

function pkcs8Public(der: Uint8Array, top: Tlv): PublicKeyInfo | null {
  const k = children(der, top);
  if (k.length < 3 || k[0]!.tag !== TAG.INTEGER || k[1]!.tag !== TAG.SEQUENCE) return null;
  if (k[2]!.tag !== TAG.OCTET_STRING) return null;
  const [oidT, paramT] = children(der, k[1]!);
  if (!oidT || oidT.tag !== TAG.OID) return null;
  const oid = decodeOid(content(der, oidT));
  const inner = readTlv(der, k[2]!.contentStart, k[2]!.end);
  if (oid === OID_RSA) {
    if (inner.tag !== TAG.SEQUENCE || inner.end !== k[2]!.end) return null;
    return rsaPublic(der, inner);
  }
  if (oid === OID_EC) {
    if (inner.tag !== TAG.SEQUENCE || inner.end !== k[2]!.end) return null;
    const curve = paramT?.tag === TAG.OID ? content(der, paramT) : null;
    return ecPublic(der, inner, curve);
  }
  if (oid === OID_ED25519 || oid === OID_ED448) {
    // OneAsymmetricKey v2: [1] IMPLICIT BIT STRING publicKey
    const pub = k.slice(3).find((t) => t.tag === 0x81);
    if (!pub || pub.end - pub.contentStart < 2 || der[pub.contentStart] !== 0) return null;
    const alg = encodeTlv(TAG.SEQUENCE, encodeTlv(TAG.OID, encodeOid(oid)));
    return parseSpki(spkiOf(alg, der.subarray(pub.contentStart + 1, pub.end)));
  }
  return null;
}

/**
 * The public half of an unencrypted DER private key, read from the DER alone; null when the DER
 * does not carry it (or is not a key ikecert can read this way).
 */
export function publicKeyFromPrivateDer(
  der: Uint8Array,
  type: "pkcs1" | "sec1" | "pkcs8",
): PublicKeyInfo | null {
  try {
    const top = readTlv(der, 0);
    if (top.tag !== TAG.SEQUENCE || top.end !== der.length) return null;
    if (type === "pkcs1") return rsaPublic(der, top);
    if (type === "sec1") return ecPublic(der, top, null);
    return pkcs8Public(der, top);
  } catch {
    return null;
  }
}

type PlainType = "pkcs1" | "sec1" | "pkcs8";

const PEM_KEY_LABELS: Record<string, PlainType> = {
  "RSA PRIVATE KEY": "pkcs1",
  "EC PRIVATE KEY": "sec1",
  "PRIVATE KEY": "pkcs8",
};
const B64_BODY = /^[A-Za-z0-9+/=\r\n]*$/;

/**
 * The common case without the general PEM parser: one key block and nothing else (no headers, no
 * other blocks, nothing but whitespace around it). Anything else: null, and parsePem decides.
 */
function singlePemKey(bytes: Uint8Array): { der: Uint8Array; type: PlainType } | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  const m = /^\s*-----BEGIN ([A-Z ]+)-----\r?\n/.exec(text);
  if (!m) return null;
  const type = PEM_KEY_LABELS[m[1]!];
  if (!type) return null;
  const endLine = `-----END ${m[1]}-----`;
  const end = text.indexOf(endLine, m[0].length);
  if (end < 0 || text.slice(end + endLine.length).trim() !== "") return null;
  const body = text.slice(m[0].length, end);
  if (!B64_BODY.test(body)) return null;
  const der = new Uint8Array(Buffer.from(body, "base64"));
  return der.length ? { der, type } : null;
}

function plainKeyDer(bytes: Uint8Array): { der: Uint8Array; type: PlainType } | null {
  if (firstPemLabel(bytes) !== null) {
    const one = singlePemKey(bytes);
    if (one) return one;
    let blocks: ReturnType<typeof parsePem>;
    try {
      blocks = parsePem(bytes, 4).filter((b) => b.label !== "EC PARAMETERS");
    } catch {
      return null;
    }
    if (blocks.length !== 1) return null;
    const b = blocks[0]!;
    if (Object.keys(b.headers).length) return null; // Proc-Type: 4,ENCRYPTED
    if (b.label === "RSA PRIVATE KEY") return { der: b.der, type: "pkcs1" };
    if (b.label === "EC PRIVATE KEY") return { der: b.der, type: "sec1" };
    if (b.label === "PRIVATE KEY") return { der: b.der, type: "pkcs8" };
    return null;
  }
  const t = sniffKeyDer(bytes);
  return t === "pkcs1" || t === "sec1" || t === "pkcs8" ? { der: bytes, type: t } : null;
}

/**
 * A private key from file bytes by the fast path (see above), or null when this file needs the full
 * load. The key material is left to node:crypto until it is used.
 */
export function fastPrivateKey(bytes: Uint8Array): PrivateKey | null {
  const p = plainKeyDer(bytes);
  if (!p) return null;
  const pub = publicKeyFromPrivateDer(p.der, p.type);
  if (!pub) return p.type === "pkcs8" ? edwardsFromSeed(p.der) : null;
  const der = Buffer.from(p.der.buffer, p.der.byteOffset, p.der.length);
  return makeLazyPrivateKey(pub, p.type, () => {
    try {
      return createPrivateKey({ key: der, format: "der", type: p.type });
    } catch {
      throw new IkecertError("KEY_MALFORMED", "malformed private key");
    }
  });
}

/**
 * An Ed25519/Ed448 PKCS#8 v1 key holds only the seed; its public key must be computed. Importing
 * the seed as a JWK (`d`) goes straight to OpenSSL's raw-key constructor, which derives the public
 * key, and skips the DER decoder that makes createPrivateKey() slow (measured: about a fifth of the
 * cost). node ignores a private JWK's `x`, so none is needed. Null when anything is unexpected.
 */
function edwardsFromSeed(der: Uint8Array): PrivateKey | null {
  try {
    const top = readTlv(der, 0);
    const k = children(der, top);
    if (k.length < 3 || k[1]!.tag !== TAG.SEQUENCE || k[2]!.tag !== TAG.OCTET_STRING) return null;
    const [oidT] = children(der, k[1]!);
    if (!oidT || oidT.tag !== TAG.OID) return null;
    const oid = decodeOid(content(der, oidT));
    const crv = oid === OID_ED25519 ? "Ed25519" : oid === OID_ED448 ? "Ed448" : null;
    if (!crv) return null;
    const seedT = readTlv(der, k[2]!.contentStart, k[2]!.end);
    const seed = content(der, seedT);
    if (seedT.tag !== TAG.OCTET_STRING || seed.length !== (crv === "Ed25519" ? 32 : 57)) return null;
    const obj: KeyObject = createPrivateKey({
      key: { kty: "OKP", crv, d: Buffer.from(seed).toString("base64url"), x: "" },
      format: "jwk",
    });
    const x = createPublicKey(obj).export({ format: "jwk" }).x;
    if (typeof x !== "string") return null;
    const alg = encodeTlv(TAG.SEQUENCE, encodeTlv(TAG.OID, encodeOid(oid)));
    const pub = parseSpki(spkiOf(alg, new Uint8Array(Buffer.from(x, "base64url"))));
    return makeLazyPrivateKey(pub, "pkcs8", () => obj);
  } catch {
    return null;
  }
}

/** Label of the first PEM block (strongSwan's pem plugin decodes only that one); null if not PEM. */
export function firstPemLabel(bytes: Uint8Array): string | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64 * 1024));
  const at = b.indexOf("-----BEGIN ");
  if (at < 0) return null;
  const end = b.indexOf("-----", at + 11);
  if (end < 0 || end - at > 80) return null;
  return b.toString("latin1", at + 11, end);
}
