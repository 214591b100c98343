/**
 * DN comparison as charon does it when it looks for an issuer (semantics §4.2).
 *
 * TODO(identity): minimal local copy until `identityEquals` / `identityMatches` of lib/identity/ land;
 * replace `dnEquals` with identityEquals on two ID_DER_ASN1_DN identities and `dnMatches` with
 * identityMatches(..., { rdnMatching }) then.
 */
import { parseRdns, type Rdn } from "../../identity/dn-print.js";

export type RdnMatching = "strict" | "reordered" | "relaxed";

const PRINTABLE_STRING = 0x13;
const IA5_STRING = 0x16;
const EMAIL_OID = "1.2.840.113549.1.9.1";

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

function asciiLower(x: number): number {
  return x >= 0x41 && x <= 0x5a ? x + 32 : x;
}

/** identification.c rdn_equals: case-insensitive only for PrintableString pairs (and IA5 emails). */
function valueEquals(a: Rdn, b: Rdn): boolean {
  if (a.value.length !== b.value.length) return false;
  const caseless =
    (a.tag === PRINTABLE_STRING && b.tag === PRINTABLE_STRING) ||
    (a.tag === IA5_STRING && b.tag === IA5_STRING && a.oid === EMAIL_OID);
  if (!caseless) return bytesEqual(a.value, b.value);
  for (let i = 0; i < a.value.length; i++)
    if (asciiLower(a.value[i]!) !== asciiLower(b.value[i]!)) return false;
  return true;
}

function rdnsOf(der: Uint8Array): Rdn[] | null {
  try {
    return parseRdns(der);
  } catch {
    return null;
  }
}

/** Strict DN equality (`equals`): same length, then byte-equal or RDN by RDN in order. */
export function dnEquals(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (bytesEqual(a, b)) return true;
  const ra = rdnsOf(a);
  const rb = rdnsOf(b);
  if (!ra || !rb || ra.length !== rb.length) return false;
  return ra.every((x, i) => bytesEqual(x.oidBytes, rb[i]!.oidBytes) && valueEquals(x, rb[i]!));
}

const isWildcard = (r: Rdn) => r.value.length === 1 && r.value[0] === 0x2a;

/**
 * `subject.matches(pattern) > 0` for DNs, under charon.rdn_matching. Used to find issuer
 * candidates (`has_subject` with the child's issuer DN as the pattern).
 */
export function dnMatches(subject: Uint8Array, pattern: Uint8Array, mode: RdnMatching = "strict"): boolean {
  if (bytesEqual(subject, pattern)) return true;
  const rs = rdnsOf(subject);
  const rp = rdnsOf(pattern);
  if (!rs || !rp) return false;
  const same = (s: Rdn, p: Rdn) => bytesEqual(s.oidBytes, p.oidBytes) && (isWildcard(p) || valueEquals(s, p));
  if (mode === "strict") return rs.length === rp.length && rs.every((s, i) => same(s, rp[i]!));
  if (mode === "reordered" && rs.length !== rp.length) return false;
  if (rp.length > rs.length) return false;
  const used = new Array<boolean>(rs.length).fill(false);
  // exact pattern RDNs are consumed before wildcard ones
  const order = [...rp.filter((p) => !isWildcard(p)), ...rp.filter(isWildcard)];
  for (const p of order) {
    const i = rs.findIndex((s, k) => !used[k] && same(s, p));
    if (i < 0) return false;
    used[i] = true;
  }
  return true;
}
