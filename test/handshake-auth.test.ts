import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { knownOidName } from "../lib/asn1/known-oid.js";
import { bestShared, sharedCandidates, sharedKeys } from "../lib/checks/auth/shared-keys.js";
import { selectIkeScheme } from "../lib/checks/handshake/auth/schemes.js";
import { parseAuth, schemeLogName } from "../lib/config/auth.js";
import { parseStrongswanConf } from "../lib/config/strongswan-conf.js";
import { parseSwanctlConf } from "../lib/config/swanctl.js";
import { explainLine } from "../lib/explain/index.js";
import { type HandshakeOptions, handshakeConfigs, loadConfig, parseIdentity } from "../lib/index.js";
import type { SwanctlDir } from "../lib/input/swanctl-dir.js";

/**
 * Issue 19 in the pure engine: how `auth` values parse, how secrets are picked, which scheme a key
 * signs with, and whole handshakes over the fixtures of certs-fixtures/auth/ (the tier runs the same
 * against two charons; the cases here marked "modelled" are 6.0.x or plugin behaviour that 5.9.8 from
 * Debian cannot run, taken from strongSwan's source).
 */

const AUTH = "certs-fixtures/auth";
const at = new Date("2026-06-01T00:00:00Z");

async function hs(initiator: string, responder: string, opts: HandshakeOptions = {}) {
  const [i, conn] = initiator.split(":");
  return handshakeConfigs(
    { ...(await loadConfig(`${AUTH}/${i}`)), connection: conn },
    await loadConfig(`${AUTH}/${responder}`),
    { strongswan: "5.9.8", at, ...opts },
  );
}

describe("auth values as charon reads them (vici_config.c parse_auth, auth_cfg.c add_pubkey_constraints)", () => {
  it("pubkey-sha384 allows SHA-384 for every key type, for the chain and the AUTH payload", () => {
    const s = parseAuth("pubkey-sha384");
    expect(s.authClass).toBe("pubkey");
    expect(s.x509Schemes.map((c) => c.scheme)).toEqual([
      "RSA_EMSA_PKCS1_SHA2_384",
      "ECDSA_WITH_SHA384_DER",
      "ECDSA_384",
      "BLISS_WITH_SHA2_384",
    ]);
    expect(s.ikeSchemes).toEqual(s.x509Schemes);
  });
  it("ike: constraints apply to the AUTH payload only; eap-...: constraints to the chain only", () => {
    const ike = parseAuth("ike:ecdsa-sha256");
    expect(ike.x509Schemes).toEqual([]);
    expect(ike.ikeSchemes.map((c) => c.scheme)).toEqual(["ECDSA_WITH_SHA256_DER", "ECDSA_256"]);
    const eap = parseAuth("eap-tls:ecdsa-sha384");
    expect(eap).toMatchObject({ authClass: "eap", eapType: "EAP_TLS", eapMethod: "tls" });
    expect(eap.x509Schemes.map((c) => c.scheme)).toEqual(["ECDSA_WITH_SHA384_DER", "ECDSA_384"]);
    expect(eap.ikeSchemes).toEqual([]);
  });
  it("rsa/pss-sha512 is a PSS constraint; charon.rsa_pss adds PSS in front of plain RSA schemes", () => {
    expect(parseAuth("rsa/pss-sha512").ikeSchemes).toEqual([
      { scheme: "RSA_EMSA_PSS", key: "RSA", pssHash: "sha512" },
    ]);
    expect(parseAuth("rsa-sha256", { rsaPss: true }).ikeSchemes.map(schemeLogName)).toEqual([
      "RSA_EMSA_PSS_SHA2_256_SALT_32",
      "RSA_EMSA_PKCS1_SHA2_256",
    ]);
  });
  it("a bare key type constrains nothing; a number after it is a minimum strength", () => {
    expect(parseAuth("rsa")).toMatchObject({ x509Schemes: [], ikeSchemes: [], strengths: {} });
    expect(parseAuth("rsa-2048-sha256").strengths).toEqual({ RSA: [2048] });
  });
  it("ed25519 is a key word, not a scheme: ike:ed25519 constrains nothing, ike:pubkey-identity names EdDSA (auth_cfg.c)", () => {
    expect(parseAuth("ike:ed25519")).toMatchObject({ x509Schemes: [], ikeSchemes: [] });
    expect(parseAuth("ike:pubkey-ed25519").ikeSchemes).toEqual([]);
    expect(parseAuth("ike:pubkey-identity").ikeSchemes.map((c) => c.scheme)).toEqual(["ED25519", "ED448"]);
    expect(parseAuth("ike:ed25519-identity").ikeSchemes.map((c) => c.scheme)).toEqual(["ED25519"]);
  });
  it("signature_authentication_constraints = no: no IKE constraints are derived", () => {
    expect(parseAuth("pubkey-sha384", { signatureAuthenticationConstraints: false }).ikeSchemes).toEqual([]);
  });
  it("unknown tokens are logged and ignored; unknown words are refused (swanctl) or become any (stroke)", () => {
    expect(parseAuth("pubkey-sha999").logs).toEqual(["ignoring invalid auth token: 'sha999'"]);
    expect(parseAuth("PubKey").invalid).toMatch(/case-sensitive/);
    expect(parseAuth("PSK").authClass).toBe("psk");
    expect(parseAuth("secret", { source: "ipsec" }).authClass).toBe("psk");
    expect(parseAuth("never", { source: "ipsec" })).toMatchObject({
      authClass: "any",
      logs: ["authentication method never unknown, fallback to any"],
    });
    expect(parseAuth("eap")).toMatchObject({ authClass: "eap", eapType: null });
    expect(parseAuth("eap-radius").eapType).toBe("EAP_RADIUS");
  });
  it("modelled from 6.0.0's source (BLISS removed): `auth = bliss` is refused there", () => {
    expect(parseAuth("bliss-sha256", { bliss: false }).invalid).not.toBeNull();
    expect(parseAuth("bliss-sha256").authClass).toBe("pubkey");
  });
});

describe("the signature scheme a signer picks (pubkey_authenticator.c select_signature_schemes)", () => {
  const ec = (bits: number) => ({ algorithm: "ECDSA" as const, bits });
  const rsa = (bits: number) => ({ algorithm: "RSA" as const, bits });
  it.each([
    [ec(256), "ECDSA_WITH_SHA256_DER"],
    [ec(384), "ECDSA_WITH_SHA384_DER"],
    [ec(521), "ECDSA_WITH_SHA512_DER"],
    [rsa(2048), "RSA_EMSA_PKCS1_SHA2_256"],
    [rsa(4096), "RSA_EMSA_PKCS1_SHA2_384"],
  ])("default for %j: %s", (k, want) => {
    expect(schemeLogName(selectIkeScheme(k, [], false)!)).toBe(want);
  });
  it("charon.rsa_pss = yes: PSS with the key's default hash", () => {
    expect(schemeLogName(selectIkeScheme(rsa(2048), [], true)!)).toBe("RSA_EMSA_PSS_SHA2_256_SALT_32");
  });
  it("constraints decide, in order, for the key's type; none fits: no signature", () => {
    expect(selectIkeScheme(ec(256), parseAuth("pubkey-sha384-sha256").ikeSchemes, false)?.scheme).toBe(
      "ECDSA_WITH_SHA384_DER",
    );
    expect(selectIkeScheme(ec(256), parseAuth("rsa-sha256").ikeSchemes, false)).toBeNull();
    // SHA-1 is not among the hashes a strongSwan peer announces
    expect(selectIkeScheme(ec(256), parseAuth("ecdsa-sha1").ikeSchemes, false)).toBeNull();
  });
});

describe("shared secrets: charon's best match (credential_manager.c get_shared)", () => {
  const conf = parseSwanctlConf(
    [
      "secrets {",
      "  ike-any {\n    secret = a1\n  }",
      "  ike-gw {\n    id-1 = vpn.example.com\n    secret = a2\n  }",
      "  ike-pair {\n    id-1 = vpn.example.com\n    id-2 = carol@example.com\n    secret = a3\n  }",
      "  eap-carol {\n    id = carol\n    secret = a4\n  }",
      "}",
      "",
    ].join("\n"),
    "swanctl.conf",
  );
  const keys = sharedKeys({ dir: ".", conf, files: [] } as SwanctlDir);
  const id = (t: string) => parseIdentity(t);
  it("the owners of `other` decide first, then `me`; %any matches anything weakly", () => {
    const c = sharedCandidates(keys, "IKE", id("vpn.example.com"), id("carol@example.com"));
    expect(c.map((m) => [m.key.name, m.me, m.other])).toEqual([
      ["ike-any", 1, 1],
      ["ike-gw", 20, 0],
      ["ike-pair", 20, 20],
    ]);
    expect(bestShared(c)?.key.name).toBe("ike-pair");
    expect(
      bestShared(sharedCandidates(keys, "IKE", id("vpn.example.com"), id("dave@example.com")))?.key.name,
    ).toBe("ike-any");
  });
  it("EAP and IKE secrets are separate types", () => {
    expect(sharedCandidates(keys, "EAP", id("vpn.example.com"), id("carol")).map((m) => m.key.name)).toEqual([
      "eap-carol",
    ]);
  });
  it("no secret value is reachable through JSON", () => {
    expect(JSON.stringify(keys)).not.toMatch(/"a[1-4]"/);
  });
});

describe("handshakes over the auth fixtures (the same pairs run against two charons in the tier)", () => {
  it("PSK: bob shares the gateway's secret", async () => {
    const r = await hs("psk-client:home", "psk-gateway");
    expect(r.established).toBe(true);
    expect(r.responder.logs).toContain("authentication of 'bob@example.com' with pre-shared key successful");
  });
  it("PSK: carol's secret is not the gateway's: every candidate is tried, the MAC mismatches", async () => {
    const r = await hs("psk-client:carol", "psk-gateway");
    expect(r.failure).toEqual({
      step: "responder-verifies-initiator",
      side: "responder",
      log: "tried 2 shared keys for 'vpn.example.com' - 'carol@example.com', but MAC mismatched",
    });
    expect(r.findings.map((f) => f.code)).toEqual(["HANDSHAKE_PSK_MISMATCH"]);
  });
  it("EAP-MS-CHAPv2: the identity exchange, then the method; a changed password fails on the server", async () => {
    const ok = await hs("eap-client:home", "eap-gateway");
    expect(ok.established).toBe(true);
    expect(ok.initiator.logs).toContain("server requested EAP_IDENTITY (id 0x00), sending 'bob'");
    const bad = await hs("eap-client:laptop", "eap-gateway");
    expect(bad.failure?.log).toBe("EAP-MS-CHAPv2 verification failed, retry (1)");
    expect(bad.initiator.logs.at(-1)).toBe("EAP_MSCHAPV2 method failed");
  });
  it("raw public keys: no certificates, each side trusts the key it names", async () => {
    const r = await hs("rawkey-client", "rawkey-gateway");
    expect(r.established).toBe(true);
    expect(r.responder.logs).toContain('  using trusted certificate "bob@example.com"');
  });
  it("groups: without the acert plugin (Debian) the attribute certificate grants nothing", async () => {
    const r = await hs("acert-client", "acert-gateway");
    expect(r.responder.connection).toBe("staff");
    expect(r.responder.logs).toContain("constraint check failed: group membership to 'sales' required");
  });
  it("modelled from the acert plugin's source: with it loaded, the group is granted", async () => {
    const r = await hs("acert-client", "acert-gateway", { responderSettings: { acert: true } });
    expect(r.responder.connection).toBe("sales");
    expect(r.responder.logs).toContain(
      'verifying attribute certificate issued by "C=CH, O=Example VPN, CN=Example VPN Attribute Authority"',
    );
  });
  it("a side's strongswan.conf sets charon.rsa_pss; an explicit setting (--set) wins over it", async () => {
    const i = await loadConfig(`${AUTH}/rawkey-client`);
    const g = await loadConfig(`${AUTH}/rawkey-gateway`);
    const signs = (r: { responder: { logs: string[] } }) =>
      r.responder.logs.find((l) => l.startsWith("authentication of 'vpn.example.com' (myself)"));
    const pss = parseStrongswanConf("charon {\n  rsa_pss = yes\n}\n");
    const plain = handshakeConfigs(i, g, { strongswan: "5.9.8", at });
    expect(signs(plain)).toBe(
      "authentication of 'vpn.example.com' (myself) with RSA_EMSA_PKCS1_SHA2_256 successful",
    );
    const fromConf = handshakeConfigs(i, { ...g, strongswanConf: pss }, { strongswan: "5.9.8", at });
    expect(fromConf.established).toBe(true);
    expect(signs(fromConf)).toBe(
      "authentication of 'vpn.example.com' (myself) with RSA_EMSA_PSS_SHA2_256_SALT_32 successful",
    );
    // the initiator's strongswan.conf does not change how the responder signs
    expect(signs(handshakeConfigs({ ...i, strongswanConf: pss }, g, { strongswan: "5.9.8", at }))).toBe(
      signs(plain),
    );
    const overridden = handshakeConfigs(
      i,
      { ...g, strongswanConf: pss },
      { strongswan: "5.9.8", at, responderSettings: { rsaPss: false } },
    );
    expect(signs(overridden)).toBe(signs(plain));
  });
  it("charon.signature_authentication_constraints = no (strongswan.conf or --set): pubkey-sha384 no longer binds the AUTH signature", async () => {
    const i = await loadConfig(`${AUTH}/rawkey-client`);
    const g = await loadConfig(`${AUTH}/rawkey-gateway`);
    g.config.conf!.connections[0]!.remote[0]!.auth = { value: "pubkey-sha384", origin: null };
    const constrained = handshakeConfigs(i, g, { strongswan: "5.9.8", at });
    expect(constrained.established).toBe(false);
    expect(constrained.failure?.log).toBe("IKE signature scheme ECDSA_WITH_SHA256_DER not acceptable");
    const off = parseStrongswanConf("charon {\n  signature_authentication_constraints = no\n}\n");
    const fromConf = handshakeConfigs(i, { ...g, strongswanConf: off }, { strongswan: "5.9.8", at });
    expect(fromConf.established).toBe(true);
    const viaSet = handshakeConfigs(i, g, {
      strongswan: "5.9.8",
      at,
      responderSettings: { signatureAuthenticationConstraints: false },
    });
    expect(viaSet.established).toBe(true);
    // only the verifier's setting counts
    expect(handshakeConfigs({ ...i, strongswanConf: off }, g, { strongswan: "5.9.8", at }).established).toBe(
      false,
    );
  });
  it("an initiator's remote pubkey-sha384 narrows the hashes it announces: the responder signs with SHA-384 (as charon 5.9.8 does)", async () => {
    const i = await loadConfig(`${AUTH}/rawkey-client`);
    const g = await loadConfig(`${AUTH}/rawkey-gateway`);
    i.config.conf!.connections[0]!.remote[0]!.auth = { value: "pubkey-sha384", origin: null };
    const r = handshakeConfigs(i, g, { strongswan: "5.9.8", at });
    expect(r.established).toBe(true);
    expect(r.responder.logs).toContain(
      "authentication of 'vpn.example.com' (myself) with RSA_EMSA_PKCS1_SHA2_384 successful",
    );
    // with the constraint for the chain only, the initiator announces every hash again
    const off = parseStrongswanConf("charon {\n  signature_authentication_constraints = no\n}\n");
    const wide = handshakeConfigs({ ...i, strongswanConf: off }, g, { strongswan: "5.9.8", at });
    expect(wide.responder.logs).toContain(
      "authentication of 'vpn.example.com' (myself) with RSA_EMSA_PKCS1_SHA2_256 successful",
    );
  });
  it("modelled from 6.0.2's source: a configured eap_id always starts an EAP-Identity exchange", async () => {
    const dir = await loadConfig(`${AUTH}/eap-gateway`);
    const conn = dir.config.conf!.connections[0]!;
    conn.remote[0]!.eapId = { value: "bob", origin: null };
    const i = await loadConfig(`${AUTH}/eap-client`);
    const old = handshakeConfigs({ ...i, connection: "home" }, dir, { strongswan: "5.9.8", at });
    expect(old.responder.logs).toContain("using configured EAP-Identity bob");
    const now = handshakeConfigs({ ...i, connection: "home" }, dir, { strongswan: "6.0.2", at });
    expect(now.responder.logs).toContain("initiating EAP_IDENTITY method (id 0x00)");
    expect(now.established).toBe(true);
  });
  it("IKEv2 XAuth and EAP-RADIUS are named as not simulated, with what decides", async () => {
    const dir = await loadConfig(`${AUTH}/eap-gateway`);
    dir.config.conf!.connections[0]!.remote[0]!.auth = { value: "eap-radius", origin: null };
    const i = await loadConfig(`${AUTH}/eap-client`);
    const r = handshakeConfigs({ ...i, connection: "home" }, dir, { strongswan: "5.9.8", at });
    expect(r.failure?.step).toBe("not-simulated");
    expect(r.findings.find((f) => f.code === "HANDSHAKE_NOT_SIMULATED")?.message).toMatch(
      /RADIUS server decides/,
    );
  });
});

describe("explain knows the lines of every class", () => {
  it.each([
    "constraint requires pre-shared key authentication, but public key was used",
    "constraint requires EAP_MD5, but EAP_MSCHAPV2 was used",
    "IKE signature scheme ECDSA_WITH_SHA256_DER not acceptable",
    "X.509 signature scheme ECDSA_WITH_SHA256_DER not acceptable",
    "ECDSA-256 signatures not acceptable",
    "constraint check failed: group membership to 'sales' required",
    "constraint check failed: EAP identity 'alice' required ",
    "constraint check failed: peer not authenticated with peer cert 'client@example.com'",
    "no common hash algorithm found to create signature with ECDSA key",
    "embedding PUBKEY certificate in payload failed",
    "no EAP key found for hosts 'vpn.example.com' - 'client@example.com'",
    "EAP method EAP_MD5 failed for peer client@example.com",
    "EAP_MSCHAPV2 method failed",
    "received EAP_FAILURE, EAP authentication failed",
    "EAP-MD5 verification failed",
    "EAP-MS-CHAPv2 verification failed, retry (1)",
    "EAP-MS-CHAPv2 failed with error ERROR_AUTHENTICATION_FAILURE: '(null)'",
    "peer requested EAP, config unacceptable",
    "received EAP_NAK, sending EAP_FAILURE",
    "requesting EAP_MD5 authentication, sending EAP_NAK",
    "loading EAP_RADIUS method failed",
    "no usable TLS client certificate found for 'client@example.com'",
    "no trusted certificate found for 'client@example.com' to verify TLS peer",
    "using configured EAP-Identity alice",
    "calculated HASH does not match HASH payload",
    "Aggressive Mode PSK disabled for security reasons",
    "invalid HASH_V1 payload length, decryption failed?",
    "invalid ID_V1 payload length, decryption failed?",
    "tried 2 shared keys for 'vpn.example.com' - 'carol@example.com', but MAC mismatched",
    "no shared key found for 'client@example.com'[198.51.100.1] - 'vpn.example.com'[198.51.100.2]",
    'received attribute certificate issued by "C=CH, O=Truth, CN=AA"',
    "critical 'strongSwan' extension not supported",
  ])("%s", (line) => {
    const e = explainLine(line);
    expect(e.known, line).toBe(true);
    expect(e.meaning.length).toBeGreaterThan(20);
  });
});

describe("strongSwan's OID table, walked like asn1_known_oid", () => {
  it("an OID below a leaf takes the leaf's name; unknown OIDs have none", () => {
    expect(knownOidName("1.3.6.1.4.1.36906.1.1.7")).toBe("strongSwan");
    expect(knownOidName("2.5.29.18")).toBe("issuerAltName");
    expect(knownOidName("1.2.3.4.5")).toBeNull();
  });
  it("modelled from 6.0.0's oid.txt: a line indented by 9 spaces cuts 1.3.6.1.4.1.1201 (TCG) and the enterprises after it off the table", () => {
    // oid.pl links a node to the next one of the same indentation; commit 4833f29b15 left 0x89 at 9
    expect(knownOidName("1.3.6.1.4.1.1201.1.1.2.2.75", { before6: true })).toBe("TCGID");
    expect(knownOidName("1.3.6.1.4.1.1201.1.1.2.2.75")).toBeNull();
  });
  it("modelled from 6.0.0's source: the BLISS names are gone", () => {
    expect(knownOidName("1.3.6.1.4.1.36906.5.1.1", { before6: true })).toBe("blissPublicKey");
    expect(knownOidName("1.3.6.1.4.1.36906.5.1.1")).toBeNull();
  });
});

describe("ipsec.conf: PSKs from ipsec.secrets, raw keys from leftsigkey/rightsigkey", () => {
  const FIX = join(import.meta.dirname, "../certs-fixtures");
  const dir = mkdtempSync(join(tmpdir(), "ikc-ipsec-auth-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const side = (name: string, conf: string, secrets: string, keys: [string, string][]) => {
    const d = join(dir, name);
    mkdirSync(join(d, "ipsec.d/certs"), { recursive: true });
    mkdirSync(join(d, "ipsec.d/private"), { recursive: true });
    writeFileSync(join(d, "ipsec.conf"), conf);
    writeFileSync(join(d, "ipsec.secrets"), secrets);
    for (const f of ["gateway.pub", "bob.pub"])
      copyFileSync(join(FIX, "auth/rawkey-gateway/pubkey", f), join(d, "ipsec.d/certs", f));
    for (const [from, to] of keys) copyFileSync(join(FIX, from), join(d, "ipsec.d/private", to));
    return d;
  };
  const conn = (name: string, lines: string[]) =>
    `conn ${name}\n  keyexchange=ikev2\n${lines.map((l) => `  ${l}\n`).join("")}  auto=add\n`;
  const gw = (psk: string) =>
    side(
      `gw-${psk.length}`,
      conn("rw", [
        "left=192.0.2.1",
        "leftid=vpn.example.com",
        "right=%any",
        "rightid=bob@example.com",
        "authby=secret",
      ]) +
        conn("rw-raw", [
          "left=192.0.2.1",
          "leftid=@raw.example.com",
          "leftsigkey=gateway.pub",
          "leftauth=pubkey",
          "right=%any",
          "rightid=carol@example.com",
          "rightsigkey=bob.pub",
          "rightauth=pubkey",
        ]),
      `vpn.example.com bob@example.com : PSK "${psk}"\n: RSA gateway.key\n`,
      [["sample/private/gateway.key", "gateway.key"]],
    );
  const rw = side(
    "rw",
    conn("home", [
      "left=192.0.2.100",
      "leftid=bob@example.com",
      "right=192.0.2.1",
      "rightid=vpn.example.com",
      "authby=secret",
    ]) +
      conn("raw", [
        "left=192.0.2.100",
        "leftid=carol@example.com",
        "leftsigkey=bob.pub",
        "leftauth=pubkey",
        "right=192.0.2.1",
        "rightid=@raw.example.com",
        "rightsigkey=gateway.pub",
        "rightauth=pubkey",
      ]),
    `bob@example.com vpn.example.com : PSK "ipsec-secrets-psk-one"\n: ECDSA rw-ecdsa.key\n`,
    [["sample/private/rw-ecdsa.key", "rw-ecdsa.key"]],
  );
  const run = async (c: string, g: string) =>
    handshakeConfigs({ ...(await loadConfig(rw)), connection: c }, await loadConfig(g), {
      strongswan: "5.9.8",
      at,
    });

  it("the same PSK in both ipsec.secrets: established; another one: MAC mismatched", async () => {
    expect((await run("home", gw("ipsec-secrets-psk-one"))).established).toBe(true);
    const bad = await run("home", gw("ipsec-secrets-psk-other"));
    expect(bad.failure?.log).toBe(
      "tried 1 shared key for 'vpn.example.com' - 'bob@example.com', but MAC mismatched",
    );
  });
  it("raw keys named by leftsigkey/rightsigkey stand for leftid/rightid", async () => {
    const r = await run("raw", gw("ipsec-secrets-psk-one"));
    expect(r.established).toBe(true);
    expect(r.responder.logs).toContain('  using trusted certificate "carol@example.com"');
  });
});
