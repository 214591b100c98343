import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { needs } from "../needs.js";
import { pkiVerify } from "./pki.js";
import { type ChainScenario, chainScenarios } from "./scenarios.js";

const run = needs("chain scenarios (pki --verify)", ["pki", "openssl", "faketime"]);

describe.runIf(run)("chain scenarios through pki --verify", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-truth-chain-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let scenarios: ChainScenario[] = [];

  it("makes at least 30 scenarios", () => {
    scenarios = chainScenarios(dir);
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  }, 120_000);

  it("pki's verdict on every scenario is the one strongSwan's rules predict", () => {
    const got = scenarios.map((s) => {
      const r = pkiVerify(s.leaf, [...s.intermediates, ...s.cas], s.at ? { at: s.at } : {});
      return { s, r };
    });
    const wrong = got.filter(
      ({ s, r }) => s.expectedPkiVerdict !== undefined && r.trusted !== s.expectedPkiVerdict,
    );
    const badReason = got.filter(
      ({ s, r }) => !r.trusted && s.expectedReason && !s.expectedReason.test(r.output),
    );
    const lines = [...wrong, ...badReason].map(
      ({ s, r }) =>
        `${s.name}: expected ${s.expectedPkiVerdict ? "trusted" : "untrusted"}${s.expectedReason ? ` ${s.expectedReason}` : ""}, pki said ${r.trusted ? "trusted" : "untrusted"}:\n${r.output.trim()}`,
    );
    expect(lines.join("\n\n")).toBe("");
    const trusted = got.filter(({ r }) => r.trusted).length;
    process.stderr.write(
      `chain scenarios: ${got.length} (${trusted} trusted, ${got.length - trusted} untrusted)\n`,
    );
  }, 120_000);

  it("the oracle can fail: a known-bad chain is reported untrusted with its reason", () => {
    const missing = scenarios.find((s) => s.name === "intermediate missing")!;
    const r = pkiVerify(missing.leaf, missing.cas);
    expect(r.trusted).toBe(false);
    expect(r.output).toMatch(/no issuer certificate found/);
  });
});
