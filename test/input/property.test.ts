import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import fc from "fast-check";
import { describe, it } from "vitest";
import { IkecertError, parseBytes } from "../../lib/index.js";
import { needs } from "../needs.js";
import { fastPkcs12Seeds } from "../p12-seeds.js";
import { keyFixtures, P12_DIR, PASSPHRASE, p12Fixtures } from "./fixtures.js";

/**
 * Acceptance point 5 of issue 2: whatever the bytes, parseBytes either returns or throws an
 * IkecertError; never a TypeError, RangeError, a node:crypto error or a hang.
 */
async function onlyIkecertErrors(bytes: Uint8Array, passphrase: string | null): Promise<boolean> {
  try {
    await parseBytes(bytes, "fuzz", { passphrase: async () => passphrase });
    return true;
  } catch (e) {
    if (e instanceof IkecertError) {
      // one line, as the CLI prints it
      if (/\n/.test(e.message)) throw new Error(`multi-line message: ${e.message}`);
      return true;
    }
    throw new Error(`escaped: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
  }
}

// seeds openssl makes (PKCS#7 in DER, PEM and streamed BER; fast PKCS#12): left out without openssl
const OPENSSL = needs("property test seeds made by openssl (PKCS#7, fast PKCS#12)", ["openssl"]);
const ossl = (args: string[]) =>
  new Uint8Array(execFileSync("openssl", args, { stdio: ["ignore", "pipe", "ignore"], cwd: P12_DIR }));

// fast seeds: PKCS#12 files with one iteration, so that thousands of runs stay quick
const P12_FAST = OPENSSL ? fastPkcs12Seeds(P12_DIR, PASSPHRASE) : [];
const OPENSSL_SEEDS: Array<[string, Uint8Array]> = OPENSSL
  ? [
      [
        "p7b.der",
        ossl(["crl2pkcs7", "-nocrl", "-certfile", "leaf.pem", "-certfile", "ca.pem", "-outform", "DER"]),
      ],
      ["p7b.pem", ossl(["crl2pkcs7", "-nocrl", "-certfile", "leaf.pem", "-certfile", "ca.pem"])],
      // BER (indefinite lengths), as streaming encoders and Windows write it (signed content: any file)
      [
        "p7b-ber.der",
        ossl([
          "cms",
          "-sign",
          "-in",
          "ca.pem",
          "-signer",
          "ca.pem",
          "-inkey",
          "ca.key.pem",
          "-certfile",
          "leaf.pem",
          "-stream",
          "-outform",
          "DER",
        ]),
      ],
    ]
  : [];

const read = (f: string) => new Uint8Array(readFileSync(f));
const KEY_FILES = keyFixtures().map((f) => f.file);
const SEEDS: Array<[string, Uint8Array]> = [
  ...KEY_FILES.map((f) => [basename(f), read(f)] as [string, Uint8Array]),
  ...["leaf.pem", "ca.pem"].map((n) => [n, read(join(P12_DIR, n))] as [string, Uint8Array]),
  ...OPENSSL_SEEDS,
  ...P12_FAST.map((b, i) => [`fast-${i}.p12`, b] as [string, Uint8Array]),
];
// DER seeds: PEM bodies decoded, so that mutations reach the ASN.1 parsers rather than base64
const DER_SEEDS: Uint8Array[] = SEEDS.flatMap(([, b]) => {
  const t = Buffer.from(b).toString("latin1");
  if (!t.includes("-----BEGIN")) return [b];
  return [...t.matchAll(/-----BEGIN [^-]+-----\n(?:[A-Za-z-]+:.*\n)*\n?([A-Za-z0-9+/=\n]+)-----END/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\n/g, ""), "base64")),
  );
});

type Mutation =
  | { k: "flip"; at: number[]; bit: number }
  | { k: "cut"; at: number }
  | { k: "set"; at: number; v: number }
  | { k: "insert"; at: number; v: number }
  | { k: "delete"; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    k: fc.constant("flip" as const),
    at: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    bit: fc.nat(7),
  }),
  fc.record({ k: fc.constant("cut" as const), at: fc.nat() }),
  // length corruption: long-form length octets, indefinite, zero, huge
  fc.record({
    k: fc.constant("set" as const),
    at: fc.nat(),
    v: fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x89, 0xff),
  }),
  fc.record({ k: fc.constant("insert" as const), at: fc.nat(), v: fc.nat(255) }),
  fc.record({ k: fc.constant("delete" as const), at: fc.nat() }),
);

function mutate(b: Uint8Array, ms: Mutation[]): Uint8Array {
  let out = new Uint8Array(b);
  for (const m of ms) {
    if (out.length === 0) break;
    if (m.k === "flip") for (const a of m.at) out[a % out.length]! ^= 1 << m.bit;
    else if (m.k === "cut") out = out.subarray(0, m.at % out.length);
    else if (m.k === "set") out[m.at % out.length] = m.v;
    else if (m.k === "insert") {
      const a = m.at % out.length;
      out = new Uint8Array([...out.subarray(0, a), m.v, ...out.subarray(a)]);
    } else {
      const a = m.at % out.length;
      out = new Uint8Array([...out.subarray(0, a), ...out.subarray(a + 1)]);
    }
  }
  return out;
}

const toPem = (label: string, der: Uint8Array) =>
  new Uint8Array(
    Buffer.from(
      `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`,
    ),
  );
const LABELS = [
  "CERTIFICATE",
  "PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY",
  "RSA PRIVATE KEY",
  "EC PRIVATE KEY",
  "PUBLIC KEY",
  "RSA PUBLIC KEY",
  "PKCS7",
  "PKCS12",
  "CERTIFICATE REQUEST",
  "TRUSTED CERTIFICATE",
];

const OPTS = { numRuns: 1500, endOnFailure: true };

describe("parseBytes lets only IkecertError escape", () => {
  it("arbitrary bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (b, withPass) =>
        onlyIkecertErrors(b, withPass ? PASSPHRASE : null),
      ),
      OPTS,
    );
  }, 120_000);

  it("arbitrary bytes that start like a SEQUENCE, and as PEM blocks of every label", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.nat(LABELS.length), async (b, i) => {
        const der = new Uint8Array([0x30, ...b]);
        return (
          (await onlyIkecertErrors(der, PASSPHRASE)) &&
          onlyIkecertErrors(toPem(LABELS[i % LABELS.length]!, b), PASSPHRASE)
        );
      }),
      OPTS,
    );
  }, 120_000);

  it(`mutations of ${SEEDS.length} real files (keys, certificates, PKCS#7, PKCS#12) as they are`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(SEEDS.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (i, ms, withPass) => onlyIkecertErrors(mutate(SEEDS[i]![1], ms), withPass ? PASSPHRASE : null),
      ),
      { ...OPTS, numRuns: 3000 },
    );
  }, 180_000);

  it("mutations of the DER inside them, as DER and re-wrapped in PEM", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(DER_SEEDS.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.nat(LABELS.length),
        async (i, ms, l) => {
          const m = mutate(DER_SEEDS[i]!, ms);
          return (
            (await onlyIkecertErrors(m, PASSPHRASE)) &&
            onlyIkecertErrors(toPem(LABELS[l % LABELS.length]!, m), PASSPHRASE)
          );
        },
      ),
      { ...OPTS, numRuns: 3000 },
    );
  }, 180_000);

  it("mutations of the committed PKCS#12 fixtures (2048 iterations: fewer runs)", async () => {
    const p12 = p12Fixtures().map(read);
    await fc.assert(
      fc.asyncProperty(fc.nat(p12.length - 1), fc.array(mutation, { minLength: 1, maxLength: 2 }), (i, ms) =>
        onlyIkecertErrors(mutate(p12[i]!, ms), PASSPHRASE),
      ),
      { ...OPTS, numRuns: 300 },
    );
  }, 180_000);
});
