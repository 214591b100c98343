import {
  children,
  content,
  decodeOid,
  decodeTime,
  expectTlv,
  readTlv,
  TAG,
  type Tlv,
  whole,
} from "../asn1/der.js";
import { EKU_NAMES, EXTENSION_NAMES, KEY_USAGE_BITS, SIGNATURE_ALGORITHMS } from "../asn1/oids.js";
import { bytesText } from "../bytes.js";
import { IkecertError } from "../errors.js";
import { createHash } from "../hash.js";
import type { ReleaseLike } from "../rules.js";
import { printDn } from "./dn-print.js";
import { type GeneralName, parseGeneralNames } from "./general-name.js";
import { cachedAccessor } from "./lazy.js";
import { type PublicKeyInfo, parseSpki } from "./spki.js";

/** A certificate extension. */
export interface Extension {
  oid: string;
  name: string | null;
  critical: boolean;
  value: Uint8Array;
}

/** The basicConstraints extension. */
export interface BasicConstraints {
  ca: boolean;
  pathLen: number | null;
  critical: boolean;
}

/** A parsed X.509 certificate: what ikecert needs to judge it the way strongSwan does. */
export interface Certificate {
  kind: "certificate";
  /** the whole DER certificate */
  der: Uint8Array;
  /** the DER TBSCertificate (what the signature covers) */
  tbs: Uint8Array;
  version: number;
  /** serial as lowercase hex of the INTEGER content bytes (as strongSwan compares it) */
  serial: string;
  serialBytes: Uint8Array;
  subject: { der: Uint8Array; printed: string };
  issuer: { der: Uint8Array; printed: string };
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: { oid: string; name: string; hash: string | null; weak: boolean };
  signature: Uint8Array;
  extensions: Extension[];
  sans: GeneralName[];
  basicConstraints: BasicConstraints | null;
  keyUsage: string[] | null;
  extKeyUsage: { oid: string; name: string | null }[] | null;
  subjectKeyId: Uint8Array | null;
  authorityKeyId: Uint8Array | null;
  /** subject DER equals issuer DER (the signature is not checked here) */
  selfIssued: boolean;
  fingerprints: { sha1: string; sha256: string };
}

const hex = (b: Uint8Array) => bytesText(b, "hex");

export type ExtensionFields = Pick<
  Certificate,
  "sans" | "basicConstraints" | "keyUsage" | "extKeyUsage" | "subjectKeyId" | "authorityKeyId"
>;

/** The fields the extensions fill in, as they are for a certificate without extensions. */
export function noExtensionFields(): ExtensionFields {
  return {
    sans: [],
    basicConstraints: null,
    keyUsage: null,
    extKeyUsage: null,
    subjectKeyId: null,
    authorityKeyId: null,
  };
}

/** How a certificate is read: `strongswan`, the release whose charon prints its names (DNs). */
export interface CertificateParseOptions {
  strongswan?: ReleaseLike;
}

/**
 * Parse one DER certificate. Throws IkecertError("CERT_MALFORMED") when it is not one. Its names
 * print as the given release's charon prints them (`55:04:61=` before 6.0.5); the default is the
 * newest covered release.
 */
export function parseCertificate(der: Uint8Array, opts: CertificateParseOptions = {}): Certificate {
  try {
    return parseCertificateInner(der, opts.strongswan);
  } catch (e) {
    if (e instanceof IkecertError)
      throw new IkecertError("CERT_MALFORMED", `not a valid X.509 certificate: ${e.message}`);
    throw new IkecertError("CERT_MALFORMED", "not a valid X.509 certificate");
  }
}

function parseCertificateInner(der: Uint8Array, release: ReleaseLike): Certificate {
  const cert = expectTlv(der, 0, TAG.SEQUENCE, der.length, "Certificate");
  if (cert.end !== der.length)
    throw new IkecertError("ASN1_MALFORMED", "trailing bytes after the certificate");
  const [tbsT, sigAlgT, sigT] = children(der, cert);
  if (!tbsT || !sigAlgT || !sigT || tbsT.tag !== TAG.SEQUENCE)
    throw new IkecertError(
      "ASN1_MALFORMED",
      "Certificate needs tbsCertificate, signatureAlgorithm, signature",
    );
  const f = children(der, tbsT);
  let i = 0;
  let version = 1;
  if (f[0]?.tag === 0xa0) {
    const v = expectTlv(der, f[0].contentStart, TAG.INTEGER, f[0].end, "version");
    version = (der[v.end - 1] ?? 0) + 1;
    i = 1;
  }
  const [serialT, _sigInner, issuerT, validityT, subjectT, spkiT] = f.slice(i, i + 6);
  if (!serialT || !issuerT || !validityT || !subjectT || !spkiT)
    throw new IkecertError("ASN1_MALFORMED", "tbsCertificate is missing fields");
  if (serialT.tag !== TAG.INTEGER || issuerT.tag !== TAG.SEQUENCE || subjectT.tag !== TAG.SEQUENCE)
    throw new IkecertError("ASN1_MALFORMED", "tbsCertificate fields have unexpected types");
  const [nbT, naT] = children(der, validityT);
  if (!nbT || !naT) throw new IkecertError("ASN1_MALFORMED", "validity needs two times");
  const subjectDer = whole(der, subjectT);
  const issuerDer = whole(der, issuerT);
  const serialBytes = content(der, serialT);

  const extensions: Extension[] = [];
  for (const t of f.slice(i + 6)) {
    if (t.tag !== 0xa3) continue; // issuer/subject unique ids [1] [2] are skipped
    const seq = expectTlv(der, t.contentStart, TAG.SEQUENCE, t.end, "extensions");
    for (const ext of children(der, seq)) extensions.push(parseExtension(der, ext));
  }

  const sigAlgOid = decodeOid(
    content(der, expectTlv(der, sigAlgT.contentStart, TAG.OID, sigAlgT.end, "algorithm")),
  );
  const sa = SIGNATURE_ALGORITHMS[sigAlgOid];
  if (sigT.tag !== TAG.BIT_STRING) throw new IkecertError("ASN1_MALFORMED", "signature is not a BIT STRING");

  // the fast path (identity checks over many certificates) never needs the fingerprints or the
  // printed names: they are computed on first use (own enumerable accessors, so JSON and spreads
  // still see them; shared ones, not a closure per certificate: see PrintedName)
  const c = {
    kind: "certificate",
    der,
    tbs: whole(der, tbsT),
    version,
    serial: hex(serialBytes),
    serialBytes,
    subject: printedName(subjectDer, release),
    issuer: printedName(issuerDer, release),
    notBefore: decodeTime(der, nbT),
    notAfter: decodeTime(der, naT),
    publicKey: parseSpki(whole(der, spkiT)),
    signatureAlgorithm: {
      oid: sigAlgOid,
      name: sa?.name ?? sigAlgOid,
      hash: sa?.hash ?? null,
      weak: !!sa?.weak,
    },
    signature: content(der, sigT).subarray(1),
    extensions,
    ...noExtensionFields(),
    selfIssued: Buffer.compare(subjectDer, issuerDer) === 0,
  } as Certificate;
  Object.defineProperty(c, "fingerprints", FINGERPRINTS);
  // An extension whose content does not decode leaves its fields unset: the certificate is still
  // well-formed DER, and whether strongSwan loads it is for the chain checks to say (loadable.ts).
  for (const e of extensions) {
    try {
      applyExtension(c, e, release);
    } catch (err) {
      if (!(err instanceof IkecertError)) throw err;
    }
  }
  return c;
}

/** `fingerprints`, hashed on first read (kept by the DER, which the entry does not point back to). */
const FINGERPRINTS = cachedAccessor(
  (c: Certificate) => c.der,
  (c) => ({
    sha1: createHash("sha1").update(c.der).digest("hex"),
    sha256: createHash("sha256").update(c.der).digest("hex"),
  }),
);

/**
 * A Name with its printed form computed on first use. A class with private fields and one shared
 * accessor rather than an object literal with a getter: a literal's getter is a closure and an
 * accessor pair per name, which young-generation collections cannot free, so every certificate of a
 * batch was copied into the old generation (docs/speed.md). `printed` stays an own enumerable
 * property (JSON, spreads and deep equality see `{ der, printed }` as before).
 */
class PrintedName {
  declare der: Uint8Array;
  declare readonly printed: string;
  #release: ReleaseLike;
  #printed: string | undefined;
  static readonly #PRINTED: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: PrintedName) {
      this.#printed ??= printDn(this.der, this.#release);
      return this.#printed;
    },
  };
  constructor(der: Uint8Array, release: ReleaseLike) {
    this.der = der;
    Object.defineProperty(this, "printed", PrintedName.#PRINTED);
    this.#release = release;
  }
}

function printedName(der: Uint8Array, release: ReleaseLike): { der: Uint8Array; printed: string } {
  return new PrintedName(der, release);
}

/** One Extension (SEQUENCE { OID, critical BOOLEAN DEFAULT FALSE, OCTET STRING }), named from `names`. */
export function parseExtension(
  der: Uint8Array,
  ext: Tlv,
  names: Record<string, string> = EXTENSION_NAMES,
): Extension {
  const parts = children(der, ext);
  const oid = decodeOid(content(der, expectTlv(der, ext.contentStart, TAG.OID, ext.end, "extension id")));
  let critical = false;
  let valT = parts[1];
  if (valT?.tag === TAG.BOOLEAN) {
    critical = der[valT.contentStart] !== 0;
    valT = parts[2];
  }
  if (!valT || valT.tag !== TAG.OCTET_STRING)
    throw new IkecertError("ASN1_MALFORMED", `extension ${oid} has no value`);
  return { oid, name: names[oid] ?? null, critical, value: content(der, valT) };
}

function applyExtension(c: Certificate, e: Extension, release: ReleaseLike): void {
  const v = e.value;
  switch (e.oid) {
    case "2.5.29.17":
      c.sans = parseGeneralNames(v, release);
      break;
    case "2.5.29.19": {
      const seq = expectTlv(v, 0, TAG.SEQUENCE, v.length, "basicConstraints");
      let ca = false;
      let pathLen: number | null = null;
      for (const t of children(v, seq)) {
        if (t.tag === TAG.BOOLEAN) ca = v[t.contentStart] !== 0;
        else if (t.tag === TAG.INTEGER) pathLen = Number.parseInt(hex(content(v, t)) || "0", 16);
      }
      c.basicConstraints = { ca, pathLen, critical: e.critical };
      break;
    }
    case "2.5.29.15": {
      const bs = expectTlv(v, 0, TAG.BIT_STRING, v.length, "keyUsage");
      const bytes = content(v, bs).subarray(1);
      const out: string[] = [];
      KEY_USAGE_BITS.forEach((name, bit) => {
        const byte = bytes[bit >> 3] ?? 0;
        if (byte & (0x80 >> (bit & 7))) out.push(name);
      });
      c.keyUsage = out;
      break;
    }
    case "2.5.29.37": {
      const seq = expectTlv(v, 0, TAG.SEQUENCE, v.length, "extKeyUsage");
      c.extKeyUsage = children(v, seq).map((t) => {
        const oid = decodeOid(content(v, t));
        return { oid, name: EKU_NAMES[oid] ?? null };
      });
      break;
    }
    case "2.5.29.14":
      c.subjectKeyId = content(v, expectTlv(v, 0, TAG.OCTET_STRING, v.length, "subjectKeyIdentifier"));
      break;
    case "2.5.29.35": {
      const seq = expectTlv(v, 0, TAG.SEQUENCE, v.length, "authorityKeyIdentifier");
      for (const t of children(v, seq)) if (t.tag === 0x80) c.authorityKeyId = content(v, t);
      break;
    }
  }
}

/** Sniff: does this DER look like a certificate (SEQUENCE { SEQUENCE tbs, SEQUENCE alg, BIT STRING })? */
export function looksLikeCertificate(der: Uint8Array): boolean {
  try {
    const top = readTlv(der, 0);
    if (top.tag !== TAG.SEQUENCE) return false;
    const k = children(der, top);
    return (
      k.length === 3 &&
      k[0]!.tag === TAG.SEQUENCE &&
      k[1]!.tag === TAG.SEQUENCE &&
      k[2]!.tag === TAG.BIT_STRING
    );
  } catch {
    return false;
  }
}
