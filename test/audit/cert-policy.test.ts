/**
 * remote.cert_policy in audit and handshake: the OIDs are compared as text, and before 6.0.1 the
 * trusted root itself must carry each (constraints_validator.c is_policy_valid; the strongSwan tier
 * checks the refusal against charon in test/strongswan/cert-policy.test.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateKey, makeCertificate, privateKeyPem } from "../../certs-fixtures/generator.js";
import { auditConfig, handshakeConfigs, loadConfig } from "../../lib/index.js";

const P1 = "1.3.6.1.4.1.36906.1.1";
const dir = mkdtempSync(join(tmpdir(), "ikc-cert-policy-audit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folder(name: string, rootPolicies: string[] | undefined, remote: string, leafPolicies?: string[]) {
  const d = join(dir, name);
  for (const s of ["x509", "x509ca", "private"]) mkdirSync(join(d, s), { recursive: true });
  const root = makeCertificate({
    subject: `C=CH, O=Policy, CN=${name} Root`,
    key: generateKey("p256"),
    ca: true,
    ...(rootPolicies ? { policies: rootPolicies } : {}),
  });
  const key = generateKey("p256");
  const gw = makeCertificate({
    subject: `C=CH, O=Policy, CN=${name}.example.com`,
    key,
    issuer: root,
    sans: [`${name}.example.com`],
    ...(leafPolicies ? { policies: leafPolicies } : {}),
  });
  writeFileSync(join(d, "x509ca", "root.pem"), root.pem);
  writeFileSync(join(d, "x509", "gw.pem"), gw.pem);
  writeFileSync(join(d, "private", "gw.key"), privateKeyPem(key));
  writeFileSync(
    join(d, "swanctl.conf"),
    `connections {
  c {
    remote_addrs = 192.0.2.1
    local {
      auth = pubkey
      certs = gw.pem
      id = ${name}.example.com
    }
    remote {
      auth = pubkey
      ${remote}
    }
  }
}
`,
  );
  return { d, root };
}

const codes = async (d: string, strongswan: string) => {
  const { config, refs } = await loadConfig(d);
  const r = await auditConfig(config, { refs, strongswan });
  return r.connections[0]!.findings;
};

describe("audit: remote cert_policy", () => {
  it("a root without policies carries no policy before 6.0.1: every peer is refused", async () => {
    const { d } = folder("bare", undefined, `cert_policy = ${P1}`);
    const old = await codes(d, "5.9.8");
    const f = old.find((x) => x.code === "REMOTE_CERT_POLICY_NO_ROOT")!;
    expect(f.severity).toBe("error");
    expect(f.log).toBe(`constraint requires cert policy ${P1}`);
    expect(f.file).toMatch(/swanctl\.conf:\d+$/);
    const now = await codes(d, "6.0.6");
    expect(now.map((x) => x.code)).toContain("REMOTE_CERT_POLICY");
    expect(now.map((x) => x.code)).not.toContain("REMOTE_CERT_POLICY_NO_ROOT");
  });

  it("a root listing the policy (or anyPolicy) carries it", async () => {
    for (const [name, pol] of [
      ["listed", [P1]],
      ["any", ["2.5.29.32.0"]],
    ] as const) {
      const { d } = folder(name, [...pol], `cert_policy = ${P1}`);
      expect((await codes(d, "5.9.8")).map((x) => x.code)).toContain("REMOTE_CERT_POLICY");
    }
  });

  it("a value that is not a dotted OID never matches", async () => {
    const { d } = folder("typo", [P1], "cert_policy = id-policy-gold");
    const f = (await codes(d, "5.9.8")).find((x) => x.code === "REMOTE_CERT_POLICY_NOT_OID")!;
    expect(f.message).toContain("'id-policy-gold'");
  });
});

describe("handshake: remote cert_policy", () => {
  it("the responder refuses a peer whose chain does not carry the policy, with charon's lines", async () => {
    const a = folder("ini", undefined, "id = %any", [P1]);
    const b = folder("res", undefined, `cert_policy = ${P1}`);
    // both trust both roots
    writeFileSync(join(a.d, "x509ca", "other.pem"), b.root.pem);
    writeFileSync(join(b.d, "x509ca", "other.pem"), a.root.pem);
    const ic = await loadConfig(a.d);
    const rc = await loadConfig(b.d);
    const old = handshakeConfigs(ic, rc, { strongswan: "5.9.8" });
    expect(old.established).toBe(false);
    expect(old.failure?.step).toBe("responder-constraints");
    expect(old.responder.logs).toEqual(
      expect.arrayContaining([
        `constraint requires cert policy ${P1}`,
        "selected peer config 'c' unacceptable: non-matching authentication done",
      ]),
    );
    expect(old.findings.map((f) => f.code)).toContain("CHAIN_POLICY_REQUIRED");
    // the initiator's root lists no policies: 6.0.1 and later leave such a root out
    const now = handshakeConfigs(ic, rc, { strongswan: "6.0.6" });
    expect(now.responder.logs).not.toContain(`constraint requires cert policy ${P1}`);
    expect(now.established).toBe(true);
  });
});
