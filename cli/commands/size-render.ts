/**
 * The text of `ikecert size`, shared by its two forms: certificates (size.ts) and configuration
 * folders (size-config.ts).
 */

import { configuredFragmentSize } from "../../lib/checks/size/fragment-size.js";
import type { SizeResult } from "../../lib/checks/size/ike-auth.js";
import type { MessageSize, SetupResult } from "../../lib/checks/size/setup.js";
import { formatOrigin } from "../../lib/config/model.js";
import type { StrongswanConf } from "../../lib/config/strongswan-conf.js";
import { IkecertError } from "../../lib/errors.js";
import type { ReleaseLike } from "../../lib/rules.js";

export function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new IkecertError("USAGE", `${name} needs a whole number of at least ${min}, not "${v}"`);
  return Number(v);
}

export function renderSize(r: SizeResult, what: string): string {
  const l: string[] = [];
  const frag =
    r.fragments > 1
      ? `split into ${r.fragments} fragments of at most ${r.fragmentSize} bytes`
      : "sent unfragmented";
  l.push(`${what}: ${r.bytes} bytes (IP datagram ${r.datagram} bytes, path MTU ${r.mtu}), ${frag}`);
  l.push("  payloads:");
  for (const p of r.payloads) l.push(`    ${p.name.padEnd(34)} ${String(p.bytes).padStart(5)}`);
  if (r.shrink.length) {
    l.push("  what shrinks it:");
    for (const s of r.shrink)
      l.push(
        `    - ${s.what}: ${s.bytes} bytes, ${s.fragments} fragment${s.fragments === 1 ? "" : "s"} (saves ${s.saves})`,
      );
  }
  return `${l.join("\n")}\n`;
}

/** The negotiated proposals and every message of the setup, one line each. */
export function renderSetup(s: SetupResult, peer: string): string {
  const l: string[] = [];
  const ike = s.ike.selected ? s.ike.selected : null;
  l.push(
    ike
      ? `negotiated with ${peer}: ${s.ike.responderLogs.find((x) => x.text.startsWith("selected proposal: "))?.text.slice(19) ?? ""}${s.child ? `, ${s.child.selected ? s.child.responderLogs.find((x) => x.text.startsWith("selected proposal: "))?.text.slice(19) : "no ESP proposal in common"}` : ""}`
      : `no IKE proposal in common with ${peer}`,
  );
  l.push("messages of the setup:");
  for (const m of s.messages) l.push(`  ${messageLine(m)}`);
  return `${l.join("\n")}\n`;
}

function messageLine(m: MessageSize): string {
  const arrow = m.from === "initiator" ? "initiator ──▶" : "◀── responder";
  const frag = m.fragments > 1 ? `, ${m.fragments} fragments` : "";
  const over = m.exceedsMtu ? " (over the path MTU)" : "";
  return `${m.exchange.padEnd(16)} ${arrow} ${m.what.padEnd(28)} ${String(m.bytes).padStart(5)} bytes (datagram ${m.datagram}${frag})${over}`;
}

/** the verdict's figures: IKE_AUTH, and IKE_SA_INIT when it does not fit the path */
export function headline(r: SizeResult, s: SetupResult | null): string {
  const init = s?.messages.filter((m) => m.exchange === "IKE_SA_INIT" && m.exceedsMtu) ?? [];
  const max = Math.max(0, ...init.map((m) => m.datagram));
  return `${r.bytes} bytes, ${r.fragments} fragment(s)${init.length ? `; IKE_SA_INIT datagrams up to ${max} bytes over the path MTU` : ""}`;
}

/** Where the fragment size came from: the option, strongswan.conf (which setting, file:line), or charon's default. */
export interface FragmentSizeChoice {
  value: number;
  from: "option" | "strongswan.conf" | "default";
  /** the strongswan.conf setting that gave it, and where it is written */
  key: string | null;
  origin: string | null;
}

/**
 * The fragment size: --fragment-size, else what strongswan.conf sets for the family (since 6.0
 * `fragment_size_v4`/`_v6` first), else charon's 1280. 0 is charon's too: the family's default.
 */
export function fragmentSizeOf(
  option: string | undefined,
  conf: StrongswanConf | null,
  o: { ipv6?: boolean; strongswan?: ReleaseLike } = {},
): FragmentSizeChoice {
  const given = option === "0" ? 0 : int("--fragment-size", option, 576);
  if (given !== undefined) return { value: given, from: "option", key: null, origin: null };
  const set = configuredFragmentSize(conf, o);
  if (set)
    return { value: set.value, from: "strongswan.conf", key: set.key, origin: formatOrigin(set.origin) };
  return { value: 1280, from: "default", key: null, origin: null };
}

/** The text line that says a strongswan.conf setting was applied (nothing for the option or default). */
export function fragmentSizeLine(f: FragmentSizeChoice): string {
  return f.from === "strongswan.conf" ? `${f.key} = ${f.value} (${f.origin})\n` : "";
}
