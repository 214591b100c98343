import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildChain, type ChainCertificate, loadFile } from "../lib/index.js";
import { makeScenarios, type Scenario } from "./chain-scenarios.js";

const dir = mkdtempSync(join(tmpdir(), "ikecert-chain-unit-"));
let scenarios: Scenario[] = [];

async function certs(files: string[]): Promise<ChainCertificate[]> {
  const out: ChainCertificate[] = [];
  for (const f of files)
    for (const it of (await loadFile(f)).items) if (it.kind === "certificate") out.push(it);
  return out;
}

beforeAll(() => {
  scenarios = makeScenarios(dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("buildChain on generated chains", () => {
  it("covers every diagnosis", async () => {
    const seen = new Set<string>();
    for (const s of scenarios) {
      const [ee] = await certs([s.ee]);
      const r = buildChain(ee!, {
        trusted: await certs(s.ca),
        untrusted: await certs(s.intermediates),
        ...(s.at ? { at: s.at } : {}),
      });
      const codes = r.findings.map((f) => f.code);
      expect({ name: s.name, trusted: r.trusted }).toEqual({ name: s.name, trusted: s.trusted });
      if (s.code) {
        expect(codes, s.name).toContain(s.code);
        seen.add(s.code);
      }
      if (!s.trusted)
        expect(
          r.findings.some((f) => f.severity === "error"),
          s.name,
        ).toBe(true);
      else
        expect(
          r.findings.filter((f) => f.severity === "error"),
          s.name,
        ).toEqual([]);
    }
    for (const code of [
      "CHAIN_MISSING_ISSUER",
      "CHAIN_UNTRUSTED_ROOT",
      "CHAIN_ISSUER_NOT_CA",
      "CHAIN_CA_REJECTED_AT_LOAD",
      "CHAIN_EXPIRED",
      "CHAIN_NOT_YET_VALID",
      "CHAIN_PATHLEN",
      "CHAIN_BAD_SIGNATURE",
      "CHAIN_AKI_MISMATCH",
      "CHAIN_TOO_LONG",
      "CHAIN_KEY_USAGE",
      "CHAIN_CERT_UNLOADABLE",
      "CHAIN_DEEP",
      "CHAIN_NO_CA_GIVEN",
      "WEAK_SIGNATURE",
      "WEAK_RSA_KEY",
      "CHAIN_RFC5280_TOLERATED",
    ])
      expect(seen.has(code), code).toBe(true);
  });
});
