/**
 * `ikecert id --batch FILE|-` and `ikecert id DIR --id X`: many certificates, one JSON line (or one
 * text line) each, in input order, streaming. `--jobs N` spreads the checks over N worker threads
 * (the main thread reads, orders and writes).
 */
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type BatchOptions,
  type BatchRecord,
  type BatchRequest,
  checkBatchRequest,
  errorRecord,
  IkecertError,
  listFolder,
  mapOrdered,
  parseBatchLine,
  readLines,
  STDIN,
} from "../../lib/index.js";
import { passphraseSource } from "../common.js";
import { paint } from "../render.js";

export interface BatchRun {
  options: BatchOptions;
  /** for workers, which rebuild the passphrase source (a function cannot cross threads) */
  passphraseFile?: string;
  jobs: number;
  json: boolean;
  /** write text lines instead of JSON Lines (folder scans without --json) */
  text?: boolean;
}

type Item = BatchRequest | BatchRecord;
const isRecord = (x: Item): x is BatchRecord => "ikecert" in x;

/** Requests from JSON Lines; bad lines become error records in place. */
async function* batchItems(
  source: string,
  maxLine: number,
  maxInput: number,
  defaultIds: string[],
): AsyncGenerator<Item> {
  const lines = readLines(source, {
    maxLine,
    maxBytes: maxInput,
    limitFlag: "--max-input",
    label: `--batch ${source === STDIN ? "- (stdin)" : source}`,
  });
  for await (const l of lines) {
    if ("tooLong" in l)
      yield errorRecord(
        new IkecertError(
          "BATCH_LINE_TOO_LONG",
          `line ${l.line}: ${l.tooLong} bytes is over the line limit of ${maxLine} (raise it with --max-line)`,
        ),
        l.line,
      );
    else
      try {
        yield parseBatchLine(l.text, l.line, defaultIds);
      } catch (e) {
        yield errorRecord(e, l.line);
      }
  }
}

/** The files of a folder (sorted, not recursive, no dot files), as requests. */
async function* folderItems(dirs: string[], ids: string[]): AsyncGenerator<Item> {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = listFolder(dir)
        .filter((d) => !d.name.startsWith(".") && (d.kind === "file" || d.link))
        .map((d) => d.name);
    } catch (e) {
      yield errorRecord(
        e instanceof IkecertError
          ? e
          : new IkecertError(
              "FILE_UNREADABLE",
              `${dir}: cannot read the folder (${(e as NodeJS.ErrnoException).code ?? "error"})`,
            ),
        undefined,
        dir,
      );
      continue;
    }
    for (const n of names) yield { cert: join(dir, n), ids };
  }
}

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

/** argv[2] of a worker thread: cli/main.ts then serves batch requests instead of parsing a command. */
export const WORKER_ARG = "--ikecert-id-batch-worker";

interface Pool {
  run(group: Item[]): Promise<BatchRecord[]>;
  close(): Promise<void>;
}

/** N worker threads running the same CLI script in worker mode (cli/main.ts). */
async function workerPool(jobs: number, b: BatchRun): Promise<Pool> {
  // loaded here, not at start-up: only --jobs needs threads
  const { Worker } = await import("node:worker_threads");
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
  const { isMainThread, parentPort, workerData } = await import("node:worker_threads");
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
  if (r.error) return `${paint("ERROR", "red")} ${r.cert ?? `line ${r.line}`}: ${r.error.message}\n`;
  const ids = r.result!.identities;
  const proven = ids.filter((i) => i.matches).length;
  const worst = r.findings.find((f) => f.severity === "error") ?? r.findings[0];
  return `${r.ok ? paint("OK", "green") : paint("FAIL", "red")} ${r.cert}: ${proven} of ${ids.length} proven${
    ids.length === 1 && ids[0]!.via ? ` (${ids[0]!.via.kind} ${ids[0]!.via.value})` : ""
  }${worst ? ` — ${worst.code}` : ""}\n`;
}

/** Buffered stdout with backpressure (a slow reader of the output slows the batch, memory stays flat). */
function output(): { write(s: string): Promise<void>; flush(): Promise<void> } {
  let buf = "";
  const drain = () =>
    new Promise<void>((resolve) => {
      if (process.stdout.write(buf)) resolve();
      else process.stdout.once("drain", () => resolve());
      buf = "";
    });
  return {
    async write(s) {
      buf += s;
      if (buf.length > 64 * 1024) await drain();
    },
    async flush() {
      if (buf) await drain();
    },
  };
}

/** Run a batch or a folder scan; returns the exit code (0 all ok, 1 a check failed, 2 an error record). */
async function run(items: AsyncIterable<Item>, b: BatchRun): Promise<number> {
  const out = output();
  const progress = process.stderr.isTTY && !process.env.CI;
  let n = 0;
  let failed = 0;
  let errors = 0;
  let last = Date.now();
  const emit = async (r: BatchRecord) => {
    n++;
    if (r.error) errors++;
    else if (!r.ok) failed++;
    await out.write(b.text ? textLine(r) : `${JSON.stringify(r)}\n`);
    if (progress && Date.now() - last > 200) {
      last = Date.now();
      process.stderr.write(`\r${n} certificates checked, ${failed} failed, ${errors} unusable`);
    }
  };
  if (b.jobs > 1) {
    const pool = await workerPool(b.jobs, b);
    try {
      for await (const g of mapOrdered(groups(items, 64), (g) => pool.run(g), 4 * b.jobs))
        for (const r of g) await emit(r);
    } finally {
      await pool.close();
    }
  } else {
    for await (const r of mapOrdered(
      items,
      (x) => (isRecord(x) ? Promise.resolve(x) : checkBatchRequest(x, b.options)),
      32,
    ))
      await emit(r);
  }
  await out.flush();
  if (progress) process.stderr.write(`\r${n} certificates checked, ${failed} failed, ${errors} unusable\n`);
  return errors ? 2 : failed ? 1 : 0;
}

export function runIdBatch(
  source: string,
  limits: { maxLine: number; maxInput: number },
  defaultIds: string[],
  b: BatchRun,
): Promise<number> {
  return run(batchItems(source, limits.maxLine, limits.maxInput, defaultIds), b);
}

export function runIdFolders(dirs: string[], ids: string[], b: BatchRun): Promise<number> {
  return run(folderItems(dirs, ids), b);
}
