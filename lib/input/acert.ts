/**
 * X.509 attribute certificates (RFC 5755) as strongSwan's x509 plugin reads them
 * (src/libstrongswan/plugins/x509/x509_ac.c parse_certificate): the holder (issuer DN and serial of
 * the holder's certificate, or an entity name), the issuer (v2Form issuerName), validity, and the
 * group attribute (id-aca-group, IetfAttrSyntax) whose string values become group memberships when
 * the acert plugin validates the certificate. Only v2 certificates load.
 */
import { children, content, decodeOid, decodeTime, expectTlv, TAG, type Tlv, whole } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { printDn } from "../x509/dn-print.js";
import { looksLikePem, parsePem } from "./pem.js";

const OID_GROUP = "1.3.6.1.5.5.7.10.4";
const OID_AUTHORITY_KEY_ID = "2.5.29.35";

/** One attribute of an attribute certificate's group attribute. */
export interface AcGroup {
  /** x509_ac.c ac_group_type_t: only strings become group memberships */
  type: "string" | "octets" | "oid";
  value: string;
}

/** An X.509 attribute certificate (RFC 5755) as strongSwan's x509 plugin reads it: holder, issuer, validity, groups. */
export interface AttributeCertificate {
  kind: "attributeCertificate";
  der: Uint8Array;
  /** the signed AttributeCertificateInfo */
  tbs: Uint8Array;
  version: number;
  /** baseCertificateID: the holder certificate's issuer DN and serial (INTEGER content bytes) */
  holderIssuer: { der: Uint8Array; printed: string } | null;
  holderSerial: Uint8Array | null;
  /** entityName, when the holder is named instead */
  entityName: { der: Uint8Array; printed: string } | null;
  /** v2Form issuerName */
  issuer: { der: Uint8Array; printed: string } | null;
  /** serial, lowercase colon hex */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  groups: AcGroup[];
  signatureAlgorithm: string;
  signature: Uint8Array;
  authorityKeyId: Uint8Array | null;
}

/** The first directoryName of a GeneralNames SEQUENCE. */
function directoryName(der: Uint8Array, names: Tlv): { der: Uint8Array; printed: string } | null {
  for (const gn of children(der, names)) {
    if (gn.tag !== 0xa4) continue;
    const name = children(der, gn)[0];
    if (!name) continue;
    const d = whole(der, name);
    return { der: d, printed: printDn(d) };
  }
  return null;
}

function groupValues(der: Uint8Array, value: Tlv): AcGroup[] {
  // IetfAttrSyntax ::= SEQUENCE { policyAuthority [0] GeneralNames OPTIONAL, values SEQUENCE OF ... }
  const out: AcGroup[] = [];
  const parts = children(der, value);
  const values = parts.find((p) => p.tag === TAG.SEQUENCE);
  for (const v of values ? children(der, values) : []) {
    const c = content(der, v);
    if (v.tag === TAG.UTF8String) out.push({ type: "string", value: Buffer.from(c).toString("utf8") });
    else if (v.tag === TAG.OCTET_STRING) out.push({ type: "octets", value: Buffer.from(c).toString("hex") });
    else if (v.tag === TAG.OID) out.push({ type: "oid", value: decodeOid(c) });
  }
  return out;
}

/** Parse one DER attribute certificate. Throws IkecertError on anything the x509 plugin refuses. */
export function parseAttributeCertificate(der: Uint8Array): AttributeCertificate {
  const top = expectTlv(der, 0, TAG.SEQUENCE, der.length, "AttributeCertificate");
  const [infoT, algT, sigT] = children(der, top);
  if (!infoT || !algT || !sigT || infoT.tag !== TAG.SEQUENCE)
    throw new IkecertError("ASN1_MALFORMED", "not an attribute certificate");
  const f = children(der, infoT);
  let i = 0;
  let version = 1;
  if (f[0]?.tag === TAG.INTEGER) {
    version = (content(der, f[0])[0] ?? 0) + 1;
    i = 1;
  }
  if (version !== 2)
    throw new IkecertError("ASN1_MALFORMED", `v${version} attribute certificates are not supported`);
  const [holderT, issuerT, _sig, serialT, validityT, attrsT, ...rest] = f.slice(i);
  if (!holderT || !issuerT || !serialT || !validityT || !attrsT)
    throw new IkecertError("ASN1_MALFORMED", "attribute certificate is missing fields");
  let holderIssuer: AttributeCertificate["holderIssuer"] = null;
  let holderSerial: Uint8Array | null = null;
  let entityName: AttributeCertificate["entityName"] = null;
  for (const h of children(der, holderT)) {
    if (h.tag === 0xa0) {
      const [iss, ser] = children(der, h);
      if (iss) holderIssuer = directoryName(der, iss);
      if (ser) holderSerial = content(der, ser);
    } else if (h.tag === 0xa1) entityName = directoryName(der, h);
  }
  let issuer: AttributeCertificate["issuer"] = null;
  if (issuerT.tag === 0xa0) {
    const names = children(der, issuerT).find((t) => t.tag === TAG.SEQUENCE);
    if (names) issuer = directoryName(der, names);
  }
  const [nbT, naT] = children(der, validityT);
  if (!nbT || !naT)
    throw new IkecertError("ASN1_MALFORMED", "attribute certificate validity needs two times");
  const groups: AcGroup[] = [];
  for (const attr of children(der, attrsT)) {
    const [typeT, valuesT] = children(der, attr);
    if (!typeT || !valuesT || decodeOid(content(der, typeT)) !== OID_GROUP) continue;
    for (const v of children(der, valuesT)) groups.push(...groupValues(der, v));
  }
  let authorityKeyId: Uint8Array | null = null;
  const extsT = rest.find((t) => t.tag === TAG.SEQUENCE);
  for (const ext of extsT ? children(der, extsT) : []) {
    const parts = children(der, ext);
    if (!parts[0] || decodeOid(content(der, parts[0])) !== OID_AUTHORITY_KEY_ID) continue;
    const value = parts.at(-1)!;
    const aki = content(der, value);
    const seq = expectTlv(aki, 0, TAG.SEQUENCE, aki.length, "authorityKeyIdentifier");
    const keyId = children(aki, seq).find((t) => t.tag === 0x80);
    if (keyId) authorityKeyId = content(aki, keyId);
  }
  const serialBytes = content(der, serialT);
  return {
    kind: "attributeCertificate",
    der,
    tbs: whole(der, infoT),
    version,
    holderIssuer,
    holderSerial,
    entityName,
    issuer,
    serial: [...serialBytes].map((b) => b.toString(16).padStart(2, "0")).join(":"),
    notBefore: decodeTime(der, nbT),
    notAfter: decodeTime(der, naT),
    groups,
    signatureAlgorithm: decodeOid(content(der, children(der, algT)[0]!)),
    signature: content(der, sigT).subarray(1),
    authorityKeyId,
  };
}

/** Every attribute certificate in bytes read from a file (PEM blocks or one DER blob). */
export function parseAttributeCertificates(bytes: Uint8Array, name: string): AttributeCertificate[] {
  const ders = looksLikePem(bytes)
    ? parsePem(bytes, 64)
        .filter((b) => b.label === "ATTRIBUTE CERTIFICATE" || b.label === "CERTIFICATE")
        .map((b) => b.der)
    : [bytes];
  if (!ders.length) throw new IkecertError("UNKNOWN_FORMAT", `${name}: no attribute certificate in it`, name);
  try {
    return ders.map(parseAttributeCertificate);
  } catch (e) {
    if (e instanceof IkecertError) throw e.inFile(name);
    throw new IkecertError("ASN1_MALFORMED", `${name}: not an attribute certificate`, name);
  }
}
