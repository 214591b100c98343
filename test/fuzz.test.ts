import { describe, expect, it } from "vitest";
import { heapGrowth, runFuzz, TIME_LIMIT_MS } from "./fuzz/engine.js";
import { makeTargets } from "./fuzz/targets.js";
import { needs } from "./needs.js";

/**
 * The short fuzz run of issue 10 (the long one is `npm run fuzz`, see docs/robustness.md): every
 * parser, 20,000+ inputs from a fixed seed. Each input ends in a result or an IkecertError (one line,
 * no control characters) within 50 ms, and the heap does not grow over the run.
 */
describe("fuzz: every parser on 26,000 hostile inputs (seed 1127)", () => {
  it("no exception, no slow input, no memory growth", async () => {
    // without openssl the seeds it makes (fast PKCS#12, encrypted PKCS#8, PKCS#7) are left out
    const targets = makeTargets({
      openssl: needs("fuzz seeds made by openssl (PKCS#12, encrypted PKCS#8, PKCS#7)", ["openssl"]),
    });
    expect(targets.map((t) => t.name)).toEqual([
      "parseBytes",
      "parseCertificate",
      "fastPrivateKey",
      "checks",
      "parseIdentity",
      "parseDnString",
      "printDn",
      "swanctl.conf",
      "ipsec.conf",
      "ipsec.secrets",
      "explainLog",
      "psk",
      "batch",
    ]);
    const stats = await runFuzz(targets, { seed: 1127, inputs: 26_000, heapEvery: 2_000 });
    expect(stats.inputs).toBe(26_000);
    const report = stats.failures.map(
      (f) => `${f.target} #${f.index} ${f.problem} (${f.kind}): ${f.error.split("\n")[0]} ${f.preview}`,
    );
    expect(report).toEqual([]);
    expect(stats.exceptions).toBe(0);
    for (const [name, t] of Object.entries(stats.targets)) {
      expect(t.inputs, name).toBe(2_000);
      expect(t.slowest!.ms, name).toBeGreaterThan(0);
    }
    // the inputs are hostile: most binary ones are refused, but some are read (the mutations are not all fatal)
    expect(stats.targets.parseBytes!.ikecertErrors).toBeGreaterThan(1_000);
    expect(stats.targets.parseBytes!.ikecertErrors).toBeLessThan(2_000);
    expect(stats.targets["swanctl.conf"]!.ikecertErrors).toBeGreaterThan(100);
    expect(stats.gcForced).toBe(true);
    expect(heapGrowth(stats.heap)).toBeLessThan(16 * 1024 * 1024);
    expect(TIME_LIMIT_MS).toBe(50);
  }, 300_000);
});
