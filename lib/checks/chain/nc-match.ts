/**
 * How strongSwan's constraints plugin matches one name against one name constraint
 * (src/libstrongswan/plugins/constraints/constraints_validator.c fqdn_matches, email_matches,
 * dn_matches; IP addresses through identification.c matches). Pure byte work on the encodings.
 */
import { bytesEqual } from "../../bytes.js";
import { identityMatches } from "../../identity/match.js";
import { identityFromEncoding } from "../../identity/parse.js";
import { enumerateRdns } from "../../identity/rdn.js";
import { ID_TYPES } from "../../identity/types.js";
import type { Rules } from "../../rules.js";

const DOT = 0x2e;
const AT = 0x40;

/** chunk_equals, or (6.0.6, CVE-2026-35331) strncasecmp of two equally long strings without NUL. */
function same(a: Uint8Array, b: Uint8Array, caseless: boolean): boolean {
  if (a.length !== b.length) return false;
  if (!caseless) return bytesEqual(a, b);
  for (let i = 0; i < a.length; i++) {
    let x = a[i]!;
    let y = b[i]!;
    if (x === 0 || y === 0) return false;
    if (x >= 0x41 && x <= 0x5a) x |= 0x20;
    if (y >= 0x41 && y <= 0x5a) y |= 0x20;
    if (x !== y) return false;
  }
  return true;
}

/**
 * fqdn_matches: the constraint is a suffix of the name that is the whole name, starts with a dot,
 * or follows a dot in the name ("example.com" permits "vpn.example.com", not "badexample.com").
 */
export function fqdnMatches(c: Uint8Array, id: Uint8Array, rules: Rules): boolean {
  if (c.length === 0 || id.length < c.length) return false;
  const diff = id.length - c.length;
  if (!same(c, id.subarray(diff), rules.caseInsensitiveNameConstraints)) return false;
  if (diff === 0) return true;
  return c[0] === DOT || id[diff - 1] === DOT;
}

/**
 * email_matches: a constraint with "@" is one mailbox (equal), one starting with a dot a domain and
 * its subdomains, anything else a host (only "user@" may precede it). Before 5.9.14 a name equal to
 * a host constraint did not match it.
 */
export function emailMatches(c: Uint8Array, id: Uint8Array, rules: Rules): boolean {
  const caseless = rules.caseInsensitiveNameConstraints;
  if (c.length === 0 || id.length < c.length) return false;
  if (c.includes(AT)) return same(c, id, caseless);
  const diff = id.length - c.length;
  if (!rules.rfc5280NameConstraints && diff === 0) return false;
  if (!same(c, id.subarray(diff), caseless)) return false;
  if (diff === 0) return true;
  if (c[0] === DOT) return true;
  return id[diff - 1] === AT;
}

/**
 * The RDN types identification.c create_part_enumerator knows (oid2part); any other attribute
 * (DC, UID, STREET, postalCode, ...) is skipped on both sides.
 */
const PART_OIDS = new Set([
  "550403", // CN
  "550404", // SN
  "550405", // serialNumber
  "550406", // C
  "550407", // L
  "550408", // ST
  "55040a", // O
  "55040b", // OU
  "55040c", // T
  "55040d", // D
  "550429", // N
  "55042a", // G
  "55042b", // I
  "55042e", // dnQualifier
  "550436", // dmdName
  "550441", // pseudonym
  "55042d", // ID (uniqueIdentifier)
  "2a864886f70d010901", // E
  "6086480186f842030103", // employeeNumber
]);

const parts = (dn: Uint8Array) =>
  enumerateRdns(dn)
    .map((r) => ({ type: Buffer.from(r.oidBytes).toString("hex"), value: r.value }))
    .filter((p) => PART_OIDS.has(p.type));

/**
 * dn_matches: the constraint's known RDNs are a prefix of the name's known RDNs, compared byte for
 * byte (string type ignored, case kept, even between PrintableStrings).
 */
export function dnMatches(c: Uint8Array, id: Uint8Array): boolean {
  const pc = parts(c);
  const pi = parts(id);
  if (pc.length > pi.length) return false;
  return pc.every((p, i) => p.type === pi[i]!.type && bytesEqual(p.value, pi[i]!.value));
}

/** `id->matches(id, constraint)` for an address (or a narrower range) inside an address range. */
export function ipMatches(
  idType: number,
  id: Uint8Array,
  cType: number,
  c: Uint8Array,
  rules: Rules,
): boolean {
  const o = { strongswan: rules };
  return identityMatches(identityFromEncoding(idType, id, o), identityFromEncoding(cType, c, o), o) > 0;
}

export const T = ID_TYPES;

/** The match function of a constraint type, as one name against one constraint (null: none). */
export function matchOne(type: number, c: Uint8Array, idType: number, id: Uint8Array, rules: Rules): boolean {
  switch (type) {
    case T.ID_FQDN:
      return fqdnMatches(c, id, rules);
    case T.ID_RFC822_ADDR:
      return emailMatches(c, id, rules);
    case T.ID_DER_ASN1_DN:
      return dnMatches(c, id);
    case T.ID_IPV4_ADDR_SUBNET:
    case T.ID_IPV6_ADDR_SUBNET:
      return ipMatches(idType, id, type, c, rules);
    default:
      return false;
  }
}
