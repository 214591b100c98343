/**
 * Audit of a remote round's certificate policy requirement (swanctl `remote.cert_policy`,
 * ipsec.conf `rightcertpolicy`): charon compares the policies the peer's chain carries with these
 * OIDs as text (auth_cfg.c complies), and before 6.0.1 the root itself must carry each of them
 * (constraints_validator.c is_policy_valid). Pure.
 */
import { formatOrigin, type Origin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import { ANY_POLICY, certConstraints } from "../../input/ext-constraints.js";
import { rulesFor } from "../../rules.js";
import { selfSigned } from "../chain/issuer.js";
import { requiredPoliciesOf } from "../chain/policies.js";
import type { RemoteRound } from "../endpoint.js";
import type { AuditOptions } from "./local.js";

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;

export function certPolicyFindings(r: RemoteRound, opts: AuditOptions): Finding[] {
  const { oids, setting } = requiredPoliciesOf(r.round.settings);
  if (!setting) return [];
  const label = `remote round '${r.round.name}'`;
  const file = formatOrigin(setting.origin as Origin | null);
  const out: Finding[] = [];
  const rules = rulesFor(opts.strongswan);
  const roots = r.anchors.filter((c) => selfSigned(c));
  for (const oid of oids) {
    if (!OID.test(oid)) {
      out.push(
        finding("REMOTE_CERT_POLICY_NOT_OID", {
          message: `${label}: cert_policy '${oid}' is not a dotted OID; charon compares it as text with the certificate's policies, so no peer ever satisfies it`,
          log: `constraint requires cert policy ${oid}`,
          file,
        }),
      );
      continue;
    }
    const carries = (c: (typeof roots)[number]) => {
      const cc = certConstraints(c);
      if (!cc.policies?.length) return rules.rootPoliciesOptional;
      return (
        cc.policies.includes(oid) ||
        cc.policies.includes(ANY_POLICY) ||
        cc.mappings.some((m) => m.subject === oid)
      );
    };
    if (roots.length > 0 && !roots.some(carries))
      out.push(
        finding("REMOTE_CERT_POLICY_NO_ROOT", {
          message: `${label}: cert_policy ${oid} is required, but no trusted root (${roots.map((c) => `"${c.subject.printed}"`).join(", ")}) lists it, anyPolicy or a mapping to it${rules.rootPoliciesOptional ? "" : "; before strongSwan 6.0.1 a root without policies does not carry it either"}: every peer is refused`,
          log: `constraint requires cert policy ${oid}`,
          file,
        }),
      );
  }
  if (out.length === 0)
    out.push(
      finding("REMOTE_CERT_POLICY", {
        message: `${label}: the peer's certificate must list ${oids.join(", ")}, and every CA of its chain must carry ${oids.length > 1 ? "them" : "it"} (listed, anyPolicy, or mapped)${rules.rootPoliciesOptional ? "; a root without policies is left out" : ", the root included"}`,
        file,
      }),
    );
  return out;
}
