/**
 * A reader of stdout that goes away (`ikecert id --batch all.jsonl | head -1`) ends ikecert quietly
 * with 141, what a shell reports for a program that SIGPIPE ended: no stack trace, nothing on
 * stderr — through the write(2) path of the one-file id command and batches (cli/stdout.ts) and
 * through process.stdout in the full program.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OUTPUT_CLOSED } from "../cli/stdout.js";
import { ROOT } from "./cli-helper.js";

const tmp = mkdtempSync(join(tmpdir(), "ikc-stdout-closed-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BIN = join(ROOT, "dist/ikecert.cjs");
const MAIN = join(ROOT, "dist/cli/main.js");
const S = join(ROOT, "certs-fixtures/sample");

/** Far more output than a pipe holds (64 KiB), so the writer meets the closed pipe. */
function batchFile(name: string, line: object): string {
  const f = join(tmp, name);
  writeFileSync(f, `${JSON.stringify(line)}\n`.repeat(3000));
  return f;
}

/** Run, read the first chunk of stdout, then close the pipe as `head` does. */
function firstChunkThenClose(args: string[]): Promise<{ code: number | null; stderr: string; got: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let got = 0;
    p.stderr.on("data", (d) => {
      stderr += d;
    });
    p.stdout.once("data", (d: Buffer) => {
      got = d.length;
      p.stdout.destroy();
    });
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stderr, got }));
  });
}

describe("stdout closed by its reader", () => {
  const idLines = batchFile("id.jsonl", {
    cert: `${S}/x509/gateway.pem`,
    ids: ["vpn.example.com", "192.0.2.9"],
  });
  const chainLines = batchFile("chain.jsonl", { cert: `${S}/x509/gateway.pem`, ca: [`${S}/x509ca`] });

  it.each([
    ["id --batch (the small bundle, write(2))", [BIN, "id", "--batch", idLines]],
    ["id --batch --jobs 1 (the full program)", [MAIN, "id", "--batch", idLines, "--jobs", "1"]],
    ["chain --batch (the full program)", [BIN, "chain", "--batch", chainLines]],
  ])(
    "%s: exit 141, nothing on stderr",
    async (_name, args) => {
      const r = await firstChunkThenClose(args as string[]);
      expect(r.got).toBeGreaterThan(0);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(OUTPUT_CLOSED);
    },
    60_000,
  );
});
