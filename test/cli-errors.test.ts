import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IkecertError, loadFile } from "../lib/index.js";
import { type CliResult, runCli } from "./cli-helper.js";
import { KEYS_DIR, P12_DIR, PASSPHRASE_FILE } from "./input/fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "ikecert-cli-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, data: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

const certPem = readFileSync(join(P12_DIR, "leaf.pem"), "utf8");
const certDer = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ""), "base64");

/** Exit 2, nothing on stdout, exactly one line on stderr, `ikecert: ` first, no stack trace. */
function expectOneLineError(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(lines[0]).toMatch(/^ikecert: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(lines[0]).toMatch(pattern);
}

const broken = certPem.replace(/^(MII.{10})./m, "$1*");
const unknownLabel = certPem.replace(/CERTIFICATE/g, "SOMETHING ELSE");

const CASES: Array<[string, () => string[], RegExp, Record<string, string>?]> = [
  ["an empty file", () => [file("empty.pem", "")], /empty\.pem: the file is empty/],
  ["a file of blanks", () => [file("blank.pem", "  \n\n \t\n")], /blank\.pem: the file is empty/],
  [
    "a folder with no files",
    () => {
      const d = join(dir, "no-files");
      mkdirSync(join(d, "sub"), { recursive: true });
      return [d];
    },
    /no-files: the folder holds no files/,
  ],
  [
    "a folder with only a dangling symlink",
    () => {
      const d = join(dir, "dangling");
      mkdirSync(d, { recursive: true });
      symlinkSync(join(dir, "nowhere"), join(d, "cert.pem"));
      return [d];
    },
    /dangling: the folder holds no files/,
  ],
  ["a missing file", () => [join(dir, "missing.pem")], /missing\.pem: no such file/],
  [
    "random bytes",
    () => [file("random.bin", Uint8Array.of(0x42, ...randomBytes(300)))],
    /random\.bin: neither PEM nor DER/,
  ],
  [
    "random bytes that start like DER",
    () => [file("random.der", Uint8Array.of(0x30, 0x82, 0x7f, 0xff, ...randomBytes(100)))],
    /random\.der: truncated ASN\.1/,
  ],
  [
    "truncated DER",
    () => [file("truncated.der", certDer.subarray(0, certDer.length - 40))],
    /truncated\.der: truncated ASN\.1/,
  ],
  [
    "PEM with broken base64",
    () => [file("broken.pem", broken)],
    /broken\.pem: PEM block "CERTIFICATE" at line 1 has broken base64/,
  ],
  [
    "an unknown PEM label",
    () => [file("label.pem", unknownLabel)],
    /label\.pem: unknown PEM label "SOMETHING ELSE"/,
  ],
  [
    "an encrypted key without passphrase (stdin not a TTY)",
    () => [join(KEYS_DIR, "p256.pkcs8-aes256.pem")],
    /p256\.pkcs8-aes256\.pem: the private key is encrypted: give its passphrase with --passphrase-file FILE or IKECERT_PASSPHRASE/,
  ],
  [
    "a traditional encrypted key without passphrase",
    () => [join(KEYS_DIR, "rsa2048.trad-des3.pem")],
    /passphrase with --passphrase-file FILE or IKECERT_PASSPHRASE/,
  ],
  [
    "a wrong passphrase (IKECERT_PASSPHRASE)",
    () => [join(KEYS_DIR, "rsa2048.pkcs8-rc2-40.pem")],
    /rsa2048\.pkcs8-rc2-40\.pem: wrong passphrase for the encrypted private key/,
    { IKECERT_PASSPHRASE: "wrong" },
  ],
  [
    "a wrong passphrase (--passphrase-file)",
    () => ["--passphrase-file", file("wrong.txt", "wrong\n"), join(KEYS_DIR, "ed448.pkcs8-3des.pem")],
    /wrong passphrase for the encrypted private key/,
  ],
  [
    "a PKCS#12 file with a wrong password",
    () => [join(P12_DIR, "legacy-rc2-40.p12")],
    /legacy-rc2-40\.p12: wrong password for the PKCS#12 file/,
    { IKECERT_PASSPHRASE: "wrong" },
  ],
  [
    "a PKCS#12 file without password",
    () => [join(P12_DIR, "modern.p12")],
    /modern\.p12: the PKCS#12 file is protected by a password: give it with --passphrase-file FILE or IKECERT_PASSPHRASE/,
  ],
  [
    "a file over --max-file-size",
    () => ["--max-file-size", "500", join(P12_DIR, "leaf.pem")],
    /leaf\.pem: \d+ bytes is over the limit of 500 \(raise it with --max-file-size\)/,
  ],
  [
    "a missing --passphrase-file",
    () => ["--passphrase-file", join(dir, "nope.txt"), join(P12_DIR, "modern.p12")],
    /--passphrase-file .*nope\.txt: cannot read \(ENOENT\)/,
  ],
];

describe("the CLI on unusable input: exit 2, one line on stderr, no stack trace", () => {
  it.each(CASES)("%s", async (_name, args, pattern, env) => {
    const a = args();
    expectOneLineError(await runCli(["inspect", ...a], { env }), pattern);
    expectOneLineError(await runCli(["inspect", "--json", ...a], { env }), pattern);
  });

  it("the passphrase never appears in the error", async () => {
    const r = await runCli(["inspect", join(P12_DIR, "legacy-3des.p12")], {
      env: { IKECERT_PASSPHRASE: "Sup3r-S3cret-Wr0ng" },
    });
    expectOneLineError(r, /wrong password/);
    expect(r.stderr).not.toContain("Sup3r-S3cret-Wr0ng");
  });

  it("opens the same files with the right passphrase (the errors above are not the CLI's only answer)", async () => {
    const r = await runCli([
      "inspect",
      "--passphrase-file",
      PASSPHRASE_FILE,
      join(P12_DIR, "legacy-rc2-40.p12"),
      join(KEYS_DIR, "rsa2048.trad-des3.pem"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("loadFile on a folder", () => {
  it("is IS_DIRECTORY with a one-line message naming the folder", async () => {
    const err = await loadFile(KEYS_DIR).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IkecertError);
    expect((err as IkecertError).code).toBe("IS_DIRECTORY");
    expect((err as IkecertError).message).toBe(
      `${KEYS_DIR}: is a folder; name the files in it, or use a command that takes folders`,
    );
    expect((err as IkecertError).file).toBe(KEYS_DIR);
  });
});
