/**
 * The bundled binary (dist/ikecert.cjs, `bin` of the package) answers exactly like the tsc build:
 * its fast start for `ikecert id CERT ID...` (dist/ikecert-id.cjs, no commander) and the full
 * program for everything else (dist/ikecert-main.cjs), both loaded with the V8 code cache made at
 * build time, which is used only for the bundle it was made from. Build first: `npm run build`.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CLI, ROOT } from "./cli-helper.js";

const BIN = join(ROOT, "dist/ikecert.cjs");
const run = (script: string, args: string[], input = "", env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input,
    env: { ...process.env, NO_COLOR: "1", IKECERT_PASSPHRASE: undefined, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), "ikc-speed-startup-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const S = "certs-fixtures/sample";
const CASES: string[][] = [
  ["id", `${S}/x509/gateway.pem`, "vpn.example.com"],
  ["id", `${S}/x509/gateway.pem`, "vpn.example.com", "192.0.2.1", "other.example.com"],
  ["id", `${S}/x509/rw-rsa.pem`, "*@example.com", "%any"],
  ["id", "certs-fixtures/broken/chain-file.pem", "vpn.example.com"],
  ["id", "certs-fixtures/broken/unsupported-san.pem", "vpn.example.com"],
  ["id", `${S}/private/gateway.key`, "vpn.example.com"],
  ["id", "no/such.pem", "vpn.example.com"],
  ["id", `${S}/x509`, "vpn.example.com"],
  ["id", `${S}/x509/gateway.pem`, "vpn.example.com", "--json"],
  ["id", `${S}/x509/gateway.pem`],
  ["inspect", `${S}/x509/gateway.pem`],
  ["--version"],
];

describe("dist/ikecert.cjs (the bin) answers like dist/cli/main.js", () => {
  test("fast start and full program, byte for byte", () => {
    for (const args of CASES) {
      const a = run(BIN, args);
      const b = run(CLI, args);
      expect(a, args.join(" ")).toEqual(b);
    }
  }, 60_000);

  test("the bin exists after the build", () => {
    expect(existsSync(BIN)).toBe(true);
  });

  test("batches through the bin: the same lines as through the tsc build", () => {
    const ids = `${JSON.stringify({ cert: `${S}/x509/gateway.pem`, ids: ["vpn.example.com", "other.example.com"] })}\n${JSON.stringify({ cert: `${S}/x509/rw-rsa.pem`, ids: ["alice@example.com"] })}\nnot json\n`;
    const chains = `${JSON.stringify({ cert: `${S}/x509/gateway.pem` })}\n${JSON.stringify({ cert: `${S}/x509/rw-rsa.pem`, ca: [] })}\n`;
    for (const [args, input] of [
      [["id", "--batch", "-"], ids],
      [["chain", "--batch", "-", "--ca", `${S}/x509ca`, "--at", "2030-01-01"], chains],
    ] as const) {
      const a = run(BIN, [...args], input);
      expect(a.stdout.split("\n").length, args.join(" ")).toBeGreaterThan(2);
      expect(a, args.join(" ")).toEqual(run(CLI, [...args], input));
    }
  }, 60_000);
});

describe("the V8 code cache of the bin", () => {
  const report = { IKECERT_CODE_CACHE_REPORT: "1" };
  test.each([
    ["dist/ikecert-id.cjs", ["id", `${S}/x509/gateway.pem`, "vpn.example.com"]],
    ["dist/ikecert-main.cjs", ["id", `${S}/x509/gateway.pem`, "vpn.example.com", "--json"]],
  ])("%s is loaded with its cache", (bundle, args) => {
    // no cache is written when the bundle calls import() outside lib/lazy-import.ts
    const stray = [...readFileSync(join(ROOT, bundle), "utf8").matchAll(/\bimport\(([^)]*)\)/g)]
      .map((m) => m[1])
      .filter((a) => a !== "specifier");
    expect(stray, `${bundle} calls import(); use lazyImport (lib/lazy-import.ts)`).toEqual([]);
    const r = run(BIN, args, "", report);
    expect(r.stderr).toBe("ikecert: code cache used\n");
    expect(r.code).toBe(0);
  });

  test("a cache is never used for another bundle, even one of the same length", () => {
    for (const f of ["ikecert.cjs", "ikecert-id.cjs", "ikecert-id.cache"])
      copyFileSync(join(ROOT, "dist", f), join(tmp, f));
    const bundle = join(tmp, "ikecert-id.cjs");
    const args = ["id", join(ROOT, S, "x509/gateway.pem"), "vpn.example.com"];
    const before = run(join(tmp, "ikecert.cjs"), args, "", report);
    expect(before.stderr).toBe("ikecert: code cache used\n");
    expect(before.stdout).toContain(" proven by ");
    // the same number of bytes, one word changed in a function the cache holds compiled
    const text = readFileSync(bundle, "utf8");
    expect(text).toContain(" proven by ");
    writeFileSync(bundle, text.replace(" proven by ", " PROVEN by "));
    const after = run(join(tmp, "ikecert.cjs"), args, "", report);
    expect(after.stderr).toBe("ikecert: code cache not used (none for this bundle and Node version)\n");
    expect(after.stdout).toBe(before.stdout.replace(" proven by ", " PROVEN by "));
  });
});
