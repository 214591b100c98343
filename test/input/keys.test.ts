import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Certificate, type IkecertError, loadFile, parseBytes } from "../../lib/index.js";
import { needs } from "../needs.js";
import { codeOf, keyFixtures, PASSPHRASE, pass } from "./fixtures.js";

const certOf = async (file: string) => (await loadFile(file)).items[0] as Certificate;

const FIXTURES = keyFixtures();

describe("key fixtures", () => {
  it("cover every algorithm and format the issue names", () => {
    const names = FIXTURES.map((f) => basename(f.file));
    for (const alg of ["rsa2048", "p256", "p384", "p521", "ed25519", "ed448"])
      for (const fmt of [
        "pkcs8.pem",
        "pkcs8.der",
        "pkcs8-aes256.pem",
        "pkcs8-3des.pem",
        "pkcs8-rc2-40.pem",
        "spki.pem",
        "spki.der",
      ])
        expect(names).toContain(`${alg}.${fmt}`);
    for (const n of [
      "rsa2048.pkcs1.pem",
      "rsa2048.pkcs1.der",
      "rsa2048.rsapub.pem",
      "rsa2048.trad-aes128.pem",
      "rsa2048.trad-aes256.pem",
      "rsa2048.trad-des3.pem",
      "p256.sec1.pem",
      "p521.sec1.der",
      "p384.trad-des3.pem",
    ])
      expect(names).toContain(n);
    expect(names.filter((n) => n.startsWith("pki-")).length).toBe(4);
  });

  it.each(FIXTURES.map((f) => [basename(f.file), f] as const))(
    "%s opens and has the key ids of its certificate",
    async (_n, f) => {
      const cert = await certOf(f.cert);
      const loaded = await loadFile(f.file, { passphrase: pass(PASSPHRASE) });
      expect(loaded.items).toHaveLength(1);
      const item = loaded.items[0]!;
      expect(item.kind).toBe(f.isPrivate ? "privateKey" : "publicKey");
      if (item.kind === "privateKey") expect(item.encrypted).toBe(f.encrypted);
      if (item.kind !== "privateKey" && item.kind !== "publicKey") throw new Error("not a key");
      expect(item.publicKey.keyIds).toEqual(cert.publicKey.keyIds);
      expect(item.publicKey.algorithm).toBe(cert.publicKey.algorithm);
    },
  );

  const encrypted = FIXTURES.filter((f) => f.encrypted);
  it.each(encrypted.map((f) => [basename(f.file), f] as const))(
    "%s: wrong and missing passphrase",
    async (_n, f) => {
      expect(await codeOf(loadFile(f.file, { passphrase: pass("not the passphrase") }))).toBe(
        "PASSPHRASE_WRONG",
      );
      expect(await codeOf(loadFile(f.file, { passphrase: pass(null) }))).toBe("PASSPHRASE_REQUIRED");
      expect(await codeOf(loadFile(f.file))).toBe("PASSPHRASE_REQUIRED");
    },
  );

  it("reports the format of each key", async () => {
    const fmt = async (n: string) => {
      const it = (
        await loadFile(FIXTURES.find((f) => basename(f.file) === n)!.file, { passphrase: pass(PASSPHRASE) })
      ).items[0]!;
      return it.kind === "privateKey" ? it.format : it.kind;
    };
    expect(await fmt("rsa2048.pkcs1.der")).toBe("pkcs1");
    expect(await fmt("p384.sec1.pem")).toBe("sec1");
    expect(await fmt("ed448.pkcs8.der")).toBe("pkcs8");
    expect(await fmt("p521.pkcs8-rc2-40.pem")).toBe("encrypted-pkcs8");
    expect(await fmt("rsa2048.trad-des3.pem")).toBe("openssl-encrypted-pem");
    expect(await fmt("rsa2048.rsapub.der")).toBe("publicKey");
  });

  it("asks for the passphrase only when a key is encrypted, once per file", async () => {
    let calls = 0;
    const counting = async () => {
      calls++;
      return PASSPHRASE;
    };
    await loadFile(FIXTURES.find((f) => f.file.endsWith("rsa2048.pkcs8.pem"))!.file, {
      passphrase: counting,
    });
    expect(calls).toBe(0);
    const two = Buffer.concat([
      readFileSync(FIXTURES.find((f) => f.file.endsWith("p256.pkcs8-3des.pem"))!.file),
      readFileSync(FIXTURES.find((f) => f.file.endsWith("p256.trad-aes256.pem"))!.file),
    ]);
    const loaded = await parseBytes(new Uint8Array(two), "two.pem", { passphrase: counting });
    expect(loaded.items).toHaveLength(2);
    expect(calls).toBe(1);
  });

  it("keeps the key material out of the item's own properties", async () => {
    const k = await loadFile(FIXTURES.find((f) => f.file.endsWith("rsa2048.pkcs8-aes256.pem"))!.file, {
      passphrase: pass(PASSPHRASE),
    });
    const json = JSON.stringify(k);
    expect(json).not.toContain(PASSPHRASE);
    expect(Object.keys(k.items[0]!).sort()).toEqual(["encrypted", "format", "kind", "publicKey", "source"]);
  });
});

describe.runIf(needs("encrypted keys made by openssl on the fly", ["openssl"]))(
  "encryption schemes beyond the fixtures",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "ikecert-keys-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const src = FIXTURES.find((f) => f.file.endsWith("p256.pkcs8.pem"))!.file;
    const make = (name: string, args: string[]) => {
      const out = join(dir, name);
      execFileSync(
        "openssl",
        [
          ...args,
          "-in",
          src,
          "-passout",
          "pass:pw",
          "-out",
          out,
          "-provider",
          "legacy",
          "-provider",
          "default",
        ],
        {
          stdio: "ignore",
        },
      );
      return out;
    };

    it("opens traditional PEM with AES-192 and PKCS#8 with scrypt (node:crypto)", async () => {
      for (const f of [
        make("aes192.pem", ["pkey", "-traditional", "-aes192"]),
        make("scrypt.pem", ["pkcs8", "-topk8", "-scrypt"]),
      ]) {
        const k = (await loadFile(f, { passphrase: pass("pw") })).items[0]!;
        expect(k.kind).toBe("privateKey");
      }
    });

    it("names the cipher it cannot decrypt", async () => {
      const des = make("des.pem", ["pkey", "-traditional", "-des"]);
      await expect(loadFile(des, { passphrase: pass("pw") })).rejects.toThrow(
        /encrypted with DES-CBC, which ikecert cannot decrypt/,
      );
      const pbes1 = make("pbes1.pem", ["pkcs8", "-topk8", "-v1", "PBE-MD5-DES"]);
      const err = await loadFile(pbes1, { passphrase: pass("pw") }).catch((e: unknown) => e);
      expect((err as IkecertError).code).toBe("KEY_UNSUPPORTED");
      expect((err as IkecertError).message).toMatch(
        /encrypted with pbeWithMD5AndDES-CBC \(PKCS#5 v1\.5, single DES or RC2\), which ikecert cannot decrypt/,
      );
    });
  },
);
