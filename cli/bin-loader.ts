/**
 * The `ikecert` binary (dist/ikecert.cjs). It picks one of four bundles of the CLI and loads it with
 * the V8 code cache written for it at build time (scripts/build-bin.mjs):
 *  - dist/ikecert-id.cjs (entry cli/fast-id-main.ts): `ikecert id CERT ID...` with no options and
 *    a file, the common case, and `ikecert id --batch FILE|-` with no other option but `--jobs N`
 *    (and its worker threads), without commander or the other commands;
 *  - dist/ikecert-chain.cjs (entry cli/fast-chain-main.ts): `ikecert chain CERT` of a file and
 *    `ikecert chain --batch FILE|-`, with no option but `--ca PATH` and `--intermediate PATH` pairs;
 *  - dist/ikecert-pair.cjs (entry cli/fast-pair-main.ts): `ikecert pair CERT [KEY|DIR...]` with no
 *    option;
 *  - dist/ikecert-main.cjs (entry cli/main.ts): everything else.
 * Node 20 has no module compile cache: this is `vm.Script` with `cachedData`. A cache is used only
 * when it was made on this Node version from exactly this bundle: the cache file holds a copy of
 * the bundle it was made from, compared byte for byte (a memcmp; hashing the bundle meant loading
 * node:crypto on every start, about 7 ms of CPU). Otherwise (or when V8 refuses it) the bundle is
 * compiled as usual. Nothing is written at run time.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { WORKER_ARG } from "./worker-arg.js";

/** Build time only (scripts/build-bin.mjs): run, then write the cache of everything compiled. */
const TRAIN = process.env.IKECERT_CODE_CACHE_TRAIN === "1";
/** Tests and the benchmark: say on stderr whether the cache was used. */
const REPORT = process.env.IKECERT_CODE_CACHE_REPORT === "1";
const MAGIC = "ikecert-code-cache-2";

const report = (what: string) => {
  if (REPORT) process.stderr.write(`ikecert: code cache ${what}\n`);
};

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

/**
 * Which bundle and cache answer `args` (the forms the module comment lists; byte for byte the answers
 * of the full program): one cache per form, since the batches run under other V8 flags than the
 * one-shot commands and V8 refuses a cache made under other flags.
 */
function route(args: string[]): { bundle: string; cache: string } {
  const [command, first] = args;
  // the worker threads of `id --batch --jobs N` check with the id bundle, whichever bundle started them
  if (command === WORKER_ARG) return { bundle: "ikecert-id", cache: "ikecert-id-batch" };
  const file = (a: string | undefined) => a !== undefined && (a === "-" || !a.startsWith("-"));
  if (command === "id") {
    if (first === "--batch") {
      const jobs = args.length === 5 && args[3] === "--jobs" && /^[1-9][0-9]{0,2}$/.test(args[4]!);
      if ((args.length === 3 || jobs) && file(args[2]))
        return { bundle: "ikecert-id", cache: "ikecert-id-batch" };
    } else if (args.length >= 3 && args.every((a) => !a.startsWith("-")) && !isFolder(first!))
      return { bundle: "ikecert-id", cache: "ikecert-id" };
  } else if (command === "chain") {
    if (first === "--batch") {
      if (file(args[2]) && caPairsFrom(args, 3))
        return { bundle: "ikecert-chain", cache: "ikecert-chain-batch" };
    } else if (file(first) && first !== "-" && caPairsFrom(args, 2) && !isFolder(first!))
      return { bundle: "ikecert-chain", cache: "ikecert-chain" };
  } else if (command === "pair" && args.length >= 2 && args.every((a) => !a.startsWith("-")))
    return { bundle: "ikecert-pair", cache: "ikecert-pair" };
  return { bundle: "ikecert-main", cache: "ikecert-main" };
}

/** From `at` on, `--ca PATH` / `--intermediate PATH` pairs only. */
function caPairsFrom(args: string[], at: number): boolean {
  if ((args.length - at) % 2 !== 0) return false;
  for (let i = at; i < args.length; i += 2)
    if ((args[i] !== "--ca" && args[i] !== "--intermediate") || args[i + 1]!.startsWith("-")) return false;
  return true;
}

/** The cache file: a header line, the bundle it was made from, the V8 data. */
function header(bundleLength: number): string {
  return `${MAGIC} ${process.version} ${bundleLength}\n`;
}

/** The V8 data of `cacheFile` when it was made from `bundle` on this Node; else undefined. */
function cachedDataFor(cacheFile: string, bundle: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const nl = file.indexOf(0x0a);
  if (nl < 0 || file.toString("latin1", 0, nl + 1) !== header(bundle.length)) return undefined;
  const copy = file.subarray(nl + 1, nl + 1 + bundle.length);
  return copy.equals(bundle) ? file.subarray(nl + 1 + bundle.length) : undefined;
}

function load(name: string, cacheName: string): void {
  const main = join(__dirname, `${name}.cjs`);
  const cacheFile = join(__dirname, `${cacheName}.cache`);
  let bundle: Buffer;
  try {
    bundle = readFileSync(main);
  } catch {
    require(main); // let Node say what is wrong
    return;
  }
  const cachedData = cachedDataFor(cacheFile, bundle);
  if (!cachedData && !TRAIN) {
    report("not used (none for this bundle and Node version)");
    require(main);
    return;
  }
  const source = bundle.toString("utf8");
  // a hashbang is valid only at the very start of a script, not inside the module wrapper
  const code = source.startsWith("#!") ? `//${source.slice(2)}` : source;
  const script = new Script(Module.wrap(code), { filename: main, cachedData });
  if (cachedData) report(script.cachedDataRejected ? "not used (V8 refused it)" : "used");
  if (TRAIN)
    process.once("exit", () => {
      const data = script.createCachedData();
      writeFileSync(cacheFile, Buffer.concat([Buffer.from(header(bundle.length), "latin1"), bundle, data]));
    });
  const m = new Module(main, module);
  m.filename = main;
  const fn = script.runInThisContext() as (...a: unknown[]) => void;
  fn.call(m.exports, m.exports, createRequire(main), m, main, dirname(main));
  m.loaded = true;
}

const { bundle, cache } = route(process.argv.slice(2));
// Batches (and the full program): the young generation stays at its first size instead of doubling
// up to 16 MiB when a batch has allocated enough (about 13 MiB less peak RSS over 1,000 certificates,
// no more CPU). The one-shot `id`, `chain` and `pair` allocate too little for that to matter, and
// node:v8 (with the stream classes it loads) costs a start about 6 ms of CPU. The young generation is
// also collected on the main thread alone: a batch's scavenges are small, and handing them to helper
// threads on two busy cores cost more than it saved (scavenge pauses 115 -> 77 ms over 1,000
// certificates; docs/speed.md). `id --batch` also waits three times longer than V8's default (66 KiB
// of bytecode run) before it hands a function to the optimising compiler: over 1,000 certificates
// that compiler's work cost more than it saved on two cores, and its memory was the peak's (0.43 ->
// 0.34 s, 57.0 -> 52.9 MiB); 10,000 took 1.51 -> 1.58 s and 100,000 the same (docs/speed.md). The
// chain batch lost more at 10,000 lines than it gained at 1,000, so it keeps the default. Set before
// the bundle is compiled, in training runs too, so each code cache is made under the flags it is used
// with.
if (!["ikecert-id", "ikecert-chain", "ikecert-pair"].includes(cache))
  (process.getBuiltinModule("node:v8") as typeof import("node:v8")).setFlagsFromString(
    `--semi-space-growth-factor=1 --no-parallel-scavenge${cache === "ikecert-id-batch" ? " --interrupt-budget=202752" : ""}`,
  );
load(bundle, cache);
