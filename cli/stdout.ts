/**
 * Writing a command's whole answer to stdout without making `process.stdout`: the stream (and the
 * stream classes behind it) costs a short-lived process about 6 ms of CPU to set up, more than the
 * `id` check itself (docs/speed.md). The bytes go to fd 1 with write(2); when that cannot finish
 * now (a non-blocking pipe answers EAGAIN), the rest goes through process.stdout, which waits.
 * Batches write their 64 kB chunks the same way (cli/batch.ts).
 */
import { writeSync } from "node:fs";

export function writeStdout(text: string): void {
  void writeOut(text);
}

let viaStream = false;

/**
 * Write `text` to stdout: with write(2) while that works (a slow reader blocks the writer, which is
 * the backpressure a batch wants), through process.stdout from the first EAGAIN on (and ever after,
 * so the order stays); the promise resolves when the stream can take more.
 */
export function writeOut(text: string): Promise<void> | undefined {
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  if (!viaStream)
    try {
      while (off < buf.length) off += writeSync(1, buf, off);
      return undefined;
    } catch {
      viaStream = true;
    }
  const rest = off ? buf.subarray(off) : buf;
  if (process.stdout.write(rest)) return undefined;
  return new Promise((resolve) => process.stdout.once("drain", () => resolve()));
}
