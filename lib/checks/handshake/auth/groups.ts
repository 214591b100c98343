/**
 * Attribute certificates and group membership (RFC 5755; src/libcharon/sa/ikev2/tasks/
 * ike_cert_post.c add_attribute_certs, ike_cert_pre.c process_ac; src/libstrongswan/plugins/acert/
 * acert_validator.c). A side sends the attribute certificates it holds for its own certificate
 * (matched by the holder's serial and issuer, valid now) after its certificates. The verifying side
 * turns them into group memberships only when the acert plugin is loaded — which Debian's packages,
 * and upstream builds without `--enable-acert`, do not do: then `remote.groups` is never satisfied.
 */

import { SIGNATURE_ALGORITHMS } from "../../../asn1/oids.js";
import { dnEquals } from "../../../identity/dn.js";
import { type Identity, identityFromData } from "../../../identity/parse.js";
import type { AttributeCertificate } from "../../../input/acert.js";
import type { ReleaseLike } from "../../../rules.js";
import type { Certificate } from "../../../x509/certificate.js";
import { signatureVerifies } from "../../chain/signature.js";

const valid = (ac: AttributeCertificate, at: Date) => ac.notBefore <= at && at <= ac.notAfter;

/** The attribute certificates held for a certificate (its serial and issuer), valid at `at`. */
export function acertsFor(
  cert: Certificate,
  acerts: readonly AttributeCertificate[],
  at: Date,
): AttributeCertificate[] {
  return acerts.filter(
    (ac) =>
      ac.holderSerial !== null &&
      Buffer.from(ac.holderSerial).equals(Buffer.from(cert.serialBytes)) &&
      ac.holderIssuer !== null &&
      dnEquals(ac.holderIssuer.der, cert.issuer.der) &&
      valid(ac, at),
  );
}

export const sendingAcLine = (ac: AttributeCertificate) =>
  `sending attribute certificate issued by "${ac.issuer?.printed ?? ""}"`;
export const receivedAcLine = (ac: AttributeCertificate) =>
  ac.issuer
    ? `received attribute certificate issued by "${ac.issuer.printed}"`
    : `received attribute certificate for "${ac.entityName?.printed ?? ""}"`;

/** Whether a trusted certificate named as the AC's issuer signed it (acert_validator.c verify). */
function verifiedBy(ac: AttributeCertificate, trusted: readonly Certificate[], at: Date): boolean {
  const sa = SIGNATURE_ALGORITHMS[ac.signatureAlgorithm];
  const asCert = {
    der: ac.der,
    tbs: ac.tbs,
    signature: ac.signature,
    signatureAlgorithm: {
      oid: ac.signatureAlgorithm,
      name: sa?.name ?? "",
      hash: sa?.hash ?? null,
      weak: false,
    },
  } as unknown as Certificate;
  return trusted.some(
    (t) =>
      ac.issuer !== null &&
      dnEquals(t.subject.der, ac.issuer.der) &&
      t.notBefore <= at &&
      at <= t.notAfter &&
      signatureVerifies(asCert, t),
  );
}

/**
 * The groups the verifier grants the peer's certificate: with the acert plugin, the string groups of
 * every valid attribute certificate for it (its own x509ac/ and the received ones) that a trusted
 * attribute authority signed; without the plugin, none.
 */
export function grantedGroups(
  cert: Certificate,
  pool: readonly AttributeCertificate[],
  trusted: readonly Certificate[],
  opts: { acert: boolean; at: Date; strongswan?: ReleaseLike },
): { groups: Identity[]; logs: string[] } {
  if (!opts.acert) return { groups: [], logs: [] };
  const groups: Identity[] = [];
  const logs: string[] = [];
  for (const ac of acertsFor(cert, pool, opts.at)) {
    logs.push(`verifying attribute certificate issued by "${ac.issuer?.printed ?? ""}"`);
    if (!verifiedBy(ac, trusted, opts.at)) continue;
    for (const g of ac.groups)
      if (g.type === "string")
        groups.push(identityFromData(new TextEncoder().encode(g.value), { strongswan: opts.strongswan }));
  }
  return { groups, logs };
}
