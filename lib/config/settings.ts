import type { ConfigDiagnostic, Origin } from "./model.js";
import type { ConfigReader } from "./reader.js";
import { SettingsLexer, type Token } from "./settings-lexer.js";

/**
 * strongSwan's settings syntax (swanctl.conf, strongswan.conf) as a tree, built with the grammar of
 * src/libstrongswan/settings/settings_parser.y and merged as settings_types.c merges:
 * - a key written twice keeps its first position and takes the later value;
 * - a section written twice is one section (keys and subsections merged, first position kept);
 * - `key =` with nothing after it sets the key to null, which hides it (and hides a referenced value);
 * - unquoted value parts are joined with one space (`a   b` is `a b`); quote to keep spacing;
 * - `name : other.section, third { }` references other sections (paths from the root), whose keys and
 *   subsections it inherits where it has none of its own.
 */

export interface SettingsKey {
  name: string;
  value: string | null;
  origin: Origin;
  /** where earlier, overridden values of this key were written */
  overridden: Origin[];
}

export interface SettingsSection {
  name: string;
  /** where the section was first opened */
  origin: Origin;
  /** every place it was opened (a section written twice is merged) */
  origins: Origin[];
  keys: Map<string, SettingsKey>;
  sections: Map<string, SettingsSection>;
  references: { name: string; origin: Origin }[];
}

export interface SettingsTree {
  root: SettingsSection;
  /** every file read, the main file first */
  files: string[];
  /** problems strongSwan skips silently or with a log line (missing includes, ...) */
  diagnostics: ConfigDiagnostic[];
}

/**
 * Sections nest at most this deep. strongSwan's bison parser gives up ("memory exhausted") at a few
 * thousand levels; real configurations use under ten. The limit keeps hostile files off the JS stack.
 */
export const MAX_SECTION_DEPTH = 256;

export interface ParseSettingsOptions {
  /** where `include` finds its files; without one, includes are reported and skipped */
  reader?: ConfigReader;
  /** includes nest at most this deep (default 32; CLI --max-include-depth) */
  maxIncludeDepth?: number;
  /** files the includes may read in all, and each glob may match (default 4,096; --max-include-files) */
  maxIncludeFiles?: number;
}

function newSection(name: string, origin: Origin): SettingsSection {
  return { name, origin, origins: [origin], keys: new Map(), sections: new Map(), references: [] };
}

const describe = (t: Token) =>
  t.kind === "eof"
    ? "end of file"
    : t.kind === "newline"
      ? "end of line"
      : t.kind === "name" || t.kind === "string"
        ? `'${t.text}'`
        : `'${t.kind}'`;

/** Parse `text` (the contents of `file`). Syntax errors are IkecertError CONFIG_INVALID `file:line: ...`. */
export function parseSettings(text: string, file: string, opts: ParseSettingsOptions = {}): SettingsTree {
  const lex = new SettingsLexer(opts.reader ?? null, file, text, opts.maxIncludeDepth, opts.maxIncludeFiles);
  const root = newSection("", { file, line: 1 });
  let look: Token | null = null;
  const peek = () => {
    look ??= lex.next();
    return look;
  };
  const take = () => {
    const t = peek();
    look = null;
    return t;
  };
  const syntax = (t: Token, expecting: string): never =>
    lex.fail(
      t.origin.file ? t.origin : lex.here(),
      `syntax error, unexpected ${describe(t)}, expecting ${expecting}`,
    );

  const addKey = (sec: SettingsSection, name: string, value: string | null, origin: Origin) => {
    const old = sec.keys.get(name);
    if (old) {
      old.overridden.push(old.origin);
      old.value = value;
      old.origin = origin;
    } else sec.keys.set(name, { name, value, origin, overridden: [] });
  };

  const merge = (base: SettingsSection, ext: SettingsSection) => {
    base.origins.push(...ext.origins);
    for (const k of ext.keys.values()) {
      addKey(base, k.name, k.value, k.origin);
      base.keys.get(k.name)!.overridden.push(...k.overridden);
    }
    for (const s of ext.sections.values()) addSection(base, s);
    for (const r of ext.references)
      if (!base.references.some((x) => x.name === r.name)) base.references.push(r);
  };
  const addSection = (parent: SettingsSection, sec: SettingsSection) => {
    const old = parent.sections.get(sec.name);
    if (old) merge(old, sec);
    else parent.sections.set(sec.name, sec);
  };

  const statements = (sec: SettingsSection, depth: number) => {
    const nested = depth > 0;
    if (depth > MAX_SECTION_DEPTH)
      lex.fail(lex.here(), `sections nested deeper than ${MAX_SECTION_DEPTH} levels`);
    for (;;) {
      const t = take();
      if (t.kind === "newline") continue;
      if (t.kind === "eof") {
        if (nested) syntax(t, "'}'");
        return;
      }
      if (t.kind === "}") {
        if (!nested) syntax(t, "a name or end of file");
        return;
      }
      if (t.kind !== "name") syntax(t, nested ? "a name or '}'" : "a name");
      const op = take();
      if (op.kind === "{" || op.kind === ":") {
        const child = newSection(t.text, t.origin);
        if (op.kind === ":") {
          for (;;) {
            const r = take();
            if (r.kind !== "name") syntax(r, "a section reference");
            if (!child.references.some((x) => x.name === r.text))
              child.references.push({ name: r.text, origin: r.origin });
            const sep = take();
            if (sep.kind === "{") break;
            if (sep.kind !== ",") syntax(sep, "',' or '{'");
          }
        }
        statements(child, depth + 1);
        addSection(sec, child);
      } else if (op.kind === "=") {
        const parts: string[] = [];
        for (;;) {
          const v = take();
          if (v.kind === "newline") break;
          if (v.kind !== "name" && v.kind !== "string") syntax(v, "a value");
          parts.push(v.text);
        }
        addKey(sec, t.text, parts.length ? parts.join(" ") : null, t.origin);
      } else syntax(op, "'=', '{' or ':'");
    }
  };
  statements(root, 0);
  return { root, files: lex.files, diagnostics: lex.diagnostics };
}

// ---------------------------------------------------------------------------------------------------
// Lookups with references resolved (settings.c find_sections / create_*_enumerator)

function lookupSections(
  root: SettingsSection,
  from: SettingsSection,
  parts: string[],
  ignoreRefs: boolean,
  out: SettingsSection[],
): void {
  const [head, ...rest] = parts;
  const found = head === "" || head === undefined ? from : from.sections.get(head);
  if (found) {
    if (rest.length) lookupSections(root, found, rest, false, out);
    else if (!out.includes(found)) {
      out.push(found);
      for (const r of found.references) lookupSections(root, root, r.name.split("."), false, out);
    }
  }
  if (!ignoreRefs && from !== found && from.references.length) {
    for (const r of from.references) {
      const refs: SettingsSection[] = [];
      lookupSections(root, root, r.name.split("."), false, refs);
      for (const s of refs) lookupSections(root, s, parts, true, out);
    }
  }
}

/** The sections that make up `path` (`connections.gw`): the section itself, then what it references. */
export function sectionsAt(tree: SettingsTree, path: string): SettingsSection[] {
  const out: SettingsSection[] = [];
  lookupSections(tree.root, tree.root, path === "" ? [""] : path.split("."), false, out);
  return out;
}

/**
 * The keys of the section at `path` as strongSwan enumerates them: own keys first (file order), then
 * inherited ones it does not have; keys set to null are left out (and hide inherited ones).
 */
export function keysAt(tree: SettingsTree, path: string): SettingsKey[] {
  const seen = new Set<string>();
  const out: SettingsKey[] = [];
  for (const s of sectionsAt(tree, path))
    for (const k of s.keys.values()) {
      if (seen.has(k.name)) continue;
      seen.add(k.name);
      if (k.value !== null) out.push(k);
    }
  return out;
}

/** Subsection names of `path`, own first (in the order first written), then inherited ones. */
export function sectionNamesAt(tree: SettingsTree, path: string): { name: string; origin: Origin }[] {
  const seen = new Set<string>();
  const out: { name: string; origin: Origin }[] = [];
  for (const s of sectionsAt(tree, path))
    for (const c of s.sections.values()) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      out.push({ name: c.name, origin: c.origin });
    }
  return out;
}

/** One key's value at `path` (`connections.gw.version`), references applied; null when unset. */
export function valueAt(tree: SettingsTree, path: string): SettingsKey | null {
  const i = path.lastIndexOf(".");
  const key = path.slice(i + 1);
  for (const s of sectionsAt(tree, i < 0 ? "" : path.slice(0, i))) {
    const k = s.keys.get(key);
    if (k) return k.value === null ? null : k;
  }
  return null;
}
