import { bytesText } from "../bytes.js";
import { IkecertError } from "../errors.js";

/**
 * A small strict DER reader: bounds checked, depth limited, definite lengths only.
 * It is the hot path for certificates (the full models of @peculiar/x509 and pkijs are
 * slower by an order of magnitude and stay for the places that need them).
 */
export interface Tlv {
  /** the identifier octet (class, constructed bit and tag number < 31) */
  tag: number;
  /** offset of the identifier octet */
  start: number;
  /** offset of the first content octet */
  contentStart: number;
  /** offset just past the content */
  end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  PrintableString: 0x13,
  T61String: 0x14,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  VisibleString: 0x1a,
  UniversalString: 0x1c,
  BMPString: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export const MAX_DEPTH_DEFAULT = 64;

/**
 * The identifier and length octets at `offset` (shared by this reader and the BER one in
 * lib/input/ber.ts): a Tlv whose `end` is -1 for an indefinite length, which only BER allows.
 */
export function readTlvHeader(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  if (offset < 0 || offset + 2 > limit)
    throw new IkecertError("ASN1_TRUNCATED", "truncated ASN.1 data (a tag or length is cut off)");
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new IkecertError("ASN1_MALFORMED", "unsupported ASN.1 high tag number");
  let pos = offset + 1;
  let len = buf[pos++]!;
  if (len === 0x80) return { tag, start: offset, contentStart: pos, end: -1 };
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4) throw new IkecertError("ASN1_MALFORMED", "ASN.1 length field too large");
    if (pos + n > limit)
      throw new IkecertError("ASN1_TRUNCATED", "truncated ASN.1 data (a length is cut off)");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos++]!;
  }
  const end = pos + len;
  if (end > limit)
    throw new IkecertError("ASN1_TRUNCATED", "truncated ASN.1 data (content runs past the end)");
  return { tag, start: offset, contentStart: pos, end };
}

/** Read one TLV at `offset`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  const t = readTlvHeader(buf, offset, limit);
  if (t.end < 0)
    throw new IkecertError("ASN1_MALFORMED", "indefinite ASN.1 length (BER) where DER is required");
  return t;
}

/** Read a TLV and require a tag. */
export function expectTlv(
  buf: Uint8Array,
  offset: number,
  tag: number,
  limit: number = buf.length,
  what = "value",
): Tlv {
  const t = readTlv(buf, offset, limit);
  if (t.tag !== tag)
    throw new IkecertError(
      "ASN1_MALFORMED",
      `unexpected ASN.1 tag 0x${t.tag.toString(16)} for ${what} (expected 0x${tag.toString(16)})`,
    );
  return t;
}

/** The children of a constructed TLV. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const t = readTlv(buf, pos, parent.end);
    out.push(t);
    pos = t.end;
  }
  return out;
}

export function content(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.contentStart, t.end);
}

export function whole(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

/** Check that the whole buffer is one well-formed DER tree, not deeper than maxDepth. */
export function validateDer(buf: Uint8Array, maxDepth = MAX_DEPTH_DEFAULT): Tlv {
  const top = readTlv(buf, 0);
  if (top.end !== buf.length)
    throw new IkecertError("ASN1_MALFORMED", "trailing bytes after the ASN.1 structure");
  // iterative walk, so hostile nesting cannot blow the stack
  const stack: Array<{ t: Tlv; depth: number }> = [{ t: top, depth: 1 }];
  while (stack.length) {
    const { t, depth } = stack.pop()!;
    if (depth > maxDepth)
      throw new IkecertError(
        "ASN1_TOO_DEEP",
        `ASN.1 nesting deeper than ${maxDepth} levels (limit --max-depth)`,
      );
    if (t.tag & 0x20) {
      let pos = t.contentStart;
      while (pos < t.end) {
        const c = readTlv(buf, pos, t.end);
        stack.push({ t: c, depth: depth + 1 });
        pos = c.end;
      }
    }
  }
  return top;
}

export function decodeOid(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new IkecertError("ASN1_MALFORMED", "empty OBJECT IDENTIFIER");
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128)
      throw new IkecertError("ASN1_MALFORMED", "OBJECT IDENTIFIER arc too large");
    if (!(b & 0x80)) {
      if (parts.length === 0) {
        if (v < 40) parts.push(0, v);
        else if (v < 80) parts.push(1, v - 40);
        else parts.push(2, v - 80);
      } else parts.push(v);
      v = 0;
    } else if (i === bytes.length - 1) {
      throw new IkecertError("ASN1_MALFORMED", "truncated OBJECT IDENTIFIER");
    }
  }
  return parts.join(".");
}

export function encodeOid(oid: string): Uint8Array {
  const arcs = oid.split(".").map((s) => Number(s));
  const out: number[] = [];
  const push = (n: number) => {
    const tmp = [n & 0x7f];
    n = Math.floor(n / 128);
    while (n > 0) {
      tmp.unshift((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(...tmp);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return Uint8Array.from(out);
}

/** Encode a definite DER length + tag around content. */
export function encodeTlv(tag: number, body: Uint8Array): Uint8Array {
  const len = body.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else if (len < 0x100) header = [tag, 0x81, len];
  else if (len < 0x10000) header = [tag, 0x82, len >> 8, len & 0xff];
  else if (len < 0x1000000) header = [tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
  else header = [tag, 0x84, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff];
  const out = new Uint8Array(header.length + len);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/** Parse UTCTime / GeneralizedTime content. */
export function decodeTime(buf: Uint8Array, t: Tlv): Date {
  const s = bytesText(content(buf, t), "latin1");
  let m: RegExpMatchArray | null;
  let year: number;
  if (t.tag === TAG.UTCTime) {
    m = s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/);
    if (!m) throw new IkecertError("ASN1_MALFORMED", `malformed UTCTime "${printable(s)}"`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (t.tag === TAG.GeneralizedTime) {
    m = s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/);
    if (!m) throw new IkecertError("ASN1_MALFORMED", `malformed GeneralizedTime "${printable(s)}"`);
    year = Number(m[1]);
  } else throw new IkecertError("ASN1_MALFORMED", "expected a time value");
  const d = new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? "0")),
  );
  if (Number.isNaN(d.getTime())) throw new IkecertError("ASN1_MALFORMED", "invalid date in certificate");
  return d;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?").slice(0, 40);
}
