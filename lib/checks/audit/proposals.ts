/**
 * Proposal strings charon refuses (lib/checks/proposals.ts): the connection is not loaded at all
 * (swanctl: "loading connection ... failed: invalid value for: proposals, config discarded";
 * ipsec.conf: "skipped invalid proposal string: ..."). Pure.
 */
import { formatOrigin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import type { ReleaseLike } from "../../rules.js";
import type { Endpoint } from "../endpoint.js";
import { connectionProposals } from "../proposals.js";

export function proposalFindings(e: Endpoint, opts: { strongswan?: ReleaseLike }): Finding[] {
  const p = connectionProposals(e.connection, opts.strongswan);
  const out: Finding[] = [];
  const lists = [
    { what: "proposals", c: p.ike, origin: p.ikeOrigin },
    ...p.children.map((c) => ({
      what: `child '${c.name}' ${c.protocol === "AH" ? "ah" : "esp"}_proposals`,
      c: c.configured,
      origin: c.origin,
    })),
  ];
  for (const { what, c, origin } of lists) {
    if (!c.error) continue;
    const reason = c.error.logs[0] ?? "it is empty";
    out.push(
      finding("PROPOSAL_INVALID", {
        message: `connection '${e.name}': charon refuses the connection: '${c.error.item}' in ${what} does not parse (${reason})`,
        log: c.error.loader ?? c.error.logs.at(-1) ?? null,
        file: formatOrigin(origin ?? e.connection.origin),
        data: { item: c.error.item, charon: c.error.logs },
      }),
    );
  }
  return out;
}
