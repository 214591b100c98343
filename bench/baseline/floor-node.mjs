// The floor under the whole-process `id --batch` and `chain --batch` rows (bench/whole.ts): what any
// Node program of this shape costs before it checks anything. It starts Node, reads the JSON Lines
// of stdin, reads each line's certificate file and writes one short JSON line per request; no parse,
// no check. A target below this floor's ratio cannot be met by any checker written in JavaScript.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

let out = "";
for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  if (!line.trim()) continue;
  const { cert } = JSON.parse(line);
  out += `${JSON.stringify({ cert, bytes: readFileSync(cert).length })}\n`;
  if (out.length > 65536) {
    process.stdout.write(out);
    out = "";
  }
}
process.stdout.write(out);
