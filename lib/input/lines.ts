/**
 * Lines of a byte stream with a bound on each line: what every line reader uses (`id --batch`,
 * `explain --log`), through readLines of lib/input/files.ts, which also bounds the total.
 */

/** Longest line accepted by default (bytes), for `--max-line`. */
export const DEFAULT_LINE_LIMIT = 64 * 1024;

/**
 * Most bytes `explain --log` reads by default (`--max-input`): the log is held and explained whole;
 * 16 MiB is some 150,000 charon lines, a busy gateway's day (`journalctl --since today`).
 */
export const DEFAULT_LOG_INPUT = 16 * 1024 * 1024;

/**
 * Most bytes `id --batch` reads by default (`--max-input`): lines are checked as they stream by, so
 * this bounds the run, not the memory (256 MiB is some two million requests).
 */
export const DEFAULT_BATCH_INPUT = 256 * 1024 * 1024;

export type BatchLine = { line: number; text: string } | { line: number; tooLong: number };

/**
 * Split a byte stream into lines (\n or \r\n) holding at most `maxBytes` each: a longer line is
 * reported (with its length) and skipped without being kept in memory. Empty lines are skipped.
 * With `stopAtTooLong`, the first longer line is reported as soon as it passes the limit (with the
 * bytes seen so far) and the stream is not read further: a stream of one endless line ends there.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes = DEFAULT_LINE_LIMIT,
  stopAtTooLong = false,
): AsyncGenerator<BatchLine> {
  let parts: Buffer[] = [];
  let total = 0; // bytes of the current line so far
  let dropping = false; // the current line is over the limit: count it, keep nothing
  let line = 0;
  function finish(): BatchLine | null {
    line++;
    let out: BatchLine | null = null;
    if (dropping) out = { line, tooLong: total };
    else {
      let text = Buffer.concat(parts, total).toString("utf8");
      if (text.endsWith("\r")) text = text.slice(0, -1);
      if (text.trim() !== "") out = { line, text };
    }
    parts = [];
    total = 0;
    dropping = false;
    return out;
  }
  for await (const c of chunks) {
    const buf = typeof c === "string" ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      const end = nl < 0 ? buf.length : nl;
      total += end - start;
      if (!dropping && total > maxBytes) {
        if (stopAtTooLong) {
          yield { line: line + 1, tooLong: total };
          return;
        }
        dropping = true;
        parts = [];
      } else if (!dropping && end > start) parts.push(Buffer.from(buf.subarray(start, end)));
      if (nl < 0) break;
      const l = finish();
      if (l) yield l;
      start = nl + 1;
    }
  }
  if (total > 0 || dropping) {
    const l = finish();
    if (l) yield l;
  }
}
