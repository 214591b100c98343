/**
 * `npm run fuzz -- [--seed N] [--inputs N] [--seconds S] [--target NAME]`: the fuzz harness as a long
 * run. Prints per-target figures and the slowest input of each target; writes every failing input to
 * .tmp/fuzz-failures/ and exits 1 when there is one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { heapGrowth, runFuzz, TIME_LIMIT_MS } from "./engine.js";
import { findRoot, makeTargets } from "./targets.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = Number(arg("seed") ?? Math.floor(Math.random() * 2 ** 31));
const inputs = Number(arg("inputs") ?? 1_000_000);
const seconds = arg("seconds") ? Number(arg("seconds")) : undefined;
const only = arg("target");
const root = findRoot();
let targets = makeTargets({ root });
if (only) targets = targets.filter((t) => t.name === only);
if (targets.length === 0) throw new Error(`no target ${only}`);

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
process.stderr.write(
  `fuzz: seed ${seed}, up to ${inputs} inputs${seconds ? ` or ${seconds} s` : ""}, ${targets.length} targets: ${targets.map((t) => t.name).join(", ")}\n`,
);
const stats = await runFuzz(targets, {
  seed,
  inputs,
  seconds,
  heapEvery: 10_000,
  onProgress: (s) => {
    if (s.inputs % 100_000 === 0)
      process.stderr.write(
        `  ${s.inputs} inputs, ${s.seconds.toFixed(0)} s, exceptions ${s.exceptions}, failures ${s.failures.length}, heapUsed ${mb(s.heap.at(-1)!)}\n`,
      );
  },
});

const lines = [
  `seed ${stats.seed}: ${stats.inputs} inputs in ${stats.seconds.toFixed(1)} s, exceptions: ${stats.exceptions}, failures: ${stats.failures.length}`,
  `heapUsed after GC: first ${mb(stats.heap[0]!)}, peak ${mb(stats.peakHeapUsed)}, last ${mb(stats.heap.at(-1)!)}, growth after warm-up ${mb(heapGrowth(stats.heap))}; peak RSS ${mb(stats.peakRss)}${stats.gcForced ? "" : " (no forced GC)"}`,
  `time limit ${TIME_LIMIT_MS} ms per input; slowest input of each target:`,
];
for (const [name, t] of Object.entries(stats.targets))
  lines.push(
    `  ${name.padEnd(17)} ${String(t.inputs).padStart(8)} inputs, ${String(t.ikecertErrors).padStart(8)} IkecertError, slowest ${t.slowest?.ms.toFixed(2)} ms (${t.slowest?.kind}, ${t.slowest?.size} ${typeof t.slowest?.input === "string" ? "chars" : "bytes"})`,
  );
if (stats.slowInContention.length) {
  lines.push(
    `${stats.slowInContention.length} input(s) took over ${TIME_LIMIT_MS} ms three times during the run but not when timed again alone (other processes):`,
  );
  for (const f of stats.slowInContention.slice(0, 20))
    lines.push(
      `  ${f.target} #${f.index} (${f.kind}): ${f.ms.toFixed(1)} ms in the run, ${f.retimedMs.toFixed(1)} ms alone`,
    );
}
process.stdout.write(`${lines.join("\n")}\n`);
if (stats.failures.length) {
  const dir = join(root, ".tmp/fuzz-failures");
  mkdirSync(dir, { recursive: true });
  for (const f of stats.failures.slice(0, 200)) {
    const base = join(dir, `${f.target}-${f.index}`);
    writeFileSync(`${base}.input`, f.input);
    writeFileSync(`${base}.txt`, `${f.problem} (${f.kind}, ${f.ms.toFixed(1)} ms)\n${f.error}\n`);
    process.stdout.write(
      `FAIL ${f.target} #${f.index} ${f.problem} (${f.kind}): ${f.error.split("\n")[0]}\n  ${f.preview}\n`,
    );
  }
  process.stdout.write(`failing inputs written to ${dir}\n`);
  process.exit(1);
}
