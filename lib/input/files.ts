/**
 * The one way ikecert reads files (issue 20): certificates, keys, PKCS#12, configurations and their
 * includes, secrets, logs, batch inputs, passphrase and PSK files, folder listings. No other module
 * opens or reads a file or stdin (test/one-reader.test.ts scans the sources for it).
 *
 * Every bound is on bytes, files or lines, never on time, so a slow machine gives the same answer:
 * - only regular files are read (and stdin where `-` is allowed): a FIFO, a device or a socket is
 *   refused with a line that says what it is. The file is opened with O_NONBLOCK (so a FIFO cannot
 *   block the open) and the decision is taken on `fstat` of the opened descriptor;
 * - the bytes actually read are capped (a read of cap+1 bytes refuses the file): a regular file may
 *   report a size of 0 and hold more (/proc), so `st_size` is never trusted to bound a read;
 * - streams (stdin, logs, batch files) have a line limit and a total limit;
 * - folder listings and include globs stop at a count of entries.
 */
import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  lstatSync,
  opendirSync,
  openSync,
  readSync,
  type Stats,
  statSync,
} from "node:fs";
import { posix } from "node:path";
import { isatty } from "node:tty";
import { globSegmentRegExp, globSort, hasGlobMagic } from "../config/reader.js";
import { IkecertError, NotRegularFileError, type SpecialFileKind } from "../errors.js";
import { type BatchLine, splitLines } from "./lines.js";

/** What a path is, in the words the messages use. */
export function kindOf(st: Stats): string {
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

export interface ReadOptions {
  /** most bytes read; one more refuses the file */
  maxBytes: number;
  /** how the user raises the limit (`--max-file-size`); omitted for a fixed limit */
  limitFlag?: string;
  /** how the file is named in messages (default: the path) */
  label?: string;
  /** what follows "is a folder;" (default: ", not a file") */
  folderHint?: string;
  /** what follows "is a FIFO ..., not a regular file" where stdin is an alternative */
  pipeHint?: string;
}

const errnoOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? "error";

/** An fs error as an IkecertError naming the file. */
function fsError(e: unknown, label: string, file: string): IkecertError {
  if (e instanceof IkecertError) return e;
  const code = errnoOf(e);
  if (code === "ENOENT" || code === "ENOTDIR")
    return new IkecertError("FILE_NOT_FOUND", `${label}: no such file`, file);
  if (code === "ELOOP")
    return new IkecertError(
      "FILE_UNREADABLE",
      `${label}: a symlink loop (too many levels of symbolic links)`,
      file,
    );
  if (code === "EAGAIN")
    return new IkecertError("FILE_UNREADABLE", `${label}: cannot be read without waiting (EAGAIN)`, file);
  return new IkecertError("FILE_UNREADABLE", `${label}: cannot read (${code})`, file);
}

function specialKind(st: Stats): SpecialFileKind {
  if (st.isFIFO()) return "FIFO";
  if (st.isCharacterDevice()) return "character device";
  if (st.isBlockDevice()) return "block device";
  return "socket";
}

function notRegular(st: Stats, o: ReadOptions, label: string, file: string): IkecertError {
  if (st.isDirectory())
    return new IkecertError(
      "IS_DIRECTORY",
      `${label}: is a folder${o.folderHint ? `; ${o.folderHint}` : ", not a file"}`,
      file,
    );
  const pipe = st.isFIFO() && o.pipeHint ? `; ${o.pipeHint}` : "";
  return new NotRegularFileError(
    specialKind(st),
    `${label}: is ${kindOf(st)}, not a regular file${pipe || "; ikecert reads regular files only"}`,
    file,
  );
}

function tooLarge(max: number, o: ReadOptions, label: string, file: string, size?: number): IkecertError {
  const raise = o.limitFlag ? ` (raise it with ${o.limitFlag})` : "";
  return new IkecertError(
    "FILE_TOO_LARGE",
    size !== undefined
      ? `${label}: ${size} bytes is over the limit of ${max}${raise}`
      : `${label}: more than ${max} bytes, over the limit${raise}`,
    file,
  );
}

/**
 * Open a regular file for reading: refused before opening when the path is not one (opening a device
 * can have effects of its own: a watchdog starts, a tape rewinds), then opened with O_NONBLOCK and
 * judged again on the descriptor, which is what counts (the path may have changed in between).
 */
function openRegular(file: string, o: ReadOptions): { fd: number; st: Stats } {
  const label = o.label ?? file;
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    throw fsError(e, label, file);
  }
  if (!st.isFile()) throw notRegular(st, o, label, file);
  if (st.size > o.maxBytes) throw tooLarge(o.maxBytes, o, label, file, st.size);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw fsError(e, label, file);
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) throw notRegular(now, o, label, file);
    return { fd, st: now };
  } catch (e) {
    closeSync(fd);
    throw fsError(e, label, file);
  }
}

/**
 * A regular file's bytes, at most `maxBytes` of them. Synchronous on purpose: for small local files
 * open/fstat/read/close as plain syscalls cost a fraction of the promise API's round trips, and the
 * file is regular, so no read can wait for a writer.
 */
export function readRegularFile(file: string, o: ReadOptions): Uint8Array {
  return readRegularFileStat(file, o).bytes;
}

/** readRegularFile, with the `fstat` of the descriptor it read (mode, inode). */
export function readRegularFileStat(file: string, o: ReadOptions): { bytes: Uint8Array; st: Stats } {
  const label = o.label ?? file;
  const { fd, st } = openRegular(file, o);
  try {
    const cap = o.maxBytes + 1;
    // st_size sizes the first read only: /proc files say 0 and hold more, so reading goes on to EOF
    let buf = Buffer.allocUnsafe(Math.min(cap, Math.max(st.size + 1, 4096)));
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        if (got >= cap) break;
        const bigger = Buffer.allocUnsafe(Math.min(cap, Math.max(buf.length * 2, 65536)));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    if (got > o.maxBytes) throw tooLarge(o.maxBytes, o, label, file);
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, got), st };
  } catch (e) {
    throw fsError(e, label, file);
  } finally {
    closeSync(fd);
  }
}

/** A regular file as UTF-8 text (see readRegularFile). */
export function readTextFile(file: string, o: ReadOptions): string {
  const b = readRegularFile(file, o);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");
}

// ---------------------------------------------------------------------------------------------------
// Streams: stdin (`-`) or a regular file, in chunks, with a total limit

export interface StreamOptions {
  /** most bytes read in total; one more ends the stream with FILE_TOO_LARGE */
  maxBytes: number;
  /** how the user raises the total limit (`--max-input`) */
  limitFlag?: string;
  /** how the input is named in messages (default: the path, or "stdin" for `-`) */
  label?: string;
  /** bytes per read of a file (default 1 MiB) */
  chunkSize?: number;
}

export const STDIN = "-";

const CHUNK = 1024 * 1024;

/** Read `fd` (a regular file, or stdin that is a file or a device) in chunks until EOF or over the cap. */
function* fdChunks(fd: number, label: string, file: string, o: StreamOptions): Generator<Uint8Array> {
  let total = 0;
  for (;;) {
    // never more than one byte past the cap, however large the input
    const want = Math.min(o.chunkSize ?? CHUNK, o.maxBytes + 1 - total);
    const buf = Buffer.allocUnsafe(want);
    let n: number;
    try {
      n = readSync(fd, buf, 0, want, null);
    } catch (e) {
      throw fsError(e, label, file);
    }
    if (n === 0) return;
    total += n;
    if (total > o.maxBytes) throw tooLarge(o.maxBytes, o, label, file);
    yield buf.subarray(0, n);
  }
}

/**
 * The chunks of stdin (`-`) or of a regular file, at most `maxBytes` in total. Stdin that is a file
 * or a device (`< file`, `< /dev/zero`) is read like a file, never more than one byte past the cap;
 * a pipe or a terminal as a stream, whose reads (up to 64 KiB each) may pass the cap by one read.
 */
export async function* readChunks(source: string, o: StreamOptions): AsyncGenerator<Uint8Array> {
  const label = o.label ?? (source === STDIN ? "stdin" : source);
  if (source === STDIN) {
    const st = fstatSync(0);
    if (st.isFile() || (st.isCharacterDevice() && !isatty(0))) {
      yield* fdChunks(0, label, source, o);
      return;
    }
    let total = 0;
    for await (const c of process.stdin as AsyncIterable<Buffer | string>) {
      const b = typeof c === "string" ? Buffer.from(c) : c;
      total += b.length;
      if (total > o.maxBytes) throw tooLarge(o.maxBytes, o, label, source);
      yield b;
    }
    return;
  }
  const { fd } = openRegular(source, {
    maxBytes: o.maxBytes,
    limitFlag: o.limitFlag,
    label,
    pipeHint: "to read a pipe, give - and feed it on stdin",
  });
  try {
    yield* fdChunks(fd, label, source, o);
  } finally {
    closeSync(fd);
  }
}

/** All of stdin or of a regular file, at most `maxBytes`. */
export async function readAll(source: string, o: StreamOptions): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of readChunks(source, o)) parts.push(c);
  return new Uint8Array(Buffer.concat(parts));
}

export interface LineOptions extends StreamOptions {
  /** longest line in bytes; a longer line is reported as `{ tooLong }` and not kept */
  maxLine: number;
  /** end the stream at the first line over `maxLine` (see splitLines) */
  stopAtTooLong?: boolean;
}

/** The lines of stdin or of a regular file (see splitLines), with the total limit of `maxBytes`. */
export function readLines(source: string, o: LineOptions): AsyncGenerator<BatchLine> {
  // reads of one line's limit (64 KiB to 1 MiB): a line over the limit is seen after one read
  const chunkSize = Math.min(CHUNK, Math.max(64 * 1024, o.maxLine + 1));
  return splitLines(readChunks(source, { chunkSize, ...o }), o.maxLine, o.stopAtTooLong);
}

// ---------------------------------------------------------------------------------------------------
// Folders

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
