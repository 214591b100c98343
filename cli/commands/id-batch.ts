/**
 * `ikecert id --batch FILE|-` and `ikecert id DIR --id X`: many certificates, one JSON line (or one
 * text line) each, in input order, streaming. `--jobs N` spreads the checks over N worker threads
 * (the main thread reads, orders and writes).
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { AppliedRelease } from "../../lib/input/strongswan-release.js";
import { lazyImport } from "../../lib/lazy-import.js";
import {
  type BatchOptions,
  type BatchRecord,
  type BatchRequest,
  checkBatchRequest,
  errorRecord,
  mapOrdered,
  parseBatchLine,
} from "../../lib/run/id-batch.js";
import { type BatchLimits, errorLine, folderItems, jsonLineItems, writeRecords } from "../batch.js";
import { passphraseSource } from "../load-options.js"; // not common.ts: the fast bundle has no commander
import { paint } from "../render.js";
import { WORKER_ARG } from "../worker-arg.js";

export interface BatchRun {
  options: BatchOptions;
  /** for workers, which rebuild the passphrase source (a function cannot cross threads) */
  passphraseFile?: string;
  jobs: number;
  json: boolean;
  /** write text lines instead of JSON Lines (folder scans without --json) */
  text?: boolean;
  /** whose rules apply: said in every record, or in the first text line */
  release?: AppliedRelease;
}

type Item = BatchRequest | BatchRecord;
const isRecord = (x: Item): x is BatchRecord => "ikecert" in x;

/** Groups of `n` (messages to workers carry a group, not one line). */
async function* groups<T>(items: AsyncIterable<T>, n: number): AsyncGenerator<T[]> {
  let g: T[] = [];
  for await (const x of items) {
    g.push(x);
    if (g.length >= n) {
      yield g;
      g = [];
    }
  }
  if (g.length) yield g;
}

interface Pool {
  run(group: Item[]): Promise<BatchRecord[]>;
  close(): Promise<void>;
}

/** N worker threads running the same CLI script in worker mode (cli/main.ts, cli/fast-id-main.ts). */
async function workerPool(jobs: number, b: BatchRun): Promise<Pool> {
  // loaded here, not at start-up: only --jobs needs threads
  const { Worker } = await lazyImport<typeof import("node:worker_threads")>("node:worker_threads");
  const script = pathToFileURL(realpathSync(process.argv[1]!));
  const { passphrase: _p, ...plain } = b.options; // functions do not cross threads
  const workers = Array.from({ length: jobs }, () => {
    const w = new Worker(script, {
      argv: [WORKER_ARG],
      workerData: { ikecert: "id-batch", options: plain, passphraseFile: b.passphraseFile },
    });
    const waiting = new Map<number, (r: BatchRecord[]) => void>();
    w.on("message", (m: { seq: number; records: BatchRecord[] }) => {
      waiting.get(m.seq)?.(m.records);
      waiting.delete(m.seq);
    });
    return { w, waiting, busy: 0 };
  });
  let seq = 0;
  return {
    run(group) {
      const todo = group.filter((x): x is BatchRequest => !isRecord(x));
      const pick = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const s = seq++;
      pick.busy++;
      return new Promise<BatchRecord[]>((resolve) => {
        pick.waiting.set(s, (records) => {
          pick.busy--;
          let i = 0;
          resolve(group.map((x) => (isRecord(x) ? x : records[i++]!)));
        });
        pick.w.postMessage({ seq: s, requests: todo });
      });
    },
    async close() {
      await Promise.all(workers.map((x) => x.w.terminate()));
    },
  };
}

/** The worker side (cli/main.ts starts it in a worker thread): answer groups of requests. */
export async function serveIdBatchWorker(): Promise<void> {
  const { isMainThread, parentPort, workerData } =
    await lazyImport<typeof import("node:worker_threads")>("node:worker_threads");
  if (isMainThread || workerData?.ikecert !== "id-batch") {
    process.stderr.write(`ikecert: ${WORKER_ARG} is internal (a worker thread of id --batch)\n`);
    process.exit(2);
  }
  const port = parentPort!;
  const data = workerData as { options: BatchOptions; passphraseFile?: string };
  const options = { ...data.options, passphrase: passphraseSource({ passphraseFile: data.passphraseFile }) };
  port.on("message", async (m: { seq: number; requests: BatchRequest[] }) => {
    const records: BatchRecord[] = [];
    for (const r of m.requests) records.push(await checkBatchRequest(r, options));
    port.postMessage({ seq: m.seq, records });
  });
}

function textLine(r: BatchRecord): string {
  if (r.error) return errorLine(r);
  const ids = r.result!.identities;
  const proven = ids.filter((i) => i.matches).length;
  const worst = r.findings.find((f) => f.severity === "error") ?? r.findings[0];
  return `${r.ok ? paint("OK", "green") : paint("FAIL", "red")} ${r.cert}: ${proven} of ${ids.length} proven${
    ids.length === 1 && ids[0]!.via ? ` (${ids[0]!.via.kind} ${ids[0]!.via.value})` : ""
  }${worst ? ` — ${worst.code}` : ""}\n`;
}

/** Run a batch or a folder scan; returns the exit code (0 all ok, 1 a check failed, 2 an error record). */
async function run(items: AsyncIterable<Item>, b: BatchRun): Promise<number> {
  const text = b.text ? textLine : undefined;
  // one line at a time: the file is read synchronously, so a window would only keep records alive
  // longer (more for the young-generation GC to copy: measured in docs/speed.md)
  if (b.jobs <= 1)
    return writeRecords(
      mapOrdered(items, (x) => (isRecord(x) ? Promise.resolve(x) : checkBatchRequest(x, b.options)), 1),
      "certificates",
      text,
      b.release,
    );
  const pool = await workerPool(b.jobs, b);
  async function* records(): AsyncGenerator<BatchRecord> {
    for await (const g of mapOrdered(groups(items, 64), (g) => pool.run(g), 4 * b.jobs)) yield* g;
  }
  try {
    return await writeRecords(records(), "certificates", text, b.release);
  } finally {
    await pool.close();
  }
}

export function runIdBatch(
  source: string,
  limits: BatchLimits,
  defaultIds: string[],
  b: BatchRun,
): Promise<number> {
  return run(
    jsonLineItems(source, limits, (t, l) => parseBatchLine(t, l, defaultIds), errorRecord),
    b,
  );
}

export function runIdFolders(dirs: string[], ids: string[], b: BatchRun): Promise<number> {
  return run(
    folderItems(dirs, (cert): BatchRequest => ({ cert, ids }), errorRecord),
    b,
  );
}
