import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "./cli-helper.js";
import { everyCommand, SAMPLE_LOG } from "./every-command.js";

/**
 * Issue 10: ikecert never modifies an input. Every command runs over a copy of certs-fixtures (with
 * the copy as working directory); afterwards every file has the same SHA-256 and mtime, and no file
 * was added or removed.
 */
const work = mkdtempSync(join(tmpdir(), "ikc-robust-nowrite-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fx = join(work, "certs-fixtures");
cpSync(join(ROOT, "certs-fixtures"), fx, { recursive: true, preserveTimestamps: true });
writeFileSync(join(work, "charon-robust.log"), SAMPLE_LOG);

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        const hash = createHash("sha256").update(readFileSync(p)).digest("hex");
        out.set(relative(dir, p), `${hash} ${st.mtimeMs} ${st.mode.toString(8)} ${st.size}`);
      }
    }
    out.set(`${relative(dir, d)}/`, `${statSync(d).mtimeMs}`);
  };
  walk(dir);
  return out;
}

describe("nothing is written: every command leaves its inputs as they were", () => {
  const invocations = everyCommand(fx, join(fx, "keys/PASSPHRASE.txt"));
  const before = snapshot(work);

  it("the snapshot sees the fixtures", () => {
    expect(before.size).toBeGreaterThan(150);
    expect([...before.keys()].some((k) => k.endsWith(".p12"))).toBe(true);
  });

  it.each(invocations.map((i) => [i.name, i] as const))("%s", async (_n, inv) => {
    const r = await runCli(inv.args, { env: inv.env, input: inv.input, cwd: work, timeoutMs: 60_000 });
    // every invocation reads its input (2 would mean it stopped before reading anything)
    expect(r.code, r.stderr).not.toBe(2);
    expect(r.stdout.length).toBeGreaterThan(0);
    const after = snapshot(work);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (k) => before.get(k) !== after.get(k),
    );
    expect(changed).toEqual([]);
  });

  it("would notice a change (the comparison is not vacuous)", () => {
    const f = join(fx, "keys/PASSPHRASE.txt");
    const text = readFileSync(f);
    writeFileSync(f, text);
    const after = snapshot(work);
    expect(after.get("certs-fixtures/keys/PASSPHRASE.txt")).not.toBe(
      before.get("certs-fixtures/keys/PASSPHRASE.txt"),
    );
  });
});
