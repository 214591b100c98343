import { describe, expect, it } from "vitest";
import { encodeTlv } from "../../lib/asn1/der.js";
import { parseIdentity } from "../../lib/index.js";
import { parseGeneralNames } from "../../lib/x509/general-name.js";

const ip = (...bytes: number[]) => encodeTlv(0x87, Uint8Array.from(bytes));
const names = (...gn: Uint8Array[]) => parseGeneralNames(encodeTlv(0x30, Buffer.concat(gn)));

describe("iPAddress SANs print as charon prints the identity", () => {
  it("addresses and subnets read back to the same identity", () => {
    const sans = names(
      ip(192, 0, 2, 1),
      ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1),
      ip(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
      ip(10, 0, 0, 0, 255, 255, 255, 0),
    );
    expect(sans.map((s) => s.value)).toEqual(["192.0.2.1", "::ffff:192.0.2.1", "2001:db8::1", "10.0.0.0/24"]);
    expect(sans.map((s) => s.idType)).toEqual([
      "ID_IPV4_ADDR",
      "ID_IPV6_ADDR",
      "ID_IPV6_ADDR",
      "ID_IPV4_ADDR_SUBNET",
    ]);
    for (const s of sans) expect(parseIdentity(s.value).encoding).toEqual(s.encoding);
  });
  it("other lengths are not representable", () => {
    const [odd] = names(ip(1, 2, 3, 4, 5));
    expect(odd).toMatchObject({ idType: null, supported: false, value: "(5-byte address)" });
  });
});
