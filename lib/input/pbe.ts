import { decodeOid } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { createHash, nodeCrypto } from "../hash.js"; // node:crypto on first use
import { type BerNode, berChildren, berContent, berSmallInt, expectBer, octetString } from "./ber.js";
import { rc2CbcDecrypt } from "./rc2.js";

/**
 * Password-based decryption for PKCS#12 and encrypted PKCS#8: PBES2 (PBKDF2 + AES-CBC or
 * DES-EDE3-CBC, RFC 8018) and the PKCS#12 PBE schemes with their own key derivation (RFC 7292
 * appendix B, C). Synchronous on purpose: node:crypto's sync primitives are fast enough for the
 * iteration counts found in real files, and keys.ts must stay synchronous.
 */

/** Iteration counts above this are refused: a hostile file must not make us spin for minutes. */
export const MAX_ITERATIONS = 1_000_000;

export class PbeUnsupported extends Error {}

const OID = {
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  pkcs12Pbe: "1.2.840.113549.1.12.1.",
} as const;

/** PKCS#12 PBE schemes (RFC 7292 appendix C): cipher, key bytes, RC2 effective bits. */
const PKCS12_PBE: Record<string, { name: string; cipher: "3des" | "rc2" | "rc4"; keyLen: number }> = {
  "1.2.840.113549.1.12.1.1": { name: "pbeWithSHAAnd128BitRC4", cipher: "rc4", keyLen: 16 },
  "1.2.840.113549.1.12.1.2": { name: "pbeWithSHAAnd40BitRC4", cipher: "rc4", keyLen: 5 },
  "1.2.840.113549.1.12.1.3": { name: "pbeWithSHAAnd3-KeyTripleDES-CBC", cipher: "3des", keyLen: 24 },
  "1.2.840.113549.1.12.1.4": { name: "pbeWithSHAAnd2-KeyTripleDES-CBC", cipher: "3des", keyLen: 16 },
  "1.2.840.113549.1.12.1.5": { name: "pbeWithSHAAnd128BitRC2-CBC", cipher: "rc2", keyLen: 16 },
  "1.2.840.113549.1.12.1.6": { name: "pbeWithSHAAnd40BitRC2-CBC", cipher: "rc2", keyLen: 5 },
};

/** PKCS#5 v1.5 schemes (RFC 8018 A.3): single DES / 64-bit RC2, not supported. */
const PBES1: Record<string, string> = {
  "1.2.840.113549.1.5.1": "pbeWithMD2AndDES-CBC",
  "1.2.840.113549.1.5.3": "pbeWithMD5AndDES-CBC",
  "1.2.840.113549.1.5.4": "pbeWithMD2AndRC2-CBC",
  "1.2.840.113549.1.5.6": "pbeWithMD5AndRC2-CBC",
  "1.2.840.113549.1.5.10": "pbeWithSHA1AndDES-CBC",
  "1.2.840.113549.1.5.11": "pbeWithSHA1AndRC2-CBC",
};

/** Digest OIDs (MAC of PKCS#12) and HMAC PRF OIDs (PBKDF2) with node names and block sizes. */
export const DIGESTS: Record<string, { hash: string; v: number }> = {
  "1.2.840.113549.2.5": { hash: "md5", v: 64 },
  "1.3.14.3.2.26": { hash: "sha1", v: 64 },
  "2.16.840.1.101.3.4.2.4": { hash: "sha224", v: 64 },
  "2.16.840.1.101.3.4.2.1": { hash: "sha256", v: 64 },
  "2.16.840.1.101.3.4.2.2": { hash: "sha384", v: 128 },
  "2.16.840.1.101.3.4.2.3": { hash: "sha512", v: 128 },
};

const PRFS: Record<string, string> = {
  "1.2.840.113549.2.7": "sha1",
  "1.2.840.113549.2.8": "sha224",
  "1.2.840.113549.2.9": "sha256",
  "1.2.840.113549.2.10": "sha384",
  "1.2.840.113549.2.11": "sha512",
};

const PBES2_CIPHERS: Record<string, { name: string; node: string; keyLen: number; ivLen: number }> = {
  "2.16.840.1.101.3.4.1.2": { name: "aes-128-cbc", node: "aes-128-cbc", keyLen: 16, ivLen: 16 },
  "2.16.840.1.101.3.4.1.22": { name: "aes-192-cbc", node: "aes-192-cbc", keyLen: 24, ivLen: 16 },
  "2.16.840.1.101.3.4.1.42": { name: "aes-256-cbc", node: "aes-256-cbc", keyLen: 32, ivLen: 16 },
  "1.2.840.113549.3.7": { name: "des-ede3-cbc", node: "des-ede3-cbc", keyLen: 24, ivLen: 8 },
};

/**
 * The password in the encodings the schemes use: raw UTF-8 for PBES2, a NUL-terminated BMPString
 * for the PKCS#12 KDF. `bmp` lists candidates in order: an empty password is written both as
 * "00 00" and as no bytes at all by different tools, and old OpenSSL versions widened each byte of a
 * non-ASCII password rather than each character.
 */
export interface Password {
  utf8: Uint8Array;
  bmp: Uint8Array[];
  /** key-derivation iterations this file may still spend (shared by everything opened with it) */
  budget: { left: number };
}

/** All key derivations of one file together: a hostile file of many bags must not run for minutes. */
export const MAX_TOTAL_ITERATIONS = 10_000_000;

function toBmp(codeUnits: number[]): Uint8Array {
  const out = new Uint8Array(codeUnits.length * 2 + 2);
  codeUnits.forEach((u, i) => {
    out[2 * i] = u >> 8;
    out[2 * i + 1] = u & 0xff;
  });
  return out;
}

export function password(text: string): Password {
  const utf8 = new Uint8Array(Buffer.from(text, "utf8"));
  const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  const bmp = [toBmp(units)];
  if (text === "") bmp.push(new Uint8Array(0));
  else if (utf8.length !== text.length) bmp.push(toBmp(Array.from(utf8)));
  return { utf8, bmp, budget: { left: MAX_TOTAL_ITERATIONS } };
}

/** Spend `n` iterations of the file's budget. */
export function spend(pass: Password, n: number): void {
  pass.budget.left -= n;
  if (pass.budget.left < 0)
    throw new PbeUnsupported(`more than ${MAX_TOTAL_ITERATIONS} key-derivation iterations in one file`);
}

function checkIterations(n: number): number {
  if (n < 1) throw new IkecertError("ASN1_MALFORMED", "iteration count of 0");
  if (n > MAX_ITERATIONS)
    throw new PbeUnsupported(`an iteration count of ${n} (over the limit of ${MAX_ITERATIONS})`);
  return n;
}

/** The PKCS#12 key derivation function (RFC 7292 appendix B.2); id 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(
  hash: string,
  v: number,
  pass: Uint8Array,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  n: number,
): Uint8Array {
  checkIterations(iterations);
  const fill = (src: Uint8Array) => {
    const len = v * Math.ceil(src.length / v);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const D = new Uint8Array(v).fill(id);
  const I = new Uint8Array([...fill(salt), ...fill(pass)]);
  const out = new Uint8Array(n);
  let filled = 0;
  while (filled < n) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(hash).update(A).digest();
    out.set(A.subarray(0, Math.min(A.length, n - filled)), filled);
    filled += A.length;
    if (filled >= n) break;
    const B = fill(A).subarray(0, v);
    for (let j = 0; j < I.length; j += v) {
      // I_j = (I_j + B + 1) mod 2^(8v), big-endian
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const s = I[j + k]! + B[k]! + carry;
        I[j + k] = s & 0xff;
        carry = s >> 8;
      }
    }
  }
  return out;
}

/** Strip PKCS#7 padding; null when it is not valid (the usual sign of a wrong password). */
function unpad(b: Uint8Array, block: number): Uint8Array | null {
  if (b.length === 0 || b.length % block !== 0) return null;
  const p = b[b.length - 1]!;
  if (p < 1 || p > block) return null;
  for (let i = b.length - p; i < b.length; i++) if (b[i] !== p) return null;
  return b.subarray(0, b.length - p);
}

function nodeCbc(
  cipher: string,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  block: number,
): Uint8Array | null {
  if (data.length === 0 || data.length % block !== 0) return null;
  const d = nodeCrypto().createDecipheriv(cipher, key, iv);
  d.setAutoPadding(false);
  return unpad(new Uint8Array(Buffer.concat([d.update(data), d.final()])), block);
}

/** The OID of an AlgorithmIdentifier and its parameters node. */
export function algorithm(buf: Uint8Array, alg: BerNode): { oid: string; params: BerNode | undefined } {
  const [o, params] = berChildren(buf, expectBer(alg, 0x30, "AlgorithmIdentifier"));
  return { oid: decodeOid(berContent(buf, expectBer(o, 0x06, "algorithm OID"))), params };
}

/**
 * Decrypt `data` encrypted under the AlgorithmIdentifier `alg`. Returns null when the padding does
 * not check out (a wrong password, or damaged data); throws PbeUnsupported for schemes we lack.
 */
export function pbeDecrypt(
  buf: Uint8Array,
  alg: BerNode,
  data: Uint8Array,
  pass: Password,
): Uint8Array | null {
  const { oid, params } = algorithm(buf, alg);
  const legacy = PKCS12_PBE[oid];
  if (legacy) {
    if (legacy.cipher === "rc4") throw new PbeUnsupported(legacy.name);
    const [s, it] = berChildren(buf, expectBer(params, 0x30, "PBE parameters"));
    const salt = octetString(buf, s, "PBE salt");
    const iterations = checkIterations(berSmallInt(buf, expectBer(it, 0x02, "iterations"), "iterations"));
    for (const bmp of pass.bmp) {
      spend(pass, 2 * iterations);
      const key = pkcs12Kdf("sha1", 64, bmp, salt, 1, iterations, legacy.keyLen);
      const iv = pkcs12Kdf("sha1", 64, bmp, salt, 2, iterations, 8);
      let out: Uint8Array | null;
      if (legacy.cipher === "rc2") {
        if (data.length === 0 || data.length % 8 !== 0) return null;
        out = unpad(rc2CbcDecrypt(key, legacy.keyLen * 8, iv, data), 8);
      } else {
        // two-key triple DES is three-key with K3 = K1
        const k = legacy.keyLen === 16 ? new Uint8Array([...key, ...key.subarray(0, 8)]) : key;
        out = nodeCbc("des-ede3-cbc", k, iv, data, 8);
      }
      if (out) return out;
    }
    return null;
  }
  if (oid === OID.pbes2) {
    const [kdf, enc] = berChildren(buf, expectBer(params, 0x30, "PBES2 parameters"));
    const k = algorithm(buf, expectBer(kdf, 0x30, "PBES2 key derivation"));
    if (k.oid !== OID.pbkdf2) throw new PbeUnsupported(`PBES2 with the key derivation ${k.oid}`);
    const e = algorithm(buf, expectBer(enc, 0x30, "PBES2 encryption scheme"));
    const cipher = PBES2_CIPHERS[e.oid];
    if (!cipher) throw new PbeUnsupported(`PBES2 with the cipher ${e.oid}`);
    const iv = octetString(buf, e.params, "IV");
    if (iv.length !== cipher.ivLen)
      throw new IkecertError("ASN1_MALFORMED", `IV of ${iv.length} bytes for ${cipher.name}`);
    const kp = berChildren(buf, expectBer(k.params, 0x30, "PBKDF2 parameters"));
    const salt = octetString(buf, kp[0], "PBKDF2 salt");
    const iterations = checkIterations(berSmallInt(buf, expectBer(kp[1], 0x02, "iterations"), "iterations"));
    let prf = "sha1";
    for (const extra of kp.slice(2)) {
      if (extra.tag === 0x02) {
        if (berSmallInt(buf, extra, "key length") !== cipher.keyLen)
          throw new IkecertError("ASN1_MALFORMED", `PBKDF2 key length does not fit ${cipher.name}`);
      } else {
        const p = algorithm(buf, extra).oid;
        const h = PRFS[p];
        if (!h) throw new PbeUnsupported(`PBKDF2 with the PRF ${p}`);
        prf = h;
      }
    }
    spend(pass, iterations);
    const key = nodeCrypto().pbkdf2Sync(pass.utf8, salt, iterations, cipher.keyLen, prf);
    return nodeCbc(cipher.node, key, iv, data, cipher.ivLen);
  }
  throw new PbeUnsupported(
    PBES1[oid] ? `${PBES1[oid]} (PKCS#5 v1.5, single DES or RC2)` : `the encryption scheme ${oid}`,
  );
}
