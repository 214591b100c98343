/**
 * PKCS#7 / CMS certs-only bundles (lib/input/pkcs7.ts, read with asn1js + pkijs): the certificates
 * come back byte for byte as stored, from DER, PEM and BER (indefinite lengths) bundles; CRLs are
 * noted in `skipped`; broken bundles end as one-line PKCS7_MALFORMED errors.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { children, readTlv, type Tlv, validateDer } from "../../lib/asn1/der.js";
import { type Certificate, IkecertError, loadFile, parseBytes } from "../../lib/index.js";
import { parsePem } from "../../lib/input/pem.js";
import { readPkcs7 } from "../../lib/input/pkcs7.js";
import { runCli } from "../cli-helper.js";
import { needs } from "../needs.js";
import { codeOf, P12_DIR } from "./fixtures.js";

const tmp = mkdtempSync(join(tmpdir(), "ikc-stack-p7-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LEAF = join(P12_DIR, "leaf.pem");
const CA = join(P12_DIR, "ca.pem");
const derOf = (pemFile: string) => parsePem(readFileSync(pemFile), 10)[0]!.der;
const ORIGINALS = [derOf(LEAF), derOf(CA)];

// the bundles are made by openssl, the other implementation they are compared with
const OPENSSL = needs("PKCS#7 bundles made by openssl", ["openssl"]);
const ossl = (args: string[]) =>
  OPENSSL
    ? new Uint8Array(execFileSync("openssl", args, { cwd: tmp, stdio: ["ignore", "pipe", "pipe"] }))
    : new Uint8Array();
function write(name: string, bytes: Uint8Array): string {
  const f = join(tmp, name);
  writeFileSync(f, bytes);
  return f;
}

const P7B_DER = ossl(["crl2pkcs7", "-nocrl", "-certfile", LEAF, "-certfile", CA, "-outform", "DER"]);
const P7B_PEM = ossl(["crl2pkcs7", "-nocrl", "-certfile", LEAF, "-certfile", CA]);
const CA_KEY = join(P12_DIR, "ca.key.pem");
write("m.txt", new Uint8Array(Buffer.from("hello\n")));
write("index.txt", new Uint8Array());
write(
  "ca.cnf",
  new Uint8Array(
    Buffer.from("[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\ndefault_md=sha256\ndefault_crl_days=30\n"),
  ),
);
ossl(["ca", "-gencrl", "-config", "ca.cnf", "-keyfile", CA_KEY, "-cert", CA, "-out", "crl.pem"]);
const ENVELOPED = ossl(["cms", "-encrypt", "-in", "m.txt", "-outform", "DER", CA]);

/**
 * Re-encode the envelope of a certs-only bundle the way Windows writes it: ContentInfo, its [0],
 * the SignedData and its certificates [0] SET with indefinite lengths; the certificates stay as they
 * are (their bytes must come back unchanged).
 */
function indefinite(buf: Uint8Array, t: Tlv = readTlv(buf, 0), level = 0): Uint8Array {
  const isEnvelope = level < 3 || (level === 3 && t.tag === 0xa0);
  if (!(t.tag & 0x20) || !isEnvelope) return buf.subarray(t.start, t.end);
  const parts = [Uint8Array.of(t.tag, 0x80)];
  for (const c of children(buf, t)) parts.push(indefinite(buf, c, level + 1));
  parts.push(Uint8Array.of(0, 0));
  return new Uint8Array(Buffer.concat(parts));
}

const certsOf = async (bytes: Uint8Array) => {
  const f = await parseBytes(bytes, "bundle");
  return f.items.map((i) => (i as Certificate).der);
};

describe.runIf(OPENSSL)("PKCS#7 certs-only bundles", () => {
  it("DER from openssl crl2pkcs7: the certificates byte for byte, in order", async () => {
    const f = await parseBytes(P7B_DER, "b.p7b");
    expect(f.container).toBe("pkcs7");
    expect(f.items.map((i) => i.source.container)).toEqual(["pkcs7", "pkcs7"]);
    expect(f.items.map((i) => i.source.index)).toEqual([0, 1]);
    expect((await certsOf(P7B_DER)).map((d) => Buffer.from(d))).toEqual(ORIGINALS.map((d) => Buffer.from(d)));
    expect(f.skipped).toEqual([]);
  });

  it("PEM (-----BEGIN PKCS7-----) and the CMS label openssl cms writes", async () => {
    expect((await certsOf(P7B_PEM)).map((d) => Buffer.from(d))).toEqual(ORIGINALS.map((d) => Buffer.from(d)));
    for (const label of ["CMS"]) {
      const pem = Buffer.from(P7B_PEM).toString().replace(/PKCS7/g, label);
      const f = await parseBytes(new Uint8Array(Buffer.from(pem)), "b.pem");
      expect(f.items.map((i) => Buffer.from((i as Certificate).der))).toEqual(
        ORIGINALS.map((d) => Buffer.from(d)),
      );
    }
  });

  it("BER: indefinite lengths around the certificates (as Windows writes them)", async () => {
    const ber = indefinite(P7B_DER);
    expect(ber[1]).toBe(0x80);
    expect(() => validateDer(ber)).toThrow(IkecertError); // not DER any more
    // and wrapped in PEM
    const pem = `-----BEGIN PKCS7-----\n${Buffer.from(ber).toString("base64")}\n-----END PKCS7-----\n`;
    expect((await certsOf(new Uint8Array(Buffer.from(pem)))).length).toBe(2);
  });

  it("BER: a streamed signature from openssl cms -sign -stream, signer and extra certificate", async () => {
    const signed = ossl([
      "cms",
      "-sign",
      "-in",
      "m.txt",
      "-signer",
      CA,
      "-inkey",
      CA_KEY,
      "-certfile",
      LEAF,
      "-stream",
      "-outform",
      "DER",
    ]);
    expect(signed[1]).toBe(0x80); // indefinite length: it really is BER
    const got = (await certsOf(signed)).map((d) => Buffer.from(d));
    expect(got).toHaveLength(2);
    expect(new Set(got.map((d) => d.toString("hex")))).toEqual(
      new Set(ORIGINALS.map((d) => Buffer.from(d).toString("hex"))),
    );
  });

  it("key ids and fingerprints equal those of the PEM originals", async () => {
    const f = await loadFile(write("chain.p7b", P7B_DER));
    const leaf = (await loadFile(LEAF)).items[0] as Certificate;
    const got = f.items[0] as Certificate;
    expect(got.fingerprints).toEqual(leaf.fingerprints);
    expect(got.publicKey.keyIds).toEqual(leaf.publicKey.keyIds);
    expect(got.subject.printed).toBe(leaf.subject.printed);
  });

  it("a CRL in the bundle is noted in skipped, the certificate still read", async () => {
    const withCrl = ossl(["crl2pkcs7", "-in", "crl.pem", "-certfile", LEAF, "-outform", "DER"]);
    const f = await parseBytes(withCrl, "crl.p7b");
    expect(f.skipped).toEqual(["X509 CRL"]);
    expect(f.items.map((i) => Buffer.from((i as Certificate).der))).toEqual([Buffer.from(ORIGINALS[0]!)]);
    expect(readPkcs7(withCrl).skipped).toEqual(["X509 CRL"]);
  });

  it("a bundle with only a CRL reads as no certificates", async () => {
    const none = ossl(["crl2pkcs7", "-in", "crl.pem", "-outform", "DER"]);
    const f = await parseBytes(none, "none.p7b");
    expect(f.items).toEqual([]);
    expect(f.skipped).toEqual(["X509 CRL"]);
  });

  it("other CMS content types and broken bundles are one-line PKCS7_MALFORMED errors", async () => {
    await expect(parseBytes(ENVELOPED, "env.der")).rejects.toThrow(/not SignedData but envelopedData/);
    // SignedData whose version is no INTEGER
    const bad = new Uint8Array(P7B_DER);
    const sd = children(bad, readTlv(bad, 0))[1]!;
    const inner = readTlv(bad, sd.contentStart);
    bad[inner.contentStart] = 0x04;
    expect(await codeOf(parseBytes(bad, "bad.p7b"))).toBe("PKCS7_MALFORMED");
    // truncated, and trailing bytes
    const cut = `-----BEGIN PKCS7-----\n${Buffer.from(P7B_DER.subarray(0, 900)).toString("base64")}\n-----END PKCS7-----\n`;
    expect(await codeOf(parseBytes(new Uint8Array(Buffer.from(cut)), "cut.pem"))).toBe("PKCS7_MALFORMED");
    expect(() => readPkcs7(new Uint8Array([...P7B_DER, 0]))).toThrow(/trailing bytes/);
    // hostile nesting: the depth limit, not a stack overflow
    const deep = new Uint8Array(2 * 5000 + 2 * 5000);
    for (let i = 0; i < 5000; i++) deep.set([0x30, 0x80], 2 * i);
    try {
      readPkcs7(deep);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IkecertError);
      expect((e as IkecertError).code).toBe("PKCS7_MALFORMED");
      expect((e as IkecertError).message).not.toMatch(/\n/);
    }
  });

  it("a certificate that is not DER inside a BER bundle is refused, not re-encoded", async () => {
    // the leaf itself with an indefinite length: strongSwan's x509 plugin wants DER, and so does ikecert
    const leaf = ORIGINALS[0]!;
    const t = readTlv(leaf, 0);
    const berLeaf = Buffer.concat([
      Uint8Array.of(0x30, 0x80),
      ...children(leaf, t).map((c) => leaf.subarray(c.start, c.end)),
      Uint8Array.of(0, 0),
    ]);
    const bundle = Buffer.from(indefinite(P7B_DER));
    const at = bundle.indexOf(Buffer.from(leaf));
    expect(at).toBeGreaterThan(0);
    const rebuilt = Buffer.concat([bundle.subarray(0, at), berLeaf, bundle.subarray(at + leaf.length)]);
    expect(readPkcs7(new Uint8Array(rebuilt)).certificates[0]).toEqual(new Uint8Array(berLeaf));
    const code = await codeOf(parseBytes(new Uint8Array(rebuilt), "ber-cert.p7b"));
    expect(code).toMatch(/^ASN1_|^CERT_MALFORMED$/);
  });
});

describe.runIf(OPENSSL)("ikecert inspect on PKCS#7 bundles", () => {
  it("lists every certificate of a .p7b (DER and BER) with the original fingerprints", async () => {
    const leaf = (await loadFile(LEAF)).items[0] as Certificate;
    for (const [name, bytes] of [
      ["chain.p7b", P7B_DER],
      ["ber.p7b", indefinite(P7B_DER)],
    ] as const) {
      const file = write(name, bytes);
      const r = await runCli(["inspect", file, "--json"]);
      const doc = JSON.parse(r.stdout);
      expect(doc.result.items.map((i: { index: number }) => i.index)).toEqual([0, 1]);
      expect(doc.result.items[0].fingerprints).toEqual(leaf.fingerprints);
      expect(doc.findings.map((f: { code: string }) => f.code)).toContain("CHAIN_FILE_MULTIPLE_CERTS");
    }
  });

  it("an envelopedData file: exit 2, one line", async () => {
    const file = write("env.p7m", ENVELOPED);
    const r = await runCli(["inspect", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ikecert: ${file}: PKCS#7 data that is not SignedData but envelopedData: it carries no certificates\n`,
    );
  });
});
