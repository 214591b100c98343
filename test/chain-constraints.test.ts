/**
 * Name constraints and certificate policies per strongSwan release, on the generated scenarios of
 * constraint-scenarios.ts: the verdict, the mechanism (`decidedBy`) and the last line charon logs
 * for the failure. The installed release's expectations are checked against `pki --verify` by
 * test/strongswan/constraints-diff.test.ts; the other releases are modelled from strongSwan's source.
 */
import { describe, expect, it } from "vitest";
import { expected, INSTALLED, judge, makeConstraintScenarios, RELEASES } from "./constraint-scenarios.js";

const S = makeConstraintScenarios();

const cases = S.flatMap((s) =>
  RELEASES.map((r) => ({
    s,
    r,
    label: `${s.name} @ ${r} (${r === INSTALLED ? "checked against pki in the tier" : "modelled from the source"})`,
  })),
);

describe("name constraints and policies per release", () => {
  it("covers every mechanism and differs between releases", () => {
    expect(S.length).toBeGreaterThanOrEqual(35);
    const by = new Set(cases.map(({ s, r }) => expected(s, r)).map((o) => (o === true ? "trusted" : o.by)));
    expect([...by].sort()).toEqual(["nameConstraints", "policy", "trusted", "unloadable"]);
    for (const r of RELEASES.slice(1))
      expect(
        S.some((s) => JSON.stringify(expected(s, r)) !== JSON.stringify(expected(s, "5.9.8"))),
        r,
      ).toBe(true);
  });

  it.each(cases)("$label", ({ s, r }) => {
    const res = judge(s, r);
    const want = expected(s, r);
    const errors = res.findings.filter((f) => f.severity === "error");
    if (want === true) {
      expect(
        errors.map((f) => f.log),
        s.name,
      ).toEqual([]);
      expect(res.trusted).toBe(true);
      expect(res.decidedBy).toBeNull();
      return;
    }
    expect(res.trusted).toBe(false);
    expect(res.decidedBy).toBe(want.by);
    const last = errors.at(-1)?.log?.split("\n").at(-1);
    expect(last).toBe(want.log);
  });
});

describe("CVE-2026-35331 before the fix", () => {
  it("an excluded name that passes only by its case is a warning on 5.9.8, an error with the fix", () => {
    const s = S.find((x) => x.name.startsWith("dNSName under an excluded subtree in other case"))!;
    const old = judge(s, "5.9.8");
    expect(old.trusted).toBe(true);
    expect(old.findings.find((f) => f.code === "CHAIN_NAME_EXCLUDED_BY_CASE")?.message).toMatch(
      /only when case is ignored.*5\.9\.8 compares case-sensitively/,
    );
    const fixed = judge(s, "5.9.8-5+deb12u6");
    expect(fixed.findings.map((f) => f.code)).not.toContain("CHAIN_NAME_EXCLUDED_BY_CASE");
    expect(fixed.findings.map((f) => f.code)).toContain("CHAIN_NAME_EXCLUDED");
  });
});

describe("the name-constraint and policy rules of a release", () => {
  it("Debian's CVE-2026-35331 backport arrives with 5.9.8-5+deb12u4, only for 5.9.8", async () => {
    const { rulesFor, describeRules } = await import("../lib/rules.js");
    const on = (r: string) => [
      rulesFor(r).caseInsensitiveNameConstraints,
      rulesFor(r).excludedDnConstraintRejected,
    ];
    expect(on("5.9.8")).toEqual([false, false]);
    expect(on("5.9.8-5+deb12u3")).toEqual([false, false]);
    expect(on("5.9.8-5+deb12u4")).toEqual([true, true]);
    expect(on("5.9.8-5+deb12u6")).toEqual([true, true]);
    expect(on("5.9.14")).toEqual([false, false]);
    expect(on("6.0.5")).toEqual([false, false]);
    expect(on("6.0.6")).toEqual([true, true]);
    // the backport changes nothing else: the 5.9.8 package keeps 5.9.8's name-constraint model
    const pkg = rulesFor("5.9.8-5+deb12u6");
    expect([pkg.ipNameConstraints, pkg.rfc5280NameConstraints, pkg.rootPoliciesOptional]).toEqual([
      false,
      false,
      false,
    ]);
    const d = describeRules("5.9.8-5+deb12u6").find((x) => x.name === "caseInsensitiveNameConstraints")!;
    expect(d.via).toMatch(/5\.9\.8-5\+deb12u4.*CVE-2026-35331/);
  });

  it("5.9.12, 5.9.14 and 6.0.1 switch one rule each", async () => {
    const { rulesFor } = await import("../lib/rules.js");
    const r = (v: string) => {
      const x = rulesFor(v);
      return [x.ipNameConstraints, x.rfc5280NameConstraints, x.rootPoliciesOptional];
    };
    expect(r("5.9.11")).toEqual([false, false, false]);
    expect(r("5.9.12")).toEqual([true, false, false]);
    expect(r("5.9.14")).toEqual([true, true, false]);
    expect(r("6.0.0")).toEqual([true, true, false]);
    expect(r("6.0.1")).toEqual([true, true, true]);
  });
});

describe("what charon logs without failing", () => {
  const codes = (name: string, release: string) =>
    judge(S.find((x) => x.name.startsWith(name))!, release).findings.map((f) => `${f.code} ${f.log ?? ""}`);

  it("a CA the openssl plugin reads: its constraints are not enforced (warning)", () => {
    expect(codes("a non-critical iPAddress range constraint before 5.9.12", "5.9.8").join("\n")).toMatch(
      /CHAIN_CONSTRAINTS_NOT_ENFORCED/,
    );
    expect(codes("a non-critical iPAddress range constraint before 5.9.12", "5.9.12").join("\n")).not.toMatch(
      /CHAIN_CONSTRAINTS_NOT_ENFORCED/,
    );
  });

  it("a sub-CA widening its issuer's subtree (5.9.14): the ignored subtree is logged", () => {
    expect(codes("sub-CA permitting what its issuer does not", "5.9.14")).toContain(
      "CHAIN_NAME_CONSTRAINT_WIDENED ignoring name constraint 'example.org' in certificate 'C=CH, O=NC Test, CN=inh Wide Sub' that's not permitted by parent CAs",
    );
  });

  it("an excluded URI constraint before 5.9.14: logged as not implemented, not enforced", () => {
    expect(codes("an excluded URI constraint is not enforced", "5.9.8")).toContain(
      "CHAIN_NAME_CONSTRAINT_IGNORED ID_DER_ASN1_GN_URI NameConstraint matching not implemented",
    );
  });

  it("the policies the chain carries are the result's certPolicies", () => {
    const s = S.find((x) => x.name === "cert_policy of a policy mapped to the root's")!;
    expect(judge(s, "5.9.8").certPolicies).toEqual(["2.16.840.1.101.3.2.1.48.2"]);
  });
});
