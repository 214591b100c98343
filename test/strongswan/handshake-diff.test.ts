import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HandshakeResult, handshakeConfigs, loadConfig } from "../../lib/index.js";
import { needs } from "../needs.js";
import { CertGen, DAYS, type Made } from "./gen.js";
import { compareWithCharon, type IkeSide, keyLines, runIke, writeSide } from "./ike.js";

/**
 * Differential tier for `ikecert handshake` (issue 8, acceptance 1): two swanctl folders per scenario,
 * ikecert predicts the outcome from the folders, two real charons 5.9.8 run the IKEv2 exchange. The
 * prediction's `established` must equal charon's and its key log line must be one of the lines of
 * that side's log (exact text after charon's thread/IKE_SA prefix). Scenarios run one after another.
 */

const run = needs(
  "handshake differential (two charons)",
  ["charon", "swanctl", "openssl", "faketime", "ip", "unshare", "mount"],
  {
    namespaces: true,
  },
);

interface Scenario {
  name: string;
  initiator: () => IkeSide;
  responder: () => IkeSide;
}

describe.runIf(run)("ikecert handshake vs two charons (real IKEv2)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-handshake-"));
  const C: Record<string, Made> = {};
  const stats: {
    name: string;
    ms: number;
    established: boolean;
    agree: boolean;
    lines: number;
    found: number;
  }[] = [];
  let t0 = 0;

  beforeAll(() => {
    t0 = Date.now();
    const g = new CertGen(join(dir, "pki"));
    const ca = { ca: true, keyUsage: "critical,keyCertSign,cRLSign" } as const;
    const subj = "/C=CH/O=Truth/CN=vpn.example.com";
    C.root = g.cert({ name: "root", subject: "/C=CH/O=Truth/CN=Root", ...ca });
    C.rootB = g.cert({ name: "root-b", subject: "/C=CH/O=Truth/CN=Root B", ...ca });
    C.int = g.cert({ name: "int", subject: "/C=CH/O=Truth/CN=Intermediate", issuer: C.root, ...ca });
    C.client = g.cert({
      name: "client",
      subject: "/C=CH/O=Truth/CN=client",
      issuer: C.root,
      sans: ["email:client@example.com"],
    });
    C.clientB = g.cert({
      name: "client-b",
      subject: "/C=CH/O=Truth/CN=client b",
      issuer: C.rootB,
      sans: ["email:client@example.com"],
    });
    C.clientExpired = g.cert({
      name: "client-expired",
      subject: "/C=CH/O=Truth/CN=client",
      issuer: C.root,
      sans: ["email:client@example.com"],
      notBefore: new Date(Date.now() - DAYS(400)),
      days: 30,
    });
    C.gw = g.cert({ name: "gw", subject: subj, issuer: C.root, sans: ["DNS:vpn.example.com"] });
    C.gwInt = g.cert({ name: "gw-int", subject: subj, issuer: C.int, sans: ["DNS:vpn.example.com"] });
    C.gwCn = g.cert({ name: "gw-cn", subject: subj, issuer: C.root });
    C.gwWild = g.cert({
      name: "gw-wild",
      subject: "/C=CH/O=Truth/CN=*.example.com",
      issuer: C.root,
      sans: ["DNS:*.example.com"],
    });
    C.gwExpired = g.cert({
      name: "gw-expired",
      subject: subj,
      issuer: C.root,
      sans: ["DNS:vpn.example.com"],
      notBefore: new Date(Date.now() - DAYS(400)),
      days: 30,
    });
    C.gwFuture = g.cert({
      name: "gw-future",
      subject: subj,
      issuer: C.root,
      sans: ["DNS:vpn.example.com"],
      notBefore: new Date(Date.now() + DAYS(10)),
    });
    C.gwRsa = g.cert({
      name: "gw-rsa",
      subject: subj,
      issuer: C.root,
      sans: ["DNS:vpn.example.com"],
      key: "rsa2048",
    });
    C.gwEd = g.cert({
      name: "gw-ed",
      subject: subj,
      issuer: C.root,
      sans: ["DNS:vpn.example.com"],
      key: "ed25519",
    });
    C.gwIp = g.cert({ name: "gw-ip", subject: subj, issuer: C.root, sans: ["IP:198.51.100.2"] });
    C.gwIpAsDns = g.cert({ name: "gw-ip-dns", subject: subj, issuer: C.root, sans: ["DNS:198.51.100.2"] });
    C.gwKu = g.cert({
      name: "gw-ku",
      subject: subj,
      issuer: C.root,
      sans: ["DNS:vpn.example.com"],
      keyUsage: "critical,keyEncipherment",
    });
    C.gwB = g.cert({ name: "gw-b", subject: subj, issuer: C.rootB, sans: ["DNS:vpn.example.com"] });
    C.gwPol = g.cert({
      name: "gw-pol",
      subject: subj,
      issuer: C.root,
      sans: ["DNS:vpn.example.com"],
      extra: ["certificatePolicies = 1.3.6.1.4.1.36906.1.1"],
    });
    C.stray = { name: "stray", cert: "", key: g.key("ec256", "stray"), serial: "", subject: "" };
  }, 180_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    const total = stats.reduce((a, s) => a + s.ms, 0);
    const agree = stats.filter((s) => s.agree).length;
    const lines = stats.reduce((a, s) => a + s.lines, 0);
    const found = stats.reduce((a, s) => a + s.found, 0);
    process.stderr.write(
      `handshake differential: ${stats.length} scenarios, ${agree} agree on established + key line; ${found}/${lines} predicted log lines found in charon's logs; exchanges ${total} ms, whole tier ${Date.now() - t0} ms\n${stats
        .map(
          (s) =>
            `  ${s.agree ? "ok " : "BAD"} ${s.established ? "established" : "failed     "} ${String(s.ms).padStart(5)} ms ${s.found}/${s.lines}  ${s.name}`,
        )
        .join("\n")}\n`,
    );
  });

  const ini = (extra: IkeSide = {}): IkeSide => ({
    x509: [C.client!.cert],
    x509ca: [C.root!.cert],
    private: [C.client!.key],
    localId: "client@example.com",
    remoteId: "vpn.example.com",
    ...extra,
  });
  const res = (m: string, extra: IkeSide = {}): IkeSide => ({
    x509: [C[m]!.cert],
    x509ca: [C.root!.cert],
    private: [C[m]!.key],
    localId: "vpn.example.com",
    ...extra,
  });
  const DN = "C=CH, O=Truth, CN=vpn.example.com";
  const other = (remoteId: string) => `  other {
    version = 2
    local_addrs = 198.51.100.2
    remote_addrs = 198.51.100.1
    local {
      auth = pubkey
      certs = gw.pem
      id = vpn.example.com
    }
    remote {
      auth = pubkey
      id = "${remoteId}"
    }
  }`;

  const scenarios: Scenario[] = [
    { name: "success: FQDN IDr, email IDi, same root", initiator: () => ini(), responder: () => res("gw") },
    { name: "CN-only certificate (FAQ common-name)", initiator: () => ini(), responder: () => res("gwCn") },
    {
      name: "wildcard SAN *.example.com (FAQ wildcard-certificates)",
      initiator: () => ini(),
      responder: () => res("gwWild"),
    },
    {
      name: "wildcard remote id *.example.com matches the SAN",
      initiator: () => ini({ remoteId: "*.example.com" }),
      responder: () => res("gw"),
    },
    {
      name: "wildcard remote id *.org: constraint check failed",
      initiator: () => ini({ remoteId: "*.org" }),
      responder: () => res("gw"),
    },
    {
      name: "remote id %any: no IDr sent",
      initiator: () => ini({ remoteId: "%any" }),
      responder: () => res("gw"),
    },
    {
      name: "id type mismatch: FQDN asked, responder id defaults to its DN",
      initiator: () => ini(),
      responder: () => res("gw", { localId: undefined }),
    },
    {
      name: "subject DN as remote id with a CN-only certificate",
      initiator: () => ini({ remoteId: DN }),
      responder: () => res("gwCn", { localId: undefined }),
    },
    {
      name: "DN in reversed RDN order",
      initiator: () => ini({ remoteId: "CN=vpn.example.com, O=Truth, C=CH" }),
      responder: () => res("gw", { localId: undefined }),
    },
    {
      name: "DN with other case and spacing (PrintableString)",
      initiator: () => ini({ remoteId: "C=CH,O=TRUTH,CN=VPN.EXAMPLE.COM" }),
      responder: () => res("gw", { localId: undefined }),
    },
    {
      name: "DN with a wildcard RDN as remote id",
      initiator: () => ini({ remoteId: "C=CH, O=Truth, CN=*" }),
      responder: () => res("gw", { localId: undefined }),
    },
    {
      name: "default ids on both sides (subject DNs, no remote ids)",
      initiator: () => ini({ localId: undefined, remoteId: undefined }),
      responder: () => res("gw", { localId: undefined }),
    },
    {
      name: "wrong private key on the responder",
      initiator: () => ini(),
      responder: () => res("gw", { private: [C.stray!.key] }),
    },
    {
      name: "no private key on the initiator",
      initiator: () => ini({ private: [] }),
      responder: () => res("gw"),
    },
    {
      name: "wrong private key on the initiator",
      initiator: () => ini({ private: [C.stray!.key] }),
      responder: () => res("gw"),
    },
    {
      name: "missing intermediate: neither side has it",
      initiator: () => ini(),
      responder: () => res("gwInt"),
    },
    {
      name: "intermediate in the responder's x509ca/ is sent",
      initiator: () => ini(),
      responder: () => res("gwInt", { x509ca: [C.root!.cert, C.int!.cert] }),
    },
    {
      name: "intermediate in the responder's x509/ is sent",
      initiator: () => ini(),
      responder: () => res("gwInt", { x509: [C.gwInt!.cert, C.int!.cert] }),
    },
    {
      name: "intermediate only in the initiator's x509ca/",
      initiator: () => ini({ x509ca: [C.root!.cert, C.int!.cert] }),
      responder: () => res("gwInt"),
    },
    {
      name: "extra intermediate that is not on the chain",
      initiator: () => ini(),
      responder: () => res("gw", { x509ca: [C.root!.cert, C.int!.cert] }),
    },
    { name: "expired responder certificate", initiator: () => ini(), responder: () => res("gwExpired") },
    { name: "responder certificate not yet valid", initiator: () => ini(), responder: () => res("gwFuture") },
    {
      name: "expired initiator certificate",
      initiator: () => ini({ x509: [C.clientExpired!.cert], private: [C.clientExpired!.key] }),
      responder: () => res("gw"),
    },
    {
      name: "untrusted root: initiator trusts only Root B (RSA)",
      initiator: () => ini({ x509ca: [C.rootB!.cert] }),
      responder: () => res("gwRsa"),
    },
    {
      name: "initiator from another root than the responder trusts",
      initiator: () =>
        ini({ x509: [C.clientB!.cert], private: [C.clientB!.key], x509ca: [C.root!.cert, C.rootB!.cert] }),
      responder: () => res("gw"),
    },
    {
      name: "responder cacerts = Root B: constraint check failed",
      initiator: () => ini(),
      responder: () => res("gw", { x509ca: [C.root!.cert, C.rootB!.cert], remote: ["cacerts = root-b.pem"] }),
    },
    {
      name: "responder cacerts = Root: accepted",
      initiator: () => ini(),
      responder: () => res("gw", { x509ca: [C.root!.cert, C.rootB!.cert], remote: ["cacerts = root.pem"] }),
    },
    {
      name: "initiator cacerts = Root B, responder from Root",
      initiator: () => ini({ x509ca: [C.root!.cert, C.rootB!.cert], remote: ["cacerts = root-b.pem"] }),
      responder: () => res("gw"),
    },
    {
      name: "initiator's local id not in its certificate",
      initiator: () => ini({ localId: "someone@example.com" }),
      responder: () => res("gw"),
    },
    {
      name: "responder's local id not in its certificate",
      initiator: () => ini({ remoteId: "%any" }),
      responder: () => res("gw", { localId: "gw.example.com" }),
    },
    {
      name: "IPv4 ids with an iPAddress SAN",
      initiator: () => ini({ remoteId: "198.51.100.2" }),
      responder: () => res("gwIp", { localId: "198.51.100.2" }),
    },
    {
      name: "IPv4 id, the address only as dNSName SAN",
      initiator: () => ini({ remoteId: "198.51.100.2" }),
      responder: () => res("gwIpAsDns", { localId: "198.51.100.2" }),
    },
    {
      name: "FQDN id @198.51.100.2 with a dNSName SAN",
      initiator: () => ini({ remoteId: "@198.51.100.2" }),
      responder: () => res("gwIpAsDns", { localId: "@198.51.100.2" }),
    },
    {
      name: "ipv4: prefix stored as text on the responder",
      initiator: () => ini({ remoteId: "198.51.100.2" }),
      responder: () => res("gwIp", { localId: "ipv4:198.51.100.2" }),
    },
    {
      name: "email remote id differs: no matching peer config",
      initiator: () => ini(),
      responder: () => res("gw", { remoteId: "other@example.com" }),
    },
    {
      name: "responder remote id *@example.com",
      initiator: () => ini(),
      responder: () => res("gw", { remoteId: "*@example.com" }),
    },
    {
      name: "two responder connections: the one matching IDi is selected",
      initiator: () => ini(),
      responder: () => res("gw", { remoteId: "nobody@example.com", extraConns: other("client@example.com") }),
    },
    {
      name: "keyUsage without digitalSignature on the responder",
      initiator: () => ini(),
      responder: () => res("gwKu"),
    },
    { name: "Ed25519 responder certificate", initiator: () => ini(), responder: () => res("gwEd") },
    { name: "RSA responder certificate", initiator: () => ini(), responder: () => res("gwRsa") },
    {
      name: "send_cert = never, initiator holds the responder's certificate",
      initiator: () => ini({ x509: [C.client!.cert, C.gw!.cert], localCert: "client.pem" }),
      responder: () => res("gw", { conn: ["send_cert = never"] }),
    },
    {
      name: "send_cert = never, initiator lacks the certificate",
      initiator: () => ini(),
      responder: () => res("gw", { conn: ["send_cert = never"] }),
    },
    {
      name: "initiator requires a cert_policy the root does not carry (5.9.8: refused)",
      initiator: () => ini({ remote: ["cert_policy = 1.3.6.1.4.1.36906.1.1"] }),
      responder: () => res("gwPol"),
    },
    {
      name: "responder requires a cert_policy the client certificate lacks",
      initiator: () => ini(),
      responder: () => res("gw", { remote: ["cert_policy = 1.3.6.1.4.1.36906.1.1"] }),
    },
    {
      name: "initiator holds a stale copy of the responder's certificate",
      initiator: () =>
        ini({ x509: [C.client!.cert, C.gwB!.cert], x509ca: [C.root!.cert], localCert: "client.pem" }),
      responder: () => res("gw", { conn: ["send_cert = never"] }),
    },
    {
      name: "proposals: nothing in common, IKE_SA_INIT fails (FAQ no-proposal-chosen)",
      initiator: () => ini({ conn: ["proposals = aes128-sha256-ecp256"] }),
      responder: () => res("gw", { conn: ["proposals = aes256gcm16-prfsha384-ecp384"] }),
    },
    {
      name: "proposals: aes256-aes128-sha384-sha256-ecp384-ecp256 selects aes128-sha256-ecp256",
      initiator: () => ini({ conn: ["proposals = aes128-sha256-ecp256"] }),
      responder: () => res("gw", { conn: ["proposals = aes256-aes128-sha384-sha256-ecp384-ecp256"] }),
    },
    {
      name: "proposals: x25519 and curve25519 name the same group",
      initiator: () => ini({ conn: ["proposals = aes128-sha256-x25519"] }),
      responder: () => res("gw", { conn: ["proposals = aes128-sha256-curve25519"] }),
    },
    {
      name: "proposals: the responder's other connection offers the initiator's IKE proposal",
      initiator: () => ini({ conn: ["proposals = aes128-sha256-x25519"] }),
      responder: () =>
        res("gw", {
          conn: ["proposals = aes256gcm16-prfsha384-ecp384"],
          extraConns: other("client@example.com"),
        }),
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
      const predicted: HandshakeResult = handshakeConfigs(ic, rc, { strongswan: "5.9.8", at: new Date() });
      const t = Date.now();
      const truth = await runIke({ initiator: i, responder: r });
      const ms = Date.now() - t;
      const key = predicted.keyLine;
      const { keyFound, lines, found } = compareWithCharon(predicted, truth);
      stats.push({
        name: s.name,
        ms,
        established: truth.established,
        agree: keyFound && predicted.established === truth.established,
        lines,
        found,
      });
      const context = [
        `predicted: established=${predicted.established} key (${key.side}): ${JSON.stringify(key.line)}`,
        `predicted initiator:\n  ${predicted.initiator.logs.join("\n  ")}`,
        `predicted responder:\n  ${predicted.responder.logs.join("\n  ")}`,
        `charon initiator:\n  ${keyLines(truth.initiatorLog).join("\n  ")}`,
        `charon responder:\n  ${keyLines(truth.responderLog).join("\n  ")}`,
      ].join("\n");
      expect(predicted.established, context).toBe(truth.established);
      expect(keyFound, context).toBe(true);
    },
    60_000,
  );
});
