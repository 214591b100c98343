/**
 * The certificate as strongSwan's x509 plugin sees it. Its ASN.1 template expects the optional
 * issuerUniqueID/subjectUniqueID as constructed [1]/[2]; the usual primitive encoding (RFC 5280
 * IMPLICIT BIT STRING) makes the parser skip the extensions, so the certificate loads without
 * basicConstraints, key identifiers, keyUsage or SANs (seen with PKITS 4.3.6: `pki --print` shows
 * no CA flag). x509_cert.c certObjects.
 */
import { expectTlv, readTlv, TAG } from "../../asn1/der.js";
import { noExtensionFields } from "../../x509/certificate.js";
import type { ChainCertificate } from "./types.js";

const views = new WeakMap<ChainCertificate, ChainCertificate>();
const primitiveUid = new WeakMap<Uint8Array, boolean>();
/** The views made here (a view is its own view). */
const stripped = new WeakSet<ChainCertificate>();

/** Whether the TBS holds a primitive issuerUniqueID or subjectUniqueID (once per TBS). */
export function hasPrimitiveUniqueId(c: ChainCertificate): boolean {
  let v = primitiveUid.get(c.tbs);
  if (v === undefined) {
    v = false;
    try {
      const seq = expectTlv(c.tbs, 0, TAG.SEQUENCE, c.tbs.length, "tbs");
      for (let pos = seq.contentStart; pos < seq.end && !v; ) {
        const t = readTlv(c.tbs, pos, seq.end);
        v = t.tag === 0x81 || t.tag === 0x82;
        pos = t.end;
      }
    } catch {
      v = false;
    }
    primitiveUid.set(c.tbs, v);
  }
  return v;
}

/**
 * The certificate as the x509 plugin parses it: itself, or without its extensions. Only the second is
 * kept in the WeakMap: an entry whose value is its own key is kept alive by every young-generation
 * collection (V8's scavenger holds WeakMap values strongly), so each batch line's certificate would
 * be promoted to the old generation instead of dying young.
 */
export function strongswanView(c: ChainCertificate): ChainCertificate {
  if (!hasPrimitiveUniqueId(c) || stripped.has(c)) return c;
  let v = views.get(c);
  if (!v) {
    v = { ...c, extensions: [], ...noExtensionFields() };
    views.set(c, v);
    stripped.add(v);
  }
  return v;
}
