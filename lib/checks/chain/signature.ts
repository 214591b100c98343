/**
 * Certificate signature verification with node:crypto, as the x509 plugin's issued_by() does it:
 * the issuer's public key over the child's DER tbsCertificate with the child's outer algorithm.
 */
import { constants, createPublicKey, type JsonWebKey, type KeyObject, verify } from "node:crypto";
import { children, content, decodeOid, expectTlv, TAG } from "../../asn1/der.js";
import type { Certificate } from "../../x509/certificate.js";

const HASH_OIDS: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

const keyCache = new WeakMap<Certificate, KeyObject | null>();

/** The issuer's public key as a node KeyObject (null when node cannot use it); cached per certificate. */
export function publicKeyObject(c: Certificate): KeyObject | null {
  let k = keyCache.get(c);
  if (k !== undefined) return k;
  try {
    const jwk = toJwk(c);
    k = jwk
      ? createPublicKey({ key: jwk, format: "jwk" })
      : createPublicKey({ key: Buffer.from(c.publicKey.spki), format: "der", type: "spki" });
  } catch {
    k = null;
  }
  keyCache.set(c, k);
  return k;
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const JWK_CURVES: Record<string, string> = {
  "P-256": "P-256",
  "P-384": "P-384",
  "P-521": "P-521",
  secp256k1: "secp256k1",
};

/**
 * The key as a JWK: OpenSSL 3 decodes a DER SubjectPublicKeyInfo through its generic decoder
 * chain, which costs several times more than importing the same numbers as a JWK (measured in
 * bench/chain.ts). Null when the key has no plain JWK form (RSA-PSS SPKI, brainpool, ...).
 */
function toJwk(c: Certificate): JsonWebKey | null {
  const pk = c.publicKey;
  const raw = pk.subjectPublicKey;
  if (pk.algorithm === "RSA") {
    const seq = expectTlv(raw, 0, TAG.SEQUENCE, raw.length, "RSAPublicKey");
    const [nT, eT] = children(raw, seq);
    if (!nT || !eT) return null;
    let n = content(raw, nT);
    while (n.length > 1 && n[0] === 0) n = n.subarray(1);
    return { kty: "RSA", n: b64u(n), e: b64u(content(raw, eT)) };
  }
  if (pk.algorithm === "ECDSA") {
    const crv = pk.curve ? JWK_CURVES[pk.curve] : undefined;
    if (!crv || raw[0] !== 0x04 || raw.length % 2 !== 1) return null;
    const half = (raw.length - 1) / 2;
    return { kty: "EC", crv, x: b64u(raw.subarray(1, 1 + half)), y: b64u(raw.subarray(1 + half)) };
  }
  if (pk.algorithm === "ED25519") return { kty: "OKP", crv: "Ed25519", x: b64u(raw) };
  if (pk.algorithm === "ED448") return { kty: "OKP", crv: "Ed448", x: b64u(raw) };
  return null;
}

interface PssParams {
  hash: string;
  mgfHash: string;
  saltLength: number;
}

/** RSASSA-PSS-params of the certificate's outer signatureAlgorithm (RFC 4055 defaults). */
export function pssParams(c: Signed): PssParams | null {
  try {
    const der = c.der;
    const top = expectTlv(der, 0, TAG.SEQUENCE, der.length, "Certificate");
    const alg = children(der, top)[1]!;
    const params = children(der, alg)[1];
    const out: PssParams = { hash: "sha1", mgfHash: "sha1", saltLength: 20 };
    if (!params || params.tag !== TAG.SEQUENCE) return out;
    for (const f of children(der, params)) {
      const inner = children(der, f)[0];
      if (!inner) continue;
      if (f.tag === 0xa0) {
        const oid = decodeOid(content(der, children(der, inner)[0]!));
        out.hash = HASH_OIDS[oid] ?? oid;
      } else if (f.tag === 0xa1) {
        const hashAlg = children(der, inner)[1];
        if (hashAlg) out.mgfHash = HASH_OIDS[decodeOid(content(der, children(der, hashAlg)[0]!))] ?? "?";
      } else if (f.tag === 0xa2) {
        const b = content(der, inner);
        out.saltLength = b.reduce((n, x) => n * 256 + x, 0);
      }
    }
    return out;
  } catch {
    return null;
  }
}

/** What a signature check needs of a signed object (a certificate or a CRL: both are SEQUENCE { tbs, alg, sig }). */
export type Signed = Pick<Certificate, "der" | "tbs" | "signature"> & {
  signatureAlgorithm: { oid: string; hash: string | null };
};

const ALGORITHM_KEY: Record<string, string> = {
  "1.2.840.113549.1.1": "RSA",
  "1.2.840.10045.4": "ECDSA",
};

/** RSA with SHA-3 (RFC 8702 OIDs): verified by strongSwan (public_key.c signature_scheme_from_oid). */
const RSA_SHA3 = new Set([
  "2.16.840.1.101.3.4.3.13",
  "2.16.840.1.101.3.4.3.14",
  "2.16.840.1.101.3.4.3.15",
  "2.16.840.1.101.3.4.3.16",
]);

/**
 * Signature algorithms strongSwan has no scheme for (signature_scheme_from_oid returns
 * SIGN_UNKNOWN): ECDSA with SHA-224 or SHA-3. Such a signature never verifies for charon or pki,
 * so the issuer is not found, whatever the key could do.
 */
export const UNVERIFIABLE_SIGNATURES = new Set([
  "1.2.840.10045.4.3.1",
  "2.16.840.1.101.3.4.3.9",
  "2.16.840.1.101.3.4.3.10",
  "2.16.840.1.101.3.4.3.11",
  "2.16.840.1.101.3.4.3.12",
]);

// verdicts kept with the child certificate: a CA pool's own links are verified once per batch
const verdicts = new WeakMap<Signed, Map<Certificate, boolean>>();

/** Whether `issuer`'s key verifies `child`'s signature. Unsupported combinations verify as false. */
export function signatureVerifies(child: Signed, issuer: Certificate): boolean {
  let seen = verdicts.get(child);
  const known = seen?.get(issuer);
  if (known !== undefined) return known;
  const v = verifyNow(child, issuer);
  if (!seen) {
    seen = new Map();
    verdicts.set(child, seen);
  }
  seen.set(issuer, v);
  return v;
}

type VerifyKey = Parameters<typeof verify>[2];
/** The arguments of node:crypto verify() for this pair, or the verdict when no call is needed. */
type VerifyCall =
  | { algorithm: string | null; data: Uint8Array; key: VerifyKey; signature: Uint8Array }
  | false;

function verifyCall(child: Signed, issuer: Certificate): VerifyCall {
  const key = publicKeyObject(issuer);
  if (!key) return false;
  const sa = child.signatureAlgorithm;
  const keyAlg = issuer.publicKey.algorithm;
  const data = child.tbs;
  const signature = child.signature;
  if (sa.oid === "1.3.101.112") return keyAlg === "ED25519" && { algorithm: null, data, key, signature };
  if (sa.oid === "1.3.101.113") return keyAlg === "ED448" && { algorithm: null, data, key, signature };
  if (sa.oid === "1.2.840.113549.1.1.10") {
    if (keyAlg !== "RSA" && keyAlg !== "RSA-PSS") return false;
    const p = pssParams(child);
    if (!p || p.mgfHash !== p.hash || !Object.values(HASH_OIDS).includes(p.hash)) return false;
    return {
      algorithm: p.hash,
      data,
      key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength },
      signature,
    };
  }
  if (!sa.hash || UNVERIFIABLE_SIGNATURES.has(sa.oid)) return false;
  const family = RSA_SHA3.has(sa.oid)
    ? "RSA"
    : (ALGORITHM_KEY[sa.oid.slice(0, sa.oid.lastIndexOf("."))] ??
      (sa.oid.startsWith("1.2.840.10045.4.") ? "ECDSA" : null));
  if (!family) return false;
  if (family === "RSA" && keyAlg !== "RSA") return false;
  if (family === "ECDSA" && keyAlg !== "ECDSA") return false;
  if (family === "RSA")
    return { algorithm: sa.hash, data, key: { key, padding: constants.RSA_PKCS1_PADDING }, signature };
  return { algorithm: sa.hash, data, key: { key, dsaEncoding: "der" }, signature };
}

function verifyNow(child: Signed, issuer: Certificate): boolean {
  try {
    const c = verifyCall(child, issuer);
    return c !== false && verify(c.algorithm, c.data, c.key, c.signature);
  } catch {
    return false;
  }
}

/**
 * signatureVerifies on libuv's thread pool: the verdict is kept where signatureVerifies finds it,
 * so a batch verifies the next certificates' signatures while it parses and checks others.
 */
export function verifySignatureAhead(child: Certificate, issuer: Certificate): Promise<void> {
  if (verdicts.get(child)?.has(issuer)) return Promise.resolve();
  let c: VerifyCall;
  try {
    c = verifyCall(child, issuer);
  } catch {
    c = false;
  }
  const remember = (v: boolean) => {
    let seen = verdicts.get(child);
    if (!seen) {
      seen = new Map();
      verdicts.set(child, seen);
    }
    seen.set(issuer, v);
  };
  if (c === false) {
    remember(false);
    return Promise.resolve();
  }
  const call = c;
  return new Promise((resolve) => {
    try {
      verify(call.algorithm, call.data, call.key, call.signature, (err, ok) => {
        remember(!err && ok);
        resolve();
      });
    } catch {
      remember(false);
      resolve();
    }
  });
}
