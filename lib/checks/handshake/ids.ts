/**
 * Which identities travel in IKE_AUTH (ike_auth.c build_i / build_r, semantics §6-§7):
 * IDi is the initiator's local id (the IP address when none); IDr is sent only when the initiator's
 * remote id is configured, not loose, not %any and without wildcards; the responder answers with the
 * IDr it received (when it matched its config) or its own local id.
 */
import { identityContainsWildcards, identityMatches } from "../../identity/match.js";
import { type Identity, parseIdentity } from "../../identity/parse.js";
import type { ReleaseLike } from "../../rules.js";
import { ID_TYPES } from "../../x509/types.js";
import { LOG } from "./logs.js";
import type { HandshakeConnection } from "./types.js";

function sendable(id: Identity | null): id is Identity {
  return !!id && id.type !== ID_TYPES.ID_ANY && !identityContainsWildcards(id);
}

export function addressIdentity(addr: string, strongswan?: ReleaseLike): Identity {
  const ip = parseIdentity(addr.replace(/^<.*>$/, "0.0.0.0"), { strongswan });
  return ip.type === ID_TYPES.ID_IPV4_ADDR || ip.type === ID_TYPES.ID_IPV6_ADDR
    ? ip
    : { ...ip, printed: addr };
}

export function initiatorIds(
  conn: HandshakeConnection,
  addr: string,
  strongswan?: ReleaseLike,
): { idi: Identity; idr: Identity | null; logs: string[] } {
  const logs: string[] = [];
  let idi = conn.localId;
  if (!idi || idi.type === ID_TYPES.ID_ANY) {
    idi = addressIdentity(addr, strongswan);
    logs.push(LOG.noId("IDi", idi.printed, strongswan));
  }
  const idr = !conn.remoteIdLoose && sendable(conn.remoteId) ? conn.remoteId : null;
  return { idi, idr, logs };
}

/** The IDr the responder answers with, or the `received IDr ..., but require ...` failure. */
export function responderId(
  conn: HandshakeConnection,
  received: Identity | null,
  addr: string,
  opts: { strongswan?: ReleaseLike; rdnMatching?: "strict" | "reordered" | "relaxed" },
): { id: Identity; logs: string[]; mismatch: boolean } {
  if (received) {
    if (conn.localId && identityMatches(received, conn.localId, opts) === 0)
      return { id: received, logs: [LOG.receivedIdr(received, conn.localId)], mismatch: true };
    return { id: received, logs: [], mismatch: false };
  }
  if (!conn.localId || identityContainsWildcards(conn.localId) || conn.localId.type === ID_TYPES.ID_ANY) {
    const id = addressIdentity(addr, opts.strongswan);
    return { id, logs: [LOG.noId("IDr", id.printed, opts.strongswan)], mismatch: false };
  }
  return { id: conn.localId, logs: [], mismatch: false };
}
