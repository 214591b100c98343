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

function tokenize(text: string, file: string, chain: IncludeChain, ctx: LexCtx, out: Tok[]): void {
  const line = { n: 1 };
  let i = 0;
  let bol = true;
  const at = (): Origin => ({ file, line: line.n });
  while (i < text.length) {
    const c = text[i]!;
    if (bol) {
      bol = false;
      const rest = /^[\t ]*version[^\n]*/.exec(text.slice(i, i + 4096));
      if (rest) {
        // lexer.l eats any line starting with "version" (the legacy `version 2` header)
        i += rest[0].length;
        continue;
      }
      const sp = /^[\t ]+/.exec(text.slice(i, i + 4096));
      if (sp) {
        out.push({ kind: "spaces", text: "", origin: at() });
        i += sp[0].length;
        continue;
      }
      const kw = /^(config setup|conn|ca)(?![^"#= \t\n])/.exec(text.slice(i, i + 16));
      if (kw) {
        out.push({
          kind: kw[1] === "config setup" ? "setup" : (kw[1] as "conn" | "ca"),
          text: kw[1]!,
          origin: at(),
        });
        i += kw[0].length;
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
      out.push({ kind: "newline", text: "", origin: at() });
      line.n++;
      i++;
      bol = true;
      continue;
    }
    if (c === "=") {
      out.push({ kind: "eq", text: "=", origin: at() });
      i++;
      continue;
    }
    if (c === '"') {
      const o = at();
      const s = readString(text, i + 1, o, line);
      out.push({ kind: "string", text: s.value, origin: o });
      i = s.end;
      continue;
    }
    const m = /^(@#)?[^"#= \t\n]+/.exec(text.slice(i, i + 65536))!;
    const word = m[0];
    const inc = /^include[\t ]+(?=[^=])/.exec(text.slice(i, i + 64));
    if (word === "include" && inc) {
      const o = at();
      i += inc[0].length;
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
      includeFiles(pattern, file, chain, o, ctx, out);
      continue;
    }
    out.push({ kind: "string", text: word, origin: at() });
    i += word.length;
  }
  out.push({ kind: "newline", text: "", origin: at() });
}

function includeFiles(
  pattern: string,
  file: string,
  chain: IncludeChain,
  o: Origin,
  ctx: LexCtx,
  out: Tok[],
): void {
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
    tokenize(r.text, f, r.chain, ctx, out);
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
  const toks: Tok[] = [];
  tokenize(text, file, includes?.start(file) ?? { paths: [file], keys: [file] }, ctx, toks);
  const tree: IpsecTree = {
    files: ctx.files,
    setup: section("setup", "setup", { file, line: 1 }),
    conns: new Map(),
    cas: new Map(),
    diagnostics: ctx.diagnostics,
  };
  let current: IpsecSection | null = null;
  let i = 0;
  const unexpected = (t: Tok): never => {
    const shown =
      t.kind === "string" ? `'${t.text.replace(/\r/g, "\\r")}'` : t.kind === "eq" ? "'='" : t.kind;
    const hint = t.text.includes("\r")
      ? " (the file has Windows line ends: starter reads the \\r as text; convert it to Unix line ends)"
      : "";
    return fail(t.origin, `syntax error, unexpected ${shown}${hint}`);
  };
  while (i < toks.length) {
    const t = toks[i++]!;
    if (t.kind === "newline") continue;
    if (t.kind === "setup" || t.kind === "conn" || t.kind === "ca") {
      let name: string | null = null;
      if (toks[i]?.kind === "string") name = toks[i++]!.text;
      if (t.kind !== "setup" && !name) fail(t.origin, "section name missing");
      if (toks[i]?.kind !== "newline") unexpected(toks[i]!);
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
    const k = toks[i]!;
    if (k.kind === "newline") continue;
    if (k.kind !== "string") unexpected(k);
    i++;
    if (toks[i]?.kind !== "eq") fail(k.origin, `missing value for setting '${k.text}'`);
    i++;
    const parts: string[] = [];
    while (toks[i]?.kind === "string") parts.push(toks[i++]!.text);
    if (toks[i]?.kind !== "newline") unexpected(toks[i]!);
    if (!k.text) fail(k.origin, "setting name can't be empty");
    if (!current) continue;
    const value = parts.length ? parts.join(" ") : null;
    if (value?.includes("\r"))
      tree.diagnostics.push({
        origin: k.origin,
        message: `value of ${k.text} contains a carriage return (Windows line ends); starter keeps it as part of the value`,
      });
    if (k.text === "also") {
      if (value && value !== "%default") current.also.unshift({ name: value, origin: k.origin });
      continue;
    }
    current.keys.set(k.text, { value, origin: k.origin });
  }
  resolveAlso(tree.conns);
  resolveAlso(tree.cas);
  return tree;
}

/** conf_parser.c resolve_also: linearise parents, last occurrence wins, %default last. */
function resolveAlso(sections: Map<string, IpsecSection>): void {
  const def = sections.get("%default") ?? null;
  if (def) def.parents = [];
  const single = (s: IpsecSection, stack: IpsecSection[]) => {
    stack.unshift(s);
    const parents: IpsecSection[] = [];
    for (const a of s.also) {
      const p = sections.get(a.name);
      if (!p) fail(a.origin, `section '${a.name}' referenced in section '${s.name}' not found`);
      if (stack.some((x) => x.name === p.name))
        fail(a.origin, `section '${p.name}' referenced in section '${s.name}' causes a loop`);
      if (!p.parents) single(p, stack);
      parents.push(p, ...p.parents!);
    }
    stack.shift();
    if (def && parents.length === 0) parents.push(def);
    s.parents = [];
    for (let j = 0; j < parents.length; j++)
      if (!parents.slice(j + 1).some((x) => x.name === parents[j]!.name)) s.parents.push(parents[j]!);
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
