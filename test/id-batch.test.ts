/**
 * Batch mode and folder scans of `ikecert id`: each record's result is exactly what the single
 * command's --json result is (fast lane or not, with or without worker threads); bad lines and
 * unreadable files become error records in place and never stop the stream.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { makeCorpus } from "../bench/corpus.js";
import { checkCertificateIds, quickCertificateIds } from "../lib/checks/identity-batch.js";
import { parseCertificate } from "../lib/index.js";
import { splitLines } from "../lib/input/lines.js";
import { certificateView } from "../lib/x509/cert-view.js";
import { jsonLines, runCli } from "./cli-helper.js";

const tmp = mkdtempSync(join(tmpdir(), "ikc-speed-batch-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const S = "certs-fixtures/sample";
const B = "certs-fixtures/broken";
const CASES: Array<{ cert: string; ids: string[] }> = [
  { cert: `${S}/x509/gateway.pem`, ids: ["vpn.example.com", "192.0.2.1"] },
  { cert: `${S}/x509/gateway.pem`, ids: ["@192.0.2.1", "C=CH, O=Example VPN, CN=vpn.example.com", "%any"] },
  { cert: `${S}/x509/gateway.pem`, ids: ["*.example.com", "other.example.com"] },
  { cert: `${S}/x509/rw-rsa.pem`, ids: ["alice@example.com", "bob@example.com"] },
  { cert: `${S}/x509/rw-ecdsa.pem`, ids: ["C=CH, O=Example VPN, OU=Road Warriors, CN=alice@example.com"] },
  { cert: `${S}/x509ca/root.pem`, ids: ["C=CH, O=Example VPN, CN=Example VPN Root CA"] },
  { cert: `${B}/chain-file.pem`, ids: ["vpn.example.com"] },
  { cert: `${B}/unsupported-san.pem`, ids: ["vpn.example.com"] },
  { cert: `${B}/wildcard-san.pem`, ids: ["vpn.example.com"] },
  { cert: `${B}/cn-only.pem`, ids: ["vpn.example.com"] },
  { cert: `${B}/ip-as-dns.pem`, ids: ["192.0.2.1", "@192.0.2.1"] },
  { cert: `${B}/utf8-cn.pem`, ids: ["vpn.example.com"] },
];

const lines = jsonLines;

describe("id --batch", () => {
  test("every record equals the single command's --json answer (one thread and two workers)", async () => {
    const singles = await Promise.all(CASES.map((c) => runCli(["id", c.cert, ...c.ids, "--json"])));
    const input = `${CASES.map((c) => JSON.stringify(c)).join("\n")}\n`;
    for (const jobs of ["1", "2"]) {
      const r = await runCli(["id", "--batch", "-", "--jobs", jobs], { input });
      const recs = lines(r.stdout);
      expect(recs.map((x) => x.line)).toEqual(CASES.map((_, i) => i + 1));
      CASES.forEach((c, i) => {
        const single = JSON.parse(singles[i]!.stdout);
        expect(recs[i]!.cert).toBe(c.cert);
        expect(recs[i]!.ok, c.cert).toBe(single.ok);
        expect(recs[i]!.findings, c.cert).toEqual(single.findings);
        expect(recs[i]!.result, c.cert).toEqual(single.result);
        // whose rules were applied, in every record as in the single envelope
        expect(single.strongswan.source).toBe("variable");
        expect(recs[i]!.strongswan, c.cert).toEqual(single.strongswan);
      });
      expect(r.code).toBe(recs.every((x) => x.ok) ? 0 : 1);
      expect(r.stderr).toBe(""); // no progress in a pipe
    }
  }, 60_000);

  test("bad lines and unreadable files are error records in place; the stream goes on; exit 2", async () => {
    const good = JSON.stringify({ cert: `${S}/x509/gateway.pem`, ids: ["vpn.example.com"] });
    const input = [
      good,
      "not json",
      "[1,2]",
      JSON.stringify({ ids: ["x"] }),
      JSON.stringify({ cert: `${S}/x509/gateway.pem`, ids: "vpn.example.com" }),
      JSON.stringify({ cert: "no/such/file.pem", ids: ["x"] }),
      JSON.stringify({ cert: `${S}/x509`, ids: ["x"] }),
      JSON.stringify({ cert: `${S}/private/gateway.key`, ids: ["x"] }),
      `{"cert": "${"a".repeat(300)}", "ids": ["x"]}`,
      "",
      JSON.stringify({ cert: `${S}/x509/rw-rsa.pem` }),
      `${good}\r`,
    ].join("\n");
    const r = await runCli(["id", "--batch", "-", "--max-line", "200", "--id", "alice@example.com"], {
      input,
    });
    expect(r.code).toBe(2);
    const recs = lines(r.stdout);
    expect(recs.map((x) => [x.line, x.error?.code ?? (x.ok ? "ok" : "fail")])).toEqual([
      [1, "ok"],
      [2, "BATCH_LINE_INVALID"],
      [3, "BATCH_LINE_INVALID"],
      [4, "BATCH_LINE_INVALID"],
      [5, "BATCH_LINE_INVALID"],
      [6, "FILE_NOT_FOUND"],
      [7, "IS_DIRECTORY"],
      [8, "WRONG_KIND"],
      [9, "BATCH_LINE_TOO_LONG"],
      // line 10 is empty: skipped; line 11 takes the --id default
      [11, "ok"],
      [12, "ok"],
    ]);
    expect(recs[8]!.error!.message).toContain("over the line limit of 200 (raise it with --max-line)");
    expect(recs.every((x) => (x.error ? x.result === null && !x.ok : x.result !== null))).toBe(true);
  }, 30_000);

  test("--batch FILE that does not exist is a usage error (exit 2, one line on stderr)", async () => {
    const r = await runCli(["id", "--batch", join(tmp, "missing.jsonl")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ikecert: --batch .*missing\.jsonl: no such file\n$/);
  });

  test("--batch with a certificate argument, or --jobs 0, is refused", async () => {
    expect((await runCli(["id", "--batch", "-", `${S}/x509/gateway.pem`], { input: "" })).code).toBe(2);
    const r = await runCli(["id", "--batch", "-", "--jobs", "0"], { input: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--jobs needs a positive whole number");
  });
});

describe("id DIR --id X", () => {
  test("one text line per certificate of the folder, sorted; exit 1 when one fails", async () => {
    const r = await runCli(["id", `${S}/x509`, "--id", "alice@example.com"]);
    expect(r.code).toBe(1);
    const [rules, ...out] = r.stdout.split("\n").filter(Boolean);
    // first, whose rules apply (the test environment sets IKECERT_STRONGSWAN)
    expect(rules).toMatch(/^rules of strongSwan \S+ \(IKECERT_STRONGSWAN\)/);
    expect(out).toEqual([
      `FAIL ${S}/x509/gateway.pem: 0 of 1 proven — ID_NOT_IN_CERT`,
      `FAIL ${S}/x509/rw-ecdsa.pem: 0 of 1 proven — ID_NOT_IN_CERT`,
      `FAIL ${S}/x509/rw-ed25519.pem: 0 of 1 proven — ID_NOT_IN_CERT`,
      `OK ${S}/x509/rw-rsa.pem: 1 of 1 proven (san alice@example.com)`,
    ]);
  });

  test("--json: JSON Lines, the same records as a batch", async () => {
    const r = await runCli(["id", `${S}/x509`, "--id", "vpn.example.com", "--json", "--jobs", "2"]);
    const recs = lines(r.stdout);
    expect(recs.map((x) => [x.cert, x.ok])).toEqual([
      [`${S}/x509/gateway.pem`, true],
      [`${S}/x509/rw-ecdsa.pem`, false],
      [`${S}/x509/rw-ed25519.pem`, false],
      [`${S}/x509/rw-rsa.pem`, false],
    ]);
    const single = JSON.parse(
      (await runCli(["id", `${S}/x509/gateway.pem`, "vpn.example.com", "--json"])).stdout,
    );
    expect(recs[0]!.result).toEqual(single.result);
  });

  test("--strongswan applies to every line and is said in every record", async () => {
    const input = `${CASES.map((c) => JSON.stringify(c)).join("\n")}\n`;
    const r = await runCli(["id", "--batch", "-", "--strongswan", "5.9.8"], { input });
    const recs = lines(r.stdout);
    expect(recs).toHaveLength(CASES.length);
    for (const rec of recs) expect(rec.strongswan).toEqual({ release: "5.9.8", source: "option" });
  });

  test("a folder without --id is a usage error", async () => {
    const r = await runCli(["id", `${S}/x509`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give the ids with --id");
  });
});

describe("library pieces", () => {
  test("splitLines: CRLF, empty lines, a last line without newline, over-long lines in small chunks", async () => {
    async function* chunks(): AsyncGenerator<string> {
      const text = `a\r\n\nbb\n${"x".repeat(50)}\nccc`;
      for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
    }
    const out = [];
    for await (const l of splitLines(chunks(), 10)) out.push(l);
    expect(out).toEqual([
      { line: 1, text: "a" },
      { line: 3, text: "bb" },
      { line: 4, tooLong: 50 },
      { line: 5, text: "ccc" },
    ]);
  });

  test("the quick lane (lazy view) gives the full check's answer whenever it answers", () => {
    const corpus = makeCorpus(150, 3);
    let quick = 0;
    for (const [i, e] of corpus.entries()) {
      const cert = parseCertificate(e.der);
      const idsets = [
        [e.name],
        [e.name, `C=CH, O=ikecert bench, CN=vpn${i}.example.com`],
        [`admin${i}@example.com`, `192.0.2.${i % 256}`],
        [`@vpn${i}.example.com`, "%any"],
        [`keyid:#${Buffer.from(cert.publicKey.keyIds.subjkey).toString("hex")}`],
      ];
      for (const ids of idsets) {
        const full = checkCertificateIds(cert, ids, { regex: true }, { file: "f.pem" });
        const q = quickCertificateIds(certificateView(e.der), ids, { regex: true }, "f.pem");
        if (q) {
          quick++;
          expect(q).toEqual(full);
        } else
          expect(full.ok && full.findings.length === 0 && !ids.some((x) => /%any|keyid|\*/.test(x))).toBe(
            false,
          );
      }
    }
    expect(quick).toBeGreaterThan(100);
  }, 60_000);
});

// a file the fast reader cannot take (a PEM with text before, a key after) goes through the loader
test("a certificate file with a key appended is read by the loader: same answer as the single command", async () => {
  const f = join(tmp, "cert-and-key.pem");
  const { readFileSync } = await import("node:fs");
  writeFileSync(
    f,
    `Bag Attributes\n${readFileSync(`${S}/x509/gateway.pem`, "utf8")}${readFileSync(`${S}/private/gateway.key`, "utf8")}`,
  );
  const single = JSON.parse((await runCli(["id", f, "vpn.example.com", "--json"])).stdout);
  const r = await runCli(["id", "--batch", "-"], {
    input: `${JSON.stringify({ cert: f, ids: ["vpn.example.com"] })}\n`,
  });
  expect(lines(r.stdout)[0]!.result).toEqual(single.result);
  expect(single.ok).toBe(true);
});
