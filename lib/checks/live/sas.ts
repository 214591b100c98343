/**
 * The IKE_SAs charon has, with their ids and the certificate each side used. `list-sas` does not
 * name certificates (vici_query.c list_ike), so they are found among the certificates charon holds:
 * the local one is the certificate of the connection's local round with a key that has the local id;
 * the remote one is a certificate that has the remote id (charon keeps the peer's certificate in its
 * cache after verifying it, and `list-certs` lists the cache too: seen in
 * test/strongswan/live-follow.test.ts, where an earlier certificate of the same peer stays cached
 * beside the current one; then both are candidates and none is named).
 */
import { certificateHasIdentity } from "../../identity/certificate.js";
import { parseIdentity } from "../../identity/parse.js";
import type { Rules } from "../../rules.js";
import type { ViciConnection, ViciIkeSa } from "../../vici/messages.js";
import type { LiveCertificate } from "../../vici/snapshot.js";
import type { CertItem } from "../credentials.js";

export interface LiveSaSide {
  host: string | null;
  port: number | null;
  id: string | null;
  /** EAP or XAuth identity of the remote side, if it used one */
  otherId: string | null;
  /**
   * the certificate that proved `id`, when exactly one of those charon holds (or has cached) has
   * that id and, for the local side, a key; null when none or several do
   */
  certificate: string | null;
  certificateSerial: string | null;
  /** every candidate (several when e.g. an earlier certificate of the peer is still cached) */
  candidates: { subject: string; serial: string; notAfter: string }[];
}

export interface LiveSa {
  connection: string;
  uniqueid: number;
  state: string;
  initiator: boolean;
  /** seconds since it was established, if it is */
  established: number | null;
  local: LiveSaSide;
  remote: LiveSaSide;
  children: { name: string; state: string | null }[];
}

function proving(certs: CertItem[], id: string | undefined, rules: Rules): CertItem[] {
  if (!id || id === "%any") return [];
  try {
    const ident = parseIdentity(id, { strongswan: rules });
    return certs.filter((c) => certificateHasIdentity(c, ident, { strongswan: rules }).level > 0);
  } catch {
    return [];
  }
}

function side(
  sa: { host?: string; port?: number; id?: string; otherId?: string },
  found: CertItem[],
): LiveSaSide {
  const one = found.length === 1 ? found[0]! : null;
  return {
    host: sa.host ?? null,
    port: sa.port ?? null,
    id: sa.id ?? null,
    otherId: sa.otherId ?? null,
    certificate: one?.subject.printed ?? null,
    certificateSerial: one?.serial ?? null,
    candidates: found.map((c) => ({
      subject: c.subject.printed,
      serial: c.serial,
      notAfter: c.notAfter.toISOString(),
    })),
  };
}

export function describeSas(
  sas: ViciIkeSa[],
  conns: ViciConnection[],
  loaded: LiveCertificate[],
  rules: Rules,
): LiveSa[] {
  const withCert = loaded.filter((l) => l.cert !== null) as (LiveCertificate & { cert: CertItem })[];
  const own = withCert.filter((l) => l.vici.hasPrivkey).map((l) => l.cert);
  // the peer's certificate: preferably one charon has no key for (received and cached)
  const others = withCert.filter((l) => l.vici.flag !== "CA").map((l) => l.cert);
  return sas.map((sa) => {
    const conn = conns.find((c) => c.name === sa.name);
    const named = own.filter((c) => conn?.local.some((r) => r.certs.includes(c.subject.printed)));
    const local = proving(named, sa.localId, rules);
    const remote = proving(others, sa.remoteId, rules);
    return {
      connection: sa.name,
      uniqueid: sa.uniqueid,
      state: sa.state,
      initiator: sa.initiator,
      established: sa.established ?? null,
      local: side(
        { host: sa.localHost, port: sa.localPort, id: sa.localId },
        local.length ? local : proving(own, sa.localId, rules),
      ),
      remote: side(
        {
          host: sa.remoteHost,
          port: sa.remotePort,
          id: sa.remoteId,
          otherId: sa.remoteEapId ?? sa.remoteXauthId,
        },
        remote,
      ),
      children: sa.children.map((c) => ({ name: c.name, state: c.state ?? null })),
    };
  });
}
