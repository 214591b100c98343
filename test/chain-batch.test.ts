/**
 * `ikecert chain --batch` and `ikecert chain DIR --ca DIR`: each record is the single command's
 * answer for that certificate (ok, findings and the --json result, line for line), whether its
 * line names its own CAs or shares the pool of --ca with others, through the tsc build and the
 * bundled binary alike; bad lines and unreadable files become error records in place.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { makeCrl } from "../certs-fixtures/generator-crl.js";
import { buildChain, type ChainCertificate, loadFile, prepareChainPool, verifyAhead } from "../lib/index.js";
import { parseCrl } from "../lib/input/crl.js";
import { makeScenarios } from "./chain-scenarios.js";
import { type CliResult, jsonLines, ROOT, runCli } from "./cli-helper.js";

const tmp = mkdtempSync(join(tmpdir(), "ikc-speed-chain-batch-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scenarios = makeScenarios(tmp);
const S = "certs-fixtures/sample";

const lines = jsonLines;

/** The bundled binary (dist/ikecert.cjs: bundle chosen by argv, V8 code cache) as a user runs it. */
function runBin(args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "dist/ikecert.cjs"), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const singleArgs = (s: (typeof scenarios)[number]) => [
  "chain",
  s.ee,
  ...s.ca.flatMap((c) => ["--ca", c]),
  ...s.intermediates.flatMap((c) => ["--intermediate", c]),
  ...(s.at ? ["--at", s.at.toISOString()] : []),
  "--json",
];
// "at" for every line: the single commands and the batch must judge validity at the same moment
const at = new Date(Date.now() + 60_000).toISOString();
const atOf = (s: (typeof scenarios)[number]) => (s.at ? s.at.toISOString() : at);

describe("chain --batch", () => {
  test("every record equals the single command's --json answer, line for line (tsc build and bin)", async () => {
    const singles = await Promise.all(
      scenarios.map((s) => runCli([...singleArgs(s), ...(s.at ? [] : ["--at", at])], { timeoutMs: 60_000 })),
    );
    const input = scenarios
      .map((s) => JSON.stringify({ cert: s.ee, ca: s.ca, intermediates: s.intermediates, at: atOf(s) }))
      .join("\n");
    for (const r of [
      await runCli(["chain", "--batch", "-"], { input, timeoutMs: 60_000 }),
      await runBin(["chain", "--batch", "-"], input),
    ]) {
      expect(r.stderr).toBe("");
      const recs = lines(r.stdout);
      expect(recs.map((x) => x.line)).toEqual(scenarios.map((_, i) => i + 1));
      scenarios.forEach((s, i) => {
        const single = singles[i]!;
        const rec = recs[i]!;
        expect(rec.cert).toBe(s.ee);
        if (single.code === 2) {
          // unusable input: the single command's one line is the record's error message
          expect(rec.error?.message, s.name).toBe(single.stderr.replace(/^ikecert: |\n$/g, ""));
          return;
        }
        const doc = JSON.parse(single.stdout);
        expect(rec.ok, s.name).toBe(doc.ok);
        expect(rec.findings, s.name).toEqual(doc.findings);
        expect(rec.result, s.name).toEqual(doc.result);
        expect(rec.ok, s.name).toBe(s.trusted);
      });
      expect(r.code).toBe(recs.some((x) => x.error) ? 2 : recs.every((x) => x.ok) ? 0 : 1);
    }
  }, 180_000);

  test("lines without ca/intermediates/at take --ca, --intermediate and --at, and share one pool", async () => {
    const certs = ["gateway", "rw-rsa", "rw-ecdsa", "rw-ed25519"].map((n) => `${S}/x509/${n}.pem`);
    const input = certs.map((cert) => JSON.stringify({ cert })).join("\n");
    const r = await runCli(["chain", "--batch", "-", "--ca", `${S}/x509ca`, "--at", "2030-01-01"], { input });
    const recs = lines(r.stdout);
    for (const [i, cert] of certs.entries()) {
      const single = JSON.parse(
        (await runCli(["chain", cert, "--ca", `${S}/x509ca`, "--at", "2030-01-01", "--json"])).stdout,
      );
      expect(recs[i]).toEqual({ ikecert: 1, command: "chain", line: i + 1, cert, ...single });
    }
    expect(r.code).toBe(0);
  }, 60_000);

  test("bad lines, unreadable files and unreadable CA files are error records in place; exit 2", async () => {
    const good = JSON.stringify({ cert: `${S}/x509/gateway.pem` });
    const input = [
      good,
      "not json",
      JSON.stringify({ ca: [`${S}/x509ca`] }),
      JSON.stringify({ cert: `${S}/x509/gateway.pem`, ca: "root.pem" }),
      JSON.stringify({ cert: `${S}/x509/gateway.pem`, at: "tomorrow-ish" }),
      JSON.stringify({ cert: "no/such/leaf.pem" }),
      JSON.stringify({ cert: `${S}/x509/gateway.pem`, ca: ["no/such/root.pem"] }),
      JSON.stringify({ cert: `${S}/private/gateway.key` }),
      `{"cert": "${"a".repeat(300)}"}`,
      "",
      good,
    ].join("\n");
    const r = await runCli(["chain", "--batch", "-", "--ca", `${S}/x509ca`, "--max-line", "200"], { input });
    expect(r.code).toBe(2);
    const recs = lines(r.stdout);
    expect(recs.map((x) => [x.line, x.error?.code ?? (x.ok ? "ok" : "fail")])).toEqual([
      [1, "ok"],
      [2, "BATCH_LINE_INVALID"],
      [3, "BATCH_LINE_INVALID"],
      [4, "BATCH_LINE_INVALID"],
      [5, "BATCH_LINE_INVALID"],
      [6, "FILE_NOT_FOUND"],
      [7, "FILE_NOT_FOUND"],
      [8, "WRONG_KIND"],
      [9, "BATCH_LINE_TOO_LONG"],
      [11, "ok"],
    ]);
    expect(recs.every((x) => x.command === "chain")).toBe(true);
    expect(recs.every((x) => (x.error ? x.result === null && !x.ok : x.result !== null))).toBe(true);
    // the same messages as the single command
    const single = await runCli(["chain", `${S}/x509/gateway.pem`, "--ca", "no/such/root.pem"]);
    expect(recs[6]!.error!.message).toBe(single.stderr.replace(/^ikecert: |\n$/g, ""));
  }, 60_000);

  test("--batch with a certificate argument is refused; a missing --batch file is one line on stderr", async () => {
    const a = await runCli(["chain", "--batch", "-", `${S}/x509/gateway.pem`], { input: "" });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("--batch reads the certificates from its lines");
    const b = await runCli(["chain", "--batch", join(tmp, "missing.jsonl")]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^ikecert: --batch .*missing\.jsonl: no such file\n$/);
  });
});

describe("chain DIR --ca DIR", () => {
  const dir = join(tmp, "leaves");
  mkdirSync(dir);
  for (const n of ["gateway", "rw-rsa"]) copyFileSync(`${S}/x509/${n}.pem`, join(dir, `${n}.pem`));
  copyFileSync(`${S}/x509ca/root.pem`, join(dir, "zz-root.pem"));

  test("one text line per certificate of the folder, sorted", async () => {
    const r = await runCli(["chain", dir, "--ca", `${S}/x509ca/root.pem`, "--at", "2030-01-01"]);
    const [rules, ...out] = r.stdout.split("\n").filter(Boolean);
    // first, whose rules apply (the test environment sets IKECERT_STRONGSWAN)
    expect(rules).toMatch(/^rules of strongSwan \S+ \(IKECERT_STRONGSWAN\)/);
    expect(out).toEqual([
      `FAIL ${dir}/gateway.pem: no trusted chain (issuer) — CHAIN_MISSING_ISSUER`,
      `FAIL ${dir}/rw-rsa.pem: no trusted chain (issuer) — CHAIN_MISSING_ISSUER`,
      `OK ${dir}/zz-root.pem: trusted chain of 1 to "C=CH, O=Example VPN, CN=Example VPN Root CA"`,
    ]);
    expect(r.code).toBe(1);
  });

  test("--json: JSON Lines, each the single command's answer", async () => {
    const args = ["--ca", `${S}/x509ca`, "--at", "2030-01-01"];
    const r = await runCli(["chain", dir, ...args, "--json"]);
    const recs = lines(r.stdout);
    expect(recs.map((x) => x.cert)).toEqual(["gateway", "rw-rsa", "zz-root"].map((n) => `${dir}/${n}.pem`));
    for (const rec of recs) {
      const single = JSON.parse((await runCli(["chain", rec.cert!, ...args, "--json"])).stdout);
      expect(rec).toEqual({ ikecert: 1, command: "chain", cert: rec.cert, ...single });
    }
    expect(r.code).toBe(0);
  }, 60_000);
});

describe("prepareChainPool and verifyAhead (library)", () => {
  const certsOf = async (files: string[]) => {
    const out: ChainCertificate[] = [];
    for (const f of files)
      out.push(
        ...(await loadFile(f)).items.filter(
          (i): i is ChainCertificate & typeof i => i.kind === "certificate",
        ),
      );
    return out;
  };

  test("buildChain answers alike with and without a prepared pool, signatures verified ahead or not", async () => {
    let pooled = 0;
    for (const s of scenarios) {
      const load = async () => ({
        ee: (await certsOf([s.ee]))[0]!,
        trusted: await certsOf(s.ca),
        untrusted: await certsOf(s.intermediates),
      });
      const plain = await load();
      const opts = { at: s.at ?? new Date(at), rdnMatching: "strict" as const };
      const expected = buildChain(plain.ee, { trusted: plain.trusted, untrusted: plain.untrusted, ...opts });
      // fresh objects: nothing memoised from the first run
      const fresh = await load();
      const pool = prepareChainPool(fresh.trusted, fresh.untrusted);
      await verifyAhead(fresh.ee, pool);
      const withPool = {
        trusted: pool.trusted as ChainCertificate[],
        untrusted: pool.untrusted as ChainCertificate[],
        pool,
      };
      expect(buildChain(fresh.ee, { ...withPool, ...opts }), s.name).toEqual(expected);
      // the pool serves a second end entity as well
      expect(buildChain(fresh.ee, { ...withPool, ...opts }), s.name).toEqual(expected);
      pooled++;
    }
    expect(pooled).toBe(scenarios.length);
  }, 60_000);

  test("a pool is used only for the plugins it was prepared with; CRLs always come from the call", () => {
    const root = makeCertificate({ subject: "CN=Pool Root", key: generateKey("p256"), ca: true });
    const leaf = makeCertificate({
      subject: "CN=pool.example.com",
      key: generateKey("p256"),
      issuer: root,
      serial: 4242,
    });
    const revoking = [parseCrl(makeCrl({ issuer: root, revoked: [{ serial: 4242 }] }).der)];
    // no loaded plugin builds ECDSA keys: the P-256 root does not load
    const rsaOnly = { keyTypes: ["RSA"] };
    const at = new Date("2026-06-01T00:00:00Z");
    const trusted = [root.cert!];
    type Extras = Parameters<typeof prepareChainPool>[3];
    const plain = (o: Extras = {}) => buildChain(leaf.cert!, { trusted, untrusted: [], at, ...o });
    const viaPool = (prepared: Extras, asked: Extras) => {
      const pool = prepareChainPool(trusted, [], undefined, prepared);
      return buildChain(leaf.cert!, {
        trusted: pool.trusted as ChainCertificate[],
        untrusted: pool.untrusted as ChainCertificate[],
        pool,
        at,
        ...asked,
      });
    };
    // the answers differ, so a pool used for the wrong settings would show
    expect(plain().trusted).toBe(true);
    expect(plain({ crls: revoking }).decidedBy).toBe("revocation");
    expect(plain({ plugins: rsaOnly }).decidedBy).toBe("unloadable");
    expect(viaPool({ plugins: rsaOnly }, {})).toEqual(plain());
    expect(viaPool({}, { plugins: rsaOnly })).toEqual(plain({ plugins: rsaOnly }));
    expect(viaPool({ crls: revoking }, {})).toEqual(plain());
    expect(viaPool({}, { crls: revoking })).toEqual(plain({ crls: revoking }));
    expect(viaPool({ crls: revoking, plugins: rsaOnly }, { crls: revoking, plugins: rsaOnly })).toEqual(
      plain({ crls: revoking, plugins: rsaOnly }),
    );
  });
});
