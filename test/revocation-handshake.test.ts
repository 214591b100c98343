/**
 * The handshake simulation with CRLs: the verifying side checks the peer's chain against the CRLs it
 * holds (x509crl/) and its connection's `remote.revocation`. Outcomes and lines as charon gives them
 * in test/strongswan/revocation-ike.test.ts (two real charons).
 */
import { describe, expect, it } from "vitest";
import { type GeneratedCertificate, generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { makeCrl } from "../certs-fixtures/generator-crl.js";
import type { HandshakeConnection, HandshakeHost } from "../lib/checks/handshake/types.js";
import { parseIdentity, simulateHandshake } from "../lib/index.js";
import { parseCrl } from "../lib/input/crl.js";
import { makePrivateKey } from "../lib/input/keys.js";
import { testConnection } from "./handshake-connection.js";

const root = makeCertificate({ subject: "C=CH, O=HS CRL, CN=Root", key: generateKey("p256"), ca: true });
const leaf = (cn: string, sans: Parameters<typeof makeCertificate>[0]["sans"]) =>
  makeCertificate({ subject: `C=CH, O=HS CRL, CN=${cn}`, key: generateKey("p256"), issuer: root, sans });
const gw = leaf("vpn.example.com", [{ dns: "vpn.example.com" }]);
const client = leaf("client", [{ email: "client@example.com" }]);
const id = (t: string) => parseIdentity(t, { regex: true });

function conn(
  name: string,
  local: GeneratedCertificate,
  o: Partial<HandshakeConnection>,
): HandshakeConnection {
  return testConnection(name, local.cert!, o);
}
const host = (
  certs: GeneratedCertificate[],
  key: GeneratedCertificate,
  c: HandshakeConnection,
  crls = [] as ReturnType<typeof parseCrl>[],
): HandshakeHost => ({
  label: "x",
  certs: certs.map((g) => g.cert!),
  keys: [makePrivateKey(key.key.privateKey, "pkcs8", false)],
  connections: [c],
  crls,
});

const ini = conn("home", client, {
  localId: id("client@example.com"),
  remoteId: id("vpn.example.com"),
  localAddrs: ["192.0.2.100"],
  remoteAddrs: ["192.0.2.1"],
});
const iniHost = host([root, client], client, ini);
const revoked = parseCrl(
  makeCrl({
    issuer: root,
    revoked: [
      { serial: client.cert!.serialBytes, reason: "keyCompromise", date: new Date("2025-02-03T04:05:06Z") },
    ],
  }).der,
);
const good = parseCrl(makeCrl({ issuer: root }).der);

const run = (revocation: "strict" | "ifuri" | "relaxed", crls: ReturnType<typeof parseCrl>[]) => {
  const res = conn("rw", gw, { localId: id("vpn.example.com"), revocation });
  return simulateHandshake(
    { host: iniHost, connection: ini },
    { host: host([root, gw], gw, res, crls) },
    { strongswan: "5.9.8" },
  );
};

describe("revocation in the handshake", () => {
  it("relaxed: a revoked client certificate is refused as untrusted", () => {
    const r = run("relaxed", [revoked]);
    expect(r.established).toBe(false);
    expect(r.failure?.step).toBe("responder-verifies-initiator");
    expect(r.responder.logs).toContain(
      "certificate was revoked on Feb 03 04:05:06 UTC 2025, reason: key compromise",
    );
    expect(r.failure?.log).toBe("no trusted ECDSA public key found for 'client@example.com'");
  });

  it("strict without a CRL: authenticated, then the constraint fails", () => {
    const r = run("strict", []);
    expect(r.established).toBe(false);
    expect(r.failure).toMatchObject({
      step: "responder-constraints",
      log: "constraint check failed: RULE_CRL_VALIDATION is SKIPPED, but requires at least GOOD",
    });
    expect(r.findings.map((f) => f.code)).toContain("REVOCATION_POLICY");
  });

  it("strict with a current CRL that does not list it: established", () => {
    const r = run("strict", [good]);
    expect(r.established).toBe(true);
    expect(r.responder.logs).toContain("certificate status is good");
  });

  it("ifuri without a CRL and without distribution points: established", () => {
    expect(run("ifuri", []).established).toBe(true);
  });
});
