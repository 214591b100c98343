/**
 * The one way ikecert reads files (issue 20): certificates, keys, PKCS#12, configurations and their
 * includes, secrets, logs, batch inputs, passphrase and PSK files; folders are listed by its other
 * half, lib/input/folders.ts. No other module opens or reads a file, a folder or stdin
 * (test/one-reader.test.ts scans the sources for it).
 *
 * Every bound is on bytes, files or lines, never on time, so a slow machine gives the same answer:
 * - only regular files are read (and stdin where `-` is allowed): a FIFO, a device or a socket is
 *   refused with a line that says what it is. The file is opened with O_NONBLOCK (so a FIFO cannot
 *   block the open) and the decision is taken on `fstat` of the opened descriptor;
 * - the bytes actually read are capped (a read of cap+1 bytes refuses the file): a regular file may
 *   report a size of 0 and hold more (/proc), so `st_size` is never trusted to bound a read;
 * - streams (stdin, logs, batch files) have a line limit and a total limit;
 * - folder listings and include globs stop at a count of entries (lib/input/folders.ts, the other
 *   half of the reading path).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
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

/** The path before it is opened: not a regular file, or over the limit by its size, is refused. */
function judgePath(st: Stats, o: ReadOptions, label: string, file: string): void {
  if (!st.isFile()) throw notRegular(st, o, label, file);
  if (st.size > o.maxBytes) throw tooLarge(o.maxBytes, o, label, file, st.size);
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/**
 * Open a regular file for reading: refused before opening when the path is not one (opening a device
 * can have effects of its own: a watchdog starts, a tape rewinds), then opened with O_NONBLOCK and
 * judged again on the descriptor, which is what counts (the path may have changed in between).
 */
function openRegular(file: string, o: ReadOptions): { fd: number; st: Stats } {
  const label = o.label ?? file;
  let fd: number;
  try {
    judgePath(statSync(file), o, label, file);
    fd = openSync(file, OPEN_FLAGS);
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
 * The bytes of one read loop, at most cap = maxBytes + 1 of them: `st_size` sizes the first buffer
 * only (/proc files say 0 and hold more), so reading goes on to EOF or to the cap.
 */
class CappedRead {
  private buf: Buffer;
  got = 0;
  constructor(
    private readonly st: Stats,
    private readonly cap: number,
  ) {
    // st_size + 1 (one byte more tells a file that grew): a small file then takes a slice of
    // Node's shared pool, not an ArrayBuffer of its own for the young generation to sweep
    this.buf = Buffer.allocUnsafe(Math.min(cap, st.size > 0 ? st.size + 1 : 4096));
  }
  /** Where the next read goes, or null when cap bytes are in. */
  next(): { buf: Buffer; at: number; len: number } | null {
    if (this.got === this.buf.length) {
      if (this.got >= this.cap) return null;
      const bigger = Buffer.allocUnsafe(Math.min(this.cap, Math.max(this.buf.length * 2, 65536)));
      this.buf.copy(bigger, 0, 0, this.got);
      this.buf = bigger;
    }
    return { buf: this.buf, at: this.got, len: this.buf.length - this.got };
  }
  /** Count a read of `n` bytes; true when reading is over (EOF, or all `st_size` bytes in a short read). */
  add(n: number): boolean {
    this.got += n;
    return n === 0 || (this.st.size > 0 && this.got === this.st.size && this.got < this.buf.length);
  }
  bytes(o: ReadOptions, label: string, file: string): Uint8Array {
    if (this.got > o.maxBytes) throw tooLarge(o.maxBytes, o, label, file);
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.got);
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
    const r = new CappedRead(st, o.maxBytes + 1);
    for (let at = r.next(); at; at = r.next()) if (r.add(readSync(fd, at.buf, at.at, at.len, null))) break;
    return { bytes: r.bytes(o, label, file), st };
  } catch (e) {
    throw fsError(e, label, file);
  } finally {
    closeSync(fd);
  }
}

/** Reads at chosen places of an open regular file (withRegularFile). */
export interface PositionedReader {
  /** the size `fstat` gave when the file was opened */
  size: number;
  /** up to `len` bytes at `pos` (fewer at the end of the file) */
  read(pos: number, len: number): Uint8Array;
}

/**
 * Reads at chosen places of a regular file, for a file searched rather than read whole (dpkg's status
 * database, bisected by lib/input/strongswan-release.ts): opened and judged as readRegularFile opens
 * a file (a larger `st_size` than `maxBytes` is refused), and `maxBytes` also caps the bytes read in
 * all. The file is closed when `use` returns.
 */
export function withRegularFile<T>(file: string, o: ReadOptions, use: (r: PositionedReader) => T): T {
  const label = o.label ?? file;
  const { fd, st } = openRegular(file, o);
  let total = 0;
  const readAt = (pos: number, len: number): Uint8Array => {
    const b = Buffer.allocUnsafe(Math.max(0, Math.min(len, st.size - pos)));
    let got = 0;
    try {
      while (got < b.length) {
        const n = readSync(fd, b, got, b.length - got, pos + got);
        if (n === 0) break;
        got += n;
      }
    } catch (e) {
      throw fsError(e, label, file);
    }
    total += got;
    if (total > o.maxBytes) throw tooLarge(o.maxBytes, o, label, file);
    return b.subarray(0, got);
  };
  try {
    return use({ size: st.size, read: readAt });
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

/** isatty, with node:tty (and the stream classes it pulls in) loaded only when stdin is a device. */
function isTerminal(fd: number): boolean {
  return (process.getBuiltinModule("node:tty") as typeof import("node:tty")).isatty(fd);
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
    if (st.isFile() || (st.isCharacterDevice() && !isTerminal(0))) {
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
