// The node:crypto baseline of `ikecert id --batch -` (bench/whole.ts): JSON Lines {"cert", "ids"} on
// stdin, one JSON line out each; X509Certificate + checkHost/checkIP/checkEmail, no wildcards, no CN.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { createInterface } from "node:readline";

const never = { subject: "never", wildcards: false };
let out = "";
for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  if (!line.trim()) continue;
  const { cert, ids } = JSON.parse(line);
  const x = new X509Certificate(readFileSync(cert));
  const proven = ids.map((id) =>
    isIP(id)
      ? x.checkIP(id) !== undefined
      : id.includes("@")
        ? x.checkEmail(id, never) !== undefined
        : x.checkHost(id, never) !== undefined,
  );
  out += `${JSON.stringify({ cert, ok: proven.every(Boolean), proven })}\n`;
  if (out.length > 65536) {
    process.stdout.write(out);
    out = "";
  }
}
process.stdout.write(out);
