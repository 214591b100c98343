import { execFileSync } from "node:child_process";
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { generateKey, type KeyKind, makeCertificate, privateKeyPem } from "../certs-fixtures/generator.js";
import { children, encodeTlv, readTlv, TAG, whole } from "../lib/asn1/der.js";
import { keyFilePermissionFinding, pairKeys } from "../lib/checks/keypair.js";
import {
  checkKeyPair,
  findPrivateKey,
  type LoadedItem,
  loadFile,
  parseCertificate,
  scanKeyFolder,
} from "../lib/index.js";
import { fastPrivateKey, publicKeyFromPrivateDer } from "../lib/input/keyfast.js";
import { makePrivateKey, type PrivateKey, privateKeyObject } from "../lib/input/keys.js";
import { folderLayout, scanFile } from "../lib/run/keyscan.js";
import type { Certificate } from "../lib/x509/certificate.js";
import { plainHex } from "../lib/x509/spki.js";

const dir = mkdtempSync(join(tmpdir(), "ikc-pair-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** strongSwan's ids as node:crypto derives them (full parse of the key). */
function nodeIds(obj: KeyObject): { subjkey: string; keyid: string } {
  const k = makePrivateKey(obj, "pkcs8", false);
  return { subjkey: plainHex(k.publicKey.keyIds.subjkey), keyid: plainHex(k.publicKey.keyIds.keyid) };
}

function ids(k: PrivateKey): { subjkey: string; keyid: string } {
  return { subjkey: plainHex(k.publicKey.keyIds.subjkey), keyid: plainHex(k.publicKey.keyIds.keyid) };
}

/** PKCS#8 v1 → OneAsymmetricKey v2 with the public key in [1] (RFC 5958). */
function pkcs8v2(obj: KeyObject, pub: Uint8Array): Uint8Array {
  const der = new Uint8Array(obj.export({ type: "pkcs8", format: "der" }));
  const top = readTlv(der, 0);
  const [, alg, priv] = children(der, top);
  const body = [
    Uint8Array.of(2, 1, 1),
    whole(der, alg!),
    whole(der, priv!),
    encodeTlv(0x81, Uint8Array.from([0, ...pub])),
  ];
  return encodeTlv(TAG.SEQUENCE, Buffer.concat(body));
}

type Gen = { name: string; make: () => KeyObject };
const GENS: Gen[] = [
  { name: "rsa1024", make: () => generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey },
  { name: "p256", make: () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey },
  { name: "p384", make: () => generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey },
  { name: "p521", make: () => generateKeyPairSync("ec", { namedCurve: "P-521" }).privateKey },
  { name: "ed25519", make: () => generateKeyPairSync("ed25519").privateKey },
  { name: "ed448", make: () => generateKeyPairSync("ed448").privateKey },
];

/** Every unencrypted encoding node can write for a key: PEM and DER of PKCS#1/SEC1 and PKCS#8. */
function encodings(obj: KeyObject): Array<{ enc: string; bytes: Uint8Array }> {
  const out: Array<{ enc: string; bytes: Uint8Array }> = [];
  const t = obj.asymmetricKeyType;
  const native = t === "rsa" ? "pkcs1" : t === "ec" ? "sec1" : null;
  for (const type of [native, "pkcs8"] as const) {
    if (!type) continue;
    for (const format of ["pem", "der"] as const) {
      const b = obj.export({ type, format } as never) as Buffer | string;
      out.push({ enc: `${type}/${format}`, bytes: new Uint8Array(Buffer.from(b)) });
    }
  }
  return out;
}

describe("fast key ids from the DER equal node:crypto's", () => {
  for (const g of GENS) {
    it(`${g.name}: every encoding`, () => {
      for (let i = 0; i < 3; i++) {
        const obj = g.make();
        const want = nodeIds(obj);
        for (const { enc, bytes } of encodings(obj)) {
          const fast = fastPrivateKey(bytes);
          if (g.name.startsWith("ed"))
            // PKCS#8 v1 Ed keys carry no public key: it is derived from the seed, never guessed
            expect(publicKeyFromPrivateDer(bytes, "pkcs8"), enc).toBeNull();
          expect(fast, enc).not.toBeNull();
          expect(ids(fast!), enc).toEqual(want);
          // the key material opens lazily and is the same key
          expect(privateKeyObject(fast!).equals(obj)).toBe(true);
        }
      }
    });
  }

  // OpenSSL 3.0 (node 20) cannot open PKCS#8 v2 keys at all; strongSwan's curve25519 plugin can
  // (see the pki differential in cli-pair.test.ts): compare with the ids of the public key itself
  it("Ed25519/Ed448 PKCS#8 v2 with the public key: fast path ids are the public key's", () => {
    for (const g of GENS.filter((x) => x.name.startsWith("ed"))) {
      const obj = g.make();
      const spki = new Uint8Array(createPublicKey(obj).export({ type: "spki", format: "der" }));
      const pub = spki.subarray(spki.length - (g.name === "ed25519" ? 32 : 57));
      const v2 = pkcs8v2(obj, pub);
      const fast = fastPrivateKey(v2);
      expect(fast).not.toBeNull();
      expect(ids(fast!)).toEqual(nodeIds(obj));
    }
  });

  it("a SEC1 key without its public point falls back to the full parse with the same ids", async () => {
    const obj = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const der = new Uint8Array(obj.export({ type: "sec1", format: "der" }));
    const top = readTlv(der, 0);
    const parts = children(der, top).filter((t) => t.tag !== 0xa1);
    const stripped = encodeTlv(TAG.SEQUENCE, Buffer.concat(parts.map((t) => whole(der, t))));
    expect(publicKeyFromPrivateDer(stripped, "sec1")).toBeNull();
    const f = join(dir, "nopub.der");
    writeFileSync(f, stripped);
    const scanned = await scanFile(f);
    expect(ids(scanned.items[0] as PrivateKey)).toEqual(nodeIds(obj));
  });

  it("property: on mutated keys the fast ids never disagree with node:crypto", () => {
    const bases = [
      generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey,
      generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey,
    ].flatMap((o) => encodings(o).filter((e) => e.enc.endsWith("der")));
    fc.assert(
      fc.property(
        fc.nat({ max: bases.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (b, pos, val) => {
          const bytes = Uint8Array.from(bases[b]!.bytes);
          bytes[pos % bytes.length] = val;
          const fast = fastPrivateKey(bytes);
          if (!fast) return true;
          let obj: KeyObject;
          try {
            obj = createPrivateKey({ key: Buffer.from(bytes), format: "der", type: fast.format as "pkcs1" });
          } catch {
            return true; // OpenSSL refuses it; the pairing step opens matching keys and drops such ones
          }
          const want = nodeIds(obj);
          return plainHex(fast.publicKey.keyIds.subjkey) === want.subjkey && ids(fast).keyid === want.keyid;
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A self-signed certificate (and its PKCS#8 key file) made by the generator in the temp folder. */
function makeCert(
  name: string,
  kind: KeyKind,
  opts: { days?: number; folder?: string } = {},
): { cert: string; key: string } {
  const folder = opts.folder ?? dir;
  const cert = join(folder, `${name}.pem`);
  const key = join(folder, `${name}.key`);
  const k = generateKey(kind);
  const now = Date.now();
  const c = makeCertificate({
    subject: `C=CH, O=Example, CN=${name}.example.com`,
    key: k,
    notBefore: new Date(now),
    notAfter: new Date(now + (opts.days ?? 30) * 86_400_000),
  });
  writeFileSync(cert, c.pem);
  writeFileSync(key, privateKeyPem(k), { mode: 0o600 });
  return { cert, key };
}

const EC: KeyKind = "p256";

async function first<K extends LoadedItem["kind"]>(file: string, kind: K) {
  const f = await loadFile(file);
  return f.items.find((i) => i.kind === kind) as Extract<LoadedItem, { kind: K }>;
}

describe("checkKeyPair / findPrivateKey / pairKeys", () => {
  const a = makeCert("a", EC);
  const b = makeCert("b", EC, { days: 1 });
  const pubFile = join(dir, "a.pub");
  writeFileSync(pubFile, createPublicKey(readFileSync(a.key)).export({ type: "spki", format: "pem" }));

  it("matches a key with its certificate and nothing else", async () => {
    const ca = (await first(a.cert, "certificate")) as Certificate;
    const ka = await first(a.key, "privateKey");
    const kb = await first(b.key, "privateKey");
    const pa = await first(pubFile, "publicKey");
    expect(checkKeyPair(ca, ka)).toBe(true);
    expect(checkKeyPair(ca, kb)).toBe(false);
    // the certificate's own public key is not a private key: charon cannot sign with it
    expect(checkKeyPair(ca, pa)).toBe(false);
    expect(findPrivateKey(ca, [kb, pa, ca, ka])).toBe(ka);
    expect(findPrivateKey(ca, [kb, pa])).toBeNull();
  });

  it("a wrong key names the certificate it belongs to, expired included", async () => {
    const ca = (await first(a.cert, "certificate")) as Certificate;
    const cb = (await first(b.cert, "certificate")) as Certificate;
    const kb = await first(b.key, "privateKey");
    const later = new Date(Date.now() + 5 * 86400_000);
    const r = pairKeys(
      a.cert,
      ca,
      [{ file: b.key, item: kb, mode: 0o600, explicit: true }],
      [{ file: b.cert, cert: cb }],
      {
        at: later,
      },
    );
    expect(r.result.match).toBe(false);
    expect(r.result.keys[0]).toMatchObject({
      file: b.key,
      type: "ECDSA",
      size: 256,
      match: false,
      belongsTo: b.cert,
    });
    const codes = r.findings.map((f) => f.code);
    expect(codes).toEqual(["KEY_MISMATCH", "KEY_BELONGS_TO"]);
    expect(r.findings[0]!.log).toBe("no private key found for 'C=CH, O=Example, CN=a.example.com'");
    expect(r.findings[0]!.faq).toBe("no-private-key");
    expect(r.findings[1]!.message).toContain("expired on");
    expect(r.details[0]!.ownerExpired).toBe(true);
  });

  it("a public key or a certificate given as the key is explained", async () => {
    const ca = (await first(a.cert, "certificate")) as Certificate;
    const pa = await first(pubFile, "publicKey");
    const r = pairKeys(
      a.cert,
      ca,
      [
        { file: pubFile, item: pa, mode: 0o644, explicit: true },
        { file: a.cert, item: ca, mode: 0o644, explicit: true },
      ],
      [],
    );
    expect(r.result.match).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(["KEY_MISMATCH", "KEY_IS_PUBLIC", "KEY_IS_CERTIFICATE"]);
    expect(r.findings[1]!.message).toContain("PUBLIC key");
    expect(r.result.keys[0]!.belongsTo).toBe(a.cert);
    expect(r.findings[0]!.message).toContain("none of the 2 items given is a private key");
  });

  it("permission warning for group/other access, as ssh warns", () => {
    expect(keyFilePermissionFinding("k", 0o600)).toBeNull();
    expect(keyFilePermissionFinding("k", 0o400)).toBeNull();
    expect(keyFilePermissionFinding("k", 0o644)?.message).toContain("0644");
    expect(keyFilePermissionFinding("k", 0o640)?.code).toBe("KEY_FILE_PERMISSIONS");
    expect(keyFilePermissionFinding("k", null)).toBeNull();
  });
});

describe("folder scan", () => {
  it("reads swanctl key folders and certificate folders, and plain folders recursively", async () => {
    const root = join(dir, "swanctl");
    for (const d of ["x509", "x509ca", "private", "ecdsa", "rsa"])
      mkdirSync(join(root, d), { recursive: true });
    const g = makeCert("gw", EC, { folder: join(root, "x509") });
    execFileSync("mv", [g.key, join(root, "ecdsa", "gw.key")]);
    makeCert("other", "rsa1024", { folder: join(root, "rsa") });
    chmodSync(join(root, "ecdsa", "gw.key"), 0o644);
    writeFileSync(join(root, "private", "README"), "not a key\n");
    expect(await folderLayout(root)).toBe("swanctl");
    const scan = await scanKeyFolder(root);
    const keyFiles = scan.keyFiles.map((f) => f.file.slice(root.length + 1));
    expect(keyFiles).toEqual(["private/README", "rsa/other.key", "rsa/other.pem", "ecdsa/gw.key"]);
    expect(scan.keyFiles[0]!.error?.code).toBe("UNKNOWN_FORMAT");
    expect(scan.keyFiles[3]!.mode).toBe(0o644);
    expect(scan.certFiles.map((f) => f.file.slice(root.length + 1))).toEqual(["x509/gw.pem"]);
    const cert = parseCertificate(
      new Uint8Array(createPublicKeyFree(readFileSync(join(root, "x509", "gw.pem"), "utf8"))),
    );
    const keys = scan.keyFiles.flatMap((f) => f.items);
    expect(findPrivateKey(cert, keys as PrivateKey[])).toBe(scan.keyFiles[3]!.items[0]);

    const plain = join(dir, "plain");
    mkdirSync(join(plain, "a", "b"), { recursive: true });
    execFileSync("cp", [join(root, "ecdsa", "gw.key"), join(plain, "a", "b", "deep.key")]);
    const p = await scanKeyFolder(plain);
    expect(p.layout).toBe("plain");
    expect(p.keyFiles.map((f) => f.file)).toEqual([join(plain, "a", "b", "deep.key")]);
  });
});

/** The DER of the first PEM certificate in a text. */
function createPublicKeyFree(pem: string): Buffer {
  const b64 = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(pem)![1]!;
  return Buffer.from(b64.replace(/\s+/g, ""), "base64");
}
