/**
 * Request lines of `ikecert chain --batch`: JSON Lines of
 * `{"cert": "leaf.pem", "ca": ["root.pem", "x509ca/"], "intermediates": ["sub.pem"], "at": "2026-01-31"}`.
 * A line without "ca", "intermediates" or "at" takes the command line's --ca, --intermediate, --at.
 * Lines naming the same CA and intermediate files share one prepared pool (cli/commands/chain-batch.ts).
 */
import { IkecertError } from "../errors.js";
import { requestObject } from "./id-batch.js";

export interface ChainBatchRequest {
  /** 1-based input line (absent for folder scans) */
  line?: number;
  cert: string;
  /** trusted CA files or folders (swanctl's x509ca/) */
  ca: string[];
  /** untrusted intermediates the peer sends, files or folders */
  intermediates: string[];
  /** the moment validity is judged at, ISO 8601 (default now) */
  at?: string;
}

export interface ChainBatchDefaults {
  ca: string[];
  intermediates: string[];
  at?: string;
}

const WANT = '{"cert": "file", "ca": ["file", ...], "intermediates": ["file", ...], "at": "ISO time"}';

function files(o: Record<string, unknown>, key: string, line: number, dflt: string[]): string[] {
  const v = o[key];
  if (v === undefined) return dflt;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string" && x !== ""))
    throw new IkecertError("BATCH_LINE_INVALID", `line ${line}: "${key}" must be a list of files`);
  return v as string[];
}

/** A request line, or an IkecertError (BATCH_LINE_INVALID) saying what is wrong with it. */
export function parseChainBatchLine(text: string, line: number, d: ChainBatchDefaults): ChainBatchRequest {
  const o = requestObject(text, line, WANT);
  const ca = files(o, "ca", line, d.ca);
  const intermediates = files(o, "intermediates", line, d.intermediates);
  let at = d.at;
  if (o.at !== undefined) {
    if (typeof o.at !== "string" || Number.isNaN(new Date(o.at).getTime()))
      throw new IkecertError(
        "BATCH_LINE_INVALID",
        `line ${line}: "at" must be a time, e.g. "2026-01-31" or "2026-01-31T12:00:00Z"`,
      );
    at = o.at;
  }
  return { line, cert: o.cert, ca, intermediates, ...(at !== undefined ? { at } : {}) };
}
