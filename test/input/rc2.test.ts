import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rc2CbcDecrypt, rc2DecryptBlock, rc2EncryptBlock, rc2ExpandKey } from "../../lib/input/rc2.js";
import { needs } from "../needs.js";

const h = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s/g, ""), "hex"));

// RFC 2268 section 5: key, effective key bits, plaintext, ciphertext
const VECTORS: Array<[string, number, string, string]> = [
  ["0000000000000000", 63, "0000000000000000", "ebb773f993278eff"],
  ["ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49"],
  ["3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2"],
  ["88", 64, "0000000000000000", "61a8a244adacccf0"],
  ["88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f"],
  ["88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1"],
  ["88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6"],
  [
    "88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e",
    129,
    "0000000000000000",
    "5b78d3a43dfff1f1",
  ],
];

describe("RC2 (RFC 2268)", () => {
  it.each(VECTORS)("key %s, %i effective bits", (key, bits, pt, ct) => {
    const K = rc2ExpandKey(h(key), bits);
    const out = new Uint8Array(8);
    rc2DecryptBlock(K, h(ct), 0, out, 0);
    expect(Buffer.from(out).toString("hex")).toBe(pt);
    rc2EncryptBlock(K, h(pt), 0, out, 0);
    expect(Buffer.from(out).toString("hex")).toBe(ct);
  });

  it("decrypt inverts encrypt on random blocks and keys", () => {
    for (let n = 0; n < 200; n++) {
      const key = randomBytes(1 + (n % 40));
      const K = rc2ExpandKey(key, 1 + ((n * 37) % 1024));
      const pt = randomBytes(8);
      const ct = new Uint8Array(8);
      const back = new Uint8Array(8);
      rc2EncryptBlock(K, pt, 0, ct, 0);
      rc2DecryptBlock(K, ct, 0, back, 0);
      expect(Buffer.from(back).equals(pt)).toBe(true);
    }
  });

  it.runIf(needs("RC2 against openssl enc", ["openssl"]))(
    "RC2-40-CBC agrees with OpenSSL's legacy provider",
    () => {
      const key = h("0102030405");
      const iv = h("0011223344556677");
      const pt = Buffer.from("PKCS#12 legacy RC2-40 interop check, 3 blocks+");
      const ct = execFileSync(
        "openssl",
        [
          "enc",
          "-rc2-40-cbc",
          "-provider",
          "legacy",
          "-provider",
          "default",
          "-K",
          "0102030405",
          "-iv",
          "0011223344556677",
        ],
        { input: pt, stdio: ["pipe", "pipe", "ignore"] },
      );
      expect(ct.length).toBe(48);
      const out = rc2CbcDecrypt(key, 40, iv, ct);
      const pad = out[out.length - 1]!;
      expect(Buffer.from(out.subarray(0, out.length - pad)).equals(pt)).toBe(true);
    },
  );
});
