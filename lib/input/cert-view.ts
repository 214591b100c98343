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
import { readTlv, TAG } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { type Certificate, parseCertificate } from "./certificate.js";
import { type GeneralName, parseGeneralNames } from "./general-name.js";

export interface CertificateView {
  der: Uint8Array;
  /** DER of the subject Name */
  subjectDer: Uint8Array;
  /** the subjectAltName entries (their printed values are made on first use) */
  sans: GeneralName[];
  /** the full certificate model, parsed on first use (throws CERT_MALFORMED like parseCertificate) */
  certificate(): Certificate;
}

const SAN_OID = [0x55, 0x1d, 0x11];

function malformed(what: string): never {
  throw new IkecertError("CERT_MALFORMED", `not a valid X.509 certificate: ${what}`);
}

/** Walk a DER certificate as far as the identity check needs. Throws CERT_MALFORMED. */
export function certificateView(der: Uint8Array): CertificateView {
  let subjectDer: Uint8Array;
  let sanValue: Uint8Array | null = null;
  let sans: GeneralName[];
  try {
    const top = readTlv(der, 0);
    if (top.tag !== TAG.SEQUENCE || top.end !== der.length) malformed("not a single DER SEQUENCE");
    const tbs = readTlv(der, top.contentStart, top.end);
    if (tbs.tag !== TAG.SEQUENCE) malformed("tbsCertificate is not a SEQUENCE");
    const alg = readTlv(der, tbs.end, top.end);
    const sig = readTlv(der, alg.end, top.end);
    if (alg.tag !== TAG.SEQUENCE || sig.tag !== TAG.BIT_STRING || sig.end !== top.end)
      malformed("Certificate needs tbsCertificate, signatureAlgorithm, signature");
    let t = readTlv(der, tbs.contentStart, tbs.end);
    if (t.tag === 0xa0) t = readTlv(der, t.end, tbs.end);
    const serial = t;
    const sigInner = readTlv(der, serial.end, tbs.end);
    const issuer = readTlv(der, sigInner.end, tbs.end);
    const validity = readTlv(der, issuer.end, tbs.end);
    const subject = readTlv(der, validity.end, tbs.end);
    const spki = readTlv(der, subject.end, tbs.end);
    if (serial.tag !== TAG.INTEGER || issuer.tag !== TAG.SEQUENCE || subject.tag !== TAG.SEQUENCE)
      malformed("tbsCertificate fields have unexpected types");
    const nb = readTlv(der, validity.contentStart, validity.end);
    const na = readTlv(der, nb.end, validity.end);
    const isTime = (x: number) => x === TAG.UTCTime || x === TAG.GeneralizedTime;
    if (!isTime(nb.tag) || !isTime(na.tag)) malformed("validity needs two times");
    subjectDer = der.subarray(subject.start, subject.end);
    for (let p = spki.end; p < tbs.end; ) {
      const f = readTlv(der, p, tbs.end);
      p = f.end;
      if (f.tag !== 0xa3) continue;
      const exts = readTlv(der, f.contentStart, f.end);
      if (exts.tag !== TAG.SEQUENCE) malformed("extensions are not a SEQUENCE");
      for (let q = exts.contentStart; q < exts.end; ) {
        const ext = readTlv(der, q, exts.end);
        q = ext.end;
        const oid = readTlv(der, ext.contentStart, ext.end);
        if (oid.tag !== TAG.OID) malformed("extension without an id");
        let v = readTlv(der, oid.end, ext.end);
        if (v.tag === TAG.BOOLEAN) v = readTlv(der, v.end, ext.end);
        if (v.tag !== TAG.OCTET_STRING) malformed("extension without a value");
        if (
          oid.end - oid.contentStart === 3 &&
          der[oid.contentStart] === SAN_OID[0] &&
          der[oid.contentStart + 1] === SAN_OID[1] &&
          der[oid.contentStart + 2] === SAN_OID[2]
        )
          sanValue = der.subarray(v.contentStart, v.end);
      }
    }
    sans = sanValue ? parseGeneralNames(sanValue) : [];
  } catch (e) {
    if (e instanceof IkecertError && e.code === "CERT_MALFORMED") throw e;
    malformed(e instanceof IkecertError ? e.message : "unreadable DER");
  }
  let full: Certificate | undefined;
  return {
    der,
    subjectDer,
    sans,
    certificate() {
      full ??= parseCertificate(der);
      return full;
    },
  };
}

/** The view of an already parsed certificate (same interface, nothing parsed twice). */
export function viewOf(cert: Certificate): CertificateView {
  return { der: cert.der, subjectDer: cert.subject.der, sans: cert.sans, certificate: () => cert };
}
