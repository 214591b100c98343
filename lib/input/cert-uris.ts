/**
 * Where a certificate (or a CRL) says revocation information lives: cRLDistributionPoints and
 * freshestCRL (RFC 5280 §4.2.1.13, §5.2.6) and authorityInfoAccess (§4.2.2.1). Each name comes
 * with its GeneralName kind, so the chain checks can tell which ones strongSwan's x509 plugin cannot
 * represent (x509_cert.c parse_generalName refuses the whole certificate then). strongSwan turns
 * every fullName into a string with `%Y` and tries to fetch it, whatever its kind
 * (x509_cert.c add_cdps, revocation_validator.c fetch_crl).
 */
import { children, content, decodeOid, encodeTlv, readTlv, TAG, type Tlv } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { type GeneralName, parseGeneralNames } from "./general-name.js";

export interface DistributionPoint {
  /** distributionPoint fullName */
  fullName: GeneralName[];
  /** distributionPoint is a nameRelativeToCRLIssuer (strongSwan ignores it) */
  relativeName: boolean;
  /** the reasons field is present */
  reasons: boolean;
  /** cRLIssuer: an indirect CRL's issuer */
  crlIssuer: GeneralName[];
  /** what strongSwan fetches: every fullName as it prints it */
  uris: string[];
}

export interface AccessDescription {
  method: string;
  location: GeneralName;
}

export const AIA_OCSP = "1.3.6.1.5.5.7.48.1";
export const AIA_CA_ISSUERS = "1.3.6.1.5.5.7.48.2";

/** GeneralNames given as the content of an IMPLICIT [n], parsed as a list. */
export function namesIn(buf: Uint8Array, t: Tlv): GeneralName[] {
  return parseGeneralNames(encodeTlv(TAG.SEQUENCE, content(buf, t)));
}

/** The one GeneralName at `t`. */
export function nameAt(buf: Uint8Array, t: Tlv): GeneralName {
  return parseGeneralNames(encodeTlv(TAG.SEQUENCE, buf.subarray(t.start, t.end)))[0]!;
}

function text(n: GeneralName): string {
  return n.value;
}

/**
 * The points of a cRLDistributionPoints or freshestCRL value. Throws IkecertError on a structure
 * that is not DistributionPoints (then strongSwan's parser fails as well).
 */
export function parseDistributionPoints(v: Uint8Array): { points: DistributionPoint[] } {
  const top = readTlv(v, 0);
  if (top.tag !== TAG.SEQUENCE || top.end !== v.length)
    throw new IkecertError("ASN1_MALFORMED", "CRLDistributionPoints is not a SEQUENCE");
  const points = children(v, top).map((dp): DistributionPoint => {
    if (dp.tag !== TAG.SEQUENCE)
      throw new IkecertError("ASN1_MALFORMED", "a DistributionPoint is not a SEQUENCE");
    const out: DistributionPoint = {
      fullName: [],
      relativeName: false,
      reasons: false,
      crlIssuer: [],
      uris: [],
    };
    for (const f of children(v, dp)) {
      if (f.tag === 0xa0) {
        const name = readTlv(v, f.contentStart, f.end);
        if (name.tag === 0xa0) out.fullName = namesIn(v, name);
        else if (name.tag === 0xa1) out.relativeName = true;
        else throw new IkecertError("ASN1_MALFORMED", "unknown DistributionPointName");
      } else if (f.tag === 0x81 || f.tag === 0xa1) out.reasons = true;
      else if (f.tag === 0xa2) out.crlIssuer = namesIn(v, f);
      else throw new IkecertError("ASN1_MALFORMED", "unexpected field in a DistributionPoint");
    }
    out.uris = out.fullName.map(text).filter((s) => s.length > 0);
    return out;
  });
  return { points };
}

/** The access descriptions of an authorityInfoAccess value (every method, in order). */
export function parseAuthorityInfoAccess(v: Uint8Array): {
  descriptions: AccessDescription[];
  ocsp: string[];
  caIssuers: string[];
} {
  const top = readTlv(v, 0);
  if (top.tag !== TAG.SEQUENCE || top.end !== v.length)
    throw new IkecertError("ASN1_MALFORMED", "AuthorityInfoAccessSyntax is not a SEQUENCE");
  const descriptions = children(v, top).map((d) => {
    const [m, loc, extra] = d.tag === TAG.SEQUENCE ? children(v, d) : [];
    if (m?.tag !== TAG.OID || !loc || extra)
      throw new IkecertError("ASN1_MALFORMED", "an AccessDescription needs a method and a location");
    return { method: decodeOid(content(v, m)), location: nameAt(v, loc) };
  });
  const of = (oid: string) =>
    descriptions
      .filter((d) => d.method === oid)
      .map((d) => text(d.location))
      .filter((s) => s.length > 0);
  return { descriptions, ocsp: of(AIA_OCSP), caIssuers: of(AIA_CA_ISSUERS) };
}

/** The revocation pointers of a certificate, from its extensions; null fields when absent or malformed. */
export interface RevocationPointers {
  crlUris: string[];
  /** cRLIssuer names of the distribution points that have URIs (indirect CRLs), one per URI */
  crlIssuers: GeneralName[];
  ocspUris: string[];
}

const pointers = new WeakMap<object, RevocationPointers>();

export function revocationPointers(extensions: { oid: string; value: Uint8Array }[]): RevocationPointers {
  const known = pointers.get(extensions);
  if (known) return known;
  const out: RevocationPointers = { crlUris: [], crlIssuers: [], ocspUris: [] };
  pointers.set(extensions, out);
  for (const e of extensions) {
    try {
      if (e.oid === "2.5.29.31")
        // x509_cert.c add_cdps: one entry per URI and cRLIssuer pair (a URI alone without issuers)
        for (const p of parseDistributionPoints(e.value).points)
          for (const uri of p.uris) {
            if (p.crlIssuer.length === 0) out.crlUris.push(uri);
            for (const ci of p.crlIssuer) {
              out.crlUris.push(uri);
              out.crlIssuers.push(ci);
            }
          }
      else if (e.oid === "1.3.6.1.5.5.7.1.1") out.ocspUris.push(...parseAuthorityInfoAccess(e.value).ocsp);
    } catch (err) {
      if (!(err instanceof IkecertError)) throw err;
    }
  }
  return out;
}
