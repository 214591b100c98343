/**
 * explain knows the lines of strongSwan's constraints plugin (name constraints, policies) and of
 * cert_policy; the exact texts are the ones charon 5.9.8-5+deb12u6 and pki printed in the tier
 * (test/strongswan/constraints-diff.test.ts, cert-policy.test.ts) and 6.0.6's source.
 */
import { describe, expect, it } from "vitest";
import { explainLine, explainLog } from "../lib/index.js";
import { CONSTRAINT_LINE } from "./constraint-scenarios.js";

const LINES: Array<{ line: string; rule: string; faq: string | null; says: RegExp }> = [
  {
    line: "06[CFG] <c|1> certificate 'C=CH, O=T, CN=leaf' does not match permitted name constraint 'example.com'",
    rule: "name-constraint-permitted",
    faq: "no-trusted-public-key",
    says: /permitted subtrees\) to 'example\.com'/,
  },
  {
    line: "06[CFG] <c|1> subject alternative name 'vpn.example.org' of certificate 'C=CH, CN=x' does not match any permitted name constraints",
    rule: "name-constraint-permitted",
    faq: "no-trusted-public-key",
    says: /the SAN 'vpn\.example\.org'/,
  },
  {
    line: "06[CFG] <c|1> certificate 'C=CH, O=T, CN=leaf' matches excluded name constraint 'C=CH, O=Evil'",
    rule: "name-constraint-excluded",
    faq: "no-trusted-public-key",
    says: /excludes the names under 'C=CH, O=Evil'/,
  },
  {
    line: "subject of certificate 'C=CH, CN=x' matches excluded name constraint 'C=CH'",
    rule: "name-constraint-excluded",
    faq: "no-trusted-public-key",
    says: /excluded subtrees/,
  },
  {
    line: "intermediate CA 'C=CH, O=T, CN=Sub' does not inherit permitted name constraint 'example.com'",
    rule: "name-constraint-not-inherited",
    faq: "no-trusted-public-key",
    says: /before 5\.9\.14/,
  },
  {
    line: "excluded ID_DER_ASN1_DN NameConstraint not supported",
    rule: "name-constraint-unsupported",
    faq: "no-trusted-public-key",
    says: /refuses every certificate below/,
  },
  {
    line: "ID_DER_ASN1_GN_URI NameConstraint matching not implemented",
    rule: "name-constraint-unsupported",
    faq: "no-trusted-public-key",
    says: /cannot match names against a ID_DER_ASN1_GN_URI/,
  },
  {
    line: "ignoring name constraint 'example.org' in certificate 'C=CH, CN=Sub' that's not permitted by parent CAs",
    rule: "name-constraint-widened",
    faq: null,
    says: /permits 'example\.org'/,
  },
  {
    line: "policy 2.16.840.1.101.3.2.1.48.2 missing in issuing certificate 'C=CH, CN=Sub'",
    rule: "policy-missing",
    faq: "no-trusted-public-key",
    says: /requireExplicitPolicy/,
  },
  {
    line: "certificate 'C=CH, CN=Sub2' maps policy from 2.16.840.1.101.3.2.1.48.3, but issuer misses it",
    rule: "policy-mapping-missing",
    faq: "no-trusted-public-key",
    says: /maps the policy 2\.16\.840\.1\.101\.3\.2\.1\.48\.3/,
  },
  {
    line: "found anyPolicy in certificate 'C=CH, CN=Sub', but inhibitAnyPolicy in effect",
    rule: "policy-inhibited",
    faq: "no-trusted-public-key",
    says: /inhibitAnyPolicy/,
  },
  {
    line: "found policyMapping in certificate 'C=CH, CN=Sub', but inhibitPolicyMapping in effect",
    rule: "policy-inhibited",
    faq: "no-trusted-public-key",
    says: /inhibitPolicyMapping/,
  },
  {
    line: "05[CFG] <ikc|1> certificate policy 1.3.6.1.4.1.36906.1.1 for 'C=CH, CN=client' not allowed by trustchain, ignored",
    rule: "policy-not-allowed",
    faq: null,
    says: /before strongSwan 6\.0\.1 the root/,
  },
  {
    line: "05[CFG] <ikc|1> constraint requires cert policy 1.3.6.1.4.1.36906.1.1",
    rule: "cert-policy-required",
    faq: "constraint-check-failed",
    says: /remote\.cert_policy/,
  },
];

describe("explain: constraints plugin lines", () => {
  it.each(LINES)("$rule: $line", ({ line, rule, faq, says }) => {
    const e = explainLine(line);
    expect(e.known).toBe(true);
    expect(e.rule).toBe(rule);
    expect(e.faq).toBe(faq);
    expect(`${e.meaning}\n${e.causes.join("\n")}`).toMatch(says);
    expect(e.next.join(" ")).toMatch(/ikecert (chain|inspect)/);
  });

  it("every line the constraint pattern of the tier knows is explained", () => {
    for (const { line } of LINES) {
      const message = line.replace(/^\d+\[\w+\] (<[^>]*> )?/, "");
      if (CONSTRAINT_LINE.test(message)) expect(explainLine(line).known, line).toBe(true);
    }
  });

  it("in a log, the policy refusal is one failure with the trustchain line as its context", () => {
    const log = [
      "05[CFG] <ikc|1> certificate policy 1.3.6.1.4.1.36906.1.1 for 'C=CH, CN=client' not allowed by trustchain, ignored",
      "05[IKE] <ikc|1> authentication of 'C=CH, CN=client' with ECDSA_WITH_SHA256_DER successful",
      "05[CFG] <ikc|1> constraint requires cert policy 1.3.6.1.4.1.36906.1.1",
      "05[CFG] <ikc|1> selected peer config 'ikc' unacceptable: non-matching authentication done",
    ].join("\n");
    const r = explainLog(log);
    const e = r.entries.find((x) => x.rule === "cert-policy-required")!;
    expect(e.faq).toBe("constraint-check-failed");
  });
});
