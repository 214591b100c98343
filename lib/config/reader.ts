import { posix } from "node:path";
import { IkecertError, NotRegularFileError } from "../errors.js";
import type { ConfigDiagnostic, Origin } from "./model.js";

/**
 * How the configuration parsers reach files. lib/config never touches the file system itself: the
 * fs-backed reader is `fileReader()` in lib/input/config-files.ts; tests and library users can pass
 * `memoryReader()`.
 */
export interface ConfigReader {
  /**
   * the file's text; throws IkecertError (FILE_NOT_FOUND, FILE_UNREADABLE, IS_DIRECTORY,
   * FILE_TOO_LARGE, NOT_REGULAR_FILE for a FIFO, device or socket)
   */
  read(path: string): string;
  /**
   * the names matching a glob(3) pattern that are not folders, sorted as glob(3) sorts them; [] when
   * none; TOO_MANY_FILES past `maxMatches`
   */
  glob(pattern: string, maxMatches?: number): string[];
  /** what the file read as `path` is (device and inode), to notice one file reached by two names */
  identity?(path: string): string | undefined;
}

/** Files one configuration's includes may read, by default (CLI --max-include-files). */
export const MAX_INCLUDE_FILES = 4096;
/** Bytes one configuration's includes may read in all (the same file included twice counts twice). */
export const MAX_INCLUDED_BYTES = 64 * 1024 * 1024;

/** Where an include chain has been: the paths (for messages) and the files' identities. */
export interface IncludeChain {
  readonly paths: readonly string[];
  readonly keys: readonly string[];
}

/**
 * The includes of one configuration, for the three parsers (swanctl.conf, ipsec.conf,
 * ipsec.secrets): glob expansion and reading within a budget of files and bytes (a file included
 * twice counts twice, so includes that fan out cannot multiply), loops noticed by file identity (a
 * symlink to a file up the chain is a loop too). Budget overruns are IkecertErrors with the include's
 * `file:line` (exit 2); a file that cannot be read is returned as an error, for the parser to report
 * as charon reports it.
 */
export class Includes {
  private files = 0;
  private bytes = 0;

  constructor(
    readonly reader: ConfigReader,
    private readonly maxFiles = MAX_INCLUDE_FILES,
  ) {}

  /** The chain of a top-level file. */
  start(file: string): IncludeChain {
    return { paths: [file], keys: [this.key(file)] };
  }

  private key(file: string): string {
    return this.reader.identity?.(file) ?? posix.normalize(file);
  }

  private limit(origin: Origin, message: string): never {
    throw new IkecertError("TOO_MANY_FILES", `${origin.file}:${origin.line}: ${message}`, origin.file);
  }

  /** The files an include pattern (already made absolute or relative to the cwd) names. */
  expand(pattern: string, origin: Origin): string[] {
    try {
      return this.reader.glob(pattern, this.maxFiles);
    } catch (e) {
      if (e instanceof IkecertError && e.code === "TOO_MANY_FILES") this.limit(origin, e.message);
      throw e;
    }
  }

  /**
   * Read an included file: its text and the chain below it, or the reason it cannot be read (charon
   * skips such a file). A file already on the chain is a loop: `loop` is set (the parser says so).
   */
  read(
    file: string,
    chain: IncludeChain,
    origin: Origin,
  ): { text: string; chain: IncludeChain; loop: boolean } | { error: IkecertError } {
    if (++this.files > this.maxFiles)
      this.limit(origin, `includes read more than ${this.maxFiles} files (limit --max-include-files)`);
    let text: string;
    try {
      text = this.reader.read(file);
    } catch (e) {
      if (!(e instanceof IkecertError)) throw e;
      return { error: e };
    }
    this.bytes += text.length;
    if (this.bytes > MAX_INCLUDED_BYTES)
      this.limit(origin, `includes read more than ${MAX_INCLUDED_BYTES} bytes in all`);
    const key = this.key(file);
    return {
      text,
      chain: { paths: [...chain.paths, file], keys: [...chain.keys, key] },
      loop: chain.keys.includes(key) || chain.paths.includes(file),
    };
  }
}

/** A diagnostic for an included file that cannot be read; a FIFO, device or socket is marked as such. */
export function unreadableInclude(
  origin: Origin,
  file: string,
  message: string,
  e: IkecertError,
): ConfigDiagnostic {
  return {
    origin,
    message,
    ...(e instanceof NotRegularFileError ? { special: { file, kind: e.kind } } : {}),
  };
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
    glob(pattern, maxMatches) {
      const p = norm(pattern);
      if (!hasGlobMagic(p)) return map.has(p) ? [p] : [];
      const segs = p.split("/");
      const res = segs.map((s) => (hasGlobMagic(s) ? globSegmentRegExp(s) : null));
      const found = [...map.keys()].filter((k) => {
        const ks = k.split("/");
        return ks.length === segs.length && ks.every((s, i) => (res[i] ? res[i]!.test(s) : s === segs[i]));
      });
      if (maxMatches !== undefined && found.length > maxMatches)
        throw new IkecertError(
          "TOO_MANY_FILES",
          `include '${pattern}' matches more than ${maxMatches} paths (limit --max-include-files ${maxMatches})`,
        );
      return globSort(found);
    },
  };
}
