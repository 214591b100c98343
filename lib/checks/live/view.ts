/**
 * The configuration as charon has it loaded, in the shape the audit reads (a swanctl folder model),
 * so that `ikecert live` gives the audit's per-connection verdicts for what is loaded rather than
 * for what the files now say:
 * - connections: those charon has loaded, with the ids and addresses it runs with where they
 *   differ from the file;
 * - certificates: what charon holds: a file keeps its path (so `certs = gateway.pem` still names
 *   it) but holds the certificate charon loaded from it (the old one when it was replaced on disk);
 *   files charon did not load are left out; certificates charon holds that no file has are added
 *   under a `charon:` name;
 * - private keys: one stand-in per loaded certificate that charon says has its key (`has_privkey`):
 *   the public half only, never key material; the audit only matches keys to certificates.
 */
import type { Connection, Setting } from "../../config/model.js";
import type { FolderFile, SwanctlDir } from "../../input/swanctl-dir.js";
import type { ViciConnection } from "../../vici/messages.js";
import type { LiveCertificate } from "../../vici/snapshot.js";
import type { CertItem, KeyItem, ResolvedRefs } from "../credentials.js";
import type { ConnectionDifference } from "./conns.js";

const CERT_FOLDERS = new Set(["x509", "x509ca", "x509aa", "x509ocsp", "pkcs12"]);
const KEY_FOLDERS = new Set(["private", "rsa", "ecdsa", "pkcs8", "pkcs12"]);

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

export interface LoadedView {
  config: SwanctlDir;
  refs: ResolvedRefs;
}

function keyStandIn(c: CertItem): KeyItem {
  return {
    kind: "privateKey",
    format: "pkcs8",
    encrypted: false,
    publicKey: c.publicKey,
    source: { file: "(held by charon)", index: 0, container: "der" },
  } as unknown as KeyItem;
}

function overlay(conn: Connection, l: ViciConnection, diffs: ConnectionDifference[]): Connection {
  const has = (what: string) => diffs.some((d) => d.what === what);
  const setting = <T>(value: T, s: Setting<unknown>): Setting<T> => ({ value, origin: s.origin });
  const round = (side: "local" | "remote") =>
    conn[side].map((r, i) => {
      const lr = l[side][i];
      if (!lr || !has(`${side}-${i + 1} id`) || lr.id === undefined) return r;
      return { ...r, id: { value: lr.id, origin: r.id?.origin ?? r.origin } };
    });
  return {
    ...conn,
    localAddrs: has("local_addrs") ? setting(l.localAddrs, conn.localAddrs) : conn.localAddrs,
    remoteAddrs: has("remote_addrs") ? setting(l.remoteAddrs, conn.remoteAddrs) : conn.remoteAddrs,
    local: round("local"),
    remote: round("remote"),
  };
}

/** The loaded state of a swanctl folder; `differences` by connection name (from compareConnections). */
export function loadedView(
  config: SwanctlDir,
  refs: ResolvedRefs,
  loaded: { connections: ViciConnection[]; certificates: LiveCertificate[] },
  differences: Map<string, ConnectionDifference[]>,
): LoadedView {
  const certs = loaded.certificates.filter((l) => l.cert !== null) as (LiveCertificate & {
    cert: CertItem;
  })[];
  const used = new Set<LiveCertificate>();
  const pick = (c: CertItem) => {
    const l =
      certs.find((x) => !used.has(x) && sameBytes(x.cert.der, c.der)) ??
      certs.find(
        (x) =>
          !used.has(x) &&
          sameBytes(x.cert.subject.der, c.subject.der) &&
          !certs.some((y) => y !== x && sameBytes(y.cert.der, c.der)),
      );
    if (l) used.add(l);
    return l?.cert ?? null;
  };
  const mapFile = (f: FolderFile): FolderFile | null => {
    if (KEY_FOLDERS.has(f.folder) && !CERT_FOLDERS.has(f.folder)) return null;
    if (!CERT_FOLDERS.has(f.folder)) return f;
    const first = f.used.find((i) => i.kind === "certificate") as CertItem | undefined;
    if (!first) return null;
    const l = pick(first);
    return l ? { ...f, loaded: null, used: [l], ignored: [], error: null } : null;
  };
  const files = config.files.map(mapFile).filter((f): f is FolderFile => f !== null);
  const viewRefs: ResolvedRefs = new Map();
  for (const [k, f] of refs) {
    const m = mapFile(f);
    if (m) viewRefs.set(k, m);
  }
  for (const l of certs) {
    if (used.has(l)) continue;
    const folder = l.vici.flag === "CA" ? "x509ca" : "x509";
    files.push({
      folder,
      path: `charon:${l.cert.subject.printed}`,
      file: "(held by charon)",
      loaded: null,
      error: null,
      used: [l.cert],
      ignored: [],
    });
  }
  const keys = certs.filter((l) => l.vici.hasPrivkey).map((l) => keyStandIn(l.cert));
  if (keys.length)
    files.push({
      folder: "private",
      path: "charon:keys",
      file: "(held by charon)",
      loaded: null,
      error: null,
      used: keys,
      ignored: [],
    });
  const conf = config.conf
    ? {
        ...config.conf,
        connections: config.conf.connections.flatMap((c) => {
          const l = loaded.connections.find((x) => x.name === c.name);
          return l ? [overlay(c, l, differences.get(c.name) ?? [])] : [];
        }),
        diagnostics: [],
      }
    : null;
  return { config: { dir: config.dir, conf, files }, refs: viewRefs };
}
