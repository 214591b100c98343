/**
 * The streaming parts every batch command shares (`id --batch`, `chain --batch`, folder scans):
 * request lines from a file or stdin (bad lines become error records in place), the files of
 * folders as requests, and the writer: one line per record in input order, buffered with
 * backpressure, progress on a terminal only, and the exit code (0 all ok, 1 a check failed, 2 a
 * line or file could not be checked).
 */
import { join } from "node:path";
import { IkecertError } from "../lib/errors.js";
import { readLines, STDIN } from "../lib/input/files.js";
import { listFolder } from "../lib/input/folders.js";
import { type AppliedRelease, describeApplied, releaseJson } from "../lib/input/strongswan-release.js";

import { paint } from "./render.js";
import { writeOut } from "./stdout.js";

/** What every record has (the id and chain records are of this shape). */
export interface RecordLike {
  ok: boolean;
  error?: { code: string; message: string };
}

export type MakeError<R> = (e: unknown, line?: number, cert?: string | null) => R;

/** The bounds of a batch input: longest line (`--max-line`) and most bytes read (`--max-input`). */
export interface BatchLimits {
  maxLine: number;
  maxInput: number;
}

/**
 * Requests from JSON Lines of `source` ("-" = stdin), read through the one reading path (a regular
 * file or stdin, at most `maxInput` bytes); a bad or too long line becomes an error record.
 */
export async function* jsonLineItems<Q, R>(
  source: string,
  limits: BatchLimits,
  parse: (text: string, line: number) => Q,
  error: MakeError<R>,
): AsyncGenerator<Q | R> {
  const lines = readLines(source, {
    maxLine: limits.maxLine,
    maxBytes: limits.maxInput,
    limitFlag: "--max-input",
    label: `--batch ${source === STDIN ? "- (stdin)" : source}`,
  });
  for await (const l of lines) {
    if ("tooLong" in l)
      yield error(
        new IkecertError(
          "BATCH_LINE_TOO_LONG",
          `line ${l.line}: ${l.tooLong} bytes is over the line limit of ${limits.maxLine} (raise it with --max-line)`,
        ),
        l.line,
      );
    else
      try {
        yield parse(l.text, l.line);
      } catch (e) {
        yield error(e, l.line);
      }
  }
}

/**
 * The files of folders (sorted, not recursive, no dot files, at most the listing's cap of entries)
 * as requests; an unreadable folder is an error record. Sub-folders are skipped; a FIFO, a device, a
 * socket or a dangling link is a request too, which the reader refuses (without opening a FIFO or a
 * device) as an error record of its own: the user asked for every file of the folder.
 */
export async function* folderItems<Q, R>(
  dirs: string[],
  request: (file: string) => Q,
  error: MakeError<R>,
): AsyncGenerator<Q | R> {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = listFolder(dir)
        .filter((d) => !d.name.startsWith(".") && d.kind !== "folder")
        .map((d) => d.name);
    } catch (e) {
      yield error(
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
    for (const n of names) yield request(join(dir, n));
  }
}

/**
 * The text line of a record that could not be checked: `ERROR file: message`, the file named once
 * (the reader's messages begin with it already).
 */
export function errorLine(r: { cert: string | null; line?: number; error?: { message: string } }): string {
  const name = r.cert ?? `line ${r.line}`;
  const m = r.error!.message;
  return `${paint("ERROR", "red")} ${name}: ${m.startsWith(`${name}: `) ? m.slice(name.length + 2) : m}\n`;
}

const CHUNK = 64 * 1024;

/**
 * Buffered stdout with backpressure (a slow reader of the output slows the batch, memory stays flat).
 * The lines are copied into one reused 64 kB buffer as they come: a string kept until the chunk is
 * full would outlive several young-generation collections and be copied into the old generation.
 */
function output(): { write(s: string): Promise<void> | undefined; flush(): Promise<void> } {
  const chunk = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  const drain = () => {
    const n = used;
    used = 0;
    return writeOut(chunk.subarray(0, n)); // write(2) while it works (cli/stdout.ts)
  };
  return {
    write(s) {
      // a UTF-16 unit is at most 3 bytes of UTF-8
      if (used + s.length * 3 > CHUNK) {
        const w = used ? drain() : undefined;
        if (s.length * 3 > CHUNK) return w ? w.then(() => writeOut(s)) : writeOut(s);
        used += chunk.write(s, used, "utf8");
        return w;
      }
      used += chunk.write(s, used, "utf8");
      return undefined;
    },
    async flush() {
      if (used) await drain();
    },
  };
}

/**
 * The JSON line of a record with `strongswan` right after `ok`, where the single command's envelope
 * has it: the release's JSON is made once and spliced in. The first `"ok":` of the line is the key
 * (the fields before it are numbers and strings, and a quote inside a JSON string is escaped).
 */
function recordLine(r: RecordLike, strongswan: string | undefined): string {
  const line = JSON.stringify(r);
  if (strongswan === undefined) return `${line}\n`;
  const ok = `"ok":${r.ok},`;
  const at = line.indexOf(ok);
  if (at < 0) throw new Error("a batch record without ok");
  const cut = at + ok.length;
  return `${line.slice(0, cut)}"strongswan":${strongswan},${line.slice(cut)}\n`;
}

/**
 * Write `records` as they come (JSON Lines, or `text(r)` lines); returns the exit code: 0 every
 * record ok, 1 a check failed, 2 a line or file could not be checked. With `release`, whose rules
 * were applied: in every JSON record (`strongswan`, as in the single command's envelope), or as the
 * first text line.
 */
export async function writeRecords<R extends RecordLike>(
  records: AsyncIterable<R>,
  noun: string,
  text?: (r: R) => string,
  release?: AppliedRelease,
): Promise<number> {
  const out = output();
  const strongswan = release && JSON.stringify(releaseJson(release));
  if (release && text) out.write(`${paint(describeApplied(release), "dim")}\n`);
  const progress = process.stderr.isTTY && !process.env.CI;
  let n = 0;
  let failed = 0;
  let errors = 0;
  let last = Date.now();
  for await (const r of records) {
    n++;
    if (r.error) errors++;
    else if (!r.ok) failed++;
    const w = out.write(text ? text(r) : recordLine(r, strongswan));
    if (w) await w;
    if (progress && Date.now() - last > 200) {
      last = Date.now();
      process.stderr.write(`\r${n} ${noun} checked, ${failed} failed, ${errors} unusable`);
    }
  }
  await out.flush();
  if (progress) process.stderr.write(`\r${n} ${noun} checked, ${failed} failed, ${errors} unusable\n`);
  return errors ? 2 : failed ? 1 : 0;
}
