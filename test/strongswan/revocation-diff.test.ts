/**
 * Differential tier: ikecert's revocation verdicts against strongSwan 5.9.8's `pki --verify --crl`,
 * which runs charon's revocation plugin with local CRLs (online checking on, fetching impossible:
 * pki's plugin list has no fetcher). Compared: the verdict, the status pki reports (the worst of
 * the chain, as auth_cfg get() returns it) and every line of the revocation plugin, in order.
 * pki implements no revocation policy (strict/ifuri): revocation-ike.test.ts asks charon for that.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildChain, type ChainCertificate, explainLine, loadFile } from "../../lib/index.js";
import { loadCrlFile } from "../../lib/input/crl-file.js";
import { makeRevocationScenarios } from "../revocation-scenarios.js";
import { PKI, strongswanVersion, tierAvailable } from "./env.js";
import { pkiVerify } from "./pki.js";

const run = tierAvailable("revocation differential", [PKI]);

/** The revocation plugin's lines (credential_manager.c and revocation_validator.c at level 1). */
export const REVOCATION_LINE =
  /^(checking certificate status of| {2}crl correctly signed by|crl response verification failed| {2}crl is (valid|stale|not valid)|certificate was revoked on| {2}using cached crl|certificate status is| {2}fetching crl from|crl fetching failed| {2}requesting ocsp status|ocsp request to|ocsp check failed)/;

/** pki's summary: the worst status of the chain (verify.c). */
const SUMMARY: Record<string, string> = {
  ", certificate not revoked": "GOOD",
  ", no revocation information": "SKIPPED",
  ", revocation information stale": "STALE",
  ", revocation checking failed": "FAILED",
};
const RANK = ["GOOD", "SKIPPED", "STALE", "FAILED", "ON_HOLD", "REVOKED"];

async function certs(files: string[]): Promise<ChainCertificate[]> {
  const out: ChainCertificate[] = [];
  for (const f of files)
    for (const it of (await loadFile(f)).items) if (it.kind === "certificate") out.push(it);
  return out;
}

describe.runIf(run)("revocation verdicts agree with pki --verify --crl", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikecert-revocation-diff-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const scenarios = makeRevocationScenarios(dir);
  const strongswan = strongswanVersion();

  it("has the PKITS 4.4 equivalents and at least 30 cases", () => {
    expect(scenarios.filter((s) => s.name.startsWith("PKITS 4.4.")).length).toBeGreaterThanOrEqual(17);
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  it.each(scenarios)("$name", async (s) => {
    const pki = pkiVerify(s.ee, s.ca, { crls: s.crls });
    const [ee] = await certs([s.ee]);
    const crls = await Promise.all(s.crls.map(async (f) => (await loadCrlFile(f)).crl));
    const r = buildChain(ee!, { trusted: await certs(s.ca), untrusted: [], crls, strongswan });
    expect(r.trusted, pki.output).toBe(pki.trusted);
    expect(r.trusted, "the scenario's expectation").toBe(s.trusted);
    const lines = pki.output.split("\n").filter((l) => REVOCATION_LINE.test(l));
    expect(r.revocation.flatMap((c) => c.logs)).toEqual(lines);
    for (const l of lines) expect(explainLine(l).known, l).toBe(true);
    expect(r.revocation.map((c) => c.status)).toEqual(s.status);
    if (pki.trusted) {
      const summary = Object.entries(SUMMARY).find(([k]) => pki.output.includes(k))?.[1];
      const worst = r.revocation.map((c) => c.status).sort((a, b) => RANK.indexOf(b) - RANK.indexOf(a))[0];
      expect(worst, pki.output).toBe(summary);
    } else expect(r.decidedBy).toBe("revocation");
    if (s.log) {
      expect(pki.output).toContain(s.log);
      expect(r.revocation.flatMap((c) => c.logs)).toContain(s.log);
    }
    if (s.code) expect(r.findings.map((f) => f.code)).toContain(s.code);
  });
});
