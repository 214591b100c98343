/**
 * What a running charon holds, read once with the read-only commands: release, plugins,
 * connections, certificates (parsed, for the checks), authorities, IKE_SAs, vici-loaded keys and
 * shared-secret ids, algorithms. A command the daemon does not know (an older release) or that
 * fails leaves its part null and adds a note saying what is then not compared; it never stops the
 * rest.
 */
import type { CertItem } from "../checks/credentials.js";
import { IkecertError } from "../errors.js";
import { parseBytes } from "../input/load.js";
import type { ViciClient } from "./client.js";
import { READ_ONLY_COMMANDS, type ReadOnlyCommand } from "./commands.js";
import type {
  ViciAuthority,
  ViciCertificate,
  ViciConnection,
  ViciIkeSa,
  ViciStats,
  ViciVersion,
} from "./messages.js";

/** A certificate charon holds, with ikecert's parse of its DER (null when it does not parse). */
export interface LiveCertificate {
  vici: ViciCertificate;
  cert: CertItem | null;
  /** why the DER did not parse */
  error: string | null;
}

export interface SnapshotNote {
  command: string;
  note: string;
}

export interface LiveSnapshot {
  socket: string;
  version: ViciVersion | null;
  stats: ViciStats | null;
  /** every loaded connection (all backends) */
  connections: ViciConnection[] | null;
  /** names of the connections loaded over vici (swanctl); the rest came from other backends */
  viciConnections: string[] | null;
  certificates: LiveCertificate[] | null;
  authorities: ViciAuthority[] | null;
  sas: ViciIkeSa[] | null;
  /** key ids (lowercase hex SHA-1 of the subjectPublicKey) of the private keys loaded over vici */
  keys: string[] | null;
  /** ids of the shared secrets loaded over vici (the swanctl `secrets` section names) */
  shared: string[] | null;
  algorithms: Record<string, Record<string, string>> | null;
  /** commands that were not answered, and what is therefore not compared */
  notes: SnapshotNote[];
}

/** What is lost when a command is missing, for the note. */
const LOST: Partial<Record<ReadOnlyCommand, string>> = {
  stats: "the loaded plugins are not compared with what the configuration needs",
  "list-conns": "loaded connections are not compared with the files",
  "get-conns": "connections loaded by other backends (ipsec.conf) cannot be told apart",
  "list-certs": "loaded certificates are not compared with the files",
  "list-authorities": "authority sections are not compared",
  "list-sas": "IKE_SAs are not listed",
  "get-keys":
    "private keys are compared only through the certificates that have one (list-certs has_privkey)",
  "get-shared": "shared secrets loaded over vici are not compared with the secrets sections",
  "get-algorithms": "proposals are checked against the plugin list only",
};

async function ask<T>(
  notes: SnapshotNote[],
  command: ReadOnlyCommand,
  version: string | null,
  f: () => Promise<T>,
): Promise<T | null> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof IkecertError)) throw e;
    if (e.code === "VICI_UNKNOWN_COMMAND") {
      notes.push({
        command,
        note: `charon${version ? ` ${version}` : ""} does not know '${command}' (added in strongSwan ${READ_ONLY_COMMANDS[command].since}); ${LOST[command] ?? "not compared"}`,
      });
      return null;
    }
    throw e;
  }
}

async function parseCerts(items: ViciCertificate[]): Promise<LiveCertificate[]> {
  const out: LiveCertificate[] = [];
  for (const [i, vici] of items.entries()) {
    if (vici.type !== "X509") {
      out.push({ vici, cert: null, error: null });
      continue;
    }
    try {
      const loaded = await parseBytes(vici.data, `charon:list-certs#${i + 1}`);
      const cert = loaded.items.find((x) => x.kind === "certificate") as CertItem | undefined;
      out.push({ vici, cert: cert ?? null, error: cert ? null : "not a certificate" });
    } catch (e) {
      if (!(e instanceof IkecertError)) throw e;
      out.push({ vici, cert: null, error: e.message });
    }
  }
  return out;
}

/** Read everything `ikecert live` compares, with the read-only commands only. */
export async function readSnapshot(client: ViciClient): Promise<LiveSnapshot> {
  const notes: SnapshotNote[] = [];
  const version = await ask(notes, "version", null, () => client.version());
  const v = version?.version ?? null;
  const stats = await ask(notes, "stats", v, () => client.stats());
  const connections = await ask(notes, "list-conns", v, () => client.listConns());
  const viciConnections = await ask(notes, "get-conns", v, () => client.getConns());
  const certificates = await ask(notes, "list-certs", v, async () => parseCerts(await client.listCerts()));
  const authorities = await ask(notes, "list-authorities", v, () => client.listAuthorities());
  const sas = await ask(notes, "list-sas", v, () => client.listSas());
  const keys = await ask(notes, "get-keys", v, () => client.getKeys());
  const shared = await ask(notes, "get-shared", v, () => client.getShared());
  const algorithms = await ask(notes, "get-algorithms", v, () => client.getAlgorithms());
  return {
    socket: client.path,
    version,
    stats,
    connections,
    viciConnections,
    certificates,
    authorities,
    sas,
    keys,
    shared,
    algorithms,
    notes,
  };
}
