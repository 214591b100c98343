/**
 * What strongSwan's own x509 plugin refuses to load, although the DER is well-formed, modelled from
 * x509_cert.c parse_certificate (5.9.8) and x509_crl.c parse. Its ASN.1 templates skip an optional
 * field of an unexpected type silently, but a required field of the wrong type, a CHOICE with no
 * valid alternative, or a GeneralName it cannot turn into an identity (parse_generalName returns
 * NULL) fails the whole certificate. Nothing of this is logged at level 1 except the few lines
 * quoted below; charon then shows `building CRED_CERTIFICATE - X509 failed, tried N builders` when
 * no other plugin takes the certificate.
 */
import { children, content, readTlv, TAG, type Tlv } from "../../asn1/der.js";
import { knownOidName } from "../../asn1/known-oid.js";
import { nameAt, namesIn } from "../../input/cert-uris.js";
import type { Crl } from "../../input/crl.js";
import { certConstraints, unparsableConstraintKinds } from "../../input/ext-constraints.js";
import type { Rules } from "../../rules.js";
import type { Certificate, Extension } from "../../x509/certificate.js";
import { type GeneralName, parseGeneralNames } from "../../x509/general-name.js";

export interface ParseRefusal {
  reason: string;
  /** the line charon logs for it at level 1, when there is one */
  log: string | null;
}

/** Extensions the x509 plugin parses; any other one marked critical makes it refuse the certificate. */
export const X509_PARSED_EXTENSIONS = new Set([
  "2.5.29.14", // subjectKeyIdentifier
  "2.5.29.17", // subjectAltName
  "2.5.29.19", // basicConstraints
  "2.5.29.31", // cRLDistributionPoints
  "2.5.29.35", // authorityKeyIdentifier
  "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
  "2.5.29.15", // keyUsage
  "2.5.29.37", // extKeyUsage
  "1.3.6.1.5.5.7.1.7", // ipAddrBlocks
  "2.5.29.30", // nameConstraints
  "2.5.29.32", // certificatePolicies
  "2.5.29.33", // policyMappings
  "2.5.29.36", // policyConstraints
  "2.5.29.54", // inhibitAnyPolicy
  "2.16.840.1.113730.1.3", // nsRevocationUrl
  "2.16.840.1.113730.1.4", // nsCaRevocationUrl
  "2.16.840.1.113730.1.8", // nsCaPolicyUrl
  "2.16.840.1.113730.1.13", // nsComment
]);

/**
 * x509_cert.c / x509_crl.c: critical '%s' extension not supported, the extension named by
 * strongSwan's OID table (asn1_known_oid), or "unknown".
 */
export function criticalNotSupported(e: Extension): ParseRefusal {
  return {
    reason: `it has a critical ${e.name ?? "unknown"} extension (${e.oid}) strongSwan does not support`,
    log: `critical '${knownOidName(e.oid) ?? "unknown"}' extension not supported`,
  };
}

class Refused extends Error {
  constructor(
    message: string,
    readonly log: string | null,
  ) {
    super(message);
  }
}
const refuse = (why: string, log: string | null = null): never => {
  throw new Refused(why, log);
};
/** asn1_parser.c at level 1, for the qualifier CHOICE of certificatePolicies (its depth is fixed) */
const CHOICE_LOG = "L10 - end choices:  incorrect choice encoding";

function top(v: Uint8Array, tag: number, what: string): Tlv {
  const t = readTlv(v, 0);
  if (t.tag !== tag) refuse(`its ${what} is not a ${tag === TAG.SEQUENCE ? "SEQUENCE" : "valid value"}`);
  return t;
}

/**
 * x509_cert.c parse_generalName: the identity a GeneralName becomes, or why there is none. IP
 * subnets (8 or 32 bytes) parse from 5.9.12 on (the same commit added IP name constraints).
 */
export function unrepresentable(n: GeneralName, rules: Rules): string | null {
  if (n.kind === "iPAddress") {
    const len = n.encoding.length;
    if (len === 4 || len === 16) return null;
    if ((len === 8 || len === 32) && rules.subnetSansInX509) return null;
    return `an iPAddress of ${len} bytes`;
  }
  if (n.supported) return null;
  return n.kind === "otherName" ? `an otherName ${n.otherNameOid ?? ""}`.trim() : `an ${n.kind}`;
}

function checkNames(names: GeneralName[], where: string, rules: Rules): void {
  for (const n of names) {
    const why = unrepresentable(n, rules);
    if (why) refuse(`${where} holds ${why}, which strongSwan's x509 plugin cannot represent`);
  }
}

/** One extension's value, as the x509 plugin's parser for it would judge it. Throws Refused. */
function checkExtension(e: Extension, rules: Rules): void {
  const v = e.value;
  switch (e.oid) {
    case "2.5.29.14":
      top(v, TAG.OCTET_STRING, "subjectKeyIdentifier");
      break;
    case "2.5.29.17":
      top(v, TAG.SEQUENCE, "subjectAltName");
      checkNames(parseGeneralNames(v), "the subjectAltName", rules);
      break;
    case "2.5.29.19":
      // optional fields of another type are skipped by the template, not refused
      top(v, TAG.SEQUENCE, "basicConstraints");
      break;
    case "2.5.29.31": {
      const t = top(v, TAG.SEQUENCE, "cRLDistributionPoints");
      for (const dp of children(v, t)) {
        if (dp.tag !== TAG.SEQUENCE) refuse("a DistributionPoint is not a SEQUENCE");
        for (const f of children(v, dp)) {
          if (f.tag === 0xa0) {
            const name = readTlv(v, f.contentStart, f.end);
            if (name.tag === 0xa0) checkNames(namesIn(v, name), "a cRLDistributionPoints fullName", rules);
            else if (name.tag !== 0xa1) refuse("a DistributionPointName is neither fullName nor relative");
          } else if (f.tag === 0xa2) checkNames(namesIn(v, f), "a cRLDistributionPoints cRLIssuer", rules);
        }
      }
      break;
    }
    case "1.3.6.1.5.5.7.1.1": {
      const t = top(v, TAG.SEQUENCE, "authorityInfoAccess");
      for (const d of children(v, t)) {
        const [m, loc] = d.tag === TAG.SEQUENCE ? children(v, d) : [];
        if (m?.tag !== TAG.OID || !loc) refuse("an AccessDescription needs a method and a location");
        const method = Buffer.from(content(v, m!)).toString("hex");
        // only OCSP (id-ad 1) and caIssuers (id-ad 2) locations are parsed
        if (method !== "2b06010505073001" && method !== "2b06010505073002") continue;
        checkNames([nameAt(v, loc!)], "an authorityInfoAccess location", rules);
      }
      break;
    }
    case "2.5.29.37": {
      const t = top(v, TAG.SEQUENCE, "extKeyUsage");
      if (children(v, t).some((k) => k.tag !== TAG.OID)) refuse("its extKeyUsage holds a non-OID");
      break;
    }
    case "2.5.29.30": {
      const t = top(v, TAG.SEQUENCE, "nameConstraints");
      for (const sub of children(v, t)) {
        if (sub.tag !== 0xa0 && sub.tag !== 0xa1) continue;
        for (const gs of children(v, sub)) {
          if (gs.tag !== TAG.SEQUENCE) refuse("a GeneralSubtree is not a SEQUENCE");
          const base = children(v, gs)[0];
          if (!base) refuse("a GeneralSubtree has no base");
          checkNames([nameAt(v, base!)], "a nameConstraints subtree", rules);
        }
      }
      break;
    }
    case "2.5.29.32": {
      const t = top(v, TAG.SEQUENCE, "certificatePolicies");
      for (const pi of children(v, t)) {
        const [id, quals] = pi.tag === TAG.SEQUENCE ? children(v, pi) : [];
        if (id?.tag !== TAG.OID) refuse("a PolicyInformation has no policy OID");
        if (quals?.tag !== TAG.SEQUENCE) continue;
        for (const q of children(v, quals)) {
          const [qid, qv] = q.tag === TAG.SEQUENCE ? children(v, q) : [];
          if (qid?.tag !== TAG.OID) refuse("a policy qualifier has no id");
          // qualifier CHOICE { cPSuri IA5String, userNotice SEQUENCE }: anything else fails
          if (qv && qv.tag !== TAG.IA5String && qv.tag !== TAG.SEQUENCE)
            refuse("a policy qualifier is neither a cPSuri (IA5String) nor a userNotice", CHOICE_LOG);
        }
      }
      break;
    }
    case "2.5.29.33": {
      const t = top(v, TAG.SEQUENCE, "policyMappings");
      for (const m of children(v, t)) {
        const k = m.tag === TAG.SEQUENCE ? children(v, m) : [];
        if (k[0]?.tag !== TAG.OID || k[1]?.tag !== TAG.OID) refuse("a policy mapping is not two OIDs");
      }
      break;
    }
    case "2.5.29.36":
      top(v, TAG.SEQUENCE, "policyConstraints");
      break;
    case "2.5.29.54":
      top(v, TAG.INTEGER, "inhibitAnyPolicy");
      break;
    case "2.16.840.1.113730.1.3":
    case "2.16.840.1.113730.1.4":
    case "2.16.840.1.113730.1.8":
    case "2.16.840.1.113730.1.13":
      top(v, TAG.IA5String, `Netscape extension ${e.oid}`);
      break;
  }
}

/**
 * Why the x509 plugin refuses the certificate because of a constraint extension (ext-constraints.ts
 * reads them as x509_cert.c does), or null.
 */
export function constraintParseProblem(cert: Certificate, rules: Rules): string | null {
  const cc = certConstraints(cert);
  if (cc.malformed) return cc.malformed;
  const bad = unparsableConstraintKinds(cc, rules.ipNameConstraints);
  if (bad.length === 0) return null;
  const ipRange = bad.some((b) => b.detail.startsWith("iPAddress range"));
  return `its nameConstraints hold ${bad.map((b) => b.detail).join(", ")}, which the x509 plugin cannot parse${ipRange && !rules.ipNameConstraints ? " (iPAddress constraints are parsed from 5.9.12 on)" : ""}`;
}

/**
 * Why the x509 plugin refuses this certificate, or null when it loads it. `extensions` are the ones
 * its parser sees (none for a certificate with a primitive unique id, view.ts).
 */
export function x509CertificateRefusal(
  c: Certificate,
  rules: Rules,
  enforceCritical = true,
): ParseRefusal | null {
  if (c.version < 1 || c.version > 3)
    return { reason: `it is an X.509v${c.version} certificate`, log: `X.509v${c.version} not supported` };
  if (c.extensions.length > 0 && c.version !== 3)
    return {
      reason: `it is an X.509v${c.version} certificate with extensions`,
      log: "Only X.509v3 certificates have extensions",
    };
  for (const e of c.extensions) {
    if (!X509_PARSED_EXTENSIONS.has(e.oid)) {
      if (e.critical && enforceCritical) return criticalNotSupported(e);
      continue;
    }
    try {
      checkExtension(e, rules);
    } catch (err) {
      if (err instanceof Refused) return { reason: err.message, log: err.log };
      // the DER inside the extension is not well-formed: strongSwan's parser fails on it as well
      return { reason: `its ${e.name ?? e.oid} extension is malformed`, log: null };
    }
  }
  const constraints = constraintParseProblem(c, rules);
  return constraints ? { reason: constraints, log: null } : null;
}

/** x509_crl.c parse: why the x509 plugin refuses this CRL, or null. */
export function x509CrlRefusal(crl: Crl, enforceCritical = true): ParseRefusal | null {
  if (Buffer.compare(Buffer.from(crl.innerAlgorithm), Buffer.from(crl.outerAlgorithm)) !== 0)
    return {
      reason: "its inner and outer signature algorithms differ",
      log: "  signature algorithms do not agree",
    };
  const handled = new Set(["2.5.29.21", "2.5.29.35", "2.5.29.20", "2.5.29.46", "2.5.29.27", "2.5.29.28"]);
  const all = [...crl.extensions, ...crl.revoked.flatMap((r) => r.extensions)];
  for (const e of all)
    if (!handled.has(e.oid) && e.critical && enforceCritical) return criticalNotSupported(e);
  return null;
}
