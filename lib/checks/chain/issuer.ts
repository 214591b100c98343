/**
 * Issuer lookup as charon does it: candidates by name (has_subject with the child's issuer DN, so
 * rdn_matching applies), then x509_cert.c issued_by(): CA=TRUE, AKI keyId against the candidate's
 * SKI (or its computed SHA-1 subjkey) and then no DN compare, else strict DN equality, and finally
 * the signature.
 */

import { bytesEqual } from "../../bytes.js";
import { dnEquals, dnMatchLevel, type RdnMatching } from "../../identity/dn.js";
import type { Certificate } from "../../x509/certificate.js";
import { signatureVerifies } from "./signature.js";

export const sameCert = (a: Certificate, b: Certificate) =>
  a === b || (a.der.length === b.der.length && Buffer.compare(Buffer.from(a.der), Buffer.from(b.der)) === 0);

/** x509 get_subjectKeyIdentifier(): the SKI extension, else the computed SHA-1 of the public key. */
export function subjectKeyId(c: Certificate): Uint8Array {
  return c.subjectKeyId ?? c.publicKey.keyIds.subjkey;
}

/**
 * has_subject(id) for a DN id: the subject or a directoryName SAN matches (identification.c
 * matches_dn, the same rules as identities, so charon.rdn_matching applies).
 */
export function hasSubjectDn(c: Certificate, dn: Uint8Array, mode: RdnMatching): boolean {
  if (dnMatchLevel(c.subject.der, dn, mode) > 0) return true;
  return c.sans.some((s) => s.kind === "directoryName" && dnMatchLevel(s.encoding, dn, mode) > 0);
}

export type IssuedByFailure = "not-ca" | "aki-mismatch" | "dn-mismatch" | "bad-signature" | null;

/** Why `cand` does not issue `child` under issued_by()'s rules; null when it does. */
export function issuedByFailure(child: Certificate, cand: Certificate): IssuedByFailure {
  if (sameCert(child, cand)) return selfSigned(child) ? null : "bad-signature";
  if (cand.basicConstraints?.ca !== true) return "not-ca";
  if (child.authorityKeyId) {
    if (!bytesEqual(child.authorityKeyId, subjectKeyId(cand))) return "aki-mismatch";
  } else if (!dnEquals(child.issuer.der, cand.subject.der)) return "dn-mismatch";
  return signatureVerifies(child, cand) ? null : "bad-signature";
}

const selfSignedCache = new WeakMap<Certificate, boolean>();

/** The X509_SELF_SIGNED flag: issued_by(self) at load time (no CA=TRUE needed). */
export function selfSigned(c: Certificate): boolean {
  let v = selfSignedCache.get(c);
  if (v !== undefined) return v;
  if (c.authorityKeyId) v = bytesEqual(c.authorityKeyId, subjectKeyId(c));
  else v = dnEquals(c.issuer.der, c.subject.der);
  v = v && signatureVerifies(c, c);
  selfSignedCache.set(c, v);
  return v;
}

/** get_issuer_cert(): the first candidate of `pool` that issued `child`. */
export function findIssuer(child: Certificate, pool: Certificate[], mode: RdnMatching): Certificate | null {
  for (const cand of pool) {
    if (!hasSubjectDn(cand, child.issuer.der, mode)) continue;
    if (issuedByFailure(child, cand) === null) return cand;
  }
  return null;
}
