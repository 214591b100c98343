import { execFileSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { children, encodeTlv, readTlv, type Tlv } from "../../lib/asn1/der.js";
import { type Certificate, IkecertError, loadFile, parseBytes } from "../../lib/index.js";
import { berChildren, octetString, readBer } from "../../lib/input/ber.js";
import { PbeUnsupported, password, pbeDecrypt } from "../../lib/input/pbe.js";
import { openPkcs12 } from "../../lib/input/pkcs12.js";
import { needs } from "../needs.js";
import { codeOf, KEYS_DIR, P12_DIR, PASSPHRASE, p12Fixtures, pass } from "./fixtures.js";

const leaf = async () => (await loadFile(join(P12_DIR, "leaf.pem"))).items[0] as Certificate;
const ca = async () => (await loadFile(join(P12_DIR, "ca.pem"))).items[0] as Certificate;

/**
 * Re-encode DER as BER the way Windows and streaming encoders write PKCS#12: every constructed
 * element with an indefinite length, long OCTET STRINGs (and [0] IMPLICIT ones) split into pieces.
 * `descend` says how many levels of OCTET STRING content to re-encode as well (the MAC covers the
 * authSafe's content, so only a MAC-less file may be changed inside).
 */
function berize(buf: Uint8Array, descend = 0, t: Tlv = readTlv(buf, 0)): Uint8Array {
  const parts: Uint8Array[] = [];
  const body = buf.subarray(t.contentStart, t.end);
  if (t.tag & 0x20) {
    parts.push(Uint8Array.of(t.tag, 0x80));
    for (const c of children(buf, t)) parts.push(berize(buf, descend, c));
    parts.push(Uint8Array.of(0, 0));
  } else if ((t.tag === 0x04 || t.tag === 0x80) && body.length > 64) {
    let inner = body;
    if (descend > 0) {
      try {
        const top = readTlv(body, 0);
        if (top.end === body.length && top.tag === 0x30) inner = berize(body, descend - 1);
      } catch {
        // not a nested encoding: keep the bytes
      }
    }
    parts.push(Uint8Array.of(t.tag | 0x20, 0x80));
    for (let o = 0; o < inner.length; o += 50) parts.push(encodeTlv(0x04, inner.subarray(o, o + 50)));
    parts.push(Uint8Array.of(0, 0));
  } else parts.push(buf.subarray(t.start, t.end));
  return new Uint8Array(Buffer.concat(parts));
}

const EXPECT: Record<string, { certs: number; key: boolean; withCa?: boolean }> = {
  "certs-only.p12": { certs: 1, key: false },
  "chain.p12": { certs: 2, key: true, withCa: true },
  "empty-password.p12": { certs: 1, key: true },
  "legacy-3des.p12": { certs: 1, key: true },
  "legacy-rc2-128-2des.p12": { certs: 1, key: true },
  "legacy-rc2-40.p12": { certs: 2, key: true, withCa: true },
  "modern.p12": { certs: 1, key: true },
  "nomac-legacy.p12": { certs: 1, key: true },
  "nomac.p12": { certs: 1, key: true },
  "pbes2-aes128-sha384.p12": { certs: 1, key: true },
  "pbes2-des3-sha512.p12": { certs: 1, key: true },
  "unencrypted.p12": { certs: 1, key: true },
};

describe("PKCS#12 fixtures", () => {
  const files = p12Fixtures();
  it("are the ones the issue asks for", () => {
    expect(files.map((f) => basename(f)).sort()).toEqual(Object.keys(EXPECT).sort());
  });

  it.each(files.map((f) => [basename(f), f] as const))(
    "%s opens with the password and pairs with leaf.pem",
    async (n, f) => {
      const want = EXPECT[n]!;
      const loaded = await loadFile(f, { passphrase: pass(PASSPHRASE) });
      expect(loaded.container).toBe("pkcs12");
      const certs = loaded.items.filter((i) => i.kind === "certificate") as Certificate[];
      const keys = loaded.items.filter((i) => i.kind === "privateKey");
      expect(certs).toHaveLength(want.certs);
      const l = await leaf();
      const c = await ca();
      if (n === "certs-only.p12") expect(Buffer.from(certs[0]!.der).equals(Buffer.from(c.der))).toBe(true);
      else expect(certs.some((x) => Buffer.from(x.der).equals(Buffer.from(l.der)))).toBe(true);
      if (want.withCa) expect(certs.some((x) => Buffer.from(x.der).equals(Buffer.from(c.der)))).toBe(true);
      expect(keys).toHaveLength(want.key ? 1 : 0);
      for (const k of keys) {
        if (k.kind !== "privateKey") throw new Error("not a key");
        expect(k.format).toBe("pkcs12");
        expect(k.encrypted).toBe(true);
        expect(k.publicKey.keyIds).toEqual(l.publicKey.keyIds);
        expect(k.source.container).toBe("pkcs12");
      }
    },
  );

  const protectedFiles = files.filter((f) => !f.endsWith("empty-password.p12"));
  it.each(protectedFiles.map((f) => [basename(f), f] as const))(
    "%s: wrong password and no password",
    async (_n, f) => {
      const wrong = loadFile(f, { passphrase: pass("not the password") });
      expect(await codeOf(wrong)).toBe("PASSPHRASE_WRONG");
      await expect(loadFile(f, { passphrase: pass("not the password") })).rejects.toThrow(
        "wrong password for the PKCS#12 file",
      );
      const none = loadFile(f, { passphrase: pass(null) });
      expect(await codeOf(none)).toBe("PASSPHRASE_REQUIRED");
      await expect(loadFile(f)).rejects.toThrow(/--passphrase-file.*IKECERT_PASSPHRASE/);
    },
  );

  it("an empty password opens without asking", async () => {
    let asked = 0;
    const loaded = await loadFile(join(P12_DIR, "empty-password.p12"), {
      passphrase: async () => {
        asked++;
        return "anything";
      },
    });
    expect(asked).toBe(0);
    expect(loaded.items.map((i) => i.kind).sort()).toEqual(["certificate", "privateKey"]);
  });

  it("asks for the password once per file", async () => {
    let asked = 0;
    await loadFile(join(P12_DIR, "legacy-rc2-40.p12"), {
      passphrase: async () => {
        asked++;
        return PASSPHRASE;
      },
    });
    expect(asked).toBe(1);
  });

  it("node:crypto alone cannot open the RC2-40 encrypted PKCS#8 key (so the fallback is what opens it)", () => {
    const pem = readFileSync(join(KEYS_DIR, "rsa2048.pkcs8-rc2-40.pem"), "utf8");
    expect(() => createPrivateKey({ key: pem, format: "pem", passphrase: PASSPHRASE })).toThrow();
  });
});

describe("PKCS#12 in BER (indefinite lengths, constructed OCTET STRINGs)", () => {
  it.each(["modern.p12", "legacy-rc2-40.p12", "legacy-3des.p12"])(
    "%s re-encoded as BER opens (MAC intact)",
    async (n) => {
      const der = new Uint8Array(readFileSync(join(P12_DIR, n)));
      const ber = berize(der);
      expect(ber[1]).toBe(0x80);
      const a = await parseBytes(der, n, { passphrase: pass(PASSPHRASE) });
      const b = await parseBytes(ber, n, { passphrase: pass(PASSPHRASE) });
      expect(b.items.map((i) => i.kind)).toEqual(a.items.map((i) => i.kind));
      expect(await codeOf(parseBytes(ber, n, { passphrase: pass("wrong") }))).toBe("PASSPHRASE_WRONG");
    },
  );

  it.each(["nomac.p12", "nomac-legacy.p12"])("%s re-encoded as BER inside the authSafe opens", async (n) => {
    const der = new Uint8Array(readFileSync(join(P12_DIR, n)));
    const ber = berize(der, 2);
    const a = await parseBytes(der, n, { passphrase: pass(PASSPHRASE) });
    const b = await parseBytes(ber, n, { passphrase: pass(PASSPHRASE) });
    expect(b.items).toHaveLength(a.items.length);
    const ka = a.items.find((i) => i.kind === "privateKey")!;
    const kb = b.items.find((i) => i.kind === "privateKey")!;
    if (ka.kind !== "privateKey" || kb.kind !== "privateKey") throw new Error("no key");
    expect(kb.publicKey.keyIds).toEqual(ka.publicKey.keyIds);
  });

  it("a PKCS#12 inside a PEM block opens as well", async () => {
    const der = readFileSync(join(P12_DIR, "modern.p12"));
    const pem = `-----BEGIN PKCS12-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PKCS12-----\n`;
    const loaded = await parseBytes(new Uint8Array(Buffer.from(pem)), "x.pem", {
      passphrase: pass(PASSPHRASE),
    });
    expect(loaded.items.map((i) => i.kind).sort()).toEqual(["certificate", "privateKey"]);
  });
});

describe.runIf(needs("PKCS#12 files made by openssl on the fly", ["openssl"]))(
  "PKCS#12 passwords and schemes made on the fly",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "ikecert-p12-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const exportP12 = (out: string, passOut: string, extra: string[] = []) =>
      execFileSync(
        "openssl",
        [
          "pkcs12",
          "-export",
          "-inkey",
          join(P12_DIR, "leaf.key.pem"),
          "-in",
          join(P12_DIR, "leaf.pem"),
          "-passout",
          passOut,
          ...extra,
          "-out",
          out,
        ],
        { stdio: ["ignore", "ignore", "ignore"], env: { ...process.env, LC_ALL: "C.UTF-8" } },
      );

    it("a non-ASCII password (BMPString of its characters) opens modern and legacy files", async () => {
      const pw = "pässwörd-€";
      const pwFile = join(dir, "pw.txt");
      writeFileSync(pwFile, pw);
      for (const extra of [
        [],
        ["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"],
      ]) {
        const out = join(dir, `u${extra.length}.p12`);
        exportP12(out, `file:${pwFile}`, extra);
        const loaded = await loadFile(out, { passphrase: pass(pw) });
        expect(loaded.items).toHaveLength(2);
        expect(await codeOf(loadFile(out, { passphrase: pass("passwörd-€") }))).toBe("PASSPHRASE_WRONG");
      }
    });

    it("a damaged MAC with the right password is a damaged file, not a wrong password", async () => {
      for (const n of ["modern.p12", "legacy-rc2-40.p12"]) {
        const der = new Uint8Array(readFileSync(join(P12_DIR, n)));
        const [, , mac] = children(der, readTlv(der, 0));
        const [digestInfo] = children(der, mac!);
        const [, digest] = children(der, digestInfo!);
        der[digest!.end - 1]! ^= 1;
        const err = await openPkcs12(der, pass(PASSPHRASE)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IkecertError);
        expect((err as IkecertError).code).toBe("PKCS12_MALFORMED");
        expect((err as IkecertError).message).toMatch(/MAC does not match although the password decrypts/);
        expect(await codeOf(openPkcs12(der, pass("wrong")))).toBe("PASSPHRASE_WRONG");
      }
    });

    it("caps the key-derivation work one file may cause", () => {
      const der = new Uint8Array(
        Buffer.from(
          readFileSync(join(KEYS_DIR, "p256.pkcs8-3des.pem"), "utf8").replace(/-----[^-]+-----|\s/g, ""),
          "base64",
        ),
      );
      const [alg, data] = berChildren(der, readBer(der, 0));
      const pw = password(PASSPHRASE);
      expect(pbeDecrypt(der, alg!, octetString(der, data, "data"), pw)).not.toBeNull();
      pw.budget.left = 1000;
      expect(() => pbeDecrypt(der, alg!, octetString(der, data, "data"), pw)).toThrow(PbeUnsupported);
    });

    it("a PFX that is not version 3, or holds garbage, is refused with an IkecertError", async () => {
      const der = new Uint8Array(readFileSync(join(P12_DIR, "modern.p12")));
      const v = new Uint8Array(der);
      const top = readTlv(v, 0);
      v[top.contentStart + 2] = 2; // version INTEGER content
      expect(await codeOf(openPkcs12(v, pass(PASSPHRASE)))).toBe("PKCS12_UNSUPPORTED");
      const cut = der.subarray(0, der.length - 30);
      expect(await codeOf(openPkcs12(cut, pass(PASSPHRASE)))).toMatch(/PKCS12_MALFORMED/);
    });
  },
);
