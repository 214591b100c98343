/**
 * Differential tier: name constraints and certificate policies of the generated scenarios
 * (test/constraint-scenarios.ts) against the installed strongSwan's `pki --verify`, which runs the
 * constraints plugin exactly as charon does. ikecert judges with the installed package's release
 * (5.9.8-5+deb12u6, Debian's CVE-2026-35331 backport included). Compared: the verdict, every line
 * ikecert says charon logs for the failure, and the other way round every constraints-plugin line pki
 * prints. pki has no `cert_policy`, so scenarios with a required policy are compared without it
 * (test/strongswan/cert-policy.test.ts runs those against charon).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildChain, type ChainCertificate, loadFile } from "../../lib/index.js";
import {
  CONSTRAINT_LINE,
  type ConstraintScenario,
  expected,
  INSTALLED,
  judge,
  makeConstraintScenarios,
} from "../constraint-scenarios.js";
import { PKI, tierAvailable } from "./env.js";
import { pkiVerify } from "./pki.js";

const run = tierAvailable("name constraints and policies", [PKI]);

describe.runIf(run)("name constraints and policies agree with pki --verify", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikecert-nc-diff-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const scenarios = makeConstraintScenarios();

  const write = (s: ConstraintScenario, k: number) => {
    const ee = join(dir, `s${k}-ee.pem`);
    writeFileSync(ee, s.ee.pem);
    const cas = s.cas.map((c, i) => {
      const f = join(dir, `s${k}-ca${i}.pem`);
      writeFileSync(f, c.pem);
      return f;
    });
    return { ee, cas };
  };

  it.each(scenarios.map((s, k) => ({ s, k, name: s.name })))("$name", ({ s, k }) => {
    const files = write(s, k);
    const pki = pkiVerify(files.ee, files.cas);
    const lines = pki.output.split("\n").map((l) => l.trim());
    const r = judge(s, INSTALLED, files);
    const want = s.requiredPolicies ? true : expected(s, INSTALLED);
    const claimed = r.findings.flatMap((f) => (f.log ? f.log.split("\n") : []));
    if (want !== true && want.by === "unloadable") {
      // the certificate does not load; pki then trusts what is left (its quirk), charon has no chain
      expect(r.trusted).toBe(false);
      expect(r.decidedBy).toBe("unloadable");
      expect(lines, pki.output).toContain(want.log);
      expect(pki.output).toMatch(/parsing (?:CA )?certificate (?:from '.*' )?failed|parsing input failed/);
      return;
    }
    expect(r.trusted, pki.output).toBe(pki.trusted);
    expect(pki.trusted, pki.output).toBe(want === true);
    for (const f of r.findings.filter((x) => x.severity === "error"))
      for (const l of f.log?.split("\n") ?? []) expect(lines, `${f.code}\n${pki.output}`).toContain(l);
    for (const l of lines.filter((x) => CONSTRAINT_LINE.test(x)))
      expect(claimed, `pki logged "${l}"; ikecert: ${claimed.join(" | ")}`).toContain(l);
    if (s.note) expect(lines, pki.output).toContain(s.note);
  });
});

describe.runIf(run)("the committed constraint fixtures agree with pki --verify", () => {
  const F = join(import.meta.dirname, "..", "..", "certs-fixtures", "constraints");
  it.each([
    ["vpn-corp.pem", "corp-root.pem"],
    ["vpn-other.pem", "corp-root.pem"],
    ["vpn-lab.pem", "corp-root.pem"],
    ["vpn-case.pem", "corp-root.pem"],
    ["policy-client.pem", "policy-root.pem"],
  ])("%s", async (ee, ca) => {
    const pki = pkiVerify(join(F, ee), [join(F, ca)]);
    const load = async (f: string) => (await loadFile(join(F, f))).items[0] as ChainCertificate;
    const r = buildChain(await load(ee), { trusted: [await load(ca)], untrusted: [], strongswan: INSTALLED });
    expect(r.trusted, pki.output).toBe(pki.trusted);
    for (const f of r.findings) if (f.log) for (const l of f.log.split("\n")) expect(pki.output).toContain(l);
  });
});
