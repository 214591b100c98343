import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { charonTime } from "../lib/checks/chain/time.js";
import { dnEquals, dnMatchLevel } from "../lib/identity/dn.js";
import { buildChain, type ChainCertificate, loadFile } from "../lib/index.js";
import { makeScenarios, type Scenario } from "./chain-scenarios.js";

const dir = mkdtempSync(join(tmpdir(), "ikecert-chain-unit-"));
const scenarios = makeScenarios(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function certs(files: string[]): Promise<ChainCertificate[]> {
  const out: ChainCertificate[] = [];
  for (const f of files)
    for (const it of (await loadFile(f)).items) if (it.kind === "certificate") out.push(it);
  return out;
}

async function run(s: Scenario) {
  const [ee] = await certs([s.ee]);
  return buildChain(ee!, {
    trusted: await certs(s.ca),
    untrusted: await certs(s.intermediates),
    ...(s.at ? { at: s.at } : {}),
  });
}
/** The mechanism each failing diagnosis belongs to (ChainResult.decidedBy). */
const DECIDED_BY: Record<string, string> = {
  CHAIN_EXPIRED: "validity",
  CHAIN_NOT_YET_VALID: "validity",
  CHAIN_PATHLEN: "pathLength",
  CHAIN_TOO_LONG: "pathLimit",
  CHAIN_KEY_USAGE: "keyUsage",
  CHAIN_CERT_UNLOADABLE: "unloadable",
};
const byName = (n: string) => scenarios.find((s) => s.name === n)!;

describe("buildChain on generated chains", () => {
  it.each(scenarios)("$name → trusted=$trusted $code", async (s) => {
    const r = await run(s);
    expect(r.trusted).toBe(s.trusted);
    if (s.code) expect(r.findings.map((f) => f.code)).toContain(s.code);
    if (s.trusted) expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
    else expect(r.findings.some((f) => f.severity === "error")).toBe(true);
    expect(r.decidedBy).toBe(s.trusted ? null : (DECIDED_BY[s.code ?? ""] ?? "issuer"));
  });

  it("covers every diagnosis", () => {
    const codes = new Set(scenarios.map((s) => s.code));
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
      expect(codes.has(code), code).toBe(true);
  });

  it("draws a complete chain from the end entity to the trusted root", async () => {
    const r = await run(byName("valid: leaf, intermediate sent, trusted root"));
    expect(r.chain.map((l) => [l.role, l.trusted, l.subject])).toEqual([
      ["end-entity", false, "C=CH, O=ikecert test, CN=gw.example.com"],
      ["intermediate", false, "C=CH, O=ikecert test, CN=Intermediate CA"],
      ["root", true, "C=CH, O=ikecert test, CN=Root CA"],
    ]);
    expect(r.chain[1]!.file).toMatch(/int\.pem$/);
    expect(r.missingIssuer).toBeNull();
    expect(r.failedAt).toBeNull();
  });

  it("names the missing issuer with its DN and key id, and charon's log line", async () => {
    const r = await run(byName("missing intermediate"));
    expect(r.missingIssuer?.dn).toBe("C=CH, O=ikecert test, CN=Intermediate CA");
    expect(r.missingIssuer?.authorityKeyId).toMatch(/^[0-9a-f]{40}$/);
    const f = r.findings.find((x) => x.code === "CHAIN_MISSING_ISSUER")!;
    expect(f.log).toBe('no issuer certificate found for "C=CH, O=ikecert test, CN=gw.example.com"');
    expect(f.fix).toMatch(/x509ca\//);
    expect(f.fix).toMatch(/peer send it/);
    expect(r.failedAt).toBe(0);
  });

  it("prints validity as charon's %T and the pathlen line exactly", async () => {
    const exp = (await run(byName("expired intermediate"))).findings.find((f) => f.code === "CHAIN_EXPIRED")!;
    expect(exp.log).toMatch(
      /^issuer certificate invalid \(valid from [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \d{4} to [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \d{4}\)$/,
    );
    const leaf = (await run(byName("expired end entity"))).findings.find((f) => f.code === "CHAIN_EXPIRED")!;
    expect(leaf.log).toMatch(/^subject certificate invalid/);
    const pl = (await run(byName("pathlen 0 intermediate above another CA"))).findings.find(
      (f) => f.code === "CHAIN_PATHLEN",
    )!;
    expect(pl.log).toBe("path length of 1 violates constraint of 0");
    const long = (await run(byName("eight intermediates"))).findings.find(
      (f) => f.code === "CHAIN_TOO_LONG",
    )!;
    expect(long.log).toBe("maximum path length of 7 exceeded");
    const loop = (await run(byName("cross-signed loop"))).findings.find((f) => f.code === "CHAIN_TOO_LONG")!;
    expect(loop.message).toMatch(/loop/);
    const root = (await run(byName("self-signed end entity, not trusted"))).findings.find(
      (f) => f.code === "CHAIN_UNTRUSTED_ROOT",
    )!;
    expect(root.log).toBe(
      '  self-signed certificate "C=CH, O=ikecert test, CN=selfsigned.example.com" is not trusted',
    );
    const ku = (await run(byName("end entity keyUsage without digitalSignature"))).findings.find(
      (f) => f.code === "CHAIN_KEY_USAGE",
    )!;
    expect(ku.log).toBe("rejecting certificate without digitalSignature or nonRepudiation keyUsage flags");
    const load = (await run(byName("issuer with CA:FALSE in x509ca"))).findings.find(
      (f) => f.code === "CHAIN_CA_REJECTED_AT_LOAD",
    )!;
    expect(load.log).toBe("ca certificate lacks CA basic constraint, rejected");
  });

  it("judges validity inclusively to the second", async () => {
    const s = byName("expired end entity");
    const [ee] = await certs([s.ee]);
    const opts = { trusted: await certs(s.ca), untrusted: await certs(s.intermediates) };
    expect(buildChain(ee!, { ...opts, at: ee!.notAfter }).trusted).toBe(true);
    expect(buildChain(ee!, { ...opts, at: new Date(ee!.notAfter.getTime() + 1000) }).trusted).toBe(false);
    expect(buildChain(ee!, { ...opts, at: ee!.notBefore }).trusted).toBe(true);
    expect(buildChain(ee!, { ...opts, at: new Date(ee!.notBefore.getTime() - 1000) }).trusted).toBe(false);
  });
});

describe("charon's %T and DN comparison", () => {
  it("formats times like time_printf_hook", () => {
    expect(charonTime(new Date("2020-01-01T00:00:00Z"))).toBe("Jan 01 00:00:00 2020");
    expect(charonTime(new Date("2049-12-31T23:59:59Z"))).toBe("Dec 31 23:59:59 2049");
  });

  // DER helpers: a one-attribute CN name with the given string tag
  const name = (...rdns: [number, string][]) => {
    const sets = rdns.map(([tag, v]) => {
      const val = Buffer.concat([Buffer.from([tag, v.length]), Buffer.from(v)]);
      const atv = Buffer.concat([Buffer.from([0x06, 3, 0x55, 4, 3]), val]);
      const seq = Buffer.concat([Buffer.from([0x30, atv.length]), atv]);
      return Buffer.concat([Buffer.from([0x31, seq.length]), seq]);
    });
    const body = Buffer.concat(sets);
    return new Uint8Array(Buffer.concat([Buffer.from([0x30, body.length]), body]));
  };
  it("ignores case only between two PrintableStrings", () => {
    expect(dnEquals(name([0x13, "Moon"]), name([0x13, "moon"]))).toBe(true);
    expect(dnEquals(name([0x0c, "Moon"]), name([0x13, "moon"]))).toBe(false);
    expect(dnEquals(name([0x0c, "moon"]), name([0x13, "moon"]))).toBe(true);
    expect(dnEquals(name([0x13, "moon "]), name([0x13, "moon"]))).toBe(false);
  });
  it("keeps RDN order under strict matching, not under reordered", () => {
    const ab = name([0x13, "a"], [0x13, "b"]);
    const ba = name([0x13, "b"], [0x13, "a"]);
    expect(dnMatchLevel(ab, ba, "strict") > 0).toBe(false);
    expect(dnMatchLevel(ab, ba, "reordered") > 0).toBe(true);
    expect(dnMatchLevel(name([0x13, "a"], [0x13, "b"]), name([0x13, "a"]), "relaxed") > 0).toBe(true);
    expect(dnMatchLevel(name([0x13, "a"], [0x13, "b"]), name([0x13, "a"]), "reordered") > 0).toBe(false);
  });
});
