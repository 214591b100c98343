/**
 * charon's log lines of the IKE_AUTH exchange in their exact wording (semantics §8), for the target
 * release. Sources: src/libcharon/sa/ikev2/tasks/ike_auth.c, ike_cert_pre.c, ike_cert_post.c,
 * src/libcharon/sa/ikev2/authenticators/pubkey_authenticator.c, src/libstrongswan/credentials/auth_cfg.c.
 */
import { schemeLogName } from "../../config/auth.js";
import type { Identity } from "../../identity/parse.js";
import type { AttributeCertificate } from "../../input/acert.js";
import { type ReleaseLike, rulesFor } from "../../rules.js";
import type { Certificate } from "../../x509/certificate.js";
import { keyTypeLogName, type PublicKeyInfo } from "../../x509/spki.js";
import { receivedAcLine, sendingAcLine } from "./auth/groups.js";
import { selectIkeScheme } from "./auth/schemes.js";

/** The signature scheme charon picks for a key by default (RFC 7427, signature_schemes_for_key order). */
export function signatureScheme(k: Pick<PublicKeyInfo, "algorithm" | "bits" | "curve">): string {
  const s = selectIkeScheme(k, [], false);
  return s ? schemeLogName(s) : "UNKNOWN";
}

export const LOG = {
  authMyself: (id: Identity, k: PublicKeyInfo) =>
    `authentication of '${id.printed}' (myself) with ${signatureScheme(k)} successful`,
  authPeer: (id: Identity, k: PublicKeyInfo) =>
    `authentication of '${id.printed}' with ${signatureScheme(k)} successful`,
  noPrivateKey: (id: Identity) => `no private key found for '${id.printed}'`,
  noTrustedKey: (id: Identity, k: PublicKeyInfo) =>
    `no trusted ${keyTypeLogName(k.algorithm)} public key found for '${id.printed}'`,
  lookingFor: (me: string, myId: Identity | null, other: string, otherId: Identity) =>
    `looking for peer configs matching ${me}[${myId ? myId.printed : "%any"}]...${other}[${otherId.printed}]`,
  selected: (name: string) => `selected peer config '${name}'`,
  noPeerConfig: "no matching peer config found",
  unacceptable: (name: string) => `selected peer config '${name}' unacceptable: constraint checking failed`,
  noAlternative: "no alternative config found",
  switching: (name: string) => `switching to peer config '${name}'`,
  established: (name: string, me: string, myId: Identity, other: string, otherId: Identity) =>
    `IKE_SA ${name}[1] established between ${me}[${myId.printed}]...${other}[${otherId.printed}]`,
  authFailedNotify: "received AUTHENTICATION_FAILED notify error",
  sendingCertreq: (c: Certificate) => `sending cert request for "${c.subject.printed}"`,
  receivedCertreq: (c: Certificate) => `received cert request for "${c.subject.printed}"`,
  sendingEe: (c: Certificate) => `sending end entity cert "${c.subject.printed}"`,
  sendingIssuer: (c: Certificate) => `sending issuer cert "${c.subject.printed}"`,
  receivedEe: (c: Certificate) => `received end entity cert "${c.subject.printed}"`,
  receivedIssuer: (c: Certificate) => `received issuer cert "${c.subject.printed}"`,
  /** ike_auth.c: 5.9.x "fall back on IP address", 6.0 names the address */
  noId: (which: "IDi" | "IDr", addr: string, release?: ReleaseLike) =>
    rulesFor(release).defaultIdFromCertSubject
      ? `no ${which} configured, default to IP address ${addr}`
      : `no ${which} configured, fall back on IP address`,
  caConstraint: (ca: Certificate) =>
    `constraint check failed: peer not authenticated by CA '${ca.subject.printed}'`,
  looseConstraint: (id: Identity) =>
    `constraint check failed: certificate does not confirm identity '${id.printed}' (${id.typeName})`,
  receivedIdr: (got: Identity, want: Identity) => `received IDr ${got.printed}, but require ${want.printed}`,
};

/**
 * The identity constraint line (auth_cfg.c complies). Up to 5.9.13 charon prints only the required
 * id, with a trailing space; 5.9.14 added the types and the identity that did not match.
 */
export function identityConstraintLog(
  required: Identity,
  got: Identity | null,
  release?: ReleaseLike,
): string {
  if (!rulesFor(release).typedConstraintLog)
    return `constraint check failed: identity '${required.printed}' required `;
  const head = `constraint check failed: identity '${required.printed}' (${required.typeName}) required`;
  return got ? `${head}, not matched by '${got.printed}' (${got.typeName})` : head;
}

/** The CERT payload lines of one side: end entity, issuers, then attribute certificates. */
export function certPayloadLines(
  way: "sending" | "received",
  certs: readonly Certificate[],
  acs: readonly AttributeCertificate[] = [],
): string[] {
  const [ee, issuer, ac] =
    way === "sending"
      ? [LOG.sendingEe, LOG.sendingIssuer, sendingAcLine]
      : [LOG.receivedEe, LOG.receivedIssuer, receivedAcLine];
  return [...certs.map((c, i) => (i === 0 ? ee(c) : issuer(c))), ...acs.map(ac)];
}
