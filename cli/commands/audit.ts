import { existsSync } from "node:fs";
import type { Command } from "commander";
import { type AuditConnection, type AuditResult, auditConfig } from "../../lib/checks/audit/index.js";
import { IkecertError } from "../../lib/errors.js";
import { loadStrongswanConf, strongswanConfBeside } from "../../lib/input/strongswan-conf-file.js";
import { loadConfig } from "../../lib/run/config-load.js";

import {
  addAtOption,
  addConfigLimitOptions,
  addInputOptions,
  addJsonOption,
  addReleaseOption,
  type CommonOptions,
  envelope,
  loadOptions,
  parseAt,
} from "../common.js";
import { paint, renderFindings, verdict, withRules } from "../render.js";

interface AuditCliOptions extends CommonOptions {
  conn?: string;
  strongswanConf?: string;
}

export function renderConnection(c: AuditConnection): string {
  const l: string[] = [];
  const errors = c.findings.filter((f) => f.severity === "error").length;
  const warnings = c.findings.filter((f) => f.severity === "warning").length;
  const state = c.ok ? paint("ok", "green") : paint("FAILS", "red");
  l.push(
    `${state} connection '${c.name}' (${c.origin})${errors || warnings ? `: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}`,
  );
  for (const r of c.rounds) {
    const id = `${r.id} (${r.idType}${r.idSource === "configured" ? "" : `, ${r.idSource}`})`;
    if (r.side === "local") {
      const pk = r.auth !== "psk" && r.certificate;
      const cert = pk ? ` with "${r.certificate}"` : "";
      const key = pk ? (r.keyFile ? `, key ${r.keyFile}` : ", NO KEY") : "";
      const sends = pk && r.cas.length ? `, sends ${r.cas.map((s) => `"${s}"`).join(", ")}` : "";
      l.push(`  ${r.name}: ${r.auth} as ${id}${cert}${key}${sends}`);
    } else {
      const cas = r.cas.length ? `, trusting ${r.cas.map((s) => `"${s}"`).join(", ")}` : "";
      l.push(`  ${r.name}: ${r.auth} from ${id}${cas}`);
    }
    for (const n of r.needs ?? []) {
      // the round line already names the certificate's key and the trusted CAs
      if ((n.kind === "private-key" && r.certificate) || (n.kind === "ca" && r.cas.length)) continue;
      l.push(
        `    needs ${n.what}: ${n.have ?? paint(`MISSING${n.log ? ` (charon logs: ${n.log})` : ""}`, "red")}`,
      );
    }
  }
  if (c.size)
    l.push(
      `  IKE_AUTH (${c.size.role}): ${c.size.bytes} bytes, ${c.size.fragments === 1 ? "unfragmented" : `${c.size.fragments} fragments of at most ${c.size.fragmentSize} bytes`}`,
    );
  const shown = c.findings.filter((f) => f.severity !== "info");
  if (shown.length) l.push(indent(renderFindings(shown)));
  return `${l.join("\n")}\n`;
}

export function indent(s: string): string {
  return s
    .trimEnd()
    .split("\n")
    .map((x) => `  ${x}`)
    .join("\n");
}

export function renderAudit(r: AuditResult): string {
  const bad = r.connections.filter((c) => !c.ok).length;
  const head = verdict(
    r.ok,
    `${r.connections.length} connection${r.connections.length === 1 ? "" : "s"} in ${r.dir} (${r.kind === "swanctl" ? "swanctl" : "ipsec.conf"})${bad ? `: ${bad} would fail` : r.ok ? ": charon would load and use them as configured" : ""}`,
  );
  const parts = [head];
  const global = r.findings.filter((f) => f.severity !== "info" || f.code === "KEY_NOT_LOADED");
  if (global.length) parts.push(`\nconfiguration:\n${indent(renderFindings(global))}\n`);
  for (const c of r.connections) parts.push(`\n${renderConnection(c)}`);
  return parts.join("");
}

export function registerAudit(program: Command): void {
  const cmd = program
    .command("audit")
    .description(
      "read a swanctl folder or ipsec.conf with its credentials and say, connection by connection, what charon would do and where it fails",
    )
    .argument("[config]", "swanctl folder, swanctl.conf, ipsec.conf or its folder (default /etc/swanctl)")
    .option("--conn <name>", "only this connection")
    .option(
      "--strongswan-conf <file>",
      "the strongswan.conf charon reads (default: the one beside the configuration, e.g. /etc/strongswan.conf for /etc/swanctl, if it exists); its plugin order and revocation settings count",
    );
  addJsonOption(addReleaseOption(addAtOption(addConfigLimitOptions(addInputOptions(cmd)))));
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert audit                                  # /etc/swanctl
  ikecert audit /etc/swanctl --conn rw --strongswan 5.9.8
  ikecert audit /etc/ipsec.conf --json
  ikecert audit certs-fixtures/sample --at 2030-01-01
  ikecert audit /etc/swanctl --strongswan-conf /etc/strongswan.conf
Checks per connection and auth round: the local certificate (only the first of a file) and its private
key, the intermediates charon sends, the local id against the certificate (and its default), the
remote id's type and form, the CAs that can authenticate the peer, remote cacerts, PSK secrets, the
IKE_AUTH size, remote revocation policies against the CRLs in x509crl/; for the whole folder:
config errors with file:line, x509ca/ certificates without CA=TRUE, expiry within 30 days, CA and
peer certificates a CRL in x509crl/ revokes, CRLs charon cannot use, and certificates strongswan.conf's
plugin order hands to another parser. Info findings appear in --json only.`,
  );
  cmd.action(async (path: string | undefined, o: AuditCliOptions) => {
    const at = parseAt(o.at);
    let target = path;
    if (!target) {
      if (!existsSync("/etc/swanctl"))
        throw new IkecertError(
          "USAGE",
          "no configuration given and /etc/swanctl does not exist; name a folder or file",
        );
      target = "/etc/swanctl";
    }
    const { config, refs } = await loadConfig(target, { ...loadOptions(o), format: o.format });
    if (o.conn && !(config.conf?.connections ?? []).some((c) => c.name === o.conn))
      throw new IkecertError(
        "USAGE",
        `--conn ${o.conn}: no such connection (have: ${(config.conf?.connections ?? []).map((c) => c.name).join(", ") || "none"})`,
      );
    const confFile = o.strongswanConf ?? strongswanConfBeside(target);
    const r = await auditConfig(config, {
      refs,
      at,
      strongswanConf: confFile ? loadStrongswanConf(confFile, loadOptions(o)) : null,
      ...(o.release ? { strongswan: o.release.rules } : {}),
      ...(o.conn ? { conn: o.conn } : {}),
    });
    if (o.json) process.stdout.write(envelope("audit", r.ok, r.findings, r, o.release));
    else process.stdout.write(withRules(renderAudit(r), o.release));
    process.exitCode = r.ok ? 0 : 1;
  });
}
