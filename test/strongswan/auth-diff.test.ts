import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type HandshakeOptions,
  type HandshakeResult,
  handshakeConfigs,
  loadConfig,
} from "../../lib/index.js";
import { CHARON, NAMESPACE_TOOLS, PKI, pkiConf, SWANCTL, tierAvailable } from "./env.js";
import { CertGen, type Made } from "./gen.js";
import { compareWithCharon, type IkeSide, keyLines, runIke, writeSide } from "./ike.js";

/**
 * Differential tier for issue 19: every authentication class charon 5.9.8 runs between two
 * daemons — pre-shared keys (IKEv2 and IKEv1 Main/Aggressive Mode), EAP-MD5, EAP-MS-CHAPv2, EAP-TLS,
 * raw public keys, signature schemes and their constraints, RSA-PSS, groups with attribute
 * certificates made by `pki --acert`. For each scenario ikecert predicts from the two folders and two
 * real charons run the exchange; compared: established or not, the key line (in that side's log),
 * the responder's connection, the IDi, and how many predicted lines charon printed.
 */

const PLUGIN_DIR = "/usr/lib/ipsec/plugins";
const EAP_PLUGINS = ["eap-identity", "eap-md5", "eap-mschapv2", "eap-tls"];
const run = tierAvailable(
  "authentication classes (two charons)",
  [
    CHARON,
    SWANCTL,
    PKI,
    "/usr/bin/openssl",
    ...NAMESPACE_TOOLS,
    ...EAP_PLUGINS.map((p) => `${PLUGIN_DIR}/libstrongswan-${p}.so`),
  ],
  {
    namespaces: true,
    install:
      "strongswan-charon strongswan-swanctl strongswan-pki libcharon-extra-plugins libcharon-extauth-plugins (eap-mschapv2)",
  },
);

interface Scenario {
  name: string;
  initiator: () => IkeSide;
  responder: () => IkeSide;
  /** the strongswan.conf settings the sides' charonConf sets, for the prediction */
  opts?: HandshakeOptions;
}

const sec = (name: string, secret: string, ...ids: string[]) =>
  `  ${name} {\n${ids.map((x, n) => `    id-${n} = ${x}\n`).join("")}    secret = ${secret}\n  }`;
const conn2 = (name: string, local: string[], remote: string[], version = 2) =>
  `  ${name} {\n    version = ${version}\n    local_addrs = 198.51.100.2\n    remote_addrs = 198.51.100.1\n    local {\n${local.map((l) => `      ${l}\n`).join("")}    }\n    remote {\n${remote.map((l) => `      ${l}\n`).join("")}    }\n  }`;

/** The connection charon's responder ended with: the established one, else the last it selected. */
function responderConnection(log: string[]): string | null {
  let name: string | null = null;
  for (const m of log) {
    const est = /^IKE_SA (\S+)\[\d+\] established between /.exec(m);
    if (est) return est[1]!;
    const sel = /^(?:selected peer config|switching to peer config) ['"]([^'"]+)['"]$/.exec(m);
    if (sel) name = sel[1]!;
  }
  return name;
}

/** The IDi charon's responder saw (IKEv2: the peer-config lookup line). */
function receivedIdi(log: string[]): string | null {
  for (const m of log) {
    const l = /^looking for (?:pre-shared key )?peer configs matching \S+?\.\.\.[^[]+\[(.*)\]$/.exec(m);
    if (l) return l[1]!;
  }
  return null;
}

describe.runIf(run)("authentication classes: ikecert handshake vs two charons", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-auth-"));
  const C: Record<string, Made> = {};
  const pub: Record<string, string> = {};
  let ac = "";
  let acOther = "";
  const stats: { name: string; agree: boolean; found: number; lines: number; established: boolean }[] = [];

  beforeAll(() => {
    const g = new CertGen(join(dir, "pki"));
    const ca = { ca: true, keyUsage: "critical,keyCertSign,cRLSign" } as const;
    C.root = g.cert({ name: "root", subject: "/C=CH/O=Auth/CN=Root", ...ca });
    C.rootB = g.cert({ name: "root-b", subject: "/C=CH/O=Auth/CN=Root B", ...ca });
    C.aa = g.cert({ name: "aa", subject: "/C=CH/O=Auth/CN=AA", ...ca });
    C.client = g.cert({
      name: "client",
      subject: "/C=CH/O=Auth/CN=client",
      issuer: C.root,
      sans: ["email:client@example.com"],
    });
    C.clientB = g.cert({
      name: "client-b",
      subject: "/C=CH/O=Auth/CN=client b",
      issuer: C.rootB,
      sans: ["email:client@example.com"],
    });
    C.clientRsa = g.cert({
      name: "client-rsa",
      subject: "/C=CH/O=Auth/CN=client rsa",
      issuer: C.root,
      sans: ["email:client@example.com"],
      key: "rsa2048",
    });
    C.gw = g.cert({
      name: "gw",
      subject: "/C=CH/O=Auth/CN=vpn.example.com",
      issuer: C.root,
      sans: ["DNS:vpn.example.com"],
    });
    C.gw384 = g.cert({
      name: "gw-384",
      subject: "/C=CH/O=Auth/CN=vpn.example.com",
      issuer: C.root,
      sans: ["DNS:vpn.example.com"],
      digest: "sha384",
    });
    for (const m of ["client", "gw", "clientRsa"] as const) {
      pub[m] = join(dir, "pki", `${C[m]!.name}.pub`);
      const r = spawnSync("openssl", ["pkey", "-in", C[m]!.key, "-pubout", "-out", pub[m]!], {
        encoding: "utf8",
      });
      if (r.status !== 0) throw new Error(r.stderr);
    }
    const acert = (holder: Made, out: string, groups: string[]) => {
      const r = spawnSync(
        PKI,
        [
          "--acert",
          "--in",
          holder.cert,
          ...groups.flatMap((g) => ["--group", g]),
          "--issuerkey",
          C.aa!.key,
          "--issuercert",
          C.aa!.cert,
          "--lifetime",
          "240",
          "--outform",
          "pem",
        ],
        { encoding: "utf8", env: { ...process.env, STRONGSWAN_CONF: pkiConf() } },
      );
      if (r.status !== 0) throw new Error(`pki --acert: ${r.stderr}`);
      mkdirSync(join(dir, "ac"), { recursive: true });
      const file = join(dir, "ac", out);
      writeFileSync(file, r.stdout);
      return file;
    };
    ac = acert(C.client!, "client-ac.pem", ["sales", "eng"]);
    acOther = acert(C.client!, "client-ac-other.pem", ["support"]);
  }, 180_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    const agree = stats.filter((s) => s.agree).length;
    const found = stats.reduce((a, s) => a + s.found, 0);
    const lines = stats.reduce((a, s) => a + s.lines, 0);
    process.stderr.write(
      `auth differential: ${stats.length} scenarios, ${agree} agree (established, key line, connection, IDi); ${found}/${lines} predicted lines in charon's logs\n${stats
        .map(
          (s) =>
            `  ${s.agree ? "ok " : "BAD"} ${s.established ? "established" : "failed     "} ${s.found}/${s.lines}  ${s.name}`,
        )
        .join("\n")}\n`,
    );
  });

  const S1 = () => sec("ike-1", "0sAbCdEfGh1234567890abcdefghijk", "client@example.com", "vpn.example.com");
  const S2 = () => sec("ike-1", "0sZZCdEfGh1234567890abcdefghijk", "client@example.com", "vpn.example.com");
  const E1 = () => sec("eap-client", "passw0rd-is-long", "client@example.com");
  const cert = (x: IkeSide = {}): IkeSide => ({
    x509: [C.client!.cert],
    x509ca: [C.root!.cert],
    private: [C.client!.key],
    localId: "client@example.com",
    remoteId: "vpn.example.com",
    ...x,
  });
  const gw = (x: IkeSide = {}): IkeSide => ({
    x509: [C.gw!.cert],
    x509ca: [C.root!.cert],
    private: [C.gw!.key],
    localId: "vpn.example.com",
    ...x,
  });
  const pskI = (x: IkeSide = {}): IkeSide => ({
    localId: "client@example.com",
    remoteId: "vpn.example.com",
    localAuth: "psk",
    remoteAuth: "psk",
    localCert: null,
    ...x,
  });
  const pskR = (x: IkeSide = {}): IkeSide => ({
    localId: "vpn.example.com",
    localAuth: "psk",
    remoteAuth: "psk",
    localCert: null,
    ...x,
  });
  const eapI = (m: string, x: IkeSide = {}): IkeSide =>
    cert({ localAuth: m, localCert: null, x509: [], private: [], extraPlugins: EAP_PLUGINS, ...x });
  const eapR = (m: string, x: IkeSide = {}): IkeSide =>
    gw({ remoteAuth: m, extraPlugins: EAP_PLUGINS, ...x });
  const raw = (
    me: "client" | "gw",
    id: string | undefined,
    peer: string | undefined,
    x: IkeSide = {},
  ): IkeSide => ({
    localCert: null,
    private: [C[me]!.key],
    pubkey: [pub.client!, pub.gw!, pub.clientRsa!],
    localId: id,
    remoteId: peer,
    local: [`pubkeys = ${me === "client" ? "client" : "gw"}.pub`],
    remote: [`pubkeys = ${me === "client" ? "gw" : "client"}.pub`],
    ...x,
  });
  const v1 = ["version = 1"];
  const aggr = ["version = 1", "aggressive = yes"];

  const scenarios: Scenario[] = [
    // pre-shared keys
    {
      name: "PSK: both sides hold the same secret",
      initiator: () => pskI({ secrets: S1() }),
      responder: () => pskR({ secrets: S1() }),
    },
    {
      name: "PSK: different secrets (MAC mismatched)",
      initiator: () => pskI({ secrets: S1() }),
      responder: () => pskR({ secrets: S2() }),
    },
    {
      name: "PSK: the responder has no secret for the ids",
      initiator: () => pskI({ secrets: S1() }),
      responder: () => pskR({ secrets: sec("ike-x", "abcdef", "other@example.com") }),
    },
    {
      name: "PSK: the initiator has no secret for the ids",
      initiator: () => pskI({ secrets: sec("ike-x", "abcdef", "other@example.com") }),
      responder: () => pskR({ secrets: S1() }),
    },
    {
      name: "PSK: secrets without ids (%any)",
      initiator: () => pskI({ secrets: sec("ike-a", "secret1234") }),
      responder: () => pskR({ secrets: sec("ike-a", "secret1234") }),
    },
    {
      name: "PSK: the best match by ids wins over %any",
      initiator: () =>
        pskI({
          secrets: `${sec("ike-a", "right-one", "vpn.example.com")}\n${sec("ike-b", "wrong-one", "%any")}`,
        }),
      responder: () =>
        pskR({
          secrets: `${sec("ike-a", "right-one", "client@example.com")}\n${sec("ike-b", "wrong-one", "vpn.example.com")}`,
        }),
    },
    {
      name: "PSK: no IDr sent, the initiator's lookup uses %any",
      initiator: () =>
        pskI({ remoteId: undefined, secrets: sec("ike-a", "only-for-vpn", "vpn.example.com") }),
      responder: () => pskR({ secrets: sec("ike-a", "only-for-vpn", "client@example.com") }),
    },
    {
      name: "mixed: PSK initiator, certificate responder",
      initiator: () => cert({ localAuth: "psk", localCert: null, secrets: S1() }),
      responder: () => gw({ remoteAuth: "psk", secrets: S1() }),
    },
    {
      name: "switch by class: a certificate initiator moves from the PSK connection to the pubkey one",
      initiator: () => cert(),
      responder: () =>
        gw({
          remoteAuth: "psk",
          secrets: S1(),
          extraConns: conn2(
            "rw-pubkey",
            ["auth = pubkey", "certs = gw.pem", "id = vpn.example.com"],
            ["auth = pubkey"],
          ),
        }),
    },
    {
      name: "PSK initiator against a certificate-only responder",
      initiator: () => cert({ localAuth: "psk", localCert: null, secrets: S1() }),
      responder: () => gw({ secrets: S1() }),
    },
    // IKEv1
    {
      name: "IKEv1 Main Mode PSK",
      initiator: () => pskI({ conn: v1, secrets: S1() }),
      responder: () => pskR({ conn: v1, secrets: S1() }),
    },
    {
      name: "IKEv1 Main Mode with a wrong PSK (FAQ invalid HASH_V1)",
      initiator: () => pskI({ conn: v1, secrets: S1() }),
      responder: () => pskR({ conn: v1, secrets: S2() }),
    },
    {
      name: "IKEv1 Main Mode: secrets by IP addresses after the ids find none",
      initiator: () => pskI({ conn: v1, secrets: sec("ike-1", "by-address", "198.51.100.2") }),
      responder: () => pskR({ conn: v1, secrets: sec("ike-1", "by-address", "198.51.100.1") }),
    },
    {
      name: "IKEv1 Main Mode with certificates",
      initiator: () => cert({ conn: v1 }),
      responder: () => gw({ conn: v1 }),
    },
    {
      name: "IKEv1 Main Mode with certificates, the initiator expects another responder id",
      initiator: () => cert({ conn: v1, remoteId: "other.example.com" }),
      responder: () => gw({ conn: v1 }),
    },
    {
      name: "IKEv1 Main Mode with certificates, the responder expects another initiator id",
      initiator: () => cert({ conn: v1 }),
      responder: () => gw({ conn: v1, remoteId: "carol@example.com" }),
    },
    {
      name: "IKEv1 Main Mode with certificates, the client's CA is not trusted",
      initiator: () => cert({ conn: v1, x509: [C.clientB!.cert], private: [C.clientB!.key] }),
      responder: () => gw({ conn: v1 }),
    },
    {
      name: "IKEv1 Main Mode with certificates, an RSA initiator against an ECDSA responder",
      initiator: () => cert({ conn: v1, x509: [C.clientRsa!.cert], private: [C.clientRsa!.key] }),
      responder: () => gw({ conn: v1 }),
    },
    {
      name: "IKEv1 Main Mode with certificates, the exact remote id wins over an earlier wildcard",
      initiator: () => cert({ conn: v1 }),
      responder: () =>
        gw({
          conn: v1,
          remoteId: "*@example.com",
          extraConns: conn2(
            "exact",
            ["auth = pubkey", "certs = gw.pem", "id = vpn.example.com"],
            ["auth = pubkey", "id = client@example.com"],
            1,
          ),
        }),
    },
    {
      name: "IKEv1 Main Mode PSK, the exact remote id wins over an earlier %any",
      initiator: () => pskI({ conn: v1, secrets: S1() }),
      responder: () =>
        pskR({
          conn: v1,
          secrets: S1(),
          extraConns: conn2(
            "exact",
            ["auth = psk", "id = vpn.example.com"],
            ["auth = psk", "id = client@example.com"],
            1,
          ),
        }),
    },
    {
      name: "IKEv1 Main Mode with certificates, the responder's connection is for any IKE version",
      initiator: () => cert({ conn: v1 }),
      responder: () => gw({ conn: ["version = 0"] }),
    },
    {
      name: "a connection for IKEv2 wins over an earlier one for any IKE version",
      initiator: () => cert(),
      responder: () =>
        gw({
          conn: ["version = 0"],
          extraConns: conn2(
            "ikev2-only",
            ["auth = pubkey", "certs = gw.pem", "id = vpn.example.com"],
            ["auth = pubkey"],
          ),
        }),
    },
    {
      name: "IKEv1 Aggressive Mode PSK refused by default",
      initiator: () => pskI({ conn: aggr, secrets: S1() }),
      responder: () => pskR({ conn: aggr, secrets: S1() }),
    },
    {
      name: "IKEv1 Aggressive Mode with a wrong PSK",
      initiator: () => pskI({ conn: aggr, secrets: S1() }),
      responder: () =>
        pskR({
          conn: aggr,
          secrets: S2(),
          charonConf: "  i_dont_care_about_security_and_use_aggressive_mode_psk = yes",
        }),
      opts: { responderSettings: { aggressivePsk: true } },
    },
    // EAP
    {
      name: "EAP-MD5",
      initiator: () => eapI("eap-md5", { secrets: E1() }),
      responder: () => eapR("eap-md5", { secrets: E1() }),
    },
    {
      name: "EAP-MD5 with a wrong password",
      initiator: () => eapI("eap-md5", { secrets: E1() }),
      responder: () =>
        eapR("eap-md5", { secrets: sec("eap-client", "other-password", "client@example.com") }),
    },
    {
      name: "EAP-MD5: the server has no password for the client",
      initiator: () => eapI("eap-md5", { secrets: E1() }),
      responder: () => eapR("eap-md5", { secrets: sec("eap-x", "abcdef", "other@example.com") }),
    },
    {
      name: "EAP-MD5: the client has no password",
      initiator: () => eapI("eap-md5", { secrets: sec("eap-x", "abcdef", "other@example.com") }),
      responder: () => eapR("eap-md5", { secrets: E1() }),
    },
    {
      name: "EAP-MS-CHAPv2",
      initiator: () => eapI("eap-mschapv2", { secrets: E1() }),
      responder: () => eapR("eap-mschapv2", { secrets: E1() }),
    },
    {
      name: "EAP-MS-CHAPv2 with a wrong password",
      initiator: () => eapI("eap-mschapv2", { secrets: E1() }),
      responder: () =>
        eapR("eap-mschapv2", { secrets: sec("eap-client", "other-password", "client@example.com") }),
    },
    {
      name: "EAP-TLS",
      initiator: () => eapI("eap-tls", { x509: [C.client!.cert], private: [C.client!.key] }),
      responder: () => eapR("eap-tls"),
    },
    {
      name: "EAP-TLS: the server does not trust the client's CA",
      initiator: () => eapI("eap-tls", { x509: [C.clientB!.cert], private: [C.clientB!.key] }),
      responder: () => eapR("eap-tls"),
    },
    {
      name: "EAP-TLS: the client has no certificate",
      initiator: () => eapI("eap-tls"),
      responder: () => eapR("eap-tls"),
    },
    {
      name: "EAP: a client with `auth = eap` takes the server's method",
      initiator: () => eapI("eap", { secrets: E1() }),
      responder: () => eapR("eap-mschapv2", { secrets: E1() }),
    },
    {
      name: "EAP: the client wants MD5, the server MS-CHAPv2 (EAP_NAK)",
      initiator: () => eapI("eap-md5", { secrets: E1() }),
      responder: () => eapR("eap-mschapv2", { secrets: E1() }),
    },
    {
      name: "EAP: a responder with a bare `auth = eap` serves no client",
      initiator: () => eapI("eap-md5", { secrets: E1() }),
      responder: () => eapR("eap", { secrets: E1() }),
    },
    {
      name: "EAP: a responder without any EAP connection",
      initiator: () => eapI("eap-md5", { secrets: E1() }),
      responder: () => gw({ extraPlugins: EAP_PLUGINS, secrets: E1() }),
    },
    {
      name: "EAP-Identity: the server asks (eap_id = %any), the client answers with its eap_id",
      initiator: () =>
        eapI("eap-md5", { local: ["eap_id = alice"], secrets: sec("eap-a", "passw0rd-is-long", "alice") }),
      responder: () =>
        eapR("eap-md5", { remote: ["eap_id = %any"], secrets: sec("eap-a", "passw0rd-is-long", "alice") }),
    },
    {
      name: "EAP-Identity: a fixed eap_id on the server is not asked for (5.9.x), the client's eap_id is unused",
      initiator: () =>
        eapI("eap-md5", { local: ["eap_id = alice"], secrets: sec("eap-a", "passw0rd-is-long", "alice") }),
      responder: () =>
        eapR("eap-md5", { remote: ["eap_id = alice"], secrets: sec("eap-a", "passw0rd-is-long", "alice") }),
    },
    // raw public keys
    {
      name: "raw public keys with ids",
      initiator: () => raw("client", "client@example.com", "vpn.example.com"),
      responder: () => raw("gw", "vpn.example.com", "client@example.com"),
    },
    {
      name: "raw public keys without ids: the ids are the key ids",
      initiator: () => raw("client", undefined, undefined),
      responder: () => raw("gw", undefined, undefined),
    },
    {
      name: "raw public keys: the responder holds another key of the same type for the client",
      initiator: () => raw("client", "client@example.com", "vpn.example.com"),
      responder: () => raw("gw", "vpn.example.com", "client@example.com", { remote: ["pubkeys = gw.pub"] }),
    },
    {
      name: "raw public keys: the client's key only in pubkey/ stands for its key id",
      initiator: () => raw("client", "client@example.com", "vpn.example.com", { remote: [] }),
      responder: () => raw("gw", "vpn.example.com", undefined, { remote: [] }),
    },
    {
      name: "raw public keys and a CERTREQ: the key cannot travel in a CERT payload",
      initiator: () => raw("client", "client@example.com", "vpn.example.com", { x509ca: [C.root!.cert] }),
      responder: () => raw("gw", "vpn.example.com", "client@example.com", { x509ca: [C.root!.cert] }),
    },
    // signature schemes
    {
      name: "local auth = pubkey-sha384 (ECDSA key)",
      initiator: () => cert({ localAuth: "pubkey-sha384" }),
      responder: () => gw(),
    },
    {
      name: "remote auth = pubkey-sha384 against a SHA-256 chain",
      initiator: () => cert(),
      responder: () => gw({ remoteAuth: "pubkey-sha384" }),
    },
    {
      name: "remote auth = ike:pubkey-sha384 against a SHA-256 AUTH",
      initiator: () => cert(),
      responder: () => gw({ remoteAuth: "ike:pubkey-sha384" }),
    },
    {
      name: "remote auth = pubkey-sha384 on the initiator, responder certificate signed with SHA-384",
      initiator: () => cert({ remoteAuth: "ike:pubkey-sha256-sha384" }),
      responder: () => gw({ x509: [C.gw384!.cert], private: [C.gw384!.key] }),
    },
    {
      name: "remote auth = pubkey-sha384 on the initiator, SHA-384 chain but a SHA-256 AUTH",
      initiator: () => cert({ remoteAuth: "pubkey-sha384" }),
      responder: () => gw({ x509: [C.gw384!.cert], private: [C.gw384!.key] }),
    },
    {
      name: "the same with charon.signature_authentication_constraints = no: only the chain is constrained",
      initiator: () =>
        cert({ remoteAuth: "pubkey-sha384", charonConf: "  signature_authentication_constraints = no" }),
      responder: () => gw({ x509: [C.gw384!.cert], private: [C.gw384!.key] }),
      opts: { initiatorSettings: { signatureAuthenticationConstraints: false } },
    },
    // the hashes an initiator announces (its remote IKE constraints) decide how the responder signs
    {
      name: "initiator remote ike:pubkey-sha512: the responder's P-256 key signs with SHA-512",
      initiator: () => cert({ remoteAuth: "ike:pubkey-sha512" }),
      responder: () => gw(),
    },
    {
      name: "initiator remote ike:rsa-sha256 against an ECDSA responder",
      initiator: () => cert({ remoteAuth: "ike:rsa-sha256" }),
      responder: () => gw(),
    },
    {
      name: "initiator remote ike:ecdsa-sha384-sha256: the key's own order picks among the announced",
      initiator: () => cert({ remoteAuth: "ike:ecdsa-sha384-sha256" }),
      responder: () => gw(),
    },
    {
      name: "initiator remote ike:pubkey-identity (EdDSA only): nothing the responder's ECDSA key can sign with",
      initiator: () => cert({ remoteAuth: "ike:pubkey-identity" }),
      responder: () => gw(),
    },
    {
      name: "responder local pubkey-sha512 (copied to IKE), initiator announces everything",
      initiator: () => cert(),
      responder: () => gw({ localAuth: "pubkey-sha512" }),
    },
    {
      name: "initiator local ike:pubkey-sha384 against responder remote ike:pubkey-sha256",
      initiator: () => cert({ localAuth: "ike:pubkey-sha384" }),
      responder: () => gw({ remoteAuth: "ike:pubkey-sha256" }),
    },
    {
      name: "raw public keys, initiator remote pubkey-sha384",
      initiator: () =>
        raw("client", "client@example.com", "vpn.example.com", { remoteAuth: "pubkey-sha384" }),
      responder: () => raw("gw", "vpn.example.com", "client@example.com"),
    },
    {
      name: "rsa/pss-sha256 with an RSA key",
      initiator: () =>
        cert({ x509: [C.clientRsa!.cert], private: [C.clientRsa!.key], localAuth: "rsa/pss-sha256" }),
      responder: () => gw(),
    },
    {
      name: "charon.rsa_pss = yes with an RSA key",
      initiator: () =>
        cert({ x509: [C.clientRsa!.cert], private: [C.clientRsa!.key], charonConf: "  rsa_pss = yes" }),
      responder: () => gw(),
      opts: { initiatorSettings: { rsaPss: true } },
    },
    {
      name: "remote auth = rsa alone constrains nothing (an ECDSA peer passes)",
      initiator: () => cert(),
      responder: () => gw({ remoteAuth: "rsa" }),
    },
    {
      name: "remote auth = rsa-2048 against an ECDSA chain",
      initiator: () => cert(),
      responder: () => gw({ remoteAuth: "rsa-2048" }),
    },
    {
      name: "two connections differing only in the scheme: charon switches",
      initiator: () => cert({ localAuth: "pubkey-sha384" }),
      responder: () =>
        gw({
          remoteAuth: "ike:pubkey-sha256",
          extraConns: conn2(
            "rw-384",
            ["auth = pubkey", "certs = gw.pem", "id = vpn.example.com"],
            ["auth = ike:pubkey-sha384"],
          ),
        }),
    },
    {
      name: "local auth = rsa-sha256 with an ECDSA key: no scheme to sign with",
      initiator: () => cert({ localAuth: "rsa-sha256" }),
      responder: () => gw(),
    },
    // groups and attribute certificates
    {
      name: "groups: without the acert plugin the AC grants nothing, charon switches to the connection without groups",
      initiator: () => cert({ x509ac: [ac] }),
      responder: () =>
        gw({
          x509aa: [C.aa!.cert],
          remote: ["groups = sales"],
          extraConns: conn2(
            "nogroup",
            ["auth = pubkey", "certs = gw.pem", "id = vpn.example.com"],
            ["auth = pubkey"],
          ),
        }),
    },
    {
      name: "groups: the only connection demands a group",
      initiator: () => cert({ x509ac: [ac] }),
      responder: () => gw({ x509aa: [C.aa!.cert], remote: ["groups = sales"] }),
    },
    {
      name: "groups: an AC the responder holds itself",
      initiator: () => cert(),
      responder: () => gw({ x509aa: [C.aa!.cert], x509ac: [acOther], remote: ["groups = support"] }),
    },
  ];

  it.each(scenarios)(
    "$name",
    async (s) => {
      const i = s.initiator();
      const r = s.responder();
      const base = join(dir, `s${stats.length}`);
      mkdirSync(base);
      writeSide(join(base, "i"), i, "initiator");
      writeSide(join(base, "r"), r, "responder");
      const ic = await loadConfig(join(base, "i"));
      const rc = await loadConfig(join(base, "r"));
      const predicted: HandshakeResult = handshakeConfigs(ic, rc, {
        strongswan: "5.9.8",
        at: new Date(),
        ...(s.opts ?? {}),
      });
      const truth = await runIke({ initiator: i, responder: r });
      const key = predicted.keyLine;
      const { logs, keyFound, lines, found, missing } = compareWithCharon(predicted, truth);
      const conn = responderConnection(logs.responder);
      const idi = receivedIdi(logs.responder);
      const agree =
        keyFound &&
        predicted.established === truth.established &&
        (conn === null || conn === predicted.responder.connection) &&
        (idi === null || idi === predicted.ids.idi.printed);
      stats.push({ name: s.name, agree, found, lines, established: truth.established });
      const context = [
        `predicted: established=${predicted.established} key (${key.side}): ${JSON.stringify(key.line)} responder=${predicted.responder.connection} idi=${predicted.ids.idi.printed}`,
        `charon: established=${truth.established} responder=${conn} idi=${idi}`,
        `predicted lines charon did not print:\n  ${missing.join("\n  ")}`,
        `charon initiator:\n  ${keyLines(truth.initiatorLog).join("\n  ")}`,
        `charon responder:\n  ${keyLines(truth.responderLog).join("\n  ")}`,
      ].join("\n");
      expect(predicted.established, context).toBe(truth.established);
      expect(keyFound, context).toBe(true);
      if (conn !== null) expect(predicted.responder.connection, context).toBe(conn);
      if (idi !== null) expect(predicted.ids.idi.printed, context).toBe(idi);
      expect(missing, context).toEqual([]);
    },
    60_000,
  );

  // the README's fixtures, with their addresses moved into the tier's namespaces
  const FIX = join(import.meta.dirname, "..", "..", "certs-fixtures", "auth");
  const fixture = (name: string, role: "initiator" | "responder"): IkeSide => {
    const folder = join(FIX, name);
    const text = readFileSync(join(folder, "swanctl.conf"), "utf8")
      .replaceAll("192.0.2.100", "198.51.100.1")
      .replaceAll("192.0.2.1", "198.51.100.2")
      .replace(/^(\s*)version = (\d)$/gm, (_l, sp: string, v: string) =>
        [
          `${sp}version = ${v}`,
          `${sp}mobike = no`,
          ...(role === "initiator" ? [`${sp}childless = force`] : []),
        ].join("\n"),
      );
    return { folder, swanctlConf: text, extraPlugins: EAP_PLUGINS };
  };
  it.each([
    ["psk-client", "home", "psk-gateway"],
    ["psk-client", "carol", "psk-gateway"],
    ["eap-client", "home", "eap-gateway"],
    ["eap-client", "laptop", "eap-gateway"],
    ["rawkey-client", "home", "rawkey-gateway"],
    ["acert-client", "home", "acert-gateway"],
  ])(
    "README fixture %s:%s against %s",
    async (client, conn, gateway) => {
      const i = fixture(client, "initiator");
      const r = fixture(gateway, "responder");
      const base = join(dir, `f-${client}-${conn}`);
      writeSide(join(base, "i"), i, "initiator");
      writeSide(join(base, "r"), r, "responder");
      const predicted = handshakeConfigs(
        { ...(await loadConfig(join(base, "i"))), connection: conn },
        await loadConfig(join(base, "r")),
        { strongswan: "5.9.8", at: new Date() },
      );
      const truth = await runIke({ initiator: i, responder: r, name: conn });
      const { logs, keyFound, lines, found, missing } = compareWithCharon(predicted, truth);
      const context = `predicted established=${predicted.established} key=${predicted.keyLine.line}\nmissing:\n  ${missing.join("\n  ")}\ncharon responder:\n  ${keyLines(truth.responderLog).join("\n  ")}`;
      const agree =
        keyFound &&
        predicted.established === truth.established &&
        predicted.responder.connection === responderConnection(logs.responder);
      stats.push({ name: `fixture ${client}:${conn}`, agree, found, lines, established: truth.established });
      expect(predicted.established, context).toBe(truth.established);
      expect(keyFound, context).toBe(true);
      expect(predicted.responder.connection, context).toBe(responderConnection(logs.responder));
      expect(missing, context).toEqual([]);
    },
    60_000,
  );

  it("the scenarios cover every class the issue names", () => {
    const names = scenarios.map((s) => s.name).join("\n");
    for (const w of [
      "PSK",
      "IKEv1 Main",
      "IKEv1 Main Mode with certificates",
      "Aggressive",
      "EAP-MD5",
      "EAP-MS-CHAPv2",
      "EAP-TLS",
      "raw public keys",
      "pubkey-sha384",
      "rsa/pss",
      "rsa_pss",
      "signature_authentication_constraints",
      "groups",
    ])
      expect(names).toContain(w);
    expect(existsSync(ac)).toBe(true);
  });
});
