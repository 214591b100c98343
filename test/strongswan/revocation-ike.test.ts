/**
 * Revocation as charon itself applies it, between two private charons (pki --verify has no
 * revocation policy): the responder holds CRLs in x509crl/ and sets `remote.revocation`; the
 * initiator authenticates with its certificate. Each case asserts charon's outcome and its line, and
 * that ikecert's chain verdict for the initiator's certificate, with the responder's CRLs and policy,
 * agrees and names the same line. charon here loads no fetcher plugin, so a distribution point
 * fails at once (as it does for ikecert, which never fetches).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateKey, makeCertificate, privateKeyPem } from "../../certs-fixtures/generator.js";
import { authorityInfoAccess, crlDistributionPoints, makeCrl } from "../../certs-fixtures/generator-crl.js";
import { buildChain, explainLine } from "../../lib/index.js";
import { parseCrl } from "../../lib/input/crl.js";
import { CHARON, NAMESPACE_TOOLS, SWANCTL, strongswanVersion, tierAvailable } from "./env.js";
import { keyLines, runIke } from "./ike.js";

const run = tierAvailable("revocation IKE oracle (two charons)", [CHARON, SWANCTL, ...NAMESPACE_TOOLS], {
  namespaces: true,
});

describe.runIf(run)("revocation policies: charon against ikecert", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-truth-revocation-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const w = (name: string, text: string | Uint8Array) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const root = makeCertificate({
    subject: "C=CH, O=Revocation, CN=Root",
    key: generateKey("p256"),
    ca: true,
  });
  const gw = makeCertificate({
    subject: "C=CH, O=Revocation, CN=vpn.example.com",
    key: generateKey("p256"),
    issuer: root,
    sans: ["vpn.example.com"],
  });
  const client = (name: string, extensions = [] as ReturnType<typeof crlDistributionPoints>[]) => {
    const c = makeCertificate({
      subject: `C=CH, O=Revocation, CN=${name}`,
      key: generateKey("p256"),
      issuer: root,
      sans: [name],
      extensions,
    });
    return { gen: c, cert: w(`${name}.pem`, c.pem), key: w(`${name}.key`, privateKeyPem(c.key)) };
  };
  const plain = client("client.example.com");
  const withCdp = client("cdp.example.com", [
    crlDistributionPoints([{ uris: ["http://127.0.0.1:9/root.crl"] }]),
  ]);
  const withOcsp = client("ocsp.example.com", [authorityInfoAccess({ ocsp: ["http://127.0.0.1:9/ocsp"] })]);
  const ROOT = w("root.pem", root.pem);
  const crlFile = (name: string, o: Omit<Parameters<typeof makeCrl>[0], "issuer">) => {
    const c = makeCrl({ issuer: root, ...o });
    return { file: w(name, c.pem), crl: parseCrl(c.der) };
  };
  const good = crlFile("root-good.crl", {});
  const revoked = crlFile("root-revoked.crl", {
    revoked: [
      {
        serial: plain.gen.cert!.serialBytes,
        reason: "keyCompromise",
        date: new Date("2025-02-03T04:05:06Z"),
      },
    ],
  });
  const stale = crlFile("root-stale.crl", {
    thisUpdate: new Date("2025-01-01T00:00:00Z"),
    nextUpdate: new Date("2025-06-01T00:00:00Z"),
  });

  const cases = [
    {
      name: "relaxed: a revoked client certificate",
      c: plain,
      policy: "relaxed",
      crls: [revoked],
      established: false,
      line: "certificate was revoked on Feb 03 04:05:06 UTC 2025, reason: key compromise",
    },
    {
      name: "relaxed: no CRL at all",
      c: plain,
      policy: "relaxed",
      crls: [],
      established: true,
      line: "certificate status is not available",
    },
    {
      name: "strict: no CRL",
      c: plain,
      policy: "strict",
      crls: [],
      established: false,
      line: "constraint check failed: RULE_CRL_VALIDATION is SKIPPED, but requires at least GOOD",
    },
    {
      name: "strict: a current CRL that does not list it",
      c: plain,
      policy: "strict",
      crls: [good],
      established: true,
      line: "certificate status is good",
    },
    {
      name: "strict: a stale CRL",
      c: plain,
      policy: "strict",
      crls: [stale],
      established: false,
      line: "constraint check failed: RULE_CRL_VALIDATION is STALE, but requires at least GOOD",
    },
    {
      name: "ifuri: no CRL and no distribution point",
      c: plain,
      policy: "ifuri",
      crls: [],
      established: true,
      line: "certificate status is not available",
    },
    {
      name: "ifuri: a distribution point charon cannot fetch",
      c: withCdp,
      policy: "ifuri",
      crls: [],
      established: false,
      line: "constraint check failed: RULE_CRL_VALIDATION is FAILED, but requires at least SKIPPED",
    },
    {
      name: "ifuri: only an OCSP URI, unreachable: the CRL status takes the failed OCSP status",
      c: withOcsp,
      policy: "ifuri",
      crls: [],
      established: false,
      line: "constraint check failed: RULE_CRL_VALIDATION is FAILED, but requires at least SKIPPED",
    },
    {
      name: "strict without the revocation plugin: nothing recorded, nothing enforced",
      c: plain,
      policy: "strict",
      crls: [revoked],
      established: true,
      line: "IKE_SA ikc[1] established between 198.51.100.2[vpn.example.com]...198.51.100.1[client.example.com]",
      noRevocationPlugin: true,
    },
    {
      name: "ifuri: a stale CRL",
      c: plain,
      policy: "ifuri",
      crls: [stale],
      established: false,
      line: "constraint check failed: RULE_CRL_VALIDATION is STALE, but requires at least SKIPPED",
    },
  ] as const;

  it.each(cases)("$name", async (k) => {
    const r = await runIke({
      initiator: {
        x509: [k.c.cert],
        x509ca: [ROOT],
        private: [k.c.key],
        localId: k.c.gen.cert!.sans[0]!.value,
        remoteId: "vpn.example.com",
      },
      responder: {
        x509: [w("gw.pem", gw.pem)],
        x509ca: [ROOT],
        private: [w("gw.key", privateKeyPem(gw.key))],
        x509crl: k.crls.map((c) => c.file),
        localId: "vpn.example.com",
        remote: k.policy === "relaxed" ? [] : [`revocation = ${k.policy}`],
        ...("noRevocationPlugin" in k
          ? { charonConf: "  plugins {\n    revocation {\n      load = no\n    }\n  }" }
          : {}),
      },
    });
    const explain = keyLines(r.responderLog).join("\n");
    expect(r.established, explain).toBe(k.established);
    expect(
      r.responderLog.some((l) => l.endsWith(k.line)),
      `${k.line}\n${explain}`,
    ).toBe(true);
    const chain = buildChain(k.c.gen.cert!, {
      trusted: [root.cert!],
      untrusted: [],
      crls: k.crls.map((c) => c.crl),
      revocation: k.policy,
      strongswan: strongswanVersion(),
      ...("noRevocationPlugin" in k ? { revocationSettings: { loaded: false } } : {}),
    });
    expect(chain.trusted).toBe(k.established);
    if ("noRevocationPlugin" in k) {
      expect(chain.revocation).toEqual([]);
      expect(r.responderLog.some((l) => l.includes("checking certificate status"))).toBe(false);
      return;
    }
    const said = [...chain.revocation.flatMap((c) => c.logs), ...chain.findings.map((f) => f.log)];
    expect(said).toContain(k.line);
    if (!k.established) expect(chain.decidedBy).toBe("revocation");
    // and `ikecert explain` knows charon's line
    expect(explainLine(k.line).known, k.line).toBe(true);
  });
});
