import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pkcs7CertsOnly } from "../certs-fixtures/generator.js";
import { hangRows, type Row } from "./bad-input-hang.js";
import { type CliResult, ROOT, runCli } from "./cli-helper.js";
import { KEYS_DIR, P12_DIR } from "./input/fixtures.js";

/**
 * Issue 10: the table of bad inputs in docs/robustness.md. ONE data table drives both: each row is run
 * through the built CLI (exit code, exactly one `ikecert: ` line on stderr and nothing on stdout for
 * exit 2, no stack trace), and docs/robustness.md must show each row with the message the CLI really
 * prints. `IKECERT_WRITE_DOCS=1 npx vitest run test/cli-bad-input.test.ts` rewrites the table.
 */
const dir = mkdtempSync(join(tmpdir(), "ikc-robust-bad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, data: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
/** A config folder made of the given files. */
const conf = (name: string, files: Record<string, string>) => {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
};

const F = join(ROOT, "certs-fixtures");
const GATEWAY = join(F, "sample/x509/gateway.pem");
const certPem = readFileSync(join(P12_DIR, "leaf.pem"), "utf8");
const certDer = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ""), "base64");

/** SEQUENCEs nested n deep, definite lengths. */
function deepDer(n: number): Buffer {
  let cur = Buffer.from([5, 0]);
  for (let i = 0; i < n; i++) {
    const l = cur.length;
    const len = l < 128 ? [l] : l < 256 ? [0x81, l] : [0x82, l >> 8, l & 255];
    cur = Buffer.concat([Buffer.from([0x30, ...len]), cur]);
  }
  return cur;
}

const ROWS: Row[] = [
  // --- files that are not there or not files ---
  {
    input: "a missing file",
    args: () => ["inspect", join(dir, "missing.pem")],
    exit: 2,
    message: /missing\.pem: no such file or folder$/,
  },
  {
    input: "a folder where a file is expected",
    args: () => ["size", KEYS_DIR],
    exit: 2,
    message: /keys: is a folder; name the files in it, or use a command that takes folders/,
  },
  {
    input: "a folder with no files",
    args: () => {
      const d = join(dir, "no-files");
      mkdirSync(join(d, "sub"), { recursive: true });
      return ["inspect", d];
    },
    exit: 2,
    message: /no-files: the folder holds no files/,
  },
  {
    input: "a folder with only a dangling symlink",
    args: () => {
      const d = join(dir, "dangling");
      mkdirSync(d, { recursive: true });
      symlinkSync(join(dir, "nowhere"), join(d, "cert.pem"));
      return ["inspect", d];
    },
    exit: 2,
    message: /dangling: the folder holds no files/,
  },
  {
    input: "an empty file",
    args: () => ["inspect", file("empty.pem", "")],
    exit: 2,
    message: /empty\.pem: the file is empty/,
  },
  {
    input: "a file of blanks",
    args: () => ["inspect", file("blank.pem", "  \n\n \t\n")],
    exit: 2,
    message: /blank\.pem: the file is empty/,
  },
  {
    input: "a device that never ends (/dev/zero)",
    args: () => ["inspect", "/dev/zero"],
    exit: 2,
    message: /\/dev\/zero: is a character device, not a regular file; ikecert reads regular files only/,
  },
  {
    input: "a file over --max-file-size",
    args: () => ["inspect", "--max-file-size", "500", join(P12_DIR, "leaf.pem")],
    exit: 2,
    message: /leaf\.pem: \d+ bytes is over the limit of 500 \(raise it with --max-file-size\)/,
  },
  {
    input: "a file name with a terminal escape sequence",
    args: () => ["inspect", join(dir, "x\u001b[31mred.pem")],
    exit: 2,
    message: /x\\x1b\[31mred\.pem: no such file/,
  },
  // --- bytes that are not a certificate or key ---
  {
    input: "binary garbage",
    args: () => ["inspect", file("random.bin", Uint8Array.of(0x42, ...randomBytes(300)))],
    exit: 2,
    message: /random\.bin: neither PEM nor DER/,
  },
  {
    input: "binary garbage that starts like DER",
    args: () => ["inspect", file("random.der", Uint8Array.of(0x30, 0x82, 0x7f, 0xff, ...randomBytes(100)))],
    exit: 2,
    message: /random\.der: truncated ASN\.1/,
  },
  {
    input: "truncated DER",
    args: () => ["inspect", file("truncated.der", certDer.subarray(0, certDer.length - 40))],
    exit: 2,
    message: /truncated\.der: truncated ASN\.1/,
  },
  {
    input: "a DER length of 2^31",
    args: () => [
      "inspect",
      file("len31.der", Buffer.concat([Buffer.from([0x30, 0x84, 0x80, 0, 0, 0]), certDer.subarray(4)])),
    ],
    exit: 2,
    message: /len31\.der: truncated ASN\.1/,
  },
  {
    input: "ASN.1 nested 100 deep (over --max-depth 64)",
    args: () => ["inspect", file("deep.der", deepDer(100))],
    exit: 2,
    message: /deep\.der: ASN\.1 nesting deeper than 64 levels \(limit --max-depth\)/,
  },
  {
    input: "a truncated PKCS#7 bundle",
    args: () => ["inspect", file("cut.p7b", Buffer.from(pkcs7CertsOnly([certDer])).subarray(0, 300))],
    exit: 2,
    message: /cut\.p7b: truncated ASN\.1/,
  },
  // --- PEM ---
  {
    input: "PEM with broken base64",
    args: () => ["inspect", file("broken.pem", certPem.replace(/^(MII.{10})./m, "$1*"))],
    exit: 2,
    message: /broken\.pem: PEM block "CERTIFICATE" at line 1 has broken base64/,
  },
  {
    input: "an unknown PEM label",
    args: () => ["inspect", file("label.pem", certPem.replace(/CERTIFICATE/g, "SOMETHING ELSE"))],
    exit: 2,
    message: /label\.pem: unknown PEM label "SOMETHING ELSE"/,
  },
  {
    input: "a PEM block without END line",
    args: () => ["inspect", file("unterminated.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n")],
    exit: 2,
    message: /unterminated\.pem: PEM block "CERTIFICATE" at line 1 has no END line/,
  },
  {
    input: "a PEM block closed by another label",
    args: () => [
      "inspect",
      file("mismatch.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END PRIVATE KEY-----\n"),
    ],
    exit: 2,
    message: /mismatch\.pem: PEM block "CERTIFICATE" at line 1 ends with "END PRIVATE KEY" at line 3/,
  },
  {
    input: "more PEM blocks than --max-pem-blocks",
    args: () => ["inspect", "--max-pem-blocks", "2", join(F, "broken/chain-file.pem")],
    exit: 2,
    message: /chain-file\.pem: more than 2 PEM blocks in one file \(limit --max-pem-blocks\)/,
  },
  {
    input: "more private keys in one file than --max-keys",
    args: () => [
      "inspect",
      file("many-keys.pem", readFileSync(join(F, "sample/private/rw-ecdsa.key"), "latin1").repeat(40)),
    ],
    exit: 2,
    message: /many-keys\.pem: 40 private keys in one file, more than 32 \(limit --max-keys\)/,
  },
  // --- keys and passphrases ---
  {
    input: "an encrypted key, no passphrase, stdin not a terminal",
    args: () => ["inspect", join(KEYS_DIR, "p256.pkcs8-aes256.pem")],
    exit: 2,
    message:
      /p256\.pkcs8-aes256\.pem: the private key is encrypted: give its passphrase with --passphrase-file FILE or IKECERT_PASSPHRASE/,
  },
  {
    input: "a traditional (OpenSSL) encrypted key, no passphrase",
    args: () => ["pair", join(KEYS_DIR, "rsa2048.cert.pem"), join(KEYS_DIR, "rsa2048.trad-des3.pem")],
    exit: 2,
    message:
      /rsa2048\.trad-des3\.pem: the private key is encrypted: give its passphrase with --passphrase-file FILE or IKECERT_PASSPHRASE/,
  },
  {
    input: "a wrong passphrase (IKECERT_PASSPHRASE)",
    args: () => ["inspect", join(KEYS_DIR, "rsa2048.pkcs8-rc2-40.pem")],
    env: { IKECERT_PASSPHRASE: "wrong" },
    exit: 2,
    message: /rsa2048\.pkcs8-rc2-40\.pem: wrong passphrase for the encrypted private key/,
  },
  {
    input: "a wrong passphrase (--passphrase-file)",
    args: () => [
      "inspect",
      "--passphrase-file",
      file("wrong.txt", "wrong\n"),
      join(KEYS_DIR, "ed448.pkcs8-3des.pem"),
    ],
    exit: 2,
    message: /ed448\.pkcs8-3des\.pem: wrong passphrase for the encrypted private key/,
  },
  {
    input: "a missing --passphrase-file",
    args: () => ["inspect", "--passphrase-file", join(dir, "nope.txt"), join(P12_DIR, "modern.p12")],
    exit: 2,
    message: /--passphrase-file .*nope\.txt: no such file/,
  },
  {
    input: "a passphrase on the command line (--passphrase)",
    args: () => ["inspect", "--passphrase", "s3cret", join(KEYS_DIR, "p256.pkcs8-aes256.pem")],
    exit: 2,
    message: /^ikecert: unknown option '--passphrase' \(see --help\)$/,
  },
  {
    input: "a legacy (RC2-40) PKCS#12 file with a wrong password",
    args: () => ["inspect", join(P12_DIR, "legacy-rc2-40.p12")],
    env: { IKECERT_PASSPHRASE: "wrong" },
    exit: 2,
    message: /legacy-rc2-40\.p12: wrong password for the PKCS#12 file/,
  },
  {
    input: "a PKCS#12 file, no password",
    args: () => ["inspect", join(P12_DIR, "modern.p12")],
    exit: 2,
    message:
      /modern\.p12: the PKCS#12 file is protected by a password: give it with --passphrase-file FILE or IKECERT_PASSPHRASE/,
  },
  {
    input: "an X25519 key (key exchange only, cannot sign)",
    args: () => [
      "inspect",
      file(
        "x25519.pem",
        String(generateKeyPairSync("x25519").privateKey.export({ type: "pkcs8", format: "pem" })),
      ),
    ],
    exit: 1,
    message:
      /error KEY_ALGORITHM_UNSUPPORTED: .*x25519\.pem: item #1 is a key of type X25519; strongSwan authenticates with RSA, ECDSA, Ed25519 or Ed448 keys only/,
  },
  {
    input: "a DSA certificate",
    args: () => ["inspect", join(ROOT, "test/pkits/DSACACert.crt")],
    exit: 1,
    message:
      /error KEY_ALGORITHM_UNSUPPORTED: .*DSACACert\.crt: the certificate "C=US, O=Test Certificates 2011, CN=DSA CA" has a key of type DSA/,
  },
  {
    input: "a key where the certificate is expected",
    args: () => ["pair", join(KEYS_DIR, "p256.pkcs8.pem"), join(KEYS_DIR, "p256.cert.pem")],
    exit: 2,
    message:
      /p256\.pkcs8\.pem: holds no certificate; give the certificate first, then the key \(ikecert pair CERT KEY\)/,
  },
  {
    input: "a file with no certificate for id",
    args: () => ["id", join(KEYS_DIR, "p256.pkcs8.pem"), "@vpn.example.com"],
    exit: 2,
    message: /p256\.pkcs8\.pem: holds no certificate$/,
  },
  {
    input: "a certificate and its key in one file",
    args: () => ["inspect", file("mixed.pem", certPem + readFileSync(join(P12_DIR, "leaf.key.pem"), "utf8"))],
    exit: 0,
    message: /warning FILE_MIXES_CERT_AND_KEY: .*mixed\.pem holds both certificates and a private key/,
  },
  {
    input: "a SAN kind the x509 plugin cannot represent",
    args: () => ["inspect", join(F, "broken/unsupported-san.pem")],
    exit: 0,
    message:
      /warning SAN_UNSUPPORTED_KIND: .* has a SAN strongSwan's x509 plugin cannot represent: otherName 1\.3\.6\.1\.4\.1\.55555\.1\.1/,
  },
  // --- identities ---
  {
    input: "an identity longer than an IKE ID payload",
    args: () => ["id", GATEWAY, `@${"a".repeat(70_000)}`],
    exit: 2,
    message:
      /an identity of 70001 bytes is longer than an IKE ID payload can carry \(65527 bytes, RFC 7296 section 3\.5\)/,
  },
  {
    input: "an identity that is an invalid regex (6.0.2+)",
    args: () => ["id", "--strongswan", "6.0.6", GATEWAY, "fqdn:^[a$"],
    exit: 1,
    message: /error ID_REGEX_INVALID: invalid regular expression '\^\[a\$'/,
  },
  // --- options ---
  {
    input: "a bad --at",
    args: () => ["inspect", "--at", "yesterday", GATEWAY],
    exit: 2,
    message: /--at "yesterday" is not a time; write e\.g\. 2026-01-31 or 2026-01-31T12:00:00Z/,
  },
  {
    input: "a bad --strongswan version",
    args: () => ["id", "--strongswan", "7.x", GATEWAY, "@x"],
    exit: 2,
    message: /--strongswan "7\.x" is not a release; write e\.g\. 5\.9\.8 or 6\.0/,
  },
  {
    input: "a limit that is not a number",
    args: () => ["inspect", "--max-file-size", "lots", GATEWAY],
    exit: 2,
    message: /--max-file-size needs a positive whole number, not "lots"/,
  },
  {
    input: "an unknown option",
    args: () => ["inspect", "--bogus", GATEWAY],
    exit: 2,
    message: /^ikecert: unknown option '--bogus' \(see --help\)$/,
  },
  {
    input: "an unknown command",
    args: () => ["frobnicate"],
    exit: 2,
    message: /^ikecert: unknown command 'frobnicate' \(see --help\)$/,
  },
  {
    input: "a missing argument",
    args: () => ["pair"],
    exit: 2,
    message: /^ikecert: missing required argument 'cert' \(see --help\)$/,
  },
  {
    input: "id without ids",
    args: () => ["id", GATEWAY],
    exit: 2,
    message: /^ikecert: name the ids to check after the certificate$/,
  },
  {
    input: "a bad --rdn-matching",
    args: () => ["chain", "--rdn-matching", "bogus", GATEWAY],
    exit: 2,
    message:
      /option '--rdn-matching <mode>' argument 'bogus' is invalid\. Allowed choices are strict, reordered, relaxed\./,
  },
  {
    input: "a missing --ca folder",
    args: () => ["chain", GATEWAY, "--ca", join(dir, "no-ca")],
    exit: 2,
    message: /no-ca: no such file or folder/,
  },
  {
    input: "a bad --role",
    args: () => ["size", GATEWAY, "--role", "bogus"],
    exit: 2,
    message: /--role is initiator or responder, not "bogus"/,
  },
  {
    input: "a bad --mtu",
    args: () => ["size", GATEWAY, "--mtu", "abc"],
    exit: 2,
    message: /--mtu needs a whole number of at least 68, not "abc"/,
  },
  // --- configurations (audit, handshake, size --config) ---
  {
    input: "a config that includes itself",
    args: () => ["audit", conf("loop", { "swanctl.conf": "include swanctl.conf\n" })],
    exit: 2,
    message: /loop\/swanctl\.conf:1: include loop: '.*loop\/swanctl\.conf' includes itself/,
  },
  {
    input: "an unreadable config include (over 4 MiB)",
    args: () => [
      "audit",
      conf("unreadable", {
        "swanctl.conf": "include big.conf\nconnections {}\n",
        "big.conf": "#".repeat(4 * 1024 * 1024 + 1),
      }),
    ],
    exit: 0,
    message:
      /warning CONFIG_WARNING: unable to open '.*big\.conf' \(include ignored\): .*big\.conf: 4194305 bytes is over the limit of 4194304/,
  },
  {
    input: "includes nested deeper than --max-include-depth",
    args: () => [
      "audit",
      "--max-include-depth",
      "1",
      conf("deep", {
        "swanctl.conf": "include a.conf\n",
        "a.conf": "include b.conf\n",
        "b.conf": "connections {}\n",
      }),
    ],
    exit: 2,
    message: /deep\/a\.conf:1: includes nested deeper than 1 levels \(limit --max-include-depth\)/,
  },
  {
    input: "a config syntax error",
    args: () => ["audit", conf("syntax", { "swanctl.conf": "connections {\n  rw {\n" })],
    exit: 2,
    message: /syntax\/swanctl\.conf:3: syntax error, unexpected end of file, expecting '}'/,
  },
  {
    input: "sections nested 1,000 deep",
    args: () => ["audit", conf("nested", { "swanctl.conf": `${"a {\n".repeat(1000)}${"}\n".repeat(1000)}` })],
    exit: 2,
    message: /nested\/swanctl\.conf:257: sections nested deeper than 256 levels/,
  },
  {
    input: "a missing config folder",
    args: () => ["audit", join(dir, "no-config")],
    exit: 2,
    message: /no-config: no such file or folder/,
  },
  {
    input: "a handshake side that includes itself",
    args: () => [
      "handshake",
      "--initiator",
      conf("loop2", { "swanctl.conf": "include swanctl.conf\n" }),
      "--responder",
      join(F, "sample"),
    ],
    exit: 2,
    message: /loop2\/swanctl\.conf:1: include loop/,
  },
  // --- batches (id --batch): a bad line is an error record, the batch goes on, exit 2 at the end ---
  {
    input: "a batch line over --max-line",
    args: () => ["id", "--max-line", "200", "--batch", file("long.jsonl", `${"x".repeat(300)}\n`)],
    exit: 2,
    record: true,
    message:
      /"code":"BATCH_LINE_TOO_LONG","message":"line 1: 300 bytes is over the line limit of 200 \(raise it with --max-line\)"/,
  },
  {
    input: "a batch line that is not JSON",
    args: () => ["id", "--batch", file("bad.jsonl", "not json\n")],
    exit: 2,
    record: true,
    message: /"code":"BATCH_LINE_INVALID","message":"line 1: not JSON/,
  },
  // --- explain and psk ---
  {
    input: "explain without lines",
    args: () => ["explain"],
    exit: 2,
    message: /give log lines as arguments, or --log FILE \(- for stdin\)/,
  },
  {
    input: "a missing --log",
    args: () => ["explain", "--log", join(dir, "charon.log")],
    exit: 2,
    message: /charon\.log: no such file/,
  },
  {
    input: "an empty pre-shared key on stdin",
    args: () => ["psk"],
    stdin: "",
    exit: 2,
    message: /the pre-shared key is empty/,
  },
  {
    input: "several lines as a pre-shared key",
    args: () => ["psk"],
    stdin: "first\nsecond\n",
    exit: 2,
    message: /the pre-shared key input has several lines; give one key per file/,
  },
  {
    input: "a missing psk --file",
    args: () => ["psk", "--file", join(dir, "psk.txt")],
    exit: 2,
    message: /psk\.txt: no such file/,
  },
  {
    input: "psk --generate with --file",
    args: () => ["psk", "--generate", "--file", join(dir, "psk.txt")],
    exit: 2,
    message: /--generate makes a new key; it does not read --file/,
  },
  // --- issue 20: FIFOs, devices, endless streams, filesystem-wide includes, loops ---
  ...hangRows({
    dir,
    file,
    conf,
    cert: join(KEYS_DIR, "p256.cert.pem"),
    key: join(KEYS_DIR, "p256.pkcs8.pem"),
  }),
];

/** The line of the output a row's message is in (tmp paths shown as <tmp>, the checkout as .). */
function shown(r: CliResult, row: Row): string {
  const text = row.exit === 2 && !row.record ? r.stderr : r.stdout;
  const line = text.split("\n").find((l) => row.message.test(l)) ?? text.split("\n")[0]!;
  return line
    .split(dir)
    .join("<tmp>")
    .split(`${ROOT}/`)
    .join("")
    .replace(/a{200,}/, (a) => `aaa…(${a.length} a)`);
}

const DOC = join(ROOT, "docs/robustness.md");
const BEGIN = "<!-- bad-input table: generated by test/cli-bad-input.test.ts -->";
const END = "<!-- end of bad-input table -->";
const cell = (s: string) => s.replace(/\|/g, "\\|");

describe("bad input → message → exit code (docs/robustness.md)", () => {
  const seen: Array<{ row: Row; args: string[]; line: string }> = [];

  it("has at least 30 rows, each input named once", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ROWS.map((r) => r.input)).size).toBe(ROWS.length);
  });

  it.each(ROWS.map((r) => [r.input, r] as const))("%s", async (_n, row) => {
    const args = row.args();
    for (const json of [false, true]) {
      const a = json && args[0] !== "frobnicate" ? [args[0]!, "--json", ...args.slice(1)] : args;
      const r = await runCli(a, { env: row.env, input: row.stdin, timeoutMs: 30_000 });
      expect(r.code, r.stderr + r.stdout.slice(0, 500)).toBe(row.exit);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).not.toMatch(/internal error/);
      if (row.exit === 2 && !row.record) {
        expect(r.stdout).toBe("");
        const lines = r.stderr.split("\n").filter((l) => l !== "");
        expect(lines, r.stderr).toHaveLength(1);
        expect(r.stderr.endsWith("\n")).toBe(true);
        expect(lines[0]).toMatch(/^ikecert: /);
        // no control character reaches the terminal
        expect(lines[0]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        expect(lines[0]).toMatch(row.message);
      } else {
        expect(r.stderr).toBe("");
        if (!json) expect(r.stdout).toMatch(row.message);
      }
      if (!json) seen.push({ row, args, line: shown(r, row) });
      if (json && row.exit !== 2) expect(JSON.parse(r.stdout).ikecert).toBe(1);
    }
  });

  it("docs/robustness.md shows every row with the message the CLI prints", () => {
    expect(seen).toHaveLength(ROWS.length);
    const table = [
      BEGIN,
      "| bad input | command | message | exit |",
      "|---|---|---|---|",
      ...ROWS.map((row) => {
        const { line, args } = seen.find((s) => s.row === row)!;
        const cmd = args
          .map((a) =>
            a.includes(dir) ? a.split(dir).join("<tmp>") : a.startsWith(ROOT) ? relative(ROOT, a) : a,
          )
          .map((a) => (a.length > 100 ? `${a.slice(0, 12)}…(${a.length} characters)` : a))
          .map((a) =>
            a.replace(/[\u0000-\u001f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`),
          )
          .join(" ");
        return `| ${cell(row.input)} | \`${cell(`${row.stdin !== undefined ? "… | " : ""}ikecert ${cmd}`)}\` | \`${cell(line)}\` | ${row.exit} |`;
      }),
      END,
    ].join("\n");
    const doc = readFileSync(DOC, "utf8");
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    if (process.env.IKECERT_WRITE_DOCS) {
      writeFileSync(DOC, doc.slice(0, start) + table + doc.slice(end + END.length));
      return;
    }
    expect(doc.slice(start, end + END.length)).toBe(table);
  });
});
