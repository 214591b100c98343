import { createHmac, createPrivateKey, timingSafeEqual } from "node:crypto";
import { decodeOid } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import {
  type BerNode,
  berChildren,
  berContent,
  berOctets,
  berSmallInt,
  expectBer,
  octetString,
  readBer,
} from "./ber.js";
import { makePrivateKey, type PrivateKey } from "./keys.js";
import {
  algorithm,
  DIGESTS,
  type Password,
  PbeUnsupported,
  password,
  pbeDecrypt,
  pkcs12Kdf,
  spend,
} from "./pbe.js";

/**
 * PKCS#12 (RFC 7292) reading: the PFX in BER, the MAC (password integrity mode), SafeContents in
 * plain and encrypted ContentInfos, keyBags, pkcs8ShroudedKeyBags and certBags. Public-key
 * integrity and privacy modes (signed or enveloped authSafes) are not found in files that hold
 * a VPN certificate and its key, and are refused clearly.
 *
 * Why not pkijs' PFX class: it decrypts through WebCrypto, which has none of the legacy schemes
 * (RC2-40, 3DES with the PKCS#12 KDF) that Windows and older OpenSSL write, and its CertBag model
 * re-encodes certificates; we need the certificate bytes exactly as stored.
 */

export interface Pkcs12Contents {
  certificates: Uint8Array[];
  keys: PrivateKey[];
}

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  envelopedData: "1.2.840.113549.1.7.3",
  encryptedData: "1.2.840.113549.1.7.6",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  safeContentsBag: "1.2.840.113549.1.12.10.1.6",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  pbmac1: "1.2.840.113549.1.5.14",
} as const;

const REQUIRED =
  "the PKCS#12 file is protected by a password: give it with --passphrase-file FILE or IKECERT_PASSPHRASE";
const WRONG = "wrong password for the PKCS#12 file";

const oidOf = (buf: Uint8Array, n: BerNode | undefined, what: string) =>
  decodeOid(berContent(buf, expectBer(n, 0x06, what)));

/** The [0] EXPLICIT wrapper's single child. */
function explicit0(buf: Uint8Array, n: BerNode | undefined, what: string): BerNode {
  const [inner] = berChildren(buf, expectBer(n, 0xa0, what));
  if (!inner) throw new IkecertError("PKCS12_MALFORMED", `empty ${what}`);
  return inner;
}

interface MacData {
  hash: string;
  v: number;
  digest: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

function parseMacData(buf: Uint8Array, n: BerNode): MacData {
  const [mac, salt, it] = berChildren(buf, expectBer(n, 0x30, "MacData"));
  const [alg, digest] = berChildren(buf, expectBer(mac, 0x30, "MAC DigestInfo"));
  const { oid } = algorithm(buf, alg!);
  if (oid === OID.pbmac1)
    throw new IkecertError(
      "PKCS12_UNSUPPORTED",
      "the PKCS#12 file's MAC uses PBMAC1, which ikecert cannot check yet",
    );
  const d = DIGESTS[oid];
  if (!d)
    throw new IkecertError("PKCS12_UNSUPPORTED", `the PKCS#12 file's MAC uses the unknown digest ${oid}`);
  return {
    hash: d.hash,
    v: d.v,
    digest: octetString(buf, digest, "MAC digest"),
    salt: octetString(buf, salt, "MAC salt"),
    iterations: it ? berSmallInt(buf, it, "MAC iterations") : 1,
  };
}

/** The BMPString encoding of `pass` whose MAC matches, or null. */
function macMatches(m: MacData, authSafe: Uint8Array, pass: Password): Uint8Array | null {
  const outLen = m.digest.length;
  for (const bmp of pass.bmp) {
    spend(pass, m.iterations);
    const key = pkcs12Kdf(m.hash, m.v, bmp, m.salt, 3, m.iterations, outLenOf(m.hash));
    const h = createHmac(m.hash, key).update(authSafe).digest();
    if (h.length === outLen && timingSafeEqual(h, m.digest)) return bmp;
  }
  return null;
}

function outLenOf(hash: string): number {
  return { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 }[hash] ?? 20;
}

/** A SEQUENCE that fills `buf` exactly (SafeContents, AuthenticatedSafe). */
function wholeSequence(buf: Uint8Array, what: string) {
  const t = readBer(buf, 0);
  if (t.end !== buf.length) throw new IkecertError("PKCS12_MALFORMED", `trailing bytes after ${what}`);
  return expectBer(t, 0x30, what);
}

/** Open a PKCS#12 (.p12/.pfx) file. */
export async function openPkcs12(
  der: Uint8Array,
  getPassphrase: () => Promise<string | null>,
): Promise<Pkcs12Contents> {
  try {
    return await open(der, getPassphrase);
  } catch (e) {
    if (e instanceof PbeUnsupported)
      throw new IkecertError(
        "PKCS12_UNSUPPORTED",
        `the PKCS#12 file uses ${e.message}, which ikecert cannot decrypt`,
      );
    if (e instanceof IkecertError) {
      if (/^(ASN1_|PKCS12_MALFORMED)/.test(e.code) && !e.message.startsWith("malformed PKCS#12"))
        throw new IkecertError("PKCS12_MALFORMED", `malformed PKCS#12 file (${e.message})`);
      throw e;
    }
    throw new IkecertError("PKCS12_MALFORMED", "malformed PKCS#12 file");
  }
}

async function open(der: Uint8Array, getPassphrase: () => Promise<string | null>): Promise<Pkcs12Contents> {
  const top = readBer(der, 0);
  const [version, authSafe, macData] = berChildren(der, expectBer(top, 0x30, "PFX"));
  if (berSmallInt(der, expectBer(version, 0x02, "PFX version"), "PFX version") !== 3)
    throw new IkecertError("PKCS12_UNSUPPORTED", "PKCS#12 version other than 3");
  const ai = berChildren(der, expectBer(authSafe, 0x30, "authSafe"));
  const authType = oidOf(der, ai[0], "authSafe content type");
  if (authType === OID.signedData)
    throw new IkecertError(
      "PKCS12_UNSUPPORTED",
      "the PKCS#12 file uses public-key integrity (a signed authSafe), which ikecert cannot open",
    );
  if (authType !== OID.data) throw new IkecertError("PKCS12_MALFORMED", "authSafe is not of type data");
  const authBytes = octetString(der, explicit0(der, ai[1], "authSafe content"), "authSafe");

  // The password: checked against the MAC when there is one; an empty password is tried first so
  // that unprotected files open without a prompt.
  let pass: Password | null = null;
  const ask = async (): Promise<Password> => {
    if (pass) return pass;
    const p = await getPassphrase();
    if (p === null) throw new IkecertError("PASSPHRASE_REQUIRED", REQUIRED);
    pass = password(p);
    return pass;
  };
  // verified: the MAC matched, so decrypted data that does not parse means a damaged file;
  // macFailed: it did not, and the contents decide between a wrong password and a damaged file
  let verified = false;
  let macFailed = false;
  let decryptedWithPassword = false;
  if (macData) {
    const m = parseMacData(der, macData);
    const empty = password("");
    const e = macMatches(m, authBytes, empty);
    if (e) pass = { ...empty, bmp: [e] };
    else {
      const p = await ask();
      const ok = macMatches(m, authBytes, p);
      if (ok) pass = { ...p, bmp: [ok] };
      else macFailed = true;
    }
    verified = !macFailed;
  }

  // Without a MAC a wrong password only shows as bad padding or garbage after decryption.
  const decrypt = async (alg: BerNode, data: Uint8Array, buf: Uint8Array): Promise<Uint8Array> => {
    let p: Password;
    if (pass || macData) p = await ask();
    else {
      const given = await getPassphrase();
      p = password(given ?? "");
      if (given !== null) pass = p;
      const out = pbeDecrypt(buf, alg, data, p);
      if (out) {
        pass = p;
        decryptedWithPassword = given !== null;
        return out;
      }
      if (given === null) throw new IkecertError("PASSPHRASE_REQUIRED", REQUIRED);
      throw new IkecertError("PASSPHRASE_WRONG", WRONG);
    }
    const out = pbeDecrypt(buf, alg, data, p);
    if (!out) throw new IkecertError("PASSPHRASE_WRONG", WRONG);
    decryptedWithPassword = true;
    return out;
  };
  const out: Pkcs12Contents = { certificates: [], keys: [] };
  const walkSafeContents = async (buf: Uint8Array, depth: number): Promise<void> => {
    if (depth > 8) throw new IkecertError("PKCS12_MALFORMED", "SafeContents nested too deeply");
    for (const bag of berChildren(buf, wholeSequence(buf, "SafeContents"))) {
      const [id, value] = berChildren(buf, expectBer(bag, 0x30, "SafeBag"));
      const bagId = oidOf(buf, id, "bag type");
      const v = explicit0(buf, value, "bag value");
      if (bagId === OID.certBag) {
        const [certId, certValue] = berChildren(buf, expectBer(v, 0x30, "CertBag"));
        if (oidOf(buf, certId, "certificate type") !== OID.x509Certificate) continue;
        const cert = octetString(buf, explicit0(buf, certValue, "certificate"), "certificate");
        out.certificates.push(new Uint8Array(cert));
      } else if (bagId === OID.keyBag) {
        out.keys.push(keyFromPkcs8(buf.subarray(v.start, v.end), false));
      } else if (bagId === OID.shroudedKeyBag) {
        const [alg, enc] = berChildren(buf, expectBer(v, 0x30, "EncryptedPrivateKeyInfo"));
        const plain = await decrypt(alg!, octetString(buf, enc, "encrypted key"), buf);
        out.keys.push(keyFromPkcs8(plain, !verified));
      } else if (bagId === OID.safeContentsBag) {
        await walkSafeContents(buf.subarray(v.start, v.end), depth + 1);
      }
      // crlBag, secretBag: nothing strongSwan would load from here
    }
  };

  try {
    for (const ci of berChildren(authBytes, wholeSequence(authBytes, "AuthenticatedSafe"))) {
      const [t, c] = berChildren(authBytes, expectBer(ci, 0x30, "ContentInfo"));
      const type = oidOf(authBytes, t, "content type");
      if (type === OID.data) {
        const body = octetString(authBytes, explicit0(authBytes, c, "data"), "data");
        await walkSafeContents(body, 0);
      } else if (type === OID.encryptedData) {
        const [ver, eci] = berChildren(
          authBytes,
          expectBer(explicit0(authBytes, c, "encryptedData"), 0x30, "EncryptedData"),
        );
        expectBer(ver, 0x02, "EncryptedData version");
        const [, alg, enc] = berChildren(authBytes, expectBer(eci, 0x30, "EncryptedContentInfo"));
        if (!enc) continue; // no content: nothing to read
        if (enc.tag !== 0x80 && enc.tag !== 0xa0)
          throw new IkecertError("PKCS12_MALFORMED", "unexpected encryptedContent");
        const plain = await decrypt(alg!, berOctets(authBytes, enc), authBytes);
        try {
          await walkSafeContents(plain, 0);
        } catch (e) {
          // without a MAC, garbage that survived the padding check (1 in 256 for a wrong password)
          // is the sign of a wrong password, not of a damaged file
          if (!verified && e instanceof IkecertError && /^(ASN1_|PKCS12_MALFORMED)/.test(e.code))
            throw new IkecertError("PASSPHRASE_WRONG", WRONG);
          throw e;
        }
      } else if (type === OID.envelopedData) {
        throw new IkecertError(
          "PKCS12_UNSUPPORTED",
          "the PKCS#12 file uses public-key privacy (an enveloped SafeContents), which ikecert cannot open",
        );
      } else throw new IkecertError("PKCS12_MALFORMED", `unexpected content type ${type} in authSafe`);
    }
  } catch (e) {
    if (
      macFailed &&
      e instanceof IkecertError &&
      e.code !== "PKCS12_UNSUPPORTED" &&
      e.code !== "PASSPHRASE_REQUIRED"
    )
      throw new IkecertError("PASSPHRASE_WRONG", WRONG);
    throw e;
  }
  if (macFailed) {
    // the password decrypted every encrypted part, yet the MAC does not match: the bytes changed
    if (decryptedWithPassword)
      throw new IkecertError(
        "PKCS12_MALFORMED",
        "malformed PKCS#12 file: its MAC does not match although the password decrypts its contents (the file is damaged)",
      );
    throw new IkecertError("PASSPHRASE_WRONG", WRONG);
  }
  return out;
}

function keyFromPkcs8(pkcs8: Uint8Array, unverified: boolean): PrivateKey {
  try {
    return makePrivateKey(
      createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" }),
      "pkcs12",
      true,
    );
  } catch {
    // decrypted bytes that are not a key: without a MAC that is what a wrong password produces
    if (unverified) throw new IkecertError("PASSPHRASE_WRONG", WRONG);
    throw new IkecertError("PKCS12_MALFORMED", "the PKCS#12 file holds a private key that cannot be read");
  }
}
