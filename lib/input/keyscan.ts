import { basename, dirname, join } from "node:path";
import { IkecertError } from "../errors.js";
import { type FolderEntry, folderId, listFolder, pathKind } from "./folders.js";
import { fastPrivateKey, firstPemLabel } from "./keyfast.js";
import { type LoadedItem, type LoadOptions, parseBytes, readInputFileStat } from "./load.js";

/**
 * Reading folders of keys the way `ikecert pair` searches them: swanctl and ipsec.d layouts or any
 * folder. Each file takes the fast path of keyfast.ts first and the full input layer otherwise.
 */

export interface ScannedFile {
  file: string;
  /** permission bits (st_mode & 0o7777), null where not known */
  mode: number | null;
  items: LoadedItem[];
  /** why the file could not be read (folder scans go on past such files) */
  error: IkecertError | null;
  /** label of the first PEM block (strongSwan's pem plugin decodes only that one), null for DER */
  firstPemLabel: string | null;
}

export type FolderLayout = "swanctl" | "ipsec.d" | "plain";

export interface FolderScan {
  layout: FolderLayout;
  /** files from the key folders (every file for a plain folder) */
  keyFiles: ScannedFile[];
  /** files from the certificate folders of a swanctl or ipsec.d layout */
  certFiles: ScannedFile[];
}

export interface ScanOptions extends LoadOptions {
  /** deepest folder level a plain folder is searched to; default 4 */
  maxFolderDepth?: number;
  /** most files read from one folder tree; default 50,000 */
  maxFiles?: number;
  /** read only the key folders or only the certificate folders of a swanctl/ipsec.d layout */
  only?: "keys" | "certs";
}

const SWANCTL_KEY_DIRS = ["private", "rsa", "ecdsa", "pkcs8", "pkcs12"];
const SWANCTL_CERT_DIRS = ["x509", "x509ca"];
const IPSECD_CERT_DIRS = ["certs", "cacerts"];

/** Read one file as keys: the fast path first, the full input layer otherwise. */
export async function scanFile(file: string, opts: LoadOptions = {}, strict = true): Promise<ScannedFile> {
  let mode: number | null = null;
  let label: string | null = null;
  try {
    const { bytes, st } = readInputFileStat(file, opts);
    mode = st.mode & 0o7777;
    label = firstPemLabel(bytes);
    const fast = fastPrivateKey(bytes);
    if (fast)
      return {
        file,
        mode,
        items: [
          Object.assign(fast, { source: { file, index: 0, container: label ? "pem" : "der" } as const }),
        ],
        error: null,
        firstPemLabel: label,
      };
    const loaded = await parseBytes(bytes, file, opts);
    return { file, mode, items: loaded.items, error: null, firstPemLabel: label };
  } catch (e) {
    let err: IkecertError;
    if (e instanceof IkecertError) err = e.inFile(file);
    else {
      const code = (e as NodeJS.ErrnoException).code;
      err =
        code === "ENOENT"
          ? new IkecertError("FILE_NOT_FOUND", `${file}: no such file`, file)
          : code
            ? new IkecertError("FILE_UNREADABLE", `${file}: cannot read (${code})`, file)
            : new IkecertError("UNKNOWN_FORMAT", `${file}: cannot be read as a certificate or key`, file);
    }
    if (strict) throw err;
    return { file, mode, items: [], error: err, firstPemLabel: label };
  }
}

async function isDir(p: string): Promise<boolean> {
  return pathKind(p) === "folder";
}

/**
 * Regular files under `dir`, sorted; recursive to `depth` levels, hidden entries skipped. A folder
 * reached twice (a symlink back up the tree) is read once.
 */
async function listFiles(
  dir: string,
  depth: number,
  budget: { left: number },
  seen = new Set<string>(),
): Promise<string[]> {
  const out: string[] = [];
  const id = folderId(dir);
  if (id === null || seen.has(id)) return out;
  seen.add(id);
  let entries: FolderEntry[];
  try {
    entries = listFolder(dir);
  } catch (e) {
    if (e instanceof IkecertError) throw e;
    return out;
  }
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const full = join(dir, e.name);
    if (e.kind === "file") {
      if (budget.left-- <= 0)
        throw new IkecertError("USAGE", `${dir}: more files than the scan limit; name a smaller folder`);
      out.push(full);
    } else if (e.kind === "folder" && depth > 1)
      out.push(...(await listFiles(full, depth - 1, budget, seen)));
  }
  return out;
}

/** Run `fn` over `xs` with at most `n` at a time, results in input order. */
async function pool<T, R>(xs: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await fn(xs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, xs.length) }, worker));
  return out;
}

/** Which layout a folder has: swanctl (private/ rsa/ ecdsa/ pkcs8/ pkcs12/ x509/), ipsec.d, or none. */
export async function folderLayout(dir: string): Promise<FolderLayout> {
  const has = async (names: string[]) =>
    (await Promise.all(names.map((n) => isDir(join(dir, n))))).some(Boolean);
  if (await has(IPSECD_CERT_DIRS)) return "ipsec.d";
  if (await has([...SWANCTL_KEY_DIRS, ...SWANCTL_CERT_DIRS])) return "swanctl";
  return "plain";
}

/**
 * The swanctl folder a certificate file sits in (`<dir>/x509/cert.pem` → `<dir>`), or null.
 * Used to offer that folder's other certificates as owners of a wrong key.
 */
export async function swanctlFolderOf(certFile: string): Promise<string | null> {
  const parent = basename(dirname(certFile));
  if (!["x509", "x509ca", "pkcs12", "certs"].includes(parent)) return null;
  const root = dirname(dirname(certFile));
  return (await folderLayout(root)) === "plain" ? null : root;
}

/**
 * Read every key in a folder. A swanctl folder is read from its key folders (certificates from x509/
 * and x509ca/), an ipsec.d folder from private/ (certificates from certs/ and cacerts/), any other
 * folder recursively. Files that cannot be read are kept with their error; the scan goes on.
 */
export async function scanKeyFolder(dir: string, opts: ScanOptions = {}): Promise<FolderScan> {
  const layout = await folderLayout(dir);
  const budget = { left: opts.maxFiles ?? 50_000 };
  const depth = opts.maxFolderDepth ?? 4;
  const under = async (names: string[]) => {
    const files: string[] = [];
    for (const n of names)
      if (await isDir(join(dir, n))) files.push(...(await listFiles(join(dir, n), depth, budget)));
    return files;
  };
  let keyPaths: string[];
  let certPaths: string[] = [];
  const keys = opts.only !== "certs";
  const certs = opts.only !== "keys";
  if (layout === "swanctl") {
    keyPaths = keys ? await under(SWANCTL_KEY_DIRS) : [];
    certPaths = certs ? await under(SWANCTL_CERT_DIRS) : [];
  } else if (layout === "ipsec.d") {
    keyPaths = keys ? await under(["private"]) : [];
    certPaths = certs ? await under(IPSECD_CERT_DIRS) : [];
  } else keyPaths = await listFiles(dir, depth, budget);
  // workers run side by side: ask for a passphrase once, not once per worker
  let asked: Promise<string | null> | undefined;
  const passphrase = opts.passphrase;
  const shared: LoadOptions = {
    ...opts,
    passphrase: passphrase ? (file) => (asked ??= passphrase(file)) : undefined,
  };
  const read = (f: string) => scanFile(f, shared, false);
  return {
    layout,
    keyFiles: await pool(keyPaths, 16, read),
    certFiles: await pool(certPaths, 16, read),
  };
}
