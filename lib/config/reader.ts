import { posix } from "node:path";
import { IkecertError } from "../errors.js";

/**
 * How the configuration parsers reach files. lib/config never touches the file system itself: the
 * fs-backed reader is `fileReader()` in lib/input/config-files.ts; tests and library users can pass
 * `memoryReader()`.
 */
export interface ConfigReader {
  /** the file's text; throws IkecertError (FILE_NOT_FOUND, FILE_UNREADABLE, IS_DIRECTORY, FILE_TOO_LARGE) */
  read(path: string): string;
  /** the regular files matching a glob(3) pattern, sorted as glob(3) sorts them; [] when none */
  glob(pattern: string): string[];
}

/** Translate one glob(3) path segment (`*`, `?`, `[...]`) into a RegExp; a leading dot must be literal. */
export function globSegmentRegExp(segment: string): RegExp {
  let re = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = segment.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let body = segment.slice(i + 1, end);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        re += bracketClass(body);
        i = end;
      }
    } else if (c === "\\" && i + 1 < segment.length) {
      re += segment[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  const noDot = segment.startsWith(".") ? "" : "(?!\\.)";
  return new RegExp(`^${noDot}${re}$`);
}

/**
 * A glob bracket expression as a RegExp class. A range written backwards (`[z-a]`) is a RegExp syntax
 * error; glob(3) lets such a range match nothing, so it becomes an empty class (negated: any character).
 */
function bracketClass(body: string): string {
  const cls = `[${body.replace(/\\/g, "\\\\")}]`;
  try {
    new RegExp(cls);
    return cls;
  } catch {
    return body.startsWith("^") ? "[^/]" : "(?!)";
  }
}

export function hasGlobMagic(s: string): boolean {
  return /[*?[]/.test(s);
}

/** glob(3)'s sort: byte order of the whole path (C locale). */
export function globSort(paths: string[]): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A reader over an in-memory map of path → text (paths are compared as given, POSIX style). */
export function memoryReader(files: Record<string, string>): ConfigReader {
  const norm = (p: string) => posix.normalize(p);
  const map = new Map(Object.entries(files).map(([k, v]) => [norm(k), v]));
  return {
    read(path) {
      const v = map.get(norm(path));
      if (v === undefined) throw new IkecertError("FILE_NOT_FOUND", `${path}: no such file`, path);
      return v;
    },
    glob(pattern) {
      const p = norm(pattern);
      if (!hasGlobMagic(p)) return map.has(p) ? [p] : [];
      const segs = p.split("/");
      const res = segs.map((s) => (hasGlobMagic(s) ? globSegmentRegExp(s) : null));
      return globSort(
        [...map.keys()].filter((k) => {
          const ks = k.split("/");
          return ks.length === segs.length && ks.every((s, i) => (res[i] ? res[i]!.test(s) : s === segs[i]));
        }),
      );
    },
  };
}
