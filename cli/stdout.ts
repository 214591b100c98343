/**
 * Writing a command's whole answer to stdout without making `process.stdout`: the stream (and the
 * stream classes behind it) costs a short-lived process about 6 ms of CPU to set up, more than the
 * `id` check itself (docs/speed.md). The bytes go to fd 1 with write(2); when that cannot finish
 * now (a non-blocking pipe answers EAGAIN), the rest goes through process.stdout, which waits.
 * Batches write their 64 kB chunks the same way (cli/batch.ts).
 */
import { writeSync } from "node:fs";

/**
 * The exit code when the reader of stdout went away (`ikecert id --batch all.jsonl | head`): what a
 * shell reports for a program that SIGPIPE ended (128 + 13). Nothing more is written, not even to
 * stderr: the pipeline's reader chose to stop, which is not an error of ikecert's.
 */
export const OUTPUT_CLOSED = 141;

function isClosedOutput(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null)?.code === "EPIPE";
}

let guarded = false;

/**
 * Make a closed stdout end the process quietly with OUTPUT_CLOSED, also for what is written through
 * process.stdout (the stream reports EPIPE as an 'error' event, which would otherwise print a stack
 * trace). Any other write error is one line and exit 2.
 */
export function guardStdout(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on("error", (e) => {
    if (isClosedOutput(e)) process.exit(OUTPUT_CLOSED);
    process.stderr.write(`ikecert: cannot write the output: ${e.message.split("\n")[0]}\n`);
    process.exit(2);
  });
}

export function writeStdout(text: string): void {
  void writeOut(text);
}

let viaStream = false;

/**
 * Write `text` to stdout: with write(2) while that works (a slow reader blocks the writer, which is
 * the backpressure a batch wants), through process.stdout from the first EAGAIN on (and ever after,
 * so the order stays); the promise resolves when the stream can take more.
 */
export function writeOut(text: string | Uint8Array): Promise<void> | undefined {
  const buf = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  let off = 0;
  if (!viaStream)
    try {
      while (off < buf.length) off += writeSync(1, buf, off);
      return undefined;
    } catch (e) {
      if (isClosedOutput(e)) process.exit(OUTPUT_CLOSED);
      viaStream = true;
    }
  guardStdout();
  // the stream keeps the bytes until they are written: a caller's buffer may be reused at once
  const rest = typeof text === "string" ? buf.subarray(off) : Buffer.from(buf.subarray(off));
  if (process.stdout.write(rest)) return undefined;
  return new Promise((resolve) => process.stdout.once("drain", () => resolve()));
}
