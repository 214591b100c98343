import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectFiles, loadFile } from "../lib/index.js";
import { runCli } from "./cli-helper.js";
import { opensslReq } from "./strongswan/gen.js";

/** Loose ends of `inspect` found while checking other commands against strongSwan. */
const dir = mkdtempSync(join(tmpdir(), "ikc-cleanup-inspect-"));
const f = (name: string) => join(dir, name);
const ossl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });
const inspect = async (file: string, passphrase?: string) =>
  inspectFiles([await loadFile(file, passphrase ? { passphrase: async () => passphrase } : {})]);
const codes = (r: { findings: { code: string }[] }) => r.findings.map((x) => x.code);

beforeAll(() => {
  ossl("ecparam", "-name", "prime256v1", "-genkey", "-out", f("ecparam.key"));
  ossl("ec", "-in", f("ecparam.key"), "-out", f("plain-ec.key"));
  ossl("genrsa", "-out", f("rsa.key"), "2048");
  ossl("rsa", "-in", f("rsa.key"), "-RSAPublicKey_out", "-out", f("rsa-pkcs1.pub"));
  ossl("rsa", "-in", f("rsa.key"), "-RSAPublicKey_out", "-outform", "DER", "-out", f("rsa-pkcs1.der"));
  ossl("rsa", "-in", f("rsa.key"), "-pubout", "-out", f("rsa-spki.pub"));
  opensslReq(f("ca.key"), f("ca.pem"), "/C=CH/O=Example/CN=Example Root", {
    extra: ["-addext", "basicConstraints=critical,CA:TRUE"],
  });
  opensslReq(f("gw.key"), f("gw.pem"), "/C=CH/O=Example/CN=vpn.example.com", {
    extra: ["-addext", "subjectAltName=DNS:vpn.example.com"],
  });
  opensslReq(f("comma.key"), f("comma.pem"), "/C=US/O=DigiCert, Inc./CN=vpn.example.com");
  // a PKCS#12 with the end entity, its key and a second (CA) certificate
  ossl(
    "pkcs12",
    "-export",
    "-in",
    f("gw.pem"),
    "-inkey",
    f("gw.key"),
    "-certfile",
    f("ca.pem"),
    "-passout",
    "pass:p12-pass",
    "-out",
    f("bundle.p12"),
  );
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
    const r = await inspect(f("bundle.p12"), "p12-pass");
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
