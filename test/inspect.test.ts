import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CertificateOptions,
  generateKey,
  makeCertificate,
  privateKeyPem,
} from "../certs-fixtures/generator.js";
import { encodeOid, encodeTlv, TAG } from "../lib/asn1/der.js";
import { inspectFiles, loadFile } from "../lib/index.js";
import { toPem } from "../lib/input/pem.js";
import { subjectOf } from "./chain-pki.js";
import { ROOT, runCli } from "./cli-helper.js";

/** Loose ends of `inspect` found while checking other commands against strongSwan. */
const dir = mkdtempSync(join(tmpdir(), "ikc-cleanup-inspect-"));
const f = (name: string) => join(dir, name);
const inspect = async (file: string, passphrase?: string) =>
  inspectFiles([await loadFile(file, passphrase ? { passphrase: async () => passphrase } : {})]);
const codes = (r: { findings: { code: string }[] }) => r.findings.map((x) => x.code);
const P12_PASS = readFileSync(join(ROOT, "certs-fixtures/keys/PASSPHRASE.txt"), "utf8").trim();

beforeAll(() => {
  const ec = generateKey("p256");
  // what `openssl ecparam -genkey` writes: the curve's EC PARAMETERS block, then the SEC1 key
  const params = toPem("EC PARAMETERS", encodeTlv(TAG.OID, encodeOid("1.2.840.10045.3.1.7")));
  writeFileSync(f("ecparam.key"), params + privateKeyPem(ec, { format: "sec1" }));
  writeFileSync(f("plain-ec.key"), privateKeyPem(ec, { format: "sec1" }));
  const rsa = generateKey("rsa2048");
  writeFileSync(f("rsa.key"), privateKeyPem(rsa));
  writeFileSync(f("rsa-pkcs1.pub"), rsa.publicKey.export({ type: "pkcs1", format: "pem" }));
  writeFileSync(f("rsa-pkcs1.der"), rsa.publicKey.export({ type: "pkcs1", format: "der" }));
  writeFileSync(f("rsa-spki.pub"), rsa.publicKey.export({ type: "spki", format: "pem" }));
  const cert = (name: string, subj: string, extra: Partial<CertificateOptions> = {}) => {
    const key = generateKey("p256");
    writeFileSync(f(`${name}.key`), privateKeyPem(key));
    writeFileSync(f(`${name}.pem`), makeCertificate({ subject: subjectOf(subj), key, ...extra }).pem);
  };
  cert("ca", "/C=CH/O=Example/CN=Example Root", { ca: true });
  cert("gw", "/C=CH/O=Example/CN=vpn.example.com", { sans: ["vpn.example.com"] });
  cert("comma", "/C=US/O=DigiCert, Inc./CN=vpn.example.com");
  // a PKCS#12 with the end entity, its key and a second (CA) certificate (certs-fixtures/pkcs12/README.md)
  copyFileSync(join(ROOT, "certs-fixtures/pkcs12/chain.p12"), f("bundle.p12"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("inspect: key files strongSwan cannot load", () => {
  it("a key behind an EC PARAMETERS block (openssl ecparam -genkey) is KEY_FILE_UNLOADABLE", async () => {
    const r = await inspect(f("ecparam.key"));
    expect(r.items.map((i) => i.kind)).toEqual(["privateKey"]);
    expect(codes(r)).toEqual(["KEY_FILE_UNLOADABLE"]);
    expect(r.findings[0]!.severity).toBe("error");
    expect(r.findings[0]!.message).toMatch(/begins with an EC PARAMETERS block/);
    expect(codes(await inspect(f("plain-ec.key")))).toEqual([]);
  });
  it("inspect and pair report it with the same words", async () => {
    const i = await runCli(["inspect", "--json", f("ecparam.key")]);
    const p = await runCli(["pair", "--json", f("gw.pem"), f("ecparam.key")]);
    expect(i.code).toBe(1);
    const fi = JSON.parse(i.stdout).findings.find((x: { code: string }) => x.code === "KEY_FILE_UNLOADABLE");
    const fp = JSON.parse(p.stdout).findings.find((x: { code: string }) => x.code === "KEY_FILE_UNLOADABLE");
    expect(fi).toEqual(fp);
  });
  it("a bare PKCS#1 RSA public key (PEM or DER) is PUBKEY_PKCS1_UNLOADABLE; a SubjectPublicKeyInfo is fine", async () => {
    for (const file of ["rsa-pkcs1.pub", "rsa-pkcs1.der"]) {
      const r = await inspect(f(file));
      expect(r.items).toMatchObject([{ kind: "publicKey", format: "pkcs1" }]);
      expect(codes(r)).toEqual(["PUBKEY_PKCS1_UNLOADABLE"]);
    }
    expect((await inspect(f("rsa-pkcs1.der"))).findings[0]!.fix).toContain("-RSAPublicKey_in -inform DER");
    const spki = await inspect(f("rsa-spki.pub"));
    expect(spki.items).toMatchObject([{ kind: "publicKey", format: "spki" }]);
    expect(codes(spki)).toEqual([]);
    const cli = await runCli(["inspect", f("rsa-pkcs1.pub")]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain("public key (pkcs1)");
    expect(cli.stdout).toContain("error PUBKEY_PKCS1_UNLOADABLE");
  });
});

describe("inspect: bundles", () => {
  it("several certificates in a PKCS#12 are fine for swanctl's pkcs12/ (no CHAIN_FILE_MULTIPLE_CERTS)", async () => {
    const r = await inspect(f("bundle.p12"), P12_PASS);
    expect(r.items.filter((i) => i.kind === "certificate")).toHaveLength(2);
    expect(r.items.filter((i) => i.kind === "privateKey")).toHaveLength(1);
    expect(codes(r)).not.toContain("CHAIN_FILE_MULTIPLE_CERTS");
    expect(codes(r)).not.toContain("FILE_MIXES_CERT_AND_KEY");
  });
});

describe("inspect: the DN to write", () => {
  const subjectId = async (file: string) => {
    const r = await inspect(f(file));
    const cert = r.items.find((i) => i.kind === "certificate");
    if (cert?.kind !== "certificate") throw new Error("no certificate");
    return { printed: cert.subject, id: cert.identities.find((i) => i.from === "subject")! };
  };
  it("is the printed DN when that parses back to the same DN", async () => {
    const { printed, id } = await subjectId("gw.pem");
    expect(printed).toBe("C=CH, O=Example, CN=vpn.example.com");
    expect(id.write).toBe(printed);
  });
  it("is the / form when a value holds a comma, and the text column shows it", async () => {
    const { printed, id } = await subjectId("comma.pem");
    expect(printed).toBe("C=US, O=DigiCert, Inc., CN=vpn.example.com");
    expect(id.write).toBe("/C=US/O=DigiCert, Inc./CN=vpn.example.com");
    const cli = await runCli(["inspect", f("comma.pem")]);
    expect(cli.stdout).toContain(`(subject; write: /C=US/O=DigiCert, Inc./CN=vpn.example.com)`);
  });
});
