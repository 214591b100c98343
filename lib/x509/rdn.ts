/**
 * A lenient walk over the attributes of a DER DN, the way strongSwan's RDN enumerator walks it
 * (identification.c create_rdn_enumerator): one tag byte, a length, no further validation. It stops
 * at the first thing it cannot read; callers decide whether the walk reached the end of the DN
 * (`end === dn.length` of the last attribute), which is how strongSwan tells a valid DN from a
 * malformed one. Multi-valued RDNs are flattened into their attributes.
 */

export const ASN1 = {
  SEQUENCE: 0x30,
  SET: 0x31,
  OID: 0x06,
  OCTET_STRING: 0x04,
  PRINTABLE: 0x13,
  UTF8: 0x0c,
  IA5: 0x16,
} as const;

export interface RawRdn {
  oidBytes: Uint8Array;
  tag: number;
  value: Uint8Array;
  /** offset just past the value inside the whole DN encoding */
  end: number;
}

interface Chunk {
  start: number;
  end: number;
}

/** asn1_unwrap: tag byte + length; null where strongSwan returns ASN1_INVALID. */
function unwrap(buf: Uint8Array, c: Chunk): { tag: number; inner: Chunk } | null {
  if (c.end - c.start < 2) return null;
  const tag = buf[c.start]!;
  let len = buf[c.start + 1]!;
  let pos = c.start + 2;
  if (len & 0x80) {
    let n = len & 0x7f;
    if (n === 0 || n > c.end - pos || n > 8) return null;
    len = 0;
    while (n-- > 0) len = len * 256 + buf[pos++]!;
  }
  if (len > c.end - pos) return null;
  const inner = { start: pos, end: pos + len };
  c.start = pos + len;
  return { tag, inner };
}

/** Every attribute strongSwan's enumerator yields, in order. */
export function enumerateRdns(dn: Uint8Array): RawRdn[] {
  const out: RawRdn[] = [];
  const top = unwrap(dn, { start: 0, end: dn.length });
  if (!top || top.tag !== ASN1.SEQUENCE) return out;
  const sets = top.inner;
  let seqs: Chunk = { start: 0, end: 0 };
  for (;;) {
    if (seqs.end - seqs.start === 0) {
      const s = unwrap(dn, sets);
      if (!s || s.tag !== ASN1.SET) return out;
      seqs = s.inner;
    }
    const rdn = unwrap(dn, seqs);
    if (!rdn || rdn.tag !== ASN1.SEQUENCE) return out;
    const oid = unwrap(dn, rdn.inner);
    if (!oid || oid.tag !== ASN1.OID) return out;
    const val = unwrap(dn, rdn.inner);
    if (!val) return out;
    out.push({
      oidBytes: dn.subarray(oid.inner.start, oid.inner.end),
      tag: val.tag,
      value: dn.subarray(val.inner.start, val.inner.end),
      end: val.inner.end,
    });
  }
}

/** is_valid_dn: the walk yields attributes and the last one ends exactly at the end of the DN. */
export function isValidDn(dn: Uint8Array): boolean {
  const rdns = enumerateRdns(dn);
  return rdns.some((r) => r.end === dn.length);
}

/** is_asn1: a SEQUENCE, SET or OCTET STRING whose length covers the blob (a trailing newline is tolerated). */
export function isAsn1Blob(b: Uint8Array): boolean {
  if (b.length < 2) return false;
  const tag = b[0]!;
  if (tag !== ASN1.SEQUENCE && tag !== ASN1.SET && tag !== ASN1.OCTET_STRING) return false;
  let n = b[1]!;
  let pos = 2;
  let len: number;
  if ((n & 0x80) === 0) len = n;
  else {
    n &= 0x7f;
    if (n === 0 || n > b.length - pos || n > 8) return false;
    len = 0;
    while (n-- > 0) len = len * 256 + b[pos++]!;
  }
  const rest = b.length - pos;
  if (len > rest) return false;
  return len === rest || (len + 1 === rest && b[b.length - 1] === 0x0a);
}
