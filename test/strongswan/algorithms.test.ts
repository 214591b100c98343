import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProblems } from "../../lib/checks/chain.js";
import { buildChain, parseBytes } from "../../lib/index.js";
import type { Certificate } from "../../lib/x509/certificate.js";
import { PKI, pkiConf, tierAvailable } from "./env.js";
import { CertGen, type KeyType, type Made } from "./gen.js";

/**
 * Issue 19, algorithms: which certificate signatures strongSwan verifies (RSA with SHA-3 yes, ECDSA
 * with SHA-224 or SHA-3 no: public_key.c signature_scheme_from_oid has no scheme for them), asked of
 * `pki --verify`; and the name charon's x509 plugin logs for a critical extension it does not
 * support (strongSwan's OID table, asn1_known_oid: an OID below a leaf takes the leaf's name), asked
 * of `pki --print` with only the x509 plugin (the openssl plugin would parse the certificate anyway).
 */

const run = tierAvailable("signature algorithms and extension names (pki)", [PKI, "/usr/bin/openssl"]);

async function cert(file: string): Promise<Certificate> {
  const l = await parseBytes(new Uint8Array(readFileSync(file)), file);
  return l.items.find((i) => i.kind === "certificate") as Certificate;
}

describe.runIf(run)("signature algorithms strongSwan verifies (pki --verify)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-alg-"));
  const g = new CertGen(dir);
  const roots: Partial<Record<"rsa" | "ec", Made>> = {};
  const ca = { ca: true, keyUsage: "critical,keyCertSign,cRLSign" } as const;

  beforeAll(() => {
    roots.rsa = g.cert({ name: "root-rsa", subject: "/C=CH/O=Alg/CN=RSA Root", key: "rsa2048", ...ca });
    roots.ec = g.cert({ name: "root-ec", subject: "/C=CH/O=Alg/CN=EC Root", key: "ec256", ...ca });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Array<[root: "rsa" | "ec", digest: NonNullable<Parameters<CertGen["cert"]>[0]["digest"]>]> = [
    ["rsa", "sha256"],
    ["rsa", "sha224"],
    ["rsa", "sha3-256"],
    ["rsa", "sha3-384"],
    ["rsa", "sha3-512"],
    ["ec", "sha256"],
    ["ec", "sha512"],
    ["ec", "sha224"],
    ["ec", "sha3-256"],
    ["ec", "sha3-384"],
  ];

  it.each(cases)("%s root signing with %s", async (root, digest) => {
    const leaf = g.cert({
      name: `leaf-${root}-${digest}`,
      subject: `/C=CH/O=Alg/CN=${root} ${digest}`,
      issuer: roots[root]!,
      digest,
      key: "ec256" satisfies KeyType,
      shareKey: true,
    });
    const r = spawnSync(PKI, ["--verify", "--in", leaf.cert, "--cacert", roots[root]!.cert], {
      encoding: "utf8",
      env: { ...process.env, STRONGSWAN_CONF: pkiConf() },
    });
    const ours = buildChain(await cert(leaf.cert), {
      trusted: [await cert(roots[root]!.cert)],
      untrusted: [],
    });
    expect(ours.trusted, `pki: ${r.status} ${r.stderr}`).toBe(r.status === 0);
    // the verdicts the source predicts: only ECDSA with SHA-224 or SHA-3 is refused
    expect(ours.trusted).toBe(!(root === "ec" && (digest === "sha224" || digest.startsWith("sha3"))));
    if (!ours.trusted)
      expect(ours.findings.map((f) => f.message).join("\n")).toMatch(/strongSwan cannot verify/);
  });
});

describe.runIf(run)("critical extensions: the name the x509 plugin logs (pki --print)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-crit-"));
  const g = new CertGen(dir);
  let root: Made;
  const conf = join(dir, "x509-only.conf");

  beforeAll(() => {
    root = g.cert({
      name: "root",
      subject: "/C=CH/O=Crit/CN=Root",
      key: "rsa2048",
      ca: true,
      keyUsage: "critical,keyCertSign,cRLSign",
    });
    // RSA keys: without the openssl plugin, gmp builds them
    writeFileSync(conf, "pki {\n  load = pem pkcs1 pkcs8 x509 pubkey gmp sha1 sha2 random\n}\n");
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["1.3.6.1.4.1.36906.1.1.7", "strongSwan"],
    ["1.3.6.1.4.1.36906.1", "strongSwan"],
    ["2.5.29.18", "issuerAltName"],
    ["2.5.29.9", "subjectDirectoryAttrs"],
    ["1.3.6.1.5.5.7.1.24", "tlsfeature"],
    ["1.2.3.4.5", "unknown"],
  ])("critical %s is logged as '%s'", async (oid, name) => {
    const leaf = g.cert({
      name: `crit-${oid}`,
      subject: `/C=CH/O=Crit/CN=${oid}`,
      issuer: root,
      key: "rsa2048",
      shareKey: true,
      extra: [`${oid} = critical,ASN1:UTF8String:x`],
    });
    const r = spawnSync(PKI, ["--print", "--type", "x509", "--in", leaf.cert], {
      encoding: "utf8",
      env: { ...process.env, STRONGSWAN_CONF: conf },
    });
    const line = `critical '${name}' extension not supported`;
    expect(`${r.stdout}${r.stderr}`).toContain(line);
    expect(loadProblems(await cert(leaf.cert)).map((p) => p.log)).toContain(line);
  });
});
