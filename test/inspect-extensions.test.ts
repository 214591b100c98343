/**
 * `inspect` shows the extensions ikecert does not model itself (lib/checks/extensions.ts, values read
 * by @peculiar/x509), with what strongSwan does with them. Build first (`npx tsc`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  encodeGeneralName,
  generalNames,
  generateKey,
  makeCertificate,
  nameConstraintsValue,
  type RawExtension,
} from "../certs-fixtures/generator.js";
import { encodeOid, encodeTlv, TAG } from "../lib/asn1/der.js";
import { loadProblems } from "../lib/checks/chain/loadable.js";
import type { OtherExtension } from "../lib/checks/extensions.js";
import { type Certificate, inspectFiles, inspectFilesDetailed, loadFile } from "../lib/index.js";
import { runCli } from "./cli-helper.js";

const tmp = mkdtempSync(join(tmpdir(), "ikc-stack-ext-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// what openssl makes of a config with these extensions (same values, same order):
//   issuerAltName=URI:http://ca.example.com/,email:ca@example.com
//   crlDistributionPoints=URI:http://crl.example.com/ca.crl,URI:ldap://ldap.example.com/cn=ca
//   authorityInfoAccess=OCSP;URI:http://ocsp.example.com/,caIssuers;URI:http://ca.example.com/ca.crt
//   certificatePolicies=1.3.6.1.4.1.99999.1.1,2.23.140.1.2.1
//   nameConstraints=critical,permitted;DNS:.example.com,excluded;IP:10.0.0.0/255.0.0.0
//   policyConstraints=critical,requireExplicitPolicy:0
//   inhibitAnyPolicy=0
//   1.2.3.4.5=critical,ASN1:UTF8String:hello
//   1.2.3.4.6=DER:05:00
const seq = (...p: Uint8Array[]) => encodeTlv(TAG.SEQUENCE, new Uint8Array(Buffer.concat(p)));
const tagged = (tag: number, ...p: Uint8Array[]) => encodeTlv(tag, new Uint8Array(Buffer.concat(p)));
const oid = (o: string) => encodeTlv(TAG.OID, encodeOid(o));
const uri = (u: string) => encodeGeneralName({ uri: u });
const EXTENSIONS: RawExtension[] = [
  { oid: "2.5.29.18", value: generalNames([{ uri: "http://ca.example.com/" }, { email: "ca@example.com" }]) },
  {
    oid: "2.5.29.31",
    value: seq(
      ...["http://crl.example.com/ca.crl", "ldap://ldap.example.com/cn=ca"].map((u) =>
        seq(tagged(0xa0, tagged(0xa0, uri(u)))),
      ),
    ),
  },
  {
    oid: "1.3.6.1.5.5.7.1.1",
    value: seq(
      seq(oid("1.3.6.1.5.5.7.48.1"), uri("http://ocsp.example.com/")),
      seq(oid("1.3.6.1.5.5.7.48.2"), uri("http://ca.example.com/ca.crt")),
    ),
  },
  { oid: "2.5.29.32", value: seq(seq(oid("1.3.6.1.4.1.99999.1.1")), seq(oid("2.23.140.1.2.1"))) },
  {
    oid: "2.5.29.30",
    critical: true,
    value: nameConstraintsValue({
      permitted: [{ dns: ".example.com" }],
      excluded: [{ ipSubnet: "10.0.0.0/8" }],
    }),
  },
  { oid: "2.5.29.36", critical: true, value: seq(encodeTlv(0x80, Uint8Array.of(0))) },
  { oid: "2.5.29.54", value: encodeTlv(TAG.INTEGER, Uint8Array.of(0)) },
  { oid: "1.2.3.4.5", critical: true, value: encodeTlv(TAG.UTF8String, Buffer.from("hello")) },
  { oid: "1.2.3.4.6", value: Uint8Array.of(0x05, 0x00) },
];
const CERT = join(tmp, "ext.pem");
writeFileSync(
  CERT,
  makeCertificate({
    subject: [{ type: "CN", value: "ext.example.com", string: "utf8" }],
    key: generateKey("p256"),
    notBefore: new Date(Date.now()),
    notAfter: new Date(Date.now() + 3650 * 86_400_000),
    sans: ["ext.example.com"],
    basicConstraints: { ca: true, critical: true },
    keyUsage: false,
    extensions: EXTENSIONS,
  }).pem,
);

const detailed = async (file: string) => (await inspectFilesDetailed([await loadFile(file)])).items[0]!;
const byName = (exts: OtherExtension[]) => Object.fromEntries(exts.map((e) => [e.name ?? e.oid, e]));

describe("other extensions", () => {
  it("every extension without a field of its own, with a readable value, in certificate order", async () => {
    const it0 = await detailed(CERT);
    if (it0.kind !== "certificate") throw new Error("not a certificate");
    const exts = it0.otherExtensions!;
    expect(exts.map((e) => e.name ?? e.oid)).toEqual([
      "issuerAltName",
      "cRLDistributionPoints",
      "authorityInfoAccess",
      "certificatePolicies",
      "nameConstraints",
      "policyConstraints",
      "inhibitAnyPolicy",
      "1.2.3.4.5",
      "1.2.3.4.6",
    ]);
    const e = byName(exts);
    expect(e.issuerAltName!.value).toBe("URL: http://ca.example.com/; Email: ca@example.com");
    expect(e.cRLDistributionPoints!.value).toBe(
      "URL: http://crl.example.com/ca.crl; URL: ldap://ldap.example.com/cn=ca",
    );
    expect(e.authorityInfoAccess!.value).toBe(
      "OCSP: http://ocsp.example.com/; CA Issuers: http://ca.example.com/ca.crt",
    );
    expect(e.certificatePolicies!.value).toBe("Policy: 1.3.6.1.4.1.99999.1.1; Policy: 2.23.140.1.2.1");
    expect(e.nameConstraints).toMatchObject({
      oid: "2.5.29.30",
      critical: true,
      value: "permitted: DNS: .example.com; excluded: IP: 10.0.0.0/8",
    });
    expect(e.policyConstraints!.value).toBe("requireExplicitPolicy 0");
    expect(e.inhibitAnyPolicy!.value).toBe("skipCerts 0");
    expect(e["1.2.3.4.5"]).toMatchObject({ name: null, critical: true, value: '"hello"' });
    expect(e["1.2.3.4.6"]).toMatchObject({ name: null, critical: false, value: "05:00" });
  });

  it("says what strongSwan does with them; the refusal note is the chain module's own", async () => {
    const it0 = await detailed(CERT);
    if (it0.kind !== "certificate") throw new Error("not a certificate");
    const e = byName(it0.otherExtensions!);
    expect(e.cRLDistributionPoints!.strongswan).toMatch(/revocation plugin fetches these CRLs/);
    expect(e.authorityInfoAccess!.strongswan).toMatch(/OCSP/);
    const cert = (await loadFile(CERT)).items[0] as Certificate;
    const problems = loadProblems(cert);
    // one refusal per certificate plugin, x509's first: for 1.2.3.4.5 only (it parses nameConstraints
    // and policyConstraints); the openssl plugin after it refuses the certificate as well
    expect(problems.map((p) => p.log)).toEqual([
      "critical 'unknown' extension not supported",
      expect.stringMatching(/^found unsupported critical X\.509 extension: /),
    ]);
    expect(e["1.2.3.4.5"]!.strongswan).toContain(problems[0]!.log!);
    expect(e.nameConstraints!.strongswan).not.toMatch(/refuses/);
    expect(e["1.2.3.4.6"]!.strongswan).toBeNull();
  });

  it("inspectFiles (synchronous, no @peculiar/x509) leaves them out; a plain certificate has none", async () => {
    const lf = await loadFile(CERT);
    expect(inspectFiles([lf]).items[0]).not.toHaveProperty("otherExtensions");
    const plain = await detailed("certs-fixtures/pki/ca.pem");
    expect(plain).toMatchObject({ kind: "certificate", otherExtensions: [] });
  });

  it("the CLI prints an 'other extensions:' block, and otherExtensions in --json", async () => {
    const text = await runCli(["inspect", CERT]);
    // strongSwan cannot load it (the critical 1.2.3.4.5): CHAIN_CERT_UNLOADABLE, an error
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("error CHAIN_CERT_UNLOADABLE");
    expect(text.stdout).toContain(
      "  other extensions:\n    issuerAltName: URL: http://ca.example.com/; Email: ca@example.com\n    cRLDistributionPoints: URL: http://crl.example.com/ca.crl; URL: ldap://ldap.example.com/cn=ca\n      strongSwan: charon's revocation plugin",
    );
    expect(text.stdout).toContain(
      '    unknown 1.2.3.4.5 (critical): "hello"\n      strongSwan: critical and not supported',
    );
    const json = JSON.parse((await runCli(["inspect", CERT, "--json"])).stdout);
    expect(json.result.items[0].otherExtensions[4]).toEqual({
      oid: "2.5.29.30",
      name: "nameConstraints",
      critical: true,
      value: "permitted: DNS: .example.com; excluded: IP: 10.0.0.0/8",
      strongswan: "charon's constraints plugin checks the certificates below this CA against these",
    });
    const plain = await runCli(["inspect", "certs-fixtures/pki/ca.pem"]);
    expect(plain.stdout).not.toContain("other extensions");
  });
});
