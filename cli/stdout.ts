/**
 * Writing a command's whole answer to stdout without making `process.stdout`: the stream (and the
 * stream classes behind it) costs a short-lived process about 6 ms of CPU to set up, more than the
 * `id` check itself (docs/speed.md). The bytes go to fd 1 with write(2); when that cannot finish
 * now (a non-blocking pipe answers EAGAIN), the rest goes through process.stdout, which waits.
 */
import { writeSync } from "node:fs";

export function writeStdout(text: string): void {
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(1, buf, off);
  } catch {
    process.stdout.write(buf.subarray(off));
  }
}
