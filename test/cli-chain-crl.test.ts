/**
 * `ikecert chain --crl / --revocation / --strongswan-conf` and `ikecert audit --strongswan-conf`, run
 * as a user runs them, on certs-fixtures/revocation (made with strongSwan's pki).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-helper.js";

const F = "certs-fixtures/revocation";
const tmp = mkdtempSync(join(tmpdir(), "ikecert-cli-crl-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("chain with CRLs", () => {
  it("a revoked peer: exit 1, decidedBy revocation, the revocation per link in --json", async () => {
    const r = await runCli([
      "chain",
      `${F}/peers/alice.pem`,
      "--ca",
      `${F}/x509ca/`,
      "--crl",
      `${F}/x509crl/`,
      "--json",
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.result.decidedBy).toBe("revocation");
    expect(doc.result.revocation[0]).toMatchObject({
      subject: "C=CH, O=Example CRL, CN=alice@example.net",
      status: "REVOKED",
      reason: "key compromise",
      revokedOn: "2025-06-01T00:00:00.000Z",
      crl: { issuer: "C=CH, O=Example CRL, CN=Example CRL Sub CA", file: `${F}/x509crl/sub.crl` },
    });
    expect(doc.findings.find((f: { code: string }) => f.code === "CRL_REVOKED").log).toBe(
      "certificate was revoked on Jun 01 00:00:00 UTC 2025, reason: key compromise",
    );
  });

  it("the same peer without --crl: trusted (charon has no CRL then)", async () => {
    const r = await runCli(["chain", `${F}/peers/alice.pem`, "--ca", `${F}/x509ca/`]);
    expect(r.code).toBe(0);
  });

  it("--revocation strict: the gateway has current CRLs up to the root, a peer of the revoked CA has none", async () => {
    const ok = await runCli([
      "chain",
      `${F}/x509/gateway.pem`,
      "--ca",
      `${F}/x509ca/`,
      "--crl",
      `${F}/x509crl/`,
      "--revocation",
      "strict",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("[good]");
    const none = await runCli([
      "chain",
      `${F}/x509/gateway.pem`,
      "--ca",
      `${F}/x509ca/`,
      "--crl",
      `${F}/x509crl/root.crl`,
      "--revocation",
      "strict",
      "--json",
    ]);
    expect(none.code).toBe(1);
    const doc = JSON.parse(none.stdout);
    expect(doc.result.decidedBy).toBe("revocation");
    expect(doc.findings.find((f: { code: string }) => f.code === "REVOCATION_POLICY").log).toBe(
      "constraint check failed: RULE_CRL_VALIDATION is SKIPPED, but requires at least GOOD",
    );
  });

  it("an unloadable certificate: decidedBy unloadable", async () => {
    const r = await runCli(["chain", `${F}/peers/carol.pem`, "--ca", `${F}/x509ca/`, "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).result.decidedBy).toBe("unloadable");
  });

  it("--strongswan-conf without openssl: nothing builds ECDSA keys, so the ECDSA chain cannot load", async () => {
    const conf = join(tmp, "strongswan.conf");
    writeFileSync(conf, "charon {\n  load = random x509 revocation pem pkcs1 gmp pubkey\n}\n");
    const r = await runCli([
      "chain",
      `${F}/x509/gateway.pem`,
      "--ca",
      `${F}/x509ca/`,
      "--strongswan-conf",
      conf,
      "--json",
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.result.decidedBy).toBe("unloadable");
    expect(doc.findings[0].message).toMatch(
      /no loaded plugin builds ECDSA public keys \(the openssl plugin does\)/,
    );
  });

  it("bad input: a file that is not a CRL, a missing file, a policy that does not exist (exit 2, one line)", async () => {
    for (const args of [
      ["--crl", `${F}/x509/alice.pem`],
      ["--crl", join(tmp, "missing.crl")],
      ["--revocation", "sometimes"],
    ]) {
      const r = await runCli(["chain", `${F}/x509/gateway.pem`, "--ca", `${F}/x509ca/`, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
  });
});

describe("chain folders and batches with CRLs (read once for the run)", () => {
  it("a folder of peers: each line judged with the CRLs and --revocation, as the single command", async () => {
    const args = ["--ca", `${F}/x509ca/`, "--crl", `${F}/x509crl/`, "--at", "2026-01-01T00:00:00Z"];
    const r = await runCli(["chain", `${F}/peers/`, ...args, "--json"]);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const by = Object.fromEntries(lines.map((l) => [l.cert.split("/").at(-1), l]));
    expect(by["alice.pem"].result.decidedBy).toBe("revocation");
    expect(by["bob.pem"].result.decidedBy).toBe("revocation");
    expect(by["carol.pem"].result.decidedBy).toBe("unloadable");
    for (const name of ["alice.pem", "bob.pem"]) {
      const one = await runCli(["chain", `${F}/peers/${name}`, ...args, "--json"]);
      expect(by[name].result).toEqual(JSON.parse(one.stdout).result);
    }
    // the same peers through --batch, with --revocation strict and a strongswan.conf without openssl
    const conf = join(tmp, "batch-strongswan.conf");
    writeFileSync(conf, "charon {\n  load = random nonce x509 pem pkcs1 gmp revocation constraints\n}\n");
    const batch = await runCli(
      ["chain", "--batch", "-", ...args, "--revocation", "strict", "--strongswan-conf", conf, "--json"],
      { input: `{"cert":"${F}/peers/alice.pem"}\n` },
    );
    const single = await runCli([
      "chain",
      `${F}/peers/alice.pem`,
      ...args,
      "--revocation",
      "strict",
      "--strongswan-conf",
      conf,
      "--json",
    ]);
    expect(JSON.parse(batch.stdout.trim()).result).toEqual(JSON.parse(single.stdout).result);
    // the ECDSA chain cannot load without openssl
    expect(JSON.parse(single.stdout).result.decidedBy).toBe("unloadable");
  });
});

describe("audit with x509crl/ and strongswan.conf", () => {
  it("reports the revoked CA for the folder and the revoked pinned peer for its connection", async () => {
    const r = await runCli(["audit", F, "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.result.strongswanConf).toBeNull();
    expect(doc.result.findings.map((f: { code: string }) => f.code)).toContain("CRL_REVOKED");
    const alice = doc.result.connections.find((c: { name: string }) => c.name === "alice");
    expect(alice.findings.map((f: { code: string }) => f.code)).toContain("CRL_REVOKED");
  });

  it("--strongswan-conf is read and named in the result", async () => {
    const conf = join(tmp, "audit-strongswan.conf");
    writeFileSync(conf, "charon {\n  load = random nonce x509 openssl pem pkcs1 pubkey sha1 sha2\n}\n");
    const r = await runCli(["audit", F, "--conn", "rw", "--strongswan-conf", conf, "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.result.strongswanConf).toBe(conf);
    const rw = doc.result.connections.find((c: { name: string }) => c.name === "rw");
    expect(rw.findings.map((f: { code: string }) => f.code)).toContain("REVOCATION_NOT_ENFORCED");
  });
});
