/**
 * The IKE_SAs charon has, with their ids and the certificate each side used. `list-sas` does not
 * name certificates (vici_query.c list_ike), so they are found among the certificates charon holds:
 * the local one is the certificate of the connection's local round with a key that has the local id;
 * the remote one is a certificate without key that has the remote id (charon keeps the peer's
 * certificate in its cache after verifying it, and `list-certs` lists the cache too).
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
  /** subject of the certificate that proved `id`, found among those charon holds; null if none */
  certificate: string | null;
  certificateSerial: string | null;
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

function proving(certs: CertItem[], id: string | undefined, rules: Rules): CertItem | null {
  if (!id || id === "%any") return null;
  try {
    const ident = parseIdentity(id, { strongswan: rules });
    return certs.find((c) => certificateHasIdentity(c, ident, { strongswan: rules }).level > 0) ?? null;
  } catch {
    return null;
  }
}

export function describeSas(
  sas: ViciIkeSa[],
  conns: ViciConnection[],
  loaded: LiveCertificate[],
  rules: Rules,
): LiveSa[] {
  const withCert = loaded.filter((l) => l.cert !== null) as (LiveCertificate & { cert: CertItem })[];
  const own = withCert.filter((l) => l.vici.hasPrivkey).map((l) => l.cert);
  const others = withCert.filter((l) => !l.vici.hasPrivkey && l.vici.flag !== "CA").map((l) => l.cert);
  return sas.map((sa) => {
    const conn = conns.find((c) => c.name === sa.name);
    const named = own.filter((c) => conn?.local.some((r) => r.certs.includes(c.subject.printed)));
    const local = proving(named, sa.localId, rules) ?? proving(own, sa.localId, rules);
    const remote = proving(others, sa.remoteId, rules);
    return {
      connection: sa.name,
      uniqueid: sa.uniqueid,
      state: sa.state,
      initiator: sa.initiator,
      established: sa.established ?? null,
      local: {
        host: sa.localHost ?? null,
        port: sa.localPort ?? null,
        id: sa.localId ?? null,
        otherId: null,
        certificate: local?.subject.printed ?? null,
        certificateSerial: local?.serial ?? null,
      },
      remote: {
        host: sa.remoteHost ?? null,
        port: sa.remotePort ?? null,
        id: sa.remoteId ?? null,
        otherId: sa.remoteEapId ?? sa.remoteXauthId ?? null,
        certificate: remote?.subject.printed ?? null,
        certificateSerial: remote?.serial ?? null,
      },
      children: sa.children.map((c) => ({ name: c.name, state: c.state ?? null })),
    };
  });
}
