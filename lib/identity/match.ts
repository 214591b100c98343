/**
 * Equality and matching of identities (semantics §4; identification.c equals_*, matches_*).
 * `identityMatches(id, pattern)` is strongSwan's `id->matches(id, pattern)`: `id` is the concrete
 * identity (a certificate's subject or SAN, a received id), `pattern` the configured one.
 */

import { bytesEqual, bytesText, caseEqualN } from "../bytes.js";
import { type ReleaseLike, rulesFor } from "../rules.js";
import { netmaskBits } from "../x509/print.js";
import { ID_TYPES } from "../x509/types.js";
import { dnContainsWildcards, dnEquals, dnHashKey, dnMatchLevel, type RdnMatching } from "./dn.js";
import type { Identity } from "./parse.js";
import { regexFor } from "./regex.js";

/** strongSwan's match levels (id_match_t). */
export const MATCH = { NONE: 0, ANY: 1, MAX_WILDCARDS: 2, ONE_WILDCARD: 19, PERFECT: 20 } as const;

/** Options of identity matching: rdn_matching and the release. */
export interface MatchOptions {
  rdnMatching?: RdnMatching;
  /** strongSwan release (subnet/range ids match subnet/range patterns only since 5.9.14) */
  strongswan?: ReleaseLike;
}

const T = ID_TYPES;

function isString(t: number): boolean {
  return t === T.ID_FQDN || t === T.ID_RFC822_ADDR;
}

function isRange(t: number): boolean {
  return (
    t === T.ID_IPV4_ADDR ||
    t === T.ID_IPV6_ADDR ||
    t === T.ID_IPV4_ADDR_SUBNET ||
    t === T.ID_IPV6_ADDR_SUBNET ||
    t === T.ID_IPV4_ADDR_RANGE ||
    t === T.ID_IPV6_ADDR_RANGE
  );
}

/** equals_strcasecmp: same type and length, no NUL bytes, ASCII case-insensitive. */
function stringEquals(a: Identity, b: Identity): boolean {
  return (
    a.type === b.type &&
    !a.regex &&
    !b.regex &&
    a.encoding.length === b.encoding.length &&
    !a.encoding.includes(0) &&
    !b.encoding.includes(0) &&
    caseEqualN(a.encoding, 0, b.encoding, 0, a.encoding.length)
  );
}

/** `a.equals(b)` */
export function identityEquals(a: Identity, b: Identity): boolean {
  if (a.regex || a.type === T.ID_ANY || !(isString(a.type) || a.type === T.ID_DER_ASN1_DN)) {
    // equals_binary
    if (a.type !== b.type || !!a.regex !== !!b.regex) return false;
    return a.type === T.ID_ANY || bytesEqual(a.encoding, b.encoding);
  }
  if (isString(a.type)) return stringEquals(a, b);
  return !a.regex && !b.regex && b.type === T.ID_DER_ASN1_DN && dnEquals(a.encoding, b.encoding);
}

/** `id.contains_wildcards()`: whether the id can only be a pattern (never sent as IDr). */
export function identityContainsWildcards(id: Identity): boolean {
  if (id.regex || id.type === T.ID_ANY) return true;
  if (isString(id.type)) return id.encoding.includes(0x2a);
  if (id.type === T.ID_DER_ASN1_DN) return dnContainsWildcards(id.encoding);
  return false;
}

/** A key equal for ids strongSwan hashes alike (hash_binary / hash_dn). */
export function identityHashKey(id: Identity): string {
  if (id.type === T.ID_DER_ASN1_DN && !id.regex) return `${id.type}:${dnHashKey(id.encoding)}`;
  const enc = id.type === T.ID_ANY ? "" : bytesText(id.encoding, "hex");
  return `${id.type}:${enc}${id.regex ? ":re" : ""}`;
}

function matchesRegex(id: Identity, pattern: Identity): number {
  if (id.regex || id.encoding.length === 0) return MATCH.NONE;
  // charon prints the id into a 511-byte buffer first; longer ids never match
  if (id.printed.length >= 511) return MATCH.NONE;
  const re = regexFor(bytesText(pattern.encoding, "latin1"));
  return re?.test(id.printed) ? MATCH.MAX_WILDCARDS : MATCH.NONE;
}

function matchesString(id: Identity, p: Identity): number {
  if (id.type !== p.type) return MATCH.NONE;
  if (p.regex) return matchesRegex(id, p);
  if (stringEquals(id, p)) return MATCH.PERFECT;
  let len = p.encoding.length;
  if (len === 0 || id.encoding.length < len) return MATCH.NONE;
  if (p.encoding[0] === 0x2a) {
    if (len-- === 1) return MATCH.ANY;
    if (caseEqualN(id.encoding, id.encoding.length - len, p.encoding, 1, len)) return MATCH.ONE_WILDCARD;
  }
  return MATCH.NONE;
}

// ---- addresses, subnets, ranges (matches_range) ----

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function matchSubnets(
  net: Uint8Array,
  mask: Uint8Array | null,
  onet: Uint8Array,
  omask: Uint8Array | null,
  size: number,
): number {
  const obits = omask ? netmaskBits(omask) : 8 * size;
  if (!obits) return MATCH.MAX_WILDCARDS;
  const bits = mask ? netmaskBits(mask) : 8 * size;
  if (bits === obits) return bytesEqual(net, onet) ? MATCH.PERFECT : MATCH.NONE;
  if (bits < obits) return MATCH.NONE;
  for (let i = 0; i < Math.floor((obits + 7) / 8); i++)
    if ((net[i]! ^ onet[i]!) & omask![i]!) return MATCH.NONE;
  return MATCH.ONE_WILDCARD;
}

function matchRanges(from: Uint8Array, to: Uint8Array, ofrom: Uint8Array, oto: Uint8Array): number {
  if (compare(to, from) < 0 || compare(oto, ofrom) < 0) return MATCH.NONE;
  if (ofrom.every((x) => x === 0) && oto.every((x) => x === 0xff)) return MATCH.MAX_WILDCARDS;
  const f = compare(from, ofrom);
  const t = compare(to, oto);
  if (f === 0 && t === 0) return MATCH.PERFECT;
  if (f >= 0 && t <= 0) return MATCH.ONE_WILDCARD;
  return MATCH.NONE;
}

function subnetToRange(enc: Uint8Array, size: number): [Uint8Array, Uint8Array] {
  const from = Uint8Array.from(enc.subarray(0, size));
  const to = Uint8Array.from(enc.subarray(0, size));
  const bits = netmaskBits(enc.subarray(size, 2 * size));
  const i = Math.floor(bits / 8);
  if (i < size) {
    const mask = (0xff << (8 - (bits % 8))) & 0xff;
    from[i] = from[i]! & mask;
    to[i] = to[i]! | (~mask & 0xff);
    from.fill(0, i + 1);
    to.fill(0xff, i + 1);
  }
  return [from, to];
}

type Kind = "addr" | "subnet" | "range";

function kindOf(t: number): { kind: Kind; size: number } {
  switch (t) {
    case T.ID_IPV4_ADDR:
      return { kind: "addr", size: 4 };
    case T.ID_IPV6_ADDR:
      return { kind: "addr", size: 16 };
    case T.ID_IPV4_ADDR_SUBNET:
      return { kind: "subnet", size: 4 };
    case T.ID_IPV6_ADDR_SUBNET:
      return { kind: "subnet", size: 16 };
    case T.ID_IPV4_ADDR_RANGE:
      return { kind: "range", size: 4 };
    default:
      return { kind: "range", size: 16 };
  }
}

/** Before 5.9.14 only an address id was compared with a subnet or range pattern. */
function matchesRangeBefore5914(e: Uint8Array, o: Uint8Array, kind: Kind, size: number): number {
  if (e.length !== size || o.length !== 2 * size) return MATCH.NONE;
  if (kind === "subnet") return matchSubnets(e, null, o.subarray(0, size), o.subarray(size), size);
  const from = o.subarray(0, size);
  const to = o.subarray(size);
  const sign = compare(to, from);
  if (sign < 0 || compare(e, from) < 0 || compare(e, to) > 0) return MATCH.NONE;
  return sign ? MATCH.ONE_WILDCARD : MATCH.PERFECT;
}

function matchesRange(id: Identity, p: Identity, release?: ReleaseLike): number {
  if (id.type === p.type && bytesEqual(id.encoding, p.encoding)) return MATCH.PERFECT;
  if (!isRange(p.type)) return MATCH.NONE;
  const a = kindOf(id.type);
  const b = kindOf(p.type);
  if (a.size !== b.size) return MATCH.NONE;
  const size = a.size;
  if (!rulesFor(release).rangeMatchesRange) {
    if (a.kind !== "addr" || b.kind === "addr") return MATCH.NONE;
    return matchesRangeBefore5914(id.encoding, p.encoding, b.kind, size);
  }
  // an address pattern only matches a subnet/range id; an address id only a subnet/range pattern
  if (b.kind === "addr" && a.kind === "addr") return MATCH.NONE;
  const need = (k: Kind) => (k === "addr" ? size : 2 * size);
  if (id.encoding.length !== need(a.kind) || p.encoding.length !== need(b.kind)) return MATCH.NONE;
  const e = id.encoding;
  const o = p.encoding;
  if (b.kind === "addr") {
    if (a.kind === "subnet") return matchSubnets(e.subarray(0, size), e.subarray(size), o, null, size);
    return matchRanges(e.subarray(0, size), e.subarray(size), o, o);
  }
  if (b.kind === "subnet") {
    if (a.kind === "addr") return matchSubnets(e, null, o.subarray(0, size), o.subarray(size), size);
    if (a.kind === "subnet")
      return matchSubnets(e.subarray(0, size), e.subarray(size), o.subarray(0, size), o.subarray(size), size);
    const [of, ot] = subnetToRange(o, size);
    return matchRanges(e.subarray(0, size), e.subarray(size), of, ot);
  }
  if (a.kind === "addr") return matchRanges(e, e, o.subarray(0, size), o.subarray(size));
  if (a.kind === "subnet") {
    const [f, t] = subnetToRange(e, size);
    return matchRanges(f, t, o.subarray(0, size), o.subarray(size));
  }
  return matchRanges(e.subarray(0, size), e.subarray(size), o.subarray(0, size), o.subarray(size));
}

/**
 * Whether an id of type `idType` can match `pattern` at all (a necessary condition read off
 * identityMatches below): lets the hot path skip building identities that score 0 anyway.
 */
export function typesMayMatch(idType: number, pattern: Identity): boolean {
  const p = pattern.type;
  return p === T.ID_ANY || idType === p || (isRange(idType) && isRange(p));
}

/** `id.matches(pattern)`: strongSwan's match level 0..20. */
export function identityMatches(id: Identity, pattern: Identity, opts: MatchOptions = {}): number {
  if (pattern.type === T.ID_ANY) return MATCH.ANY;
  // %any and regex ids match only %any
  if (id.type === T.ID_ANY || id.regex) return MATCH.NONE;
  if (isString(id.type)) return matchesString(id, pattern);
  if (id.type === T.ID_DER_ASN1_DN) {
    if (pattern.type !== id.type) return MATCH.NONE;
    if (pattern.regex) return matchesRegex(id, pattern);
    return dnMatchLevel(id.encoding, pattern.encoding, opts.rdnMatching ?? "strict");
  }
  if (isRange(id.type)) return matchesRange(id, pattern, opts.strongswan);
  return id.type === pattern.type && bytesEqual(id.encoding, pattern.encoding) ? MATCH.PERFECT : MATCH.NONE;
}
