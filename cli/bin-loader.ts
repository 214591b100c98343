/**
 * The `ikecert` binary (dist/ikecert.cjs). It picks one of two bundles of the CLI and loads it with
 * the V8 code cache written for it at build time (scripts/code-cache.mjs):
 *  - dist/ikecert-id.cjs (entry cli/fast-id-main.ts): `ikecert id CERT ID...` with no options and
 *    a file, the common case, without commander or the other commands;
 *  - dist/ikecert-main.cjs (entry cli/main.ts): everything else.
 * Node 20 has no module compile cache: this is `vm.Script` with `cachedData`. A cache is used only
 * when its header names the sha256 of the bundle it was made from and this Node version; otherwise
 * (or when V8 refuses it) the bundle is compiled as usual. Nothing is written at run time.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";

/** Build time only (scripts/code-cache.mjs): run, then write the cache of everything compiled. */
const TRAIN = process.env.IKECERT_CODE_CACHE_TRAIN === "1";
/** Tests and the benchmark: say on stderr whether the cache was used. */
const REPORT = process.env.IKECERT_CODE_CACHE_REPORT === "1";
const MAGIC = "ikecert-code-cache-1";

const report = (what: string) => {
  if (REPORT) process.stderr.write(`ikecert: code cache ${what}\n`);
};

// The young generation stays at its first size instead of doubling up to 16 MiB when a batch has
// allocated enough: about 13 MiB less peak RSS over 1,000 certificates, no more CPU (docs/speed.md).
// Set before any bundle is compiled, in training runs too, so the code caches see the same flags.
setFlagsFromString("--semi-space-growth-factor=1");

// import() inside a vm.Script has no module loader on Node 20: the bundles call this one instead
// (lib/lazy-import.ts); it lives here, in a module Node loaded itself.
(globalThis as Record<symbol, unknown>)[Symbol.for("ikecert.import")] = (specifier: string) =>
  import(specifier);

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // the check reports a missing file with its own message
  }
}

/** The plain `id CERT ID...` of a file: the fast bundle answers it byte for byte alike. */
function fastId(args: string[]): boolean {
  return args[0] === "id" && args.length >= 3 && args.every((a) => !a.startsWith("-")) && !isFolder(args[1]!);
}

function header(source: string): string {
  return `${MAGIC} ${createHash("sha256").update(source).digest("hex")} ${process.version}\n`;
}

/** The V8 data of `cacheFile` when it was made from `source` on this Node; else undefined. */
function cachedDataFor(cacheFile: string, source: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const nl = file.indexOf(0x0a);
  if (nl < 0 || file.toString("latin1", 0, nl + 1) !== header(source)) return undefined;
  return file.subarray(nl + 1);
}

function load(name: string): void {
  const main = join(__dirname, `${name}.cjs`);
  const cacheFile = join(__dirname, `${name}.cache`);
  let source: string;
  try {
    source = readFileSync(main, "utf8");
  } catch {
    require(main); // let Node say what is wrong
    return;
  }
  const cachedData = cachedDataFor(cacheFile, source);
  if (!cachedData && !TRAIN) {
    report("not used (none for this bundle and Node version)");
    require(main);
    return;
  }
  // a hashbang is valid only at the very start of a script, not inside the module wrapper
  const code = source.startsWith("#!") ? `//${source.slice(2)}` : source;
  const script = new Script(Module.wrap(code), { filename: main, cachedData });
  if (cachedData) report(script.cachedDataRejected ? "not used (V8 refused it)" : "used");
  if (TRAIN)
    process.once("exit", () => {
      const data = script.createCachedData();
      writeFileSync(cacheFile, Buffer.concat([Buffer.from(header(source), "latin1"), data]));
    });
  const m = new Module(main, module);
  m.filename = main;
  const fn = script.runInThisContext() as (...a: unknown[]) => void;
  fn.call(m.exports, m.exports, createRequire(main), m, main, dirname(main));
  m.loaded = true;
}

load(fastId(process.argv.slice(2)) ? "ikecert-id" : "ikecert-main");
