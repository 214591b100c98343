/**
 * The revocation step of buildChain (lib/checks/chain/revocation.ts) on the generated cases of
 * revocation-scenarios.ts (the strongSwan tier holds the same cases against pki), plus what pki
 * cannot show: the revocation policies (strict, ifuri; charon's own oracle is revocation-ike.test.ts),
 * strongswan.conf's revocation settings and the rule changes after 5.9.8, modelled from strongSwan's
 * source and marked so.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { makeCrl } from "../certs-fixtures/generator-crl.js";
import { policyFailures } from "../lib/checks/chain/revocation.js";
import { buildChain, type ChainCertificate, loadFile } from "../lib/index.js";
import { parseCrl } from "../lib/input/crl.js";
import { loadCrlFile } from "../lib/input/crl-file.js";
import { makeRevocationScenarios } from "./revocation-scenarios.js";

async function certs(files: string[]): Promise<ChainCertificate[]> {
  const out: ChainCertificate[] = [];
  for (const f of files)
    for (const it of (await loadFile(f)).items) if (it.kind === "certificate") out.push(it);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), "ikecert-revocation-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const scenarios = makeRevocationScenarios(dir);

describe("revocation cases (5.9.8, relaxed)", () => {
  it.each(scenarios)("$name", async (s) => {
    const [ee] = await certs([s.ee]);
    const crls = await Promise.all(s.crls.map(async (f) => (await loadCrlFile(f)).crl));
    const r = buildChain(ee!, { trusted: await certs(s.ca), untrusted: [], crls, strongswan: "5.9.8" });
    expect(r.trusted).toBe(s.trusted);
    expect(r.revocation.map((c) => c.status)).toEqual(s.status);
    expect(r.decidedBy).toBe(s.trusted ? null : "revocation");
    if (s.code) expect(r.findings.map((f) => f.code)).toContain(s.code);
    if (s.log) expect(r.revocation.flatMap((c) => c.logs)).toContain(s.log);
    if (!s.trusted) {
      const revoked = r.findings.find((f) => f.code === "CRL_REVOKED");
      expect(revoked?.log).toMatch(/^certificate was revoked on .* UTC \d{4}, reason: /);
      expect(r.failedAt).toBe(s.status.length - 1);
    }
  });
});

/** One small PKI for the policy and settings tests. */
function pki() {
  const root = makeCertificate({ subject: "CN=Policy Root", key: generateKey("p256"), ca: true });
  const leaf = makeCertificate({ subject: "CN=policy.example.com", key: generateKey("p256"), issuer: root });
  return { root: root.cert!, leaf: leaf.cert!, rootGen: root };
}

describe("revocation policies (auth_cfg.c complies; pki has none: revocation-ike.test.ts asks charon)", () => {
  const { root, leaf, rootGen } = pki();
  const good = parseCrl(makeCrl({ issuer: rootGen }).der);
  const stale = parseCrl(
    makeCrl({ issuer: rootGen, thisUpdate: new Date("2025-01-01Z"), nextUpdate: new Date("2025-02-01Z") })
      .der,
  );
  const chain = (
    revocation: "strict" | "ifuri" | "relaxed",
    crls: ReturnType<typeof parseCrl>[] | undefined,
  ) => buildChain(leaf, { trusted: [root], untrusted: [], revocation, ...(crls ? { crls } : {}) });

  it.each([
    ["relaxed", "none", true, null],
    ["ifuri", "none", true, null],
    [
      "strict",
      "none",
      false,
      "constraint check failed: RULE_CRL_VALIDATION is SKIPPED, but requires at least GOOD",
    ],
    ["strict", "good", true, null],
    ["ifuri", "good", true, null],
    ["relaxed", "stale", true, null],
    [
      "ifuri",
      "stale",
      false,
      "constraint check failed: RULE_CRL_VALIDATION is STALE, but requires at least SKIPPED",
    ],
    [
      "strict",
      "stale",
      false,
      "constraint check failed: RULE_CRL_VALIDATION is STALE, but requires at least GOOD",
    ],
  ] as const)("%s with %s CRL: trusted %s", (policy, which, trusted, log) => {
    const r = chain(policy, which === "none" ? [] : [which === "good" ? good : stale]);
    expect(r.trusted).toBe(trusted);
    const f = r.findings.find((x) => x.code === "REVOCATION_POLICY");
    expect(f?.log ?? null).toBe(log);
    if (!trusted) expect(r.decidedBy).toBe("revocation");
  });

  it("every failing status gives its own line; a FAILED status fails ifuri (a URI was there, no answer)", () => {
    const statuses = [{ status: "FAILED" }, { status: "SKIPPED" }, { status: "GOOD" }] as Parameters<
      typeof policyFailures
    >[0];
    expect(policyFailures(statuses, "ifuri").map((x) => x.line)).toEqual([
      "constraint check failed: RULE_CRL_VALIDATION is FAILED, but requires at least SKIPPED",
    ]);
    expect(policyFailures(statuses, "strict").map((x) => x.index)).toEqual([0, 1]);
    expect(policyFailures(statuses, "relaxed")).toEqual([]);
  });

  it("strict passes when the revocation plugin is not loaded: no status is recorded at all", () => {
    const r = buildChain(leaf, {
      trusted: [root],
      untrusted: [],
      crls: [],
      revocation: "strict",
      revocationSettings: { loaded: false },
    });
    expect(r.trusted).toBe(true);
    expect(r.revocation).toEqual([]);
  });

  it("enable_crl = no: a revoking CRL is not consulted, the status is the OCSP one (SKIPPED)", () => {
    const revoking = parseCrl(makeCrl({ issuer: rootGen, revoked: [{ serial: leaf.serialBytes }] }).der);
    const on = buildChain(leaf, { trusted: [root], untrusted: [], crls: [revoking] });
    const off = buildChain(leaf, {
      trusted: [root],
      untrusted: [],
      crls: [revoking],
      revocationSettings: { enableCrl: false },
    });
    expect(on.trusted).toBe(false);
    expect(off.trusted).toBe(true);
    expect(off.revocation.map((c) => c.status)).toEqual(["SKIPPED"]);
  });
});

describe("rules after 5.9.8 (modelled from strongSwan's source; 5.9.8 cannot run them)", () => {
  it("from 5.9.11 a CA whose keyUsage lacks cRLSign can no longer sign a CRL (x509_crl.c issued_by, commit 7d1f221211)", async () => {
    const s = scenarios.find((x) => x.name.startsWith("5.9.8: a CA without keyUsage cRLSign"))!;
    const [ee] = await certs([s.ee]);
    const crls = await Promise.all(s.crls.map(async (f) => (await loadCrlFile(f)).crl));
    const trusted = await certs(s.ca);
    const at = (strongswan: string) => buildChain(ee!, { trusted, untrusted: [], crls, strongswan });
    const old = at("5.9.10");
    const now = at("5.9.11");
    expect(old.trusted).toBe(false);
    expect(now.trusted).toBe(true);
    expect(now.revocation[0]!.logs).toContain("crl response verification failed");
    expect(now.findings.find((f) => f.code === "CRL_NOT_VERIFIED")?.message).toMatch(/lacks cRLSign/);
  });

  it("from 5.9.11 a CA without any keyUsage signs CRLs (commit 7414c06669); before, its CA flag did", () => {
    const root = makeCertificate({
      subject: "CN=NoKU Root",
      key: generateKey("p256"),
      ca: true,
      keyUsage: false,
    });
    const leaf = makeCertificate({ subject: "CN=noku.example.com", key: generateKey("p256"), issuer: root });
    const crl = parseCrl(makeCrl({ issuer: root, revoked: [{ serial: leaf.cert!.serialBytes }] }).der);
    for (const strongswan of ["5.9.8", "5.9.11", "6.0.6"])
      expect(
        buildChain(leaf.cert!, { trusted: [root.cert!], untrusted: [], crls: [crl], strongswan }).trusted,
        strongswan,
      ).toBe(false);
  });
});
