import { readTlvHeader } from "../asn1/der.js";
import { IkecertError } from "../errors.js";

/**
 * A small BER reader for PKCS#12 and encrypted keys. PKCS#12 files written by Windows and by
 * OpenSSL's streaming encoders use indefinite lengths and constructed OCTET STRINGs, which the strict
 * DER reader (lib/asn1/der.ts) rightly refuses. Bounds checked and depth limited, so hostile lengths
 * and nesting end as an IkecertError, never as a RangeError or a stack overflow.
 */
export interface BerNode {
  /** identifier octet (class, constructed bit, tag number < 31) */
  tag: number;
  start: number;
  contentStart: number;
  /** offset just past the content (before the end-of-contents octets of an indefinite length) */
  contentEnd: number;
  /** offset just past the whole element */
  end: number;
}

export const BER_MAX_DEPTH = 64;

function malformed(what: string, code: "PKCS12_MALFORMED" | "ASN1_MALFORMED" = "ASN1_MALFORMED"): never {
  throw new IkecertError(code, what);
}

/** Read one BER element at `offset`; it must end at or before `limit`. */
export function readBer(buf: Uint8Array, offset: number, limit: number = buf.length, depth = 0): BerNode {
  if (depth > BER_MAX_DEPTH)
    throw new IkecertError("ASN1_TOO_DEEP", `ASN.1 nesting deeper than ${BER_MAX_DEPTH} levels`);
  const h = readTlvHeader(buf, offset, limit);
  if (h.end >= 0) return { ...h, contentEnd: h.end };
  if (!(h.tag & 0x20)) malformed("indefinite length on a primitive ASN.1 element");
  // children up to the end-of-contents octets 00 00
  let pos = h.contentStart;
  while (true) {
    if (pos + 2 > limit)
      throw new IkecertError("ASN1_TRUNCATED", "truncated ASN.1 data (no end-of-contents)");
    if (buf[pos] === 0 && buf[pos + 1] === 0) return { ...h, contentEnd: pos, end: pos + 2 };
    pos = readBer(buf, pos, limit, depth + 1).end;
  }
}

/** The children of a constructed element. */
export function berChildren(buf: Uint8Array, node: BerNode, depth = 0): BerNode[] {
  if (!(node.tag & 0x20)) malformed("expected a constructed ASN.1 element");
  const out: BerNode[] = [];
  let pos = node.contentStart;
  while (pos < node.contentEnd) {
    const c = readBer(buf, pos, node.contentEnd, depth + 1);
    out.push(c);
    pos = c.end;
  }
  return out;
}

/** Require a present element with `tag`. */
export function expectBer(node: BerNode | undefined, tag: number, what: string): BerNode {
  if (!node) malformed(`missing ${what}`);
  if (node.tag !== tag) malformed(`unexpected ASN.1 tag 0x${node.tag.toString(16)} for ${what}`);
  return node;
}

export function berContent(buf: Uint8Array, node: BerNode): Uint8Array {
  return buf.subarray(node.contentStart, node.contentEnd);
}

/**
 * The value of an OCTET STRING, primitive or constructed (BER splits long strings into pieces);
 * `implicitTag` admits a context tag in place of the universal 0x04 (EncryptedContentInfo uses [0]).
 */
export function berOctets(buf: Uint8Array, node: BerNode, depth = 0): Uint8Array {
  if (depth > BER_MAX_DEPTH)
    throw new IkecertError("ASN1_TOO_DEEP", `ASN.1 nesting deeper than ${BER_MAX_DEPTH} levels`);
  if (!(node.tag & 0x20)) return berContent(buf, node);
  const parts = berChildren(buf, node, depth).map((c) => {
    if ((c.tag & 0x1f) !== 0x04)
      malformed("a constructed OCTET STRING holds something other than OCTET STRINGs");
    return berOctets(buf, c, depth + 1);
  });
  return new Uint8Array(Buffer.concat(parts));
}

/** A non-negative INTEGER that fits a JS number (iteration counts, key lengths, versions). */
export function berSmallInt(buf: Uint8Array, node: BerNode, what: string): number {
  if (node.tag !== 0x02) malformed(`expected an INTEGER for ${what}`);
  const c = berContent(buf, node);
  if (c.length === 0 || c.length > 6 || c[0]! & 0x80) malformed(`${what} is not a small positive INTEGER`);
  let v = 0;
  for (const b of c) v = v * 256 + b;
  return v;
}

/** A present OCTET STRING (primitive or constructed), as its value. */
export function octetString(buf: Uint8Array, node: BerNode | undefined, what: string): Uint8Array {
  if (!node) malformed(`missing ${what}`);
  if (node.tag !== 0x04 && node.tag !== 0x24)
    malformed(`unexpected ASN.1 tag 0x${node.tag.toString(16)} for ${what}`);
  return berOctets(buf, node);
}
