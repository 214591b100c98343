/**
 * Folders for the one reading path (issue 20; files themselves: lib/input/files.ts): listings of a
 * bounded number of entries, the kind of a path, and glob(3) for `include` patterns, which stops at a
 * count of paths and of folder entries read. No other module lists a folder.
 */
import { type Dirent, lstatSync, opendirSync, statSync } from "node:fs";
import { posix } from "node:path";
import { globSegmentRegExp, globSort, hasGlobMagic } from "../config/reader.js";
import { IkecertError } from "../errors.js";

export type EntryKind = "file" | "folder" | "other" | "missing";

export interface FolderEntry {
  name: string;
  /** what the entry is, symlinks followed; `missing` for a dangling link */
  kind: EntryKind;
  /** the entry itself is a symlink */
  link: boolean;
}

/** Entries one folder listing reads at most (a folder with more is refused). */
export const MAX_FOLDER_ENTRIES = 100_000;

function entryKind(dir: string, d: Dirent): EntryKind {
  if (d.isFile()) return "file";
  if (d.isDirectory()) return "folder";
  if (d.isFIFO() || d.isSocket() || d.isCharacterDevice() || d.isBlockDevice()) return "other";
  // a symlink (or a file system that does not say): follow it
  try {
    const st = statSync(posix.join(dir, d.name));
    return st.isFile() ? "file" : st.isDirectory() ? "folder" : "other";
  } catch {
    return "missing";
  }
}

/**
 * The entries of a folder, sorted by name (byte order), at most `maxEntries` (default
 * MAX_FOLDER_ENTRIES; more is an IkecertError). Throws the fs error (ENOENT, ENOTDIR, EACCES) as is,
 * so callers say what a missing folder means to them.
 */
export function listFolder(dir: string, maxEntries = MAX_FOLDER_ENTRIES): FolderEntry[] {
  const d = opendirSync(dir === "" ? "." : dir);
  const out: FolderEntry[] = [];
  try {
    for (let e = d.readSync(); e !== null; e = d.readSync()) {
      if (out.length >= maxEntries)
        throw new IkecertError(
          "TOO_MANY_FILES",
          `${dir}: more than ${maxEntries} entries in one folder; name a smaller folder`,
          dir,
        );
      out.push({ name: e.name, kind: entryKind(dir, e), link: e.isSymbolicLink() });
    }
  } finally {
    d.closeSync();
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A folder's identity (device and inode, symlinks followed), to notice a folder seen before; null if none. */
export function folderId(path: string): string | null {
  try {
    const st = statSync(path);
    return st.isDirectory() ? `${st.dev}:${st.ino}` : null;
  } catch {
    return null;
  }
}

/** The names in a folder, unsorted and without looking at them, at most `maxEntries` (glob's walk). */
function listNames(dir: string, maxEntries: number): string[] {
  const d = opendirSync(dir);
  const out: string[] = [];
  try {
    for (let e = d.readSync(); e !== null; e = d.readSync()) {
      if (out.length >= maxEntries)
        throw new IkecertError("TOO_MANY_FILES", `${dir}: more than ${maxEntries} entries`, dir);
      out.push(e.name);
    }
  } finally {
    d.closeSync();
  }
  return out;
}

/** What a path is (symlinks followed): file, folder, other (FIFO, device, socket) or missing. */
export function pathKind(path: string): EntryKind {
  try {
    // no exception for a missing path: building one costs more than the stat itself
    const st = statSync(path, { throwIfNoEntry: false });
    return st === undefined ? "missing" : st.isFile() ? "file" : st.isDirectory() ? "folder" : "other";
  } catch {
    return "missing";
  }
}

/**
 * glob(3) for `*`, `?` and `[...]` in any path segment, as charon expands an `include`: every name
 * that exists and is not a folder (charon then skips what it cannot open), sorted as glob(3) sorts.
 * At most `maxMatches` paths per level of the pattern and `64 * maxMatches` folder entries read in
 * all; past either the pattern is refused (TOO_MANY_FILES), so `include /*\/*\/*` ends at once.
 */
export function globFiles(pattern: string, maxMatches: number): string[] {
  const abs = posix.isAbsolute(pattern);
  const segs = pattern.split("/").filter((s, i) => s !== "" || i === 0);
  let current = [abs ? "/" : segs[0] === "" ? "." : ""];
  const rest = abs ? segs.slice(1) : segs;
  let entriesLeft = 64 * maxMatches;
  const over = (what: string) =>
    new IkecertError(
      "TOO_MANY_FILES",
      `include '${pattern}' ${what} (limit --max-include-files ${maxMatches}); strongSwan would open and parse every one of them`,
    );
  for (const seg of rest) {
    const next: string[] = [];
    for (const dir of current) {
      if (!hasGlobMagic(seg)) {
        next.push(dir === "" ? seg : posix.join(dir, seg));
      } else {
        let names: string[];
        try {
          names = listNames(dir === "" ? "." : dir, entriesLeft);
        } catch (e) {
          if (e instanceof IkecertError) throw over(`reads more than ${64 * maxMatches} folder entries`);
          continue; // not a folder, unreadable: glob(3) goes on
        }
        entriesLeft -= names.length;
        const re = globSegmentRegExp(seg);
        for (const n of names) if (re.test(n)) next.push(dir === "" ? n : posix.join(dir, n));
      }
      if (next.length > maxMatches) throw over(`matches more than ${maxMatches} paths`);
    }
    current = next;
  }
  // folders are left out; a dangling symlink stays (charon says "unable to open" for it)
  return globSort(current.filter((p) => p !== "" && existsAsNonFolder(p)));
}

/** A glob(3) result that stays: anything but a folder, a dangling symlink included. */
function existsAsNonFolder(p: string): boolean {
  const k = pathKind(p);
  if (k !== "missing") return k !== "folder";
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
