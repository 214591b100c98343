import { describe, expect, it } from "vitest";
import { readTlv, validateDer } from "../../lib/asn1/der.js";
import { IkecertError } from "../../lib/errors.js";
import { berChildren, berOctets, octetString, readBer } from "../../lib/input/ber.js";

const b = (...x: number[]) => Uint8Array.from(x);
const code = (f: () => unknown) => {
  try {
    f();
    return "no error";
  } catch (e) {
    expect(e).toBeInstanceOf(IkecertError);
    return (e as IkecertError).code;
  }
};

describe("BER reader (PKCS#12)", () => {
  it("reads indefinite lengths and constructed OCTET STRINGs", () => {
    // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "c" }, INTEGER 5 }
    const buf = b(
      0x30,
      0x80,
      0x24,
      0x80,
      0x04,
      0x02,
      0x61,
      0x62,
      0x04,
      0x01,
      0x63,
      0x00,
      0x00,
      0x02,
      0x01,
      0x05,
      0x00,
      0x00,
    );
    const top = readBer(buf, 0);
    expect(top.end).toBe(buf.length);
    const [os, int] = berChildren(buf, top);
    expect(Buffer.from(octetString(buf, os, "x")).toString()).toBe("abc");
    expect(int!.tag).toBe(0x02);
  });

  it("nested constructed OCTET STRINGs concatenate", () => {
    const buf = b(0x24, 0x08, 0x24, 0x03, 0x04, 0x01, 0x41, 0x04, 0x01, 0x42);
    expect(Buffer.from(berOctets(buf, readBer(buf, 0))).toString()).toBe("AB");
  });

  it.each([
    ["a length past the end", b(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00), "ASN1_TRUNCATED"],
    ["a five-byte length", b(0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00), "ASN1_MALFORMED"],
    ["a cut-off length", b(0x30, 0x82, 0x01), "ASN1_TRUNCATED"],
    ["an indefinite primitive", b(0x04, 0x80, 0x00, 0x00), "ASN1_MALFORMED"],
    ["no end-of-contents", b(0x30, 0x80, 0x05, 0x00), "ASN1_TRUNCATED"],
    ["a high tag number", b(0x1f, 0x81, 0x00), "ASN1_MALFORMED"],
    ["a single byte", b(0x30), "ASN1_TRUNCATED"],
    [
      "nesting 100 deep",
      Uint8Array.from([...Array(100).fill([0x30, 0x80]).flat(), ...Array(100).fill([0, 0]).flat()]),
      "ASN1_TOO_DEEP",
    ],
  ])("refuses %s with an IkecertError", (_n, buf, c) => {
    expect(code(() => readBer(buf, 0))).toBe(c);
  });

  it("a constructed OCTET STRING holding something else is malformed", () => {
    const buf = b(0x24, 0x03, 0x02, 0x01, 0x00);
    expect(code(() => berOctets(buf, readBer(buf, 0)))).toBe("ASN1_MALFORMED");
  });
});

describe("strict DER reader on hostile lengths", () => {
  it.each([
    [b(0x30, 0x84, 0xff, 0xff, 0xff, 0xff), "ASN1_TRUNCATED"],
    [b(0x30, 0x88, 0, 0, 0, 0, 0, 0, 0, 1), "ASN1_MALFORMED"],
    [b(0x30, 0x80, 0x00, 0x00), "ASN1_MALFORMED"],
    [b(0x30, 0x03, 0x30, 0x05, 0x00), "ASN1_TRUNCATED"],
  ])("%o → %s", (buf, c) => {
    expect(code(() => validateDer(buf))).toBe(c);
  });

  it("a deep DER bomb stops at the depth limit without blowing the stack", () => {
    let x = b(0x05, 0x00);
    for (let i = 0; i < 5000; i++) {
      const len = x.length;
      const head =
        len < 128 ? [0x30, len] : len < 256 ? [0x30, 0x81, len] : [0x30, 0x82, len >> 8, len & 0xff];
      x = Uint8Array.from([...head, ...x]);
      if (x.length > 60000) break;
    }
    expect(code(() => validateDer(x))).toBe("ASN1_TOO_DEEP");
    expect(readTlv(x, 0).end).toBe(x.length);
  });
});
