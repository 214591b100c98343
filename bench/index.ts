/**
 * `npm run bench`: every speed figure of ikecert in one table, all ratios measured in the same run
 * (benchmarks, not tests). Sections:
 *   1. identity check in process over a generated corpus (2,000 certificates): ikecert's lazy view
 *      vs node:crypto X509Certificate + checkHost vs @peculiar/x509 (and ikecert's full model);
 *   2. cold start of `ikecert id cert.pem vpn.example.com` vs `node -e 0` vs `openssl x509 -checkhost`;
 *   3. batch over 10,000 certificate files vs a shell loop of `openssl x509 -checkhost` (sampled on
 *      BENCH_OPENSSL_SAMPLE files and scaled), and peak RSS streaming 100,000 requests;
 *   4. pairing and chain figures (bench/pair.ts, bench/chain.ts);
 *   5./6. whole processes (bench/whole.ts): `id --batch` and `chain --batch` over 1,000 certificates
 *      against node:crypto scripts (bench/baseline/) and openssl loops, with peak RSS.
 * min / median / max over repeats. Needs a build (`npm run build`: dist/ikecert.cjs).
 * Env: BENCH_REPEATS (7), BENCH_CORPUS (2000), BENCH_FILES (10000), BENCH_OPENSSL_SAMPLE (500),
 * BENCH_STREAM (100000), BENCH_WHOLE (1000), BENCH_OPENSSL_LOOP (100), BENCH_WHOLE_LONG (10: the
 * long batches run the BENCH_WHOLE lines this many times over), BENCH_BIN (dist/ikecert.cjs),
 * BENCH_SKIP (comma list of:
 * identity,start,batch,pair,chain,whole-id,whole-chain,whole-long).
 * Generated files are kept in $TMPDIR/ikecert-bench-speed-v1 (delete it to regenerate).
 */
import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as x509 from "@peculiar/x509";
import { viewHasIdentity } from "../lib/identity/certificate.js";
import { checkIdentity, parseCertificate, parseIdentity } from "../lib/index.js";
import { certificateView } from "../lib/x509/cert-view.js";
import { chainBench, constraintBench } from "./chain.js";
import { type CorpusEntry, makeCorpus } from "./corpus.js";
import { pairBench } from "./pair.js";
import { fmt, printTable, type Row, say, stats, tri } from "./table.js";
import { wholeBench } from "./whole.js";

// a full GC before each timed run, so one contender's garbage is not collected on another's clock
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const REPEATS = env("BENCH_REPEATS", 7);
const CORPUS = env("BENCH_CORPUS", 2000);
const FILES = env("BENCH_FILES", 10_000);
const SAMPLE = env("BENCH_OPENSSL_SAMPLE", 500);
const STREAM = env("BENCH_STREAM", 100_000);
const SKIP = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const ROOT = resolve(import.meta.dirname ?? ".", "..");
// BENCH_BIN: another build of the bin (e.g. a copy of dist/ from before a change) in place of dist/
const BIN = process.env.BENCH_BIN ? resolve(process.env.BENCH_BIN) : join(ROOT, "dist/ikecert.cjs");
const CACHE = join(tmpdir(), "ikecert-bench-speed-v1");

const rows: Row[] = [];

// ------------------------------------------------------------------ 1. identity in process

function identityBench(corpus: CorpusEntry[]): void {
  const ike = (e: CorpusEntry) =>
    viewHasIdentity(certificateView(e.der), parseIdentity(e.name, { regex: true })).level > 0;
  const ikeFull = (e: CorpusEntry) => checkIdentity(parseCertificate(e.der), e.name).matches;
  const node = (e: CorpusEntry) =>
    new X509Certificate(e.der).checkHost(e.name, { subject: "never", wildcards: false }) !== undefined;
  const lower = (s: string) => s.toLowerCase();
  const peculiar = (e: CorpusEntry) => {
    const c = new x509.X509Certificate(e.der);
    const san = c.getExtension(x509.SubjectAlternativeNameExtension);
    return !!san?.names.items.some((n) => n.type === "dns" && lower(n.value) === lower(e.name));
  };
  // they must agree before they are timed (strongSwan and checkHost without wildcards alike)
  let proven = 0;
  for (const e of corpus) {
    const a = ike(e);
    if (a !== node(e) || a !== peculiar(e) || a !== ikeFull(e))
      throw new Error(`identity contenders disagree on ${e.name}`);
    if (a) proven++;
  }
  const fns = { node, ike, ikeFull, peculiar };
  const us: Record<keyof typeof fns, number[]> = { node: [], ike: [], ikeFull: [], peculiar: [] };
  for (let r = 0; r < REPEATS; r++)
    for (const [k, fn] of Object.entries(fns) as [keyof typeof fns, (e: CorpusEntry) => boolean][]) {
      gc();
      const t = performance.now();
      for (const e of corpus) fn(e);
      us[k].push(((performance.now() - t) * 1000) / corpus.length);
    }
  const ratio = (k: keyof typeof fns) => stats(us[k].map((x, i) => x / us.node[i]!));
  const section = `1. identity check in process, ${corpus.length} certificates (${proven} proven), µs/cert`;
  const ikeRatio = ratio("ike");
  rows.push(
    {
      section,
      what: "node:crypto X509Certificate + checkHost",
      value: tri(stats(us.node)),
      ratio: null,
      ratioLabel: "1",
      target: "",
      met: null,
    },
    {
      section,
      what: "ikecert lazy view (certificateView + viewHasIdentity)",
      value: tri(stats(us.ike)),
      ratio: ikeRatio,
      ratioLabel: "x node",
      target: "<= 0.05x",
      met: ikeRatio.median <= 0.05,
    },
    {
      section,
      what: "ikecert full model (parseCertificate + checkIdentity)",
      value: tri(stats(us.ikeFull)),
      ratio: ratio("ikeFull"),
      ratioLabel: "x node",
      target: "",
      met: null,
    },
    {
      section,
      what: "@peculiar/x509 X509Certificate + SAN scan",
      value: tri(stats(us.peculiar)),
      ratio: ratio("peculiar"),
      ratioLabel: "x node",
      target: "",
      met: null,
    },
  );
}

// ------------------------------------------------------------------ 2. cold start

function wallMs(
  cmd: string,
  args: string[],
  opts: { input?: string } = {},
): { ms: number; status: number | null } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ["pipe", "ignore", "ignore"], input: opts.input });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, status: r.status };
}

function startBench(certFile: string): void {
  const runs = Math.max(REPEATS * 3, 15);
  const cmds: Record<string, [string, string[]]> = {
    "node -e 0": [process.execPath, ["-e", "0"]],
    "ikecert id (bin dist/ikecert.cjs)": [process.execPath, [BIN, "id", certFile, "vpn.example.com"]],
    "ikecert id (tsc build dist/cli/main.js)": [
      process.execPath,
      [join(ROOT, "dist/cli/main.js"), "id", certFile, "vpn.example.com"],
    ],
    "openssl x509 -noout -checkhost": [
      "openssl",
      ["x509", "-in", certFile, "-noout", "-checkhost", "vpn.example.com"],
    ],
  };
  const ms: Record<string, number[]> = {};
  for (let r = 0; r < runs; r++)
    for (const [k, [c, a]] of Object.entries(cmds)) {
      const x = wallMs(c, a);
      if (x.status !== 0) throw new Error(`${k} failed (exit ${x.status})`);
      if (!ms[k]) ms[k] = [];
      ms[k].push(x.ms);
    }
  const base = ms["node -e 0"]!;
  const section = `2. cold start, ${runs} interleaved runs, ms wall`;
  for (const [k, v] of Object.entries(ms)) {
    const isBase = k === "node -e 0";
    const rat = stats(v.map((x, i) => x / base[i]!));
    rows.push({
      section,
      what: k,
      value: tri(stats(v), 1),
      ratio: isBase ? null : rat,
      ratioLabel: isBase ? "1" : "x node -e 0",
      target: k.includes("bin") ? "<= 1.2x" : "",
      met: k.includes("bin") ? rat.median <= 1.2 : null,
    });
  }
}

// ------------------------------------------------------------------ 3. batch

function corpusFiles(n: number): { dir: string; jsonl: string; names: string[] } {
  const dir = join(CACHE, `files-${n}`);
  const jsonl = join(CACHE, `batch-${n}.jsonl`);
  const namesFile = join(CACHE, `names-${n}.json`);
  if (!existsSync(namesFile)) {
    say(`generating ${n} certificate files in ${dir} (once) ...`);
    mkdirSync(dir, { recursive: true });
    const c = makeCorpus(n, 7);
    const lines: string[] = [];
    c.forEach((e, i) => {
      const f = join(dir, `c${String(i).padStart(6, "0")}.pem`);
      writeFileSync(f, e.pem);
      lines.push(JSON.stringify({ cert: f, ids: [e.name] }));
    });
    writeFileSync(jsonl, `${lines.join("\n")}\n`);
    writeFileSync(namesFile, JSON.stringify(c.map((e) => e.name)));
  }
  const names = JSON.parse(spawnSync("cat", [namesFile], { encoding: "utf8" }).stdout) as string[];
  return { dir, jsonl, names };
}

function peakRssMiB(args: string[], input: string): number {
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], {
    cwd: ROOT,
    input,
    stdio: ["pipe", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return Number(r.stderr.trim().split("\n").pop()) / 1024;
}

function batchBench(): void {
  const { dir, jsonl, names } = corpusFiles(FILES);
  const repeats = Math.max(3, Math.ceil(REPEATS / 2));
  // the openssl loop on a sample of the files (evenly spread), scaled to the whole set
  const step = Math.max(1, Math.floor(FILES / SAMPLE));
  const sample = Array.from({ length: Math.min(SAMPLE, FILES) }, (_, i) => i * step);
  const script = sample
    .map(
      (i) =>
        `openssl x509 -in ${dir}/c${String(i).padStart(6, "0")}.pem -noout -checkhost ${names[i]} >/dev/null`,
    )
    .join("\n");
  const opensslMs: number[] = [];
  const ikeMs: Record<string, number[]> = { "1": [], "2": [] };
  for (let r = 0; r < repeats; r++) {
    const o = wallMs("sh", ["-c", script]);
    opensslMs.push((o.ms * FILES) / sample.length);
    for (const jobs of ["1", "2"]) {
      const x = wallMs(process.execPath, [BIN, "id", "--batch", jsonl, "--jobs", jobs]);
      if (x.status === 2 || x.status === null) throw new Error(`batch failed (exit ${x.status})`);
      ikeMs[jobs]!.push(x.ms);
    }
  }
  const section = `3. batch over ${FILES} certificate files, s wall (openssl: ${sample.length}-file sample x ${(FILES / sample.length).toFixed(0)})`;
  rows.push({
    section,
    what: "shell loop of openssl x509 -checkhost (scaled)",
    value: tri(stats(opensslMs.map((x) => x / 1000))),
    ratio: null,
    ratioLabel: "1",
    target: "",
    met: null,
  });
  for (const jobs of ["1", "2"]) {
    const sp = stats(opensslMs.map((x, i) => x / ikeMs[jobs]![i]!));
    rows.push({
      section,
      what: `ikecert id --batch --jobs ${jobs}`,
      value: tri(stats(ikeMs[jobs]!.map((x) => x / 1000))),
      ratio: sp,
      ratioLabel: "x faster",
      target: ">= 50x",
      met: sp.median >= 50,
    });
  }
  // peak memory: STREAM requests on stdin, pointing at the FILES files over and over
  const lines = spawnSync("cat", [jsonl], { encoding: "utf8", maxBuffer: 1 << 30 }).stdout;
  const input = lines.repeat(Math.ceil(STREAM / FILES));
  for (const jobs of ["1", "2"]) {
    const mib = peakRssMiB([BIN, "id", "--batch", "-", "--jobs", jobs], input);
    rows.push({
      section: `3b. peak RSS streaming ${STREAM} requests (stdin; the ${FILES} files repeated)`,
      what: `ikecert id --batch - --jobs ${jobs}`,
      value: `${mib.toFixed(0)} MiB`,
      ratio: null,
      ratioLabel: "",
      target: "< 150 MiB",
      met: mib < 150,
    });
  }
}

// ------------------------------------------------------------------ 4. pair and chain

async function pairChain(): Promise<void> {
  if (!SKIP.has("pair"))
    for (const p of await pairBench(true))
      rows.push({
        section: "4a. key pairing (bench/pair.ts)",
        what: `${p.what}: ikecert ${fmt(p.ikecert.median)} ${p.unit}, node ${fmt(p.node.median)} ${p.unit}`,
        value: "",
        ratio: p.speedup,
        ratioLabel: "x faster",
        target: `>= ${p.target}x`,
        met: p.speedup.median >= p.target,
      });
  if (!SKIP.has("chain"))
    for (const c of await chainBench(true))
      rows.push({
        section: "4b. chain leaf → intermediate → root (bench/chain.ts)",
        what: `${c.kind}: ikecert ${fmt(c.ikecert.median)} µs, node ${fmt(c.node.median)} µs, pkijs ${fmt(c.pkijs.median)} µs`,
        value: "",
        ratio: c.speedup,
        ratioLabel: "x faster",
        target: "",
        met: null,
      });
  if (!SKIP.has("chain"))
    for (const c of await constraintBench(true))
      rows.push({
        section: "4c. name constraints and policies (bench/chain.ts)",
        what: `${c.release}: constrained chain ${fmt(c.constrained.min)} µs, plain ${fmt(c.plain.min)} µs (fastest rounds; per-round ratio below)`,
        value: `${c.fastest.toFixed(2)}x`,
        ratio: c.ratio,
        ratioLabel: "x of plain",
        target: "fastest <= 1.2x",
        met: c.fastest <= 1.2,
      });
}

if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
mkdirSync(CACHE, { recursive: true });
const certFile = join(ROOT, "certs-fixtures/sample/x509/gateway.pem");
if (!SKIP.has("identity")) {
  say(`building the ${CORPUS}-certificate corpus ...`);
  identityBench(makeCorpus(CORPUS));
}
if (!SKIP.has("start")) {
  say("cold start ...");
  startBench(certFile);
}
if (!SKIP.has("batch")) {
  say("batch ...");
  batchBench();
}
say("pair and chain ...");
await pairChain();
rows.push(
  ...wholeBench({
    root: ROOT,
    bin: BIN,
    cache: CACHE,
    repeats: Math.max(REPEATS, 5),
    leaves: env("BENCH_WHOLE", 1000),
    opensslLoop: env("BENCH_OPENSSL_LOOP", 100),
    skip: SKIP,
    longTimes: env("BENCH_WHOLE_LONG", 10),
  }),
);
printTable(rows, REPEATS);
