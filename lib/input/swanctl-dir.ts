import { join, posix } from "node:path";
import type { FileRef, SecretValue } from "../config/model.js";
import { revealSecret } from "../config/model.js";
import { parseSwanctlConf, type SwanctlConf } from "../config/swanctl.js";
import { IkecertError } from "../errors.js";
import { type AttributeCertificate, parseAttributeCertificates } from "./acert.js";
import { fileReader, MAX_CONFIG_FILE } from "./config-files.js";
import type { Crl } from "./crl.js";
import { loadCrlFile } from "./crl-file.js";
import { type FolderEntry, listFolder, pathKind } from "./folders.js";
import {
  type LoadedFile,
  type LoadedItem,
  type LoadOptions,
  loadFile,
  parseBytes,
  readInputFile,
} from "./load.js";

/**
 * A swanctl folder as `swanctl --load-all` reads it (src/swanctl/commands/load_creds.c): swanctl.conf
 * plus the credential folders. Each file in a certificate folder contributes only its FIRST certificate
 * (charon parses the blob as one certificate); we still load and remember the rest so the audit can
 * say what is ignored. A file that cannot be read is recorded with its error; it does not stop the rest.
 */

export const SWANCTL_FOLDERS = [
  "x509",
  "x509ca",
  "x509aa",
  "x509ocsp",
  "x509crl",
  "x509ac",
  "pubkey",
  "private",
  "rsa",
  "ecdsa",
  "pkcs8",
  "pkcs12",
] as const;
/** A credential folder of a swanctl directory. */
export type SwanctlFolder = (typeof SWANCTL_FOLDERS)[number];

const KEY_FOLDERS: readonly SwanctlFolder[] = ["private", "rsa", "ecdsa", "pkcs8"];

/** A file of a configuration folder, with the items charon would use from it. */
export interface FolderFile {
  folder: SwanctlFolder | "certs" | "cacerts" | "private" | "aacerts" | "ocspcerts" | "crls";
  /** relative to the configuration folder, e.g. `x509/gw.pem` (what FileRef.path holds) */
  path: string;
  /** path on disk */
  file: string;
  loaded: LoadedFile | null;
  error: IkecertError | null;
  /** what strongSwan loads from the file: the first certificate / key / public key; all of a PKCS#12 */
  used: LoadedItem[];
  /** what else the file holds, which strongSwan ignores */
  ignored: LoadedItem[];
  /** x509ac/: the attribute certificates in the file */
  acerts?: AttributeCertificate[];
  /** x509crl/, ipsec.d/crls/: the CRL charon loads from the file */
  crl?: Crl;
}

/** A swanctl folder read: swanctl.conf and the credential files. */
export interface SwanctlDir {
  dir: string;
  /** null when the folder has no swanctl.conf */
  conf: SwanctlConf | null;
  files: FolderFile[];
}

/** Options of `loadSwanctlDir`. */
export interface SwanctlDirOptions extends LoadOptions {
  /** swanctl.conf somewhere else (swanctl --file); default `<dir>/swanctl.conf` */
  confFile?: string;
}

/** Pick what strongSwan takes from a loaded file in a folder of the given kind. */
export function usedItems(
  folder: FolderFile["folder"],
  items: LoadedItem[],
): { used: LoadedItem[]; ignored: LoadedItem[] } {
  if (folder === "pkcs12") return { used: items, ignored: [] };
  const want =
    folder === "pubkey"
      ? "publicKey"
      : KEY_FOLDERS.includes(folder as SwanctlFolder) || folder === "private"
        ? "privateKey"
        : "certificate";
  const i = items.findIndex((it) => it.kind === want);
  if (i < 0) return { used: [], ignored: items };
  return { used: [items[i]!], ignored: items.filter((_, j) => j !== i) };
}

/** The regular files of a credential folder, sorted (swanctl loads S_ISREG entries only); none if missing. */
function regularFiles(dir: string): string[] {
  let entries: FolderEntry[];
  try {
    entries = listFolder(dir);
  } catch (e) {
    if (e instanceof IkecertError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw new IkecertError("FILE_UNREADABLE", `${dir}: cannot list (${code})`, dir);
  }
  return entries.filter((e) => e.kind === "file").map((e) => e.name);
}

/** Load one credential folder; `passphraseFor(basename)` gives a configured passphrase, if any. */
export async function loadFolder(
  base: string,
  relFolder: string,
  folder: FolderFile["folder"],
  opts: LoadOptions,
  passphraseFor: (name: string) => SecretValue | null = () => null,
): Promise<FolderFile[]> {
  const out: FolderFile[] = [];
  for (const name of regularFiles(join(base, relFolder))) {
    const file = join(base, relFolder, name);
    const entry: FolderFile = {
      folder,
      path: posix.join(relFolder, name),
      file,
      loaded: null,
      error: null,
      used: [],
      ignored: [],
    };
    out.push(entry);
    if (folder === "x509ac") {
      loadAcerts(entry, opts);
      continue;
    }
    if (folder === "x509crl" || folder === "crls") {
      try {
        entry.crl = (await loadCrlFile(file, opts)).crl;
      } catch (e) {
        if (!(e instanceof IkecertError)) throw e;
        entry.error = e;
      }
      continue;
    }
    try {
      const configured = passphraseFor(name);
      entry.loaded = await loadFile(file, {
        ...opts,
        passphrase: configured ? async () => revealSecret(configured) : opts.passphrase,
      });
      Object.assign(entry, usedItems(folder, entry.loaded.items));
    } catch (e) {
      if (!(e instanceof IkecertError)) throw e;
      entry.error = e;
    }
  }
  return out;
}

/** x509ac/: attribute certificates, read like every other credential file (--max-file-size). */
function loadAcerts(entry: FolderFile, opts: LoadOptions): void {
  try {
    const bytes = readInputFile(entry.file, opts);
    entry.acerts = parseAttributeCertificates(bytes, entry.file);
  } catch (e) {
    entry.error =
      e instanceof IkecertError
        ? e
        : new IkecertError("FILE_UNREADABLE", `${entry.file}: cannot read`, entry.file);
  }
}

/** Read a swanctl folder: swanctl.conf (with includes) and every credential folder in it. */
export async function loadSwanctlDir(dir: string, opts: SwanctlDirOptions = {}): Promise<SwanctlDir> {
  const kind = pathKind(dir);
  if (kind === "missing") throw new IkecertError("FILE_NOT_FOUND", `${dir}: no such folder`, dir);
  if (kind !== "folder")
    throw new IkecertError("USAGE", `${dir}: not a folder (give the swanctl folder)`, dir);
  const confFile = opts.confFile ?? join(dir, "swanctl.conf");
  const reader = fileReader(MAX_CONFIG_FILE, opts.limits);
  let conf: SwanctlConf | null = null;
  try {
    conf = parseSwanctlConf(reader.read(confFile), confFile, {
      reader,
      maxIncludeDepth: opts.limits?.maxIncludeDepth,
      maxIncludeFiles: opts.limits?.maxIncludeFiles,
    });
  } catch (e) {
    if (!(e instanceof IkecertError) || e.code !== "FILE_NOT_FOUND" || opts.confFile) throw e;
  }
  const files: FolderFile[] = [];
  for (const folder of SWANCTL_FOLDERS) {
    // load_creds.c: a key folder's passphrase comes from a secrets section of that type naming the file
    const passphraseFor = (name: string) => {
      for (const s of conf?.secrets ?? [])
        if (s.type === "key" && s.kind === folder && s.file?.value.toLowerCase() === name.toLowerCase())
          return s.secrets[0] ?? null;
      return null;
    };
    files.push(...(await loadFolder(dir, folder, folder, opts, passphraseFor)));
  }
  return { dir, conf, files };
}

/**
 * The loaded file a certs/cacerts/pubkeys/leftcert entry names: a file already read from the folder,
 * else the file at an absolute path (loaded now), else inline `0x`/`0s` data (parsed now). A missing
 * or unreadable file comes back with its `error` set (swanctl then fails to load the connection:
 * "loading certs certificate '...' failed"). `folder` says how the entry is used.
 */
export async function resolveFileRef(
  loaded: { dir: string; files: FolderFile[] },
  ref: FileRef,
  folder: FolderFile["folder"],
  opts: LoadOptions = {},
): Promise<FolderFile> {
  const known = loaded.files.find((f) => f.path === ref.path || f.file === ref.path);
  if (known) return known;
  const file =
    ref.path === null
      ? `(inline ${ref.text.slice(0, 12)}...)`
      : posix.isAbsolute(ref.path)
        ? ref.path
        : join(loaded.dir, ref.path);
  const entry: FolderFile = {
    folder,
    path: ref.path ?? ref.text,
    file,
    loaded: null,
    error: null,
    used: [],
    ignored: [],
  };
  try {
    if (ref.inline) {
      const body = ref.text.slice(2);
      const bytes = new Uint8Array(Buffer.from(body, ref.inline === "hex" ? "hex" : "base64"));
      entry.loaded = await parseBytes(bytes, `${ref.origin.file}:${ref.origin.line}`, opts);
    } else entry.loaded = await loadFile(file, opts);
    Object.assign(entry, usedItems(folder, entry.loaded.items));
  } catch (e) {
    if (!(e instanceof IkecertError)) throw e;
    entry.error = e;
  }
  return entry;
}
