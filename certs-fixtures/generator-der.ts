/**
 * DER building blocks for the fixture generator: names (with a chosen string type per value),
 * GeneralNames of every kind, and the extensions a certificate carries. Built on the same
 * encodeTlv/encodeOid as lib/asn1/der.ts, so every byte is under the caller's control.
 */
import { isIPv4, isIPv6 } from "node:net";
import { encodeOid, encodeTlv, TAG } from "../lib/asn1/der.js";
import {
  DN_ATTRIBUTE_NAMES,
  EKU_NAMES,
  KEY_USAGE_BITS,
  OTHERNAME_UPN,
  OTHERNAME_XMPP,
} from "../lib/asn1/oids.js";

export const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
export const seq = (...parts: Uint8Array[]): Uint8Array => encodeTlv(TAG.SEQUENCE, concat(...parts));
export const setOf = (...parts: Uint8Array[]): Uint8Array => encodeTlv(TAG.SET, concat(...parts));
export const oid = (o: string): Uint8Array => encodeTlv(TAG.OID, encodeOid(o));
export const octets = (b: Uint8Array): Uint8Array => encodeTlv(TAG.OCTET_STRING, b);
export const bool = (v: boolean): Uint8Array => encodeTlv(TAG.BOOLEAN, Uint8Array.of(v ? 0xff : 0));
export const derNull = (): Uint8Array => Uint8Array.of(TAG.NULL, 0);
export const bitString = (b: Uint8Array, unused = 0): Uint8Array =>
  encodeTlv(TAG.BIT_STRING, concat(Uint8Array.of(unused), b));
/** Context-specific constructed [n] (EXPLICIT tagging, or IMPLICIT of a SEQUENCE). */
export const explicit = (n: number, ...parts: Uint8Array[]): Uint8Array =>
  encodeTlv(0xa0 | n, concat(...parts));

/** A DER INTEGER from a number, bigint, hex string or the raw content bytes (taken as they are). */
export function integer(v: number | bigint | string | Uint8Array): Uint8Array {
  if (v instanceof Uint8Array) return encodeTlv(TAG.INTEGER, v);
  let n = BigInt(typeof v === "string" ? `0x${v.replace(/:/g, "")}` : v);
  if (n < 0n) throw new Error("negative INTEGER not supported by the generator");
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return encodeTlv(TAG.INTEGER, Uint8Array.from(bytes));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on. */
export function time(d: Date): Uint8Array {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "");
  const year = d.getUTCFullYear();
  if (year >= 1950 && year < 2050)
    return encodeTlv(TAG.UTCTime, Buffer.from(`${digits.slice(2)}Z`, "latin1"));
  return encodeTlv(TAG.GeneralizedTime, Buffer.from(`${digits}Z`, "latin1"));
}

// ---------------------------------------------------------------- names

export type StringType = "printable" | "utf8" | "ia5" | "t61" | "bmp" | "visible";

export interface DnAttribute {
  /** a name as charon prints it (C, O, OU, CN, E, DC, ...), "emailAddress", or a dotted OID */
  type: string;
  /** text, or the raw content bytes (written as they are) */
  value: string | Uint8Array;
  /** the ASN.1 string type; default: PrintableString where the text allows it, else UTF8String */
  string?: StringType;
}

/**
 * A distinguished name: "C=CH, O=Example, CN=x" (no escaping: values must not hold ", "),
 * a list of RDNs (an attribute, or several for a multi-valued RDN), or the DER of a Name.
 */
export type DnInput = string | Array<DnAttribute | DnAttribute[]> | Uint8Array;

const NAME_TO_OID: Record<string, string> = Object.fromEntries(
  Object.entries(DN_ATTRIBUTE_NAMES).map(([o, n]) => [n.toLowerCase(), o]),
);
NAME_TO_OID.emailaddress = "1.2.840.113549.1.9.1";

export function attributeOid(type: string): string {
  if (/^\d+(\.\d+)+$/.test(type)) return type;
  const o = NAME_TO_OID[type.toLowerCase()];
  if (!o) throw new Error(`unknown DN attribute "${type}"`);
  return o;
}

const STRING_TAG: Record<StringType, number> = {
  printable: TAG.PrintableString,
  utf8: TAG.UTF8String,
  ia5: TAG.IA5String,
  t61: TAG.T61String,
  bmp: TAG.BMPString,
  visible: TAG.VisibleString,
};

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
const IA5_ATTRIBUTES = new Set(["1.2.840.113549.1.9.1", "0.9.2342.19200300.100.1.25"]);

function encodeString(type: StringType, value: string | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value;
  else if (type === "utf8") bytes = Buffer.from(value, "utf8");
  else if (type === "bmp") bytes = Buffer.from(value, "utf16le").swap16();
  else bytes = Buffer.from(value, "latin1");
  return encodeTlv(STRING_TAG[type], bytes);
}

function encodeAttribute(a: DnAttribute): Uint8Array {
  const o = attributeOid(a.type);
  const type =
    a.string ??
    (IA5_ATTRIBUTES.has(o)
      ? "ia5"
      : typeof a.value === "string" && !PRINTABLE.test(a.value)
        ? "utf8"
        : "printable");
  return seq(oid(o), encodeString(type, a.value));
}

/** Parse "C=CH, O=Example, CN=x" into attributes (a plain split: no escapes, no multi-valued RDNs). */
export function dnAttributes(text: string): DnAttribute[] {
  if (text.trim() === "") return [];
  return text.split(/,\s*/).map((part) => {
    const eq = part.indexOf("=");
    if (eq < 1) throw new Error(`bad DN component "${part}"`);
    return { type: part.slice(0, eq).trim(), value: part.slice(eq + 1) };
  });
}

/** Encode a Name (SEQUENCE OF RDN). */
export function encodeName(dn: DnInput): Uint8Array {
  if (dn instanceof Uint8Array) return dn;
  const rdns = typeof dn === "string" ? dnAttributes(dn) : dn;
  return seq(...rdns.map((r) => setOf(...(Array.isArray(r) ? r : [r]).map(encodeAttribute))));
}

// ---------------------------------------------------------------- general names

/**
 * A subjectAltName entry. A plain string is read like `pki --san`: an IPv4/IPv6 literal is an
 * iPAddress, text with "@" an rfc822Name, anything else a dNSName.
 */
export type San =
  | string
  | { dns: string }
  | { ip: string }
  /** "10.0.0.0/8" or "2001:db8::/32": the 8- or 32-byte address+mask form (as in nameConstraints) */
  | { ipSubnet: string }
  | { email: string }
  | { uri: string }
  | { dn: DnInput }
  | { upn: string }
  | { xmpp: string }
  /** an otherName with any type-id: text becomes a UTF8String, bytes are the DER inside [0] */
  | { otherName: string; value: string | Uint8Array }
  | { registeredId: string }
  /** the DER of one GeneralName, written as it is */
  | { raw: Uint8Array };

export function ipBytes(text: string): Uint8Array {
  if (isIPv4(text)) return Uint8Array.from(text.split(".").map(Number));
  if (!isIPv6(text)) throw new Error(`not an IP address: "${text}"`);
  let t = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const b = v4[1]!.split(".").map(Number);
    t =
      t.slice(0, -v4[1]!.length) +
      `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = t.includes("::") ? t.split("::") : [t, null];
  const h = head ? head.split(":") : [];
  const tl = tail ? tail.split(":") : [];
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - tl.length).fill("0"), ...tl];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = Number.parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

function subnetBytes(text: string): Uint8Array {
  const [addr, len] = text.split("/");
  const a = ipBytes(addr!);
  const bits = Number(len);
  const mask = new Uint8Array(a.length);
  for (let i = 0; i < bits; i++) mask[i >> 3]! |= 0x80 >> (i & 7);
  return concat(a, mask);
}

const otherName = (typeId: string, valueDer: Uint8Array) => explicit(0, oid(typeId), explicit(0, valueDer));
const utf8 = (s: string) => encodeTlv(TAG.UTF8String, Buffer.from(s, "utf8"));
const ascii = (s: string) => Buffer.from(s, "latin1");

export function encodeGeneralName(s: San): Uint8Array {
  if (typeof s === "string") {
    if (isIPv4(s) || isIPv6(s)) return encodeTlv(0x87, ipBytes(s));
    return encodeTlv(s.includes("@") ? 0x81 : 0x82, ascii(s));
  }
  if ("dns" in s) return encodeTlv(0x82, ascii(s.dns));
  if ("ip" in s) return encodeTlv(0x87, ipBytes(s.ip));
  if ("ipSubnet" in s) return encodeTlv(0x87, subnetBytes(s.ipSubnet));
  if ("email" in s) return encodeTlv(0x81, ascii(s.email));
  if ("uri" in s) return encodeTlv(0x86, ascii(s.uri));
  if ("dn" in s) return explicit(4, encodeName(s.dn));
  if ("upn" in s) return otherName(OTHERNAME_UPN, utf8(s.upn));
  if ("xmpp" in s) return otherName(OTHERNAME_XMPP, utf8(s.xmpp));
  if ("otherName" in s) return otherName(s.otherName, typeof s.value === "string" ? utf8(s.value) : s.value);
  if ("registeredId" in s) return encodeTlv(0x88, encodeOid(s.registeredId));
  return s.raw;
}

export const generalNames = (sans: San[]): Uint8Array => seq(...sans.map(encodeGeneralName));

// ---------------------------------------------------------------- extensions

export interface RawExtension {
  oid: string;
  critical?: boolean;
  /** the DER inside the extnValue OCTET STRING */
  value: Uint8Array;
}

export function encodeExtension(e: RawExtension): Uint8Array {
  return seq(oid(e.oid), ...(e.critical ? [bool(true)] : []), octets(e.value));
}

export const EXT = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  nameConstraints: "2.5.29.30",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  certificatePolicies: "2.5.29.32",
  policyMappings: "2.5.29.33",
  policyConstraints: "2.5.29.36",
  inhibitAnyPolicy: "2.5.29.54",
} as const;

export function basicConstraintsValue(ca: boolean, pathLen?: number): Uint8Array {
  return seq(...(ca ? [bool(true)] : []), ...(pathLen !== undefined ? [integer(pathLen)] : []));
}

/** KeyUsage as a minimal DER named BIT STRING (trailing zero bits dropped). */
export function keyUsageValue(names: string[]): Uint8Array {
  const bits = names.map((n) => {
    const i = (KEY_USAGE_BITS as readonly string[]).indexOf(n);
    if (i < 0) throw new Error(`unknown keyUsage "${n}"`);
    return i;
  });
  if (bits.length === 0) return bitString(new Uint8Array(0));
  const top = Math.max(...bits);
  const bytes = new Uint8Array((top >> 3) + 1);
  for (const i of bits) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return bitString(bytes, 7 - (top & 7));
}

const EKU_TO_OID: Record<string, string> = Object.fromEntries(
  Object.entries(EKU_NAMES).map(([o, n]) => [n.toLowerCase(), o]),
);

export function ekuValue(names: string[]): Uint8Array {
  return seq(
    ...names.map((n) => {
      const o = /^\d+(\.\d+)+$/.test(n) ? n : EKU_TO_OID[n.toLowerCase()];
      if (!o) throw new Error(`unknown extendedKeyUsage "${n}"`);
      return oid(o);
    }),
  );
}

export const authorityKeyIdValue = (keyId: Uint8Array): Uint8Array => seq(encodeTlv(0x80, keyId));

/** nameConstraints (RFC 5280 §4.2.1.10): GeneralSubtrees of permitted and excluded bases. */
export function nameConstraintsValue(nc: { permitted?: San[]; excluded?: San[] }): Uint8Array {
  const subtrees = (n: number, sans: San[]) => explicit(n, ...sans.map((s) => seq(encodeGeneralName(s))));
  return seq(
    ...(nc.permitted?.length ? [subtrees(0, nc.permitted)] : []),
    ...(nc.excluded?.length ? [subtrees(1, nc.excluded)] : []),
  );
}

/** certificatePolicies: one PolicyInformation per OID, without qualifiers. */
export const certificatePoliciesValue = (oids: string[]): Uint8Array => seq(...oids.map((o) => seq(oid(o))));

/** policyMappings: issuerDomainPolicy → subjectDomainPolicy pairs. */
export const policyMappingsValue = (maps: { issuer: string; subject: string }[]): Uint8Array =>
  seq(...maps.map((m) => seq(oid(m.issuer), oid(m.subject))));

/**
 * policyConstraints. `rfc5280` writes `[0] IMPLICIT INTEGER` as RFC 5280 (and OpenSSL, PKITS) do;
 * `strongswan` writes `[0] { INTEGER }` as strongSwan's `pki --issue --policy-explicit` does (the
 * only form its x509 plugin reads).
 */
export function policyConstraintsValue(pc: {
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
  encoding?: "rfc5280" | "strongswan";
}): Uint8Array {
  const one = (n: number, v: number) =>
    pc.encoding === "strongswan" ? explicit(n, integer(v)) : encodeTlv(0x80 | n, integer(v).subarray(2));
  return seq(
    ...(pc.requireExplicitPolicy !== undefined ? [one(0, pc.requireExplicitPolicy)] : []),
    ...(pc.inhibitPolicyMapping !== undefined ? [one(1, pc.inhibitPolicyMapping)] : []),
  );
}
