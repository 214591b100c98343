import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey, makeCertificate, privateKeyPem } from "../../certs-fixtures/generator.js";
import { parseSwanctlConf } from "../../lib/config/swanctl.js";
import { fileReader } from "../../lib/input/config-files.js";
import { loadIpsecDir } from "../../lib/input/ipsec-dir.js";
import { loadSwanctlDir, resolveFileRef } from "../../lib/input/swanctl-dir.js";

let dir: string;
let caDerHex: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ikc-config-"));
  const ca = generateKey("p256");
  const caCert = makeCertificate({ subject: "CN=Test Root", key: ca, ca: true });
  const gw = generateKey("p256");
  const gwCert = makeCertificate({ subject: "CN=gw.example.com", key: gw, issuer: caCert });
  const gwEncKey = privateKeyPem(gw, { passphrase: "s3cret-pass" });
  // a CA certificate outside the folder (an absolute path in swanctl.conf)
  mkdirSync(join(dir, "tmp"));
  writeFileSync(join(dir, "tmp", "ca.pem"), caCert.pem);
  caDerHex = Buffer.from(caCert.der).toString("hex");

  // a swanctl folder
  const sw = join(dir, "swanctl");
  for (const f of ["x509", "x509ca", "private", "conf.d"]) mkdirSync(join(sw, f), { recursive: true });
  writeFileSync(join(sw, "x509ca", "ca.pem"), caCert.pem);
  writeFileSync(join(sw, "x509", "gw.pem"), gwCert.pem + caCert.pem);
  writeFileSync(
    join(sw, "x509", "broken.pem"),
    "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
  );
  writeFileSync(join(sw, "private", "gw.key"), gwEncKey);
  writeFileSync(
    join(sw, "swanctl.conf"),
    "connections {\n  include conf.d/*.conf\n}\nsecrets {\n  private-gw {\n    file = GW.KEY\n    secret = s3cret-pass\n  }\n}\n",
  );
  writeFileSync(join(sw, "conf.d", "gw.conf"), "gw {\n  local {\n    certs = gw.pem\n  }\n}\n");
  symlinkSync(join(sw, "nowhere.conf"), join(sw, "conf.d", "zz-dangling.conf"));

  // an ipsec.conf folder
  const ip = join(dir, "etc");
  for (const f of ["certs", "cacerts", "private"]) mkdirSync(join(ip, "ipsec.d", f), { recursive: true });
  writeFileSync(join(ip, "ipsec.d", "cacerts", "ca.pem"), caCert.pem);
  writeFileSync(join(ip, "ipsec.d", "certs", "gw.pem"), gwCert.pem);
  writeFileSync(join(ip, "ipsec.d", "private", "gw.key"), gwEncKey);
  writeFileSync(join(ip, "ipsec.conf"), "conn gw\n\tleftcert=gw.pem\n\tauto=add\n");
  writeFileSync(join(ip, "ipsec.secrets"), ': ECDSA gw.key "s3cret-pass"\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("swanctl folder", () => {
  it("loads swanctl.conf with includes and every credential folder; first certificate of a file only", async () => {
    const d = await loadSwanctlDir(join(dir, "swanctl"));
    expect(d.conf!.connections[0]!.local[0]!.certs[0]!.path).toBe("x509/gw.pem");
    expect(d.conf!.connections[0]!.local[0]!.certs[0]!.origin.file).toBe(
      join(dir, "swanctl", "conf.d", "gw.conf"),
    );
    const gw = d.files.find((f) => f.path === "x509/gw.pem")!;
    expect(gw.folder).toBe("x509");
    expect(gw.used).toHaveLength(1);
    expect(gw.used[0]!.kind === "certificate" && gw.used[0]!.subject.printed).toBe("CN=gw.example.com");
    expect(gw.ignored.map((i) => i.kind === "certificate" && i.subject.printed)).toEqual(["CN=Test Root"]);
    const ca = d.files.find((f) => f.path === "x509ca/ca.pem")!;
    expect(ca.used).toHaveLength(1);
  });

  it("a broken file is recorded with its error; the others still load", async () => {
    const d = await loadSwanctlDir(join(dir, "swanctl"));
    const broken = d.files.find((f) => f.path === "x509/broken.pem")!;
    expect(broken.error?.code).toMatch(/PEM_BAD_BASE64|ASN1|CERT_MALFORMED|UNKNOWN_FORMAT/);
    expect(broken.used).toEqual([]);
  });

  it("opens an encrypted key with the passphrase from a private-* secret naming the file (case-insensitive)", async () => {
    const d = await loadSwanctlDir(join(dir, "swanctl"));
    const key = d.files.find((f) => f.path === "private/gw.key")!;
    expect(key.error).toBeNull();
    expect(key.used[0]!.kind).toBe("privateKey");
    expect(JSON.stringify(d.conf)).not.toContain("s3cret-pass");
  });

  it("a dangling included file is reported with the include's file:line, not fatal", async () => {
    const d = await loadSwanctlDir(join(dir, "swanctl"));
    const diag = d.conf!.diagnostics.find((x) => x.message.includes("zz-dangling"))!;
    expect(diag.origin).toEqual({ file: join(dir, "swanctl", "swanctl.conf"), line: 2 });
    expect(diag.message).toMatch(/unable to open/);
  });

  it("a folder that does not exist is an IkecertError", async () => {
    await expect(loadSwanctlDir(join(dir, "nope"))).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
  });

  it("the fs reader reports include loops through real files", () => {
    const p = join(dir, "loop");
    mkdirSync(p);
    writeFileSync(join(p, "a.conf"), "x = 1\ninclude b.conf\n");
    writeFileSync(join(p, "b.conf"), "include a.conf\n");
    const r = fileReader();
    expect(() => parseSwanctlConf(r.read(join(p, "a.conf")), join(p, "a.conf"), { reader: r })).toThrow(
      new RegExp(`^${join(p, "b.conf").replace(/[.]/g, "\\.")}:1: include loop`),
    );
  });
});

describe("resolveFileRef", () => {
  it("finds folder files, loads absolute paths and inline data, records missing files", async () => {
    const d = await loadSwanctlDir(join(dir, "swanctl"));
    const o = { file: "swanctl.conf", line: 1 };
    const inFolder = await resolveFileRef(
      d,
      { text: "gw.pem", path: "x509/gw.pem", inline: null, origin: o },
      "x509",
    );
    expect(inFolder).toBe(d.files.find((f) => f.path === "x509/gw.pem"));
    const abs = join(dir, "tmp", "ca.pem");
    const outside = await resolveFileRef(d, { text: abs, path: abs, inline: null, origin: o }, "x509ca");
    expect(outside.used[0]!.kind).toBe("certificate");
    const der = caDerHex;
    const inline = await resolveFileRef(
      d,
      { text: `0x${der}`, path: null, inline: "hex", origin: o },
      "x509ca",
    );
    expect(inline.error).toBeNull();
    expect(inline.used).toHaveLength(1);
    const missing = await resolveFileRef(
      d,
      { text: "no.pem", path: "x509/no.pem", inline: null, origin: o },
      "x509",
    );
    expect(missing.error?.code).toBe("FILE_NOT_FOUND");
  });
});

describe("ipsec.conf folder", () => {
  it("reads ipsec.conf, ipsec.secrets and ipsec.d; the secrets line's passphrase opens the key", async () => {
    const d = await loadIpsecDir(join(dir, "etc"));
    expect(d.conf!.connections[0]!.local[0]!.certs[0]!.path).toBe("ipsec.d/certs/gw.pem");
    expect(d.secrets!.secrets[0]!.type).toBe("key");
    expect(d.files.map((f) => [f.folder, f.path, f.used.length, f.error?.code ?? null])).toEqual([
      ["certs", "ipsec.d/certs/gw.pem", 1, null],
      ["cacerts", "ipsec.d/cacerts/ca.pem", 1, null],
      ["private", "ipsec.d/private/gw.key", 1, null],
    ]);
  });
});
