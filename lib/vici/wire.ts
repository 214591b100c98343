/**
 * The VICI wire format (strongSwan src/libcharon/plugins/vici/README.md, "Transport protocol",
 * "Packet layer", "Message format"): pure encoding and decoding, no sockets.
 *
 * - transport: each packet is a 32-bit big-endian length, then that many bytes; charon refuses
 *   anything longer than 512 KiB (vici_socket.c VICI_MESSAGE_SIZE_MAX), so a reader caps it too;
 * - packet: one type byte; the named types (CMD_REQUEST, EVENT_REGISTER, EVENT_UNREGISTER, EVENT)
 *   carry an 8-bit length and an ASCII name; the rest of the packet is a message;
 * - message: a flat sequence of elements (section start/end, key-value, list start/item/end) that
 *   describes a tree; names have an 8-bit length, values a 16-bit big-endian length.
 *
 * Values are raw bytes (certificates travel as DER), so the decoded tree holds `Uint8Array`s;
 * `text()` and the typed parsers in commands.ts turn them into strings where they are text.
 */

export const PACKET = {
  CMD_REQUEST: 0,
  CMD_RESPONSE: 1,
  CMD_UNKNOWN: 2,
  EVENT_REGISTER: 3,
  EVENT_UNREGISTER: 4,
  EVENT_CONFIRM: 5,
  EVENT_UNKNOWN: 6,
  EVENT: 7,
} as const;
export type PacketType = (typeof PACKET)[keyof typeof PACKET];

const NAMED: ReadonlySet<number> = new Set([
  PACKET.CMD_REQUEST,
  PACKET.EVENT_REGISTER,
  PACKET.EVENT_UNREGISTER,
  PACKET.EVENT,
]);

export const ELEMENT = {
  SECTION_START: 1,
  SECTION_END: 2,
  KEY_VALUE: 3,
  LIST_START: 4,
  LIST_ITEM: 5,
  LIST_END: 6,
} as const;

/** The protocol's limit on one packet (vici_socket.c VICI_MESSAGE_SIZE_MAX, 512 KiB). */
export const VICI_MAX_PACKET = 512 * 1024;
/** Deepest nesting of sections we decode; charon's own messages nest four or five levels. */
export const VICI_MAX_DEPTH = 64;

/** A decoded section: key-values (bytes), lists (of bytes) and sub-sections, in the order received. */
export interface ViciSection {
  [key: string]: ViciValue;
}
export type ViciValue = Uint8Array | Uint8Array[] | ViciSection;

/** What a request may carry: strings are encoded as UTF-8. */
export type ViciInput = { [key: string]: ViciInputValue | undefined };
export type ViciInputValue = string | Uint8Array | (string | Uint8Array)[] | ViciInput;

/** The peer broke the protocol (a malformed or oversized packet): the connection cannot go on. */
export class ViciProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ViciProtocolError";
  }
}

export interface Packet {
  type: PacketType;
  /** the name of a named packet (command or event), else null */
  name: string | null;
  /** the message bytes (possibly empty) */
  body: Uint8Array;
}

const utf8 = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: false });

function bytesOf(v: string | Uint8Array): Uint8Array {
  return typeof v === "string" ? utf8.encode(v) : v;
}

function nameBytes(name: string): Uint8Array {
  const b = utf8.encode(name);
  if (b.length > 255) throw new ViciProtocolError(`vici name longer than 255 bytes: ${name.slice(0, 40)}...`);
  return b;
}

/** Encode a message tree (strings as UTF-8). `undefined` entries are left out. */
export function encodeMessage(msg: ViciInput): Uint8Array {
  const parts: number[] = [];
  const push = (b: Uint8Array) => {
    for (const x of b) parts.push(x);
  };
  const value = (v: string | Uint8Array) => {
    const b = bytesOf(v);
    if (b.length > 0xffff) throw new ViciProtocolError("vici value longer than 65535 bytes");
    parts.push(b.length >> 8, b.length & 0xff);
    push(b);
  };
  const named = (type: number, k: string) => {
    const n = nameBytes(k);
    parts.push(type, n.length);
    push(n);
  };
  const walk = (sec: ViciInput, depth: number) => {
    if (depth > VICI_MAX_DEPTH) throw new ViciProtocolError("vici message nested too deep");
    for (const [k, v] of Object.entries(sec)) {
      if (v === undefined) continue;
      if (typeof v === "string" || v instanceof Uint8Array) {
        named(ELEMENT.KEY_VALUE, k);
        value(v);
      } else if (Array.isArray(v)) {
        named(ELEMENT.LIST_START, k);
        for (const item of v) {
          parts.push(ELEMENT.LIST_ITEM);
          value(item);
        }
        parts.push(ELEMENT.LIST_END);
      } else {
        named(ELEMENT.SECTION_START, k);
        walk(v, depth + 1);
        parts.push(ELEMENT.SECTION_END);
      }
    }
  };
  walk(msg, 0);
  return Uint8Array.from(parts);
}

function newSection(): ViciSection {
  return Object.create(null) as ViciSection;
}

/**
 * Decode a message. Throws ViciProtocolError on anything the format does not allow: an unknown
 * element type, a length past the end, an unbalanced section or list, an item outside a list,
 * nesting deeper than VICI_MAX_DEPTH. A repeated key keeps its first value (keys are unique in
 * a valid message).
 */
export function decodeMessage(buf: Uint8Array): ViciSection {
  const root = newSection();
  const stack: ViciSection[] = [root];
  let list: Uint8Array[] | null = null;
  let i = 0;
  const need = (n: number, what: string) => {
    if (i + n > buf.length) throw new ViciProtocolError(`vici message ends inside a ${what}`);
  };
  const readName = (what: string): string => {
    need(1, what);
    const n = buf[i++]!;
    need(n, what);
    const s = textDecoder.decode(buf.subarray(i, i + n));
    i += n;
    return s;
  };
  const readValue = (what: string): Uint8Array => {
    need(2, what);
    const n = (buf[i]! << 8) | buf[i + 1]!;
    i += 2;
    need(n, what);
    const v = buf.slice(i, i + n);
    i += n;
    return v;
  };
  const put = (sec: ViciSection, k: string, v: ViciValue) => {
    if (!(k in sec)) sec[k] = v;
  };
  while (i < buf.length) {
    const type = buf[i++]!;
    const top = stack[stack.length - 1]!;
    if (list !== null && type !== ELEMENT.LIST_ITEM && type !== ELEMENT.LIST_END)
      throw new ViciProtocolError(`vici element ${type} inside a list`);
    switch (type) {
      case ELEMENT.SECTION_START: {
        const k = readName("section name");
        if (stack.length > VICI_MAX_DEPTH) throw new ViciProtocolError("vici message nested too deep");
        const s = newSection();
        put(top, k, s);
        stack.push(s);
        break;
      }
      case ELEMENT.SECTION_END:
        if (stack.length === 1) throw new ViciProtocolError("vici section end without a section");
        stack.pop();
        break;
      case ELEMENT.KEY_VALUE: {
        const k = readName("key");
        put(top, k, readValue("value"));
        break;
      }
      case ELEMENT.LIST_START: {
        const k = readName("list name");
        list = [];
        put(top, k, list);
        break;
      }
      case ELEMENT.LIST_ITEM:
        if (list === null) throw new ViciProtocolError("vici list item outside a list");
        list.push(readValue("list item"));
        break;
      case ELEMENT.LIST_END:
        if (list === null) throw new ViciProtocolError("vici list end without a list");
        list = null;
        break;
      default:
        throw new ViciProtocolError(`unknown vici element type ${type} at byte ${i - 1}`);
    }
  }
  if (list !== null) throw new ViciProtocolError("vici message ends inside a list");
  if (stack.length !== 1) throw new ViciProtocolError("vici message ends inside a section");
  return root;
}

/** One packet with its 4-byte length prefix. */
export function encodePacket(
  type: PacketType,
  name: string | null,
  body: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const n = name === null ? null : nameBytes(name);
  if (NAMED.has(type) !== (n !== null))
    throw new ViciProtocolError(`vici packet type ${type} ${NAMED.has(type) ? "needs" : "takes no"} name`);
  const len = 1 + (n ? 1 + n.length : 0) + body.length;
  if (len > VICI_MAX_PACKET) throw new ViciProtocolError(`vici packet of ${len} bytes exceeds 512 KiB`);
  const out = new Uint8Array(4 + len);
  new DataView(out.buffer).setUint32(0, len);
  out[4] = type;
  let o = 5;
  if (n) {
    out[o++] = n.length;
    out.set(n, o);
    o += n.length;
  }
  out.set(body, o);
  return out;
}

/** Split a packet (without its length prefix) into type, name and message bytes. */
export function decodePacket(p: Uint8Array): Packet {
  if (p.length < 1) throw new ViciProtocolError("empty vici packet");
  const type = p[0]!;
  if (type > PACKET.EVENT) throw new ViciProtocolError(`unknown vici packet type ${type}`);
  if (!NAMED.has(type)) return { type: type as PacketType, name: null, body: p.subarray(1) };
  if (p.length < 2) throw new ViciProtocolError(`vici packet type ${type} without its name`);
  const n = p[1]!;
  if (p.length < 2 + n) throw new ViciProtocolError(`vici packet type ${type} ends inside its name`);
  return {
    type: type as PacketType,
    name: textDecoder.decode(p.subarray(2, 2 + n)),
    body: p.subarray(2 + n),
  };
}

/**
 * Reassembles packets from a byte stream that arrives in arbitrary pieces. A length above `maxPacket`
 * is refused as soon as its 4 bytes are in, before anything of it is buffered.
 */
export class PacketReader {
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly maxPacket = VICI_MAX_PACKET) {}

  /** bytes received but not yet part of a whole packet */
  get pending(): number {
    return this.size;
  }

  /** Add bytes; returns every packet now complete (without the length prefix). */
  push(data: Uint8Array): Uint8Array[] {
    if (data.length) {
      this.chunks.push(data);
      this.size += data.length;
    }
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.size < 4) break;
      const head = this.peek(4);
      const len = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
      if (len === 0) throw new ViciProtocolError("vici packet of length 0");
      if (len > this.maxPacket)
        throw new ViciProtocolError(
          `vici packet of ${len} bytes announced, more than the ${this.maxPacket} allowed`,
        );
      if (this.size < 4 + len) break;
      const all = this.take(4 + len);
      out.push(all.subarray(4));
    }
    return out;
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    this.chunks = [concat(this.chunks, this.size)];
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0]! : concat(this.chunks, this.size);
    const out = all.slice(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
    return out;
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const b = Buffer.concat(chunks, size);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

// ---------------------------------------------------------------------------------------------------
// Reading a decoded tree

export function isSection(v: ViciValue | undefined): v is ViciSection {
  return v !== undefined && !(v instanceof Uint8Array) && !Array.isArray(v);
}

/** A value as text (UTF-8; charon sends text values without a terminating NUL). */
export function text(v: ViciValue | undefined): string | undefined {
  return v instanceof Uint8Array ? textDecoder.decode(v) : undefined;
}

/** A list as text items; a missing or non-list value is an empty list. */
export function textList(v: ViciValue | undefined): string[] {
  return Array.isArray(v) ? v.map((b) => textDecoder.decode(b)) : [];
}

/** The sub-sections of a section, in order. */
export function sections(v: ViciValue | undefined): [string, ViciSection][] {
  if (!isSection(v)) return [];
  return Object.entries(v).filter((e): e is [string, ViciSection] => isSection(e[1]));
}

/** A whole tree as plain JSON-able data (values as text; for debugging and --json of raw answers). */
export function toPlain(v: ViciValue): unknown {
  if (v instanceof Uint8Array) return textDecoder.decode(v);
  if (Array.isArray(v)) return v.map((b) => textDecoder.decode(b));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
  return out;
}
