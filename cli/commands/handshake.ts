import { existsSync } from "node:fs";
import type { Command } from "commander";
import { handshakeConfigs } from "../../lib/checks/handshake/configs.js";
import type { HandshakeOptions, HandshakeResult } from "../../lib/checks/handshake/types.js";
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

interface HandshakeCliOptions extends CommonOptions {
  initiator?: string;
  responder?: string;
  set?: string[];
}

/** strongswan.conf settings `--set` takes, and the host setting each one is. */
const SETTINGS: Record<string, "rsaPss" | "aggressivePsk" | "acert" | "signatureAuthenticationConstraints"> =
  {
    "charon.rsa_pss": "rsaPss",
    "charon.signature_authentication_constraints": "signatureAuthenticationConstraints",
    "charon.i_dont_care_about_security_and_use_aggressive_mode_psk": "aggressivePsk",
    "charon.plugins.acert.load": "acert",
  };

/** `--set [initiator:|responder:]charon.rsa_pss=yes`: one side, or both when no side is named. */
export function parseSettings(
  values: string[],
): Pick<HandshakeOptions, "initiatorSettings" | "responderSettings"> {
  const out = { initiatorSettings: {}, responderSettings: {} } as Required<
    Pick<HandshakeOptions, "initiatorSettings" | "responderSettings">
  >;
  for (const v of values) {
    const m = /^(?:(initiator|responder):)?([a-z0-9_.]+)=(yes|no|true|false|1|0)$/i.exec(v.trim());
    const key = m ? SETTINGS[m[2]!.toLowerCase()] : undefined;
    if (!m || !key)
      throw new IkecertError(
        "USAGE",
        `--set "${v}": write [initiator:|responder:]SETTING=yes|no, SETTING one of ${Object.keys(SETTINGS).join(", ")}`,
      );
    const on = /^(yes|true|1)$/i.test(m[3]!);
    if (m[1] !== "responder") out.initiatorSettings[key] = on;
    if (m[1] !== "initiator") out.responderSettings[key] = on;
  }
  return out;
}

/** DIR[:CONN]: a path that exists is taken whole; otherwise the part after the last `:` is the connection. */
function splitTarget(v: string): { path: string; conn?: string } {
  if (existsSync(v)) return { path: v };
  const i = v.lastIndexOf(":");
  if (i > 0) return { path: v.slice(0, i), conn: v.slice(i + 1) || undefined };
  return { path: v };
}

const WIDTH = 46;

function cell(s: string): string {
  return s.padEnd(WIDTH);
}

/** Long payload text continues on indented lines instead of running into the other column. */
function wrap(s: string): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > WIDTH) {
    const cut = rest.lastIndexOf(" ", WIDTH);
    const at = cut > 8 ? cut : WIDTH;
    out.push(rest.slice(0, at));
    rest = `      ${rest.slice(at).trimStart()}`;
  }
  out.push(rest);
  return out;
}

/** The exchange as two columns: initiator | responder, messages with their payloads, the failing step marked. */
export function renderHandshake(r: HandshakeResult): string {
  const out: string[] = [];
  const row = (l: string, mid: string, rt: string) => out.push(`${cell(l)} ${mid} ${rt}`);
  row(
    `initiator: ${r.initiator.connection}`,
    "   ",
    `responder: ${r.responder.connection ?? "(none selected)"}`,
  );
  row("-".repeat(WIDTH), "   ", "-".repeat(WIDTH));
  for (const m of r.messages) {
    const arrow = m.from === "initiator" ? "──▶" : "◀──";
    const lines = [
      `${m.exchange} ${m.from === "initiator" ? "request" : "response"}`,
      // the left column wraps so that it never runs into the responder's
      ...m.payloads.flatMap((p) => {
        const t = `  ${p.name}${p.detail ? ` ${p.detail}` : ""}`;
        return m.from === "initiator" ? wrap(t) : [t];
      }),
    ];
    lines.forEach((t, i) => {
      const mid = i === 0 ? arrow : "   ";
      if (m.from === "initiator") row(t, mid, "");
      else row("", mid, t);
    });
  }
  if (r.failure) {
    const mark = paint(`✗ ${r.failure.step}: ${r.failure.log ?? "not simulated"}`, "red");
    if (r.failure.side === "initiator") out.push(mark);
    else out.push(`${" ".repeat(WIDTH + 5)}${mark}`);
  } else out.push(paint("✓ IKE_SA established on both sides", "green"));
  out.push("");
  for (const side of ["initiator", "responder"] as const) {
    out.push(`${side} log (predicted):`);
    for (const l of r[side].logs) out.push(`  ${l}`);
  }
  return `${out.map((l) => l.trimEnd()).join("\n")}\n`;
}

export function registerHandshake(program: Command): void {
  const cmd = program
    .command("handshake")
    .description(
      "simulate IKE_SA_INIT and IKE_AUTH between two configurations: the proposals selected, the ids each side sends, the responder's peer-config selection, each side's authentication of the other, and the log lines charon prints",
    )
    .requiredOption(
      "--initiator <dir[:conn]>",
      "the initiating side: swanctl folder, swanctl.conf or ipsec.conf, with the connection to start",
    )
    .requiredOption(
      "--responder <dir[:conn]>",
      "the responding side (it selects among all its connections; :conn names the one you expect)",
    )
    .option(
      "--set <[side:]setting=value>",
      "a strongswan.conf setting of one side or both: charon.rsa_pss, charon.signature_authentication_constraints, charon.i_dont_care_about_security_and_use_aggressive_mode_psk, charon.plugins.acert.load (repeatable)",
      (v: string, prev: string[] = []) => [...prev, v],
    );
  addAtOption(cmd);
  addReleaseOption(cmd);
  addJsonOption(cmd);
  addInputOptions(cmd);
  addConfigLimitOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert handshake --initiator ./client --responder ./gateway
  ikecert handshake --initiator ./client:home --responder /etc/swanctl:rw --strongswan 5.9.8
  ikecert handshake --initiator ./client --responder ./gateway --at 2027-01-01 --json
  ikecert handshake --initiator ./client --responder ./gateway --set initiator:charon.rsa_pss=yes
Simulated: the first authentication round of each side with certificates or raw public keys
(signature schemes, ike: and key-strength constraints, RSA-PSS), pre-shared keys (IKEv2, and IKEv1
Main and Aggressive Mode), certificates in IKEv1 Main Mode, EAP-MD5, EAP-MS-CHAPv2 and EAP-TLS
(initiator as EAP client), groups from attribute certificates, and the responder's switch to another
connection when one does not comply. Named as not simulated, with what decides them:
eap-radius (the RADIUS server), eap-ttls, eap-peap, eap-dynamic, eap-sim/aka/gtc/tnc, XAuth, IKEv1
Aggressive Mode with certificates, later rounds (local-2, remote-2).
Addresses are assumed to match. Each side's strongswan.conf is read where audit finds it (beside its
folder: DIR/../strongswan.conf for swanctl, DIR/strongswan.conf for ipsec.conf): the responder's
prefer_configured_proposals, and each side's charon.rsa_pss, signature_authentication_constraints,
aggressive-mode PSK switch and acert plugin (--set wins over it).
Exit code 0 when the IKE_SA would be established, 1 when it would fail.`,
  );
  cmd.action(async (o: HandshakeCliOptions) => {
    const at = parseAt(o.at);
    const settings = parseSettings(o.set ?? []);
    const lo = { ...loadOptions(o), format: o.format };
    const it = splitTarget(o.initiator!);
    const rt = splitTarget(o.responder!);
    const ini = await loadConfig(it.path, lo);
    const res = await loadConfig(rt.path, lo);
    // each side's strongswan.conf, found as audit finds it: the responder's
    // prefer_configured_proposals; each side's settings the authentication depends on
    const confOf = (path: string) => {
      const file = strongswanConfBeside(path);
      return file ? loadStrongswanConf(file, lo) : null;
    };
    const iconf = confOf(it.path);
    const rconf = confOf(rt.path);
    const prefer = rconf?.settings.preferConfiguredProposals?.value;
    const r = handshakeConfigs(
      { ...ini, connection: it.conn, label: it.path, strongswanConf: iconf },
      { ...res, connection: rt.conn, label: rt.path, strongswanConf: rconf },
      {
        at,
        ...(o.release ? { strongswan: o.release.rules } : {}),
        ...settings,
        ...(prefer === false ? { preferSupplied: true } : {}),
      },
    );
    const ok = r.established && !r.findings.some((f) => f.severity === "error");
    if (o.json) {
      const { findings, ...result } = r;
      process.stdout.write(envelope("handshake", ok, findings, result, o.release));
    } else {
      const head = r.established
        ? `IKE_SA established (${r.initiator.connection} → ${r.responder.connection})`
        : `IKE_SA not established: ${r.failure?.step ?? "?"} (${r.failure?.side ?? "?"} logs: ${r.failure?.log ?? "-"})`;
      process.stdout.write(
        withRules(
          `${verdict(ok, head)}${renderHandshake(r)}${r.findings.length ? `\n${renderFindings(r.findings)}` : ""}`,
          o.release,
        ),
      );
    }
    process.exitCode = ok ? 0 : 1;
  });
}
