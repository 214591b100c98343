/**
 * Well-formed certificates that one of strongSwan's certificate plugins refuses (x509 or openssl)
 * and cases where the plugin order changes a chain verdict. The unit tests check ikecert's model of
 * each parser; the strongSwan tier loads each file with `pki --print` under an x509-only and an
 * openssl-only plugin list (so each parser is tested on its own) and runs the order cases through
 * `pki --verify` with the plugins in both orders.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CertificateOptions,
  type GeneratedCertificate,
  generateKey,
  makeCertificate,
  nameConstraintsValue,
} from "../certs-fixtures/generator.js";
import { authorityInfoAccess, crlDistributionPoints } from "../certs-fixtures/generator-crl.js";
import { oid, seq } from "../certs-fixtures/generator-der.js";
import { encodeTlv, TAG } from "../lib/asn1/der.js";

export interface ParserCase {
  name: string;
  file: string;
  /** does each plugin, alone, load it (5.9.8) */
  x509: boolean;
  openssl: boolean;
  /** the line each plugin logs when it refuses it (at level 1), when there is one */
  x509Log?: string;
  opensslLog?: string;
}

const utf8 = (s: string) => encodeTlv(TAG.UTF8String, Buffer.from(s));

export function makeParserCases(dir: string): {
  cases: ParserCase[];
  root: GeneratedCertificate;
  rootFile: string;
} {
  const root = makeCertificate({
    subject: "C=CH, O=ikecert parsers, CN=Root",
    key: generateKey("ed25519"),
    ca: true,
  });
  const rootFile = join(dir, "parsers-root.pem");
  writeFileSync(rootFile, root.pem);
  const cases: ParserCase[] = [];
  const add = (c: Omit<ParserCase, "file">, o: Partial<CertificateOptions>) => {
    const cert = makeCertificate({
      subject: `C=CH, O=ikecert parsers, CN=case ${cases.length + 1}`,
      key: generateKey("ed25519"),
      issuer: root,
      ...o,
    });
    const file = join(dir, `parser-case-${cases.length + 1}.pem`);
    writeFileSync(file, cert.pem);
    cases.push({ ...c, file });
  };
  const aia = "1.3.6.1.5.5.7.1.1";
  add(
    {
      name: "an authorityInfoAccess that is an INTEGER, not a SEQUENCE",
      x509: false,
      openssl: false,
      opensslLog: "OpenSSL X.509 parsing failed",
    },
    {
      extensions: [{ oid: aia, value: Uint8Array.of(2, 1, 5) }],
    },
  );
  add(
    { name: "an OCSP location given as a registeredID", x509: false, openssl: true },
    {
      extensions: [authorityInfoAccess({ ocsp: [{ registeredId: "1.2.3.4" }] })],
    },
  );
  add(
    { name: "a caIssuers location given as an x400Address", x509: false, openssl: true },
    {
      extensions: [authorityInfoAccess({ caIssuers: [{ raw: Uint8Array.of(0xa3, 0) }] })],
    },
  );
  add(
    { name: "an AIA of another access method with an odd location (not parsed)", x509: true, openssl: true },
    {
      extensions: [
        { oid: aia, value: seq(seq(oid("1.3.6.1.5.5.7.48.5"), encodeTlv(0x88, Uint8Array.of(0x2a)))) },
      ],
    },
  );
  add(
    { name: "a CRL distribution point whose fullName is a registeredID", x509: false, openssl: true },
    {
      extensions: [crlDistributionPoints([{ uris: [{ registeredId: "1.2.3.4" }] }])],
    },
  );
  add(
    {
      name: "a CRL distribution point whose cRLIssuer is an otherName of an unknown type",
      x509: false,
      openssl: true,
    },
    {
      extensions: [
        crlDistributionPoints([
          { uris: ["http://x.example/crl"], crlIssuer: [{ otherName: "1.3.6.1.4.1.55555.2", value: "x" }] },
        ]),
      ],
    },
  );
  add(
    { name: "a cRLDistributionPoints that is an OCTET STRING", x509: false, openssl: false },
    {
      extensions: [{ oid: "2.5.29.31", value: Uint8Array.of(4, 1, 0) }],
    },
  );
  add(
    { name: "a SAN iPAddress of 5 bytes", x509: false, openssl: true },
    { sans: [{ raw: Uint8Array.of(0x87, 5, 1, 2, 3, 4, 5) }] },
  );
  add(
    { name: "a SAN otherName of an unknown type", x509: false, openssl: true },
    {
      sans: ["vpn.example.com", { otherName: "1.3.6.1.4.1.55555.3", value: "opaque" }],
    },
  );
  add(
    {
      name: "a subjectKeyIdentifier that is a SEQUENCE",
      x509: false,
      openssl: false,
      opensslLog: "OpenSSL X.509 parsing failed",
    },
    {
      ski: false,
      extensions: [{ oid: "2.5.29.14", value: seq(utf8("x")) }],
    },
  );
  add(
    { name: "an extKeyUsage holding an INTEGER", x509: false, openssl: false },
    {
      extensions: [{ oid: "2.5.29.37", value: seq(encodeTlv(TAG.INTEGER, Uint8Array.of(1))) }],
    },
  );
  add(
    {
      name: "a basicConstraints with an extra OCTET STRING (x509 skips it, OpenSSL cannot decode it)",
      x509: true,
      openssl: false,
    },
    {
      basicConstraints: false,
      extensions: [{ oid: "2.5.29.19", value: seq(encodeTlv(TAG.OCTET_STRING, Uint8Array.of(0))) }],
    },
  );
  add(
    {
      name: "a certificatePolicies qualifier that is a UTF8String (neither cPSuri nor userNotice)",
      x509: false,
      openssl: true,
      x509Log: "L10 - end choices:  incorrect choice encoding",
    },
    {
      extensions: [
        {
          oid: "2.5.29.32",
          value: seq(seq(oid("2.5.29.32.0"), seq(seq(oid("1.3.6.1.5.5.7.2.1"), utf8("https://cps"))))),
        },
      ],
    },
  );
  add(
    {
      name: "a critical iPAddress nameConstraints (5.9.8: neither plugin takes it)",
      x509: false,
      openssl: false,
      opensslLog: "found unsupported critical X.509 extension: X509v3 Name Constraints",
    },
    { ca: true, nameConstraints: { permitted: [{ ipSubnet: "10.0.0.0/8" }], critical: true } },
  );
  add(
    {
      name: "a non-critical iPAddress nameConstraints (5.9.8: openssl takes it and drops it)",
      x509: false,
      openssl: true,
    },
    {
      ca: true,
      nameConstraints: { permitted: [{ ipSubnet: "10.0.0.0/8" }], critical: false },
    },
  );
  add(
    {
      name: "a critical dNSName nameConstraints (openssl refuses it before 5.9.12)",
      x509: true,
      openssl: false,
      opensslLog: "found unsupported critical X.509 extension: X509v3 Name Constraints",
    },
    { ca: true, nameConstraints: { permitted: [{ dns: "example.com" }], critical: true } },
  );
  add(
    {
      name: "a critical certificatePolicies (the openssl plugin never reads policies)",
      x509: true,
      openssl: false,
      opensslLog: "found unsupported critical X.509 extension: X509v3 Certificate Policies",
    },
    { extensions: [{ oid: "2.5.29.32", critical: true, value: seq(seq(oid("2.5.29.32.0"))) }] },
  );
  add(
    {
      name: "a critical unknown extension",
      x509: false,
      openssl: false,
      x509Log: "critical 'unknown' extension not supported",
      opensslLog: "found unsupported critical X.509 extension: 1.3.6.1.4.1.55555.7",
    },
    { extensions: [{ oid: "1.3.6.1.4.1.55555.7", critical: true, value: Uint8Array.of(5, 0) }] },
  );
  add(
    {
      name: "a critical freshestCRL (known to strongSwan by name, parsed by neither plugin)",
      x509: false,
      openssl: false,
      x509Log: "critical 'freshestCRL' extension not supported",
      opensslLog: "found unsupported critical X.509 extension: X509v3 Freshest CRL",
    },
    {
      extensions: [
        {
          ...crlDistributionPoints([{ uris: ["http://x.example/delta"] }]),
          oid: "2.5.29.46",
          critical: true,
        },
      ],
    },
  );
  add(
    { name: "a critical nsComment (x509 reads it, openssl does not)", x509: true, openssl: false },
    {
      extensions: [
        { oid: "2.16.840.1.113730.1.13", critical: true, value: encodeTlv(TAG.IA5String, Buffer.from("hi")) },
      ],
    },
  );
  void nameConstraintsValue;
  return { cases, root, rootFile };
}
