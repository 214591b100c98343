import { describe, expect, it } from "vitest";
import { checkPsk, generatePsk, isIkecertError, pskFromText } from "../lib/index.js";

describe("PSK strength", () => {
  it.each([
    "password123",
    "vpnsecret2024!",
    "qwertyuiop",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "0x" + "ab".repeat(32),
  ])("weak: %s", async (k) => {
    const r = await checkPsk(k);
    expect(r.verdict).toBe("weak");
    expect(r.bits).toBeLessThan(64);
    expect(r.findings.map((f) => f.code)).toContain("PSK_WEAK");
    expect(r.findings.find((f) => f.code === "PSK_WEAK")!.faq).toBe("psk");
  });
  it("a passphrase of common words is not strong", async () => {
    const r = await checkPsk("correct horse battery staple");
    expect(r.verdict).not.toBe("strong");
    expect(r.bits).toBeLessThan(128);
    expect(r.reasons.join(" ")).toMatch(/common word/);
  });
  it("random keys are strong", async () => {
    for (const k of ["aB3$dE6^gH9*jK2@mN5!xQ7&", "7f3a9c1e5b8d2f4a6c0e9b7d5f3a1c8e"]) {
      const r = await checkPsk(k);
      expect(r.verdict).toBe("strong");
      expect(r.findings).toEqual([]);
    }
  });
  it("a 0s base64 key is judged by its bytes (at most 8 bits each)", async () => {
    const r = await checkPsk("0sAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(r.verdict).toBe("weak");
    const g = await checkPsk(`0s${generatePsk().psk}`);
    expect(g.bits).toBeLessThanOrEqual(264);
    expect(g.verdict).toBe("strong");
  });
  it("NetworkManager's 20-character minimum is noted", async () => {
    const r = await checkPsk("Xk9!mQ2#pL5$wR8@zT");
    expect(r.findings.map((f) => f.code)).toContain("PSK_TOO_SHORT_FOR_NM");
    expect((await checkPsk("Xk9!mQ2#pL5$wR8@zT4&")).findings.map((f) => f.code)).not.toContain(
      "PSK_TOO_SHORT_FOR_NM",
    );
  });
  it("attack notes for IKEv1 Aggressive Mode and IKEv2", async () => {
    const r = await checkPsk("whatever-key");
    expect(r.attacks.join("\n")).toMatch(/Aggressive Mode/);
    expect(r.attacks.join("\n")).toMatch(/IKEv2/);
  });
  it("nothing in the result holds the key or a piece of it", async () => {
    const key = "Zebra7Quokka!Mango";
    const r = await checkPsk(key);
    const text = JSON.stringify(r);
    for (let n = 0; n + 5 <= key.length; n++) expect(text).not.toContain(key.slice(n, n + 5));
  });
});

describe("generatePsk", () => {
  it("264 random bits, base64, and the swanctl line; strong by the estimator", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const g = generatePsk();
      expect(g.bits).toBeGreaterThanOrEqual(256);
      expect(Buffer.from(g.psk, "base64")).toHaveLength(33);
      expect(g.psk).toMatch(/^[A-Za-z0-9+/]{44}$/);
      expect(g.swanctl).toBe(`secret = 0s${g.psk}`);
      seen.add(g.psk);
    }
    expect(seen.size).toBe(20);
    const r = await checkPsk(generatePsk().psk);
    expect(r.verdict).toBe("strong");
    expect(r.bits).toBeGreaterThanOrEqual(200);
  });
});

describe("pskFromText", () => {
  it("drops one trailing newline and unwraps a secret line", () => {
    expect(pskFromText("abc def\n")).toBe("abc def");
    expect(pskFromText('secret = "s3cr3t value"\n')).toBe("s3cr3t value");
    expect(pskFromText("secret = 0sAAAA\n")).toBe("0sAAAA");
  });
  it("empty or several lines: an error that does not quote the input", () => {
    for (const t of ["", "\n", "topsecretline1\ntopsecretline2\n"]) {
      try {
        pskFromText(t);
        expect.unreachable();
      } catch (e) {
        expect(isIkecertError(e)).toBe(true);
        expect((e as Error).message).not.toContain("topsecret");
      }
    }
  });
});
