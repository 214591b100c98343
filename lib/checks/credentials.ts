/**
 * The credentials charon holds after a configuration is loaded: which certificates are trusted CAs,
 * which end-entity certificates are loaded, which private keys. Pure: works on the folder model that
 * `loadSwanctlDir` / `loadIpsecDir` (lib/input) read, plus the files a connection names outside the
 * folder (resolved beforehand with `resolveConfigRefs`).
 *
 * Sources: swanctl load_creds.c (one certificate per file, x509ca/ flagged X509_CA), vici_cred.c
 * load_cert ("ca certificate lacks CA basic constraint, rejected"), vici_config.c (certs/cacerts of a
 * connection are added to the credential set), stroke_cred.c (ipsec.d/cacerts/ loaded whole, non-CA
 * discarded; leftcert/rightcert loaded as named; private keys only as ipsec.secrets names them).
 */
import type { Connection, FileRef, KeySecret } from "../config/model.js";
import type { Crl } from "../input/crl.js";
import type { IpsecDir } from "../input/ipsec-dir.js";
import type { LoadedItem } from "../input/load.js";
import type { FolderFile, SwanctlDir } from "../input/swanctl-dir.js";
import type { ChainCertificate } from "./chain.js";

/** A loaded configuration: a swanctl folder or an ipsec.conf folder. */
export type LoadedConfig = SwanctlDir | IpsecDir;

/**
 * Files named outside the folder (absolute paths, inline data, ipsec.secrets keys elsewhere), loaded
 * beforehand by `resolveConfigRefs` (lib/input), keyed by `refKey(ref)` (the path, or the inline text).
 */
export type ResolvedRefs = Map<string, FolderFile>;

export const refKey = (ref: FileRef): string => ref.path ?? ref.text;

export type CertItem = ChainCertificate & LoadedItem & { kind: "certificate" };
export type KeyItem = LoadedItem & { kind: "privateKey" };

/** A certificate refused when it is loaded, with charon's log line. */
export interface RejectedCert {
  cert: CertItem;
  file: FolderFile;
  log: string;
}

export interface CredentialPool {
  kind: "swanctl" | "ipsec";
  /** certificates with CA=TRUE charon trusts (x509ca/, cacerts/, and any loaded cert that is a CA) */
  trustedCas: CertItem[];
  /** locally loaded end-entity certificates (x509/, named leftcert/rightcert): "pretrusted" */
  endEntities: CertItem[];
  /** private keys charon has loaded */
  keys: KeyItem[];
  /** private keys in a key folder that charon does not load (ipsec.d/private/ files ipsec.secrets does not name) */
  unusedKeyFiles: FolderFile[];
  /** certificates refused at load (non-CA in x509ca/ or ipsec.d/cacerts/) */
  rejected: RejectedCert[];
  /** CRLs charon loads (x509crl/, ipsec.d/crls/), in file order */
  crls: Crl[];
}

export function configKind(c: LoadedConfig): "swanctl" | "ipsec" {
  return "secrets" in c ? "ipsec" : "swanctl";
}

/** The connections of a loaded configuration (ipsec.conf: only those starter loads, auto != ignore). */
export function configConnections(c: LoadedConfig): Connection[] {
  return c.conf?.connections ?? [];
}

export const isCaCert = (c: { basicConstraints: { ca: boolean } | null }): boolean =>
  c.basicConstraints?.ca === true;

const certsOf = (f: FolderFile): CertItem[] => f.used.filter((i): i is CertItem => i.kind === "certificate");
const keysOf = (f: FolderFile): KeyItem[] => f.used.filter((i): i is KeyItem => i.kind === "privateKey");

/** The file a FileRef names: in the folder already read, or resolved beforehand; null if unknown. */
export function lookupRef(config: LoadedConfig, ref: FileRef, refs?: ResolvedRefs): FolderFile | null {
  const pre = refs?.get(refKey(ref));
  if (pre) return pre;
  return config.files.find((f) => f.path === ref.path || f.file === ref.path) ?? null;
}

function sameDer(a: CertItem, b: CertItem): boolean {
  return Buffer.compare(Buffer.from(a.der), Buffer.from(b.der)) === 0;
}

function pushUnique(list: CertItem[], c: CertItem): void {
  if (!list.some((x) => sameDer(x, c))) list.push(c);
}

/** The ipsec.secrets key entries, with the path each names (relative to the configuration folder). */
export function ipsecKeyPaths(c: IpsecDir): { secret: KeySecret; path: string }[] {
  const out: { secret: KeySecret; path: string }[] = [];
  for (const s of c.secrets?.secrets ?? []) {
    if (s.type !== "key" || !s.file) continue;
    const v = s.file.value;
    // the secrets parser already resolves relative names against ipsec.d/private/
    out.push({ secret: s, path: v.startsWith("/") || v.startsWith("ipsec.d/") ? v : `ipsec.d/private/${v}` });
  }
  return out;
}

/** Build the credential pool of a loaded configuration. */
export function credentialPool(config: LoadedConfig, refs?: ResolvedRefs): CredentialPool {
  const kind = configKind(config);
  const pool: CredentialPool = {
    kind,
    trustedCas: [],
    endEntities: [],
    keys: [],
    unusedKeyFiles: [],
    rejected: [],
    crls: config.files.flatMap((f) => (f.crl ? [f.crl] : [])),
  };
  const addCert = (c: CertItem) => pushUnique(isCaCert(c) ? pool.trustedCas : pool.endEntities, c);
  const addCa = (f: FolderFile) => {
    for (const c of certsOf(f)) {
      if (isCaCert(c)) pushUnique(pool.trustedCas, c);
      else
        pool.rejected.push({
          cert: c,
          file: f,
          log:
            kind === "swanctl"
              ? "ca certificate lacks CA basic constraint, rejected"
              : `ca certificate "${c.subject.printed}" lacks ca basic constraint, discarded`,
        });
    }
  };
  const conns = configConnections(config).filter((c) => c.enabled);
  if (kind === "swanctl") {
    for (const f of config.files) {
      if (f.folder === "x509ca") addCa(f);
      else if (f.folder === "x509") certsOf(f).forEach(addCert);
      else if (f.folder === "pkcs12") {
        certsOf(f).forEach(addCert);
        pool.keys.push(...keysOf(f));
      } else if (["private", "rsa", "ecdsa", "pkcs8"].includes(f.folder)) pool.keys.push(...keysOf(f));
    }
    for (const a of (config as SwanctlDir).conf?.authorities ?? []) {
      const f = a.cacert ? lookupRef(config, a.cacert, refs) : null;
      if (f) addCa(f);
    }
    // vici_config.c: certs and cacerts of each connection join the credential set
    for (const conn of conns)
      for (const r of [...conn.local, ...conn.remote]) {
        for (const ref of r.certs) {
          const f = lookupRef(config, ref, refs);
          if (f) certsOf(f).forEach(addCert);
        }
        // a non-CA here is the connection's problem (REMOTE_CACERT_NOT_CA), not the folder's
        for (const ref of r.cacerts) {
          const f = lookupRef(config, ref, refs);
          if (f) for (const c of certsOf(f).filter(isCaCert)) pushUnique(pool.trustedCas, c);
        }
      }
  } else {
    const ipsec = config as IpsecDir;
    for (const f of config.files) if (f.folder === "cacerts") addCa(f);
    for (const a of ipsec.conf?.authorities ?? []) {
      const f = a.cacert ? lookupRef(config, a.cacert, refs) : null;
      if (f && !f.path.startsWith("ipsec.d/cacerts/")) addCa(f);
    }
    for (const conn of conns)
      for (const r of [...conn.local, ...conn.remote])
        for (const ref of r.certs) {
          const f = lookupRef(config, ref, refs);
          if (f) certsOf(f).forEach(addCert);
        }
    const named = ipsecKeyPaths(ipsec);
    for (const { path } of named) {
      const f = config.files.find((x) => x.path === path || x.file === path) ?? refs?.get(path);
      if (f) pool.keys.push(...keysOf(f));
      if (f?.folder === "private" && certsOf(f).length) certsOf(f).forEach(addCert);
    }
    for (const f of config.files)
      if (f.folder === "private" && !named.some((n) => n.path === f.path || n.path === f.file))
        pool.unusedKeyFiles.push(f);
  }
  return pool;
}
