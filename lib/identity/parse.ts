/**
 * A configured identity string → strongSwan's identity (semantics §2; identification.c
 * identification_create_from_string and _with_regex). strongSwan never rejects a plain id: what it
 * cannot read as an address or a DN falls back to ID_FQDN or ID_KEY_ID, and so does this parser.
 */

import { encodeOid, encodeTlv, TAG } from "../asn1/der.js";
import { bytesText } from "../bytes.js";
import { IkecertError } from "../errors.js";
import { type BehaviourName, type ReleaseLike, rulesFor } from "../rules.js";
import { printEncoding } from "../x509/print.js";
import { isAsn1Blob, isValidDn } from "../x509/rdn.js";
import { ID_TYPES, idTypeName } from "../x509/types.js";
import { parseDnString, type RdnMatching } from "./dn.js";
import { compilePosixRegex } from "./regex.js";

/** An identity as strongSwan's identification_t holds it: type, encoding and printed form. */
export interface Identity {
  type: number;
  typeName: string;
  encoding: Uint8Array;
  /** as charon prints it (`%Y`) */
  printed: string;
  /** the text it was parsed from (null for a NULL id or one made from an encoding) */
  input: string | null;
  /** a regex pattern id (swanctl, 6.0.2+) */
  regex?: boolean;
}

/** Options of the identity parser: the release, swanctl's regex ids, rdn_matching. */
export interface IdentityOptions {
  /** strongSwan release whose rules apply, or its resolved rules (default: the newest covered) */
  strongswan?: ReleaseLike;
  /** parse as swanctl parses configured ids (regex ids on releases that have them) */
  regex?: boolean;
  rdnMatching?: RdnMatching;
}

interface Prefix {
  text: string;
  type: number;
  regex: boolean;
  /** known only to releases with this behaviour */
  when?: BehaviourName;
}

const PREFIXES: Prefix[] = [
  { text: "ipv4:", type: ID_TYPES.ID_IPV4_ADDR, regex: false },
  { text: "ipv6:", type: ID_TYPES.ID_IPV6_ADDR, regex: false },
  { text: "ipv4net:", type: ID_TYPES.ID_IPV4_ADDR_SUBNET, regex: false },
  { text: "ipv6net:", type: ID_TYPES.ID_IPV6_ADDR_SUBNET, regex: false },
  { text: "ipv4range:", type: ID_TYPES.ID_IPV4_ADDR_RANGE, regex: false },
  { text: "ipv6range:", type: ID_TYPES.ID_IPV6_ADDR_RANGE, regex: false },
  { text: "rfc822:", type: ID_TYPES.ID_RFC822_ADDR, regex: true },
  { text: "email:", type: ID_TYPES.ID_RFC822_ADDR, regex: true },
  { text: "userfqdn:", type: ID_TYPES.ID_RFC822_ADDR, regex: true },
  { text: "fqdn:", type: ID_TYPES.ID_FQDN, regex: true },
  { text: "dns:", type: ID_TYPES.ID_FQDN, regex: true },
  { text: "asn1dn:", type: ID_TYPES.ID_DER_ASN1_DN, regex: true },
  { text: "asn1gn:", type: ID_TYPES.ID_DER_ASN1_GN, regex: false },
  { text: "xmppaddr:", type: ID_TYPES.ID_DER_ASN1_GN, regex: false },
  { text: "keyid:", type: ID_TYPES.ID_KEY_ID, regex: false },
  // before 5.9.12 there is no uri: prefix; `uri:...` then goes through the generic rules below
  { text: "uri:", type: ID_TYPES.ID_DER_ASN1_GN_URI, regex: false, when: "uriIdPrefix" },
];

/** The prefixes known to `release` (for explanations). */
export function typePrefixes(release?: ReleaseLike): string[] {
  const rules = rulesFor(release);
  return PREFIXES.filter((p) => !p.when || rules[p.when]).map((p) => p.text);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return 0;
}

/** chunk_from_hex: optional 0x, `:` separators skipped, odd digit count = leading 0 nibble, junk = 0. */
export function hexToBytes(text: Uint8Array): Uint8Array {
  let hex = text;
  if (hex.length > 1 && hex[1] === 0x78 && hex[0] === 0x30) hex = hex.subarray(2);
  let len = hex.length;
  for (const c of hex) if (c === 0x3a) len--;
  const odd = len % 2 === 1;
  if (odd) len++;
  len /= 2;
  const out = new Uint8Array(len);
  let p = hex.length;
  for (let i = len - 1; i >= 0; i--) {
    if (hex[--p] === 0x3a) --p;
    let v = hexValue(hex[p] ?? 0);
    if (i > 0 || !odd) v |= hexValue(hex[--p] ?? 0) << 4;
    out[i] = v;
  }
  return out;
}

const enc = new TextEncoder();

/** UTF-8 of a string; ids are short and mostly ASCII, which a plain loop encodes faster. */
function utf8(s: string): Uint8Array {
  if (s.length > 256) return enc.encode(s);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return enc.encode(s);
    out[i] = c;
  }
  return out;
}

function typeNameOf(type: number): string {
  const n = idTypeName(type);
  return n.startsWith("(") ? `{${type}}` : n;
}

/**
 * An identity whose text is made on first use (matching thousands of SANs rarely needs it). A class
 * with private fields and one shared accessor, not an object literal with a getter: a literal makes
 * a closure and an accessor pair per identity, which young-generation collections cannot free and
 * copy to the old generation (docs/speed.md). `printed` is still an own enumerable property, as JSON,
 * spreads and deep equality saw it before.
 */
class ParsedIdentity implements Identity {
  declare type: number;
  declare typeName: string;
  declare encoding: Uint8Array;
  declare readonly printed: string;
  declare input: string | null;
  declare regex?: boolean;
  #release: ReleaseLike | undefined;
  #printed: string | undefined;
  static readonly #PRINTED: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: ParsedIdentity) {
      this.#printed ??= printEncoding(this.type, this.encoding, {
        release: this.#release,
        regex: !!this.regex,
      });
      return this.#printed;
    },
  };
  constructor(
    type: number,
    encoding: Uint8Array,
    input: string | null,
    release: ReleaseLike | undefined,
    regex: boolean,
  ) {
    this.type = type;
    this.typeName = typeNameOf(type);
    this.encoding = type === ID_TYPES.ID_ANY ? new Uint8Array(0) : encoding;
    Object.defineProperty(this, "printed", ParsedIdentity.#PRINTED);
    this.input = input;
    if (regex) this.regex = true;
    this.#release = release;
  }
}

function make(
  type: number,
  encoding: Uint8Array,
  input: string | null,
  release?: ReleaseLike,
  regex = false,
): Identity {
  return new ParsedIdentity(type, encoding, input, release, regex);
}

/** `payload` after a prefix: `#hex` or the raw bytes, unchanged. */
function payload(b: Uint8Array): Uint8Array {
  return b[0] === 0x23 ? hexToBytes(b.subarray(1)) : b;
}

function startsWithCi(b: Uint8Array, prefix: string): boolean {
  if (b.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const c = b[i]!;
    const l = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    if (l !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** xmppaddr: wraps the value as otherName { id-on-xmppAddr, [0] UTF8String }. */
function xmppGeneralName(value: Uint8Array): Uint8Array {
  const oid = encodeTlv(TAG.OID, encodeOid("1.3.6.1.5.5.7.8.5"));
  const inner = encodeTlv(0xa0, encodeTlv(TAG.UTF8String, value));
  return encodeTlv(0xa0, Buffer.concat([oid, inner]));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.concat([a, b]));
}

/** `{N}:` with N read like strtoul(s, &end, 0): decimal, 0x hex or 0 octal (no digits reads 0). */
function numericType(s: string): { type: number; offset: number } | null {
  const m = /^\{(?:\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*))?\}:/.exec(s);
  if (!m) return null;
  const body = m[2] ?? "0";
  let v: number;
  if (/^0[xX]/.test(body)) v = Number.parseInt(body.slice(2), 16);
  else if (body.length > 1 && body[0] === "0") v = Number.parseInt(body, 8);
  else v = Number(body);
  if (m[1] === "-") v = -v >>> 0;
  if (!Number.isSafeInteger(v) || v > 0xffffffff) return null;
  return { type: v, offset: m[0].length };
}

const ANY_STRINGS = new Set(["", "%any", "%any6", "0.0.0.0", "*", "::", "0::0"]);

const OCTET = "(0|[1-9]\\d{0,2})";
const IPV4_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** inet_pton(AF_INET): strict dotted quad, each part at most 255, no leading zeros (glibc). */
export function pton4(s: string): Uint8Array | null {
  const m = IPV4_RE.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return Uint8Array.from(parts);
}

/** inet_pton(AF_INET6), including a dotted IPv4 tail. */
export function pton6(s: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return null;
  let tail: Uint8Array | null = null;
  let str = s;
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".")) {
    tail = pton4(s.slice(lastColon + 1));
    if (!tail) return null;
    str = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = str.split("::");
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === "") return [];
    const groups = h.split(":");
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return null;
  let groups: number[];
  if (halves.length === 2) {
    if (head.length + rest.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  if (tail) out.set(tail, 12);
  return out;
}

/** atoi: leading spaces, a sign, digits; anything else stops it. */
function atoi(s: string): number {
  const m = /^[\s]*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/** create_ip_address_from_string */
function parseAddress(s: string, v4: boolean): { type: number; encoding: Uint8Array } | null {
  const size = v4 ? 4 : 16;
  const pton = v4 ? pton4 : pton6;
  const slash = s.indexOf("/");
  const dash = slash < 0 ? s.indexOf("-") : -1;
  const first = pton(slash >= 0 ? s.slice(0, slash) : dash >= 0 ? s.slice(0, dash) : s);
  if (!first) return null;
  if (slash >= 0) {
    let bits = atoi(s.slice(slash + 1));
    if (bits > 8 * size) return null;
    const mask = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const b = Math.max(0, Math.min(8, bits));
      mask[i] = b <= 0 ? 0 : (0xff << (8 - b)) & 0xff;
      bits -= 8;
      first[i]! &= mask[i]!;
    }
    return {
      type: v4 ? ID_TYPES.ID_IPV4_ADDR_SUBNET : ID_TYPES.ID_IPV6_ADDR_SUBNET,
      encoding: concat(first, mask),
    };
  }
  if (dash >= 0) {
    const to = pton(s.slice(dash + 1));
    if (!to) return null;
    for (let i = 0; i < size; i++) {
      if (first[i] !== to[i]) {
        if (first[i]! > to[i]!) return null;
        break;
      }
    }
    return {
      type: v4 ? ID_TYPES.ID_IPV4_ADDR_RANGE : ID_TYPES.ID_IPV6_ADDR_RANGE,
      encoding: concat(first, to),
    };
  }
  return { type: v4 ? ID_TYPES.ID_IPV4_ADDR : ID_TYPES.ID_IPV6_ADDR, encoding: first };
}

function fromBytes(bytes: Uint8Array, input: string | null, release?: ReleaseLike): Identity {
  const rules = rulesFor(release);
  // detection works on the bytes read as latin1: every character that matters is ASCII
  const text = bytesText(bytes, "latin1");
  for (const p of PREFIXES) {
    if (p.when && !rules[p.when]) continue;
    if (!startsWithCi(bytes, p.text)) continue;
    let value = payload(bytes.subarray(p.text.length));
    if (p.text === "xmppaddr:") value = xmppGeneralName(value);
    return make(p.type, value, input, release);
  }
  const num = numericType(text);
  if (num) return make(num.type, payload(bytes.subarray(num.offset)), input, release);
  if (text.includes("=")) {
    const dn = parseDnString(bytes, release);
    if (dn.der) return make(ID_TYPES.ID_DER_ASN1_DN, dn.der, input, release);
    return make(ID_TYPES.ID_KEY_ID, bytes, input, release);
  }
  if (!text.includes("@")) {
    if (ANY_STRINGS.has(text)) return make(ID_TYPES.ID_ANY, new Uint8Array(0), input, release);
    if (!text.includes(":")) {
      const a = parseAddress(text, true);
      return a ? make(a.type, a.encoding, input, release) : make(ID_TYPES.ID_FQDN, bytes, input, release);
    }
    const a = parseAddress(text, false);
    return a ? make(a.type, a.encoding, input, release) : make(ID_TYPES.ID_KEY_ID, bytes, input, release);
  }
  if (text.startsWith("@#")) return make(ID_TYPES.ID_KEY_ID, hexToBytes(bytes.subarray(2)), input, release);
  if (text.startsWith("@@")) return make(ID_TYPES.ID_RFC822_ADDR, bytes.subarray(2), input, release);
  if (text.startsWith("@")) return make(ID_TYPES.ID_FQDN, bytes.subarray(1), input, release);
  return make(ID_TYPES.ID_RFC822_ADDR, bytes, input, release);
}

/** The data of an IKE ID payload: a 16-bit payload length minus its 8-byte header (RFC 7296 §3.5). */
export const MAX_IDENTITY_LENGTH = 65_527;

/**
 * Parse an identity string as strongSwan does. `null` is `%any`. With `regex: true` (swanctl's
 * parser) and a release of 6.0.2 or later, `fqdn:^...$`-style strings become regex patterns; an
 * invalid regex throws IkecertError IDENTITY_INVALID, as swanctl then refuses the config.
 */
export function parseIdentity(text: string | null, opts: IdentityOptions = {}): Identity {
  const release = opts.strongswan;
  if (text === null) return make(ID_TYPES.ID_ANY, new Uint8Array(0), null, release);
  // C strings end at the first NUL
  const s = text.includes("\0") ? text.slice(0, text.indexOf("\0")) : text;
  const bytes = utf8(s);
  if (bytes.length > MAX_IDENTITY_LENGTH)
    throw new IkecertError(
      "IDENTITY_INVALID",
      `an identity of ${bytes.length} bytes is longer than an IKE ID payload can carry (${MAX_IDENTITY_LENGTH} bytes, RFC 7296 section 3.5)`,
    );
  if (opts.regex && rulesFor(release).regexIds) {
    for (const p of PREFIXES) {
      if (!startsWithCi(bytes, p.text)) continue;
      const rest = s.slice(p.text.length);
      if (p.regex && rest.startsWith("^") && rest.endsWith("$")) {
        const err = compilePosixRegex(rest).error;
        if (err) throw new IkecertError("IDENTITY_INVALID", `invalid regular expression '${rest}': ${err}`);
        return make(p.type, enc.encode(rest), text, release, true);
      }
      break;
    }
  }
  return fromBytes(bytes, text, release);
}

/** identification_create_from_encoding */
export function identityFromEncoding(
  type: number,
  encoding: Uint8Array,
  opts: IdentityOptions = {},
): Identity {
  return make(type, encoding, null, opts.strongswan);
}

/** identification_create_from_data: a well-formed DER DN, else the bytes read as an id string. */
export function identityFromData(data: Uint8Array, opts: IdentityOptions = {}): Identity {
  const dnValidated = rulesFor(opts.strongswan).dnValidatedFromData;
  if (isAsn1Blob(data) && (!dnValidated || isValidDn(data)))
    return make(ID_TYPES.ID_DER_ASN1_DN, data, null, opts.strongswan);
  const nul = data.indexOf(0);
  return fromBytes(nul >= 0 ? data.subarray(0, nul) : data, null, opts.strongswan);
}
