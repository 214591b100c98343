import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needs } from "../needs.js";
import { Charon } from "./charon.js";
import { CertGen, DAYS, type Made } from "./gen.js";
import { type IkeResult, type IkeSide, keyLines, runIke } from "./ike.js";

/**
 * Two-sided IKEv2 scenarios between two private charons (IKE_SA only). Each asserts whether the
 * IKE_SA was established and the log line charon prints for the decision (semantics §8).
 */

const run = needs(
  "IKE oracle (two charons)",
  ["charon", "swanctl", "openssl", "faketime", "ip", "unshare", "mount"],
  {
    namespaces: true,
  },
);

interface Scenario {
  name: string;
  initiator: () => IkeSide;
  responder: () => IkeSide;
  established: boolean;
  /** a line that must appear in the initiator's log */
  initiatorLine?: RegExp;
  /** a line that must appear in the responder's log */
  responderLine?: RegExp;
}

describe.runIf(run)("IKE oracle: two charons, real IKEv2", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-truth-ike-"));
  let root: Made;
  let rootB: Made;
  let int: Made;
  let client: Made;
  let gw: Made;
  let gwViaInt: Made;
  let gwCnOnly: Made;
  let gwWildcard: Made;
  let gwExpired: Made;
  let gwRsa: Made;
  let strayKey: string;
  const results: { name: string; ms: number; established: boolean }[] = [];

  beforeAll(() => {
    const g = new CertGen(dir);
    const ca = { ca: true, keyUsage: "critical,keyCertSign,cRLSign" } as const;
    root = g.cert({ name: "root", subject: "/C=CH/O=Truth/CN=Root", ...ca });
    rootB = g.cert({ name: "root-b", subject: "/C=CH/O=Truth/CN=Root B", ...ca });
    int = g.cert({ name: "int", subject: "/C=CH/O=Truth/CN=Intermediate", issuer: root, ...ca });
    const gwSubject = "/C=CH/O=Truth/CN=vpn.example.com";
    client = g.cert({
      name: "client",
      subject: "/C=CH/O=Truth/CN=client",
      issuer: root,
      sans: ["email:client@example.com"],
    });
    gw = g.cert({ name: "gw", subject: gwSubject, issuer: root, sans: ["DNS:vpn.example.com"] });
    gwViaInt = g.cert({ name: "gw-via-int", subject: gwSubject, issuer: int, sans: ["DNS:vpn.example.com"] });
    gwCnOnly = g.cert({ name: "gw-cn-only", subject: gwSubject, issuer: root });
    gwWildcard = g.cert({
      name: "gw-wildcard",
      subject: "/C=CH/O=Truth/CN=*.example.com",
      issuer: root,
      sans: ["DNS:*.example.com"],
    });
    gwExpired = g.cert({
      name: "gw-expired",
      subject: gwSubject,
      issuer: root,
      sans: ["DNS:vpn.example.com"],
      notBefore: new Date(Date.now() - DAYS(400)),
      days: 30,
    });
    gwRsa = g.cert({
      name: "gw-rsa",
      subject: gwSubject,
      issuer: root,
      sans: ["DNS:vpn.example.com"],
      key: "rsa2048",
    });
    strayKey = g.key("ec256", "stray");
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    const total = results.reduce((a, r) => a + r.ms, 0);
    process.stderr.write(
      `IKE oracle: ${results.length} scenarios in ${total} ms\n${results.map((r) => `  ${r.established ? "established" : "failed     "} ${r.ms} ms  ${r.name}`).join("\n")}\n`,
    );
  });

  const initiator = (extra: IkeSide = {}): IkeSide => ({
    x509: [client.cert],
    x509ca: [root.cert],
    private: [client.key],
    localId: "client@example.com",
    remoteId: "vpn.example.com",
    ...extra,
  });
  const responder = (m: () => Made, extra: IkeSide = {}): IkeSide => ({
    x509: [m().cert],
    x509ca: [root.cert],
    private: [m().key],
    localId: "vpn.example.com",
    ...extra,
  });

  const scenarios: Scenario[] = [
    {
      name: "success: SAN vpn.example.com, same root",
      initiator: () => initiator(),
      responder: () => responder(() => gw),
      established: true,
      initiatorLine: /authentication of 'vpn\.example\.com' with ECDSA.* successful/,
      responderLine: /authentication of 'client@example\.com' with ECDSA.* successful/,
    },
    {
      name: "CN-only certificate: the FQDN id is not in it",
      initiator: () => initiator(),
      responder: () => responder(() => gwCnOnly),
      established: false,
      initiatorLine: /no trusted ECDSA public key found for 'vpn\.example\.com'/,
    },
    {
      name: "wildcard SAN *.example.com does not prove vpn.example.com",
      initiator: () => initiator(),
      responder: () => responder(() => gwWildcard),
      established: false,
      initiatorLine: /no trusted ECDSA public key found for 'vpn\.example\.com'/,
    },
    {
      name: "wildcard in the configured remote id matches the SAN",
      initiator: () => initiator({ remoteId: "*.example.com" }),
      responder: () => responder(() => gw),
      established: true,
      initiatorLine: /IKE_SA ikc\[\d+\] established/,
    },
    {
      name: "id type mismatch: FQDN asked, responder's id left at its subject DN",
      initiator: () => initiator(),
      responder: () => responder(() => gw, { localId: undefined }),
      established: false,
      responderLine: /no matching peer config found/,
    },
    {
      name: "subject DN as the id works (CN inside a DN id)",
      initiator: () => initiator({ remoteId: "C=CH, O=Truth, CN=vpn.example.com" }),
      responder: () => responder(() => gwCnOnly, { localId: undefined }),
      established: true,
      initiatorLine: /authentication of 'C=CH, O=Truth, CN=vpn\.example\.com' with ECDSA.* successful/,
    },
    {
      name: "wrong private key on the responder",
      initiator: () => initiator(),
      responder: () => responder(() => gw, { private: [strayKey] }),
      established: false,
      responderLine: /no private key found for 'vpn\.example\.com'/,
    },
    {
      name: "missing intermediate: neither side has it",
      initiator: () => initiator(),
      responder: () => responder(() => gwViaInt),
      established: false,
      initiatorLine: /no issuer certificate found for "C=CH, O=Truth, CN=vpn\.example\.com"/,
    },
    {
      name: "intermediate in the responder's x509ca/ is sent and accepted",
      initiator: () => initiator(),
      responder: () => responder(() => gwViaInt, { x509ca: [root.cert, int.cert] }),
      established: true,
      initiatorLine: /using untrusted intermediate certificate "C=CH, O=Truth, CN=Intermediate"/,
    },
    {
      name: "expired responder certificate",
      initiator: () => initiator(),
      responder: () => responder(() => gwExpired),
      established: false,
      initiatorLine: /subject certificate invalid/,
    },
    {
      name: "RSA responder certificate from an untrusted root",
      initiator: () => initiator({ x509ca: [rootB.cert] }),
      responder: () => responder(() => gwRsa),
      established: false,
      initiatorLine: /no trusted RSA public key found for 'vpn\.example\.com'/,
    },
    {
      name: "responder requires another CA for the client: constraint check failed",
      initiator: () => initiator(),
      responder: () =>
        responder(() => gw, { x509ca: [root.cert, rootB.cert], remote: [`cacerts = ${"root-b.pem"}`] }),
      established: false,
      responderLine: /constraint check failed: peer not authenticated by CA 'C=CH, O=Truth, CN=Root B'/,
    },
    {
      name: "client's configured id is not in its certificate",
      initiator: () => initiator({ localId: "someone@example.com" }),
      responder: () => responder(() => gw),
      established: false,
      responderLine: /no trusted ECDSA public key found for 'someone@example\.com'/,
    },
  ];

  it.each(scenarios)(
    "$name",
    async (s) => {
      const t0 = Date.now();
      const r: IkeResult = await runIke({ initiator: s.initiator(), responder: s.responder() });
      results.push({ name: s.name, ms: Date.now() - t0, established: r.established });
      const context = `initiator:\n${keyLines(r.initiatorLog).join("\n")}\nresponder:\n${keyLines(r.responderLog).join("\n")}\nswanctl: ${r.initiate}`;
      expect(r.established, context).toBe(s.established);
      if (s.initiatorLine)
        expect(
          r.initiatorLog.some((l) => s.initiatorLine!.test(l)),
          context,
        ).toBe(true);
      if (s.responderLine)
        expect(
          r.responderLog.some((l) => s.responderLine!.test(l)),
          context,
        ).toBe(true);
    },
    60_000,
  );
});

describe.runIf(run)("swanctl.conf ids travel over vici", () => {
  it("a non-ASCII id (UTF-8 DN text) is refused when the connection loads", async () => {
    const c = await Charon.start({ tag: "utf8" });
    try {
      const d = join(c.dir, "swanctl");
      mkdirSync(d);
      writeFileSync(
        join(d, "swanctl.conf"),
        'connections {\n  x {\n    local {\n      auth = pubkey\n      id = "C=CH, O=Tr\u00fcth, CN=vpn.example.com"\n    }\n    remote {\n      auth = pubkey\n    }\n  }\n}\n',
      );
      const r = c.swanctl(["--load-conns", "--file", join(d, "swanctl.conf")]);
      expect(r.status).not.toBe(0);
      expect(`${r.stdout}${r.stderr}`).toMatch(/loading connection 'x' failed: invalid value for: id/);
    } finally {
      c.stop();
    }
  });
});
