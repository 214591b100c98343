/**
 * Generated revocation cases: a root, an intermediate, an end entity and the CRLs of each case,
 * written to a folder. The unit tests check ikecert's verdict and statuses; the strongSwan tier asks
 * `pki --verify --crl` (which runs charon's revocation plugin with local CRLs) for the same files.
 * Cases named "PKITS 4.4.x" rebuild the path of that NIST PKITS test (section 4.4, CRLs) with our
 * own generator; `rfc` is PKITS' expected result, `trusted` strongSwan's, `note` says why they differ.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CertificateOptions,
  type GeneratedCertificate,
  generateKey,
  makeCertificate,
} from "../certs-fixtures/generator.js";
import {
  authorityInfoAccess,
  type CrlOptions,
  crlDistributionPoints,
  makeCrl,
  negativeSerial,
} from "../certs-fixtures/generator-crl.js";
import type { ValidationStatus } from "../lib/checks/chain/revocation.js";

export interface RevocationScenario {
  name: string;
  ee: string;
  /** trusted (--ca / --cacert) */
  ca: string[];
  crls: string[];
  /** charon's verdict under the default policy (relaxed) */
  trusted: boolean;
  /** what charon records per certificate, end entity first (the last link is checked against the root) */
  status: ValidationStatus[];
  /** a finding ikecert must give */
  code?: string;
  /** a line of charon's log for this case (ikecert and pki both print it) */
  log?: string;
  /** PKITS' RFC 5280 verdict, for the PKITS-equivalent cases */
  rfc?: boolean;
  note?: string;
}

const P256 = () => generateKey("p256");
const PAST = new Date("2026-01-01T00:00:00Z");
const LONG_AGO = new Date("2025-06-01T00:00:00Z");

export function makeRevocationScenarios(dir: string): RevocationScenario[] {
  const write = (name: string, der: Uint8Array) => {
    const f = join(dir, name);
    writeFileSync(f, der);
    return f;
  };
  const root = makeCertificate({ subject: "C=CH, O=ikecert CRL test, CN=Root CA", key: P256(), ca: true });
  const sub = makeCertificate({
    subject: "C=CH, O=ikecert CRL test, CN=Sub CA",
    key: P256(),
    ca: true,
    issuer: root,
    serial: 0x20,
  });
  const leafOf = (cn: string, o: Partial<CertificateOptions> = {}) =>
    makeCertificate({
      subject: `C=CH, O=ikecert CRL test, CN=${cn}`,
      key: P256(),
      issuer: sub,
      sans: [cn],
      serial: 0x1001,
      ...o,
    });
  const R = write("root.der", root.der);
  const S = write("sub.der", sub.der);
  const CA = [R, S];
  const leaf = leafOf("leaf.example.com");
  const L = write("leaf.der", leaf.der);
  const serialOf = (c: GeneratedCertificate) => c.cert!.serialBytes;
  const crl = (name: string, o: CrlOptions) => write(`${name}.crl`, makeCrl(o).der);
  const rootEmpty = crl("root-empty", { issuer: root });
  const out: RevocationScenario[] = [];
  const add = (s: RevocationScenario) => out.push(s);

  add({
    name: "PKITS 4.4.1 Missing CRL (no CRL of the issuing CA)",
    ee: L,
    ca: CA,
    crls: [rootEmpty],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    log: "certificate status is not available",
    rfc: false,
    note: "without a CRL charon has no revocation information and accepts the certificate under the default policy (relaxed); strict refuses it",
  });
  add({
    name: "PKITS 4.4.2 Invalid Revoked CA",
    ee: L,
    ca: CA,
    crls: [
      crl("root-revokes-sub", { issuer: root, revoked: [{ serial: serialOf(sub), reason: "cACompromise" }] }),
    ],
    trusted: false,
    status: ["SKIPPED", "REVOKED"],
    code: "CRL_REVOKED",
    log: "certificate was revoked on Jan 01 00:00:00 UTC 2025, reason: ca compromise",
    rfc: false,
  });
  const subRevokesLeaf = crl("sub-revokes-leaf", {
    issuer: sub,
    revoked: [{ serial: serialOf(leaf), reason: "keyCompromise", date: new Date("2025-03-04T05:06:07Z") }],
  });
  add({
    name: "PKITS 4.4.3 Invalid Revoked EE",
    ee: L,
    ca: CA,
    crls: [subRevokesLeaf, rootEmpty],
    trusted: false,
    status: ["REVOKED"],
    code: "CRL_REVOKED",
    log: "certificate was revoked on Mar 04 05:06:07 UTC 2025, reason: key compromise",
    rfc: false,
  });
  add({
    name: "PKITS 4.4.4 Invalid Bad CRL Signature",
    ee: L,
    ca: CA,
    crls: [
      crl("bad-signature", { issuer: sub, revoked: [{ serial: serialOf(leaf) }], wrongSignature: true }),
      rootEmpty,
    ],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    code: "CRL_NOT_VERIFIED",
    log: "crl response verification failed",
    rfc: false,
    note: "a CRL whose signature does not verify is ignored; the certificate's status is then unknown, which the default policy accepts",
  });
  add({
    name: "PKITS 4.4.5 Invalid Bad CRL Issuer Name",
    ee: L,
    ca: CA,
    crls: [
      crl("bad-issuer-name", {
        issuer: sub,
        issuerName: "C=CH, O=ikecert CRL test, CN=Bad CRL Issuer Name",
        revoked: [{ serial: serialOf(leaf) }],
      }),
      rootEmpty,
    ],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    code: "CRL_NOT_VERIFIED",
    log: "crl response verification failed",
    rfc: false,
    note: "found by its authorityKeyIdentifier, but no trusted certificate carries the CRL's issuer name, so it is not verified and ignored",
  });
  const other = makeCertificate({
    subject: "C=CH, O=ikecert CRL test, CN=Other CA",
    key: P256(),
    ca: true,
    issuer: root,
  });
  add({
    name: "PKITS 4.4.6 Invalid Wrong CRL (the CRL of another CA)",
    ee: L,
    ca: [...CA, write("other-ca.der", other.der)],
    crls: [crl("other-ca", { issuer: other, revoked: [{ serial: serialOf(leaf) }] }), rootEmpty],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    log: "certificate status is not available",
    rfc: false,
    note: "charon finds CRLs by the issuer's key id only; another CA's CRL is never looked at",
  });
  const goodNum1 = crl("two-crls-good", { issuer: sub, crlNumber: 1 });
  const badNum2 = crl("two-crls-bad", {
    issuer: sub,
    crlNumber: 2,
    revoked: [{ serial: serialOf(leaf) }],
    wrongSignature: true,
  });
  add({
    name: "PKITS 4.4.7 Valid Two CRLs (the newer one is badly signed)",
    ee: L,
    ca: CA,
    crls: [goodNum1, badNum2, rootEmpty],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    code: "CRL_REPLACED",
    log: "crl response verification failed",
    rfc: true,
    note: "charon keeps one CRL per issuer, the one with the higher cRLNumber, before it checks any signature: the good CRL #1 is dropped, the bad #2 ignored, so the status is unknown (PKITS expects the good CRL to be used)",
  });
  add({
    name: "PKITS 4.4.8 Invalid Unknown CRL Entry Extension",
    ee: L,
    ca: CA,
    crls: [
      crl("unknown-entry-extension", {
        issuer: sub,
        revoked: [
          {
            serial: serialOf(leaf),
            extensions: [{ oid: "1.3.6.1.4.1.55555.8", critical: true, value: Uint8Array.of(5, 0) }],
          },
        ],
      }),
      rootEmpty,
    ],
    trusted: false,
    status: ["REVOKED"],
    code: "CRL_REVOKED",
    log: "certificate was revoked on Jan 01 00:00:00 UTC 2025, reason: unspecified",
    rfc: false,
    note: "the x509 plugin refuses the CRL for the unknown critical entry extension, but the openssl plugin after it does not look at entry extensions and loads it, so the revocation counts",
  });
  const unknownCrlExt = [{ oid: "1.3.6.1.4.1.55555.9", critical: true, value: Uint8Array.of(5, 0) }];
  add({
    name: "PKITS 4.4.9 Invalid Unknown CRL Extension",
    ee: L,
    ca: CA,
    crls: [
      crl("unknown-crl-extension", {
        issuer: sub,
        revoked: [{ serial: serialOf(leaf) }],
        extensions: unknownCrlExt,
      }),
      rootEmpty,
    ],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    code: "CRL_UNLOADABLE",
    log: "certificate status is not available",
    rfc: false,
    note: "both plugins refuse the CRL, so there is no revocation information, which the default policy accepts",
  });
  add({
    name: "PKITS 4.4.11 Invalid Old CRL nextUpdate",
    ee: L,
    ca: CA,
    crls: [crl("old", { issuer: sub, thisUpdate: LONG_AGO, nextUpdate: PAST }), rootEmpty],
    trusted: true,
    status: ["STALE", "GOOD"],
    code: "CRL_STALE",
    log: "  crl is stale: since Jan 01 00:00:00 2026",
    rfc: false,
    note: "a stale CRL gives the status STALE, which only strict and ifuri refuse",
  });
  add({
    name: "PKITS 4.4.12 Invalid pre2000 CRL nextUpdate",
    ee: L,
    ca: CA,
    crls: [
      crl("pre2000", {
        issuer: sub,
        thisUpdate: new Date("1998-01-01T00:00:00Z"),
        nextUpdate: new Date("1999-01-01T12:01:00Z"),
      }),
      rootEmpty,
    ],
    trusted: true,
    status: ["STALE", "GOOD"],
    code: "CRL_STALE",
    log: "  crl is stale: since Jan 01 12:01:00 1999",
    rfc: false,
  });
  add({
    name: "PKITS 4.4.13 Valid GeneralizedTime CRL nextUpdate",
    ee: L,
    ca: CA,
    crls: [crl("generalizedtime", { issuer: sub, nextUpdate: new Date("2050-01-01T12:01:00Z") }), rootEmpty],
    trusted: true,
    status: ["GOOD", "GOOD"],
    log: "  crl is valid: until Jan 01 12:01:00 2050",
    rfc: true,
  });
  const negative = leafOf("negative.example.com", { serial: negativeSerial(-0xffn) });
  const N = write("negative.der", negative.der);
  add({
    name: "PKITS 4.4.14 Valid Negative Serial Number",
    ee: N,
    ca: CA,
    crls: [crl("negative-other", { issuer: sub, revoked: [{ serial: negativeSerial(-0xfen) }] }), rootEmpty],
    trusted: true,
    status: ["GOOD", "GOOD"],
    rfc: true,
  });
  add({
    name: "PKITS 4.4.15 Invalid Negative Serial Number",
    ee: N,
    ca: CA,
    crls: [
      crl("negative-revoked", { issuer: sub, revoked: [{ serial: negativeSerial(-0xffn) }] }),
      rootEmpty,
    ],
    trusted: false,
    status: ["REVOKED"],
    code: "CRL_REVOKED",
    rfc: false,
  });
  const longSerial = "7f" + "0123456789abcdef0123456789abcdef0123";
  const long = leafOf("long.example.com", { serial: longSerial });
  const LS = write("long-serial.der", long.der);
  add({
    name: "PKITS 4.4.16 Valid Long Serial Number",
    ee: LS,
    ca: CA,
    crls: [
      crl("long-other", { issuer: sub, revoked: [{ serial: `${longSerial.slice(0, -2)}24` }] }),
      rootEmpty,
    ],
    trusted: true,
    status: ["GOOD", "GOOD"],
    rfc: true,
  });
  add({
    name: "PKITS 4.4.18 Invalid Long Serial Number",
    ee: LS,
    ca: CA,
    crls: [crl("long-revoked", { issuer: sub, revoked: [{ serial: longSerial }] }), rootEmpty],
    trusted: false,
    status: ["REVOKED"],
    code: "CRL_REVOKED",
    rfc: false,
  });
  // the CA signs certificates with one key and CRLs with another (a second certificate, same name)
  const crlKey = P256();
  const crlSigner = makeCertificate({
    subject: "C=CH, O=ikecert CRL test, CN=Sub CA",
    key: crlKey,
    issuer: root,
    basicConstraints: { ca: false },
    keyUsage: ["cRLSign"],
    serial: 0x21,
  });
  const separate = (name: string, revoked: boolean) =>
    crl(name, { issuer: crlSigner, revoked: revoked ? [{ serial: serialOf(leaf) }] : [] });
  add({
    name: "PKITS 4.4.19 Valid Separate Certificate and CRL Keys",
    ee: L,
    ca: [...CA, write("sub-crl-signer.der", crlSigner.der)],
    crls: [separate("separate-keys-good", false), rootEmpty],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    log: "certificate status is not available",
    rfc: true,
    note: "charon looks the CRL up by the key id of the certificate's issuer; a CRL signed with a separate CRL key carries the other key id and is never found",
  });
  add({
    name: "PKITS 4.4.20 Invalid Separate Certificate and CRL Keys",
    ee: L,
    ca: [...CA, write("sub-crl-signer.der", crlSigner.der)],
    crls: [separate("separate-keys-revoked", true), rootEmpty],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    log: "certificate status is not available",
    rfc: false,
    note: "the revocation sits in a CRL charon never finds (signed with the separate CRL key), so it accepts a revoked certificate",
  });

  // beyond PKITS: what strongSwan itself does differently
  add({
    name: "a CRL without authorityKeyIdentifier (openssl ca without crl_extensions) is never found",
    ee: L,
    ca: CA,
    crls: [crl("no-aki", { issuer: sub, aki: false, revoked: [{ serial: serialOf(leaf) }] }), rootEmpty],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    code: "CRL_NO_AKI",
    log: "certificate status is not available",
  });
  add({
    name: "a CRL not valid yet is ignored",
    ee: L,
    ca: CA,
    crls: [
      crl("future", {
        issuer: sub,
        thisUpdate: new Date("2031-02-03T04:05:06Z"),
        nextUpdate: new Date("2032-01-01T00:00:00Z"),
        revoked: [{ serial: serialOf(leaf) }],
      }),
      rootEmpty,
    ],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    code: "CRL_NOT_YET_VALID",
    log: "  crl is not valid: until Feb 03 04:05:06 2031",
  });
  add({
    name: "a stale CRL still revokes",
    ee: L,
    ca: CA,
    crls: [
      crl("stale-revokes", {
        issuer: sub,
        thisUpdate: LONG_AGO,
        nextUpdate: PAST,
        revoked: [{ serial: serialOf(leaf), reason: "superseded" }],
      }),
    ],
    trusted: false,
    status: ["REVOKED"],
    code: "CRL_REVOKED",
    log: "certificate was revoked on Jun 01 00:00:00 UTC 2025, reason: superseded",
  });
  add({
    name: "certificateHold fails the chain like a revocation",
    ee: L,
    ca: CA,
    crls: [crl("hold", { issuer: sub, revoked: [{ serial: serialOf(leaf), reason: "certificateHold" }] })],
    trusted: false,
    status: ["ON_HOLD"],
    code: "CRL_REVOKED",
    log: "certificate was revoked on Jan 01 00:00:00 UTC 2025, reason: certificate hold",
  });
  add({
    name: "a reason code past charon's list prints as a number",
    ee: L,
    ca: CA,
    crls: [
      crl("privilege-withdrawn", {
        issuer: sub,
        revoked: [{ serial: serialOf(leaf), reason: "privilegeWithdrawn" }],
      }),
    ],
    trusted: false,
    status: ["REVOKED"],
    log: "certificate was revoked on Jan 01 00:00:00 UTC 2025, reason: (9)",
  });
  add({
    name: "two CRLs of one CA: the higher cRLNumber wins even when loaded first",
    ee: L,
    ca: CA,
    crls: [
      crl("newer-good", { issuer: sub, crlNumber: 7 }),
      crl("older-revokes", { issuer: sub, crlNumber: 6, revoked: [{ serial: serialOf(leaf) }] }),
      rootEmpty,
    ],
    trusted: true,
    status: ["GOOD", "GOOD"],
    code: "CRL_REPLACED",
  });
  add({
    name: "a delta CRL revokes what its base CRL does not",
    ee: L,
    ca: CA,
    crls: [
      crl("base-5", { issuer: sub, crlNumber: 5 }),
      crl("delta-6", {
        issuer: sub,
        crlNumber: 6,
        deltaOf: 5,
        revoked: [{ serial: serialOf(leaf), reason: "keyCompromise" }],
      }),
      rootEmpty,
    ],
    trusted: false,
    status: ["REVOKED"],
    code: "CRL_REVOKED",
    log: "certificate was revoked on Jan 01 00:00:00 UTC 2025, reason: key compromise",
  });
  add({
    name: "a delta CRL's removeFromCRL entry still counts as a revocation",
    ee: L,
    ca: CA,
    crls: [
      crl("base-hold", {
        issuer: sub,
        crlNumber: 10,
        revoked: [{ serial: serialOf(leaf), reason: "certificateHold" }],
      }),
      crl("delta-remove", {
        issuer: sub,
        crlNumber: 11,
        deltaOf: 10,
        revoked: [{ serial: serialOf(leaf), reason: "removeFromCRL" }],
      }),
    ],
    trusted: false,
    status: ["ON_HOLD"],
    log: "certificate was revoked on Jan 01 00:00:00 UTC 2025, reason: certificate hold",
    note: "the base CRL's hold decides before any delta is looked at",
  });
  add({
    name: "a delta CRL without its base CRL is not used",
    ee: L,
    ca: CA,
    crls: [
      crl("delta-alone", { issuer: sub, crlNumber: 21, deltaOf: 20, revoked: [{ serial: serialOf(leaf) }] }),
      rootEmpty,
    ],
    trusted: true,
    status: ["SKIPPED", "GOOD"],
    log: "certificate status is not available",
  });
  // a CA whose keyUsage lacks cRLSign: the CA flag is enough for 5.9.8 (from 5.9.11 it is not)
  const noCrlSign = makeCertificate({
    subject: "C=CH, O=ikecert CRL test, CN=No cRLSign CA",
    key: P256(),
    ca: true,
    keyUsage: ["keyCertSign"],
    issuer: root,
  });
  const ncLeaf = makeCertificate({
    subject: "C=CH, O=ikecert CRL test, CN=ncs.example.com",
    key: P256(),
    issuer: noCrlSign,
    sans: ["ncs.example.com"],
  });
  add({
    name: "5.9.8: a CA without keyUsage cRLSign still signs CRLs (the CA flag suffices)",
    ee: write("ncs-leaf.der", ncLeaf.der),
    ca: [R, write("no-crlsign-ca.der", noCrlSign.der)],
    crls: [crl("no-crlsign", { issuer: noCrlSign, revoked: [{ serial: serialOf(ncLeaf) }] }), rootEmpty],
    trusted: false,
    status: ["REVOKED"],
    code: "CRL_REVOKED",
  });
  const uriLeaf = leafOf("cdp.example.com", {
    extensions: [
      crlDistributionPoints([{ uris: ["http://127.0.0.1:9/sub.crl"] }]),
      authorityInfoAccess({ ocsp: ["http://127.0.0.1:9/ocsp"] }),
    ],
  });
  add({
    name: "a CRL distribution point and OCSP URI without a local CRL: the fetches fail offline",
    ee: write("cdp-leaf.der", uriLeaf.der),
    ca: CA,
    crls: [rootEmpty],
    trusted: true,
    status: ["FAILED", "GOOD"],
    code: "REVOCATION_ONLINE",
    log: "  fetching crl from 'http://127.0.0.1:9/sub.crl' ...",
  });
  add({
    name: "a local CRL decides before any fetch",
    ee: write("cdp-leaf.der", uriLeaf.der),
    ca: CA,
    crls: [crl("sub-empty", { issuer: sub }), rootEmpty],
    trusted: true,
    status: ["GOOD", "GOOD"],
    log: "ocsp check failed, fallback to crl",
  });
  add({
    name: "a CRL without nextUpdate: the x509 plugin reads its revoked list as the time and loses it",
    ee: L,
    ca: CA,
    crls: [
      crl("no-next-update", { issuer: sub, nextUpdate: null, revoked: [{ serial: serialOf(leaf) }] }),
      rootEmpty,
    ],
    trusted: true,
    status: ["STALE", "GOOD"],
    code: "CRL_STALE",
    log: "  crl is stale: since --- -- --:--:-- ----",
  });
  return out;
}
