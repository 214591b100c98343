/**
 * Name constraints and certificate policies per strongSwan release, on the generated scenarios of
 * constraint-scenarios.ts: the verdict, the mechanism (`decidedBy`) and the last line charon logs
 * for the failure. The installed release's expectations are checked against `pki --verify` by
 * test/strongswan/constraints-diff.test.ts; the other releases are modelled from strongSwan's source.
 */
import { describe, expect, it } from "vitest";
import { buildChain, type ChainCertificate, parseCertificate } from "../lib/index.js";
import {
  type ConstraintScenario,
  expected,
  makeConstraintScenarios,
  RELEASES,
} from "./constraint-scenarios.js";

const S = makeConstraintScenarios();
const cert = (g: { der: Uint8Array }, file: string): ChainCertificate =>
  Object.assign(parseCertificate(g.der), { source: { file, index: 0 } });

export function judge(s: ConstraintScenario, release: string) {
  return buildChain(cert(s.ee, "ee.pem"), {
    trusted: s.cas.map((c, i) => cert(c, `ca${i}.pem`)),
    untrusted: [],
    strongswan: release,
    ...(s.requiredPolicies ? { requiredPolicies: s.requiredPolicies } : {}),
  });
}

const cases = S.flatMap((s) => RELEASES.map((r) => ({ s, r, label: `${s.name} @ ${r}` })));

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
