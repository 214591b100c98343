#!/usr/bin/env node
// node scripts/codemod-imports.mjs [--dry-run]
//
// The mechanical half of issue 18 (docs/architecture.md), safe to run again after merging a branch
// that still uses the old layout or the old, wide public index:
//
//  1. moves: `git mv` each file of MOVES that still sits at its old path, then rewrites every
//     relative import that resolves to an old path (import/export declarations, import() and any
//     other "./…"/"../…" string that names a module, in lib/ cli/ test/ bench/ certs-fixtures/
//     scripts/) to the new one;
//  2. the public index: every name imported from lib/index.js that lib/index.ts no longer exports
//     is imported from the module that declares it instead (found with the TypeScript parser over
//     lib/). In cli/ every name moves to its declaring module: the CLI uses lib/ through the
//     declaring modules and never through the public index. A name imported from a lib/ module
//     that does not export it (a merge added it to the wrong import line) moves the same way;
//  3. a name imported twice in a file (both sides of a merge) is imported once.
//
// Then it runs `biome check --write` on the files it changed (import order, formatting). It prints
// each change; a name it cannot place is an error (exit 1) and the file is left as it was.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(import.meta.dirname, "..");
const DRY = process.argv.includes("--dry-run");

/** [old, new]: the certificate model to lib/x509/, the orchestration of many files to lib/run/. */
const MOVES = [
  ["lib/input/certificate.ts", "lib/x509/certificate.ts"],
  ["lib/input/cert-view.ts", "lib/x509/cert-view.ts"],
  ["lib/input/general-name.ts", "lib/x509/general-name.ts"],
  ["lib/input/spki.ts", "lib/x509/spki.ts"],
  ["lib/identity/dn-print.ts", "lib/x509/dn-print.ts"],
  ["lib/identity/rdn.ts", "lib/x509/rdn.ts"],
  ["lib/identity/print.ts", "lib/x509/print.ts"],
  ["lib/identity/types.ts", "lib/x509/types.ts"],
  ["lib/input/id-batch.ts", "lib/run/id-batch.ts"],
  ["lib/input/chain-batch.ts", "lib/run/chain-batch.ts"],
  ["lib/input/config-load.ts", "lib/run/config-load.ts"],
  ["lib/input/live-config.ts", "lib/run/live-config.ts"],
  ["lib/input/keyscan.ts", "lib/run/keyscan.ts"],
];

/** Names the old index exported under another name than their module's. */
const ALIASES = { parseViciCertificate: { file: "lib/vici/messages.ts", name: "parseCertificate" } };
/** A name two modules declare: the one the old index exported. */
const PREFER = { parseCertificate: "lib/x509/certificate.ts" };

const INDEX = "lib/index.ts";
const SCANNED = ["lib", "cli", "test", "bench", "certs-fixtures", "scripts", "examples"];
const moved = new Map(MOVES.map(([a, b]) => [a, b]));
const movedBack = new Map(MOVES.map(([a, b]) => [b, a]));
const changed = new Set();
let failures = 0;

const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" });
const rel = (abs) => relative(ROOT, abs).split("\\").join("/");
const toTs = (p) => p.replace(/\.js$/, ".ts");
const parse = (file, text) =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".ts") ? 3 : 1);

function sourceFiles() {
  const out = git("ls-files", "--cached", "--others", "--exclude-standard", "--", ...SCANNED);
  return out
    .split("\n")
    .filter((f) => /\.(ts|mts|mjs|js)$/.test(f) && existsSync(join(ROOT, f)))
    .filter((f) => !f.startsWith("certs-fixtures/") || f.endsWith(".ts"));
}

function write(file, text) {
  changed.add(file);
  if (!DRY) writeFileSync(join(ROOT, file), text);
}

/** Apply edits [start, end, text] (non-overlapping) to a string. */
function applyEdits(text, edits) {
  let out = text;
  for (const [s, e, t] of [...edits].sort((a, b) => b[0] - a[0])) out = out.slice(0, s) + t + out.slice(e);
  return out;
}

function specifierFor(fromFile, targetTs) {
  let s = relative(dirname(join(ROOT, fromFile)), join(ROOT, targetTs))
    .split("\\")
    .join("/")
    .replace(/\.ts$/, ".js");
  if (!s.startsWith(".")) s = `./${s}`;
  return s;
}

/** The repository path a relative module string names, or null when it names no lib/cli module. */
function resolveSpec(file, spec) {
  if (!/^\.\.?\//.test(spec) || !/\.js$/.test(spec)) return null;
  const here = rel(resolve(dirname(join(ROOT, file)), spec));
  if (existsSync(join(ROOT, toTs(here))) || moved.has(toTs(here))) return toTs(here);
  // a file that was moved by an earlier step still carries specifiers relative to its old folder
  const old = movedBack.get(file);
  if (old) {
    const there = rel(resolve(dirname(join(ROOT, old)), spec));
    if (existsSync(join(ROOT, toTs(there))) || moved.has(toTs(there))) return toTs(there);
  }
  return null;
}

// 1. moves
for (const [from, to] of MOVES) {
  if (!existsSync(join(ROOT, from)) || existsSync(join(ROOT, to))) continue;
  console.log(`move ${from} -> ${to}`);
  if (!DRY) {
    mkdirSync(dirname(join(ROOT, to)), { recursive: true });
    git("mv", from, to);
  }
}

for (const file of sourceFiles()) {
  const text = readFileSync(join(ROOT, file), "utf8");
  const sf = parse(file, text);
  const edits = [];
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const target = resolveSpec(file, node.text);
      if (target) {
        const now = moved.get(target) ?? target;
        const spec = specifierFor(file, now);
        if (spec !== node.text) edits.push([node.getStart(sf) + 1, node.getEnd() - 1, spec]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (edits.length) {
    console.log(`paths ${file} (${edits.length})`);
    write(file, applyEdits(text, edits));
  }
}

// 2. the public index
/** exported name -> files under lib/ that declare it (not re-export it) */
function declarations() {
  const map = new Map();
  const add = (name, file) => map.set(name, [...(map.get(name) ?? []), file]);
  for (const file of sourceFiles().filter((f) => /^(lib|cli)\//.test(f) && f.endsWith(".ts"))) {
    if (file === INDEX || file.startsWith("lib/entry/")) continue;
    const sf = parse(file, readFileSync(join(ROOT, file), "utf8"));
    for (const st of sf.statements) {
      const exported =
        ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (
        ts.isExportDeclaration(st) &&
        !st.moduleSpecifier &&
        st.exportClause &&
        ts.isNamedExports(st.exportClause)
      )
        for (const e of st.exportClause.elements) add(e.name.text, file);
      // a renamed re-export (`export { a as b } from "./x.js"`) is where `b` is declared
      if (
        ts.isExportDeclaration(st) &&
        st.moduleSpecifier &&
        st.exportClause &&
        ts.isNamedExports(st.exportClause)
      )
        for (const e of st.exportClause.elements) if (e.propertyName) add(e.name.text, file);
      if (!exported) continue;
      if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, file);
      if (
        (ts.isFunctionDeclaration(st) ||
          ts.isClassDeclaration(st) ||
          ts.isInterfaceDeclaration(st) ||
          ts.isTypeAliasDeclaration(st) ||
          ts.isEnumDeclaration(st)) &&
        st.name
      )
        add(st.name.text, file);
    }
  }
  return map;
}

/** the names lib/index.ts exports (runtime and types) */
function publicNames() {
  const sf = parse(INDEX, readFileSync(join(ROOT, INDEX), "utf8"));
  const names = new Set();
  for (const st of sf.statements)
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause))
      for (const e of st.exportClause.elements) names.add(e.name.text);
  return names;
}

const declared = declarations();
const pub = publicNames();
const exportsOf = moduleExports();

/** file -> every name it exports (declared or re-exported); null for a module with `export *` */
function moduleExports() {
  const out = new Map();
  for (const file of sourceFiles().filter((f) => /^(lib|cli)\//.test(f) && f.endsWith(".ts"))) {
    const sf = parse(file, readFileSync(join(ROOT, file), "utf8"));
    let names = new Set();
    for (const st of sf.statements) {
      if (ts.isExportDeclaration(st) && !st.exportClause) names = null;
      if (names && ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause))
        for (const e of st.exportClause.elements) names.add(e.name.text);
    }
    out.set(file, names);
  }
  for (const [name, files] of declared) for (const f of files) out.get(f)?.add(name);
  return out;
}

/** The module that declares `name`: under lib/ for a name of the public index, else anywhere. */
function place(name, libOnly) {
  if (ALIASES[name]) return ALIASES[name];
  const files = [...new Set(declared.get(name) ?? [])].filter((f) => !libOnly || f.startsWith("lib/"));
  if (files.length === 1) return { file: files[0], name };
  if (PREFER[name] && files.includes(PREFER[name])) return { file: PREFER[name], name };
  return null;
}

for (const file of sourceFiles().filter((f) => f.endsWith(".ts"))) {
  if (file === INDEX || file.startsWith("lib/entry/")) continue;
  const everything = file.startsWith("cli/");
  const text = readFileSync(join(ROOT, file), "utf8");
  const sf = parse(file, text);
  const edits = [];
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const from = resolveSpec(file, st.moduleSpecifier.text);
    // an import of lib/index.js outside lib/, or one naming something its module does not export
    // (a line a merge put into the wrong import)
    const fromIndex = from === INDEX && !file.startsWith("lib/");
    const known = from && from !== INDEX ? exportsOf.get(from) : null;
    if (!fromIndex && !known) continue;
    const bindings = st.importClause?.namedBindings;
    if (!fromIndex && (!bindings || !ts.isNamedImports(bindings))) continue;
    if (!bindings || !ts.isNamedImports(bindings) || st.importClause.name) {
      if (everything) {
        console.error(`${file}: a namespace or default import of lib/index.js: rewrite it by hand`);
        failures++;
      }
      continue;
    }
    const allTypes = st.importClause.isTypeOnly;
    const keep = [];
    const groups = new Map();
    let unplaced = false;
    for (const el of bindings.elements) {
      const imported = (el.propertyName ?? el.name).text;
      const local = el.name.text;
      const isType = allTypes || el.isTypeOnly;
      if (fromIndex ? !everything && pub.has(imported) : known.has(imported)) {
        keep.push({ imported, local, isType });
        continue;
      }
      const at = place(imported, fromIndex);
      if (!at) {
        console.error(
          `${file}: cannot place '${imported}' (declared in ${declared.get(imported) ?? "nothing"})`,
        );
        unplaced = true;
        continue;
      }
      const g = groups.get(at.file) ?? [];
      g.push({ imported: at.name, local, isType });
      groups.set(at.file, g);
    }
    if (unplaced) {
      failures++;
      continue;
    }
    if (groups.size === 0) continue;
    const render = (names, spec) => {
      const onlyTypes = names.every((n) => n.isType);
      const parts = names.map(
        (n) =>
          `${n.isType && !onlyTypes ? "type " : ""}${n.imported}${n.local !== n.imported ? ` as ${n.local}` : ""}`,
      );
      return `import ${onlyTypes ? "type " : ""}{ ${parts.join(", ")} } from "${spec}";`;
    };
    const out = [];
    if (keep.length) out.push(render(keep, st.moduleSpecifier.text));
    for (const [target, names] of groups) out.push(render(names, specifierFor(file, target)));
    edits.push([st.getStart(sf), st.getEnd(), out.join("\n")]);
  }
  if (edits.length) {
    console.log(`index ${file} (${edits.length})`);
    write(file, applyEdits(text, edits));
  }
}

// 3. a file merged from two branches may now import one name twice (its own line and the rewritten
// line of the other branch): keep the first import of each local name
for (const file of sourceFiles().filter((f) => f.endsWith(".ts"))) {
  const text = readFileSync(join(ROOT, file), "utf8");
  const sf = parse(file, text);
  const seen = new Set();
  const edits = [];
  for (const st of sf.statements) {
    const bindings = ts.isImportDeclaration(st) ? st.importClause?.namedBindings : undefined;
    if (!bindings || !ts.isNamedImports(bindings) || st.importClause.name) continue;
    const keep = bindings.elements.filter((el) => {
      if (seen.has(el.name.text)) return false;
      seen.add(el.name.text);
      return true;
    });
    if (keep.length === bindings.elements.length) continue;
    const spec = st.moduleSpecifier.getText(sf);
    const typeOnly = st.importClause.isTypeOnly ? "type " : "";
    edits.push([
      st.getStart(sf),
      st.getEnd(),
      keep.length ? `import ${typeOnly}{ ${keep.map((el) => el.getText(sf)).join(", ")} } from ${spec};` : "",
    ]);
  }
  if (edits.length) {
    console.log(`duplicates ${file} (${edits.length})`);
    write(file, applyEdits(text, edits));
  }
}

if (changed.size && !DRY) {
  const files = [...changed].filter((f) => existsSync(join(ROOT, f)));
  try {
    execFileSync(
      join(ROOT, "node_modules/.bin/biome"),
      ["check", "--write", "--no-errors-on-unmatched", ...files],
      {
        cwd: ROOT,
        stdio: "inherit",
      },
    );
  } catch {
    console.error("biome check --write reported problems in the files above");
    failures++;
  }
}
console.log(`${changed.size} files ${DRY ? "would change" : "changed"}`);
process.exitCode = failures ? 1 : 0;
