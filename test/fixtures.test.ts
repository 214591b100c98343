import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { type Certificate, inspectFiles, type LoadedFile, loadFile, type PrivateKey } from "../lib/index.js";
import { needs } from "./needs.js";
import { pkiKeyid, pkiVerify } from "./strongswan/pki.js";

const ROOT = join(import.meta.dirname, "..");
const FIX = join(ROOT, "certs-fixtures");
const AT = new Date("2026-06-01T00:00:00Z");
/** the passphrase of certs-fixtures/broken/encrypted.key (README) */
const PASSPHRASE = "ikecert-test-passphrase";
/** folders that the fixtures helper owns; keys/ and pkcs12/ have tests of their own */
const OWNED = ["sample", "broken", "ca-keys", "pki", "openssl"];
const DATA = /\.(pem|der|key|pub|csr)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : DATA.test(n) ? [p] : [];
  });
}
const FILES = OWNED.flatMap((d) => walk(join(FIX, d))).sort();

const load = (rel: string) => loadFile(join(FIX, rel), { passphrase: async () => PASSPHRASE });
const certOf = async (rel: string) =>
  (await load(rel)).items.find((i) => i.kind === "certificate") as Certificate;
const keyOf = async (rel: string) =>
  (await load(rel)).items.find((i) => i.kind === "privateKey") as PrivateKey;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const findingsOf = async (...rels: string[]) =>
  inspectFiles(await Promise.all(rels.map(load)), AT).findings.map((f) => f.code);

describe("every committed fixture loads", () => {
  test("there are fixtures in every owned folder", () => {
    for (const d of OWNED) expect(FILES.some((f) => f.startsWith(join(FIX, d)))).toBe(true);
    expect(FILES.length).toBeGreaterThan(50);
  });
  for (const file of FILES)
    test(relative(FIX, file), async () => {
      const lf: LoadedFile = await loadFile(file, { passphrase: async () => PASSPHRASE });
      expect(lf.items.length).toBeGreaterThan(0);
      const kinds = new Set(lf.items.map((i) => i.kind));
      if (/\.(key)$/.test(file) || /-rsa\.der$/.test(file)) expect([...kinds]).toEqual(["privateKey"]);
      else if (file.endsWith(".pub")) expect([...kinds]).toEqual(["publicKey"]);
      else if (file.endsWith(".csr")) expect([...kinds]).toEqual(["csr"]);
      else expect([...kinds]).toEqual(["certificate"]);
    });
});

describe("the sample deployment", () => {
  const pairs = ["gateway", "rw-rsa", "rw-ecdsa", "rw-ed25519"];
  test.each(pairs)(
    "%s: certificate and private key belong together, chain to the intermediate",
    async (n) => {
      const c = await certOf(`sample/x509/${n}.pem`);
      const k = await keyOf(`sample/private/${n}.key`);
      expect(hex(k.publicKey.spki)).toBe(hex(c.publicKey.spki));
      const inter = await certOf("sample/x509ca/intermediate.pem");
      expect(hex(c.issuer.der)).toBe(hex(inter.subject.der));
      expect(hex(c.authorityKeyId!)).toBe(hex(inter.subjectKeyId!));
      expect(c.notBefore.toISOString()).toBe("2025-01-01T00:00:00.000Z");
      expect(c.notAfter.toISOString()).toBe("2035-01-01T00:00:00.000Z");
    },
  );

  test("key kinds and formats of the road warriors and the gateway", async () => {
    const got = await Promise.all(
      pairs.map(async (n) => {
        const k = await keyOf(`sample/private/${n}.key`);
        return `${n}:${k.publicKey.algorithm}:${k.format}`;
      }),
    );
    expect(got).toEqual([
      "gateway:RSA:pkcs1",
      "rw-rsa:RSA:pkcs8",
      "rw-ecdsa:ECDSA:sec1",
      "rw-ed25519:ED25519:pkcs8",
    ]);
  });

  test("the gateway proves vpn.example.com, 192.0.2.1 as an address and as an FQDN; EKU as asked", async () => {
    const c = await certOf("sample/x509/gateway.pem");
    expect(c.sans.map((s) => `${s.idType}=${s.value}`)).toEqual([
      "ID_FQDN=vpn.example.com",
      "ID_IPV4_ADDR=192.0.2.1",
      "ID_FQDN=192.0.2.1",
    ]);
    expect(c.extKeyUsage?.map((e) => e.name)).toEqual(["serverAuth", "ikeIntermediate"]);
    expect(c.keyUsage).toEqual(["digitalSignature"]);
    const root = await certOf("sample/x509ca/root.pem");
    expect(root.selfIssued && root.basicConstraints?.ca).toBe(true);
    expect(root.notAfter.toISOString()).toBe("2045-01-01T00:00:00.000Z");
  });

  test("inspecting the whole sample finds nothing wrong", async () => {
    const rels = ["x509", "x509ca", "private"].flatMap((d) =>
      readdirSync(join(FIX, "sample", d)).map((n) => `sample/${d}/${n}`),
    );
    expect(await findingsOf(...rels)).toEqual([]);
  });

  test("swanctl.conf names the gateway certificate and ids it proves", () => {
    const conf = readFileSync(join(FIX, "sample", "swanctl.conf"), "utf8");
    expect(conf).toMatch(/certs = gateway\.pem/);
    expect(conf).toMatch(/id = vpn\.example\.com/);
    expect(conf).toMatch(/id = \*@example\.com/);
  });
});

describe("broken cases show their findings (at 2026-06-01)", () => {
  const cases: Array<[string[], string[]]> = [
    [["broken/cn-only.pem"], ["NO_SAN", "CN_NOT_IN_SAN"]],
    [["broken/wildcard-san.pem"], ["WILDCARD_SAN"]],
    [["broken/expired.pem"], ["CERT_EXPIRED"]],
    [["broken/not-yet-valid.pem"], ["CERT_NOT_YET_VALID"]],
    [["broken/chain-file.pem"], ["CHAIN_FILE_MULTIPLE_CERTS"]],
    [["broken/unsupported-san.pem"], ["SAN_UNSUPPORTED_KIND"]],
    [["broken/sha1-signed.pem"], ["WEAK_SIGNATURE"]],
    [["broken/rsa1024.pem"], ["WEAK_RSA_KEY"]],
    [["broken/ip-as-dns.pem"], []],
    [["broken/utf8-cn.pem"], []],
  ];
  test.each(cases)("%s → %s", async (rels, codes) => {
    expect((await findingsOf(...rels)).sort()).toEqual([...codes].sort());
  });

  test("expired is judged at the given time, not now", async () => {
    const lf = await load("broken/expired.pem");
    expect(inspectFiles([lf], new Date("2020-06-01T00:00:00Z")).findings).toEqual([]);
  });

  test("chain-file: strongSwan would load the gateway; the CAs belong in x509ca/", async () => {
    const f = inspectFiles([await load("broken/chain-file.pem")], AT).findings[0]!;
    expect(f.data).toEqual({ count: 3, loaded: "C=CH, O=Example VPN, CN=vpn.example.com" });
    expect(f.message).toContain('"C=CH, O=Example VPN, CN=Example VPN Root CA" → x509ca/');
  });

  test("key-mismatch.key is the key of cn-only.pem, not of key-mismatch.pem", async () => {
    const k = await keyOf("broken/key-mismatch.key");
    expect(hex(k.publicKey.spki)).not.toBe(hex((await certOf("broken/key-mismatch.pem")).publicKey.spki));
    expect(hex(k.publicKey.spki)).toBe(hex((await certOf("broken/cn-only.pem")).publicKey.spki));
  });

  test("non-ca-issuer: the issuer has no basicConstraints, the leaf names it as issuer", async () => {
    const ca = await certOf("broken/non-ca-issuer-ca.pem");
    const leaf = await certOf("broken/non-ca-issuer.pem");
    expect(ca.basicConstraints).toBeNull();
    expect(ca.keyUsage).toContain("keyCertSign");
    expect(hex(leaf.issuer.der)).toBe(hex(ca.subject.der));
  });

  test("encrypted.key opens with its passphrase and is cn-only's key", async () => {
    const k = await keyOf("broken/encrypted.key");
    expect(k.encrypted).toBe(true);
    expect(hex(k.publicKey.spki)).toBe(hex((await certOf("broken/cn-only.pem")).publicKey.spki));
    await expect(
      loadFile(join(FIX, "broken/encrypted.key"), { passphrase: async () => "wrong" }),
    ).rejects.toThrow();
  });
});

describe.runIf(needs("fixtures vs pki", ["pki", "faketime"]))(
  "strongSwan's pki agrees with the fixtures",
  () => {
    const typeOf = (f: string) =>
      f.endsWith(".pub")
        ? "pub"
        : f.endsWith(".csr")
          ? "pkcs10"
          : /\.key$|-rsa\.der$/.test(f)
            ? "priv"
            : "x509";
    const plain = FILES.filter((f) => !f.endsWith("encrypted.key") && !f.endsWith("chain-file.pem"));
    test.each(plain.map((f) => relative(FIX, f)))("pki --keyid %s", async (rel) => {
      const r = pkiKeyid(join(FIX, rel), typeOf(rel));
      if (rel === "openssl/ec.key") {
        // strongSwan's pem plugin decodes only the first PEM block, here EC PARAMETERS: the key is refused
        expect(r.ok).toBe(false);
        return;
      }
      expect(r.ok, r.ok ? "" : r.stderr).toBe(true);
      if (!r.ok) return;
      const item = (await load(rel)).items[0]!;
      expect({ subjkey: r.subjkey, keyid: r.keyid }).toEqual({
        subjkey: hex(item.publicKey.keyIds.subjkey),
        keyid: hex(item.publicKey.keyIds.keyid),
      });
    });

    const ca = ["sample/x509ca/root.pem", "sample/x509ca/intermediate.pem"].map((r) => join(FIX, r));
    const verdicts: Array<[string, boolean, string[]]> = [
      ["sample/x509/gateway.pem", true, ca],
      ["sample/x509/rw-rsa.pem", true, ca],
      ["sample/x509/rw-ecdsa.pem", true, ca],
      ["sample/x509/rw-ed25519.pem", true, ca],
      ["broken/sha1-signed.pem", true, ca],
      ["broken/expired.pem", false, ca],
      ["broken/not-yet-valid.pem", false, ca],
      ["broken/bad-signature.pem", false, ca],
      ["broken/non-ca-issuer.pem", false, [...ca, join(FIX, "broken/non-ca-issuer-ca.pem")]],
      ["pki/server.pem", true, ["pki/ca.pem", "pki/intermediate.der"].map((r) => join(FIX, r))],
      ["pki/client-ed25519.der", true, ["pki/ca.pem", "pki/intermediate.der"].map((r) => join(FIX, r))],
      ["openssl/ip-san.pem", true, [join(FIX, "openssl/rsa-ca.pem")]],
    ];
    test.each(verdicts)("pki --verify %s → trusted %s", (rel, trusted, cacerts) => {
      const r = pkiVerify(join(FIX, rel), cacerts, { at: AT });
      expect(r.trusted, r.output).toBe(trusted);
    });
  },
);

describe("npm start", () => {
  test("audits the sample deployment with the built CLI, exit 0", () => {
    const main = join(ROOT, "dist/cli/main.js");
    expect(existsSync(main), "build first: npm run build").toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: { start: string };
    };
    const args = pkg.scripts.start.split(" ").slice(1); // node <args...>
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^OK /);
    expect(r.stdout).toContain("pubkey as vpn.example.com (ID_FQDN)");
    expect(r.stdout).toContain("pubkey as 192.0.2.1 (ID_IPV4_ADDR)");
    expect(r.stdout).not.toContain("PRIVATE KEY");
  });
});
