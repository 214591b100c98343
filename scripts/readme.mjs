#!/usr/bin/env node
// Keeps the README's examples real: every block announced by a marker
//   <!-- run: ikecert ARGS -->            (output must stay exactly the same: checked by the tests)
//   <!-- run-nocheck: ikecert ARGS -->    (output differs on every run, e.g. a generated PSK)
// followed by a ```text fence is replaced by "$ ikecert ARGS", its output and, if not 0, its exit code.
// Usage: node scripts/readme.mjs          rewrite README.md
//        node scripts/readme.mjs --check  exit 1 and name the blocks whose output changed
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const readmePath = join(root, "README.md");
const check = process.argv.includes("--check");

// `ikecert` on PATH runs the built CLI of this checkout
const bin = mkdtempSync(join(tmpdir(), "ikecert-readme-"));
writeFileSync(join(bin, "ikecert"), `#!/bin/sh\nexec node ${join(root, "dist/ikecert.cjs")} "$@"\n`);
chmodSync(join(bin, "ikecert"), 0o755);
// the same rules on every machine, whatever strongSwan is installed (an example may set its own)
const { NEWEST_RELEASE } = await import(join(root, "dist/lib/release.js"));
const env = {
  ...process.env,
  PATH: `${bin}:${process.env.PATH}`,
  NO_COLOR: "1",
  COLUMNS: "100",
  IKECERT_STRONGSWAN: NEWEST_RELEASE,
};
delete env.IKECERT_PASSPHRASE;

const text = readFileSync(readmePath, "utf8");
const block = /<!-- (run|run-nocheck): (.+?) -->\n```text\n[\s\S]*?```/g;
const stale = [];
const out = text.replace(block, (whole, kind, cmd) => {
  const r = spawnSync("sh", ["-c", `${cmd} 2>&1`], { cwd: root, env, encoding: "utf8" });
  const body = `$ ${cmd}\n${r.stdout.replace(/\n*$/, "\n")}${r.status ? `(exit ${r.status})\n` : ""}`;
  const fresh = `<!-- ${kind}: ${cmd} -->\n\`\`\`text\n${body}\`\`\``;
  if (kind === "run" && fresh !== whole) stale.push(cmd);
  return kind === "run-nocheck" && check ? whole : fresh;
});
if (check) {
  for (const s of stale) console.log(`README example out of date: ${s}`);
  process.exit(stale.length ? 1 : 0);
}
writeFileSync(readmePath, out);
console.log(`README.md: ${(text.match(block) ?? []).length} examples run`);
