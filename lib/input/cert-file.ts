/**
 * The first certificate of a file (the one strongSwan loads), fast: one open/fstat/read/close, and for
 * the common shapes (one PEM CERTIFICATE block, or a DER certificate) straight to the strict DER
 * check and parse without the general loader's sniffing. Anything else — several blocks, keys,
 * PKCS#7/#12, pipes, oversize or broken files — goes through `loadFile`, so the answers and the
 * error messages are the loader's.
 */
import { close, closeSync, constants, fstat, fstatSync, open, openSync, read, readSync } from "node:fs";
import { validateDer } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { type Certificate, looksLikeCertificate, parseCertificate } from "./certificate.js";
import { DEFAULT_LIMITS, type ItemSource, type LoadOptions, loadFile } from "./load.js";
import { looksLikePem, parsePem, singlePemCertificate } from "./pem.js";

export interface FirstCertificate {
  cert: Certificate;
  /** how many certificates the file holds */
  count: number;
}

/**
 * Synchronous on purpose: for small local files open/fstat/read/close as plain syscalls cost a
 * fraction of the promise API's round trips through the thread pool (measured: the promise
 * version spent half of a 10,000-file batch in them). O_NONBLOCK keeps a FIFO from blocking the
 * open; anything but a regular file goes to the loader.
 */
export function readSmallRegularFile(file: string, max: number): Uint8Array | null {
  let fd = -1;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > max || st.size === 0) return null;
    const buf = new Uint8Array(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) return null;
      got += n;
    }
    return buf;
  } catch {
    return null; // the loader reports it with its own message
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * How a batch reads one certificate file: the whole of a small regular file, or null when it is not
 * one (the loader then judges it, with its own messages). One function, so that every reader of the
 * batches can be pointed at one file-reading path.
 */
export type SmallFileReader = (file: string, max: number) => Uint8Array | null | Promise<Uint8Array | null>;

/** readSmallRegularFile on libuv's thread pool (open, fstat, read, close as callbacks). */
export function readSmallRegularFileAsync(file: string, max: number): Promise<Uint8Array | null> {
  return new Promise((resolve) => {
    open(file, constants.O_RDONLY | constants.O_NONBLOCK, (err, fd) => {
      if (err) return resolve(null);
      const done = (v: Uint8Array | null) => close(fd, () => resolve(v));
      fstat(fd, (e2, st) => {
        if (e2 || !st.isFile() || st.size > max || st.size === 0) return done(null);
        const buf = new Uint8Array(st.size);
        const more = (got: number) =>
          read(fd, buf, got, st.size - got, got, (e3, n) => {
            if (e3 || n === 0) return done(null);
            if (got + n < st.size) more(got + n);
            else done(buf);
          });
        more(0);
      });
    });
  });
}

/** The fast shapes; null for anything the general loader must judge. */
function fastCertificate(bytes: Uint8Array, maxDepth: number, opts: LoadOptions): Certificate | null {
  try {
    let der = singlePemCertificate(bytes) ?? bytes;
    if (der !== bytes) {
      // one PEM CERTIFICATE block and nothing else: decoded
    } else if (looksLikePem(bytes)) {
      const blocks = parsePem(bytes, 2);
      if (blocks.length !== 1 || blocks[0]!.label !== "CERTIFICATE") return null;
      der = blocks[0]!.der;
    } else if (!looksLikeCertificate(bytes)) return null;
    validateDer(der, maxDepth);
    return parseCertificate(der, { strongswan: opts.strongswan });
  } catch {
    return null;
  }
}

/** The first certificate of `file`; IkecertError (the loader's) when there is none. */
export async function readFirstCertificate(
  file: string,
  opts: LoadOptions = {},
  readFile: SmallFileReader = readSmallRegularFile,
): Promise<FirstCertificate> {
  const limits = { ...DEFAULT_LIMITS, ...(opts.limits ?? {}) };
  const bytes = await readFile(file, limits.maxFileSize);
  const fast = bytes && fastCertificate(bytes, limits.maxDepth, opts);
  if (fast) return { cert: fast, count: 1 };
  const loaded = await loadFile(file, opts);
  const certs = loaded.items.filter((i): i is Certificate & typeof i => i.kind === "certificate");
  if (certs.length === 0) throw new IkecertError("WRONG_KIND", `${file}: holds no certificate`, file);
  return { cert: certs[0]!, count: certs.length };
}

export type SourcedCertificate = Certificate & { source: ItemSource };

/**
 * Every certificate of `file`, each with its source (as loadFile gives them): the common shapes
 * fast, as readFirstCertificate reads them; anything else, and every error, the loader's.
 */
export async function readCertificates(
  file: string,
  opts: LoadOptions = {},
  readFile: SmallFileReader = readSmallRegularFile,
): Promise<SourcedCertificate[]> {
  const limits = { ...DEFAULT_LIMITS, ...(opts.limits ?? {}) };
  const bytes = await readFile(file, limits.maxFileSize);
  const fast = bytes && fastCertificate(bytes, limits.maxDepth, opts);
  if (fast)
    return [
      Object.assign(fast, {
        source: { file, index: 0, container: looksLikePem(bytes) ? "pem" : "der" } as ItemSource,
      }),
    ];
  const loaded = await loadFile(file, opts);
  return loaded.items.filter((i): i is SourcedCertificate => i.kind === "certificate");
}
