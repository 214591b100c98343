import { posix } from "node:path";
import { IkecertError } from "../errors.js";
import type { ConfigDiagnostic, Origin } from "./model.js";
import { type ConfigReader, type IncludeChain, Includes, unreadableInclude } from "./reader.js";

/**
 * ipsec.conf syntax as starter reads it (src/starter/parser/lexer.l, parser.y, conf_parser.c):
 * `config setup`, `conn NAME` and `ca NAME` start at the beginning of a line; settings are indented
 * `key=value` lines; an unquoted value cannot hold `=`, `#`, spaces or quotes (quote it:
 * `leftid="C=CH, O=x"`); several unquoted words are joined with one space; `key=` unsets the key
 * (also hiding an inherited value); `also=NAME` inherits from another section and every section
 * inherits from `%default`. A section written twice is one section; a key written twice keeps the
 * later value. A missing `also` section or an `also` loop makes starter reject the whole file.
 */

export interface IpsecKey {
  value: string | null;
  origin: Origin;
}

export interface IpsecSection {
  kind: "setup" | "conn" | "ca";
  name: string;
  origin: Origin;
  keys: Map<string, IpsecKey>;
  /** also= entries, most important (last written) first */
  also: { name: string; origin: Origin }[];
  /** linearised parents (also= chains, then %default), most important first */
  parents: IpsecSection[] | null;
}

export interface IpsecTree {
  files: string[];
  setup: IpsecSection;
  conns: Map<string, IpsecSection>;
  cas: Map<string, IpsecSection>;
  diagnostics: ConfigDiagnostic[];
}

type Kind = "spaces" | "newline" | "eq" | "setup" | "conn" | "ca" | "string";
interface Tok {
  kind: Kind;
  text: string;
  origin: Origin;
}

const MAX_DEPTH = 32;

function fail(o: Origin, message: string): never {
  throw new IkecertError("CONFIG_INVALID", `${o.file}:${o.line}: ${message}`, o.file);
}

function readString(
  text: string,
  pos: number,
  o: Origin,
  line: { n: number },
): { value: string; end: number } {
  let out = "";
  let i = pos;
  for (;;) {
    const c = text[i];
    if (c === undefined) fail(o, "unterminated string detected");
    i++;
    if (c === '"') return { value: out, end: i };
    if (c === "\n") line.n++;
    if (c === "\\") {
      const d = text[i];
      if (d === undefined) fail(o, "unterminated string detected");
      if (d === "\n" || (d === "\r" && text[i + 1] === "\n")) {
        i += d === "\n" ? 1 : 2;
        line.n++;
        continue;
      }
      i++;
      out += d === "n" ? "\n" : d === "r" ? "\r" : d === "t" ? "\t" : d;
      continue;
    }
    out += c;
  }
}

interface LexCtx {
  includes: Includes | null;
  maxDepth: number;
  files: string[];
  diagnostics: ConfigDiagnostic[];
}

const SECTION_KEYWORDS = ["config setup", "conn", "ca"] as const;
const isWordChar = (c: string) => !'"#= \t\n'.includes(c);

/** lexer.l's word at `i` (a word character is there): `(@#)?[^"#= \t\n]+`, at most 65,536 characters. */
function wordAt(text: string, i: number): string {
  let j = i;
  if (text.startsWith("@#", i) && i + 2 < text.length && isWordChar(text[i + 2]!)) j = i + 2;
  else if (text[i] === "@" && text[i + 1] === "#") return "@";
  while (j < text.length && j - i < 65536 && isWordChar(text[j]!)) j++;
  return text.slice(i, j);
}

/** `include[\t ]+` followed by something other than `=`, within 64 characters: its length, else 0. */
function includeKeywordLength(text: string, i: number): number {
  let j = i + 7;
  while (j < text.length && j - i < 64 && (text[j] === " " || text[j] === "\t")) j++;
  return j > i + 7 && j - i < 64 && j < text.length && text[j] !== "=" ? j - i : 0;
}

/**
 * The tokens of `text`, as the parser asks for them: an included file is read when its `include`
 * is reached, so a syntax error stops the reading there (as starter's bison parser stops its lexer)
 * and files after it are never opened.
 */
function* tokenize(text: string, file: string, chain: IncludeChain, ctx: LexCtx): Generator<Tok> {
  const line = { n: 1 };
  let i = 0;
  let bol = true;
  const at = (): Origin => ({ file, line: line.n });
  while (i < text.length) {
    const c = text[i]!;
    if (bol) {
      bol = false;
      // (character scans, not a RegExp per token: they cost a microsecond each on long files)
      let j = i;
      while (j < text.length && j - i < 4096 && (text[j] === " " || text[j] === "\t")) j++;
      if (text.startsWith("version", j) && j + 7 - i <= 4096) {
        // lexer.l eats any line starting with "version" (the legacy `version 2` header)
        let e = j + 7;
        while (e < text.length && e - i < 4096 && text[e] !== "\n") e++;
        i = e;
        continue;
      }
      if (j > i) {
        yield { kind: "spaces", text: "", origin: at() };
        i = j;
        continue;
      }
      const kw = SECTION_KEYWORDS.find(
        (k) => text.startsWith(k, i) && (i + k.length >= text.length || !isWordChar(text[i + k.length]!)),
      );
      if (kw) {
        yield { kind: kw === "config setup" ? "setup" : kw, text: kw, origin: at() };
        i += kw.length;
        continue;
      }
    }
    // unlike the settings lexer, starter's lexer.l has no rule for "\r": it is part of the text
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (c === "\n") {
      yield { kind: "newline", text: "", origin: at() };
      line.n++;
      i++;
      bol = true;
      continue;
    }
    if (c === "=") {
      yield { kind: "eq", text: "=", origin: at() };
      i++;
      continue;
    }
    if (c === '"') {
      const o = at();
      const s = readString(text, i + 1, o, line);
      yield { kind: "string", text: s.value, origin: o };
      i = s.end;
      continue;
    }
    const word = wordAt(text, i);
    const inc = word === "include" ? includeKeywordLength(text, i) : 0;
    if (inc > 0) {
      const o = at();
      i += inc;
      let pattern = "";
      while (i < text.length) {
        const d = text[i]!;
        if (d === "#" || d === "\n") break;
        if (d === " " || d === "\t") {
          i++;
          break;
        }
        if (d === '"') {
          const s = readString(text, i + 1, o, line);
          pattern += s.value;
          i = s.end;
          break;
        }
        if (d === "\\" && '"#} '.includes(text[i + 1] ?? "x")) {
          pattern += text[i + 1];
          i += 2;
          continue;
        }
        pattern += d;
        i++;
      }
      yield* includeFiles(pattern, file, chain, o, ctx);
      continue;
    }
    yield { kind: "string", text: word, origin: at() };
    i += word.length;
  }
  yield { kind: "newline", text: "", origin: at() };
}

function* includeFiles(
  pattern: string,
  file: string,
  chain: IncludeChain,
  o: Origin,
  ctx: LexCtx,
): Generator<Tok> {
  if (!pattern) {
    ctx.diagnostics.push({ origin: o, message: "no include pattern specified, ignored" });
    return;
  }
  if (!ctx.includes) {
    ctx.diagnostics.push({ origin: o, message: `include '${pattern}' ignored: no files can be read here` });
    return;
  }
  const full = posix.isAbsolute(pattern) ? pattern : posix.join(posix.dirname(file), pattern);
  const matches = ctx.includes.expand(full, o);
  if (!matches.length)
    ctx.diagnostics.push({ origin: o, message: `no files found matching '${full}' (include ignored)` });
  for (const f of matches) {
    if (chain.paths.length > ctx.maxDepth)
      fail(o, `includes nested deeper than ${ctx.maxDepth} levels (limit --max-include-depth)`);
    const r = ctx.includes.read(f, chain, o);
    if ("error" in r) {
      ctx.diagnostics.push(
        unreadableInclude(o, f, `unable to open '${f}' (include ignored): ${r.error.message}`, r.error),
      );
      continue;
    }
    if (r.loop) fail(o, `include loop: '${f}' includes itself (${r.chain.paths.join(" -> ")})`);
    ctx.files.push(f);
    yield* tokenize(r.text, f, r.chain, ctx);
  }
}

function section(kind: IpsecSection["kind"], name: string, origin: Origin): IpsecSection {
  return { kind, name, origin, keys: new Map(), also: [], parents: null };
}

/** Parse ipsec.conf (and what it includes) into sections with also= resolved. */
export function parseIpsecTree(
  text: string,
  file: string,
  reader: ConfigReader | null,
  maxDepth = MAX_DEPTH,
  maxIncludeFiles?: number,
): IpsecTree {
  const includes = reader ? new Includes(reader, maxIncludeFiles) : null;
  const ctx: LexCtx = { includes, maxDepth, files: [file], diagnostics: [] };
  const toks = tokenize(text, file, includes?.start(file) ?? { paths: [file], keys: [file] }, ctx);
  let ahead: Tok | undefined | null = null; // null: not fetched yet
  const peek = (): Tok | undefined => {
    if (ahead === null) {
      const r = toks.next();
      ahead = r.done ? undefined : r.value;
    }
    return ahead;
  };
  const take = (): Tok | undefined => {
    const t = peek();
    ahead = null;
    return t;
  };
  const tree: IpsecTree = {
    files: ctx.files,
    setup: section("setup", "setup", { file, line: 1 }),
    conns: new Map(),
    cas: new Map(),
    diagnostics: ctx.diagnostics,
  };
  let current: IpsecSection | null = null;
  const unexpected = (t: Tok): never => {
    const shown =
      t.kind === "string" ? `'${t.text.replace(/\r/g, "\\r")}'` : t.kind === "eq" ? "'='" : t.kind;
    const hint = t.text.includes("\r")
      ? " (the file has Windows line ends: starter reads the \\r as text; convert it to Unix line ends)"
      : "";
    return fail(t.origin, `syntax error, unexpected ${shown}${hint}`);
  };
  while (peek() !== undefined) {
    const t = take()!;
    if (t.kind === "newline") continue;
    if (t.kind === "setup" || t.kind === "conn" || t.kind === "ca") {
      let name: string | null = null;
      if (peek()?.kind === "string") name = take()!.text;
      if (t.kind !== "setup" && !name) fail(t.origin, "section name missing");
      if (peek()?.kind !== "newline") unexpected(peek()!);
      if (t.kind === "setup") current = tree.setup;
      else {
        const map = t.kind === "conn" ? tree.conns : tree.cas;
        current = map.get(name!) ?? null;
        if (!current) {
          current = section(t.kind, name!, t.origin);
          map.set(name!, current);
        }
      }
      continue;
    }
    if (t.kind !== "spaces") unexpected(t);
    const k = peek()!;
    if (k.kind === "newline") continue;
    if (k.kind !== "string") unexpected(k);
    take();
    if (peek()?.kind !== "eq") fail(k.origin, `missing value for setting '${k.text}'`);
    take();
    const parts: string[] = [];
    while (peek()?.kind === "string") parts.push(take()!.text);
    if (peek()?.kind !== "newline") unexpected(peek()!);
    if (!k.text) fail(k.origin, "setting name can't be empty");
    if (!current) continue;
    const value = parts.length ? parts.join(" ") : null;
    if (value?.includes("\r"))
      tree.diagnostics.push({
        origin: k.origin,
        message: `value of ${k.text} contains a carriage return (Windows line ends); starter keeps it as part of the value`,
      });
    if (k.text === "also") {
      // written order here; reversed below (unshift per line is quadratic in a section's also= lines)
      if (value && value !== "%default") current.also.push({ name: value, origin: k.origin });
      continue;
    }
    current.keys.set(k.text, { value, origin: k.origin });
  }
  for (const sec of [tree.setup, ...tree.conns.values(), ...tree.cas.values()]) sec.also.reverse();
  resolveAlso(tree.conns);
  resolveAlso(tree.cas);
  return tree;
}

/** The items whose name does not come again later, in their order (linear: a Set, from the end). */
function lastOfEach<T>(items: readonly T[], name: (t: T) => string): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (let j = items.length - 1; j >= 0; j--) {
    const n = name(items[j]!);
    if (seen.has(n)) continue;
    seen.add(n);
    kept.push(items[j]!);
  }
  return kept.reverse();
}

/** conf_parser.c resolve_also: linearise parents, last occurrence wins, %default last. */
function resolveAlso(sections: Map<string, IpsecSection>): void {
  const def = sections.get("%default") ?? null;
  if (def) def.parents = [];
  const single = (s: IpsecSection, stack: IpsecSection[]) => {
    stack.unshift(s);
    const parents: IpsecSection[] = [];
    // an also= written twice contributes the same parents twice, and only the last copy of each
    // survives below: add the last occurrence only (linear, however often a name is repeated)
    const last = new Map(s.also.map((a, j) => [a.name, j]));
    s.also.forEach((a, j) => {
      const p = sections.get(a.name);
      if (!p) fail(a.origin, `section '${a.name}' referenced in section '${s.name}' not found`);
      if (stack.some((x) => x.name === p.name))
        fail(a.origin, `section '${p.name}' referenced in section '${s.name}' causes a loop`);
      if (!p.parents) single(p, stack);
      if (last.get(a.name) === j) parents.push(p, ...p.parents!);
    });
    stack.shift();
    if (def && parents.length === 0) parents.push(def);
    s.parents = lastOfEach(parents, (p) => p.name);
  };
  for (const s of sections.values()) if (!s.parents) single(s, []);
}

/** The effective keys of a section: own first, then parents in order; `key=` (null) hides inherited values. */
export function effectiveKeys(s: IpsecSection): Map<string, IpsecKey> {
  const seen = new Set<string>();
  const out = new Map<string, IpsecKey>();
  for (const sec of [s, ...(s.parents ?? [])])
    for (const [k, v] of sec.keys) {
      if (seen.has(k)) continue;
      seen.add(k);
      if (v.value !== null) out.set(k, v);
    }
  return out;
}
