// The node:crypto baseline of `ikecert chain --batch -` (bench/whole.ts): the CA files are the
// arguments (parsed once), JSON Lines {"cert", "at"} on stdin; per line: find the issuer among the
// CAs (checkIssued + verify), up to a self-signed one, every certificate valid at `at`.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const pool = process.argv.slice(2).map((f) => new X509Certificate(readFileSync(f)));
const valid = (c, t) => Date.parse(c.validFrom) <= t && t <= Date.parse(c.validTo);
let out = "";
for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  if (!line.trim()) continue;
  const { cert, at } = JSON.parse(line);
  const t = at ? Date.parse(at) : Date.now();
  let c = new X509Certificate(readFileSync(cert));
  let trusted = false;
  for (let depth = 0; depth < 8 && valid(c, t) && !trusted; depth++) {
    const issuer = pool.find((p) => p.ca && c.checkIssued(p) && c.verify(p.publicKey));
    if (!issuer || !valid(issuer, t)) break;
    trusted = issuer.checkIssued(issuer) && issuer.verify(issuer.publicKey);
    c = issuer;
  }
  out += `${JSON.stringify({ cert, trusted })}\n`;
  if (out.length > 65536) {
    process.stdout.write(out);
    out = "";
  }
}
process.stdout.write(out);
