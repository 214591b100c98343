import type { Stats } from "node:fs";
import { decodeOid, readTlv, TAG, validateDer } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import type { ReleaseLike } from "../rules.js";
import { type Certificate, looksLikeCertificate, parseCertificate } from "../x509/certificate.js";
import { berChildren, berContent, readBer } from "./ber.js";
import { type Csr, looksLikeCsr, parseCsr } from "./csr.js";
import { type ReadOptions, readRegularFileStat } from "./files.js";
import { openPrivateKey, openPublicKey, type PrivateKey, type PublicKey, sniffKeyDer } from "./keys.js";
import { looksLikePem, type PemBlock, parsePem } from "./pem.js";

/** Caps on what is read: bytes per file, PEM blocks, nesting and include depth. */
export interface Limits {
  /** bytes; default 16 MiB */
  maxFileSize: number;
  /** PEM blocks in one file; default 10,000 */
  maxPemBlocks: number;
  /** ASN.1 nesting depth; default 64 */
  maxDepth: number;
  /** nesting of `include` in swanctl.conf / ipsec.conf; default 32 */
  maxIncludeDepth: number;
  /**
   * private keys in one file; default 32. Opening a key costs node:crypto about a millisecond, and
   * strongSwan reads only the first PEM block of a key file anyway.
   */
  maxPrivateKeys: number;
  /**
   * files the `include`s of one configuration may read (each glob, and all includes together);
   * default 4,096. `include /*\/*\/*` stops here.
   */
  maxIncludeFiles: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileSize: 16 * 1024 * 1024,
  maxPemBlocks: 10_000,
  maxDepth: 64,
  maxIncludeDepth: 32,
  maxPrivateKeys: 32,
  maxIncludeFiles: 4096,
};

/**
 * Where a passphrase comes from. Called at most once per file, only when an encrypted key or a
 * PKCS#12 file needs one; returns null when none is available (then the load fails clearly).
 */
export type PassphraseSource = (file: string) => Promise<string | null>;

/** Options of `loadFile`: the passphrase source and limits. */
export interface LoadOptions {
  passphrase?: PassphraseSource;
  limits?: Partial<Limits>;
  /** the release whose charon prints the names (DNs) of what is read; default the newest covered */
  strongswan?: ReleaseLike;
}

/** Where a loaded item came from: the file, its index in the file and the container. */
export type ItemSource = { file: string; index: number; container: "pem" | "der" | "pkcs7" | "pkcs12" };
/** A certificate, key or request read from a file, with its source. */
export type LoadedItem = (Certificate | PrivateKey | PublicKey | Csr) & { source: ItemSource };

/** What `loadFile` returns: the file's items and container. */
export interface LoadedFile {
  file: string;
  container: "pem" | "der" | "pkcs7" | "pkcs12";
  items: LoadedItem[];
  /** PEM labels ikecert read but does not model (CRL, EC PARAMETERS) */
  skipped: string[];
  /** label of the first PEM block: the only one strongSwan's pem plugin decodes */
  firstPemLabel?: string;
}

export function limitsOf(o?: LoadOptions): Limits {
  return { ...DEFAULT_LIMITS, ...(o?.limits ?? {}) };
}

/** The bytes of a certificate or key file (a regular file, at most --max-file-size). */
export function readInputFile(file: string, opts: LoadOptions = {}): Uint8Array {
  return readInputFileStat(file, opts).bytes;
}

/** How certificate and key files are read (the limit, its flag, the hint for a folder). */
const inputRead = (opts: LoadOptions): ReadOptions => ({
  maxBytes: limitsOf(opts).maxFileSize,
  limitFlag: "--max-file-size",
  folderHint: "name the files in it, or use a command that takes folders",
});

/** readInputFile with the file's `fstat` (key folders report permission bits). */
export function readInputFileStat(file: string, opts: LoadOptions = {}): { bytes: Uint8Array; st: Stats } {
  return readRegularFileStat(file, inputRead(opts));
}

/** Read and parse one file. Every problem is an IkecertError naming the file. */
export async function loadFile(file: string, opts: LoadOptions = {}): Promise<LoadedFile> {
  return parseFileBytes(readInputFile(file, opts), file, opts);
}

/** Parse the bytes read from `file`; errors name the file. */
export async function parseFileBytes(
  bytes: Uint8Array,
  file: string,
  opts: LoadOptions = {},
): Promise<LoadedFile> {
  try {
    return await parseBytes(bytes, file, opts);
  } catch (e) {
    if (e instanceof IkecertError) throw e.inFile(file);
    throw new IkecertError("UNKNOWN_FORMAT", `${file}: cannot be read as a certificate or key`, file);
  }
}

/** Parse bytes that came from `name` (a file name, or a label such as "stdin"). */
export async function parseBytes(
  bytes: Uint8Array,
  name: string,
  opts: LoadOptions = {},
): Promise<LoadedFile> {
  const limits = limitsOf(opts);
  if (bytes.length > limits.maxFileSize)
    throw new IkecertError(
      "FILE_TOO_LARGE",
      `${bytes.length} bytes is over the limit of ${limits.maxFileSize}`,
    );
  if (
    bytes.length === 0 ||
    (/^\s*$/.test(Buffer.from(bytes.subarray(0, 4096)).toString("latin1")) && bytes.length <= 4096)
  )
    throw new IkecertError("FILE_EMPTY", "the file is empty");
  let passphraseCache: string | null | undefined;
  const getPassphrase = async () => {
    if (passphraseCache === undefined) passphraseCache = opts.passphrase ? await opts.passphrase(name) : null;
    return passphraseCache;
  };
  if (looksLikePem(bytes)) {
    const blocks = parsePem(bytes, limits.maxPemBlocks);
    if (blocks.length === 0) throw new IkecertError("UNKNOWN_FORMAT", "no PEM block found");
    const keyBlocks = blocks.filter((b) => b.label.endsWith("PRIVATE KEY")).length;
    if (keyBlocks > limits.maxPrivateKeys)
      throw new IkecertError(
        "TOO_MANY_PRIVATE_KEYS",
        `${keyBlocks} private keys in one file, more than ${limits.maxPrivateKeys} (limit --max-keys); strongSwan reads only the first block of a key file: keep one key per file`,
      );
    const out: LoadedFile = {
      file: name,
      container: "pem",
      items: [],
      skipped: [],
      firstPemLabel: blocks[0]!.label,
    };
    for (const b of blocks) {
      for (const it of await parsePemBlock(b, limits, getPassphrase, out, opts.strongswan))
        out.items.push(it);
    }
    out.items.forEach((it, i) => {
      it.source = { ...it.source, file: name, index: i };
    });
    return out;
  }
  return parseDer(bytes, name, limits, getPassphrase, opts.strongswan);
}

type Parsed = Certificate | PrivateKey | PublicKey | Csr;
const withSource = (p: Parsed, container: ItemSource["container"]): LoadedItem =>
  Object.assign(p, { source: { file: "", index: 0, container } });

async function parsePemBlock(
  b: PemBlock,
  limits: Limits,
  getPassphrase: () => Promise<string | null>,
  out: LoadedFile,
  release: ReleaseLike,
): Promise<LoadedItem[]> {
  const label = b.label;
  const cert = (der: Uint8Array) => parseCertificate(der, { strongswan: release });
  const der = b.der;
  switch (label) {
    case "CERTIFICATE":
    case "X509 CERTIFICATE":
      validateDer(der, limits.maxDepth);
      return [withSource(cert(der), "pem")];
    case "TRUSTED CERTIFICATE": {
      // OpenSSL's trusted form: the certificate followed by its trust settings
      const t = readTlv(der, 0);
      const first = der.subarray(0, t.end);
      validateDer(first, limits.maxDepth);
      return [withSource(cert(first), "pem")];
    }
    case "PKCS7":
    case "CMS":
      // BER allowed: Windows writes indefinite lengths
      return pkcs7Items(der, limits, out.skipped, release);
    case "RSA PRIVATE KEY":
    case "EC PRIVATE KEY": {
      if (b.headers["Proc-Type"]?.includes("ENCRYPTED")) {
        const pem = [
          `-----BEGIN ${label}-----`,
          ...Object.entries(b.headers).map(([k, v]) => `${k}: ${v}`),
          "",
          // OpenSSL's PEM reader refuses base64 lines longer than 64 characters
          ...(Buffer.from(der)
            .toString("base64")
            .match(/.{1,64}/g) ?? []),
          `-----END ${label}-----`,
          "",
        ].join("\n");
        return [withSource(openPrivateKey({ pem }, await getPassphrase()), "pem")];
      }
      validateDer(der, limits.maxDepth);
      return [
        withSource(
          openPrivateKey({ der, type: label === "RSA PRIVATE KEY" ? "pkcs1" : "sec1" }, null),
          "pem",
        ),
      ];
    }
    case "PRIVATE KEY":
      validateDer(der, limits.maxDepth);
      return [withSource(openPrivateKey({ der, type: "pkcs8" }, null), "pem")];
    case "ENCRYPTED PRIVATE KEY":
      validateDer(der, limits.maxDepth);
      return [withSource(openPrivateKey({ der, type: "encrypted-pkcs8" }, await getPassphrase()), "pem")];
    case "PUBLIC KEY":
      validateDer(der, limits.maxDepth);
      return [withSource(openPublicKey(der), "pem")];
    case "RSA PUBLIC KEY":
      validateDer(der, limits.maxDepth);
      return [withSource(openPublicKey(der, true), "pem")];
    case "CERTIFICATE REQUEST":
    case "NEW CERTIFICATE REQUEST":
      validateDer(der, limits.maxDepth);
      return [withSource(parseCsr(der, release), "pem")];
    case "PKCS12": {
      const f = await parseDer(der, "", limits, getPassphrase, release);
      return f.items;
    }
    case "X509 CRL":
    case "EC PARAMETERS":
      out.skipped.push(label);
      return [];
    default:
      throw new IkecertError(
        "PEM_UNKNOWN_LABEL",
        `unknown PEM label "${label}" at line ${b.line} (expected a certificate, key, PKCS#7 or CSR)`,
      );
  }
}

/** A PFX: SEQUENCE { INTEGER 3, SEQUENCE ... }, in BER (Windows writes indefinite lengths). */
function isPkcs12(der: Uint8Array): boolean {
  try {
    const top = readBer(der, 0);
    if (top.end !== der.length || top.tag !== TAG.SEQUENCE) return false;
    const k = berChildren(der, top);
    return (
      k[0]?.tag === TAG.INTEGER &&
      k[0].contentEnd - k[0].contentStart === 1 &&
      k[0]?.tag === TAG.INTEGER &&
      der[k[0].contentStart] === 3 &&
      k[1]?.tag === TAG.SEQUENCE
    );
  } catch {
    return false;
  }
}

/** A ContentInfo of PKCS#7 / CMS: SEQUENCE { OID 1.2.840.113549.1.7.x, [0] ... }, in DER or BER. */
function isPkcs7(der: Uint8Array): boolean {
  try {
    const top = readBer(der, 0);
    if (top.end !== der.length || top.tag !== TAG.SEQUENCE) return false;
    const k = berChildren(der, top);
    return (
      k[0]?.tag === TAG.OID &&
      k[1]?.tag === 0xa0 &&
      decodeOid(berContent(der, k[0])).startsWith("1.2.840.113549.1.7.")
    );
  } catch {
    return false;
  }
}

/**
 * The certificates of a PKCS#7 / CMS bundle as items (asn1js + pkijs, loaded only now); CRLs and
 * attribute certificates in it are noted in `skipped`.
 */
async function pkcs7Items(
  ber: Uint8Array,
  limits: Limits,
  skipped: string[],
  release: ReleaseLike,
): Promise<LoadedItem[]> {
  const { readPkcs7 } = await import("./pkcs7.js");
  const p = readPkcs7(ber, limits.maxDepth);
  skipped.push(...p.skipped);
  return p.certificates.map((c) => {
    validateDer(c, limits.maxDepth);
    return withSource(parseCertificate(c, { strongswan: release }), "pkcs7");
  });
}

async function parseDer(
  der: Uint8Array,
  name: string,
  limits: Limits,
  getPassphrase: () => Promise<string | null>,
  release: ReleaseLike,
): Promise<LoadedFile> {
  if (isPkcs12(der)) {
    // PKCS#12 files are BER in the wild (indefinite lengths): no strict DER validation here
    const { openPkcs12 } = await import("./pkcs12.js");
    const p = await openPkcs12(der, getPassphrase);
    const items: LoadedItem[] = [
      ...p.certificates.map((c) => withSource(parseCertificate(c, { strongswan: release }), "pkcs12")),
      ...p.keys.map((k) => withSource(k, "pkcs12")),
    ];
    items.forEach((it, i) => {
      it.source = { file: name, index: i, container: "pkcs12" };
    });
    return { file: name, container: "pkcs12", items, skipped: [] };
  }
  if (isPkcs7(der)) {
    const skipped: string[] = [];
    const items = await pkcs7Items(der, limits, skipped, release);
    items.forEach((it, i) => {
      it.source = { file: name, index: i, container: "pkcs7" };
    });
    return { file: name, container: "pkcs7", items, skipped };
  }
  let top: ReturnType<typeof readTlv>;
  try {
    top = readTlv(der, 0);
  } catch (e) {
    if (der[0] === TAG.SEQUENCE) throw e;
    throw new IkecertError(
      "UNKNOWN_FORMAT",
      "neither PEM nor DER: not a certificate, key, PKCS#7 or PKCS#12 file",
    );
  }
  if (top.tag !== TAG.SEQUENCE)
    throw new IkecertError(
      "UNKNOWN_FORMAT",
      "neither PEM nor DER: not a certificate, key, PKCS#7 or PKCS#12 file",
    );
  if (top.end !== der.length)
    throw new IkecertError("ASN1_MALFORMED", "trailing bytes after the DER structure");
  validateDer(der, limits.maxDepth);
  let items: LoadedItem[];
  const container: LoadedFile["container"] = "der";
  if (looksLikeCsr(der)) items = [withSource(parseCsr(der, release), "der")];
  else if (looksLikeCertificate(der))
    items = [withSource(parseCertificate(der, { strongswan: release }), "der")];
  else {
    const kind = sniffKeyDer(der);
    if (!kind)
      throw new IkecertError("UNKNOWN_FORMAT", "DER data that is not a certificate, key, PKCS#7 or PKCS#12");
    if (kind === "spki") items = [withSource(openPublicKey(der), "der")];
    else if (kind === "rsa-public") items = [withSource(openPublicKey(der, true), "der")];
    else
      items = [
        withSource(
          openPrivateKey({ der, type: kind }, kind === "encrypted-pkcs8" ? await getPassphrase() : null),
          "der",
        ),
      ];
  }
  items.forEach((it, i) => {
    it.source = { file: name, index: i, container };
  });
  return { file: name, container, items, skipped: [] };
}
