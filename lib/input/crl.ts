/**
 * X.509 certificate revocation lists (RFC 5280 §5), read with the strict DER reader: what swanctl's
 * x509crl/ and ipsec.d/crls/ hold. A file that is not a CRL is bad input (IkecertError); a CRL that
 * strongSwan's parsers refuse although it is well-formed (an unknown critical extension, differing
 * signature algorithms) parses here and is judged by lib/checks/chain/crl-view.ts.
 */
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
import { SIGNATURE_ALGORITHMS } from "../asn1/oids.js";
import { IkecertError } from "../errors.js";
import { printDn } from "../identity/dn-print.js";
import { parseDistributionPoints } from "./cert-uris.js";
import { type Extension, parseExtension } from "./certificate.js";

/** RFC 5280 §5.3.1 reason codes, named as strongSwan's crl_reason_names prints them (crl.c). */
export const CRL_REASON_LOG_NAMES: Record<number, string> = {
  0: "unspecified",
  1: "key compromise",
  2: "ca compromise",
  3: "affiliation changed",
  4: "superseded",
  5: "cessation of operation",
  6: "certificate hold",
  7: "reason #7",
  8: "remove from crl",
};

export const CRL_EXTENSION_NAMES: Record<string, string> = {
  "2.5.29.20": "cRLNumber",
  "2.5.29.21": "reasonCode",
  "2.5.29.24": "invalidityDate",
  "2.5.29.27": "deltaCRLIndicator",
  "2.5.29.28": "issuingDistributionPoint",
  "2.5.29.29": "certificateIssuer",
  "2.5.29.35": "authorityKeyIdentifier",
  "2.5.29.46": "freshestCRL",
  "1.3.6.1.5.5.7.1.1": "authorityInfoAccess",
};

export interface RevokedCertificate {
  /** the serial as lowercase hex of the INTEGER content bytes */
  serial: string;
  serialBytes: Uint8Array;
  date: Date;
  /**
   * the reasonCode as strongSwan reads it: an ENUMERATED of one content byte, else null
   * (x509_crl.c keeps "unspecified" then)
   */
  reasonCode: number | null;
  extensions: Extension[];
}

/** A parsed CRL. */
export interface Crl {
  kind: "crl";
  der: Uint8Array;
  /** the DER TBSCertList (what the signature covers) */
  tbs: Uint8Array;
  /** 1 or 2 (the version field is optional) */
  version: number;
  signatureAlgorithm: { oid: string; name: string; hash: string | null };
  /** the AlgorithmIdentifier inside TBSCertList, DER (x509_crl.c requires it to equal the outer one) */
  innerAlgorithm: Uint8Array;
  outerAlgorithm: Uint8Array;
  signature: Uint8Array;
  issuer: { der: Uint8Array; printed: string };
  thisUpdate: Date;
  /** null when the optional field is absent */
  nextUpdate: Date | null;
  revoked: RevokedCertificate[];
  extensions: Extension[];
  /** cRLNumber INTEGER content, or null */
  crlNumber: Uint8Array | null;
  /** deltaCRLIndicator (the base CRL's number) INTEGER content: a delta CRL; null for a full CRL */
  deltaCrlIndicator: Uint8Array | null;
  /** authorityKeyIdentifier keyIdentifier, or null */
  authorityKeyId: Uint8Array | null;
  /** freshestCRL URIs (where delta CRLs are fetched) */
  freshest: string[];
  /** whether the tbsCertList's revokedCertificates field is present (even empty) */
  hasRevokedField: boolean;
  source?: { file: string; index: number };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Does this DER look like a CRL (SEQUENCE { SEQUENCE { ..., Name, Time, ... }, AlgId, BIT STRING })? */
export function looksLikeCrl(der: Uint8Array): boolean {
  try {
    const top = readTlv(der, 0);
    if (top.tag !== TAG.SEQUENCE) return false;
    const k = children(der, top);
    if (k.length !== 3 || k[0]!.tag !== TAG.SEQUENCE || k[2]!.tag !== TAG.BIT_STRING) return false;
    const f = children(der, k[0]!);
    const i = f[0]?.tag === TAG.INTEGER ? 1 : 0;
    return (
      f[i]?.tag === TAG.SEQUENCE &&
      f[i + 1]?.tag === TAG.SEQUENCE &&
      (f[i + 2]?.tag === TAG.UTCTime || f[i + 2]?.tag === TAG.GeneralizedTime)
    );
  } catch {
    return false;
  }
}

/** Parse one DER CRL. Throws IkecertError("CRL_MALFORMED") when it is not one. */
export function parseCrl(der: Uint8Array): Crl {
  try {
    return parseCrlInner(der);
  } catch (e) {
    if (e instanceof IkecertError)
      throw new IkecertError("CRL_MALFORMED", `not a valid X.509 CRL: ${e.message}`);
    throw new IkecertError("CRL_MALFORMED", "not a valid X.509 CRL");
  }
}

function isTime(t: Tlv | undefined): t is Tlv {
  return t?.tag === TAG.UTCTime || t?.tag === TAG.GeneralizedTime;
}

function parseExtensions(der: Uint8Array, seqT: Tlv): Extension[] {
  return children(der, seqT).map((ext) => parseExtension(der, ext, CRL_EXTENSION_NAMES));
}

function integerContent(v: Uint8Array, what: string): Uint8Array {
  return content(v, expectTlv(v, 0, TAG.INTEGER, v.length, what));
}

function parseCrlInner(der: Uint8Array): Crl {
  const top = expectTlv(der, 0, TAG.SEQUENCE, der.length, "CertificateList");
  if (top.end !== der.length) throw new IkecertError("ASN1_MALFORMED", "trailing bytes after the CRL");
  const [tbsT, algT, sigT] = children(der, top);
  if (!tbsT || !algT || !sigT || tbsT.tag !== TAG.SEQUENCE || algT.tag !== TAG.SEQUENCE)
    throw new IkecertError(
      "ASN1_MALFORMED",
      "CertificateList needs tbsCertList, signatureAlgorithm, signature",
    );
  if (sigT.tag !== TAG.BIT_STRING) throw new IkecertError("ASN1_MALFORMED", "signature is not a BIT STRING");
  const f = children(der, tbsT);
  let i = 0;
  let version = 1;
  if (f[0]?.tag === TAG.INTEGER) {
    const v = content(der, f[0]);
    version = (v.length === 1 ? v[0]! : 0xff) + 1;
    i = 1;
  }
  const innerT = f[i++];
  const issuerT = f[i++];
  const thisT = f[i++];
  if (innerT?.tag !== TAG.SEQUENCE || issuerT?.tag !== TAG.SEQUENCE || !isTime(thisT))
    throw new IkecertError("ASN1_MALFORMED", "tbsCertList needs signature, issuer and thisUpdate");
  let nextUpdate: Date | null = null;
  if (isTime(f[i])) nextUpdate = decodeTime(der, f[i++]!);
  const revoked: RevokedCertificate[] = [];
  let hasRevokedField = false;
  if (f[i]?.tag === TAG.SEQUENCE) {
    hasRevokedField = true;
    for (const entry of children(der, f[i++]!)) {
      const [serT, dateT, extT] = children(der, entry);
      if (serT?.tag !== TAG.INTEGER || !isTime(dateT))
        throw new IkecertError("ASN1_MALFORMED", "a revoked entry needs a serial and a revocation date");
      if (extT && extT.tag !== TAG.SEQUENCE)
        throw new IkecertError("ASN1_MALFORMED", "crlEntryExtensions is not a SEQUENCE");
      const extensions = extT ? parseExtensions(der, extT) : [];
      const serialBytes = content(der, serT);
      revoked.push({
        serial: hex(serialBytes),
        serialBytes,
        date: decodeTime(der, dateT),
        reasonCode: reasonOf(extensions),
        extensions,
      });
    }
  }
  let extensions: Extension[] = [];
  if (f[i]?.tag === 0xa0) {
    const seqT = expectTlv(der, f[i]!.contentStart, TAG.SEQUENCE, f[i]!.end, "crlExtensions");
    extensions = parseExtensions(der, seqT);
    i++;
  }
  if (i !== f.length) throw new IkecertError("ASN1_MALFORMED", "unexpected fields in tbsCertList");
  const outerOid = decodeOid(content(der, expectTlv(der, algT.contentStart, TAG.OID, algT.end, "algorithm")));
  const sa = SIGNATURE_ALGORITHMS[outerOid];
  const crl: Crl = {
    kind: "crl",
    der,
    tbs: whole(der, tbsT),
    version,
    signatureAlgorithm: { oid: outerOid, name: sa?.name ?? outerOid, hash: sa?.hash ?? null },
    innerAlgorithm: whole(der, innerT),
    outerAlgorithm: whole(der, algT),
    signature: content(der, sigT).subarray(1),
    issuer: { der: whole(der, issuerT), printed: printDn(whole(der, issuerT)) },
    thisUpdate: decodeTime(der, thisT),
    nextUpdate,
    revoked,
    extensions,
    crlNumber: null,
    deltaCrlIndicator: null,
    authorityKeyId: null,
    freshest: [],
    hasRevokedField,
  };
  for (const e of extensions) {
    const v = e.value;
    if (e.oid === "2.5.29.20") crl.crlNumber = integerContent(v, "cRLNumber");
    else if (e.oid === "2.5.29.27") crl.deltaCrlIndicator = integerContent(v, "deltaCRLIndicator");
    else if (e.oid === "2.5.29.35") {
      const s = expectTlv(v, 0, TAG.SEQUENCE, v.length, "authorityKeyIdentifier");
      for (const t of children(v, s)) if (t.tag === 0x80) crl.authorityKeyId = content(v, t);
    } else if (e.oid === "2.5.29.46") crl.freshest = parseDistributionPoints(v).points.flatMap((p) => p.uris);
  }
  return crl;
}

function reasonOf(extensions: Extension[]): number | null {
  const e = extensions.find((x) => x.oid === "2.5.29.21");
  if (!e) return null;
  const v = e.value;
  // x509_crl.c: *object.ptr == ASN1_ENUMERATED && asn1_length(&object) == 1
  return v.length === 3 && v[0] === 0x0a && v[1] === 1 ? v[2]! : null;
}

/** How charon prints a reason (`%N` of crl_reason_names; a value past the list prints as `(N)`). */
export function crlReasonLogName(code: number | null): string {
  return CRL_REASON_LOG_NAMES[code ?? 0] ?? `(${code})`;
}
