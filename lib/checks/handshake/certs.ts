/**
 * CERT and CERTREQ payloads (ike_cert_pre.c, ike_cert_post.c) and the private key lookup
 * (credential_manager.c get_private, build_trustchain).
 */

import { certificateHasIdentity } from "../../identity/certificate.js";
import type { Identity } from "../../identity/parse.js";
import type { PrivateKey } from "../../input/keys.js";
import type { ReleaseLike } from "../../rules.js";
import type { Certificate } from "../../x509/certificate.js";
import { findIssuer, sameCert, selfSigned } from "../chain/issuer.js";
import { isCa } from "../inspect.js";
import { findPrivateKey } from "../keypair.js";
import type { HandshakeConnection, HandshakeHost } from "./types.js";

type Rdn = "strict" | "reordered" | "relaxed";

/**
 * The CAs a side lists in its CERTREQ: the remote `cacerts` of the connection when it has some,
 * else every loaded certificate with cA=TRUE (roots, intermediates, attribute authorities). The responder does not
 * know the connection yet in IKE_SA_INIT, so it always lists all of them.
 */
export function certreqCas(host: HandshakeHost, conn: HandshakeConnection | null): Certificate[] {
  if (conn && conn.remoteCacerts.length > 0) return conn.remoteCacerts;
  // attribute authorities (x509aa/) with CA=TRUE are listed too
  const aas = (host.aaCerts ?? []).filter((c) => isCa(c) && !host.certs.includes(c));
  return [...aas, ...host.certs.filter((c) => isCa(c))];
}

/**
 * The intermediates charon sends after its end-entity certificate: every issuer on the way up in its
 * own store (trusted or not) until a self-signed one, which is never sent (build_trustchain).
 */
export function intermediatesSent(cert: Certificate, host: HandshakeHost, mode: Rdn): Certificate[] {
  const out: Certificate[] = [];
  let current = cert;
  for (let i = 0; i <= 8; i++) {
    const pool = host.certs.filter((c) => !sameCert(c, current));
    const issuer = findIssuer(current, pool, mode);
    if (!issuer || selfSigned(issuer) || out.some((c) => sameCert(c, issuer))) break;
    out.push(issuer);
    current = issuer;
  }
  return out;
}

/** CERT payloads: sent with send_cert = always, or ifasked (default) when the peer sent a CERTREQ. */
export function certsSent(
  conn: HandshakeConnection,
  host: HandshakeHost,
  cert: Certificate | null,
  certreqSeen: boolean,
  mode: Rdn,
): Certificate[] {
  if (!cert) return [];
  if (conn.sendCert === "never" || (conn.sendCert === "ifasked" && !certreqSeen)) return [];
  return [cert, ...intermediatesSent(cert, host, mode)];
}

/**
 * The certificate and key charon signs with: the configured certificate's key; without a configured
 * certificate, the first loaded certificate that has the local id and whose key is loaded. The local
 * id is not checked against a configured certificate here (semantics §6).
 */
export function signingCredentials(
  conn: HandshakeConnection,
  host: HandshakeHost,
  localId: Identity,
  opts: { strongswan?: ReleaseLike; rdnMatching?: Rdn },
): { cert: Certificate | null; key: PrivateKey | null } {
  if (conn.localCert)
    return { cert: conn.localCert, key: conn.privateKey ?? findPrivateKey(conn.localCert, host.keys) };
  for (const c of host.certs) {
    if (certificateHasIdentity(c, localId, opts).level === 0) continue;
    const key = findPrivateKey(c, host.keys);
    if (key) return { cert: c, key };
  }
  return { cert: null, key: null };
}
