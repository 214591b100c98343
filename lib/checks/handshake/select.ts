/**
 * The responder's peer-config selection in IKE_AUTH (semantics §7.1; ike_auth.c load_cfg_candidates,
 * backend_manager.c create_peer_cfg_enumerator / get_peer_match). Only the first auth round's ids
 * count; each is compared in both directions (the received id against the configured one, then the
 * reverse, so a received %any works); a round without id matches ANY. Candidates are ordered as
 * insert_sorted orders them: by the IKE config match (a connection for this IKE version before one
 * for any version; the address match is assumed equal) and the sum of both id levels, equal ones in
 * file order. IKEv1 (phase1.c select_config) asks the same enumerator without a local id.
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

/** backend_manager.c MATCH_VERSION: the IKE config is for this IKE version, not for any. */
const MATCH_VERSION = 0x04;

/** get_ike_match without addresses: what the IKE version adds (0 = a connection for any version). */
const ikeMatch = (conn: HandshakeConnection) => (conn.version === 0 ? 0 : MATCH_VERSION);

/** backend_manager.c insert_sorted: before the first entry it beats, else at the end. */
function insertSorted(list: Candidate[], c: Candidate): void {
  const ike = ikeMatch(c.conn);
  const peer = c.me + c.other;
  const at = list.findIndex((x) => {
    const [xi, xp] = [ikeMatch(x.conn), x.me + x.other];
    return (ike > xi && peer >= xp) || (ike >= xi && peer > xp);
  });
  if (at < 0) list.push(c);
  else list.splice(at, 0, c);
}

/**
 * IKEv1's candidates for IDi (phase1.c select_config, before its auth-method filter): the
 * connections for IKEv1 or any version whose remote id matches IDi either way, best first.
 */
export function ikev1PeerConfigs(
  connections: HandshakeConnection[],
  idi: Identity,
  opts: Opts,
): HandshakeConnection[] {
  const out: Candidate[] = [];
  for (const conn of connections) {
    if (conn.version === 2) continue;
    const other = peerMatch(idi, conn.remoteId, opts);
    if (other) insertSorted(out, { conn, me: MATCH.ANY, other });
  }
  return out.map((c) => c.conn);
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
    insertSorted(candidates, { conn, me: t.me, other: t.other });
  }
  return { candidates, trace };
}
