/**
 * checkLive: what a running charon holds (a snapshot read over VICI, lib/vici/snapshot.ts) against
 * the configuration on disk (read with loadConfig, lib/input). Pure. The release the daemon reports
 * decides the rules (`rulesFor`), unless the caller names one (a distribution build with backports).
 */

import { type Finding, finding, hasErrors } from "../../findings/index.js";
import type { SwanctlDir } from "../../input/swanctl-dir.js";
import { isValidRelease } from "../../release.js";
import { type ReleaseLike, type ResolvedRelease, type Rules, rulesFor } from "../../rules.js";
import type { LiveSnapshot } from "../../vici/snapshot.js";
import { type AuditResult, auditConfig } from "../audit/index.js";
import type { LoadedConfig, ResolvedRefs } from "../credentials.js";
import { type PluginNeed, pluginFindings, pluginNeeds } from "../plugins.js";
import {
  type ConnectionDifference,
  compareConnections,
  type LiveConnection,
  NOT_REPORTED_BY_VICI,
} from "./conns.js";
import {
  compareCredentials,
  connectionKeyFindings,
  type LiveCertReport,
  type LiveKeyReport,
  type LiveSecretReport,
} from "./creds.js";
import { describeSas, type LiveSa } from "./sas.js";
import { loadedView } from "./view.js";

export type { ConnectionDifference, LiveConnection, LiveConnectionState } from "./conns.js";
export type { LiveCertReport, LiveCertState, LiveKeyReport, LiveSecretReport } from "./creds.js";
export type { LiveSa, LiveSaSide } from "./sas.js";

/** Options of `checkLive`: the release, the moment, resolved file references, a configuration that failed to load. */
export interface LiveOptions {
  /** the release whose rules apply; default: the one the daemon reports */
  strongswan?: ReleaseLike;
  /** who named `strongswan`: the option (default) or the IKECERT_STRONGSWAN variable */
  strongswanFrom?: "option" | "variable";
  /** "now" for validity (default the real time) */
  at?: Date;
  /** warn about loaded certificates expiring within this many days (default 30) */
  warnDays?: number;
  /** files the connections name outside the folder (resolveConfigRefs) */
  refs?: ResolvedRefs;
  /** why the configuration on disk could not be read (e.g. a syntax error), if it could not */
  configError?: { message: string; file?: string } | null;
}

/** What `checkLive` returns: connections, credentials and SAs compared with the files, and findings. */
export interface LiveResult {
  socket: string;
  daemon: { name: string; version: string; sysname?: string; release?: string; machine?: string } | null;
  /** the rules applied, and where the release came from */
  release: ResolvedRelease & { from: "daemon" | "option" | "variable" | "default" };
  /** the configuration folder compared with, or null */
  dir: string | null;
  plugins: { loaded: string[] | null; needs: PluginNeed[] };
  connections: LiveConnection[];
  certificates: LiveCertReport[];
  keys: LiveKeyReport[] | null;
  secrets: LiveSecretReport[] | null;
  sas: LiveSa[] | null;
  /** the audit's verdicts for the connections as charon has them loaded; null when it cannot run */
  audit: AuditResult | null;
  /** what was not asked or not compared, and why */
  notes: string[];
  findings: Finding[];
  ok: boolean;
}

function releaseOf(
  snapshot: LiveSnapshot,
  option: ReleaseLike,
  named: "option" | "variable" = "option",
): { rules: Rules; from: LiveResult["release"]["from"] } {
  if (option !== undefined) return { rules: rulesFor(option), from: named };
  const v = snapshot.version?.version;
  if (v && isValidRelease(v)) return { rules: rulesFor(v), from: "daemon" };
  return { rules: rulesFor(undefined), from: "default" };
}

/** Compare what a running charon holds (a `LiveSnapshot`) with the configuration files, and audit what it runs. */
export async function checkLive(
  snapshot: LiveSnapshot,
  config: LoadedConfig | null,
  opts: LiveOptions = {},
): Promise<LiveResult> {
  const { rules, from } = releaseOf(snapshot, opts.strongswan, opts.strongswanFrom);
  const at = opts.at ?? new Date();
  const warnDays = opts.warnDays ?? 30;
  const notes = snapshot.notes.map((n) => n.note);
  const findings: Finding[] = [];
  if (opts.configError)
    findings.push(
      finding("LIVE_CONFIG_BROKEN", {
        message: `${opts.configError.message}; charon keeps running the ${snapshot.connections?.length ?? 0} connection(s) it has loaded until the next reload`,
        log: `no connections found, ${snapshot.viciConnections?.length ?? snapshot.connections?.length ?? 0} unloaded`,
        ...(opts.configError.file ? { file: opts.configError.file } : {}),
      }),
    );
  const loadedConns = snapshot.connections ?? [];
  const conns = compareConnections(config?.conf ? config : null, loadedConns, snapshot.viciConnections, {
    refs: opts.refs,
    rules,
    at,
  });
  findings.push(...conns.findings);
  if (config && snapshot.connections)
    notes.push(
      `vici does not report ${NOT_REPORTED_BY_VICI.join(", ")} of a loaded connection: after changing them, run swanctl --load-conns`,
    );
  const creds = snapshot.certificates
    ? compareCredentials(config, snapshot.certificates, snapshot.keys, snapshot.shared, {
        rules,
        at,
        warnDays,
        refs: opts.refs,
      })
    : null;
  if (creds) findings.push(...creds.findings);
  if (snapshot.certificates)
    findings.push(...connectionKeyFindings(loadedConns, snapshot.certificates, rules));

  // plugins: what the loaded connections (as the file describes them) and credentials need
  const plugins = snapshot.stats?.plugins ?? null;
  let needs: PluginNeed[] = [];
  if (plugins && config) {
    const loadedNames = new Set(loadedConns.map((c) => c.name));
    needs = pluginNeeds(
      {
        connections: (config.conf?.connections ?? []).filter((c) => loadedNames.has(c.name)),
        files: config.files,
      },
      { plugins, algorithms: snapshot.algorithms },
    );
    findings.push(...pluginFindings(needs, { rules }));
  }

  let audit: AuditResult | null = null;
  if (config && !("secrets" in config) && config.conf && snapshot.connections && snapshot.certificates) {
    const differences = new Map<string, ConnectionDifference[]>(
      conns.connections.map((c) => [c.name, c.differences]),
    );
    const view = loadedView(
      config as SwanctlDir,
      opts.refs ?? new Map(),
      {
        connections: loadedConns,
        certificates: snapshot.certificates,
      },
      differences,
    );
    audit = await auditConfig(view.config, { refs: view.refs, at, strongswan: rules });
  } else if (config && "secrets" in config)
    notes.push(
      "ipsec.conf connections are listed by name only; the audit of what is loaded needs a swanctl folder",
    );

  const sas = snapshot.sas
    ? describeSas(snapshot.sas, loadedConns, snapshot.certificates ?? [], rules)
    : null;
  for (const n of notes) findings.push(finding("LIVE_NOTE", { message: n }));
  const ok = !hasErrors(findings) && (audit?.connections.every((c) => c.ok) ?? true);
  return {
    socket: snapshot.socket,
    daemon: snapshot.version
      ? {
          name: snapshot.version.daemon,
          version: snapshot.version.version,
          ...(snapshot.version.sysname ? { sysname: snapshot.version.sysname } : {}),
          ...(snapshot.version.release ? { release: snapshot.version.release } : {}),
          ...(snapshot.version.machine ? { machine: snapshot.version.machine } : {}),
        }
      : null,
    release: { ...rules.release, from },
    dir: config?.dir ?? null,
    plugins: { loaded: plugins, needs },
    connections: conns.connections,
    certificates: creds?.certificates ?? [],
    keys: creds?.keys ?? null,
    secrets: creds?.secrets ?? null,
    sas,
    audit,
    notes,
    findings,
    ok,
  };
}
