/**
 * The bundled binary (dist/ikecert.cjs, `bin` of the package) answers exactly like the tsc build:
 * its fast start for `ikecert id CERT ID...` (cli/fast-id.ts, no commander) and the full program
 * for everything else. Build first: `npm run build`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CLI, ROOT } from "./cli-helper.js";

const BIN = join(ROOT, "dist/ikecert.cjs");
const run = (script: string, args: string[]) => {
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", IKECERT_PASSPHRASE: undefined },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

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
});
