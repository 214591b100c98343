/**
 * The responder's peer-config selection in IKE_AUTH (semantics §7.1; ike_auth.c load_cfg_candidates,
 * backend_manager.c create_peer_cfg_enumerator / get_peer_match). Only the first auth round's ids
 * count; each is compared in both directions (the received id against the configured one, then the
 * reverse, so a received %any works); a round without id matches ANY. Candidates are sorted by the
 * sum of both levels (stable: equal ones keep the file order; the address match is assumed equal).
 */
import { identityMatches, MATCH } from "../../identity/match.js";
import type { Identity } from "../../identity/parse.js";
import type { ReleaseLike } from "../../rules.js";
import type { HandshakeConnection } from "./types.js";

export interface Candidate {
  conn: HandshakeConnection;
  me: number;
  other: number;
}

export interface SelectionTrace {
  name: string;
  me: number;
  other: number;
  /** the connection's first-round ids as charon holds them (null: none, matches anything) */
  localId: { printed: string; type: string } | null;
  remoteId: { printed: string; type: string } | null;
  /** why it was dropped, or null when it is a candidate */
  dropped: "version" | "auth" | "local-id" | "remote-id" | "proposal" | null;
}

type Opts = { strongswan?: ReleaseLike; rdnMatching?: "strict" | "reordered" | "relaxed" };

function peerMatch(id: Identity | null, configured: Identity | null, opts: Opts): number {
  if (!id) return MATCH.ANY;
  if (!configured) return MATCH.ANY;
  return identityMatches(id, configured, opts) || identityMatches(configured, id, opts);
}

export function selectPeerConfigs(
  connections: HandshakeConnection[],
  idi: Identity,
  idr: Identity | null,
  /** does the connection's IKE config offer the proposal selected in IKE_SA_INIT (ike_cfg has_proposal) */
  hasIkeProposal: (conn: HandshakeConnection) => boolean,
  opts: Opts,
): { candidates: Candidate[]; trace: SelectionTrace[] } {
  const trace: SelectionTrace[] = [];
  const candidates: Candidate[] = [];
  for (const conn of connections) {
    const view = (id: Identity | null) => (id ? { printed: id.printed, type: id.typeName } : null);
    const t: SelectionTrace = {
      name: conn.name,
      me: 0,
      other: 0,
      localId: view(conn.localId),
      remoteId: view(conn.remoteId),
      dropped: null,
    };
    trace.push(t);
    if (conn.version === 1) {
      t.dropped = "version";
      continue;
    }
    t.me = peerMatch(idr, conn.localId, opts);
    if (!t.me) {
      t.dropped = "local-id";
      continue;
    }
    t.other = peerMatch(idi, conn.remoteId, opts);
    if (!t.other) {
      t.dropped = "remote-id";
      continue;
    }
    if (!hasIkeProposal(conn)) {
      t.dropped = "proposal";
      continue;
    }
    const c = { conn, me: t.me, other: t.other };
    const at = candidates.findIndex((x) => c.me + c.other > x.me + x.other);
    if (at < 0) candidates.push(c);
    else candidates.splice(at, 0, c);
  }
  return { candidates, trace };
}
