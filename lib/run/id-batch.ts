/**
 * Batch identity checks (`ikecert id --batch`, folder scans): JSON Lines in, one record out per
 * request, in input order, errors as records (a bad line or an unreadable file never stops the
 * stream). Requests are processed a bounded window at a time, so memory stays constant however
 * long the input is. Each record's `result` is exactly what `ikecert id CERT ID... --json` puts in
 * its `result`.
 */

import type { IdentityCheckOptions } from "../checks/identity.js";
import { type CertificateIdsResult, checkCertificateIds } from "../checks/identity-batch.js";
import { IkecertError } from "../errors.js";
import type { Finding } from "../findings/index.js";
import { readFirstCertificate } from "../input/cert-file.js";
import type { LoadOptions } from "../input/load.js";

/** Longest input line accepted by default (bytes); longer lines become error records. */
export { DEFAULT_LINE_LIMIT as DEFAULT_BATCH_LINE_LIMIT } from "../input/lines.js";

export interface BatchRequest {
  /** 1-based input line (absent for folder scans) */
  line?: number;
  cert: string;
  ids: string[];
}

export interface BatchRecord {
  ikecert: 1;
  command: "id";
  line?: number;
  cert: string | null;
  ok: boolean;
  findings: Finding[];
  result: Omit<CertificateIdsResult, "ok" | "findings"> | null;
  /** the reason a line or its file could not be checked (then result is null) */
  error?: { code: string; message: string };
}

/**
 * The JSON object of a request line naming a "cert" file, or an IkecertError (BATCH_LINE_INVALID);
 * `want` shows the expected line in the message.
 */
export function requestObject(
  text: string,
  line: number,
  want: string,
): Record<string, unknown> & { cert: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new IkecertError("BATCH_LINE_INVALID", `line ${line}: not JSON (want ${want})`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new IkecertError("BATCH_LINE_INVALID", `line ${line}: not a JSON object`);
  const o = v as Record<string, unknown>;
  if (typeof o.cert !== "string" || o.cert === "")
    throw new IkecertError("BATCH_LINE_INVALID", `line ${line}: "cert" must name a file`);
  return o as Record<string, unknown> & { cert: string };
}

/** A request line, or an IkecertError (BATCH_LINE_INVALID) saying what is wrong with it. */
export function parseBatchLine(text: string, line: number, defaultIds: string[] = []): BatchRequest {
  const o = requestObject(text, line, '{"cert": "file", "ids": ["id", ...]}');
  let ids = defaultIds;
  if (o.ids !== undefined) {
    if (!Array.isArray(o.ids) || !o.ids.every((x) => typeof x === "string"))
      throw new IkecertError("BATCH_LINE_INVALID", `line ${line}: "ids" must be a list of strings`);
    ids = o.ids as string[];
  }
  if (ids.length === 0)
    throw new IkecertError("BATCH_LINE_INVALID", `line ${line}: no ids (give "ids" or --id)`);
  return { line, cert: o.cert, ids };
}

export function errorRecord(e: unknown, line?: number, cert: string | null = null): BatchRecord {
  return errorRecordOf("id", e, line, cert);
}

/** The record of a line or file that could not be checked, for the batch of `command`. */
export function errorRecordOf<C extends string>(
  command: C,
  e: unknown,
  line?: number,
  cert: string | null = null,
): {
  ikecert: 1;
  command: C;
  line?: number;
  cert: string | null;
  ok: false;
  findings: Finding[];
  result: null;
  error: { code: string; message: string };
} {
  const err =
    e instanceof IkecertError
      ? { code: e.code, message: e.message }
      : { code: "INTERNAL", message: e instanceof Error ? e.message.split("\n")[0]! : String(e) };
  return {
    ikecert: 1,
    command,
    ...(line !== undefined ? { line } : {}),
    cert,
    ok: false,
    findings: [],
    result: null,
    error: err,
  };
}

export type BatchOptions = IdentityCheckOptions & LoadOptions;

/** Check one request: the `id` command's answer for its certificate file and ids. */
export async function checkBatchRequest(req: BatchRequest, opts: BatchOptions): Promise<BatchRecord> {
  try {
    // read with plain syscalls: for a local file they cost less than the thread pool's round trips
    // (measured in docs/speed.md); --jobs overlaps reads on slow storage
    const { cert, count } = await readFirstCertificate(req.cert, opts);
    const copts: IdentityCheckOptions = {
      strongswan: opts.strongswan,
      rdnMatching: opts.rdnMatching,
      regex: opts.regex ?? true,
      client: opts.client,
    };
    // the certificate is parsed already: the full check costs what the quick lane would on a line
    // where every id is proven, and a miss is explained without matching twice
    const r = checkCertificateIds(cert, req.ids, copts, { file: req.cert, certCount: count });
    return {
      ikecert: 1,
      command: "id",
      ...(req.line !== undefined ? { line: req.line } : {}),
      cert: req.cert,
      ok: r.ok,
      findings: r.findings,
      result: { certificate: r.certificate, identities: r.identities },
    };
  } catch (e) {
    return errorRecord(e, req.line, req.cert);
  }
}

/**
 * Map `fn` over `items` with at most `window` calls in flight, yielding results in input order.
 * Memory is bounded by the window, not by the input.
 */
export async function* mapOrdered<T, R>(
  items: AsyncIterable<T> | Iterable<T>,
  fn: (item: T) => Promise<R>,
  window = 32,
): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  for await (const item of items) {
    pending.push(fn(item));
    if (pending.length >= window) yield await pending.shift()!;
  }
  while (pending.length) yield await pending.shift()!;
}

export { type BatchLine, splitLines } from "../input/lines.js";
