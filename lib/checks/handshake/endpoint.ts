/**
 * From resolved endpoints (lib/checks/endpoint.ts, shared with `ikecert audit`) to the view the
 * handshake simulation plays: one host = every connection it loads plus its credential pool.
 */

import type { ReleaseLike } from "../../rules.js";
import { requiredPoliciesOf } from "../chain/policies.js";
import type { RevocationPolicy } from "../chain/revocation.js";
import type { Endpoint } from "../endpoint.js";
import { connectionProposals } from "../proposals.js";
import type { HandshakeConnection, HandshakeHost } from "./types.js";

export function handshakeConnection(e: Endpoint, strongswan?: ReleaseLike): HandshakeConnection {
  const local = e.local[0];
  const p = connectionProposals(e.connection, strongswan);
  const child = p.children[0];
  const childless = e.connection.settings.childless?.value.toLowerCase() === "force";
  const remote = e.remote[0];
  const localId = local?.id.identity ?? null;
  return {
    name: e.name,
    version: e.version,
    localAuth: local?.auth ?? "pubkey",
    remoteAuth: remote?.auth ?? "pubkey",
    localCert: local?.certificate ?? null,
    privateKey: local?.privateKey ?? null,
    localId: local?.id.source === "ip-address" ? null : localId,
    localIdDefaulted: local?.id.source === "cert-subject" || local?.id.source === "replaced-by-subject",
    remoteId: remote?.id.identity ?? null,
    remoteIdLoose: remote?.loose ?? false,
    remoteCacerts: (remote?.cacerts ?? []).flatMap((c) => (c.certificate ? [c.certificate] : [])),
    ...revocationOf(remote?.round.revocation?.value),
    remotePolicies: remote ? requiredPoliciesOf(remote.round.settings).oids : [],
    sendCert: e.sendCert,
    sendCertreq: e.sendCertreq,
    proposals: e.connection.proposals.value,
    // a connection with a proposal charon refuses is not loaded: it has nothing to offer
    ikeProposals: p.ike.error ? [] : p.ike.proposals,
    ...(p.ike.error
      ? { proposalError: p.ike.error.logs[0] ?? `invalid proposal '${p.ike.error.item}'` }
      : {}),
    childProposals: childless || !child ? null : child.configured.proposals,
    localAddrs: e.connection.localAddrs.value,
    remoteAddrs: e.connection.remoteAddrs.value,
  };
}

/** A host from all the endpoints of one configuration (they share one credential pool). */
export function handshakeHost(label: string, endpoints: Endpoint[], strongswan?: ReleaseLike): HandshakeHost {
  const pool = endpoints[0]?.pool;
  return {
    label,
    connections: endpoints.map((e) => handshakeConnection(e, strongswan)),
    certs: pool ? [...pool.trustedCas, ...pool.endEntities] : [],
    keys: pool ? [...pool.keys] : [],
    crls: pool ? [...pool.crls] : [],
  };
}

function revocationOf(v: string | undefined): { revocation?: RevocationPolicy } {
  return v === "strict" || v === "ifuri" || v === "relaxed" ? { revocation: v } : {};
}
