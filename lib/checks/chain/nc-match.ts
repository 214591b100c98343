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
 * The RDN types identification.c create_part_enumerator knows (oid2part): CN, SN, serialNumber,
 * C, L, ST, O, OU, T, D, N, G, I, ID (uniqueIdentifier), dnQualifier, dmdName, pseudonym (2.5.4.x),
 * E and employeeNumber; any other attribute (DC, UID, STREET, postalCode, ...) is skipped on both
 * sides. A part's type is a small number (the X.500 arc, or 1000/1001), so nothing is allocated.
 */
const X500_PARTS = new Set([3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 41, 42, 43, 45, 46, 54, 65]);
const EMAIL = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01);
const EMPLOYEE_NUMBER = Uint8Array.of(0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x03, 0x01, 0x03);

function partType(oid: Uint8Array): number {
  if (oid.length === 3 && oid[0] === 0x55 && oid[1] === 0x04) return X500_PARTS.has(oid[2]!) ? oid[2]! : -1;
  if (bytesEqual(oid, EMAIL)) return 1000;
  if (bytesEqual(oid, EMPLOYEE_NUMBER)) return 1001;
  return -1;
}

const partsCache = new WeakMap<Uint8Array, { type: number; value: Uint8Array }[]>();

function parts(dn: Uint8Array): { type: number; value: Uint8Array }[] {
  let p = partsCache.get(dn);
  if (!p) {
    p = [];
    for (const r of enumerateRdns(dn)) {
      const type = partType(r.oidBytes);
      if (type >= 0) p.push({ type, value: r.value });
    }
    partsCache.set(dn, p);
  }
  return p;
}

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
