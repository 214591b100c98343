/**
 * The constraints plugin at one step of charon's chain walk (constraints_validator.c validate,
 * called from credential_manager.c check_certificate after both lifetimes and the
 * pathLenConstraint): name constraints at every step up to 5.9.13 and at the trust anchor from
 * 5.9.14 on; certificate policies at the anchor. `path` is the chain from the end entity up to
 * `issuer` (the certificate just found).
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { certConstraints } from "../../input/ext-constraints.js";
import type { Rules } from "../../rules.js";
import { constraintRules, constraintsDropped } from "./constraint-load.js";
import {
  type NameConstraintOutcome,
  nameConstraintsPath,
  nameConstraintsStep,
  pathHasNameConstraints,
} from "./name-constraints.js";
import type { PluginSettings } from "./plugins.js";
import { checkPolicies } from "./policies.js";
import type { ChainCertificate, ChainMechanism } from "./types.js";

export interface ConstraintStep {
  findings: Finding[];
  /** set when the plugin refuses the chain */
  decidedBy: ChainMechanism | null;
  /** the certificate charon blames, as an index into `path` */
  failedAt: number | null;
  /** at the anchor: the end entity's policies the chain carries */
  policies: string[] | null;
}

/**
 * CVE-2026-35331: before 6.0.6 (and Debian's 5.9.8-5+deb12u4) dNSName and rfc822Name constraints
 * compare case-sensitively. Judged again with the fix: an excluded name that slipped through by its
 * case is a warning; a permitted failure that only the case causes is said in its message.
 */
function caseFinding(
  nc: NameConstraintOutcome,
  check: (r: Rules) => NameConstraintOutcome | null,
  rules: Rules,
): Finding | null {
  const fixed = check({ ...rules, caseInsensitiveNameConstraints: true });
  if (!nc.error && fixed?.error?.code === "CHAIN_NAME_EXCLUDED")
    return finding("CHAIN_NAME_EXCLUDED_BY_CASE", {
      message: `${fixed.error.message}, but only when case is ignored: strongSwan ${rules.release.text} compares case-sensitively and lets the certificate pass (CVE-2026-35331; fixed in 6.0.6 and Debian's 5.9.8-5+deb12u4)`,
      log: null,
      ...(fixed.error.file ? { file: fixed.error.file } : {}),
    });
  if (nc.error?.code === "CHAIN_NAME_NOT_PERMITTED" && fixed && !fixed.error)
    nc.error.message += `; it matches when case is ignored, as strongSwan 6.0.6 and Debian's 5.9.8-5+deb12u4 compare (CVE-2026-35331), but strongSwan ${rules.release.text} compares case-sensitively`;
  return null;
}

const isUpper = (b: number) => b >= 0x41 && b <= 0x5a;
const FQDN_OR_EMAIL = new Set(["ID_FQDN", "ID_RFC822_ADDR"]);

/** Whether a dNSName/rfc822Name (SAN or constraint) of the path holds an upper-case letter. */
function upperCaseNames(path: ChainCertificate[]): boolean {
  for (const c of path) {
    const nc = certConstraints(c).nameConstraints;
    const names = [...c.sans, ...(nc ? [...nc.permitted, ...nc.excluded] : [])];
    for (const n of names)
      if (n.idType && FQDN_OR_EMAIL.has(n.idType) && n.encoding.some(isUpper)) return true;
  }
  return false;
}

const POLICY_EXTENSIONS = new Set(["2.5.29.32", "2.5.29.33", "2.5.29.36", "2.5.29.54"]);

export function constraintsAtStep(
  path: ChainCertificate[],
  anchor: boolean,
  release: Rules,
  plugins?: PluginSettings,
): ConstraintStep {
  // the plugin in charge of each certificate decides what it hands over (constraint-load.ts)
  const rules = constraintRules(release, plugins);
  const out: ConstraintStep = { findings: [], decidedBy: null, failedAt: null, policies: null };
  if (anchor)
    for (const ca of path.slice(1)) {
      // a CA the openssl plugin holds brings no policies (and no name constraints before 5.9.12)
      const d = constraintsDropped(ca, rules);
      if (d)
        out.findings.push(
          finding("CHAIN_CONSTRAINTS_NOT_ENFORCED", {
            message: `"${ca.subject.printed}" is read by the openssl plugin (${d.why}), which hands the constraints plugin no ${d.dropped}: they are not enforced`,
            ...(ca.source?.file ? { file: ca.source.file } : {}),
          }),
        );
    }
  const check = (r: Rules) =>
    r.rfc5280NameConstraints
      ? anchor && pathHasNameConstraints(path)
        ? nameConstraintsPath(path, r)
        : null
      : nameConstraintsStep(path.at(-2)!, path.at(-1)!, r);
  const nc = check(rules);
  if (nc) {
    out.findings.push(...nc.notes);
    // only the names the check looked at: the whole path at the anchor, else subject and issuer
    const looked = rules.rfc5280NameConstraints ? path : path.slice(-2);
    const caseless =
      rules.caseInsensitiveNameConstraints || !upperCaseNames(looked) ? null : caseFinding(nc, check, rules);
    if (caseless) out.findings.push(caseless);
    if (nc.error) {
      out.findings.push(nc.error);
      out.decidedBy = "nameConstraints";
      out.failedAt = nc.violator ? path.indexOf(nc.violator) : path.length - 2;
      return out;
    }
  }
  if (!anchor) return out;
  if (!path.some((c) => c.extensions.some((e) => POLICY_EXTENSIONS.has(e.oid)))) {
    out.policies = [];
    return out;
  }
  const pol = checkPolicies(path, rules);
  out.findings.push(...pol.notes, ...pol.errors);
  if (pol.errors.length > 0) {
    out.decidedBy = "policy";
    // CRED_HOOK_POLICY_VIOLATION names the anchor; the log line names the certificate at fault
    out.failedAt = pol.failedAt ?? path.length - 1;
    return out;
  }
  out.policies = pol.valid;
  return out;
}
