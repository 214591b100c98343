import { describe, expect, it } from "vitest";
import { runCli } from "../cli-helper.js";

const SW = "certs-fixtures/audit/swanctl";
const AT = ["--at", "2030-01-01"];

interface Doc {
  ikecert: number;
  command: string;
  ok: boolean;
  findings: Array<{ code: string; log: string | null; file?: string }>;
  result: {
    connections: Array<{ name: string; ok: boolean; findings: Array<{ code: string; log: string | null }> }>;
  };
}

async function auditJson(args: string[]): Promise<{ code: number | null; doc: Doc }> {
  const r = await runCli(["audit", ...args, "--json"]);
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc };
}

async function connCodes(name: string): Promise<string[]> {
  const { doc } = await auditJson([SW, "--conn", name, ...AT]);
  expect(doc.result.connections.map((c) => c.name)).toEqual([name]);
  return doc.result.connections[0]!.findings.map((f) => f.code);
}

describe("ikecert audit (CLI)", () => {
  it("the sample deployment: exit 0, a verdict line, one block per connection", async () => {
    const r = await runCli(["audit", "certs-fixtures/sample"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(
      "OK 2 connections in certs-fixtures/sample (swanctl): charon would load and use them as configured",
    );
    expect(r.stdout).toContain("ok connection 'rw' (certs-fixtures/sample/swanctl.conf:4)");
    expect(r.stdout).toContain('sends "C=CH, O=Example VPN, CN=Example VPN Intermediate CA"');
  });
  it("--json: one envelope, ok covers every connection", async () => {
    const { code, doc } = await auditJson(["certs-fixtures/sample"]);
    expect(code).toBe(0);
    expect(doc).toMatchObject({ ikecert: 1, command: "audit", ok: true });
    expect(doc.result.connections.every((c) => c.ok)).toBe(true);
  });
  it("a broken folder exits 1 and names the failing connections", async () => {
    const r = await runCli(["audit", SW, ...AT]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^FAIL 17 connections in .* would fail$/);
    expect(r.stdout).toContain("FAILS connection 'nokey'");
    expect(r.stdout).toContain("ok connection 'good'");
  });
  const cases: Array<[string, string]> = [
    ["nokey", "LOCAL_NO_PRIVATE_KEY"],
    ["missing", "LOCAL_CERT_MISSING"],
    ["bundle", "CHAIN_FILE_MULTIPLE_CERTS"],
    ["wrongid", "ID_NOT_IN_CERT"],
    ["noid", "LOCAL_ID_DEFAULT"],
    ["prefix", "ID_PREFIX_STORED_AS_TEXT"],
    ["dntypo", "DN_TYPO_BECOMES_KEYID"],
    ["anyremote", "ID_ANY_MATCHES_ALL"],
    ["cacert-ee", "REMOTE_CACERT_NOT_CA"],
    ["nonascii", "ID_NOT_PRINTABLE"],
    ["badvalue", "CONFIG_INVALID"],
    ["soon", "CERT_EXPIRES_SOON"],
    ["orphan", "LOCAL_CHAIN_INCOMPLETE"],
    ["big", "IKE_AUTH_EXCEEDS_MTU_NO_FRAGMENTATION"],
    ["psk-weak", "PSK_WEAK"],
    ["psk-missing", "PSK_MISSING"],
    ["good", "LOCAL_SENDS_INTERMEDIATES"],
  ];
  for (const [conn, code] of cases)
    it(`--conn ${conn} reports ${code}`, async () => {
      expect(await connCodes(conn)).toContain(code);
    });
  it("folder-wide findings sit in the envelope: x509ca/ non-CA, shared PSK", async () => {
    const { doc } = await auditJson([SW, "--conn", "good"]);
    const codes = doc.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["CHAIN_CA_REJECTED_AT_LOAD", "PSK_SHARED_BY_MANY"]));
    expect(doc.ok).toBe(false);
    expect(JSON.stringify(doc)).not.toContain("secret123");
  });
  it("no CA loaded: REMOTE_NO_TRUSTED_CA", async () => {
    const { code, doc } = await auditJson(["certs-fixtures/audit/noca"]);
    expect(code).toBe(1);
    expect(doc.result.connections[0]!.findings.map((f) => f.code)).toContain("REMOTE_NO_TRUSTED_CA");
  });
  it("ipsec.conf given as a file: the replaced id and aggressive PSK", async () => {
    const { doc } = await auditJson(["certs-fixtures/audit/ipsec/ipsec.conf"]);
    const by = (n: string) => doc.result.connections.find((c) => c.name === n)!.findings.map((f) => f.code);
    expect(by("replaced")).toContain("LOCAL_ID_REPLACED");
    expect(by("aggressive")).toContain("PSK_AGGRESSIVE_MODE");
    expect(doc.findings.map((f) => f.code)).toContain("KEY_NOT_LOADED");
  });
  it("--strongswan: the target release is accepted and the verdict stays", async () => {
    const r = await runCli(["audit", "certs-fixtures/sample", "--strongswan", "5.9.8"]);
    expect(r.code).toBe(0);
  });
  it("usage errors exit 2 with one line", async () => {
    const a = await runCli(["audit", "certs-fixtures/sample", "--conn", "nope"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe("ikecert: --conn nope: no such connection (have: rw, carol)\n");
    const b = await runCli(["audit", "certs-fixtures/nothing-here"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^ikecert: certs-fixtures\/nothing-here: no such file or folder\n$/);
    const c = await runCli(["audit", "certs-fixtures", "--strongswan", "x"]);
    expect(c.code).toBe(2);
    const d = await runCli(["audit", "certs-fixtures/keys"]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("neither swanctl.conf nor ipsec.conf");
  });
});

describe("ikecert size --config (CLI)", () => {
  it("sizes the connection from the folder; the peer's CERTREQ decides whether the certificate goes", async () => {
    const withPeer = await runCli([
      "size",
      "--config",
      "certs-fixtures/sample:carol",
      "--role",
      "initiator",
      "--peer",
      "certs-fixtures/audit/swanctl:good",
      "--json",
    ]);
    expect(withPeer.code).toBe(0);
    const a = JSON.parse(withPeer.stdout).result;
    expect(a).toMatchObject({
      role: "initiator",
      connection: "carol",
      sendsCertificate: true,
      certreqCas: 2,
    });
    expect(a.intermediates).toEqual(["C=CH, O=Example VPN, CN=Example VPN Intermediate CA"]);
    expect(a.fragments).toBeGreaterThan(1);
    expect(a.payloads.map((p: { name: string }) => p.name)).toContain("CERTREQ (2 CAs)");
    const noCas = await runCli([
      "size",
      "--config",
      "certs-fixtures/sample:rw",
      "--role",
      "responder",
      "--peer",
      "certs-fixtures/audit/noca",
      "--json",
    ]);
    const b = JSON.parse(noCas.stdout).result;
    expect(b.sendsCertificate).toBe(false);
    expect(b.bytes).toBeLessThan(a.bytes);
    expect(b.peer).toEqual({ connection: "rw", sendsCertreq: true, certreqCas: 0 });
  });
  it("text output and usage errors", async () => {
    const t = await runCli(["size", "--config", "certs-fixtures/sample:rw", "--role", "responder"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(
      /^OK \d+ bytes, 3 fragment\(s\)\nrules of strongSwan 6\.0\.6 \(IKECERT_STRONGSWAN\)[^\n]*\nconnection 'rw': /,
    );
    const u = await runCli(["size", "--config", "certs-fixtures/sample:nope", "--role", "initiator"]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("no connection 'nope'");
    const v = await runCli(["size", "--peer", "certs-fixtures/sample"]);
    expect(v.code).toBe(2);
  });
});
