/**
 * `audit` with CRLs and strongswan.conf (lib/checks/audit/revocation.ts) on the committed fixture
 * certs-fixtures/revocation (made with strongSwan's pki; pki's own verdicts on the same files are
 * checked in test/strongswan/revocation-diff.test.ts and plugins-diff.test.ts).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateKey, makeCertificate } from "../../certs-fixtures/generator.js";
import { auditConfig, loadConfig, parseIpsecConf, parseStrongswanConf } from "../../lib/index.js";
import { loadStrongswanConf, strongswanConfBeside } from "../../lib/input/strongswan-conf-file.js";

const FIXTURE = join(import.meta.dirname, "..", "..", "certs-fixtures", "revocation");
const AT = new Date("2026-06-01T00:00:00Z");
const tmp = mkdtempSync(join(tmpdir(), "ikecert-audit-crl-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function audit(dir: string, conf: string | null = null) {
  const { config, refs } = await loadConfig(dir);
  return auditConfig(config, {
    refs,
    at: AT,
    strongswan: "5.9.8",
    strongswanConf: conf === null ? null : parseStrongswanConf(conf, join(dir, "..", "strongswan.conf")),
  });
}

describe("audit of a swanctl folder with x509crl/", () => {
  it("reports the revoked intermediate CA and the revoked pinned peer certificate", async () => {
    const r = await audit(FIXTURE);
    const ca = r.findings.find((f) => f.code === "CRL_REVOKED");
    expect(ca?.message).toMatch(/x509ca\/old-sub\.pem in x509ca\/ is revoked/);
    expect(ca?.log).toBe("certificate was revoked on Mar 01 00:00:00 UTC 2025, reason: ca compromise");
    const alice = r.connections.find((c) => c.name === "alice")!;
    expect(alice.ok).toBe(false);
    expect(alice.findings.find((f) => f.code === "CRL_REVOKED")?.log).toBe(
      "certificate was revoked on Jun 01 00:00:00 UTC 2025, reason: key compromise",
    );
    expect(r.ok).toBe(false);
  });

  it("strict with a CA whose CRL is missing: a warning naming the constraint line", async () => {
    const r = await audit(FIXTURE);
    const rw = r.connections.find((c) => c.name === "rw")!;
    const unmet = rw.findings.filter((f) => f.code === "REVOCATION_POLICY_UNMET");
    // the revoked Old Sub CA is reported once, for the folder; root and sub have CRLs
    expect(unmet).toEqual([]);
  });

  it("strict without any CRL of a CA, and a strongswan.conf without the revocation plugin", async () => {
    const dir = join(tmp, "nocrl");
    cpSync(FIXTURE, dir, { recursive: true });
    rmSync(join(dir, "x509crl", "sub.crl"));
    const r = await audit(dir);
    const unmet = r.connections
      .find((c) => c.name === "rw")!
      .findings.find((f) => f.code === "REVOCATION_POLICY_UNMET");
    expect(unmet?.message).toMatch(/no CRL of "C=CH, O=Example CRL, CN=Example CRL Sub CA"/);
    expect(unmet?.log).toBe(
      "constraint check failed: RULE_CRL_VALIDATION is SKIPPED, but requires at least GOOD",
    );
    const off = await audit(
      dir,
      "charon {\n  load = random nonce x509 openssl pem pkcs1 pubkey sha1 sha2\n}\n",
    );
    const rw = off.connections.find((c) => c.name === "rw")!;
    expect(rw.findings.map((f) => f.code)).toContain("REVOCATION_NOT_ENFORCED");
    expect(rw.findings.map((f) => f.code)).not.toContain("REVOCATION_POLICY_UNMET");
  });

  it("strongswan.conf loading openssl first: a CA's non-critical name constraints are then not enforced (5.9.8)", async () => {
    const dir = join(tmp, "order");
    cpSync(join(import.meta.dirname, "..", "..", "certs-fixtures", "sample"), dir, { recursive: true });
    const nc = makeCertificate({
      subject: "C=CH, O=Order, CN=Constrained CA",
      key: generateKey("p256"),
      ca: true,
      nameConstraints: { permitted: [{ dns: "example.com" }], critical: false },
    });
    writeFileSync(join(dir, "x509ca", "constrained.pem"), nc.pem);
    const conf =
      "charon {\n  load_modular = yes\n  plugins {\n    x509 {\n      load = yes\n    }\n    openssl {\n      load = 2\n    }\n  }\n}\n";
    const r = await audit(dir, conf);
    const f = r.findings.filter((x) => x.code === "PLUGIN_ORDER_CHANGES");
    expect(f.length).toBe(1);
    expect(f[0]!.message).toMatch(
      /constrained\.pem is parsed by the openssl plugin instead of x509, so its name constraints are not enforced/,
    );
    expect(
      (await audit(dir, conf.replace("load = 2", "load = yes"))).findings.map((x) => x.code),
    ).not.toContain("PLUGIN_ORDER_CHANGES");
  });

  it("finds the strongswan.conf beside the configuration: /etc/swanctl → /etc/strongswan.conf", () => {
    const etc = join(tmp, "etc");
    cpSync(FIXTURE, join(etc, "swanctl"), { recursive: true });
    expect(strongswanConfBeside(join(etc, "swanctl"))).toBeNull();
    writeFileSync(join(etc, "strongswan.conf"), "charon {\n  load = x509 revocation\n}\n");
    expect(strongswanConfBeside(join(etc, "swanctl"))).toBe(join(etc, "strongswan.conf"));
    expect(strongswanConfBeside(join(etc, "swanctl", "swanctl.conf"))).toBe(join(etc, "strongswan.conf"));
    expect(loadStrongswanConf(join(etc, "strongswan.conf")).loaded).toEqual(["x509", "revocation"]);
  });

  it("ipsec.conf: config setup strictcrlpolicy is the remote rounds' policy (stroke_config.c build_crl_policy)", () => {
    const conf = (v: string) =>
      parseIpsecConf(
        `config setup\n  strictcrlpolicy=${v}\n\nconn gw\n  left=192.0.2.1\n  right=%any\n  auto=add\n`,
      );
    for (const [v, want] of [
      ["yes", "strict"],
      ["ifuri", "ifuri"],
      ["no", "relaxed"],
    ] as const) {
      const c = conf(v).connections[0]!;
      expect(c.remote[0]!.revocation?.value, v).toBe(want);
      expect(c.local[0]!.revocation).toBeNull();
    }
  });
});
