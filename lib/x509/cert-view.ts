/**
 * A lazy view of a certificate for the identity hot path (batch mode, folder scans): one walk over
 * the DER that keeps the subject and the subjectAltName extension and skips everything else. No
 * hashing, no OID decoding, no printing; the full model (`parseCertificate`) is made on first use of
 * `certificate()` (key-id ids, near-miss explanations). test/reader-vs-peculiar.test.ts checks that
 * view, full parse and @peculiar/x509 agree.
 *
 * The view checks the structure it walks (Certificate, TBSCertificate fields and their types,
 * validity holding two times, every extension's OCTET STRING value, the SAN GeneralNames); the
 * contents it skips (time strings, the SubjectPublicKeyInfo, the signature algorithm) are checked
 * by `certificate()`.
 */
import { TAG } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import type { ReleaseLike } from "../rules.js";
import { type Certificate, parseCertificate } from "./certificate.js";
import { type GeneralName, parseGeneralNames, parseSanEntries, type SanEntry } from "./general-name.js";

/** A lazy view of a certificate's DER: what identity checks need, without the full parse. */
export interface CertificateView {
  der: Uint8Array;
  /** DER of the subject Name */
  subjectDer: Uint8Array;
  /** the subjectAltName entries without their texts (what matching needs) */
  sanEntries: SanEntry[];
  /** the subjectAltName entries with their texts (made on first use) */
  readonly sans: GeneralName[];
  /** the full certificate model, parsed on first use (throws CERT_MALFORMED like parseCertificate) */
  certificate(): Certificate;
}

function malformed(what: string): never {
  throw new IkecertError("CERT_MALFORMED", `not a valid X.509 certificate: ${what}`);
}

// One TLV read without allocating (the walk below reads a dozen per certificate): the header at
// `at` must fit before `limit`; sets R = [tag, content start, end], returns the end. Same rules as
// lib/asn1/der.ts readTlv: definite lengths only, at most 4 length octets, no high tag numbers.
// (a typed array, not module `let`s: no TDZ checks on every access)
const R = new Int32Array(3);
function tlv(b: Uint8Array, at: number, limit: number): number {
  if (at + 2 > limit) malformed("truncated ASN.1 data");
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) malformed("unsupported ASN.1 high tag number");
  let p = at + 1;
  let len = b[p++]!;
  if (len === 0x80) malformed("indefinite ASN.1 length (BER) where DER is required");
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4 || p + n > limit) malformed("bad ASN.1 length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++]!;
  }
  if (p + len > limit) malformed("truncated ASN.1 data");
  R[0] = tag;
  R[1] = p;
  R[2] = p + len;
  return p + len;
}

/** The tag of the last TLV read (a function: TypeScript would keep a narrowed value). */
const tag = () => R[0]!;

const isTime = (x: number) => x === TAG.UTCTime || x === TAG.GeneralizedTime;

/** Walk a DER certificate as far as the identity check needs. Throws CERT_MALFORMED. */
export function certificateView(der: Uint8Array, release?: ReleaseLike): CertificateView {
  const n = der.length;
  tlv(der, 0, n);
  if (tag() !== TAG.SEQUENCE || R[2]! !== n) malformed("not a single DER SEQUENCE");
  const tbsEnd = tlv(der, R[1]!, n);
  if (tag() !== TAG.SEQUENCE) malformed("tbsCertificate is not a SEQUENCE");
  let p = R[1]!;
  tlv(der, tbsEnd, n);
  const algOk = tag() === TAG.SEQUENCE;
  tlv(der, R[2]!, n);
  if (!algOk || tag() !== TAG.BIT_STRING || R[2]! !== n)
    malformed("Certificate needs tbsCertificate, signatureAlgorithm, signature");
  p = tlv(der, p, tbsEnd);
  if (tag() === 0xa0) p = tlv(der, p, tbsEnd); // version
  if (tag() !== TAG.INTEGER) malformed("tbsCertificate fields have unexpected types");
  p = tlv(der, p, tbsEnd); // signature algorithm
  p = tlv(der, p, tbsEnd); // issuer
  if (tag() !== TAG.SEQUENCE) malformed("tbsCertificate fields have unexpected types");
  const validityEnd = tlv(der, p, tbsEnd);
  const nbEnd = tlv(der, R[1]!, validityEnd);
  if (!isTime(tag())) malformed("validity needs two times");
  tlv(der, nbEnd, validityEnd);
  if (!isTime(tag())) malformed("validity needs two times");
  const subjectStart = validityEnd;
  p = tlv(der, validityEnd, tbsEnd);
  if (tag() !== TAG.SEQUENCE) malformed("tbsCertificate fields have unexpected types");
  const subjectDer = der.subarray(subjectStart, p);
  p = tlv(der, p, tbsEnd); // subjectPublicKeyInfo
  let san: Uint8Array | null = null;
  while (p < tbsEnd) {
    p = tlv(der, p, tbsEnd);
    if (tag() !== 0xa3) continue; // issuer/subject unique ids
    const extsEnd = tlv(der, R[1]!, R[2]!);
    if (tag() !== TAG.SEQUENCE) malformed("extensions are not a SEQUENCE");
    let q = R[1]!;
    while (q < extsEnd) {
      const extEnd = tlv(der, q, extsEnd);
      q = extEnd;
      const oidEnd = tlv(der, R[1]!, extEnd);
      if (tag() !== TAG.OID) malformed("extension without an id");
      const isSan =
        R[2]! - R[1]! === 3 && der[R[1]!] === 0x55 && der[R[1]! + 1] === 0x1d && der[R[1]! + 2] === 0x11;
      tlv(der, oidEnd, extEnd);
      if (tag() === TAG.BOOLEAN) tlv(der, R[2]!, extEnd);
      if (tag() !== TAG.OCTET_STRING) malformed("extension without a value");
      if (isSan) san = der.subarray(R[1]!, R[2]!); // the last one counts, as in parseCertificate
    }
  }
  const sanValue = san;
  let sanEntries: SanEntry[];
  try {
    sanEntries = sanValue ? parseSanEntries(sanValue) : [];
  } catch (e) {
    malformed(e instanceof IkecertError ? e.message : "unreadable subjectAltName");
  }
  return new LazyView(der, subjectDer, sanEntries, sanValue, release);
}

/** The view: a class, so that no closure is made per certificate (docs/speed.md). */
class LazyView implements CertificateView {
  #sanValue: Uint8Array | null;
  #release: ReleaseLike | undefined;
  #sans: GeneralName[] | undefined;
  #full: Certificate | undefined;
  constructor(
    readonly der: Uint8Array,
    readonly subjectDer: Uint8Array,
    readonly sanEntries: SanEntry[],
    sanValue: Uint8Array | null,
    release: ReleaseLike | undefined,
  ) {
    this.#sanValue = sanValue;
    this.#release = release;
  }
  get sans(): GeneralName[] {
    this.#sans ??= this.#sanValue ? parseGeneralNames(this.#sanValue, this.#release) : [];
    return this.#sans;
  }
  certificate(): Certificate {
    this.#full ??= parseCertificate(this.der, { strongswan: this.#release });
    return this.#full;
  }
}

/** The view of an already parsed certificate (same interface, nothing parsed twice). */
export function viewOf(cert: Certificate): CertificateView {
  return {
    der: cert.der,
    subjectDer: cert.subject.der,
    sanEntries: cert.sans,
    sans: cert.sans,
    certificate: () => cert,
  };
}
