/**
 * Differential tier: ikecert's chain verdict against `pki --verify` of strongSwan on generated
 * scenarios. pki trusts every --cacert, so both get the same certificates (the scenario's CAs and
 * intermediates) as trusted. Two pki quirks differ from charon, and there the test checks charon's
 * rule instead and says so:
 *  - with no usable --cacert, pki trusts the input certificate itself; charon needs a trusted root;
 *  - pki does not look at keyUsage; charon's pubkey authenticator refuses an end entity whose
 *    keyUsage has neither digitalSignature nor nonRepudiation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildChain, type ChainCertificate, loadFile } from "../../lib/index.js";
import { makeScenarios } from "../chain-scenarios.js";
import { needs } from "../needs.js";
import { PKITS_CASES } from "../pkits-cases.js";
import { pkiVerify } from "./pki.js";

const run = needs("chain differential", ["pki", "faketime"]);

async function certs(files: string[]): Promise<ChainCertificate[]> {
  const out: ChainCertificate[] = [];
  for (const f of files)
    for (const it of (await loadFile(f)).items) if (it.kind === "certificate") out.push(it);
  return out;
}

describe.runIf(run)("chain verdicts agree with pki --verify", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikecert-chain-diff-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const scenarios = makeScenarios(dir);

  it("has at least 30 scenarios", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  it.each(scenarios)("$name", async (s) => {
    const all = [...s.ca, ...s.intermediates];
    const pki = pkiVerify(s.ee, all, s.at ? { at: s.at } : {});
    const [ee] = await certs([s.ee]);
    const same = buildChain(ee!, { trusted: await certs(all), untrusted: [], ...(s.at ? { at: s.at } : {}) });
    const keyUsageQuirk = same.findings.some((f) => f.code === "CHAIN_KEY_USAGE");
    if (all.length === 0) {
      // pki's quirk: no --cacert → the input certificate is trusted; charon would not trust it
      expect(pki.trusted, pki.output).toBe(true);
      expect(same.trusted).toBe(false);
      expect(same.findings.map((f) => f.code)).toContain("CHAIN_NO_CA_GIVEN");
    } else if (keyUsageQuirk) {
      // pki ignores keyUsage; charon refuses the certificate for IKE authentication
      expect(pki.trusted, pki.output).toBe(true);
      expect(same.trusted).toBe(false);
    } else {
      expect(same.trusted, pki.output).toBe(pki.trusted);
    }
    // and what the scenario says pki does, when its verdict differs from charon's
    if (s.pki) expect(pki.trusted, s.pki.why).toBe(s.pki.trusted);
    else if (all.length > 0 && !keyUsageQuirk) expect(pki.trusted, pki.output).toBe(s.trusted);
  });
});

describe.runIf(run)("the PKITS table holds pki --verify's verdicts", () => {
  const D = join(import.meta.dirname, "..", "pkits");
  it.each(PKITS_CASES)("$id $ee", (k) => {
    const r = pkiVerify(join(D, k.ee), [
      join(D, "TrustAnchorRootCertificate.crt"),
      ...k.path.map((p) => join(D, p)),
    ]);
    expect(r.trusted, r.output).toBe(k.pki);
  });
});
