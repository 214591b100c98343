/**
 * Whether strongSwan can load a certificate at all (x509 plugin, x509_cert.c parse_certificate; the
 * openssl plugin refuses unknown critical extensions as well). A certificate it cannot load is
 * neither an end entity it can verify nor an issuer it can use.
 */
import { children, content, decodeOid, expectTlv, TAG } from "../../asn1/der.js";
import type { Certificate, Extension } from "../../input/certificate.js";
import type { Rules } from "../../rules.js";
import { constraintLoadProblem } from "./constraint-load.js";

/** Extensions the x509 plugin understands; any other one marked critical makes it refuse the cert. */
const SUPPORTED_EXTENSIONS = new Set([
  "2.5.29.14", // subjectKeyIdentifier
  "2.5.29.17", // subjectAltName
  "2.5.29.19", // basicConstraints
  "2.5.29.31", // cRLDistributionPoints
  "2.5.29.35", // authorityKeyIdentifier
  "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
  "2.5.29.15", // keyUsage
  "2.5.29.37", // extKeyUsage
  "1.3.6.1.5.5.7.1.7", // ipAddrBlocks
  "2.5.29.30", // nameConstraints
  "2.5.29.32", // certificatePolicies
  "2.5.29.33", // policyMappings
  "2.5.29.36", // policyConstraints
  "2.5.29.54", // inhibitAnyPolicy
  "2.16.840.1.113730.1.3", // nsRevocationUrl
  "2.16.840.1.113730.1.4", // nsCaRevocationUrl
  "2.16.840.1.113730.1.8", // nsCaPolicyUrl
  "2.16.840.1.113730.1.13", // nsComment
]);

/** Names strongSwan's oid.txt gives extensions it knows but does not support (for its log line). */
const OID_TXT_NAMES: Record<string, string> = {
  "2.5.29.9": "subjectDirectoryAttrs",
  "2.5.29.16": "privateKeyUsagePeriod",
  "2.5.29.18": "issuerAltName",
  "2.5.29.46": "freshestCRL",
  "2.5.29.55": "targetInformation",
  "2.5.29.56": "noRevAvail",
};

/** Key types strongSwan's plugins (pkcs1, openssl, curve25519) build public keys for. */
const LOADABLE_KEYS = new Set(["RSA", "RSA-PSS", "ECDSA", "ED25519", "ED448"]);

export interface LoadProblem {
  reason: string;
  /** what charon's log shows, when it is one exact line */
  log: string | null;
}

function innerSignatureOid(c: Certificate): string | null {
  try {
    const tbs = c.tbs;
    const seq = expectTlv(tbs, 0, TAG.SEQUENCE, tbs.length, "tbs");
    const f = children(tbs, seq);
    const alg = f[f[0]?.tag === 0xa0 ? 2 : 1];
    if (!alg) return null;
    return decodeOid(content(tbs, children(tbs, alg)[0]!));
  } catch {
    return null;
  }
}

/** Why strongSwan refuses a certificate for this one extension: critical and not supported; else null. */
export function unsupportedCriticalExtension(e: Extension): LoadProblem | null {
  if (!e.critical || SUPPORTED_EXTENSIONS.has(e.oid)) return null;
  return {
    reason: `it has a critical ${e.name ?? "unknown"} extension (${e.oid}) strongSwan does not support`,
    log: `critical '${OID_TXT_NAMES[e.oid] ?? "unknown"}' extension not supported`,
  };
}

export function loadProblems(c: Certificate, rules?: Rules): LoadProblem[] {
  const out: LoadProblem[] = [];
  const constraints = rules ? constraintLoadProblem(c, rules) : null;
  if (constraints) out.push(constraints);
  for (const e of c.extensions) {
    const p = unsupportedCriticalExtension(e);
    if (p) out.push(p);
  }
  if (!LOADABLE_KEYS.has(c.publicKey.algorithm))
    out.push({
      reason: `strongSwan cannot use its ${c.publicKey.algorithm === "UNKNOWN" ? c.publicKey.algorithmOid : c.publicKey.algorithm} public key`,
      log: null,
    });
  const inner = innerSignatureOid(c);
  if (inner && inner !== c.signatureAlgorithm.oid)
    out.push({
      reason: "its inner and outer signature algorithms differ",
      log: "  signature algorithms do not agree",
    });
  return out;
}
