/**
 * The certificate as strongSwan's x509 plugin sees it. Its ASN.1 template expects the optional
 * issuerUniqueID/subjectUniqueID as constructed [1]/[2]; the usual primitive encoding (RFC 5280
 * IMPLICIT BIT STRING) makes the parser skip the extensions, so the certificate loads without
 * basicConstraints, key identifiers, keyUsage or SANs (seen with PKITS 4.3.6: `pki --print` shows
 * no CA flag). x509_cert.c certObjects.
 */
import { children, expectTlv, TAG } from "../../asn1/der.js";
import { noExtensionFields } from "../../x509/certificate.js";
import type { ChainCertificate } from "./types.js";

const views = new WeakMap<ChainCertificate, ChainCertificate>();

export function hasPrimitiveUniqueId(c: ChainCertificate): boolean {
  try {
    const seq = expectTlv(c.tbs, 0, TAG.SEQUENCE, c.tbs.length, "tbs");
    return children(c.tbs, seq).some((t) => t.tag === 0x81 || t.tag === 0x82);
  } catch {
    return false;
  }
}

export function strongswanView(c: ChainCertificate): ChainCertificate {
  let v = views.get(c);
  if (v) return v;
  v = hasPrimitiveUniqueId(c) ? { ...c, extensions: [], ...noExtensionFields() } : c;
  views.set(c, v);
  views.set(v, v);
  return v;
}
