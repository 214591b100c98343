/**
 * `ikecert chain --batch FILE|-` and `ikecert chain DIR --ca DIR`: many end entities, one JSON line
 * (or one text line) each, in input order, streaming. Lines that name the same CA and intermediate
 * files share one prepared pool (parsed, sorted and with its own links verified once); each line is
 * read and checked in turn.
 */

import type { Finding } from "../../lib/findings/types.js";
import type { LoadOptions } from "../../lib/input/load.js";
import type { AppliedRelease } from "../../lib/input/strongswan-release.js";
import { type ChainBatchRequest, parseChainBatchLine } from "../../lib/run/chain-batch.js";
import { errorRecordOf, mapOrdered } from "../../lib/run/id-batch.js";

import { type BatchLimits, errorLine, folderItems, jsonLineItems, writeRecords } from "../batch.js";
import { paint } from "../render.js";
import {
  type ChainCheck,
  type ChainCheckOptions,
  checkChain,
  loadTrust,
  readEndEntity,
  type Trust,
} from "./chain-check.js";

export interface ChainRun {
  check: ChainCheckOptions;
  load: LoadOptions;
  /** --ca and --intermediate: the default of lines without "ca" / "intermediates" */
  ca: string[];
  intermediates: string[];
  json: boolean;
  /** whose rules apply: said in every record, or in the first text line */
  release?: AppliedRelease;
}

export interface ChainBatchRecord {
  ikecert: 1;
  command: "chain";
  line?: number;
  cert: string | null;
  ok: boolean;
  findings: Finding[];
  result: ChainCheck["json"] | null;
  error?: { code: string; message: string };
}

const errorRecord = (e: unknown, line?: number, cert: string | null = null): ChainBatchRecord =>
  errorRecordOf("chain", e, line, cert);
type Item = ChainBatchRequest | ChainBatchRecord;
const isRecord = (x: Item): x is ChainBatchRecord => "ikecert" in x;

/** Prepared pools by their files; a few kept (a batch usually names one set of CAs). */
function trustCache(
  load: LoadOptions,
  check: ChainCheckOptions,
  size = 8,
): (ca: string[], intermediates: string[]) => Promise<Trust> {
  // the CRLs and plugin settings were read once for the run: every pool shares them
  const extras = { plugins: check.plugins, crls: check.crls };
  const pools = new Map<string, Promise<Trust>>();
  return (ca, intermediates) => {
    const key = JSON.stringify([ca, intermediates]);
    let p = pools.get(key);
    if (p) {
      pools.delete(key); // most recently used last
    } else {
      p = loadTrust(ca, intermediates, load, check.strongswan, extras);
      p.catch(() => {}); // a failed load is answered on every line that names it
      if (pools.size >= size) pools.delete(pools.keys().next().value!);
    }
    pools.set(key, p);
    return p;
  };
}

function record(req: ChainBatchRequest, c: ChainCheck): ChainBatchRecord {
  const r = c.result;
  return {
    ikecert: 1,
    command: "chain",
    ...(req.line !== undefined ? { line: req.line } : {}),
    cert: req.cert,
    ok: r.trusted,
    findings: r.findings,
    result: c.json,
  };
}

function textLine(r: ChainBatchRecord): string {
  if (r.error) return errorLine(r);
  const res = r.result!;
  if (res.trusted) {
    const top = res.chain[res.chain.length - 1]!;
    return `${paint("OK", "green")} ${r.cert}: trusted chain of ${res.chain.length} to "${top.subject}"\n`;
  }
  const worst = r.findings.find((f) => f.severity === "error") ?? r.findings[0];
  return `${paint("FAIL", "red")} ${r.cert}: no trusted chain (${res.decidedBy})${worst ? ` — ${worst.code}` : ""}\n`;
}

function run(items: AsyncIterable<Item>, b: ChainRun, text: boolean): Promise<number> {
  const trust = trustCache(b.load, b.check);
  const now = b.check.at;
  // the pool is read once; each line's end entity when its line comes
  const check = async (x: Item): Promise<ChainBatchRecord> => {
    if (isRecord(x)) return x;
    try {
      const inFile = await readEndEntity(x.cert, b.load);
      const t = await trust(x.ca, x.intermediates);
      // signatures are verified in line by buildChain: on two busy cores, handing them to the thread
      // pool (verifyAhead) cost more main-thread time than it saved (docs/speed.md)
      return record(x, checkChain(x.cert, inFile, t, { ...b.check, at: x.at ? new Date(x.at) : now }));
    } catch (e) {
      return errorRecord(e, x.line, x.cert);
    }
  };
  return writeRecords(mapOrdered(items, check, 1), "certificates", text ? textLine : undefined, b.release);
}

export function runChainBatch(
  source: string,
  limits: BatchLimits,
  at: string | undefined,
  b: ChainRun,
): Promise<number> {
  const d = { ca: b.ca, intermediates: b.intermediates, ...(at !== undefined ? { at } : {}) };
  return run(
    jsonLineItems(source, limits, (t, l) => parseChainBatchLine(t, l, d), errorRecord),
    b,
    false,
  );
}

export function runChainFolders(dirs: string[], b: ChainRun): Promise<number> {
  return run(
    folderItems(
      dirs,
      (cert): ChainBatchRequest => ({ cert, ca: b.ca, intermediates: b.intermediates }),
      errorRecord,
    ),
    b,
    !b.json,
  );
}
