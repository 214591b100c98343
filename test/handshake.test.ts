import { describe, expect, it } from "vitest";
import { type GeneratedCertificate, generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { identityConstraintLog, signatureScheme } from "../lib/checks/handshake/logs.js";
import type { HandshakeConnection, HandshakeHost } from "../lib/checks/handshake/types.js";
import { type Certificate, parseIdentity, simulateHandshake } from "../lib/index.js";
import { makePrivateKey, type PrivateKey } from "../lib/input/keys.js";
import { testConnection } from "./handshake-connection.js";

/** The pure handshake engine on hand-made hosts (the strongSwan tier checks it against charon). */

const root = makeCertificate({ subject: "C=CH, O=HS, CN=Root", key: generateKey("p256"), ca: true });
const rootB = makeCertificate({ subject: "C=CH, O=HS, CN=Root B", key: generateKey("p256"), ca: true });
const leaf = (cn: string, sans: Parameters<typeof makeCertificate>[0]["sans"], issuer = root) =>
  makeCertificate({ subject: `C=CH, O=HS, CN=${cn}`, key: generateKey("p256"), issuer, sans });
const gw = leaf("vpn.example.com", [{ dns: "vpn.example.com" }]);
const client = leaf("client", [{ email: "client@example.com" }]);

const cert = (g: GeneratedCertificate): Certificate => g.cert!;
const key = (g: GeneratedCertificate): PrivateKey => makePrivateKey(g.key.privateKey, "pkcs8", false);
const id = (t: string) => parseIdentity(t, { regex: true });

function conn(
  name: string,
  local: GeneratedCertificate | null,
  o: Partial<HandshakeConnection> = {},
): HandshakeConnection {
  return testConnection(name, local ? cert(local) : null, o);
}

function host(
  certs: GeneratedCertificate[],
  keys: GeneratedCertificate[],
  connections: HandshakeConnection[],
): HandshakeHost {
  return { label: "x", certs: certs.map(cert), keys: keys.map(key), connections };
}

const initiator = (o: Partial<HandshakeConnection> = {}, local: GeneratedCertificate | null = client) =>
  conn("home", local, {
    localId: id("client@example.com"),
    remoteId: id("vpn.example.com"),
    localAddrs: ["192.0.2.100"],
    remoteAddrs: ["192.0.2.1"],
    ...o,
  });
const iniHost = (c: HandshakeConnection, keys = [client]) =>
  host([root, ...(c.localCert ? [client] : [])], keys, [c]);
const gwConn = (name: string, o: Partial<HandshakeConnection> = {}) =>
  conn(name, gw, { localId: id("vpn.example.com"), ...o });

describe("log wording by release", () => {
  it("the identity constraint line: untyped with a trailing space before 5.9.14, typed after", () => {
    const want = id("*.org");
    const got = id("vpn.example.com");
    expect(identityConstraintLog(want, got, "5.9.8")).toBe(
      "constraint check failed: identity '*.org' required ",
    );
    expect(identityConstraintLog(want, got, "5.9.14")).toBe(
      "constraint check failed: identity '*.org' (ID_FQDN) required, not matched by 'vpn.example.com' (ID_FQDN)",
    );
  });

  it("signature schemes charon names in 'authentication of ... with X successful'", () => {
    const k = (algorithm: string, bits: number) => ({ algorithm, bits, curve: null }) as never;
    expect(signatureScheme(k("ECDSA", 256))).toBe("ECDSA_WITH_SHA256_DER");
    expect(signatureScheme(k("ECDSA", 384))).toBe("ECDSA_WITH_SHA384_DER");
    expect(signatureScheme(k("ECDSA", 521))).toBe("ECDSA_WITH_SHA512_DER");
    expect(signatureScheme(k("RSA", 2048))).toBe("RSA_EMSA_PKCS1_SHA2_256");
    expect(signatureScheme(k("RSA", 4096))).toBe("RSA_EMSA_PKCS1_SHA2_384");
    expect(signatureScheme(k("ED25519", 256))).toBe("ED25519");
  });
});

describe("simulateHandshake", () => {
  it("the better-matching responder connection wins, whatever the file order", () => {
    const c = initiator();
    const res = host(
      [root, gw],
      [gw],
      [
        gwConn("wildcard", { remoteId: id("*@example.com") }),
        gwConn("exact", { remoteId: id("client@example.com") }),
      ],
    );
    const r = simulateHandshake({ host: iniHost(c), connection: c }, { host: res }, { strongswan: "5.9.8" });
    expect(r.established).toBe(true);
    expect(r.responder.connection).toBe("exact");
    expect(r.keyLine).toEqual({
      side: "initiator",
      line: "IKE_SA home[1] established between 192.0.2.100[client@example.com]...192.0.2.1[vpn.example.com]",
    });
  });

  it("a CA constraint failing on the first candidate switches to the next one", () => {
    const c = initiator();
    const res = host(
      [root, rootB, gw],
      [gw],
      [gwConn("only-b", { remoteCacerts: [cert(rootB)] }), gwConn("any-ca")],
    );
    const r = simulateHandshake({ host: iniHost(c), connection: c }, { host: res }, { strongswan: "5.9.8" });
    expect(r.established).toBe(true);
    expect(r.responder.logs).toEqual(
      expect.arrayContaining([
        "selected peer config 'only-b'",
        "constraint check failed: peer not authenticated by CA 'C=CH, O=HS, CN=Root B'",
        "selected peer config 'only-b' unacceptable: non-matching authentication done",
        "switching to peer config 'any-ca'",
      ]),
    );
    expect(r.responder.connection).toBe("any-ca");
  });

  it("a loose remote id is satisfied by the certificate, and fails with the loose wording otherwise", () => {
    const ok = initiator({ remoteId: id("vpn.example.com"), remoteIdLoose: true });
    const res = host([root, gw], [gw], [gwConn("gw", { localId: id("C=CH, O=HS, CN=vpn.example.com") })]);
    const a = simulateHandshake({ host: iniHost(ok), connection: ok }, { host: res });
    expect(a.ids.idr).toBeNull();
    expect(a.established).toBe(true);
    const bad = initiator({ remoteId: id("other.example.com"), remoteIdLoose: true });
    const b = simulateHandshake({ host: iniHost(bad), connection: bad }, { host: res });
    expect(b.established).toBe(false);
    expect(b.failure?.log).toBe(
      "constraint check failed: certificate does not confirm identity 'other.example.com' (ID_FQDN)",
    );
    expect(b.findings.map((f) => f.code)).toEqual(["CLIENT_LOOSE_ID_NOT_CONFIRMED"]);
  });

  it("no id and no certificate: IDi falls back to the address, and there is nothing to sign with", () => {
    const c = initiator({ localId: null }, null);
    const res = host([root, gw], [gw], [gwConn("gw")]);
    const r = simulateHandshake(
      { host: iniHost(c, []), connection: c },
      { host: res },
      { strongswan: "5.9.8" },
    );
    expect(r.initiator.logs).toContain("no IDi configured, fall back on IP address");
    expect(r.ids.idi).toEqual({ printed: "192.0.2.100", type: "ID_IPV4_ADDR" });
    expect(r.failure).toEqual({
      step: "initiator-private-key",
      side: "initiator",
      log: "no private key found for '192.0.2.100'",
    });
    expect(r.findings.map((f) => f.code)).toEqual(["HANDSHAKE_NO_LOCAL_CERT"]);
  });

  it("send_cert = never and no copy on the initiator: no trusted key, and the finding says why", () => {
    const c = initiator();
    const res = host([root, gw], [gw], [gwConn("gw", { sendCert: "never" })]);
    const r = simulateHandshake({ host: iniHost(c), connection: c }, { host: res });
    expect(r.failure?.log).toBe("no trusted ECDSA public key found for 'vpn.example.com'");
    expect(r.messages.at(-1)?.payloads.map((p) => p.name)).toEqual(["IDr", "AUTH"]);
    expect(r.findings.map((f) => f.code)).toEqual(["HANDSHAKE_PEER_CERT_UNAVAILABLE"]);
  });

  it("a class charon has no IKEv2 authenticator for (XAuth) is reported, not guessed", () => {
    const c = initiator({ localAuth: "xauth" });
    const r = simulateHandshake({ host: iniHost(c), connection: c }, { host: host([], [], []) });
    expect(r.established).toBe(false);
    expect(r.failure?.step).toBe("not-simulated");
    expect(r.findings.map((f) => f.code)).toEqual(["HANDSHAKE_NOT_SIMULATED"]);
    expect(r.findings[0]!.message).toMatch(/XAuth is IKEv1 only/);
  });
});

describe("release-dependent fallback wording", () => {
  it("6.0 names the address it falls back on", () => {
    const c = initiator({ localId: null }, null);
    const res = host([root, gw], [gw], [gwConn("gw")]);
    const r = simulateHandshake(
      { host: iniHost(c, []), connection: c },
      { host: res },
      { strongswan: "6.0" },
    );
    expect(r.initiator.logs).toContain("no IDi configured, default to IP address 192.0.2.100");
  });
});

describe("IKEv1 Main Mode with certificates (modelled from main_mode.c/phase1.c; the auth tier asks two charons)", () => {
  const v1 = { version: 1 as const };
  const rsaGw = makeCertificate({
    subject: "C=CH, O=HS, CN=vpn.example.com",
    key: generateKey("rsa2048"),
    issuer: root,
    sans: [{ dns: "vpn.example.com" }],
  });
  const run = (c: HandshakeConnection, res: HandshakeHost) =>
    simulateHandshake({ host: iniHost(c), connection: c }, { host: res }, { strongswan: "5.9.8" });

  it("established: classic signatures, the responder's config chosen by the initiator's ID", () => {
    const r = run(initiator(v1), host([root, gw], [gw], [gwConn("rw", v1)]));
    expect(r.established).toBe(true);
    expect(r.initiator.logs).toContain("authentication of 'client@example.com' (myself) successful");
    expect(r.responder.logs).toEqual(
      expect.arrayContaining([
        "received cert request for 'C=CH, O=HS, CN=Root'",
        "looking for ECDSA-256 signature peer configs matching 192.0.2.1...192.0.2.100[client@example.com]",
        'selected peer config "rw"',
        "authentication of 'client@example.com' with ECDSA_WITH_NULL successful",
      ]),
    );
    expect(r.initiator.logs).toContain("authentication of 'vpn.example.com' with ECDSA_WITH_NULL successful");
  });

  it("the responder signs with the key type of the initiator's method: an RSA gateway cannot answer ECDSA-256", () => {
    const r = run(
      initiator(v1),
      host([root, rsaGw], [rsaGw], [conn("rw", rsaGw, { localId: id("vpn.example.com"), ...v1 })]),
    );
    expect(r.established).toBe(false);
    expect(r.failure).toMatchObject({
      step: "responder-private-key",
      log: "no ECDSA private key found for 'vpn.example.com'",
    });
    expect(r.initiator.logs.at(-1)).toBe("received AUTHENTICATION_FAILED error notify");
    expect(r.findings.map((f) => f.code)).toContain("HANDSHAKE_NO_PRIVATE_KEY");
  });

  it("the responder takes the best match for IDi first, whatever the file order", () => {
    const r = run(
      initiator(v1),
      host(
        [root, gw],
        [gw],
        [
          gwConn("wildcard", { ...v1, remoteId: id("*@example.com") }),
          gwConn("exact", { ...v1, remoteId: id("client@example.com") }),
        ],
      ),
    );
    expect(r.established).toBe(true);
    expect(r.responder.connection).toBe("exact");
    expect(r.responder.logs).toContain('selected peer config "exact"');
  });
  it("a wrong IDr ends on the initiator alone, after the responder has established", () => {
    const r = run(
      initiator({ ...v1, remoteId: id("other.example.com") }),
      host([root, gw], [gw], [gwConn("rw", v1)]),
    );
    expect(r.established).toBe(false);
    expect(r.responder.logs.some((l) => l.startsWith("IKE_SA rw[1] established"))).toBe(true);
    expect(r.failure?.log).toBe("IDir 'vpn.example.com' does not match to 'other.example.com'");
  });

  it("no Main Mode connection with certificates for the ID: no peer config, or none that allows the method", () => {
    const none = run(
      initiator(v1),
      host([root, gw], [gw], [gwConn("rw", { ...v1, remoteId: id("carol@example.com") })]),
    );
    expect(none.failure?.log).toBe("no peer config found");
    const psk = run(
      initiator(v1),
      host([root, gw], [gw], [gwConn("rw", { ...v1, localAuth: "psk", remoteAuth: "psk" })]),
    );
    expect(psk.failure?.log).toBe(
      "found 1 matching config, but none allows ECDSA-256 signature authentication using Main Mode",
    );
  });
});
