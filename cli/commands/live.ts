import { existsSync } from "node:fs";
import type { Command } from "commander";
import type { LoadedConfig, ResolvedRefs } from "../../lib/checks/credentials.js";
import { checkLive, type LiveResult } from "../../lib/checks/live/index.js";
import { IkecertError } from "../../lib/errors.js";
import { type AppliedRelease, daemonRelease } from "../../lib/input/strongswan-release.js";
import { rulesFor } from "../../lib/rules.js";
import { loadConfigForLive } from "../../lib/run/live-config.js";
import { connectVici, DEFAULT_VICI_SOCKET } from "../../lib/vici/connect.js";
import { readSnapshot } from "../../lib/vici/snapshot.js";
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
import { followLive } from "./live-follow.js";
import { renderLive } from "./live-render.js";

const DEFAULT_CONFIG = "/etc/swanctl";

interface LiveCliOptions extends CommonOptions {
  vici?: string;
  config?: string;
  warnDays?: string;
  follow?: boolean;
  quiet?: string;
}

const namedFrom = (a: AppliedRelease): "option" | "variable" =>
  a.source === "variable" ? "variable" : "option";

/** Whose rules applied when none was named: the daemon's (source "daemon"), else the newest. */
function daemonApplied(r: LiveResult): AppliedRelease {
  const d = r.daemon;
  return r.release.from === "daemon" && d
    ? daemonRelease(r.release.text, `${d.name} ${d.version} at ${r.socket}`)
    : {
        release: r.release.text,
        source: "default",
        ...(r.release.note ? { note: r.release.note } : {}),
        rules: rulesFor(r.release.text),
      };
}

function whole(name: string, v: string | undefined, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new IkecertError(
      "USAGE",
      `${name} needs a whole number${min ? ` of at least ${min}` : ""}, not "${v}"`,
    );
  return Number(v);
}

export function registerLive(program: Command): void {
  const cmd = program
    .command("live")
    .description(
      "ask the running charon (over its VICI socket, read-only) what it has loaded and compare it with the files; --follow explains failures as they happen",
    )
    .option("--vici <socket>", `charon's VICI socket (default ${DEFAULT_VICI_SOCKET})`)
    .option("--config <dir>", `the swanctl folder to compare with (default ${DEFAULT_CONFIG})`)
    .option("--warn-days <n>", "warn about loaded certificates expiring within this many days", "30")
    .option(
      "--follow",
      "register for the daemon's log and ike-updown events and explain each failing IKE_SA, until Ctrl-C",
    )
    .option(
      "--quiet <seconds>",
      "with --follow: explain an IKE_SA that logged a failure and then stayed quiet this long",
      "3",
    );
  addJsonOption(
    addReleaseOption(addAtOption(addConfigLimitOptions(addInputOptions(cmd))), { installed: false }),
  );
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert live                                   # /var/run/charon.vici against /etc/swanctl
  ikecert live --vici /run/strongswan/charon.vici --config /etc/swanctl --warn-days 60
  ikecert live --strongswan 5.9.8-5+deb12u6 --json
  ikecert live --follow                          # explain failures as they happen (Ctrl-C stops)
  ikecert live --follow --json | jq .            # one JSON document per line
Only read-only VICI commands are sent (version, stats, list-conns, get-conns, list-certs,
list-authorities, list-sas, get-keys, get-shared, get-algorithms); nothing is loaded, unloaded,
initiated or terminated. The vici socket is usually root's: run as root.
Reports: the running release (its rules apply unless --strongswan names a build), connections on
disk but not loaded / loaded but gone / loaded with other settings, certificates replaced on disk
but not reloaded (both expiry dates), loaded certificates expiring within --warn-days, CA
certificates not loaded, keys and secrets on one side only, IKE_SAs with their ids and
certificates, plugins the configuration needs, and the audit's verdicts for what is loaded.
Exit codes: 0 nothing wrong, 1 an error finding, 2 no daemon to ask (socket missing, refused,
permission denied) or bad options. --follow runs until SIGINT/SIGTERM and then exits 0.`,
  );
  cmd.action(async (o: LiveCliOptions) => {
    const at = parseAt(o.at);
    const warnDays = whole("--warn-days", o.warnDays, 30);
    const quietMs = whole("--quiet", o.quiet, 3, 1) * 1000;
    let configDir = o.config;
    if (configDir !== undefined && !existsSync(configDir))
      throw new IkecertError("FILE_NOT_FOUND", `${configDir}: no such folder`, configDir);
    if (configDir === undefined && !o.follow && existsSync(DEFAULT_CONFIG)) configDir = DEFAULT_CONFIG;
    const client = await connectVici({ socket: o.vici ?? DEFAULT_VICI_SOCKET });
    try {
      if (o.follow) {
        const version = await client.version().catch(() => null);
        await followLive(
          client,
          { json: o.json, quietMs },
          version ? { name: version.daemon, version: version.version } : null,
        );
        process.exitCode = 0;
        return;
      }
      const snapshot = await readSnapshot(client);
      client.close();
      let config: LoadedConfig | null = null;
      let refs: ResolvedRefs | undefined;
      let configError: { message: string; file?: string } | null = null;
      if (configDir) {
        const loaded = await loadConfigForLive(configDir, loadOptions(o));
        config = loaded.config;
        refs = loaded.refs;
        configError = loaded.error;
      }
      const r = await checkLive(snapshot, config, {
        at,
        warnDays,
        refs,
        configError,
        ...(o.release ? { strongswan: o.release.rules, strongswanFrom: namedFrom(o.release) } : {}),
      });
      if (!configDir)
        r.notes.push(
          `no configuration to compare with (${DEFAULT_CONFIG} does not exist; give --config DIR)`,
        );
      if (o.json) process.stdout.write(envelope("live", r.ok, r.findings, r, o.release ?? daemonApplied(r)));
      else process.stdout.write(renderLive(r));
      process.exitCode = r.ok ? 0 : 1;
    } finally {
      client.close();
    }
  });
}
