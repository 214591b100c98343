import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import { afterAll, describe, expect, test } from "vitest";
import {
  type GeneratedCertificate,
  generateKey,
  type KeyKind,
  makeCertificate,
  type San,
} from "../certs-fixtures/generator.js";
import { children, readTlv } from "../lib/asn1/der.js";
import type { Certificate } from "../lib/index.js";
import { needs } from "./needs.js";

const tmp = mkdtempSync(join(tmpdir(), "ikc-fixtures-gen-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** openssl's command line, the independent check of the generator's certificates (path validation too). */
const OPENSSL = needs("openssl verify of the generator's certificates", ["openssl"]);

/**
 * Whether the issuer's key verifies the leaf's signature: node:crypto's X509Certificate always, and
 * `openssl verify` (the whole path: extensions, CA flag, validity) where openssl is installed; both
 * must give the same answer.
 */
function verifies(leaf: GeneratedCertificate, issuer: GeneratedCertificate, name: string): boolean {
  const node = new X509Certificate(Buffer.from(leaf.der)).verify(
    new X509Certificate(Buffer.from(issuer.der)).publicKey,
  );
  if (!OPENSSL) return node;
  const ossl = opensslVerifies(leaf, issuer, name);
  expect(ossl, `${name}: openssl verify and node:crypto disagree`).toBe(node);
  return node;
}

/** `openssl verify` of leaf against issuer (written to the temp folder); true when it prints OK. */
function opensslVerifies(leaf: GeneratedCertificate, issuer: GeneratedCertificate, name: string): boolean {
  const ca = join(tmp, `${name}-ca.pem`);
  const ee = join(tmp, `${name}-ee.pem`);
  writeFileSync(ca, issuer.pem);
  writeFileSync(ee, leaf.pem);
  const r = spawnSync("openssl", ["verify", "-CAfile", ca, ee], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes(": OK");
}

const ALL_SANS: San[] = [
  "vpn.example.com",
  { ip: "192.0.2.1" },
  { ip: "2001:db8::1" },
  { ipSubnet: "10.0.0.0/8" },
  { ipSubnet: "2001:db8::/32" },
  "alice@example.com",
  { uri: "https://vpn.example.com/" },
  { dn: "C=CH, O=Example, CN=dir" },
  { upn: "alice@corp.example.com" },
  { xmpp: "alice@chat.example.com" },
  { otherName: "1.3.6.1.4.1.55555.1", value: "opaque" },
  { registeredId: "1.3.6.1.4.1.55555.2" },
];

/** Our parser and @peculiar/x509 read the same subject, SANs, serial and validity. */
function expectAgreement(g: GeneratedCertificate): Certificate {
  const ours = g.cert!;
  expect(ours).not.toBeNull();
  const theirs = new x509.X509Certificate(g.der);
  expect(Buffer.from(theirs.subjectName.toArrayBuffer())).toEqual(Buffer.from(ours.subject.der));
  expect(theirs.subjectName.getField("CN")).toEqual(
    ours.subject.printed
      .split(", ")
      .filter((p) => p.startsWith("CN="))
      .map((p) => p.slice(3)),
  );
  expect(theirs.notBefore.getTime()).toBe(ours.notBefore.getTime());
  expect(theirs.notAfter.getTime()).toBe(ours.notAfter.getTime());
  expect(theirs.serialNumber.toLowerCase()).toBe(ours.serial);
  const san = theirs.getExtension(x509.SubjectAlternativeNameExtension);
  const theirNames = (san?.names.items ?? [])
    .filter((n) => ["dns", "email", "url", "upn"].includes(n.type))
    .map((n) => `${n.type}:${n.value}`);
  const kindName: Record<string, string> = {
    dNSName: "dns",
    rfc822Name: "email",
    uniformResourceIdentifier: "url",
  };
  const ourNames = ours.sans
    .filter((s) => kindName[s.kind] || s.otherNameOid === "1.3.6.1.4.1.311.20.2.3")
    .map((s) => `${kindName[s.kind] ?? "upn"}:${s.value}`);
  expect(ourNames).toEqual(theirNames);
  const theirIps = (san?.names.items ?? []).filter((n) => n.type === "ip").length;
  expect(ours.sans.filter((s) => s.kind === "iPAddress").length).toBe(theirIps);
  return ours;
}

const KINDS: KeyKind[] = ["rsa1024", "rsa2048", "p256", "p384", "p521", "ed25519", "ed448"];

describe("generator: every key kind signs certificates that both parsers read and openssl verifies", () => {
  for (const kind of KINDS)
    test(kind, () => {
      const caKey = generateKey(kind);
      const ca = makeCertificate({ subject: `C=CH, O=Gen, CN=${kind} CA`, key: caKey, ca: true, pathLen: 1 });
      const leaf = makeCertificate({
        subject: "C=CH, O=Gen, CN=vpn.example.com",
        key: generateKey("p256"),
        issuer: { cert: ca, key: caKey },
        sans: ALL_SANS,
        eku: ["serverAuth", "ikeIntermediate"],
        keyUsage: ["digitalSignature"],
      });
      const c = expectAgreement(leaf);
      expectAgreement(ca);
      expect(c.publicKey.algorithm).toBe("ECDSA");
      expect(c.sans.map((s) => s.kind)).toEqual([
        "dNSName",
        "iPAddress",
        "iPAddress",
        "iPAddress",
        "iPAddress",
        "rfc822Name",
        "uniformResourceIdentifier",
        "directoryName",
        "otherName",
        "otherName",
        "otherName",
        "registeredID",
      ]);
      expect(c.sans.map((s) => s.value).slice(0, 5)).toEqual([
        "vpn.example.com",
        "192.0.2.1",
        "2001:db8::1",
        "10.0.0.0/8",
        "2001:db8::/32",
      ]);
      expect(c.sans.filter((s) => !s.supported).map((s) => s.kind)).toEqual(["otherName", "registeredID"]);
      expect(c.extKeyUsage?.map((e) => e.name)).toEqual(["serverAuth", "ikeIntermediate"]);
      expect(c.authorityKeyId).toEqual(ca.cert!.subjectKeyId);
      expect(ca.cert!.basicConstraints).toEqual({ ca: true, pathLen: 1, critical: true });
      expect(ca.cert!.selfIssued).toBe(true);
      expect(verifies(leaf, ca, kind)).toBe(true);
    });
});

describe("generator: every detail is controllable", () => {
  const caKey = generateKey("p256");
  const ca = makeCertificate({ subject: "CN=Detail CA", key: caKey, ca: true });
  const issuer = { cert: ca, key: caKey };

  test("DN string types are written as asked", () => {
    const g = makeCertificate({
      subject: [
        { type: "C", value: "CH" },
        { type: "O", value: "Zürich AG", string: "t61" },
        { type: "OU", value: "Ops", string: "utf8" },
        [
          { type: "CN", value: "multi", string: "bmp" },
          { type: "E", value: "a@example.com" },
        ],
      ],
      key: generateKey("ed25519"),
      issuer,
    });
    const der = g.subjectDer;
    const rdns = children(der, readTlv(der, 0));
    const tags = rdns.flatMap((rdn) =>
      children(der, rdn).map((atv) => {
        const [, value] = children(der, atv);
        return value!.tag;
      }),
    );
    expect(tags).toEqual([0x13, 0x14, 0x0c, 0x1e, 0x16]);
    expect(g.cert!.subject.printed).toContain("O=Z?rich AG");
  });

  test("extensions present, absent or wrong; serial, validity, hash, version", () => {
    const key = generateKey("rsa1024");
    const g = makeCertificate({
      subject: "CN=details",
      key,
      issuer,
      serial: "00ff01",
      notBefore: new Date("2001-02-03T04:05:06Z"),
      notAfter: new Date("2060-01-01T00:00:00Z"),
      basicConstraints: { ca: false, critical: true },
      keyUsage: ["digitalSignature", "keyEncipherment"],
      ski: false,
      aki: Uint8Array.of(1, 2, 3),
      hash: "sha1",
      extensions: [{ oid: "1.3.6.1.4.1.55555.3", critical: true, value: Uint8Array.of(5, 0) }],
    });
    const c = g.cert!;
    expect(c.serial).toBe("00ff01");
    expect(c.notAfter.toISOString()).toBe("2060-01-01T00:00:00.000Z");
    expect(c.basicConstraints).toEqual({ ca: false, pathLen: null, critical: true });
    expect(c.keyUsage).toEqual(["digitalSignature", "keyEncipherment"]);
    expect(c.subjectKeyId).toBeNull();
    expect(Array.from(c.authorityKeyId!)).toEqual([1, 2, 3]);
    expect(c.signatureAlgorithm.name).toBe("ecdsa-with-SHA1");
    expect(c.extensions.at(-1)).toMatchObject({ oid: "1.3.6.1.4.1.55555.3", critical: true });
    const v1 = makeCertificate({ subject: "CN=v1", key, issuer, version: 1, sans: ["x.example.com"] });
    expect(v1.cert!.version).toBe(1);
    expect(v1.cert!.extensions).toEqual([]);
  });

  test("a wrong signature does not verify; the right one does", () => {
    const key = generateKey("p256");
    const good = makeCertificate({ subject: "CN=good", key, issuer });
    const bad = makeCertificate({ subject: "CN=bad", key, issuer, wrongSignature: true });
    const other = generateKey("p256");
    const foreign = makeCertificate({ subject: "CN=foreign", key, issuer, signingKey: other });
    expect(verifies(good, ca, "good")).toBe(true);
    expect(verifies(bad, ca, "bad")).toBe(false);
    expect(verifies(foreign, ca, "foreign")).toBe(false);
  });

  test.runIf(OPENSSL)("nameConstraints and a non-CA issuer (openssl verify of the path)", () => {
    const ncKey = generateKey("p256");
    const nc = makeCertificate({
      subject: "CN=constrained",
      key: ncKey,
      issuer,
      ca: true,
      nameConstraints: { permitted: [{ dns: "example.com" }, { ipSubnet: "192.0.2.0/24" }] },
    });
    expect(nc.cert!.extensions.find((e) => e.name === "nameConstraints")?.critical).toBe(true);
    const inside = makeCertificate({
      subject: "CN=in",
      key: generateKey("p256"),
      issuer: nc,
      sans: ["vpn.example.com"],
    });
    const outside = makeCertificate({
      subject: "CN=out",
      key: generateKey("p256"),
      issuer: nc,
      sans: ["vpn.example.net"],
    });
    const chain = (leaf: GeneratedCertificate, name: string, via: GeneratedCertificate = nc) => {
      writeFileSync(join(tmp, `${name}-root.pem`), ca.pem);
      writeFileSync(join(tmp, `${name}-int.pem`), via.pem);
      writeFileSync(join(tmp, `${name}-leaf.pem`), leaf.pem);
      const r = spawnSync(
        "openssl",
        [
          "verify",
          "-CAfile",
          join(tmp, `${name}-root.pem`),
          "-untrusted",
          join(tmp, `${name}-int.pem`),
          join(tmp, `${name}-leaf.pem`),
        ],
        { encoding: "utf8" },
      );
      return r.status === 0;
    };
    expect(chain(inside, "nc-in")).toBe(true);
    expect(chain(outside, "nc-out")).toBe(false);
    const notCaKey = generateKey("p256");
    const notCa = makeCertificate({ subject: "CN=not a CA", key: notCaKey, issuer, basicConstraints: false });
    expect(notCa.cert!.basicConstraints).toBeNull();
    const issued = makeCertificate({
      subject: "CN=leaf",
      key: generateKey("p256"),
      issuer: { cert: notCa, key: notCaKey },
    });
    expect(chain(issued, "non-ca", notCa)).toBe(false);
  });
});
