import type { KeyObject } from "node:crypto";
import { children, content, expectTlv, readTlv, TAG } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { nodeCrypto } from "../hash.js"; // node:crypto on first use: the `id` start never opens a key
import { type PublicKeyInfo, parseSpki } from "../x509/spki.js";
import { berChildren, expectBer, octetString, readBer } from "./ber.js";
import { PbeUnsupported, password, pbeDecrypt } from "./pbe.js";

/** The encoding a private key was read from. */
export type PrivateKeyFormat =
  | "pkcs1"
  | "sec1"
  | "pkcs8"
  | "encrypted-pkcs8"
  | "openssl-encrypted-pem"
  | "pkcs12";

/** A private key. The key material itself is never a property: see privateKeyObject(). */
export interface PrivateKey {
  kind: "privateKey";
  format: PrivateKeyFormat;
  encrypted: boolean;
  /** the public half, with strongSwan's key ids */
  publicKey: PublicKeyInfo;
}

/** A public key read from a file. */
export interface PublicKey {
  kind: "publicKey";
  publicKey: PublicKeyInfo;
  /** how the file wrote it: a SubjectPublicKeyInfo, or a bare PKCS#1 RSAPublicKey (`RSA PUBLIC KEY`) */
  format?: "spki" | "pkcs1";
}

const keyObjects = new WeakMap<PrivateKey, KeyObject>();
/** keys whose public half was read straight from the DER: the full parse waits until it is needed */
const lazyOpeners = new WeakMap<PrivateKey, () => KeyObject>();

/** The node:crypto KeyObject of a private key (held apart so that no output can serialise it). */
export function privateKeyObject(k: PrivateKey): KeyObject {
  let o = keyObjects.get(k);
  if (!o) {
    const open = lazyOpeners.get(k);
    if (open) {
      o = open();
      keyObjects.set(k, o);
      lazyOpeners.delete(k);
    }
  }
  if (!o) throw new IkecertError("KEY_MALFORMED", "private key object is not available");
  return o;
}

/**
 * A private key whose public half is already known (taken from the DER without a full parse, see
 * run/keyscan.ts); node:crypto opens the key material only when privateKeyObject() asks for it.
 */
export function makeLazyPrivateKey(
  publicKey: PublicKeyInfo,
  format: PrivateKeyFormat,
  open: () => KeyObject,
): PrivateKey {
  const k: PrivateKey = { kind: "privateKey", format, encrypted: false, publicKey };
  lazyOpeners.set(k, open);
  return k;
}

export function makePrivateKey(obj: KeyObject, format: PrivateKeyFormat, encrypted: boolean): PrivateKey {
  const spki = new Uint8Array(nodeCrypto().createPublicKey(obj).export({ type: "spki", format: "der" }));
  const k: PrivateKey = { kind: "privateKey", format, encrypted, publicKey: parseSpki(spki) };
  keyObjects.set(k, obj);
  return k;
}

/** Which DER private key structure is this (null if none)? */
export function sniffKeyDer(
  der: Uint8Array,
): "pkcs1" | "sec1" | "pkcs8" | "encrypted-pkcs8" | "spki" | "rsa-public" | null {
  try {
    const top = readTlv(der, 0);
    if (top.tag !== TAG.SEQUENCE || top.end !== der.length) return null;
    const k = children(der, top);
    if (k.length === 2 && k[0]!.tag === TAG.SEQUENCE && k[1]!.tag === TAG.OCTET_STRING)
      return "encrypted-pkcs8";
    if (k.length === 2 && k[0]!.tag === TAG.SEQUENCE && k[1]!.tag === TAG.BIT_STRING) return "spki";
    if (k[0]?.tag !== TAG.INTEGER) return null;
    if (k.length === 2 && k[1]!.tag === TAG.INTEGER) return "rsa-public";
    if (k.length >= 3 && k[1]!.tag === TAG.SEQUENCE && k[2]!.tag === TAG.OCTET_STRING) return "pkcs8";
    if (k.length >= 9 && k.slice(0, 9).every((t) => t.tag === TAG.INTEGER)) return "pkcs1";
    if (k.length >= 2 && k[1]!.tag === TAG.OCTET_STRING && der[k[0]!.contentStart] === 1) return "sec1";
    return null;
  } catch {
    return null;
  }
}

function nodeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isBadDecrypt(msg: string): boolean {
  return /bad decrypt|wrong final block|bad password|decrypt|unable to decrypt|mac verify/i.test(msg);
}

/**
 * Open an unencrypted or encrypted private key.
 * `der` plus `type`; for OpenSSL's traditional encrypted PEM pass the PEM text instead.
 */
export function openPrivateKey(
  input: { der: Uint8Array; type: "pkcs1" | "sec1" | "pkcs8" | "encrypted-pkcs8" } | { pem: string },
  passphrase: string | null,
): PrivateKey {
  const encrypted = "pem" in input || input.type === "encrypted-pkcs8";
  if (encrypted && passphrase === null)
    throw new IkecertError(
      "PASSPHRASE_REQUIRED",
      "the private key is encrypted: give its passphrase with --passphrase-file FILE or IKECERT_PASSPHRASE",
    );
  if ("pem" in input) {
    const pem = input.pem;
    const cipher = /^DEK-Info:\s*([A-Za-z0-9-]+)/m.exec(pem)?.[1] ?? "an unknown cipher";
    const obj = nodeOpen(
      () => nodeCrypto().createPrivateKey({ key: pem, format: "pem", passphrase: passphrase! }),
      true,
      `the private key is encrypted with ${cipher}, which ikecert cannot decrypt; re-encrypt it with "openssl pkey -in KEY -aes256 -out NEW"`,
    );
    return makePrivateKey(obj, "openssl-encrypted-pem", true);
  }
  if (input.type === "encrypted-pkcs8")
    return makePrivateKey(openEncryptedPkcs8(input.der, passphrase!), "encrypted-pkcs8", true);
  const { der, type } = input;
  const obj = nodeOpen(
    () => nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: "der", type }),
    false,
  );
  return makePrivateKey(obj, type, false);
}

/** Run a node:crypto key import and turn its errors into IkecertErrors. */
function nodeOpen(open: () => KeyObject, encrypted: boolean, unsupported?: string): KeyObject {
  try {
    return open();
  } catch (e) {
    const msg = nodeError(e);
    if (encrypted && isBadDecrypt(msg)) throw new IkecertError("PASSPHRASE_WRONG", WRONG_KEY_PASSPHRASE);
    if (/unsupported/i.test(msg))
      throw new IkecertError(
        "KEY_UNSUPPORTED",
        unsupported ??
          (encrypted
            ? "the private key cannot be opened: wrong passphrase or an unsupported encryption scheme"
            : "unsupported private key algorithm or encoding"),
      );
    throw new IkecertError("KEY_MALFORMED", "malformed private key");
  }
}

const WRONG_KEY_PASSPHRASE = "wrong passphrase for the encrypted private key";

/**
 * Encrypted PKCS#8: node:crypto first (PBES2, scrypt, and whatever its OpenSSL provides); when it
 * cannot, our own PBE code, which adds the PKCS#12 schemes node lacks without the legacy provider
 * (pbeWithSHAAnd40BitRC2-CBC and friends, `openssl pkcs8 -v1 PBE-SHA1-RC2-40`).
 */
function openEncryptedPkcs8(der: Uint8Array, passphrase: string): KeyObject {
  try {
    return nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8", passphrase });
  } catch {
    // fall through to our decryption, which tells a wrong passphrase from an unknown scheme
  }
  let plain: Uint8Array | null;
  try {
    const top = readBer(der, 0);
    const [alg, data] = berChildren(der, expectBer(top, TAG.SEQUENCE, "EncryptedPrivateKeyInfo"));
    plain = pbeDecrypt(der, alg!, octetString(der, data, "encrypted key"), password(passphrase));
  } catch (e) {
    if (e instanceof PbeUnsupported)
      throw new IkecertError(
        "KEY_UNSUPPORTED",
        `the private key is encrypted with ${e.message}, which ikecert cannot decrypt`,
      );
    throw new IkecertError("KEY_MALFORMED", "malformed encrypted private key");
  }
  if (!plain) throw new IkecertError("PASSPHRASE_WRONG", WRONG_KEY_PASSPHRASE);
  try {
    return nodeCrypto().createPrivateKey({ key: Buffer.from(plain), format: "der", type: "pkcs8" });
  } catch {
    // garbage that happened to end in valid padding
    throw new IkecertError("PASSPHRASE_WRONG", WRONG_KEY_PASSPHRASE);
  }
}

/** A DER SubjectPublicKeyInfo or PKCS#1 RSAPublicKey as a public key item. */
export function openPublicKey(der: Uint8Array, pkcs1 = false): PublicKey {
  if (pkcs1) {
    try {
      const obj = nodeCrypto().createPublicKey({ key: Buffer.from(der), format: "der", type: "pkcs1" });
      der = new Uint8Array(obj.export({ type: "spki", format: "der" }));
    } catch {
      throw new IkecertError("KEY_MALFORMED", "malformed RSA public key");
    }
  }
  return { kind: "publicKey", publicKey: parseSpki(der), format: pkcs1 ? "pkcs1" : "spki" };
}

/** The version INTEGER and algorithm of a PKCS#8 structure, for messages about unsupported keys. */
export function pkcs8AlgorithmOid(der: Uint8Array): Uint8Array | null {
  try {
    const top = readTlv(der, 0);
    const [, alg] = children(der, top);
    if (!alg) return null;
    return content(der, expectTlv(der, alg.contentStart, TAG.OID, alg.end));
  } catch {
    return null;
  }
}
