/**
 * The proposals a connection ends up with, from its configuration:
 * - swanctl.conf (src/libcharon/plugins/vici/vici_config.c parse_proposal): each list item is one
 *   proposal; `default` (any case) stands for the default proposals; an unset list means the
 *   defaults (IKE: classic then AEAD; ESP: AEAD then classic). vici copies the item into a buffer
 *   first, cutting it at 511 characters (2047 from 6.0). A bad item makes charon refuse the whole
 *   connection: swanctl prints `loading connection '<name>' failed: invalid value for: <key>,
 *   config discarded` and charon logs why.
 * - ipsec.conf (src/libcharon/plugins/stroke/stroke_config.c add_proposals): comma separated; a `!`
 *   at the very end makes the list strict, otherwise charon appends its defaults (classic, AEAD);
 *   a bad item is logged as `skipped invalid proposal string: <item>` and the conn is not added.
 */
import { type ReleaseLike, type Rules, rulesFor } from "../rules.js";
import { defaultAeadProposal, defaultProposal } from "./defaults.js";
import { parseProposal } from "./parse.js";
import type { Proposal, Protocol } from "./proposal.js";

export interface ProposalError {
  /** the item as written */
  item: string;
  /** what charon logs about it, in order (empty: nothing, e.g. for an empty item) */
  logs: string[];
  /** what the loading tool prints (swanctl), or null (ipsec.conf: the conn is silently not added) */
  loader: string | null;
}

export interface ConfiguredProposals {
  proposals: Proposal[];
  /** true when nothing was configured (charon's defaults) */
  defaulted: boolean;
  error: ProposalError | null;
}

function defaults(protocol: Protocol, aeadFirst: boolean, rules: Rules): Proposal[] {
  const classic = defaultProposal(protocol, rules);
  const aead = defaultAeadProposal(protocol, rules);
  if (!aead) return [classic];
  return aeadFirst ? [aead, classic] : [classic, aead];
}

const SWANCTL_KEY: Record<Protocol, string> = { IKE: "proposals", ESP: "esp_proposals", AH: "ah_proposals" };

/**
 * swanctl.conf: `values` as swanctl splits the list (null = the key is not set); `connection` names
 * the connection in swanctl's message.
 */
export function swanctlProposals(
  protocol: Protocol,
  values: string[] | null,
  opts: { strongswan?: ReleaseLike; connection?: string } = {},
): ConfiguredProposals {
  const rules = rulesFor(opts.strongswan);
  const espAeadFirst = protocol !== "IKE";
  if (values === null || values.length === 0)
    return { proposals: defaults(protocol, espAeadFirst, rules), defaulted: true, error: null };
  const max = rules.longProposalStrings ? 2047 : 511;
  const out: Proposal[] = [];
  for (const raw of values) {
    const item = raw.length > max ? raw.slice(0, max) : raw;
    const printable = /^[\x20-\x7e]*$/.test(item);
    if (printable && item.toLowerCase() === "default") {
      const aeadFirst = protocol !== "IKE" && rules.espDefaultKeywordAeadFirst;
      out.push(...defaults(protocol, aeadFirst, rules));
      continue;
    }
    const r = printable ? parseProposal(protocol, item, rules) : null;
    if (r?.ok) {
      out.push(r.proposal);
      continue;
    }
    return {
      proposals: out,
      defaulted: false,
      error: {
        item: raw,
        logs: r && !r.ok && r.log ? [r.log] : [],
        loader: `loading connection '${opts.connection ?? "<name>"}' failed: invalid value for: ${SWANCTL_KEY[protocol]}, config discarded`,
      },
    };
  }
  return { proposals: out, defaulted: false, error: null };
}

/** ipsec.conf `ike=` / `esp=` / `ah=`: `values` split at commas (null = not set). */
export function ipsecProposals(
  protocol: Protocol,
  values: string[] | null,
  opts: { strongswan?: ReleaseLike } = {},
): ConfiguredProposals {
  const rules = rulesFor(opts.strongswan);
  if (values === null || values.length === 0)
    return { proposals: defaults(protocol, false, rules), defaulted: true, error: null };
  const items = [...values];
  const last = items[items.length - 1]!;
  const strict = last.endsWith("!");
  if (strict) items[items.length - 1] = last.slice(0, -1);
  const out: Proposal[] = [];
  for (const item of items) {
    const r = parseProposal(protocol, item, rules);
    if (!r.ok)
      return {
        proposals: out,
        defaulted: false,
        error: {
          item,
          logs: [...(r.log ? [r.log] : []), `skipped invalid proposal string: ${item}`],
          loader: null,
        },
      };
    out.push(r.proposal);
  }
  if (!strict) out.push(...defaults(protocol, false, rules));
  return { proposals: out, defaulted: false, error: null };
}
