#!/usr/bin/env node
// node scripts/merge-imports.mjs — during a merge that stopped on conflicts (docs/architecture.md):
// a conflict whose two sides hold nothing but import/re-export lines is resolved by keeping the
// lines of both sides, and the file is staged when no other conflict is left in it. Then
// `node scripts/codemod-imports.mjs` rewrites the other branch's old paths and public-index names,
// drops the names now imported twice, and biome drops what is unused. Every other conflict stays
// for a person; the files that hold one are listed.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" });
const IMPORT_LINE =
  /^\s*$|^\s*(import\b.*|export\s+(type\s+)?\{.*\}\s+from\s+".*";|(type\s+)?\w+(\s+as\s+\w+)?,?|\}\s+from\s+".*";)\s*$/;

const status = git("status", "--porcelain", "--untracked-files=no")
  .split("\n")
  .filter((l) => /^(UU|AA|DU|UD|AU|UA|DD) /.test(l));
const conflicted = status.map((l) => l.slice(3));
let left = 0;
for (const line of status) {
  const file = line.slice(3);
  if (!line.startsWith("UU") && !line.startsWith("AA")) {
    console.log(`${file}: ${line.slice(0, 2)} (added or deleted on one side), resolve by hand`);
    left++;
    continue;
  }
  const text = readFileSync(join(ROOT, file), "utf8");
  const lines = text.split("\n");
  const out = [];
  let open = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("<<<<<<< ")) {
      out.push(lines[i]);
      continue;
    }
    const mid = lines.indexOf("=======", i);
    const end = lines.findIndex((l, j) => j > mid && l.startsWith(">>>>>>> "));
    if (mid < 0 || end < 0) {
      out.push(lines[i]);
      continue;
    }
    const ours = lines.slice(i + 1, mid);
    const theirs = lines.slice(mid + 1, end);
    if ([...ours, ...theirs].every((l) => IMPORT_LINE.test(l))) out.push(...ours, ...theirs);
    else {
      out.push(...lines.slice(i, end + 1));
      open++;
    }
    i = end;
  }
  writeFileSync(join(ROOT, file), out.join("\n"));
  if (open) {
    console.log(`${file}: ${open} conflict(s) left`);
    left++;
  } else git("add", "--", file);
}
console.log(`${conflicted.length - left} of ${conflicted.length} conflicted files resolved`);
