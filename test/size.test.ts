import { describe, expect, it } from "vitest";
import { sizeFindings } from "../lib/checks/size/findings.js";
import { signatureLength } from "../lib/checks/size/payloads.js";
import { type Certificate, estimateIkeAuthSize } from "../lib/index.js";

/** A stand-in certificate: the size model only reads the DER length, the subject and the key. */
function fakeCert(
  derLength: number,
  key: { algorithm: string; bits: number; curve: string | null; spki: number },
): Certificate {
  return {
    der: new Uint8Array(derLength),
    subject: { der: new Uint8Array(40), printed: "C=CH, CN=x" },
    publicKey: { algorithm: key.algorithm, bits: key.bits, curve: key.curve, spki: new Uint8Array(key.spki) },
  } as unknown as Certificate;
}
const RSA2048 = { algorithm: "RSA", bits: 2048, curve: null, spki: 294 };
const P256 = { algorithm: "ECDSA", bits: 256, curve: "P-256", spki: 91 };

function payload(r: ReturnType<typeof estimateIkeAuthSize>, name: string): number {
  const p = r.payloads.find((x) => x.name.startsWith(name));
  if (!p) throw new Error(`no payload ${name}`);
  return p.bytes;
}

describe("IKE_AUTH framing (RFC 7296 §3, RFC 7427)", () => {
  const r = estimateIkeAuthSize({
    role: "initiator",
    certificate: fakeCert(900, RSA2048),
    intermediates: [fakeCert(850, RSA2048)],
    idi: "vpn.example.com",
    idr: "C=CH, O=Example, CN=gw",
    certreqCas: 3,
    childless: true,
  });
  it("ID payloads: 4-byte header, type + 3 reserved, the encoding", () => {
    expect(payload(r, "IDi")).toBe(8 + "vpn.example.com".length);
    // DN: SEQUENCE { SET { SEQ { OID(3) PrintableString } } x3 } = 2 + (2+2+5+4)+(2+2+5+9)+(2+2+5+4)
    expect(payload(r, "IDr")).toBe(8 + 2 + 13 + 18 + 13);
  });
  it("CERT payloads: header + encoding byte + DER, the intermediate too", () => {
    expect(payload(r, "CERT (end entity)")).toBe(905);
    expect(payload(r, "CERT (intermediate 1)")).toBe(855);
  });
  it("CERTREQ: header + encoding byte + 20 bytes per CA", () => {
    expect(payload(r, "CERTREQ")).toBe(5 + 60);
  });
  it("AUTH (RFC 7427): header + method/reserved + length byte + AlgorithmIdentifier + signature", () => {
    expect(payload(r, "AUTH")).toBe(8 + 1 + 15 + 256);
    const ec = estimateIkeAuthSize({ role: "responder", certificate: fakeCert(500, P256), childless: true });
    expect(payload(ec, "AUTH")).toBe(8 + 1 + 12 + 71);
    expect(signatureLength({ algorithm: "ED25519", bits: 256, curve: null })).toBe(64);
    expect(signatureLength({ algorithm: "ECDSA", bits: 384, curve: "P-384" })).toBe(103);
    expect(signatureLength({ algorithm: "ECDSA", bits: 521, curve: "P-521" })).toBe(139);
    expect(signatureLength({ algorithm: "RSA", bits: 4096, curve: null })).toBe(512);
  });
  it("the sum of the payloads is the message; AES-CBC pads the SK plaintext to 16 bytes", () => {
    expect(r.payloads.reduce((n, p) => n + p.bytes, 0)).toBe(r.bytes);
    const sk = payload(r, "SK");
    const inner = r.bytes - 28 - sk;
    expect((inner + (sk - 4 - 16 - 16)) % 16).toBe(0);
    expect(sk - 36).toBeGreaterThanOrEqual(1);
    expect(sk - 36).toBeLessThanOrEqual(16);
  });
  it("a CHILD_SA adds the default ESP SA (156 bytes) and one-selector TSi/TSr (24 each)", () => {
    const child = estimateIkeAuthSize({
      role: "initiator",
      certificate: fakeCert(900, RSA2048),
      childless: false,
    });
    expect(payload(child, "SA")).toBe(156);
    expect(payload(child, "TSi")).toBe(24);
    expect(payload(child, "TSr")).toBe(24);
  });
  it("the datagram adds IP, UDP and the non-ESP marker; IPv6 and port 500 change it", () => {
    expect(r.datagram).toBe(r.bytes + 20 + 8 + 4);
    const v6 = estimateIkeAuthSize({
      role: "responder",
      certificate: fakeCert(500, P256),
      ipv6: true,
      natt: false,
    });
    expect(v6.datagram).toBe(v6.bytes + 40 + 8);
  });
});

describe("fragmentation (RFC 7383, charon.fragment_size)", () => {
  // budget per fragment with 1280, IPv4, port 4500, AES-CBC/HMAC-SHA2-256-128:
  // 1280 - 20 - 8 - 4 - 28 (IKE) - 8 (SKF) - 16 (IV) - 16 (ICV) = 1180 -> 1168 (16-byte blocks) - 1 = 1167
  const at = (der: number, o: Partial<Parameters<typeof estimateIkeAuthSize>[0]> = {}) =>
    estimateIkeAuthSize({
      role: "responder",
      certificate: fakeCert(der, P256),
      idi: "a",
      childless: true,
      ...o,
    });
  it("not fragmented while the datagram fits fragment_size", () => {
    const r = at(900);
    expect(r.datagram).toBeLessThanOrEqual(1280);
    expect(r.fragments).toBe(1);
  });
  it("the count is ceil(plaintext / 1167) once the message is larger", () => {
    for (const der of [1200, 1500, 2400, 3600, 5000]) {
      const r = at(der);
      const inner = r.bytes - 28 - r.payloads.find((p) => p.name.startsWith("SK"))!.bytes;
      expect(r.fragments).toBe(r.datagram <= 1280 ? 1 : Math.ceil(inner / 1167));
    }
  });
  it("fragment_size 0 is the family's default: 576 on IPv4, 1280 on IPv6 (message.c fragment())", () => {
    expect(at(2400, { fragmentSize: 0 }).fragmentSize).toBe(576);
    expect(at(2400, { fragmentSize: 0 }).fragments).toBe(at(2400, { fragmentSize: 576 }).fragments);
    expect(at(2400, { fragmentSize: 0, ipv6: true }).fragmentSize).toBe(1280);
  });
  it("fragments larger than the path MTU are a warning of their own", () => {
    const codes = (o: Partial<Parameters<typeof estimateIkeAuthSize>[0]>) =>
      sizeFindings(at(2400, o), {}).map((f) => f.code);
    expect(codes({ fragmentSize: 1400, mtu: 1300 })).toEqual([
      "IKE_AUTH_FRAGMENTED",
      "IKE_FRAGMENT_EXCEEDS_MTU",
    ]);
    expect(codes({ fragmentSize: 1300, mtu: 1300 })).toEqual(["IKE_AUTH_FRAGMENTED"]);
    expect(
      sizeFindings(at(2400, { fragmentSize: 1400, mtu: 1300, fragmentation: false }), {
        fragmentation: false,
      }).map((f) => f.code),
    ).toEqual(["IKE_AUTH_EXCEEDS_MTU_NO_FRAGMENTATION"]);
  });
  it("a smaller fragment_size gives more fragments; no fragmentation gives one", () => {
    expect(at(2400, { fragmentSize: 576 }).fragments).toBeGreaterThan(at(2400).fragments);
    expect(at(2400, { fragmentation: false }).fragments).toBe(1);
  });
  it("findings: over the MTU with fragmentation is a warning, without it an error", () => {
    const big = at(2400);
    expect(sizeFindings(big, {}).map((f) => [f.code, f.severity])).toEqual([
      ["IKE_AUTH_FRAGMENTED", "warning"],
    ]);
    const off = at(2400, { fragmentation: false });
    expect(sizeFindings(off, { fragmentation: false })[0]!.severity).toBe("error");
    expect(sizeFindings(at(500), {})).toEqual([]);
  });
  it("IKEv1 Main Mode's third message carries a CERTREQ per CA, naming its DN: 652 bytes as charon 5.9.8 sent it in the auth tier", () => {
    const m = estimateIkeAuthSize({
      role: "initiator",
      certificate: fakeCert(440, P256),
      idi: "client@example.com",
      ikev1: true,
      natt: false,
      certreqCas: 1,
      certreqCaDns: [new Uint8Array(45)], // C=CH, O=Auth, CN=Root
    });
    expect(m.payloads.map((p) => [p.name, p.bytes])).toEqual([
      ["IKE header", 28],
      ["IDi", 26],
      ["CERT (end entity)", 445],
      ["SIG", 68],
      ["CERTREQ (CA 1)", 50],
      ["N(INITIAL_CONTACT)", 28],
      ["encryption padding", 7],
    ]);
    expect(m.bytes).toBe(652);
  });
  it("IKEv1: SIG instead of AUTH and proprietary fragments", () => {
    const v1 = estimateIkeAuthSize({ role: "initiator", certificate: fakeCert(1500, RSA2048), ikev1: true });
    expect(v1.payloads.map((p) => p.name)).toContain("SIG");
    expect(payload(v1, "SIG")).toBe(4 + 256);
    expect(v1.fragments).toBe(2);
    expect((v1.bytes - 28) % 16).toBe(0);
  });
});

describe("what shrinks it", () => {
  const r = estimateIkeAuthSize({
    role: "initiator",
    certificate: fakeCert(1100, RSA2048),
    intermediates: [fakeCert(1000, RSA2048)],
    certreqCas: 20,
    childless: false,
  });
  it("ECDSA, fewer CAs, no intermediate, no certificate: each smaller, with figures", () => {
    const whats = r.shrink.map((s) => s.what);
    expect(whats.some((w) => /ECDSA P-256/.test(w))).toBe(true);
    expect(whats.some((w) => /1 CA instead of 20/.test(w))).toBe(true);
    expect(whats.some((w) => /intermediate/.test(w))).toBe(true);
    for (const s of r.shrink) {
      expect(s.bytes).toBeLessThan(r.bytes);
      expect(s.saves).toBe(r.bytes - s.bytes);
    }
    const cas = r.shrink.find((s) => /1 CA/.test(s.what))!;
    expect(cas.saves).toBeGreaterThanOrEqual(19 * 20 - 15);
    expect(cas.saves).toBeLessThanOrEqual(19 * 20 + 15);
  });
});
