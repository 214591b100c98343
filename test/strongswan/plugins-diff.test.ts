/**
 * Differential tier for the certificate parsers and their order: every case of plugin-cases.ts is
 * loaded with `pki --print` under a plugin list holding only the x509 plugin and one holding only
 * openssl, so each of ikecert's parser models (x509-parser.ts, openssl-parser.ts) is checked on its
 * own against strongSwan 5.9.8; then chains whose verdict depends on which plugin comes first.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateKey, makeCertificate } from "../../certs-fixtures/generator.js";
import { makeCrl } from "../../certs-fixtures/generator-crl.js";
import { keyTypesOf } from "../../lib/checks/chain/conf.js";
import { loadChoice } from "../../lib/checks/chain/loadable.js";
import type { CertPlugin } from "../../lib/checks/chain/plugins.js";
import { pluginEnforces } from "../../lib/checks/chain/plugins.js";
import { buildChain, type ChainCertificate, explainLine, loadFile } from "../../lib/index.js";
import { parseCrl } from "../../lib/input/crl.js";
import { rulesFor } from "../../lib/rules.js";
import { makeParserCases } from "../plugin-cases.js";
import { PKI, strongswanVersion, tierAvailable } from "./env.js";
import { pkiVerify } from "./pki.js";

const run = tierAvailable("certificate plugins differential", [PKI]);

const BASE = "pem pkcs1 pkcs8 pubkey gmp curve25519 sha1 sha2 random drbg revocation constraints nonce";

async function cert(file: string): Promise<ChainCertificate> {
  const it = (await loadFile(file)).items.find((i) => i.kind === "certificate");
  return it as ChainCertificate;
}

describe.runIf(run)("each certificate parser against pki, and the order of the two", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikecert-plugins-diff-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const conf = (name: string, plugins: string) => {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    const f = join(d, "strongswan.conf");
    writeFileSync(f, `pki {\n  load = ${plugins}\n}\n`);
    return f;
  };
  const CONF: Record<string, string> = {
    x509: conf("x509", `x509 ${BASE}`),
    openssl: conf("openssl", `openssl ${BASE}`),
    "x509,openssl": conf("x509-openssl", `x509 openssl ${BASE}`),
    "openssl,x509": conf("openssl-x509", `openssl x509 ${BASE}`),
  };
  const pkiPrint = (file: string, plugins: string) => {
    const r = spawnSync(PKI, ["--print", "--in", file], {
      env: { ...process.env, STRONGSWAN_CONF: CONF[plugins]!, TZ: "UTC" },
      encoding: "utf8",
      timeout: 20_000,
    });
    return { loads: r.status === 0, output: `${r.stdout}${r.stderr}` };
  };
  const { cases } = makeParserCases(dir);
  const strongswan = strongswanVersion();

  it.each(cases)("$name", async (k) => {
    const c = await cert(k.file);
    for (const plugin of ["x509", "openssl"] as CertPlugin[]) {
      const pki = pkiPrint(k.file, plugin);
      const choice = loadChoice(c, { strongswan, plugins: { order: [plugin] } });
      expect(pki.loads, `${plugin}: ${pki.output}`).toBe(k[plugin]);
      expect(choice.plugin !== null, `${plugin} model`).toBe(k[plugin]);
      const log = plugin === "x509" ? k.x509Log : k.opensslLog;
      if (log) {
        expect(pki.output).toContain(log);
        expect(choice.logs).toContain(log);
        expect(explainLine(log).known, log).toBe(true);
      }
    }
    // Debian's order: the certificate loads when either plugin takes it
    const both = pkiPrint(k.file, "x509,openssl");
    expect(both.loads, both.output).toBe(k.x509 || k.openssl);
    expect(loadChoice(c, { strongswan }).plugin).toBe(k.x509 ? "x509" : k.openssl ? "openssl" : null);
  });

  it("which key types the loaded plugins build: ECDSA and Ed448 only with openssl", () => {
    const lists = {
      "pkcs1+gmp": "x509 pem pkcs1 gmp pubkey sha1 sha2 random",
      curve25519: "x509 pem pkcs1 curve25519 pubkey sha1 sha2 random",
      openssl: "x509 pem pkcs1 openssl pubkey sha1 sha2 random",
    };
    for (const kind of ["rsa2048", "p256", "ed25519", "ed448"] as const) {
      const c = makeCertificate({ subject: `CN=key ${kind}`, key: generateKey(kind), ca: true });
      const file = join(dir, `key-${kind}.pem`);
      writeFileSync(file, c.pem);
      for (const [name, list] of Object.entries(lists)) {
        const f = conf(`keys-${name}`, list);
        const r = spawnSync(PKI, ["--print", "--in", file], {
          env: { ...process.env, STRONGSWAN_CONF: f },
          encoding: "utf8",
        });
        const types = keyTypesOf(list.split(" "));
        const model =
          loadChoice(c.cert!, { strongswan, plugins: { order: ["x509"], keyTypes: types } }).plugin !== null;
        expect(model, `${kind} with ${name}: ${r.stdout}${r.stderr}`).toBe(r.status === 0);
      }
    }
  });

  it("a CA with a primitive unique id: x509 first drops its CA flag, openssl first keeps it (PKITS 4.3.6)", async () => {
    const D = join(import.meta.dirname, "..", "pkits");
    const anchor = join(D, "TrustAnchorRootCertificate.crt");
    const ca = join(D, "UIDCACert.crt");
    const ee = join(D, "ValidNameUIDsTest6EE.crt");
    const trusted = [await cert(anchor), await cert(ca)];
    for (const order of [
      ["x509", "openssl"],
      ["openssl", "x509"],
    ] as CertPlugin[][]) {
      const pki = pkiVerify(ee, [anchor, ca], { conf: CONF[order.join(",")]! });
      const r = buildChain(await cert(ee), {
        trusted,
        untrusted: [],
        at: new Date("2020-06-01Z"),
        strongswan,
        plugins: { order },
      });
      expect(pki.trusted, pki.output).toBe(order[0] === "openssl");
      expect(r.trusted, order.join(",")).toBe(pki.trusted);
    }
  });

  it("non-critical name constraints are enforced only when x509 parses the CA (5.9.8)", () => {
    const ncRoot = makeCertificate({
      subject: "C=CH, O=ikecert parsers, CN=NC Root",
      key: generateKey("p256"),
      ca: true,
      nameConstraints: { permitted: [{ dns: "example.com" }], critical: false },
    });
    const leaf = makeCertificate({
      subject: "CN=outside",
      key: generateKey("p256"),
      issuer: ncRoot,
      sans: ["vpn.example.org"],
    });
    const caFile = join(dir, "nc-root.pem");
    const eeFile = join(dir, "nc-leaf.pem");
    writeFileSync(caFile, ncRoot.pem);
    writeFileSync(eeFile, leaf.pem);
    const rules = rulesFor(strongswan);
    for (const order of [
      ["x509", "openssl"],
      ["openssl", "x509"],
    ] as CertPlugin[][]) {
      const pki = pkiVerify(eeFile, [caFile], { conf: CONF[order.join(",")]! });
      const choice = loadChoice(ncRoot.cert!, { strongswan, plugins: { order } });
      expect(choice.plugin).toBe(order[0]);
      // the hook the name-constraint check reads: enforced exactly when pki enforces them
      expect(pluginEnforces(choice.plugin, rules).nameConstraints).toBe(!pki.trusted);
      if (!pki.trusted)
        expect(pki.output).toContain("does not match permitted name constraint 'example.com'");
    }
    expect(
      pluginEnforces("openssl", rulesFor("5.9.12")).nameConstraints,
      "from 5.9.12, modelled from the source",
    ).toBe(true);
  });

  it("a critical dNSName nameConstraints falls through openssl to x509, which enforces it", () => {
    const k = cases.find((c) => c.name.startsWith("a critical dNSName nameConstraints"))!;
    const pki = spawnSync(PKI, ["--print", "--in", k.file], {
      env: { ...process.env, STRONGSWAN_CONF: CONF["openssl,x509"]! },
      encoding: "utf8",
    });
    expect(pki.status).toBe(0);
    expect(`${pki.stdout}${pki.stderr}`).toContain(
      "found unsupported critical X.509 extension: X509v3 Name Constraints",
    );
  });

  it("a CA neither plugin loads takes no part in any chain (pki then trusts the input itself, its quirk)", async () => {
    const k = cases.find((c) => c.name.startsWith("a critical iPAddress nameConstraints"))!;
    const ca = await cert(k.file);
    const pki = pkiVerify(k.file, [k.file]);
    expect(pki.output).toContain(`parsing CA certificate from '${k.file}' failed`);
    const r = buildChain(ca, { trusted: [ca], untrusted: [], strongswan });
    expect(r.trusted).toBe(false);
    expect(r.decidedBy).toBe("unloadable");
    expect(r.findings.find((f) => f.code === "CHAIN_CERT_UNLOADABLE")?.log).toBe(
      "found unsupported critical X.509 extension: X509v3 Name Constraints",
    );
  });

  it("a CRL with an unknown critical entry extension counts only when the openssl plugin is loaded", async () => {
    const root = makeCertificate({ subject: "CN=Entry Root", key: generateKey("ed25519"), ca: true });
    const leaf = makeCertificate({
      subject: "CN=entry.example.com",
      key: generateKey("ed25519"),
      issuer: root,
    });
    const crl = makeCrl({
      issuer: root,
      revoked: [
        {
          serial: leaf.cert!.serialBytes,
          extensions: [{ oid: "1.3.6.1.4.1.55555.8", critical: true, value: Uint8Array.of(5, 0) }],
        },
      ],
    });
    const [R, L, C] = ["entry-root.pem", "entry-leaf.pem", "entry.crl"].map((n) => join(dir, n)) as [
      string,
      string,
      string,
    ];
    writeFileSync(R, root.pem);
    writeFileSync(L, leaf.pem);
    writeFileSync(C, crl.der);
    for (const order of [["x509", "openssl"], ["x509"]] as CertPlugin[][]) {
      const pki = pkiVerify(L, [R], {
        crls: [C],
        conf: order.length === 2 ? CONF["x509,openssl"]! : CONF.x509!,
      });
      const r = buildChain(leaf.cert!, {
        trusted: [root.cert!],
        untrusted: [],
        crls: [parseCrl(crl.der)],
        strongswan,
        plugins: { order },
      });
      expect(r.trusted, order.join(",")).toBe(pki.trusted);
      expect(pki.trusted, pki.output).toBe(order.length === 1);
    }
  });
});
