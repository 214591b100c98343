/**
 * The constraint checks follow the plugin in charge of each certificate (constraint-load.ts on the
 * plugin model of plugins.ts): with strongswan.conf loading openssl before x509, the openssl plugin
 * holds every certificate it can parse, and hands the constraints plugin no certificate policies
 * and, before 5.9.12, no name constraints (openssl_x509.c: empty enumerators up to 5.9.11,
 * parse_nameConstraints_ext from 5.9.12). Modelled from the source: pki cannot reorder its plugins
 * without a strongswan.conf of its own; the default order is checked against pki in the tier.
 */
import { describe, expect, it } from "vitest";
import { generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { buildChain, type ChainOptions, parseCertificate } from "../lib/index.js";

const P = "1.3.6.1.4.1.36906.1.1";
const root = makeCertificate({
  subject: "C=CH, O=Order Test, CN=Root",
  key: generateKey("p256"),
  ca: true,
  nameConstraints: { permitted: [{ dns: "example.com" }], critical: false },
  policies: [P],
});
const leaf = (cn: string, sans: string[]) =>
  parseCertificate(
    makeCertificate({
      subject: `C=CH, O=Order Test, CN=${cn}`,
      key: generateKey("p256"),
      issuer: root,
      sans,
      policies: [P],
      keyUsage: ["digitalSignature"],
    }).der,
  );
const outside = leaf("outside", ["vpn.example.org"]);
const inside = leaf("inside", ["vpn.example.com"]);
const opensslFirst = { order: ["openssl", "x509"] } as const;
const judge = (ee: ReturnType<typeof leaf>, o: Partial<ChainOptions>) =>
  buildChain(ee, { trusted: [parseCertificate(root.der)], untrusted: [], at: new Date(), ...o });

describe("constraint checks and the plugin in charge (modelled from the source)", () => {
  it("x509 first (Debian): the root's name constraints refuse a name outside them", () => {
    const r = judge(outside, { strongswan: "5.9.8" });
    expect(r.decidedBy).toBe("nameConstraints");
  });

  it("openssl first on 5.9.8: the root's name constraints are not enforced, and ikecert says so", () => {
    const r = judge(outside, { strongswan: "5.9.8", plugins: opensslFirst });
    expect(r.trusted).toBe(true);
    const f = r.findings.find((x) => x.code === "CHAIN_CONSTRAINTS_NOT_ENFORCED");
    expect(f?.message).toMatch(/strongswan\.conf loads the openssl plugin before the x509 plugin/);
    expect(f?.message).toMatch(/no name constraints and certificate policies/);
  });

  it("openssl first on 5.9.12: the openssl plugin reads name constraints, so they hold again", () => {
    const r = judge(outside, { strongswan: "5.9.12", plugins: opensslFirst });
    expect(r.decidedBy).toBe("nameConstraints");
    const f = r.findings.find((x) => x.code === "CHAIN_CONSTRAINTS_NOT_ENFORCED");
    expect(f?.message).toMatch(/no certificate policies:/);
  });

  it("openssl first: the chain carries no policies, so cert_policy refuses the peer", () => {
    const x509 = judge(inside, { strongswan: "5.9.8", requiredPolicies: [P] });
    expect(x509.trusted).toBe(true);
    expect(x509.certPolicies).toEqual([P]);
    const openssl = judge(inside, { strongswan: "5.9.8", requiredPolicies: [P], plugins: opensslFirst });
    expect(openssl.trusted).toBe(false);
    expect(openssl.decidedBy).toBe("policy");
    expect(openssl.findings.map((f) => f.log)).toContain(`constraint requires cert policy ${P}`);
  });
});
