/**
 * Certificates, private keys and shared secrets charon holds against the files on disk.
 *
 * Facts this relies on (strongSwan 5.9.8, checked in test/strongswan/live.test.ts):
 * - `list-certs` streams every certificate charon holds with its DER and `has_privkey`;
 * - `swanctl --load-creds` without `--clear` adds the new version of a replaced certificate and
 *   keeps the old one, while it unloads private keys that are gone from the folders (it compares
 *   with `get-keys`), so the old certificate loses its key;
 * - a connection keeps the certificate objects it was loaded with; when the one it names has no key,
 *   charon signs with another loaded certificate that has the local id and a key
 *   (credential_manager.c get_private), else fails with `no private key found for '<id>'`;
 * - `get-keys` lists the SHA-1 of the subjectPublicKey of keys loaded over vici, `get-shared` the
 *   section names of the shared secrets.
 */
import { type Finding, finding } from "../../findings/index.js";
import { certificateHasIdentity } from "../../identity/certificate.js";
import { parseIdentity } from "../../identity/parse.js";
import { plainHex } from "../../input/spki.js";
import type { FolderFile } from "../../input/swanctl-dir.js";
import type { Rules } from "../../rules.js";
import type { ViciConnection } from "../../vici/messages.js";
import type { LiveCertificate } from "../../vici/snapshot.js";
import type { CertItem, KeyItem, LoadedConfig, ResolvedRefs } from "../credentials.js";

const DAY = 86_400_000;

export type LiveCertState =
  /** the file and charon hold the same bytes */
  | "same"
  /** the file holds a newer certificate of the same subject; charon the older one */
  | "replaced"
  /** the file's certificate is not loaded */
  | "not-loaded"
  /** charon holds it, no file has it */
  | "not-on-disk"
  /** charon still holds an older version of a certificate whose new version it also holds */
  | "superseded";

export interface LiveCertReport {
  subject: string;
  state: LiveCertState;
  /** the file on disk (relative to the configuration folder), if any */
  file: string | null;
  /** X.509 flag charon gives it: NONE, CA, AA, OCSP; null when not loaded */
  flag: string | null;
  /** charon holds its private key; null when not loaded */
  hasPrivkey: boolean | null;
  /** expiry of the certificate charon holds, and of the one on disk (ISO) */
  loadedNotAfter: string | null;
  diskNotAfter: string | null;
}

export interface LiveKeyReport {
  /** SHA-1 of the subjectPublicKey, lowercase hex (as get-keys and `pki --keyid` subjkey) */
  keyid: string;
  state: "same" | "not-loaded" | "not-on-disk";
  file: string | null;
  /** the subject of a certificate of that key, loaded or on disk */
  certificate: string | null;
}

export interface LiveSecretReport {
  name: string;
  state: "same" | "not-loaded" | "not-on-disk";
}

interface DiskCert {
  file: string;
  folder: string;
  cert: CertItem;
}

const CERT_FOLDERS = new Set(["x509", "x509ca", "x509aa", "x509ocsp", "pkcs12", "certs", "cacerts"]);
const CA_FOLDERS = new Set(["x509ca", "cacerts"]);
const KEY_FOLDERS = new Set(["private", "rsa", "ecdsa", "pkcs8", "pkcs12"]);

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const iso = (d: Date) => d.toISOString();

function diskCerts(config: LoadedConfig, refs?: ResolvedRefs): DiskCert[] {
  const out: DiskCert[] = [];
  const files = [...config.files, ...(refs?.values() ?? [])];
  for (const f of files) {
    if (!CERT_FOLDERS.has(f.folder)) continue;
    for (const i of f.used)
      if (i.kind === "certificate" && !out.some((d) => sameBytes(d.cert.der, (i as CertItem).der)))
        out.push({ file: f.path, folder: f.folder, cert: i as CertItem });
  }
  return out;
}

function diskKeys(config: LoadedConfig): { file: FolderFile; key: KeyItem }[] {
  const out: { file: FolderFile; key: KeyItem }[] = [];
  for (const f of config.files)
    if (KEY_FOLDERS.has(f.folder))
      for (const i of f.used) if (i.kind === "privateKey") out.push({ file: f, key: i as KeyItem });
  return out;
}

export interface CredentialComparison {
  certificates: LiveCertReport[];
  keys: LiveKeyReport[] | null;
  secrets: LiveSecretReport[] | null;
  findings: Finding[];
}

export interface CredentialOptions {
  rules: Rules;
  at: Date;
  /** warn about loaded certificates that expire within this many days (default 30) */
  warnDays: number;
  refs?: ResolvedRefs;
}

function expiry(c: CertItem, at: Date, warnDays: number, what: string, file: string | null): Finding[] {
  const t = at.getTime();
  const where = file ? { file } : {};
  if (t > c.notAfter.getTime())
    return [
      finding("LIVE_CERT_EXPIRED", {
        message: `${what} "${c.subject.printed}" expired on ${iso(c.notAfter)}`,
        log: `subject certificate invalid (valid from ${charonDate(c.notBefore)} to ${charonDate(c.notAfter)})`,
        ...where,
      }),
    ];
  const days = Math.floor((c.notAfter.getTime() - t) / DAY);
  if (days < warnDays)
    return [
      finding("LIVE_CERT_EXPIRES", {
        message: `${what} "${c.subject.printed}" expires in ${days} day${days === 1 ? "" : "s"} (${iso(c.notAfter)})`,
        ...where,
      }),
    ];
  return [];
}

/** charon's %T: `Jan 01 00:00:00 2035` (UTC here). */
function charonDate(d: Date): string {
  const m = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
    d.getUTCMonth()
  ];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${m} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/**
 * Compare what charon holds with the folder. `config` null: nothing on disk could be read (then the
 * loaded certificates are only checked for expiry and keys).
 */
export function compareCredentials(
  config: LoadedConfig | null,
  loaded: LiveCertificate[],
  loadedKeys: string[] | null,
  loadedShared: string[] | null,
  opts: CredentialOptions,
): CredentialComparison {
  const findings: Finding[] = [];
  const reports: LiveCertReport[] = [];
  const x509 = loaded.filter((l) => l.cert !== null) as (LiveCertificate & { cert: CertItem })[];
  const disk = config ? diskCerts(config, opts.refs) : [];
  const matched = new Set<LiveCertificate>();
  const diskSame = new Set<DiskCert>();
  for (const d of disk) {
    const l = x509.find((x) => sameBytes(x.cert.der, d.cert.der));
    if (!l) continue;
    matched.add(l);
    diskSame.add(d);
    reports.push({
      subject: d.cert.subject.printed,
      state: "same",
      file: d.file,
      flag: l.vici.flag ?? null,
      hasPrivkey: l.vici.hasPrivkey,
      loadedNotAfter: iso(l.cert.notAfter),
      diskNotAfter: iso(d.cert.notAfter),
    });
    findings.push(...expiry(l.cert, opts.at, opts.warnDays, "the loaded certificate", d.file));
  }
  const sameSubject = (a: CertItem, b: CertItem) => sameBytes(a.subject.der, b.subject.der);
  for (const d of disk) {
    if (diskSame.has(d)) continue;
    const old = x509.find((x) => !matched.has(x) && sameSubject(x.cert, d.cert));
    if (old) {
      matched.add(old);
      reports.push({
        subject: d.cert.subject.printed,
        state: "replaced",
        file: d.file,
        flag: old.vici.flag ?? null,
        hasPrivkey: old.vici.hasPrivkey,
        loadedNotAfter: iso(old.cert.notAfter),
        diskNotAfter: iso(d.cert.notAfter),
      });
      findings.push(
        finding("LIVE_CERT_NOT_RELOADED", {
          message: `${d.file} was replaced on disk but charon still holds the old "${d.cert.subject.printed}": loaded one valid until ${iso(old.cert.notAfter)} (serial ${old.cert.serial}), file valid until ${iso(d.cert.notAfter)} (serial ${d.cert.serial})`,
          file: d.file,
        }),
      );
      findings.push(...expiry(old.cert, opts.at, opts.warnDays, "the loaded (old) certificate", d.file));
      continue;
    }
    const isCaFolder = CA_FOLDERS.has(d.folder);
    reports.push({
      subject: d.cert.subject.printed,
      state: "not-loaded",
      file: d.file,
      flag: null,
      hasPrivkey: null,
      loadedNotAfter: null,
      diskNotAfter: iso(d.cert.notAfter),
    });
    // a non-CA in x509ca/ is refused at load (the audit's CHAIN_CA_REJECTED_AT_LOAD says so)
    if (isCaFolder && d.cert.basicConstraints?.ca !== true) continue;
    findings.push(
      finding(isCaFolder ? "LIVE_CA_NOT_LOADED" : "LIVE_CERT_NOT_LOADED", {
        message: `${d.file} ("${d.cert.subject.printed}") is on disk but not loaded in charon`,
        log: isCaFolder ? null : undefined,
        file: d.file,
      }),
    );
  }
  for (const l of x509) {
    if (matched.has(l)) continue;
    const newer = disk.find((d) => diskSame.has(d) && sameSubject(d.cert, l.cert));
    reports.push({
      subject: l.cert.subject.printed,
      state: newer ? "superseded" : "not-on-disk",
      file: newer?.file ?? null,
      flag: l.vici.flag ?? null,
      hasPrivkey: l.vici.hasPrivkey,
      loadedNotAfter: iso(l.cert.notAfter),
      diskNotAfter: null,
    });
    if (config && !newer && (l.vici.flag === "CA" || l.vici.hasPrivkey))
      findings.push(
        finding("LIVE_CERT_NOT_ON_DISK", {
          message: `charon holds "${l.cert.subject.printed}" (${l.vici.flag === "CA" ? "a CA" : "with its key"}, valid until ${iso(l.cert.notAfter)}), which no file of the folder holds`,
        }),
      );
    if (l.vici.flag === "CA" || l.vici.hasPrivkey)
      findings.push(...expiry(l.cert, opts.at, opts.warnDays, "the loaded certificate", null));
  }
  const byFile = (a: { file: string | null }, b: { file: string | null }) =>
    a.file === b.file ? 0 : a.file === null ? 1 : b.file === null ? -1 : a.file < b.file ? -1 : 1;
  reports.sort(byFile);
  const keys = config ? compareKeys(config, loadedKeys, x509, disk, findings) : null;
  keys?.sort(byFile);
  return {
    certificates: reports,
    keys,
    secrets: config ? compareSecrets(config, loadedShared, findings) : null,
    findings,
  };
}

function compareKeys(
  config: LoadedConfig,
  loadedKeys: string[] | null,
  loaded: (LiveCertificate & { cert: CertItem })[],
  disk: DiskCert[],
  findings: Finding[],
): LiveKeyReport[] | null {
  if (loadedKeys === null || "secrets" in config) return null;
  const out: LiveKeyReport[] = [];
  const certOf = (keyid: string) =>
    [...loaded.map((l) => l.cert), ...disk.map((d) => d.cert)].find(
      (c) => plainHex(c.publicKey.keyIds.subjkey) === keyid,
    )?.subject.printed ?? null;
  const onDisk = diskKeys(config);
  for (const { file, key } of onDisk) {
    const keyid = plainHex(key.publicKey.keyIds.subjkey);
    if (out.some((k) => k.keyid === keyid)) continue;
    const state = loadedKeys.includes(keyid) ? "same" : "not-loaded";
    const certificate = certOf(keyid);
    out.push({ keyid, state, file: file.path, certificate });
    if (state === "not-loaded")
      findings.push(
        finding("LIVE_KEY_NOT_LOADED", {
          message: `${file.path}${certificate ? ` (the key of "${certificate}")` : ""} is on disk but charon has not loaded it`,
          file: file.path,
        }),
      );
  }
  for (const keyid of loadedKeys) {
    if (out.some((k) => k.keyid === keyid)) continue;
    const certificate = certOf(keyid);
    out.push({ keyid, state: "not-on-disk", file: null, certificate });
    findings.push(
      finding("LIVE_KEY_NOT_ON_DISK", {
        message: `charon holds the private key ${keyid}${certificate ? ` of "${certificate}"` : ""}, which is in no key file of the folder; the next swanctl --load-creds unloads it`,
      }),
    );
  }
  return out;
}

function compareSecrets(
  config: LoadedConfig,
  loadedShared: string[] | null,
  findings: Finding[],
): LiveSecretReport[] | null {
  if (loadedShared === null || "secrets" in config || !config.conf) return null;
  const out: LiveSecretReport[] = [];
  const disk = config.conf.secrets.filter((s) => s.type === "shared" && s.secret !== null);
  for (const s of disk) {
    const state = loadedShared.includes(s.name) ? "same" : "not-loaded";
    out.push({ name: s.name, state });
    if (state === "not-loaded")
      findings.push(
        finding("LIVE_SECRET_NOT_LOADED", {
          message: `secret '${s.name}' (${s.origin.file}:${s.origin.line}) is not loaded in charon`,
          file: `${s.origin.file}:${s.origin.line}`,
        }),
      );
  }
  for (const name of loadedShared) {
    if (disk.some((s) => s.name === name)) continue;
    out.push({ name, state: "not-on-disk" });
    findings.push(
      finding("LIVE_SECRET_NOT_ON_DISK", {
        message: `charon holds the shared secret '${name}', which ${config.conf.file} no longer defines; the next swanctl --load-creds unloads it`,
      }),
    );
  }
  return out;
}

/**
 * Loaded connections whose local certificate has no private key in charon: charon falls back to
 * another loaded certificate with a key that has the local id (a warning), or fails.
 */
export function connectionKeyFindings(
  loadedConns: ViciConnection[],
  loaded: LiveCertificate[],
  rules: Rules,
): Finding[] {
  const out: Finding[] = [];
  const certs = loaded.filter((l) => l.cert !== null) as (LiveCertificate & { cert: CertItem })[];
  for (const c of loadedConns)
    for (const r of c.local) {
      if (r.class !== "public key" || r.certs.length === 0) continue;
      const named = certs.filter((l) => r.certs.includes(l.cert.subject.printed));
      if (named.length === 0 || named.some((l) => l.vici.hasPrivkey)) continue;
      const id = r.id ?? r.certs[0]!;
      let fallback: CertItem | null = null;
      try {
        const ident = parseIdentity(id, { strongswan: rules });
        fallback =
          certs.find(
            (l) =>
              l.vici.hasPrivkey && certificateHasIdentity(l.cert, ident, { strongswan: rules }).level > 0,
          )?.cert ?? null;
      } catch {
        fallback = null;
      }
      if (fallback)
        out.push(
          finding("LIVE_CERT_KEY_FALLBACK", {
            message: `connection '${c.name}' ${r.name} names "${r.certs.join('", "')}", whose private key charon no longer holds; charon signs as '${id}' with the loaded "${fallback.subject.printed}" (serial ${fallback.serial}, valid until ${iso(fallback.notAfter)}) instead`,
          }),
        );
      else
        out.push(
          finding("LIVE_CERT_NO_KEY", {
            message: `connection '${c.name}' ${r.name} signs with "${r.certs.join('", "')}", but charon holds no private key for it nor another certificate with a key for '${id}'`,
            log: `no private key found for '${id}'`,
          }),
        );
    }
  return out;
}
