/**
 * Which plugin reads a certificate, as far as the constraint extensions decide it (Debian's default
 * plugin order: x509 first, openssl after it). The x509 plugin refuses a certificate whose
 * nameConstraints hold a name kind it cannot parse (any iPAddress range before 5.9.12;
 * x400Address, ediPartyName, registeredID and unknown otherNames always) or whose constraint
 * extensions are malformed. The openssl plugin then takes it, but it knows none of these five
 * extensions: it refuses the certificate when one of them is critical
 * ("found unsupported critical X.509 extension: ..."), and otherwise loads it without any
 * constraints (openssl_x509.c: empty name constraint and policy enumerators).
 */
import { rejectedByX509Plugin } from "../../identity/certificate.js";
import type { Certificate } from "../../input/certificate.js";
import { certConstraints, unparsableConstraintKinds } from "../../input/ext-constraints.js";
import type { Rules } from "../../rules.js";

const CONSTRAINT_EXTENSIONS = new Set(["2.5.29.30", "2.5.29.32", "2.5.29.33", "2.5.29.36", "2.5.29.54"]);

/** OpenSSL's long names, as openssl_x509.c prints them (OBJ_obj2txt). */
const OPENSSL_NAMES: Record<string, string> = {
  nameConstraints: "X509v3 Name Constraints",
  certificatePolicies: "X509v3 Certificate Policies",
  policyMappings: "X509v3 Policy Mappings",
  policyConstraints: "X509v3 Policy Constraints",
  inhibitAnyPolicy: "X509v3 Inhibit Any Policy",
};

/** Why the x509 plugin refuses the certificate because of a constraint extension, or null. */
export function constraintParseProblem(cert: Certificate, rules: Rules): string | null {
  const cc = certConstraints(cert);
  if (cc.malformed) return cc.malformed;
  const bad = unparsableConstraintKinds(cc, rules.ipNameConstraints);
  if (bad.length === 0) return null;
  const ipRange = bad.some((b) => b.detail.startsWith("iPAddress range"));
  return `its nameConstraints hold ${bad.map((b) => b.detail).join(", ")}, which the x509 plugin cannot parse${ipRange && !rules.ipNameConstraints ? " (iPAddress constraints are parsed from 5.9.12 on)" : ""}`;
}

/** the last answer per certificate (one validation asks many times with the same rules) */
const parsedCache = new WeakMap<Certificate, { rules: Rules; parsed: boolean }>();

/** Whether the x509 plugin parses the certificate (else the openssl plugin does, if it can). */
export function parsedByX509(cert: Certificate, rules: Rules): boolean {
  const hit = parsedCache.get(cert);
  if (hit?.rules === rules) return hit.parsed;
  const parsed = !rejectedByX509Plugin(cert, rules) && constraintParseProblem(cert, rules) === null;
  parsedCache.set(cert, { rules, parsed });
  return parsed;
}

export interface ConstraintLoadProblem {
  reason: string;
  log: string;
}

/**
 * A certificate neither plugin loads: the x509 plugin refuses it (a constraint extension or a SAN
 * it cannot parse) and the openssl plugin refuses its critical constraint extension.
 */
export function constraintLoadProblem(cert: Certificate, rules: Rules): ConstraintLoadProblem | null {
  if (!cert.extensions.some((e) => e.critical && CONSTRAINT_EXTENSIONS.has(e.oid))) return null;
  if (parsedByX509(cert, rules)) return null;
  const critical = certConstraints(cert).critical;
  if (critical.length === 0) return null;
  const why = constraintParseProblem(cert, rules) ?? "it has a SAN the x509 plugin cannot represent";
  const first = critical[0]!;
  return {
    reason: `${why}, and the openssl plugin, which would read it next, refuses a certificate with a critical ${critical.join(", ")} extension`,
    log: `found unsupported critical X.509 extension: ${OPENSSL_NAMES[first] ?? first}`,
  };
}

/**
 * A certificate the openssl plugin reads in place of the x509 plugin: it loads, but its constraint
 * extensions are not enforced. Null when the x509 plugin reads it, or when it does not load at all.
 */
export function constraintsDroppedReason(cert: Certificate, rules: Rules): string | null {
  if (parsedByX509(cert, rules) || constraintLoadProblem(cert, rules)) return null;
  if (!cert.extensions.some((e) => CONSTRAINT_EXTENSIONS.has(e.oid))) return null;
  return constraintParseProblem(cert, rules) ?? "it has a SAN the x509 plugin cannot represent";
}
