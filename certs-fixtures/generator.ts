/**
 * ikecert's own certificate generator for fixtures and differential tests. Every detail of a
 * certificate is a parameter (name string types, SAN kinds, each extension present, absent or
 * wrong, validity, serial, hash, key type, a broken signature), so tests can build exactly the
 * scenario they need; node:crypto signs. See certs-fixtures/README.md for the committed files.
 *
 *   const root = makeCertificate({ subject: "C=CH, O=Test, CN=Root", key: generateKey("p256"), ca: true });
 *   const leaf = makeCertificate({ subject: "CN=vpn", key: generateKey("ed25519"), issuer: root,
 *                                  sans: ["vpn.example.com", { ip: "192.0.2.1" }] });
 */
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";
import { children, content, encodeTlv, readTlv, TAG } from "../lib/asn1/der.js";
import { toPem } from "../lib/input/pem.js";
import { type Certificate, parseCertificate } from "../lib/x509/certificate.js";

import {
  authorityKeyIdValue,
  basicConstraintsValue,
  bitString,
  certificatePoliciesValue,
  type DnInput,
  derNull,
  EXT,
  ekuValue,
  encodeExtension,
  encodeName,
  explicit,
  generalNames,
  integer,
  keyUsageValue,
  nameConstraintsValue,
  octets,
  oid,
  policyConstraintsValue,
  policyMappingsValue,
  type RawExtension,
  type San,
  seq,
  time,
} from "./generator-der.js";

export type { DnAttribute, DnInput, RawExtension, San, StringType } from "./generator-der.js";
export { encodeGeneralName, encodeName, generalNames, nameConstraintsValue } from "./generator-der.js";

export type KeyKind =
  | "rsa1024"
  | "rsa2048"
  | "rsa3072"
  | "rsa4096"
  | "p256"
  | "p384"
  | "p521"
  | "ed25519"
  | "ed448";
export type Hash = "sha1" | "sha224" | "sha256" | "sha384" | "sha512";

export interface KeyPair {
  kind: KeyKind;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** DER SubjectPublicKeyInfo */
  spki: Uint8Array;
}

const CURVE: Record<string, KeyKind> = { prime256v1: "p256", secp384r1: "p384", secp521r1: "p521" };
const NODE_CURVE: Record<string, string> = { p256: "P-256", p384: "P-384", p521: "P-521" };

function keyPair(kind: KeyKind, privateKey: KeyObject): KeyPair {
  const publicKey = privateKey.type === "private" ? createPublicKey(privateKey) : privateKey;
  return {
    kind,
    privateKey,
    publicKey,
    spki: new Uint8Array(publicKey.export({ type: "spki", format: "der" })),
  };
}

/** A fresh key pair of the given kind. */
export function generateKey(kind: KeyKind): KeyPair {
  let pair: { privateKey: KeyObject };
  if (kind.startsWith("rsa")) pair = generateKeyPairSync("rsa", { modulusLength: Number(kind.slice(3)) });
  else if (kind in NODE_CURVE) pair = generateKeyPairSync("ec", { namedCurve: NODE_CURVE[kind]! });
  else if (kind === "ed25519") pair = generateKeyPairSync("ed25519");
  else if (kind === "ed448") pair = generateKeyPairSync("ed448");
  else throw new Error(`unknown key kind ${kind}`);
  return keyPair(kind, pair.privateKey);
}

/** The key kind of a node KeyObject (private or public). */
export function keyKindOf(k: KeyObject): KeyKind {
  const t = k.asymmetricKeyType;
  const d = k.asymmetricKeyDetails ?? {};
  if (t === "rsa") return `rsa${d.modulusLength}` as KeyKind;
  if (t === "ec" && d.namedCurve && CURVE[d.namedCurve]) return CURVE[d.namedCurve]!;
  if (t === "ed25519" || t === "ed448") return t;
  throw new Error(`unsupported key type ${t} ${d.namedCurve ?? ""}`);
}

/** Read a private key (PEM or DER in any format node:crypto opens). */
export function keyPairFromPrivate(key: string | Uint8Array, passphrase?: string): KeyPair {
  const privateKey =
    typeof key === "string"
      ? createPrivateKey({ key, passphrase })
      : createPrivateKey({ key: Buffer.from(key), format: "der", type: "pkcs8", passphrase });
  return keyPair(keyKindOf(privateKey), privateKey);
}

export interface PrivateKeyPemOptions {
  /** pkcs8 (PRIVATE KEY, default), pkcs1 (RSA PRIVATE KEY), sec1 (EC PRIVATE KEY) */
  format?: "pkcs8" | "pkcs1" | "sec1";
  /** encrypt (PKCS#8 PBES2 or, for pkcs1/sec1, OpenSSL's Proc-Type/DEK-Info) */
  passphrase?: string;
  cipher?: string;
}

/** The private key as PEM in the chosen format. */
export function privateKeyPem(k: KeyPair, o: PrivateKeyPemOptions = {}): string {
  const format = o.format ?? "pkcs8";
  const enc = o.passphrase ? { cipher: o.cipher ?? "aes-256-cbc", passphrase: o.passphrase } : {};
  return String(k.privateKey.export({ type: format, format: "pem", ...enc } as never));
}

/** The SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1; strongSwan's "subjkey"). */
export function subjectKeyId(spki: Uint8Array): Uint8Array {
  const top = readTlv(spki, 0);
  const bits = children(spki, top)[1]!;
  return new Uint8Array(createHash("sha1").update(content(spki, bits).subarray(1)).digest());
}

export interface GeneratedCertificate {
  der: Uint8Array;
  pem: string;
  /** parsed by ikecert's own parser; null when it refuses the certificate */
  cert: Certificate | null;
  /** DER of the subject Name (the issuer name of certificates this one signs) */
  subjectDer: Uint8Array;
  /** the SKI written into the certificate, or null */
  subjectKeyId: Uint8Array | null;
  /** the certified public key (privateKey of this object is the subject's key, if it was given) */
  key: KeyPair;
}

export type Issuer = "self" | { cert: GeneratedCertificate; key: KeyPair } | GeneratedCertificate;

export interface CertificateOptions {
  subject: DnInput;
  /** the subject's key pair */
  key: KeyPair;
  /** who signs: "self" (default), or an issuer certificate with its key (a GeneratedCertificate made
   *  with its key pair is enough) */
  issuer?: Issuer;
  /** write this issuer name instead of the issuer's subject (for mismatches) */
  issuerName?: DnInput;
  /** key that signs instead of the issuer's (a signature that does not verify) */
  signingKey?: KeyPair;
  /** 1 omits every extension; default 3 */
  version?: 1 | 3;
  /** number, bigint, hex string, or the raw INTEGER content; default 8 random bytes */
  serial?: number | bigint | string | Uint8Array;
  notBefore?: Date;
  notAfter?: Date;
  sans?: San[];
  sanCritical?: boolean;
  /** adds basicConstraints CA=TRUE (critical) and keyCertSign/cRLSign key usage by default */
  ca?: boolean;
  pathLen?: number;
  /** false omits the extension; an object sets it exactly. Default: CA=TRUE critical for ca, none otherwise */
  basicConstraints?: false | { ca?: boolean; pathLen?: number; critical?: boolean };
  /** names from lib/asn1/oids.ts KEY_USAGE_BITS; false omits. Default: keyCertSign+cRLSign for ca */
  keyUsage?: string[] | false;
  keyUsageCritical?: boolean;
  /** names (serverAuth, clientAuth, ikeIntermediate, ...) or OIDs */
  eku?: string[];
  ekuCritical?: boolean;
  /** true (default): SHA-1 of the subjectPublicKey; false: omit; bytes: write these */
  ski?: boolean | Uint8Array;
  /** true (default unless self-signed): the issuer's SKI; false: omit; bytes: write these */
  aki?: boolean | Uint8Array;
  nameConstraints?: { permitted?: San[]; excluded?: San[]; critical?: boolean };
  /** certificatePolicies OIDs (non-critical) */
  policies?: string[];
  /** policyMappings (critical) */
  policyMappings?: { issuer: string; subject: string }[];
  /** policyConstraints (critical); encoding rfc5280 (default) or strongswan (see generator-der.ts) */
  policyConstraints?: {
    requireExplicitPolicy?: number;
    inhibitPolicyMapping?: number;
    encoding?: "rfc5280" | "strongswan";
  };
  /** inhibitAnyPolicy SkipCerts (critical) */
  inhibitAnyPolicy?: number;
  /** more extensions, appended after the standard ones */
  extensions?: RawExtension[];
  /** default: sha256 (RSA, P-256), sha384 (P-384), sha512 (P-521); ignored for EdDSA */
  hash?: Hash;
  /** flip a bit in the signature, so it never verifies */
  wrongSignature?: boolean;
  /**
   * sign with RSASSA-PSS (the hash for message and MGF1, a salt as long as the hash), as
   * `openssl x509 -sigopt rsa_padding_mode:pss` does; the signer's key must be RSA
   */
  pss?: boolean;
}

const RSA_SIG: Record<Hash, string> = {
  sha1: "1.2.840.113549.1.1.5",
  sha224: "1.2.840.113549.1.1.14",
  sha256: "1.2.840.113549.1.1.11",
  sha384: "1.2.840.113549.1.1.12",
  sha512: "1.2.840.113549.1.1.13",
};
const ECDSA_SIG: Record<Hash, string> = {
  sha1: "1.2.840.10045.4.1",
  sha224: "1.2.840.10045.4.3.1",
  sha256: "1.2.840.10045.4.3.2",
  sha384: "1.2.840.10045.4.3.3",
  sha512: "1.2.840.10045.4.3.4",
};

export function defaultHash(kind: KeyKind): Hash {
  return kind === "p384" ? "sha384" : kind === "p521" ? "sha512" : "sha256";
}

const HASH_OID: Record<Hash, string> = {
  sha1: "1.3.14.3.2.26",
  sha224: "2.16.840.1.101.3.4.2.4",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
};
const HASH_BYTES: Record<Hash, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

/** RSASSA-PSS-params (RFC 4055): hash, MGF1 with the same hash, salt length; hash parameters absent. */
function pssAlgorithm(hash: Hash): Uint8Array {
  const h = seq(oid(HASH_OID[hash]));
  return seq(
    oid("1.2.840.113549.1.1.10"),
    seq(
      explicit(0, h),
      explicit(1, seq(oid("1.2.840.113549.1.1.8"), h)),
      explicit(2, integer(HASH_BYTES[hash])),
    ),
  );
}

/** AlgorithmIdentifier of the signature a key of this kind makes with this hash. */
export function signatureAlgorithm(
  kind: KeyKind,
  hash: Hash,
): { algId: Uint8Array; nodeHash: string | null } {
  if (kind === "ed25519") return { algId: seq(oid("1.3.101.112")), nodeHash: null };
  if (kind === "ed448") return { algId: seq(oid("1.3.101.113")), nodeHash: null };
  if (kind.startsWith("rsa")) return { algId: seq(oid(RSA_SIG[hash]), derNull()), nodeHash: hash };
  return { algId: seq(oid(ECDSA_SIG[hash])), nodeHash: hash };
}

function issuerParts(o: CertificateOptions): { cert: GeneratedCertificate | null; key: KeyPair } {
  const is = o.issuer ?? "self";
  if (is === "self") return { cert: null, key: o.key };
  if ("der" in is) return { cert: is, key: is.key };
  return { cert: is.cert, key: is.key };
}

const DEFAULT_NOT_BEFORE = new Date("2025-01-01T00:00:00Z");
const DEFAULT_NOT_AFTER = new Date("2035-01-01T00:00:00Z");

function extensionsOf(o: CertificateOptions, ski: Uint8Array | null, issuerSki: Uint8Array): RawExtension[] {
  const ext: RawExtension[] = [];
  const bc =
    o.basicConstraints === undefined
      ? o.ca
        ? { ca: true, pathLen: o.pathLen, critical: true }
        : null
      : o.basicConstraints === false
        ? null
        : { pathLen: o.pathLen, ...o.basicConstraints };
  if (bc)
    ext.push({
      oid: EXT.basicConstraints,
      critical: bc.critical,
      value: basicConstraintsValue(!!bc.ca, bc.pathLen),
    });
  const ku = o.keyUsage === undefined ? (o.ca ? ["keyCertSign", "cRLSign"] : null) : o.keyUsage || null;
  if (ku) ext.push({ oid: EXT.keyUsage, critical: o.keyUsageCritical ?? true, value: keyUsageValue(ku) });
  if (o.eku) ext.push({ oid: EXT.extKeyUsage, critical: o.ekuCritical, value: ekuValue(o.eku) });
  if (ski) ext.push({ oid: EXT.subjectKeyIdentifier, value: octets(ski) });
  const selfSigned = (o.issuer ?? "self") === "self";
  const aki = o.aki instanceof Uint8Array ? o.aki : (o.aki ?? !selfSigned) ? issuerSki : null;
  if (aki) ext.push({ oid: EXT.authorityKeyIdentifier, value: authorityKeyIdValue(aki) });
  if (o.sans?.length)
    ext.push({ oid: EXT.subjectAltName, critical: o.sanCritical, value: generalNames(o.sans) });
  if (o.nameConstraints)
    ext.push({
      oid: EXT.nameConstraints,
      critical: o.nameConstraints.critical ?? true,
      value: nameConstraintsValue(o.nameConstraints),
    });
  if (o.policies) ext.push({ oid: EXT.certificatePolicies, value: certificatePoliciesValue(o.policies) });
  if (o.policyMappings)
    ext.push({ oid: EXT.policyMappings, critical: true, value: policyMappingsValue(o.policyMappings) });
  if (o.policyConstraints)
    ext.push({
      oid: EXT.policyConstraints,
      critical: true,
      value: policyConstraintsValue(o.policyConstraints),
    });
  if (o.inhibitAnyPolicy !== undefined)
    ext.push({ oid: EXT.inhibitAnyPolicy, critical: true, value: integer(o.inhibitAnyPolicy) });
  ext.push(...(o.extensions ?? []));
  return ext;
}

/** Build and sign one certificate. */
export function makeCertificate(o: CertificateOptions): GeneratedCertificate {
  const issuer = issuerParts(o);
  const signer = o.signingKey ?? issuer.key;
  const hash = o.hash ?? defaultHash(signer.kind);
  if (o.pss && !signer.kind.startsWith("rsa")) throw new Error("pss needs an RSA signing key");
  const { algId, nodeHash } = o.pss
    ? { algId: pssAlgorithm(hash), nodeHash: hash }
    : signatureAlgorithm(signer.kind, hash);
  const subjectDer = encodeName(o.subject);
  const issuerDer = o.issuerName
    ? encodeName(o.issuerName)
    : issuer.cert
      ? issuer.cert.subjectDer
      : subjectDer;
  const ski = o.ski === false ? null : o.ski instanceof Uint8Array ? o.ski : subjectKeyId(o.key.spki);
  const issuerSki = issuer.cert
    ? (issuer.cert.subjectKeyId ?? subjectKeyId(issuer.cert.key.spki))
    : (ski ?? subjectKeyId(o.key.spki));
  let serial = o.serial;
  if (serial === undefined) {
    const r = randomBytes(8);
    r[0] = (r[0]! & 0x7f) | 0x10;
    serial = new Uint8Array(r);
  }
  const version = o.version ?? 3;
  const exts = version === 3 ? extensionsOf(o, ski, issuerSki) : [];
  const tbs = seq(
    ...(version === 3 ? [explicit(0, integer(2))] : []),
    integer(serial),
    algId,
    issuerDer,
    seq(time(o.notBefore ?? DEFAULT_NOT_BEFORE), time(o.notAfter ?? DEFAULT_NOT_AFTER)),
    subjectDer,
    o.key.spki,
    ...(exts.length ? [explicit(3, seq(...exts.map(encodeExtension)))] : []),
  );
  const signature = new Uint8Array(
    o.pss
      ? sign(nodeHash, tbs, {
          key: signer.privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: HASH_BYTES[hash],
        })
      : sign(nodeHash, tbs, signer.privateKey),
  );
  if (o.wrongSignature) signature[signature.length >> 1]! ^= 0x01;
  const der = seq(tbs, algId, bitString(signature));
  let cert: Certificate | null = null;
  try {
    cert = parseCertificate(der);
  } catch {
    cert = null;
  }
  return {
    der,
    pem: toPem("CERTIFICATE", der),
    cert,
    subjectDer,
    subjectKeyId: version === 3 ? ski : null,
    key: o.key,
  };
}

/** An existing certificate (PEM or DER) with its private key, usable as `issuer` of makeCertificate. */
export function certificateFrom(certificate: string | Uint8Array, privateKey?: string): GeneratedCertificate {
  const der =
    typeof certificate === "string"
      ? new Uint8Array(Buffer.from(certificate.replace(/-----[^-]+-----|\s/g, ""), "base64"))
      : certificate;
  const cert = parseCertificate(der);
  let key: KeyPair;
  if (privateKey) key = keyPairFromPrivate(privateKey);
  else {
    // no private key: the pair holds the public key twice and cannot sign
    const pub = createPublicKey({ key: Buffer.from(cert.publicKey.spki), format: "der", type: "spki" });
    key = keyPair(keyKindOf(pub), pub);
  }
  return {
    der,
    pem: toPem("CERTIFICATE", der),
    cert,
    subjectDer: cert.subject.der,
    subjectKeyId: cert.subjectKeyId,
    key,
  };
}

/**
 * A certs-only PKCS#7 bundle (.p7b), DER: ContentInfo signedData with the certificates and no
 * signer, as `openssl crl2pkcs7 -nocrl -certfile ...` writes it.
 */
export function pkcs7CertsOnly(certs: Uint8Array[]): Uint8Array {
  const signedData = seq(
    integer(1),
    encodeTlv(TAG.SET, new Uint8Array()),
    seq(oid("1.2.840.113549.1.7.1")),
    encodeTlv(0xa0, new Uint8Array(Buffer.concat(certs))),
    encodeTlv(TAG.SET, new Uint8Array()),
  );
  return seq(oid("1.2.840.113549.1.7.2"), explicit(0, signedData));
}
