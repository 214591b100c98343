/**
 * auditConfig: a whole swanctl or ipsec.conf configuration judged as charon would load and use it,
 * connection by connection and round by round (issue 8). Pure: the folder is read beforehand with
 * `loadConfig` (lib/input). One module per concern beside this file.
 */
import { formatOrigin } from "../../config/model.js";
import type { StrongswanConf } from "../../config/strongswan-conf.js";
import { type Finding, finding, hasErrors } from "../../findings/index.js";
import { credentialPool, type LoadedConfig, type ResolvedRefs } from "../credentials.js";
import { type Endpoint, resolveEndpoint } from "../endpoint.js";
import type { SizeResult } from "../size/index.js";
import { confAuthSettings, confPluginFindings, confSizeOptions } from "./conf-settings.js";
import { diagnosticConnection, diagnosticFinding, globalFindings } from "./global.js";
import { includeFindings } from "./includes.js";
import { type AuditOptions, localRoundFindings } from "./local.js";
import { type RoundNeed, roundNeeds } from "./needs.js";
import { certPolicyFindings } from "./policies.js";
import { proposalFindings } from "./proposals.js";
import { pskConfigFindings, pskConnectionFindings } from "./psk.js";
import { idFormFindings, notPrintableFindings, remoteRoundFindings } from "./remote.js";
import { pluginOrderFindings, revocationConfigFindings, revocationConnectionFindings } from "./revocation.js";
import { endpointSize } from "./size.js";

export type { AuditOptions } from "./local.js";
export type { RoundNeed } from "./needs.js";

/** One authentication round of a connection as the audit resolved it: the id, where it came from, the certificate and key files, the CAs. */
export interface AuditRoundSummary {
  side: "local" | "remote";
  name: string;
  auth: string;
  /** the identity charon uses, as it prints it, and its type */
  id: string;
  idType: string;
  /** how charon got the id: configured, cert-subject, ip-address, replaced-by-subject, any */
  idSource: string;
  /** local: the certificate charon signs with and the key file; remote: null */
  certificate: string | null;
  certificateFile: string | null;
  keyFile: string | null;
  /** local: intermediates sent; remote: the CAs that can anchor the peer */
  cas: string[];
  /** what the round needs (key, PSK, EAP secret, raw public key, attribute certificate) and where it is */
  needs: RoundNeed[];
}

/** The audit of one connection: its verdict, its findings and what charon would use for each round. */
export interface AuditConnection {
  name: string;
  ok: boolean;
  source: "swanctl.conf" | "ipsec.conf";
  origin: string;
  rounds: AuditRoundSummary[];
  /** IKE_AUTH size estimate (first local round), null without a local certificate */
  size: Pick<SizeResult, "role" | "bytes" | "fragments" | "fragmentSize"> | null;
  findings: Finding[];
}

/** What `auditConfig` returns: every connection's audit and the findings about the configuration as a whole. */
export interface AuditResult {
  kind: "swanctl" | "ipsec";
  dir: string;
  connections: AuditConnection[];
  /** findings about the configuration as a whole (files, CA folder, secrets) */
  findings: Finding[];
  ok: boolean;
  /** the strongswan.conf read (its plugin order and revocation settings), or null: charon's defaults */
  strongswanConf: string | null;
}

/** Options of `auditConfig`: the target release, the moment, files named outside the folder, strongswan.conf. */
export interface AuditConfigOptions extends AuditOptions {
  refs?: ResolvedRefs;
  /** only this connection */
  conn?: string;
  /** strongswan.conf as charon reads it (lib/input loadStrongswanConf), or null for the defaults */
  strongswanConf?: StrongswanConf | null;
}

function summary(e: Endpoint, needs: Map<unknown, RoundNeed[]>): AuditRoundSummary[] {
  return [
    ...e.local.map((r) => ({
      side: "local" as const,
      name: r.round.name,
      auth: r.round.auth.value,
      id: r.id.identity?.printed ?? r.id.text,
      idType: r.id.identity?.typeName ?? "(invalid)",
      idSource: r.id.source,
      certificate: r.certificate?.subject.printed ?? null,
      certificateFile: r.certificate?.source?.file ?? null,
      keyFile: r.privateKey?.source.file ?? null,
      cas: r.intermediates.map((c) => c.subject.printed),
      needs: needs.get(r) ?? [],
    })),
    ...e.remote.map((r) => ({
      side: "remote" as const,
      name: r.round.name,
      auth: r.round.auth.value,
      id: r.id.identity?.printed ?? r.id.text,
      idType: r.id.identity?.typeName ?? "(invalid)",
      idSource: r.id.source,
      certificate: null,
      certificateFile: null,
      keyFile: null,
      cas: r.auth === "pubkey" ? r.anchors.map((c) => c.subject.printed) : [],
      needs: needs.get(r) ?? [],
    })),
  ];
}

/** Audit a loaded configuration (swanctl or ipsec.conf) the way charon would load and use it: one verdict and findings per connection. */
export async function auditConfig(config: LoadedConfig, opts: AuditConfigOptions = {}): Promise<AuditResult> {
  const at = opts.at ?? new Date();
  const aopts: AuditOptions = { strongswan: opts.strongswan, at };
  const pool = credentialPool(config, opts.refs);
  const kind = "secrets" in config ? "ipsec" : "swanctl";
  const all = (config.conf?.connections ?? []).filter((c) => c.enabled);
  const conns = opts.conn ? all.filter((c) => c.name === opts.conn) : all;
  const psk = await pskConfigFindings(config);
  const findings = [...globalFindings(config, pool, at), ...psk.global];
  findings.push(...includeFindings(config, opts.strongswan));
  const ropts = { at, strongswan: opts.strongswan, conf: opts.strongswanConf };
  findings.push(...revocationConfigFindings(config, pool, ropts), ...pluginOrderFindings(pool, ropts));
  if (opts.strongswanConf)
    findings.push(...confPluginFindings(config, conns, opts.strongswanConf, opts.strongswan));
  if (all.length === 0)
    findings.push(
      finding("CONFIG_NO_CONNECTIONS", {
        message: config.conf
          ? `${config.conf.file} defines no connection charon would load${kind === "ipsec" ? " (a conn needs auto=add, route or start)" : ""}`
          : `${config.dir} has no ${kind === "ipsec" ? "ipsec.conf" : "swanctl.conf"}`,
      }),
    );
  const connections: AuditConnection[] = [];
  const eopts = {
    strongswan: opts.strongswan,
    at,
    refs: opts.refs,
    pool,
    settings: confAuthSettings(opts.strongswanConf),
  };
  for (const conn of conns) {
    const e = resolveEndpoint(config, conn, eopts);
    const f: Finding[] = [];
    for (const d of config.conf?.diagnostics ?? [])
      if (diagnosticConnection(d) === conn.name) f.push(diagnosticFinding(d));
    f.push(...notPrintableFindings(e));
    for (const r of e.local) {
      f.push(...idFormFindings(r.id, `local round '${r.round.name}'`, aopts, r));
      f.push(...localRoundFindings(e, r, aopts));
    }
    for (const r of e.remote) f.push(...remoteRoundFindings(e, r, aopts));
    for (const r of e.remote) f.push(...certPolicyFindings(r, aopts));
    f.push(...pskConnectionFindings(config, e, aopts, psk.bySecret));
    const needs = roundNeeds(config, e, aopts);
    f.push(...needs.findings);
    f.push(...revocationConnectionFindings(e, config, ropts));
    f.push(...proposalFindings(e, aopts));
    const size = endpointSize(e, {
      strongswan: opts.strongswan,
      ...confSizeOptions(opts.strongswanConf, opts.strongswan),
    });
    if (size) f.push(...size.findings);
    connections.push({
      name: conn.name,
      ok: !hasErrors(f),
      source: conn.source,
      origin: formatOrigin(conn.origin),
      rounds: summary(e, needs.needs),
      size: size
        ? {
            role: size.result.role,
            bytes: size.result.bytes,
            fragments: size.result.fragments,
            fragmentSize: size.result.fragmentSize,
          }
        : null,
      findings: f,
    });
  }
  return {
    kind,
    dir: config.dir,
    connections,
    findings,
    ok: !hasErrors(findings) && connections.every((c) => c.ok),
    strongswanConf: opts.strongswanConf?.file ?? null,
  };
}
