import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { IkecertError } from "../../lib/index.js";
import { Rng } from "./mutate.js";
import type { FuzzInput, FuzzTarget } from "./targets.js";

/** Every input must end (result or IkecertError) within this many milliseconds. */
export const TIME_LIMIT_MS = 50;

/** The first inputs of each target run while the JIT warms up and lazy modules load: not timed. */
export const WARM_UP = 100;

export interface FuzzOptions {
  seed: number;
  /** stop after this many inputs in all (shared round-robin by the targets) */
  inputs: number;
  /** and/or after this many seconds */
  seconds?: number;
  /** sample the heap every this many inputs (after a full GC when it can be forced) */
  heapEvery?: number;
  onProgress?: (s: FuzzStats) => void;
}

export interface InputRecord {
  target: string;
  index: number;
  kind: string;
  /** the seed of the target's own randomness for this input (passphrase choice, options) */
  runSeed: number;
  ms: number;
  size: number;
  preview: string;
  input: FuzzInput;
}

export interface Failure extends InputRecord {
  /** "escaped" (not an IkecertError), "bad-message" (an IkecertError not on one line), "slow" */
  problem: "escaped" | "bad-message" | "slow";
  error: string;
}

export interface TargetStats {
  inputs: number;
  ikecertErrors: number;
  slowest: InputRecord | null;
}

export interface FuzzStats {
  seed: number;
  inputs: number;
  seconds: number;
  exceptions: number;
  failures: Failure[];
  /** inputs over the limit during the run but not when timed again alone (machine contention) */
  slowInContention: Array<Failure & { retimedMs: number }>;
  targets: Record<string, TargetStats>;
  /** heapUsed samples in bytes (after GC when available) */
  heap: number[];
  peakHeapUsed: number;
  peakRss: number;
  gcForced: boolean;
}

/** A forced GC makes heap samples comparable; node only offers one behind --expose-gc. */
function gcFunction(): (() => void) | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return null;
  }
}

export function preview(input: FuzzInput, max = 160): string {
  if (typeof input === "string") {
    const s = JSON.stringify(input.length > max ? input.slice(0, max) : input);
    return input.length > max ? `${s}… (${input.length} chars)` : s;
  }
  const hex = Buffer.from(input.subarray(0, max / 2)).toString("hex");
  return input.length > max / 2 ? `${hex}… (${input.length} bytes)` : hex;
}

async function timed(t: FuzzTarget, input: FuzzInput, seed: number): Promise<{ ms: number; error: unknown }> {
  const rng = new Rng(seed);
  const start = performance.now();
  let error: unknown = null;
  try {
    await t.run(input, rng);
  } catch (e) {
    error = e ?? new Error("thrown undefined");
  }
  return { ms: performance.now() - start, error };
}

export async function runFuzz(targets: FuzzTarget[], o: FuzzOptions): Promise<FuzzStats> {
  const gc = gcFunction();
  const rng = new Rng(o.seed);
  const stats: FuzzStats = {
    seed: o.seed,
    inputs: 0,
    seconds: 0,
    exceptions: 0,
    failures: [],
    slowInContention: [],
    targets: Object.fromEntries(targets.map((t) => [t.name, { inputs: 0, ikecertErrors: 0, slowest: null }])),
    heap: [],
    peakHeapUsed: 0,
    peakRss: 0,
    gcForced: gc !== null,
  };
  const heapEvery = o.heapEvery ?? 5000;
  const sample = () => {
    gc?.();
    const m = process.memoryUsage();
    stats.heap.push(m.heapUsed);
    stats.peakHeapUsed = Math.max(stats.peakHeapUsed, m.heapUsed);
    stats.peakRss = Math.max(stats.peakRss, m.rss);
  };
  sample();
  const t0 = performance.now();
  const deadline = o.seconds ? t0 + o.seconds * 1000 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < o.inputs && performance.now() < deadline; i++) {
    const t = targets[i % targets.length]!;
    const { input, kind } = t.next(rng);
    const runSeed = rng.u32();
    let { ms, error } = await timed(t, input, runSeed);
    // a shared machine stalls now and then: a slow input counts only if it is slow every time
    for (let retry = 0; ms > TIME_LIMIT_MS && retry < 2; retry++)
      ms = Math.min(ms, (await timed(t, input, runSeed)).ms);
    const ts = stats.targets[t.name]!;
    ts.inputs++;
    stats.inputs++;
    const rec: InputRecord = {
      target: t.name,
      index: i,
      kind,
      ms,
      size: input.length,
      preview: preview(input),
      input,
    };
    if (!ts.slowest || ms > ts.slowest.ms) ts.slowest = rec;
    if (error instanceof IkecertError) {
      ts.ikecertErrors++;
      if (!error.message || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(error.message))
        stats.failures.push({ ...rec, problem: "bad-message", error: JSON.stringify(error.message) });
    } else if (error !== null) {
      stats.exceptions++;
      const e = error as Error;
      stats.failures.push({
        ...rec,
        problem: "escaped",
        error: `${e?.name}: ${e?.message}\n${e?.stack ?? ""}`,
      });
    }
    if (ms > TIME_LIMIT_MS && ts.inputs > WARM_UP)
      stats.failures.push({ ...rec, problem: "slow", error: `${ms.toFixed(1)} ms` });
    if ((i + 1) % heapEvery === 0) {
      sample();
      stats.seconds = (performance.now() - t0) / 1000;
      o.onProgress?.(stats);
    }
  }
  sample();
  stats.seconds = (performance.now() - t0) / 1000;
  // A slow input is timed again on its own (5 runs, the fastest counts): on a shared machine a run
  // can be slow three times in a row because of other processes. What is still slow stays a failure.
  const slow = stats.failures.filter((f) => f.problem === "slow");
  for (const f of slow) {
    const t = targets.find((x) => x.name === f.target)!;
    let best = f.ms;
    for (let k = 0; k < 5 && best > TIME_LIMIT_MS; k++)
      best = Math.min(best, (await timed(t, f.input, f.runSeed)).ms);
    if (best <= TIME_LIMIT_MS) {
      stats.failures.splice(stats.failures.indexOf(f), 1);
      stats.slowInContention.push({ ...f, retimedMs: best });
    }
  }
  return stats;
}

/**
 * Heap growth over the run: the median of the last samples minus the median of the samples after a
 * warm-up (caches, lazily loaded modules). Bytes.
 */
export function heapGrowth(heap: number[]): number {
  if (heap.length < 6) return 0;
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const warm = Math.max(2, Math.floor(heap.length / 5));
  const early = heap.slice(warm, warm + 3);
  const late = heap.slice(-3);
  return med(late) - med(early);
}
