/**
 * The proposals of a configured connection as charon loads them: the IKE proposals and each
 * child's ESP (or AH) proposals, with the defaults filled in, and the error that makes charon
 * refuse the connection (lib/proposals/configured.ts). Pure.
 */
import type { Connection, Setting } from "../config/model.js";
import { splitList } from "../config/values.js";
import {
  type ConfiguredProposals,
  ipsecProposals,
  type Protocol,
  swanctlProposals,
} from "../proposals/index.js";
import type { ReleaseLike } from "../rules.js";

export interface ChildProposals {
  name: string;
  protocol: "ESP" | "AH";
  configured: ConfiguredProposals;
  /** where the list was written (file:line), null for the default */
  origin: Setting<unknown>["origin"];
}

export interface ConnectionProposals {
  ike: ConfiguredProposals;
  ikeOrigin: Setting<unknown>["origin"];
  children: ChildProposals[];
}

function set(s: Setting<string[]>): string[] | null {
  return s.origin === null ? null : s.value;
}

export function connectionProposals(conn: Connection, release?: ReleaseLike): ConnectionProposals {
  const opts = { strongswan: release, connection: conn.name };
  const swanctl = conn.source === "swanctl.conf";
  const parse = (proto: Protocol, values: string[] | null) =>
    swanctl ? swanctlProposals(proto, values, opts) : ipsecProposals(proto, values, opts);
  const children: ChildProposals[] = conn.children.map((c) => {
    // AH replaces ESP when configured (swanctl ah_proposals; ipsec.conf ah=)
    const ah = swanctl ? c.settings.ah_proposals : conn.settings.ah;
    if (ah)
      return {
        name: c.name,
        protocol: "AH",
        configured: parse("AH", splitList(ah.value)),
        origin: ah.origin,
      };
    return {
      name: c.name,
      protocol: "ESP",
      configured: parse("ESP", set(c.espProposals)),
      origin: c.espProposals.origin,
    };
  });
  return { ike: parse("IKE", set(conn.proposals)), ikeOrigin: conn.proposals.origin, children };
}

/** The first error that makes charon refuse the connection, with the key it is in. */
export function proposalLoadError(
  p: ConnectionProposals,
): { where: "proposals" | string; error: NonNullable<ConfiguredProposals["error"]> } | null {
  if (p.ike.error) return { where: "proposals", error: p.ike.error };
  for (const c of p.children)
    if (c.configured.error) return { where: `child '${c.name}'`, error: c.configured.error };
  return null;
}
