/**
 * What the openssl plugin refuses to load and what it leaves out, modelled from openssl_x509.c and
 * openssl_crl.c (5.9.8, with the later changes as release rules). OpenSSL decodes the certificate;
 * the plugin then reads only AIA, AKI, SKI, SAN, issuerAltName, basicConstraints, keyUsage, EKU,
 * CRL distribution points and ipAddrBlocks (and nameConstraints from 5.9.12): any other extension
 * marked critical makes it refuse the certificate, and one of those it reads that OpenSSL cannot
 * decode fails it as well. Certificates it loads have no policies at all, and no name constraints
 * before 5.9.12; names it cannot represent are skipped instead of failing the certificate.
 */
import { children, readTlv, TAG } from "../../asn1/der.js";
import { nameAt } from "../../input/cert-uris.js";
import type { Certificate, Extension } from "../../input/certificate.js";
import type { Crl } from "../../input/crl.js";
import { parseGeneralNames } from "../../input/general-name.js";
import type { Rules } from "../../rules.js";
import type { ParseRefusal } from "./x509-parser.js";

/** OpenSSL's long names of extensions (OBJ_obj2txt), as the plugin's log line prints them. */
const OPENSSL_NAMES: Record<string, string> = {
  "2.5.29.9": "X509v3 Subject Directory Attributes",
  "2.5.29.16": "X509v3 Private Key Usage Period",
  "2.5.29.30": "X509v3 Name Constraints",
  "2.5.29.32": "X509v3 Certificate Policies",
  "2.5.29.33": "X509v3 Policy Mappings",
  "2.5.29.36": "X509v3 Policy Constraints",
  "2.5.29.46": "X509v3 Freshest CRL",
  "2.5.29.54": "X509v3 Inhibit Any Policy",
  "2.5.29.55": "X509v3 AC Targeting",
  "2.5.29.56": "X509v3 No Revocation Available",
  "1.3.6.1.4.1.11129.2.4.2": "CT Precertificate SCTs",
  "1.3.6.1.5.5.7.1.24": "TLS Feature",
  "2.16.840.1.113730.1.1": "Netscape Cert Type",
  "2.16.840.1.113730.1.3": "Netscape Revocation Url",
  "2.16.840.1.113730.1.4": "Netscape CA Revocation Url",
  "2.16.840.1.113730.1.8": "Netscape CA Policy Url",
  "2.16.840.1.113730.1.13": "Netscape Comment",
};

/** openssl_x509.c parse_extensions: the extensions the plugin reads. */
function opensslParses(oid: string, rules: Rules): boolean {
  return (
    [
      "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
      "2.5.29.35", // authorityKeyIdentifier
      "2.5.29.14", // subjectKeyIdentifier
      "2.5.29.17", // subjectAltName
      "2.5.29.18", // issuerAltName
      "2.5.29.19", // basicConstraints
      "2.5.29.15", // keyUsage
      "2.5.29.37", // extKeyUsage
      "2.5.29.31", // cRLDistributionPoints
      "1.3.6.1.5.5.7.1.7", // ipAddrBlocks
    ].includes(oid) ||
    (oid === "2.5.29.30" && rules.opensslNameConstraints)
  );
}

/** Whether OpenSSL's X509V3_EXT_d2i (and the plugin's own unwrapping) accepts the value. */
function decodes(e: Extension, rules: Rules): boolean {
  const v = e.value;
  try {
    const t = readTlv(v, 0);
    if (t.end !== v.length) return false;
    switch (e.oid) {
      case "2.5.29.14":
        // "quick and dirty unwrap of octet string": a one-byte length only
        return v.length > 2 && v[0] === TAG.OCTET_STRING && v[1] === v.length - 2;
      case "2.5.29.15":
        return t.tag === TAG.BIT_STRING;
      case "2.5.29.17":
      case "2.5.29.18":
        if (t.tag !== TAG.SEQUENCE) return false;
        parseGeneralNames(v);
        return true;
      case "2.5.29.19": {
        // BASIC_CONSTRAINTS ::= SEQUENCE { cA BOOLEAN OPTIONAL, pathLen INTEGER OPTIONAL }, nothing else
        if (t.tag !== TAG.SEQUENCE) return false;
        const k = children(v, t).map((x) => x.tag);
        const rest = k[0] === TAG.BOOLEAN ? k.slice(1) : k;
        return rest.length === 0 || (rest.length === 1 && rest[0] === TAG.INTEGER);
      }
      case "2.5.29.37":
        return t.tag === TAG.SEQUENCE && children(v, t).every((k) => k.tag === TAG.OID);
      case "2.5.29.30": {
        if (t.tag !== TAG.SEQUENCE) return false;
        // parse_generalSubtrees: a base general_name2id cannot represent fails the certificate
        for (const sub of children(v, t))
          for (const gs of children(v, sub)) {
            const base = children(v, gs)[0];
            if (!base) return false;
            const n = nameAt(v, base);
            if (!opensslRepresents(n.kind, n.encoding.length, n.otherNameOid, rules)) return false;
          }
        return true;
      }
      default:
        return t.tag === TAG.SEQUENCE;
    }
  } catch {
    return false;
  }
}

/** openssl_x509.c general_name2id: the names the openssl plugin turns into identities. */
export function opensslRepresents(
  kind: string,
  len: number,
  otherNameOid: string | undefined,
  rules: Rules,
): boolean {
  if (kind === "iPAddress")
    return len === 4 || len === 16 || ((len === 8 || len === 32) && rules.opensslNameConstraints);
  if (kind === "otherName") return otherNameOid === "1.3.6.1.4.1.311.20.2.3";
  return ["rfc822Name", "dNSName", "uniformResourceIdentifier", "directoryName"].includes(kind);
}

/** Why the openssl plugin refuses this certificate, or null when it loads it. */
export function opensslCertificateRefusal(
  c: Certificate,
  rules: Rules,
  enforceCritical = true,
): ParseRefusal | null {
  if (c.version > 3)
    return {
      reason: `it is an X.509v${c.version} certificate`,
      log: `unsupported x509 version: ${c.version}`,
    };
  for (const e of c.extensions) {
    if (!opensslParses(e.oid, rules)) {
      if (e.critical && enforceCritical)
        return {
          reason: `it has a critical ${e.name ?? "unknown"} extension (${e.oid}) the openssl plugin does not read`,
          log: `found unsupported critical X.509 extension: ${OPENSSL_NAMES[e.oid] ?? e.oid}`,
        };
      continue;
    }
    if (!decodes(e, rules))
      return { reason: `OpenSSL cannot decode its ${e.name ?? e.oid} extension`, log: null };
  }
  return null;
}

/** openssl_crl.c parse_extensions: why the openssl plugin refuses this CRL, or null. */
export function opensslCrlRefusal(crl: Crl, enforceCritical = true): ParseRefusal | null {
  const handled = new Set(["2.5.29.35", "2.5.29.20", "2.5.29.27", "2.5.29.46", "2.5.29.28"]);
  for (const e of crl.extensions)
    if (!handled.has(e.oid) && e.critical && enforceCritical)
      return {
        reason: `it has a critical ${e.name ?? "unknown"} extension (${e.oid}) the openssl plugin does not read`,
        log: "found unsupported critical X.509 CRL extension",
      };
  return null;
}
