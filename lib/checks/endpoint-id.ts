/**
 * The identities a connection's rounds use (semantics §6): a configured id parsed the way swanctl or
 * stroke parses it, the IP address when there is none, swanctl's default to the certificate's subject
 * (or a raw public key's key id), and stroke's replacement of an id the certificate does not contain.
 * Pure; split from endpoint.ts.
 */
import type { Connection, Setting } from "../config/model.js";
import { IkecertError } from "../errors.js";
import { certificateHasIdentity, subjectIdentity } from "../identity/certificate.js";
import type { RdnMatching } from "../identity/dn.js";
import { type Identity, parseIdentity } from "../identity/parse.js";
import { type ReleaseLike, rulesFor } from "../rules.js";
import { ID_TYPES } from "../x509/types.js";
import type { CertItem } from "./credentials.js";

/** How charon arrived at an identity. */
export type IdSource =
  /** written in the configuration and used as is */
  | "configured"
  /** swanctl: no `id`, the first certificate's subject DN */
  | "cert-subject"
  /** no id and no certificate: the IP address of the IKE_SA */
  | "ip-address"
  /** ipsec.conf: the configured id (or address) is not in the certificate, so the subject DN replaces it */
  | "replaced-by-subject"
  /** remote side without id: anyone */
  | "any";

/** The identity a side uses in a round, how charon got it and the line it logs. */
export interface EndpointId {
  /** the `id` / `leftid` setting as written, or null */
  configured: Setting<string> | null;
  /** the text charon parses (the configured id, the address, or the printed subject) */
  text: string;
  /** the identity charon uses; null when the text does not parse (an invalid regex) */
  identity: Identity | null;
  source: IdSource;
  /** the log line charon prints when it defaults or replaces the id, else null */
  log: string | null;
  /** parse error (swanctl refuses the connection), else null */
  error: string | null;
}

export function parseId(
  text: string,
  configured: Setting<string> | null,
  source: IdSource,
  log: string | null,
  strongswan: ReleaseLike,
  regex: boolean,
): EndpointId {
  try {
    return {
      configured,
      text,
      identity: parseIdentity(text, { strongswan, regex }),
      source,
      log,
      error: null,
    };
  } catch (e) {
    if (!(e instanceof IkecertError)) throw e;
    return { configured, text, identity: null, source, log, error: e.message };
  }
}

/** swanctl without `id`: the round takes its first certificate's subject (or a raw key's key id). */
export function subjectDefault(s: Identity): EndpointId {
  return {
    configured: null,
    text: s.printed,
    identity: s,
    source: "cert-subject",
    log: `id not specified, defaulting to cert subject '${s.printed}'`,
    error: null,
  };
}

/** The single concrete address of a list, or null (`%any`, ranges, several, host names). */
export function singleAddress(addrs: string[]): string | null {
  if (addrs.length !== 1) return null;
  const a = addrs[0]!;
  return /^[0-9.]+$/.test(a) || (a.includes(":") && /^[0-9a-f:.]+$/i.test(a)) ? a : null;
}

export function ipDefault(conn: Connection, strongswan: ReleaseLike, configured: Setting<string> | null) {
  const addr = singleAddress(conn.localAddrs.value);
  const text = addr ?? "%any";
  const log = rulesFor(strongswan).defaultIdFromCertSubject
    ? `no IDi configured, default to IP address ${addr ?? "<local address of the IKE_SA>"}`
    : "no IDi configured, fall back on IP address";
  return { ...parseId(text, configured, "ip-address", log, strongswan, false), text };
}

/** ipsec.conf: an id no configured certificate has is replaced by the first one's subject. */
export function strokeId(
  id: EndpointId,
  certs: CertItem[],
  strongswan: ReleaseLike,
  rdnMatching: RdnMatching | undefined,
): EndpointId {
  const first = certs[0];
  if (!first || !id.identity) return id;
  const has =
    id.identity.type !== ID_TYPES.ID_ANY &&
    certs.some((c) => certificateHasIdentity(c, id.identity!, { strongswan, rdnMatching }).level > 0);
  if (has) return id;
  const subject = subjectIdentity(first, { strongswan });
  return {
    configured: id.configured,
    text: subject.printed,
    identity: subject,
    source: "replaced-by-subject",
    log: `id '${id.identity.printed}' not confirmed by certificate, defaulting to '${subject.printed}'`,
    error: null,
  };
}
