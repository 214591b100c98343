import { describe, expect, it } from "vitest";
import { runCli } from "./cli-helper.js";

/** `ikecert handshake` through the built CLI, on the swanctl folders of certs-fixtures/handshake/. */

const RW = "certs-fixtures/handshake/road-warrior";
const GW = "certs-fixtures/sample";
const AT = ["--at", "2026-06-01T00:00:00Z", "--strongswan", "5.9.8"];

describe("ikecert handshake", () => {
  it("success: road warrior bob against the sample gateway", async () => {
    const r = await runCli(["handshake", "--initiator", `${RW}:home`, "--responder", `${GW}:rw`, ...AT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("OK IKE_SA established (home → rw)");
    expect(r.stdout).toMatch(/IKE_AUTH request +──▶/);
    expect(r.stdout).toContain("  IDr vpn.example.com (ID_FQDN)");
    expect(r.stdout).toContain("CERT C=CH, O=Example VPN, CN=Example VPN Intermediate CA");
    expect(r.stdout).toContain("✓ IKE_SA established on both sides");
    expect(r.stdout).toContain(
      "  IKE_SA home[1] established between 192.0.2.100[bob@example.com]...192.0.2.1[vpn.example.com]",
    );
    expect(r.stdout).toContain(
      "  looking for peer configs matching 192.0.2.1[vpn.example.com]...192.0.2.100[bob@example.com]",
    );
  });

  it("success as JSON: one document with the logs of both sides", async () => {
    const r = await runCli(["handshake", "--initiator", RW, "--responder", GW, ...AT, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ikecert: 1, command: "handshake", ok: true, findings: [] });
    expect(doc.result.established).toBe(true);
    expect(doc.result.initiator.connection).toBe("home");
    expect(doc.result.responder.connection).toBe("rw");
    expect(doc.result.initiator.logs).toContain(
      "authentication of 'vpn.example.com' with RSA_EMSA_PKCS1_SHA2_256 successful",
    );
    expect(doc.result.responder.logs).toContain("selected peer config 'rw'");
    expect(doc.result.ids).toEqual({
      idi: { printed: "bob@example.com", type: "ID_RFC822_ADDR" },
      idr: { printed: "vpn.example.com", type: "ID_FQDN" },
      responderId: { printed: "vpn.example.com", type: "ID_FQDN" },
    });
  });

  it("CN-only gateway certificate: the initiator finds no trusted key (FAQ common-name)", async () => {
    const r = await runCli([
      "handshake",
      "--initiator",
      RW,
      "--responder",
      "certs-fixtures/handshake/gateway-cn-only",
      ...AT,
      "--json",
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.result.established).toBe(false);
    expect(doc.result.failure).toEqual({
      step: "initiator-verifies-responder",
      side: "initiator",
      log: "no trusted ECDSA public key found for 'vpn.example.com'",
    });
    expect(doc.result.initiator.logs.at(-1)).toBe("no trusted ECDSA public key found for 'vpn.example.com'");
    expect(doc.findings.map((f: { code: string }) => f.code)).toEqual(["ID_ONLY_IN_CN"]);
    expect(doc.findings[0].faq).toBe("common-name");
  });

  it("no matching peer config: a DN IDr where the gateway's local ids are an FQDN and an IP", async () => {
    const r = await runCli(["handshake", "--initiator", `${RW}:by-dn`, "--responder", GW, ...AT]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toBe(
      "FAIL IKE_SA not established: peer-config (responder logs: no matching peer config found)",
    );
    expect(r.stdout).toContain("✗ peer-config: no matching peer config found");
    expect(r.stdout).toContain("error HANDSHAKE_NO_PEER_CONFIG:");
    expect(r.stdout).toContain(
      "'rw' has local id 'vpn.example.com' (ID_FQDN), the initiator asks for 'C=CH, O=Example VPN, CN=vpn.example.com' (ID_DER_ASN1_DN); identity types never match across",
    );
    expect(r.stdout).toContain("    charon logs: no matching peer config found");
    expect(r.stdout).toContain("  received AUTHENTICATION_FAILED notify error");
  });

  it("missing intermediate: neither side holds it, the gateway cannot verify bob", async () => {
    const r = await runCli([
      "handshake",
      "--initiator",
      RW,
      "--responder",
      "certs-fixtures/handshake/gateway-no-intermediate",
      ...AT,
      "--json",
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.result.failure.step).toBe("responder-verifies-initiator");
    expect(doc.result.responder.logs).toEqual(
      expect.arrayContaining([
        'no issuer certificate found for "C=CH, O=Example VPN, OU=Road Warriors, CN=bob@example.com"',
        '  issuer is "C=CH, O=Example VPN, CN=Example VPN Intermediate CA"',
        "no trusted ECDSA public key found for 'bob@example.com'",
      ]),
    );
    expect(doc.findings[0].code).toBe("CHAIN_MISSING_ISSUER");
  });

  it("--at after the certificates expire: the chain fails on the responder", async () => {
    const r = await runCli([
      "handshake",
      "--initiator",
      RW,
      "--responder",
      GW,
      "--at",
      "2036-01-01",
      "--json",
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.result.failure.step).toBe("responder-verifies-initiator");
    expect(doc.result.responder.logs.join("\n")).toMatch(
      /subject certificate invalid \(valid from .* to .*\)/,
    );
  });

  it("usage errors: an unknown connection, a missing folder", async () => {
    const a = await runCli(["handshake", "--initiator", `${RW}:nope`, "--responder", GW]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(`ikecert: ${RW}: no connection 'nope' (it has: home, by-dn)\n`);
    const b = await runCli(["handshake", "--initiator", "no/such/dir", "--responder", GW]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^ikecert: no\/such\/dir: no such file or folder\n$/);
    const c = await runCli(["handshake", "--initiator", RW]);
    expect(c.code).toBe(2);
  });
});
