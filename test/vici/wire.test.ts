/**
 * The VICI wire format (lib/vici/wire.ts) against strongSwan's src/libcharon/plugins/vici/README.md:
 * the encoding example given there byte for byte, the packet layer, and what a decoder must refuse.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeMessage,
  decodePacket,
  encodeMessage,
  encodePacket,
  PACKET,
  PacketReader,
  VICI_MAX_PACKET,
  type ViciInput,
  ViciProtocolError,
  type ViciSection,
  type ViciValue,
} from "../../lib/index.js";
import { text, textList, toPlain } from "../../lib/vici/wire.js";

const b = (s: string) => [...Buffer.from(s)];

// README.md "Encoding example": key1 = value1, section1 = { sub-section = { key2 = value2 }, list1 = [ item1, item2 ] }
const README_EXAMPLE = Uint8Array.from([
  3,
  4,
  ...b("key1"),
  0,
  6,
  ...b("value1"),
  1,
  8,
  ...b("section1"),
  1,
  11,
  ...b("sub-section"),
  3,
  4,
  ...b("key2"),
  0,
  6,
  ...b("value2"),
  2,
  4,
  5,
  ...b("list1"),
  5,
  0,
  5,
  ...b("item1"),
  5,
  0,
  5,
  ...b("item2"),
  6,
  2,
]);

describe("vici message encoding (README example)", () => {
  it("encodes the README's tree to the README's bytes", () => {
    const msg: ViciInput = {
      key1: "value1",
      section1: { "sub-section": { key2: "value2" }, list1: ["item1", "item2"] },
    };
    expect(Buffer.from(encodeMessage(msg)).toString("hex")).toBe(Buffer.from(README_EXAMPLE).toString("hex"));
  });

  it("decodes the README's bytes to the README's tree", () => {
    expect(toPlain(decodeMessage(README_EXAMPLE))).toEqual({
      key1: "value1",
      section1: { "sub-section": { key2: "value2" }, list1: ["item1", "item2"] },
    });
  });

  it("keeps binary values as bytes (certificates travel as DER)", () => {
    const der = Uint8Array.from([0x30, 0x82, 0x00, 0xff, 0x00, 0x80]);
    const m = decodeMessage(encodeMessage({ data: der, type: "X509" }));
    expect(m.data).toEqual(der);
    expect(text(m.type)).toBe("X509");
  });

  it("round-trips arbitrary trees", () => {
    const name = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((s) => Buffer.byteLength(s) <= 255 && s !== "__proto__");
    const value = fc.uint8Array({ maxLength: 40 });
    const tree: fc.Arbitrary<ViciInput> = fc.letrec((tie) => ({
      node: fc.dictionary(
        name,
        fc.oneof(
          { maxDepth: 4 },
          value,
          fc.array(value, { maxLength: 5 }),
          tie("node") as fc.Arbitrary<ViciInput>,
        ),
        { maxKeys: 4 },
      ),
    })).node as fc.Arbitrary<ViciInput>;
    fc.assert(
      fc.property(tree, (t) => {
        const back = decodeMessage(encodeMessage(t));
        const norm = (v: ViciValue | ViciInput[string]): unknown =>
          v instanceof Uint8Array
            ? Buffer.from(v).toString("hex")
            : Array.isArray(v)
              ? v.map((x) => Buffer.from(x as Uint8Array).toString("hex"))
              : Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, norm(x)]));
        expect(norm(back as ViciSection)).toEqual(norm(t as ViciInput[string]));
      }),
      { numRuns: 300 },
    );
  });
});

describe("vici message decoding refuses what the format does not allow", () => {
  const bad: [string, number[], RegExp][] = [
    ["an unknown element type", [9, 1, 65], /unknown vici element type 9/],
    ["a value longer than the message", [3, 1, 65, 0, 9, 1, 2], /ends inside a value/],
    ["a name longer than the message", [1, 20, 65], /ends inside a section name/],
    ["an unclosed section", [1, 1, 65], /ends inside a section/],
    ["a section end without a section", [2], /section end without a section/],
    ["an unclosed list", [4, 1, 65, 5, 0, 1, 66], /ends inside a list/],
    ["a list item outside a list", [5, 0, 1, 66], /list item outside a list/],
    ["a key-value inside a list", [4, 1, 65, 3, 1, 66, 0, 0, 6], /inside a list/],
    ["a list inside a list (lists do not nest)", [4, 1, 65, 4, 1, 66, 6, 6], /inside a list/],
  ];
  for (const [what, bytes, re] of bad)
    it(what, () => {
      expect(() => decodeMessage(Uint8Array.from(bytes))).toThrow(ViciProtocolError);
      expect(() => decodeMessage(Uint8Array.from(bytes))).toThrow(re);
    });

  it("refuses nesting deeper than its limit instead of recursing without end", () => {
    const deep = new Uint8Array(3 * 200 + 200);
    for (let i = 0; i < 200; i++) deep.set([1, 1, 65], i * 3);
    deep.fill(2, 600);
    expect(() => decodeMessage(deep)).toThrow(/nested too deep/);
  });

  it("throws nothing but ViciProtocolError on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeMessage(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(ViciProtocolError);
        }
        try {
          decodePacket(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(ViciProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the first of a repeated key and never touches Object.prototype", () => {
    const m = decodeMessage(
      encodeMessageRaw([
        [3, "__proto__", "x"],
        [3, "a", "1"],
        [3, "a", "2"],
      ]),
    );
    expect(text(m.a)).toBe("1");
    expect(text(Object.getOwnPropertyDescriptor(m, "__proto__")?.value)).toBe("x");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

function encodeMessageRaw(items: [number, string, string][]): Uint8Array {
  const out: number[] = [];
  for (const [t, k, v] of items) out.push(t, k.length, ...b(k), v.length >> 8, v.length & 255, ...b(v));
  return Uint8Array.from(out);
}

describe("vici packets", () => {
  it("names requests and events, not responses (README 'Packet layer')", () => {
    const req = encodePacket(PACKET.CMD_REQUEST, "version");
    expect([...req]).toEqual([0, 0, 0, 9, 0, 7, ...b("version")]);
    expect(decodePacket(req.subarray(4))).toMatchObject({ type: 0, name: "version" });
    const res = encodePacket(PACKET.CMD_RESPONSE, null, encodeMessage({ a: "b" }));
    expect(decodePacket(res.subarray(4))).toMatchObject({ type: 1, name: null });
    expect(() => encodePacket(PACKET.CMD_REQUEST, null)).toThrow(/needs name/);
    expect(() => encodePacket(PACKET.CMD_RESPONSE, "x")).toThrow(/takes no name/);
    expect(() => decodePacket(Uint8Array.from([8]))).toThrow(/unknown vici packet type 8/);
    expect(() => decodePacket(Uint8Array.from([7, 5, 65]))).toThrow(/ends inside its name/);
  });

  it("reassembles packets from pieces of any size", () => {
    const packets = [
      encodePacket(PACKET.EVENT, "log", encodeMessage({ msg: "x".repeat(3000) })),
      encodePacket(PACKET.CMD_RESPONSE, null, encodeMessage({ conns: ["a", "b"] })),
      encodePacket(PACKET.EVENT_CONFIRM, null),
    ];
    const all = Buffer.concat(packets);
    for (const size of [1, 2, 3, 7, 4096, all.length]) {
      const r = new PacketReader();
      const got: Uint8Array[] = [];
      for (let i = 0; i < all.length; i += size) got.push(...r.push(all.subarray(i, i + size)));
      expect(got.map((p) => decodePacket(p).type)).toEqual([
        PACKET.EVENT,
        PACKET.CMD_RESPONSE,
        PACKET.EVENT_CONFIRM,
      ]);
      expect(textList(decodeMessage(decodePacket(got[1]!).body).conns)).toEqual(["a", "b"]);
      expect(r.pending).toBe(0);
    }
  });

  it("refuses an oversized length as soon as its four bytes are in", () => {
    const r = new PacketReader(1024);
    expect(() => r.push(Uint8Array.from([0, 0, 4, 1]))).toThrow(
      /1025 bytes announced, more than the 1024 allowed/,
    );
    expect(() => new PacketReader().push(Uint8Array.from([0, 0x08, 0, 1]))).toThrow(
      new RegExp(`more than the ${VICI_MAX_PACKET} allowed`),
    );
    expect(() => new PacketReader().push(Uint8Array.from([0, 0, 0, 0]))).toThrow(/length 0/);
  });
});
