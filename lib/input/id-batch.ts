/**
 * Batch identity checks (`ikecert id --batch`, folder scans): JSON Lines in, one record out per
 * request, in input order, errors as records (a bad line or an unreadable file never stops the
 * stream). Requests are processed a bounded window at a time, so memory stays constant however
 * long the input is. Each record's `result` is exactly what `ikecert id CERT ID... --json` puts in
 * its `result`.
 */

import type { IdentityCheckOptions } from "../checks/identity.js";
import {
  type CertificateIdsResult,
  checkCertificateIds,
  quickCertificateIds,
} from "../checks/identity-batch.js";
import { IkecertError } from "../errors.js";
import type { Finding } from "../findings/index.js";
import { readFirstCertificate } from "./cert-file.js";
import { viewOf } from "./cert-view.js";
import type { LoadOptions } from "./load.js";

/** Longest input line accepted by default (bytes); longer lines become error records. */
export { DEFAULT_LINE_LIMIT as DEFAULT_BATCH_LINE_LIMIT } from "./lines.js";

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

/** A request line, or an IkecertError (BATCH_LINE_INVALID) saying what is wrong with it. */
export function parseBatchLine(text: string, line: number, defaultIds: string[] = []): BatchRequest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new IkecertError(
      "BATCH_LINE_INVALID",
      `line ${line}: not JSON (want {"cert": "file", "ids": ["id", ...]})`,
    );
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new IkecertError("BATCH_LINE_INVALID", `line ${line}: not a JSON object`);
  const o = v as Record<string, unknown>;
  if (typeof o.cert !== "string" || o.cert === "")
    throw new IkecertError("BATCH_LINE_INVALID", `line ${line}: "cert" must name a file`);
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
  const err =
    e instanceof IkecertError
      ? { code: e.code, message: e.message }
      : { code: "INTERNAL", message: e instanceof Error ? e.message.split("\n")[0]! : String(e) };
  return {
    ikecert: 1,
    command: "id",
    ...(line !== undefined ? { line } : {}),
    cert,
    ok: false,
    findings: [],
    result: null,
    error: err,
  };
}

export type BatchOptions = IdentityCheckOptions & LoadOptions;

/** Check one request: the fast lane when nothing needs explaining, else the full check. */
export async function checkBatchRequest(req: BatchRequest, opts: BatchOptions): Promise<BatchRecord> {
  try {
    const { cert, count } = await readFirstCertificate(req.cert, opts);
    const copts: IdentityCheckOptions = {
      strongswan: opts.strongswan,
      rdnMatching: opts.rdnMatching,
      regex: opts.regex ?? true,
      client: opts.client,
    };
    const r =
      (count === 1 ? quickCertificateIds(viewOf(cert), req.ids, copts, req.cert) : null) ??
      checkCertificateIds(cert, req.ids, copts, { file: req.cert, certCount: count });
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

export { type BatchLine, splitLines } from "./lines.js";
