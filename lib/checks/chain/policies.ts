/**
 * Certificate policies as strongSwan's constraints plugin checks them once a chain reaches its
 * trusted root (constraints_validator.c check_policy_constraints), and the policies a connection
 * demands (swanctl `remote.cert_policy`, ipsec.conf `rightcertpolicy`; auth_cfg.c complies).
 *
 * strongSwan's model is not RFC 5280's policy tree:
 * - requireExplicitPolicy does not demand a policy: it makes every policy a certificate lists (and
 *   every policy mapping's issuer side) have to appear in its issuer, or the issuer must list
 *   anyPolicy or map to it ("policy ... missing in issuing certificate"). A certificate without
 *   certificatePolicies passes.
 * - inhibitPolicyMapping / inhibitAnyPolicy forbid policyMappings / anyPolicy in the certificates
 *   more than SkipCerts levels below the CA that sets them (counted from the end entity).
 * - the end entity's policies that the chain carries (equal, anyPolicy or mapped at every level,
 *   root included before 6.0.1 unless it is a self-signed root without policies) are what a
 *   connection's `cert_policy` can require; the others are logged and ignored.
 * - policyConstraints in the RFC 5280 encoding are skipped by the x509 plugin (ext-constraints.ts).
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import {
  ANY_POLICY,
  type CertConstraints,
  certConstraints,
  noConstraints,
} from "../../input/ext-constraints.js";
import type { Rules } from "../../rules.js";
import { parsedByX509 } from "./constraint-load.js";
import { selfSigned } from "./issuer.js";
import type { ChainCertificate } from "./types.js";

export interface PolicyOutcome {
  /** the failures, in the order charon logs them (the first decides) */
  errors: Finding[];
  /** lines logged without failing, and policyConstraints strongSwan skips */
  notes: Finding[];
  /** the end entity's policies charon adds to the authentication (AUTH_RULE_CERT_POLICY) */
  valid: string[];
  /** index into the path of the certificate the first failure names */
  failedAt: number | null;
}

const fileOpt = (c: ChainCertificate) => (c.source?.file ? { file: c.source.file } : {});

const NONE: CertConstraints = noConstraints();

function view(rules: Rules): (c: ChainCertificate) => CertConstraints {
  return (c) => (parsedByX509(c, rules) ? certConstraints(c) : NONE);
}

/** Does `issuer` list `oid` (or anyPolicy), or map some policy to it (has_policy)? */
function hasPolicy(issuer: CertConstraints, oid: string): boolean {
  if (issuer.policies?.some((p) => p === oid || p === ANY_POLICY)) return true;
  return issuer.mappings.some((m) => m.subject === oid);
}

/** is_policy_valid: follows mappings up the chain (at most 8 per certificate). */
function policyValid(chain: CertConstraints[], first: string): boolean {
  let oid = first;
  let found = true;
  for (const c of chain) {
    let maxmap = 8;
    while (found) {
      found = false;
      if (c.policies?.some((p) => p === oid || p === ANY_POLICY)) {
        found = true;
        break;
      }
      const m = c.mappings.find((x) => x.subject === oid);
      if (m) {
        oid = m.issuer;
        found = true;
      }
      if (--maxmap === 0) {
        found = false;
        break;
      }
    }
    if (!found) break;
  }
  return found;
}

/** The policy checks at the anchor. `path` runs from the end entity up to the trusted root. */
export function checkPolicies(path: ChainCertificate[], rules: Rules): PolicyOutcome {
  const out: PolicyOutcome = { errors: [], notes: [], valid: [], failedAt: null };
  const C = view(rules);
  const cs = path.map(C);
  const ee = path[0]!;
  const err = (code: string, cert: ChainCertificate, message: string, log: string) => {
    out.errors.push(finding(code, { message, log, ...fileOpt(cert) }));
    out.failedAt ??= path.indexOf(cert);
  };

  for (const [i, c] of cs.entries()) {
    const s = c.skippedPolicyConstraints;
    if (!s) continue;
    const parts = [
      s.requireExplicitPolicy !== null ? `requireExplicitPolicy ${s.requireExplicitPolicy}` : null,
      s.inhibitPolicyMapping !== null ? `inhibitPolicyMapping ${s.inhibitPolicyMapping}` : null,
    ].filter(Boolean);
    out.notes.push(
      finding("CHAIN_POLICY_CONSTRAINTS_SKIPPED", {
        message: `"${path[i]!.subject.printed}" sets ${parts.join(" and ")} in the RFC 5280 encoding ([0]/[1] IMPLICIT INTEGER); strongSwan's x509 plugin reads only the form \`pki --issue\` writes ([0]/[1] around an INTEGER) and ignores these`,
        ...fileOpt(path[i]!),
      }),
    );
  }

  // requireExplicitPolicy: chain without the end entity, the EE's issuer first
  const up = cs.slice(1);
  let valid = true;
  const policyChain = (n: number): boolean => {
    let subject = 0; // index into path
    for (let k = 0; k < n && k < up.length; k++) {
      const s = cs[subject]!;
      const issuer = up[k]!;
      for (const m of s.mappings)
        if (!hasPolicy(issuer, m.issuer)) {
          err(
            "CHAIN_POLICY_MAPPING_NOT_IN_ISSUER",
            path[subject]!,
            `"${path[subject]!.subject.printed}" maps the policy ${m.issuer} of its issuer, but "${path[k + 1]!.subject.printed}" does not list it (a requireExplicitPolicy in force makes strongSwan check this)`,
            `certificate '${path[subject]!.subject.printed}' maps policy from ${m.issuer}, but issuer misses it`,
          );
          return false;
        }
      for (const p of s.policies ?? [])
        if (!hasPolicy(issuer, p)) {
          err(
            "CHAIN_POLICY_MISSING",
            path[subject]!,
            `"${path[subject]!.subject.printed}" lists the policy ${p}, which its issuer "${path[k + 1]!.subject.printed}" neither lists nor maps (nor allows with anyPolicy); a requireExplicitPolicy in force makes strongSwan check this`,
            `policy ${p} missing in issuing certificate '${path[subject]!.issuer.printed}'`,
          );
          return false;
        }
      subject = k + 1;
    }
    return true;
  };
  for (const [len, c] of up.entries()) {
    const expl = c.policyConstraints.requireExplicitPolicy;
    if (expl !== null && !policyChain(len - expl)) {
      valid = false;
      break;
    }
  }

  // inhibitPolicyMapping / inhibitAnyPolicy: chain with the end entity first
  const noMapping = (n: number): boolean => {
    for (let k = 0; k < n && k < cs.length; k++)
      if (cs[k]!.mappings.length > 0) {
        err(
          "CHAIN_POLICY_MAPPING_INHIBITED",
          path[k]!,
          `"${path[k]!.subject.printed}" has policyMappings, but a CA above it inhibits policy mapping at that depth (inhibitPolicyMapping)`,
          `found policyMapping in certificate '${path[k]!.subject.printed}', but inhibitPolicyMapping in effect`,
        );
        return false;
      }
    return true;
  };
  const noAnyPolicy = (n: number): boolean => {
    let ok = true;
    for (let k = 0; k < n && k < cs.length; k++)
      if (cs[k]!.policies?.includes(ANY_POLICY)) {
        err(
          "CHAIN_ANY_POLICY_INHIBITED",
          path[k]!,
          `"${path[k]!.subject.printed}" lists anyPolicy, but a CA above it inhibits anyPolicy at that depth (inhibitAnyPolicy)`,
          `found anyPolicy in certificate '${path[k]!.subject.printed}', but inhibitAnyPolicy in effect`,
        );
        ok = false;
      }
    return ok;
  };
  for (const [len, c] of cs.entries()) {
    const inhMap = c.policyConstraints.inhibitPolicyMapping;
    if (inhMap !== null && !noMapping(len - inhMap)) {
      valid = false;
      break;
    }
    const inhAny = c.inhibitAnyPolicy;
    if (inhAny !== null && !noAnyPolicy(len - inhAny)) {
      valid = false;
      break;
    }
  }
  if (!valid) return out;

  // the end entity's policies the chain carries
  const anchor = path.at(-1)!;
  const rootLeftOut = rules.rootPoliciesOptional && selfSigned(anchor) && !cs.at(-1)!.policies?.length;
  const chain = rootLeftOut ? cs.slice(0, -1) : cs;
  for (const oid of cs[0]!.policies ?? []) {
    if (policyValid(chain, oid)) out.valid.push(oid);
    else
      out.notes.push(
        finding("CHAIN_POLICY_NOT_ALLOWED", {
          message: `the policy ${oid} of "${ee.subject.printed}" is not carried by every CA of the chain${!rootLeftOut && !cs.at(-1)!.policies?.length ? ` (the root "${anchor.subject.printed}" lists no policies; strongSwan before 6.0.1 requires the root to carry it too)` : ""}: a connection that requires it (cert_policy) refuses the peer`,
          log: `certificate policy ${oid} for '${ee.subject.printed}' not allowed by trustchain, ignored`,
          ...fileOpt(ee),
        }),
      );
  }
  return out;
}

/**
 * auth_cfg.c complies: every OID in `required` must be among the end entity's valid policies; the
 * first one missing is logged and the connection is refused.
 */
export function requiredPolicyFinding(
  required: readonly string[],
  valid: readonly string[],
  ee: ChainCertificate,
  listed: readonly string[] | null,
): Finding | null {
  const missing = required.find((r) => !valid.includes(r));
  if (missing === undefined) return null;
  const why = listed?.includes(missing)
    ? "lists it, but the chain does not carry it (see the finding above)"
    : listed?.includes(ANY_POLICY)
      ? "lists only anyPolicy, which charon compares as the text 2.5.29.32.0 and never as the required OID"
      : `does not list it${listed?.length ? ` (it has ${listed.join(", ")})` : " (no certificatePolicies)"}`;
  return finding("CHAIN_POLICY_REQUIRED", {
    message: `the connection requires the certificate policy ${missing}; "${ee.subject.printed}" ${why}`,
    log: `constraint requires cert policy ${missing}`,
    ...fileOpt(ee),
  });
}

/**
 * The certificate policies an authentication round requires: swanctl `cert_policy` (comma
 * separated), ipsec.conf `leftcertpolicy`/`rightcertpolicy` (comma or space separated), as
 * stroke_config.c and vici_config.c split them. The setting is compared as text by charon.
 */
export function requiredPoliciesOf(settings: Record<string, { value: string; origin: unknown }>): {
  oids: string[];
  setting: { value: string; origin: unknown } | null;
} {
  const key = Object.keys(settings).find((k) => /^(?:cert_policy|(?:left|right)certpolicy2?)$/.test(k));
  if (!key) return { oids: [], setting: null };
  const setting = settings[key]!;
  return { oids: setting.value.split(/[,\s]+/).filter(Boolean), setting };
}
