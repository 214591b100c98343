/**
 * Connections on disk against the connections charon has loaded. For each swanctl connection,
 * what `list-conns` would report if the file were loaded now is predicted from the model (the way
 * vici_config.c builds the peer config and vici_query.c list_conns prints it) and compared field by
 * field: addresses, version, every auth round's class, id, EAP type, certificates and CA
 * certificates (by subject), groups, and the children with their traffic selectors.
 *
 * vici does not report proposals, send_cert, send_certreq, pools or fragmentation of a loaded
 * connection (vici_query.c list_conns), so those cannot be compared; `result.notCompared` says so.
 */
import type { AuthRound, Connection } from "../../config/model.js";
import { formatOrigin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import type { Rules } from "../../rules.js";
import type { ViciAuthRound, ViciConnection } from "../../vici/messages.js";
import type { LoadedConfig, ResolvedRefs } from "../credentials.js";
import { resolveEndpoint } from "../endpoint.js";

export type LiveConnectionState =
  /** loaded, and the file says the same */
  | "same"
  /** loaded, but the file now says something else */
  | "differs"
  /** in the file, not loaded */
  | "not-loaded"
  /** loaded over vici, gone from the file */
  | "not-on-disk"
  /** loaded by another backend (ipsec.conf through stroke): not swanctl's to compare */
  | "other-backend"
  /** loaded; the file could not be read, so nothing is compared */
  | "loaded";

export interface ConnectionDifference {
  /** `local_addrs`, `local-1 id`, `children`, `child 'net' local-ts`, ... */
  what: string;
  loaded: string;
  disk: string;
}

export interface LiveConnection {
  name: string;
  state: LiveConnectionState;
  /** where swanctl.conf defines it, or null */
  origin: string | null;
  differences: ConnectionDifference[];
}

/** What vici's list-conns does not report, so no comparison can cover it. */
export const NOT_REPORTED_BY_VICI = [
  "proposals",
  "esp_proposals",
  "send_cert",
  "send_certreq",
  "pools",
  "fragmentation",
  "mobike",
];

const CLASS: Record<string, string> = {
  pubkey: "public key",
  psk: "pre-shared key",
  eap: "EAP",
  xauth: "XAuth",
};

const VERSION = ["IKEv1/2", "IKEv1", "IKEv2"];

interface ExpectedRound {
  class: string | null;
  id: string | null;
  eapType: string | null;
  certs: string[];
  cacerts: string[];
  groups: string[];
}

const list = (xs: string[]) => (xs.length ? xs.join(", ") : "(none)");
const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

function expectedRound(r: AuthRound, id: string | null, certs: string[], cacerts: string[]): ExpectedRound {
  return {
    class: CLASS[r.authClass] ?? null,
    id,
    eapType: r.eapMethod && /^[a-z0-9]+$/.test(r.eapMethod) ? `EAP_${r.eapMethod.toUpperCase()}` : null,
    certs,
    cacerts,
    groups: r.groups?.value ?? [],
  };
}

function compareRound(
  name: string,
  e: ExpectedRound,
  l: ViciAuthRound | undefined,
  out: ConnectionDifference[],
): void {
  if (!l) {
    out.push({ what: name, loaded: "(no such round)", disk: e.class ?? "a round" });
    return;
  }
  if (e.class && l.class && e.class !== l.class)
    out.push({ what: `${name} auth`, loaded: l.class, disk: e.class });
  if ((e.id ?? null) !== (l.id ?? null) && !(e.id === null && l.id === "%any"))
    out.push({ what: `${name} id`, loaded: l.id ?? "(none)", disk: e.id ?? "(none)" });
  if (e.eapType && l.eapType && e.eapType !== l.eapType)
    out.push({ what: `${name} EAP method`, loaded: l.eapType, disk: e.eapType });
  if (!sameSet(e.certs, l.certs))
    out.push({ what: `${name} certs`, loaded: list(l.certs), disk: list(e.certs) });
  if (!sameSet(e.cacerts, l.cacerts))
    out.push({ what: `${name} cacerts`, loaded: list(l.cacerts), disk: list(e.cacerts) });
  if (!sameSet(e.groups, l.groups))
    out.push({ what: `${name} groups`, loaded: list(l.groups), disk: list(e.groups) });
}

/** Differences between a swanctl connection as the file says it now and as charon has it loaded. */
export function connectionDifferences(
  config: LoadedConfig,
  conn: Connection,
  loaded: ViciConnection,
  opts: { refs?: ResolvedRefs; rules: Rules; at?: Date },
): ConnectionDifference[] {
  const out: ConnectionDifference[] = [];
  const e = resolveEndpoint(config, conn, { refs: opts.refs, strongswan: opts.rules, at: opts.at });
  if (!sameSet(conn.localAddrs.value, loaded.localAddrs))
    out.push({ what: "local_addrs", loaded: list(loaded.localAddrs), disk: list(conn.localAddrs.value) });
  if (!sameSet(conn.remoteAddrs.value, loaded.remoteAddrs))
    out.push({ what: "remote_addrs", loaded: list(loaded.remoteAddrs), disk: list(conn.remoteAddrs.value) });
  const version = VERSION[conn.version.value];
  if (version && loaded.version && version !== loaded.version)
    out.push({ what: "version", loaded: loaded.version, disk: version });
  const subjects = (refs: { certificate: { subject: { printed: string } } | null }[]) =>
    refs.map((c) => c.certificate?.subject.printed).filter((s): s is string => !!s);
  e.local.forEach((r, i) => {
    // vici_config.c: a local round without id takes its first certificate's subject
    const id =
      r.round.id || r.certs.some((c) => c.certificate) ? (r.id.identity?.printed ?? r.id.text) : null;
    compareRound(`local-${i + 1}`, expectedRound(r.round, id, subjects(r.certs), []), loaded.local[i], out);
  });
  e.remote.forEach((r, i) => {
    const id = r.round.id ? (r.id.identity?.printed ?? r.id.text) : null;
    compareRound(
      `remote-${i + 1}`,
      expectedRound(r.round, id, [], subjects(r.cacerts)),
      loaded.remote[i],
      out,
    );
  });
  for (const [side, n, m] of [
    ["local", e.local.length, loaded.local.length],
    ["remote", e.remote.length, loaded.remote.length],
  ] as const)
    if (m > n) out.push({ what: `${side} rounds`, loaded: String(m), disk: String(n) });
  const diskChildren = conn.children.map((c) => c.name);
  const loadedChildren = loaded.children.map((c) => c.name);
  if (!sameSet(diskChildren, loadedChildren))
    out.push({ what: "children", loaded: list(loadedChildren), disk: list(diskChildren) });
  for (const c of conn.children) {
    const l = loaded.children.find((x) => x.name === c.name);
    if (!l) continue;
    if (!sameSet(c.localTs.value, l.localTs))
      out.push({ what: `child '${c.name}' local_ts`, loaded: list(l.localTs), disk: list(c.localTs.value) });
    if (!sameSet(c.remoteTs.value, l.remoteTs))
      out.push({
        what: `child '${c.name}' remote_ts`,
        loaded: list(l.remoteTs),
        disk: list(c.remoteTs.value),
      });
  }
  return out;
}

export interface ConnectionComparison {
  connections: LiveConnection[];
  findings: Finding[];
}

/**
 * Every connection of the file and of the daemon, with its state. `config` null: the file could not
 * be read (then only the loaded ones are listed). `viciNames` null: the daemon did not say which
 * connections came over vici (then all loaded ones are taken for swanctl's).
 */
export function compareConnections(
  config: LoadedConfig | null,
  loaded: ViciConnection[],
  viciNames: string[] | null,
  opts: { refs?: ResolvedRefs; rules: Rules; at?: Date },
): ConnectionComparison {
  const out: LiveConnection[] = [];
  const findings: Finding[] = [];
  const swanctl = config !== null && !("secrets" in config);
  const disk = (config?.conf?.connections ?? []).filter((c) => c.enabled);
  for (const conn of disk) {
    const where = formatOrigin(conn.origin);
    const l = loaded.find((x) => x.name === conn.name);
    if (!l) {
      out.push({ name: conn.name, state: "not-loaded", origin: where, differences: [] });
      findings.push(
        finding("LIVE_CONN_NOT_LOADED", {
          message: `connection '${conn.name}' (${where}) is not loaded in charon`,
          file: where,
        }),
      );
      continue;
    }
    const differences = swanctl && config ? connectionDifferences(config, conn, l, opts) : [];
    out.push({ name: conn.name, state: differences.length ? "differs" : "same", origin: where, differences });
    if (differences.length)
      findings.push(
        finding("LIVE_CONN_DIFFERS", {
          message: `connection '${conn.name}' runs with other settings than ${where} now says: ${differences.map((d) => `${d.what} loaded ${d.loaded}, file ${d.disk}`).join("; ")}`,
          file: where,
          data: { differences },
        }),
      );
  }
  if (config !== null)
    for (const l of loaded) {
      if (disk.some((c) => c.name === l.name)) continue;
      const viaVici = viciNames === null || viciNames.includes(l.name);
      if (!viaVici || !swanctl) {
        out.push({ name: l.name, state: "other-backend", origin: null, differences: [] });
        continue;
      }
      out.push({ name: l.name, state: "not-on-disk", origin: null, differences: [] });
      findings.push(
        finding("LIVE_CONN_NOT_ON_DISK", {
          message: `charon runs connection '${l.name}', which ${config.conf?.file ?? "swanctl.conf"} no longer defines; the next swanctl --load-conns unloads it`,
        }),
      );
    }
  else for (const l of loaded) out.push({ name: l.name, state: "loaded", origin: null, differences: [] });
  return { connections: out, findings };
}
