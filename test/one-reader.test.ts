import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./cli-helper.js";

/**
 * Issue 20: one file-reading path. lib/input/files.ts (files, stdin) and lib/input/folders.ts (folder
 * listings, globs) are the only modules that open or read a file, list a folder or read stdin;
 * everything else (certificates, keys, PKCS#12, configurations and
 * their includes, secrets, logs, batch inputs, passphrase and PSK files, folder scans) goes through
 * it, so its bounds (regular files only, bytes capped on what is read, lines, entries) hold for
 * every reader. Metadata calls (stat, existsSync, realpath) are allowed anywhere: they neither read
 * nor block on a FIFO.
 */
const THE_READER = new Set(["lib/input/files.ts", "lib/input/folders.ts"]);
/** cli/tty.ts reads the terminal (a passphrase prompt, only when stdin is a TTY) */
const TTY_PROMPT = "cli/tty.ts";
/**
 * The binary's loader (dist/ikecert.cjs) reads ikecert's own bundles and code caches next to itself
 * and cannot import lib/ (it runs before any bundle is loaded); it reads no file a user names (the
 * last test holds it to that).
 */
const OWN_FILES = "cli/bin-loader.ts";
const METADATA = new Set([
  "stat",
  "statSync",
  "lstat",
  "lstatSync",
  "fstatSync",
  "existsSync",
  "realpathSync",
]);
/** writing the output (cli/stdout.ts writes stdout with write(2)) reads nothing; test/no-write.test.ts guards files */
const OUTPUT = new Set(["writeSync"]);
const FS_MODULES = /^(node:)?fs(\/promises)?$/;

/** The ways `source` reads a file or stdin other than through the one reader. */
function readersIn(source: string, file: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/import\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["']/g)) {
    const [, typeOnly, what, from] = m as unknown as [string, string | undefined, string, string];
    if (!FS_MODULES.test(from) || typeOnly) continue;
    const named = /^\{([^}]*)\}$/.exec(what.trim());
    if (!named) {
      found.push(`${file}: imports ${what.trim()} from ${from}`);
      continue;
    }
    for (const part of named[1]!.split(",")) {
      const name = part
        .trim()
        .replace(/^type\s+.*/, "")
        .split(/\s+as\s+/)[0]!;
      if (name && !METADATA.has(name) && !OUTPUT.has(name))
        found.push(`${file}: imports ${name} from ${from}`);
    }
  }
  for (const m of source.matchAll(/(?:require|import)\(\s*["']((?:node:)?fs(?:\/promises)?)["']\s*\)/g))
    found.push(`${file}: loads ${m[1]} dynamically`);
  if (file !== TTY_PROMPT)
    for (const m of source.matchAll(/process\.stdin\b(?!\.isTTY)(\.\w+)?/g))
      found.push(`${file}: uses ${m[0]}`);
  return found;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

describe("one file-reading path (lib/input/files.ts)", () => {
  it("no module of lib/ or cli/ but the reading path reads a file, lists a folder or reads stdin", () => {
    const files = [...sources("lib"), ...sources("cli")];
    expect(files.length).toBeGreaterThan(50);
    for (const r of THE_READER) expect(files).toContain(r);
    const found = files
      .filter((f) => !THE_READER.has(f) && f !== OWN_FILES)
      .flatMap((f) => readersIn(readFileSync(join(ROOT, f), "utf8"), relative(".", f)));
    expect(found).toEqual([]);
  });

  it("the binary's loader reads and writes only files next to itself (its bundles and code caches)", () => {
    const src = readFileSync(join(ROOT, OWN_FILES), "utf8");
    const readers = readersIn(src, OWN_FILES);
    expect(readers).toEqual([
      `${OWN_FILES}: imports readFileSync from node:fs`,
      `${OWN_FILES}: imports writeFileSync from node:fs`,
    ]);
    const paths = [...src.matchAll(/(?:readFileSync|writeFileSync)\((\w+)/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThanOrEqual(3);
    for (const p of new Set(paths)) expect(src).toMatch(new RegExp(`const ${p} = join\\(__dirname, `));
  });

  it("the reader itself is what the scan looks for (the scan can fail)", () => {
    const files = readFileSync(join(ROOT, "lib/input/files.ts"), "utf8");
    expect(readersIn(files, "x.ts").join("\n")).toMatch(/imports openSync from node:fs/);
    expect(readersIn(files, "x.ts").join("\n")).toMatch(/uses process\.stdin/);
    const folders = readFileSync(join(ROOT, "lib/input/folders.ts"), "utf8");
    expect(readersIn(folders, "x.ts").join("\n")).toMatch(/imports opendirSync from node:fs/);
    expect(readersIn('import { readFileSync, statSync } from "node:fs";', "a.ts")).toEqual([
      "a.ts: imports readFileSync from node:fs",
    ]);
    expect(readersIn('import { readdir as rd } from "node:fs/promises";', "a.ts")).toEqual([
      "a.ts: imports readdir from node:fs/promises",
    ]);
    expect(readersIn('import * as fs from "fs";', "a.ts")).toEqual(["a.ts: imports * as fs from fs"]);
    expect(readersIn('const fs = await import("node:fs");', "a.ts")).toEqual([
      "a.ts: loads node:fs dynamically",
    ]);
    expect(readersIn("for await (const c of process.stdin) x(c);", "a.ts")).toEqual([
      "a.ts: uses process.stdin",
    ]);
    expect(readersIn('import type { Stats } from "node:fs";\nif (process.stdin.isTTY) y();', "a.ts")).toEqual(
      [],
    );
  });
});
