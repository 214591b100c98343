/**
 * Our strict DER reader (parseCertificate and the lazy identity view) against @peculiar/x509's full
 * model: subject/issuer DER, serial, validity, SANs (types and values), SPKI and both key ids,
 * AKI/SKI, basicConstraints, keyUsage and EKU — on every fixture certificate and on thousands of
 * generated ones (fast-check over DN attribute types, string types, SAN mixes, extensions, keys).
 */
import "reflect-metadata";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import * as x509 from "@peculiar/x509";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import {
  type DnAttribute,
  type GeneratedCertificate,
  generateKey,
  type KeyKind,
  type KeyPair,
  makeCertificate,
  type San,
} from "../certs-fixtures/generator.js";
import { decodeOid } from "../lib/asn1/der.js";
import { KEY_USAGE_BITS } from "../lib/asn1/oids.js";
import { type Certificate, certificateView, parseBytes, parseCertificate } from "../lib/index.js";

const root = resolve(import.meta.dirname, "..");
const hex = (b: ArrayBuffer | Uint8Array | null | undefined) =>
  b ? Buffer.from(b as Uint8Array).toString("hex") : null;

/** peculiar's GeneralName type for one of ours, or null when peculiar skips that kind. */
function peculiarType(s: Certificate["sans"][number]): string | null {
  switch (s.kind) {
    case "dNSName":
      return "dns";
    case "rfc822Name":
      return "email";
    case "uniformResourceIdentifier":
      return "url";
    case "iPAddress":
      return "ip";
    case "directoryName":
      return "dn";
    case "registeredID":
      return "id";
    case "otherName":
      if (s.otherNameOid === "1.3.6.1.4.1.311.20.2.3") return "upn";
      if (s.otherNameOid === "1.3.6.1.4.1.311.25.1") return "guid";
      return null;
    default:
      return null;
  }
}

/** The content bytes of a DER TLV (peculiar's rawData of a GeneralName is the whole TLV). */
function tlvContent(raw: ArrayBuffer): Uint8Array {
  const b = new Uint8Array(raw);
  const l = b[1]!;
  return l < 0x80 ? b.subarray(2) : b.subarray(2 + (l & 0x7f));
}

/** IPv6 text in one canonical form (peculiar and we may compress differently). */
function canonicalIp(v: string): string {
  const [addr, len] = v.split("/");
  const a = addr!.includes(":") ? new URL(`http://[${addr}]/`).hostname : addr!;
  return len === undefined ? a : `${a}/${len}`;
}

let compared = 0;

/** Every field the hot paths read, ours vs peculiar's. */
async function expectAgreement(der: Uint8Array, label: string): Promise<void> {
  const ours = parseCertificate(der);
  const theirs = new x509.X509Certificate(der);
  const ctx = `${label}`;
  expect(hex(theirs.subjectName.toArrayBuffer()), ctx).toBe(hex(ours.subject.der));
  expect(hex(theirs.issuerName.toArrayBuffer()), ctx).toBe(hex(ours.issuer.der));
  expect(theirs.serialNumber.toLowerCase(), ctx).toBe(ours.serial);
  expect(theirs.notBefore.getTime(), ctx).toBe(ours.notBefore.getTime());
  expect(theirs.notAfter.getTime(), ctx).toBe(ours.notAfter.getTime());
  // SPKI and key ids (subjkey = SHA-1 of the key bits, keyid = SHA-1 of the SPKI)
  expect(hex(theirs.publicKey.rawData), ctx).toBe(hex(ours.publicKey.spki));
  expect(hex(await theirs.publicKey.getKeyIdentifier()), ctx).toBe(hex(ours.publicKey.keyIds.subjkey));
  expect(hex(await theirs.publicKey.getThumbprint()), ctx).toBe(hex(ours.publicKey.keyIds.keyid));
  // AKI / SKI
  const ski = theirs.getExtension(x509.SubjectKeyIdentifierExtension);
  expect(ski?.keyId ?? null, ctx).toBe(hex(ours.subjectKeyId));
  const aki = theirs.getExtension(x509.AuthorityKeyIdentifierExtension);
  expect(aki?.keyId ?? null, ctx).toBe(hex(ours.authorityKeyId));
  // basicConstraints
  const bc = theirs.getExtension(x509.BasicConstraintsExtension);
  expect(bc ? { ca: bc.ca, pathLen: bc.pathLength ?? null, critical: bc.critical } : null, ctx).toEqual(
    ours.basicConstraints,
  );
  // keyUsage (peculiar: a bit mask, bit i = 1 << i) and EKU
  const ku = theirs.getExtension(x509.KeyUsagesExtension);
  expect(ku ? KEY_USAGE_BITS.filter((_, i) => ku.usages & (1 << i)) : null, ctx).toEqual(ours.keyUsage);
  const eku = theirs.getExtension(x509.ExtendedKeyUsageExtension);
  expect(eku ? eku.usages.map(String) : null, ctx).toEqual(ours.extKeyUsage?.map((e) => e.oid) ?? null);
  // SANs: the kinds peculiar reads, in order, with their values
  const san = theirs.getExtension(x509.SubjectAlternativeNameExtension);
  const theirNames = (san?.names.items ?? []).map((n) => {
    if (n.type === "dn") return `dn:${hex(tlvContent(n.rawData))}`;
    if (n.type === "ip") return `ip:${canonicalIp(n.value)}`;
    return `${n.type}:${n.value}`;
  });
  const ourNames = ours.sans.flatMap((s) => {
    const t = peculiarType(s);
    if (!t) return [];
    if (t === "dn") return [`dn:${hex(s.encoding)}`];
    if (t === "ip") return [`ip:${canonicalIp(s.value)}`];
    if (t === "id") return [`id:${decodeOid(s.encoding)}`];
    return [`${t}:${s.value}`];
  });
  expect(ourNames, ctx).toEqual(theirNames);
  // the lazy identity view reads the same subject and SANs as the full parse
  const view = certificateView(der);
  expect(hex(view.subjectDer), ctx).toBe(hex(ours.subject.der));
  expect(
    view.sans.map((s) => [s.kind, s.idType, hex(s.encoding), s.value, s.supported]),
    ctx,
  ).toEqual(ours.sans.map((s) => [s.kind, s.idType, hex(s.encoding), s.value, s.supported]));
  compared++;
}

// ------------------------------------------------------------------ fixtures

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.(pem|crt|der|cer)$/.test(name)) out.push(p);
  }
  return out.sort();
}

/** Fixtures whose extension content is deliberately malformed (strongSwan's parsers refuse them too). */
const MALFORMED_EXTENSION = ["certs-fixtures/revocation/peers/carol.pem"];

describe("reader vs @peculiar/x509 on every fixture certificate", () => {
  test("certs-fixtures/ and test/pkits/", async () => {
    let certs = 0;
    const skipped: string[] = [];
    for (const file of [
      ...filesUnder(join(root, "certs-fixtures")),
      ...filesUnder(join(root, "test/pkits")),
    ]) {
      const bytes = new Uint8Array(readFileSync(file));
      let loaded: Awaited<ReturnType<typeof parseBytes>>;
      try {
        loaded = await parseBytes(bytes, file);
      } catch {
        skipped.push(file.slice(root.length + 1));
        continue; // broken fixtures we refuse are covered by their own tests
      }
      for (const item of loaded.items) {
        if (item.kind !== "certificate") continue;
        const rel = file.slice(root.length + 1);
        if (MALFORMED_EXTENSION.includes(rel)) {
          // well-formed DER with an extension of the wrong shape: peculiar refuses it, we read it
          expect(() => new x509.X509Certificate((item as Certificate).der).extensions, rel).toThrow();
          continue;
        }
        await expectAgreement((item as Certificate).der, rel);
        certs++;
      }
    }
    // the sample deployment, the pki/openssl fixtures and the PKITS subset are all read
    expect(certs).toBeGreaterThanOrEqual(137);
    // only the encrypted keys (no passphrase given here) are refused
    expect(skipped.filter((f) => !f.startsWith("certs-fixtures/keys/"))).toEqual([]);
  }, 120_000);
});

// ------------------------------------------------------------------ generated

const POOL_KINDS: KeyKind[] = ["rsa2048", "p256", "p384", "p521", "ed25519", "ed448"];
const pool = new Map<KeyKind, KeyPair[]>();
let issuers: GeneratedCertificate[] = [];

beforeAll(() => {
  for (const k of POOL_KINDS) pool.set(k, [generateKey(k), generateKey(k)]);
  // issuers that sign fast (EC and EdDSA) and one RSA
  issuers = (["p256", "ed25519", "rsa2048", "p384"] as KeyKind[]).map((k, i) =>
    makeCertificate({ subject: `C=CH, O=Prop, CN=CA ${i}`, key: pool.get(k)![0]!, ca: true }),
  );
}, 60_000);

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const dnsName = fc
  .tuple(fc.option(fc.constant("*"), { nil: undefined }), fc.array(label, { minLength: 1, maxLength: 4 }))
  .map(([w, ls]) => [...(w ? [w] : []), ...ls, "example"].join("."));
const ipv4 = fc.ipV4();
const ipv6 = fc.ipV6();
const printableText = fc.stringMatching(/^[A-Za-z0-9 '()+,./:=?-]{1,20}$/).filter((s) => !s.includes(", "));
const utf8Text = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
  .filter((s) => !s.includes(", "));

const dnAttribute: fc.Arbitrary<DnAttribute> = fc.oneof(
  fc.record({
    type: fc.constantFrom("C", "ST", "L", "O", "OU", "CN", "serialNumber", "T", "G", "I"),
    value: printableText,
    string: fc.constantFrom("printable" as const, "utf8" as const, "t61" as const),
  }),
  fc.record({
    type: fc.constantFrom("O", "OU", "CN", "L"),
    value: utf8Text,
    string: fc.constant("utf8" as const),
  }),
  fc.record({ type: fc.constantFrom("DC", "E", "UID"), value: label, string: fc.constant("ia5" as const) }),
  fc.record({ type: fc.constantFrom("CN", "O"), value: utf8Text, string: fc.constant("bmp" as const) }),
);
const dn = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: dnAttribute },
    { weight: 1, arbitrary: fc.array(dnAttribute, { minLength: 2, maxLength: 3 }) },
  ),
  {
    minLength: 1,
    maxLength: 6,
  },
);

const sanArb: fc.Arbitrary<San> = fc.oneof(
  dnsName.map((d) => ({ dns: d })),
  ipv4.map((ip) => ({ ip })),
  ipv6.map((ip) => ({ ip })),
  fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([ip, l]) => ({ ipSubnet: `${ip}/${l}` })),
  fc.tuple(label, dnsName).map(([u, d]) => ({ email: `${u}@${d}` })),
  dnsName.map((d) => ({ uri: `https://${d}/p` })),
  dn.map((d) => ({ dn: d })),
  fc.tuple(label, dnsName).map(([u, d]) => ({ upn: `${u}@${d}` })),
  fc.tuple(label, dnsName).map(([u, d]) => ({ xmpp: `${u}@${d}` })),
  fc.constantFrom(
    { registeredId: "1.3.6.1.4.1.55555.2" },
    { otherName: "1.3.6.1.4.1.55555.1", value: "opaque" },
  ),
);

const certArb = fc.record({
  subject: dn,
  keyKind: fc.constantFrom(...POOL_KINDS),
  keyIndex: fc.integer({ min: 0, max: 1 }),
  issuer: fc.integer({ min: -1, max: 3 }),
  sans: fc.array(sanArb, { maxLength: 6 }),
  ca: fc.boolean(),
  pathLen: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
  bcCritical: fc.boolean(),
  keyUsage: fc.option(fc.subarray([...KEY_USAGE_BITS]), { nil: undefined }),
  eku: fc.option(
    fc.subarray(["serverAuth", "clientAuth", "ikeIntermediate", "ipsecIKE", "emailProtection"], {
      minLength: 1,
    }),
    {
      nil: undefined,
    },
  ),
  ski: fc.boolean(),
  aki: fc.boolean(),
  serial: fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => {
    b[0] = (b[0]! & 0x7f) | 0x01;
    return b;
  }),
  notBefore: fc.date({
    min: new Date("1951-01-01T00:00:00Z"),
    max: new Date("2060-01-01T00:00:00Z"),
    noInvalidDate: true,
  }),
  days: fc.integer({ min: 1, max: 20_000 }),
});

describe("reader vs @peculiar/x509 on generated certificates", () => {
  test("thousands of generated certificates agree field by field", async () => {
    const before = compared;
    await fc.assert(
      fc.asyncProperty(certArb, async (c) => {
        const issuer = c.issuer < 0 ? "self" : issuers[c.issuer]!;
        const g = makeCertificate({
          subject: c.subject,
          key: pool.get(c.keyKind)![c.keyIndex]!,
          issuer,
          sans: c.sans,
          basicConstraints:
            c.ca || c.pathLen !== undefined
              ? { ca: c.ca, pathLen: c.pathLen, critical: c.bcCritical }
              : false,
          keyUsage: c.keyUsage ?? false,
          eku: c.eku,
          ski: c.ski,
          aki: c.aki && issuer !== "self",
          serial: c.serial,
          notBefore: new Date(Math.floor(c.notBefore.getTime() / 1000) * 1000),
          notAfter: new Date(Math.floor(c.notBefore.getTime() / 1000) * 1000 + c.days * 86_400_000),
        });
        await expectAgreement(g.der, `generated ${JSON.stringify(c)}`);
      }),
      { numRuns: Number(process.env.IKECERT_PROPERTY_RUNS ?? 2000), seed: 9 },
    );
    expect(compared - before).toBe(Number(process.env.IKECERT_PROPERTY_RUNS ?? 2000));
  }, 300_000);
});
