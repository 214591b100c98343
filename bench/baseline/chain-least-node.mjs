// The least a chain check can do per leaf with node:crypto (bench/whole.ts, `chain --batch` row):
// bench/baseline/chain-node.mjs, but each link above the leaf is verified once and remembered, as a
// prepared CA pool does, so a line costs one parse, one issuer match and one signature verification.
// No constraints, no revocation, no findings: a JavaScript chain checker cannot do less per line,
// so its ratio to chain-node.mjs bounds what any of them can reach.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const pool = process.argv.slice(2).map((f) => new X509Certificate(readFileSync(f)));
const valid = (c, t) => Date.parse(c.validFrom) <= t && t <= Date.parse(c.validTo);
// links between pool members (the same objects on every line): child -> issuer -> verified
const links = new Map(pool.map((c) => [c, new Map()]));
const issuedBy = (c, p, leaf) => {
  if (!p.ca || !c.checkIssued(p)) return false;
  if (leaf) return c.verify(p.publicKey);
  const known = links.get(c);
  if (!known.has(p)) known.set(p, c.verify(p.publicKey));
  return known.get(p);
};
let out = "";
for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  if (!line.trim()) continue;
  const { cert, at } = JSON.parse(line);
  const t = at ? Date.parse(at) : Date.now();
  let c = new X509Certificate(readFileSync(cert));
  let trusted = false;
  for (let depth = 0; depth < 8 && valid(c, t) && !trusted; depth++) {
    const issuer = pool.find((p) => issuedBy(c, p, depth === 0));
    if (!issuer || !valid(issuer, t)) break;
    trusted = issuedBy(issuer, issuer, false);
    c = issuer;
  }
  out += `${JSON.stringify({ cert, trusted })}\n`;
  if (out.length > 65536) {
    process.stdout.write(out);
    out = "";
  }
}
process.stdout.write(out);
