import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CertGen, type CertSpec, corruptSignature, DAYS, type Made } from "./gen.js";
import { pkiKeyid } from "./pki.js";

/**
 * Scenario certificates for the differential tests: identity (SAN mixes, DN forms with
 * PrintableString and UTF8String values, key types) and chains (with/without intermediates,
 * expired/not-yet-valid, pathLen, non-CA issuers).
 */

/** Certificates whose identities the has-identity oracle is asked about. */
export const IDENTITY_SPECS: CertSpec[] = [
  {
    name: "id-full",
    subject: "/C=CH/O=Example/CN=vpn.example.com",
    sans: [
      "DNS:vpn.example.com",
      "DNS:*.example.com",
      "IP:192.0.2.1",
      "IP:2001:db8::1",
      "email:admin@example.com",
    ],
  },
  { name: "id-cn-only", subject: "/CN=vpn.example.com" },
  { name: "id-wildcard-san", subject: "/C=CH/O=Example/CN=*.example.com", sans: ["DNS:*.example.com"] },
  {
    name: "id-utf8-umlaut",
    subject: "/C=CH/O=Exämple AG/OU=Ops/CN=gw.example.org",
    strings: "utf8",
    sans: ["DNS:gw.example.org"],
    key: "rsa2048",
  },
  { name: "id-utf8-ascii", subject: "/C=DE/O=Example/CN=utf8.example.net", strings: "utf8" },
  { name: "id-printable", subject: "/C=DE/O=Example/CN=print.example.net", strings: "printable" },
  { name: "id-dns-ip", subject: "/CN=192.0.2.7", sans: ["DNS:192.0.2.7"] },
  { name: "id-ip-only", subject: "/O=Example/CN=v6", sans: ["IP:2001:db8::7", "IP:192.0.2.9"] },
  {
    name: "id-email",
    subject: "/C=CH/O=Example/CN=Alice/emailAddress=alice@example.com",
    sans: ["email:alice@example.com"],
    key: "ed25519",
  },
  {
    name: "id-upn",
    subject: "/CN=Bob",
    sans: ["otherName:1.3.6.1.4.1.311.20.2.3;UTF8:bob@corp.example", "DNS:bob.corp.example"],
  },
  {
    name: "id-many-rdns",
    subject: "/C=US/ST=California/L=San Francisco/O=Example Inc/OU=VPN/CN=rw.example.com",
    sans: ["DNS:rw.example.com", "URI:https://rw.example.com/"],
  },
  {
    name: "id-comma",
    subject: "/C=US/O=Example, Inc./CN=comma.example.com",
    sans: ["DNS:comma.example.com"],
  },
  {
    name: "id-dc",
    subject: "/DC=com/DC=example/CN=dc-host",
    sans: ["DNS:dc-host.example.com", "email:ops@example.com"],
    key: "ec384",
  },
  { name: "id-upper-san", subject: "/CN=Upper", sans: ["DNS:VPN.Example.COM"] },
  {
    name: "id-dirname",
    subject: "/CN=dirname",
    sans: ["dirName:dir_sect"],
    extra: ["[dir_sect]", "C = CH", "O = Example", "CN = alt.example.com"],
  },
  {
    name: "id-multi-rdn",
    subject: "/C=CH/O=Example/OU=Ops+CN=multi.example.com",
    sans: ["IP:198.51.100.77"],
  },
];

/** Id strings asked about every identity certificate (every form, near misses and typos). */
export const COMMON_IDS: string[] = [
  // FQDN
  "vpn.example.com",
  "@vpn.example.com",
  "fqdn:vpn.example.com",
  "dns:vpn.example.com",
  "VPN.EXAMPLE.COM",
  "vpn.example.com.",
  "vpn.exmaple.com",
  "vpn.example.co",
  "gw.example.org",
  "*.example.com",
  "*example.com",
  "*.com",
  "*",
  "fqdn:*",
  "*.example.org",
  "@*.example.com",
  "vpn.example.*",
  "rw.example.com",
  "comma.example.com",
  "bob.corp.example",
  "dc-host.example.com",
  "example.com",
  "https://rw.example.com/",
  // IPv4 / IPv6 / subnets / ranges
  "192.0.2.1",
  "ipv4:192.0.2.1",
  "ipv4:#c0000201",
  "192.0.2.10",
  "192.0.2.9",
  "192.0.2.7",
  "@192.0.2.7",
  "fqdn:192.0.2.7",
  "192.0.2.0/24",
  "192.0.2.0-192.0.2.10",
  "0.0.0.0/0",
  "198.51.100.77",
  "2001:db8::1",
  "2001:DB8:0:0:0:0:0:1",
  "ipv6:2001:db8::1",
  "2001:db8::/64",
  "2001:db8::7",
  "%any",
  "%any6",
  // email
  "admin@example.com",
  "email:admin@example.com",
  "rfc822:admin@example.com",
  "@@admin@example.com",
  "ADMIN@example.com",
  "admin@example.co",
  "*@example.com",
  "alice@example.com",
  "bob@corp.example",
  "userfqdn:bob@corp.example",
  "ops@example.com",
  // DNs
  "C=CH, O=Example, CN=vpn.example.com",
  "C=CH,O=Example,CN=vpn.example.com",
  "/C=CH/O=Example/CN=vpn.example.com",
  "C=CH,  O=Example,   CN=vpn.example.com",
  "O=Example, C=CH, CN=vpn.example.com",
  "c=ch, o=example, cn=VPN.example.com",
  "C=CH, O=Example, CN=*",
  "C=*, O=*, CN=vpn.example.com",
  "C=CH, O=Example, CN=*.example.com",
  "CN=vpn.example.com",
  "CN=*",
  "asn1dn:C=CH, O=Example, CN=vpn.example.com",
  "C=CH, O=Example, CM=vpn.example.com",
  // non-ASCII text cannot travel over vici (see charon.ts listCerts); "?" is how charon prints it
  "C=CH, O=Ex??mple AG, OU=Ops, CN=gw.example.org",
  "C=CH, O=Example AG, OU=Ops, CN=gw.example.org",
  "C=DE, O=Example, CN=utf8.example.net",
  "C=DE, O=EXAMPLE, CN=utf8.example.net",
  "C=DE, O=Example, CN=print.example.net",
  "C=DE, O=EXAMPLE, CN=print.example.net",
  "C=CH, O=Example, CN=Alice, E=alice@example.com",
  "C=CH, O=Example, CN=Alice, emailAddress=ALICE@example.com",
  "/C=US/O=Example, Inc./CN=comma.example.com",
  "C=US, O=Example, Inc., CN=comma.example.com",
  "DC=com, DC=example, CN=dc-host",
  "C=CH, O=Example, CN=alt.example.com",
  "C=US, ST=California, L=San Francisco, O=Example Inc, OU=VPN, CN=rw.example.com",
  "C=US, ST=*, L=*, O=Example Inc, OU=*, CN=*",
  "CN=Bob",
  "CN=Upper",
  "C=CH, O=Example, OU=Ops, CN=multi.example.com",
];

export interface IdentityCert extends Made {
  /** ids derived from this certificate: key-id forms (ID_KEY_ID) and its subject as `asn1dn:#hex` */
  derivedIds: string[];
}

/** Make the identity certificates and the per-certificate key-id ids (`keyid:#..`, `@#..`). */
export function identityScenarios(dir: string): IdentityCert[] {
  const gen = new CertGen(dir);
  return IDENTITY_SPECS.map((spec) => {
    const made = gen.cert(spec);
    const k = pkiKeyid(made.cert, "x509");
    if (!k.ok) throw new Error(`pki --keyid ${made.cert}: ${k.stderr}`);
    const der = Buffer.from(
      readFileSync(made.cert, "utf8")
        .replace(/-----[^-]+-----/g, "")
        .replace(/\s+/g, ""),
      "base64",
    );
    const sha1 = createHash("sha1").update(der).digest("hex");
    const subjectHex = Buffer.from(subjectDer(der)).toString("hex");
    return {
      ...made,
      derivedIds: [
        `keyid:#${k.subjkey}`,
        `@#${k.keyid}`,
        `@#${sha1}`,
        `keyid:#${made.serial}`,
        `asn1dn:#${subjectHex}`,
      ],
    };
  });
}

/** One DER element at `off`: [header length, content length]. Independent of lib/ on purpose. */
function tlv(der: Uint8Array, off: number): [number, number] {
  const first = der[off + 1]!;
  if (first < 0x80) return [2, first];
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[off + 2 + i]!;
  return [2 + n, len];
}

/** The subject Name of a DER certificate, as its bytes (6th element of tbsCertificate, 5th without version). */
export function subjectDer(der: Uint8Array): Uint8Array {
  const [ch] = tlv(der, 0);
  const tbs = ch;
  const [th] = tlv(der, tbs);
  let off = tbs + th;
  if (der[off] === 0xa0) off += tlv(der, off)[0] + tlv(der, off)[1];
  for (let i = 0; i < 4; i++) off += tlv(der, off)[0] + tlv(der, off)[1]; // serial, sigAlg, issuer, validity
  const [h, l] = tlv(der, off);
  return der.subarray(off, off + h + l);
}

/** Every id asked in the identity differential: the common list plus every certificate's key ids. */
export function identityIds(certs: IdentityCert[]): string[] {
  return [
    ...COMMON_IDS,
    ...certs.flatMap((c) => c.derivedIds),
    "keyid:#00112233445566778899aabbccddeeff00112233",
  ];
}

export interface ChainScenario {
  name: string;
  leaf: string;
  /** handed to pki as --cacert as well (pki has no separate untrusted set) */
  intermediates: string[];
  cas: string[];
  at?: Date;
  /** what strongSwan's rules say (semantics §7.2 and pki's quirks) */
  expectedPkiVerdict?: boolean;
  /** a part of the reason pki prints for an untrusted verdict */
  expectedReason?: RegExp;
}

/** 34 chain scenarios, all made in `dir`. */
export function chainScenarios(dir: string): ChainScenario[] {
  const g = new CertGen(dir);
  const now = Date.now();
  const past = (d: number) => new Date(now - DAYS(d));
  const ca = (name: string, subject: string, extra: Partial<CertSpec> = {}): Made =>
    g.cert({ name, subject, ca: true, keyUsage: "critical,keyCertSign,cRLSign", ...extra });
  const leaf = (name: string, issuer: Made | undefined, extra: Partial<CertSpec> = {}): Made =>
    g.cert({
      name,
      subject: `/C=CH/O=Truth/CN=${name}.example.com`,
      issuer,
      sans: [`DNS:${name}.example.com`],
      ...extra,
    });

  // valid from 500 days ago, so the --at scenarios in the past still have a valid root
  const rootA = ca("root-a", "/C=CH/O=Truth/CN=Root A", { notBefore: past(500), days: 1500 });
  const rootB = ca("root-b", "/C=CH/O=Truth/CN=Root B");
  const impostor = ca("root-a-impostor", "/C=CH/O=Truth/CN=Root A");
  const intA = ca("int-a", "/C=CH/O=Truth/CN=Intermediate A", { issuer: rootA });
  const intA0 = ca("int-a-pathlen0", "/C=CH/O=Truth/CN=Intermediate A0", { issuer: rootA, pathLen: 0 });
  const rootP0 = ca("root-pathlen0", "/C=CH/O=Truth/CN=Root P0", { pathLen: 0 });
  const intP0 = ca("int-under-p0", "/C=CH/O=Truth/CN=Intermediate under P0", { issuer: rootP0 });
  const rootP1 = ca("root-pathlen1", "/C=CH/O=Truth/CN=Root P1", { pathLen: 1 });
  const int1a = ca("int-p1-a", "/C=CH/O=Truth/CN=Intermediate P1 a", { issuer: rootP1 });
  const int1b = ca("int-p1-b", "/C=CH/O=Truth/CN=Intermediate P1 b", { issuer: int1a });
  const intNoCa = g.cert({
    name: "int-ca-false",
    subject: "/C=CH/O=Truth/CN=Not a CA",
    issuer: rootA,
    ca: false,
  });
  const intNoBc = g.cert({
    name: "int-no-bc",
    subject: "/C=CH/O=Truth/CN=No basicConstraints",
    issuer: rootA,
    ca: null,
  });
  const intExpired = ca("int-expired", "/C=CH/O=Truth/CN=Expired Intermediate", {
    issuer: rootA,
    notBefore: past(400),
    days: 30,
  });
  const rootExpired = ca("root-expired", "/C=CH/O=Truth/CN=Expired Root", { notBefore: past(400), days: 30 });
  const i1 = ca("int-1", "/C=CH/O=Truth/CN=Level 1", { issuer: rootA });
  const i2 = ca("int-2", "/C=CH/O=Truth/CN=Level 2", { issuer: i1 });
  const i3 = ca("int-3", "/C=CH/O=Truth/CN=Level 3", { issuer: i2 });
  const rootEd = ca("root-ed25519", "/C=CH/O=Truth/CN=Root Ed25519", { key: "ed25519" });
  const rootRsa = ca("root-rsa", "/C=CH/O=Truth/CN=Root RSA", { key: "rsa2048" });
  const rootNoKcs = g.cert({
    name: "root-no-keycertsign",
    subject: "/C=CH/O=Truth/CN=Root without keyCertSign",
    ca: true,
    keyUsage: "critical,digitalSignature",
  });
  const root384 = ca("root-p384", "/C=CH/O=Truth/CN=Root P-384", { key: "ec384" });
  const intRsa3072 = ca("int-rsa3072", "/C=CH/O=Truth/CN=Intermediate RSA-3072", {
    issuer: root384,
    key: "rsa3072",
  });

  const direct = leaf("direct", rootA);
  const viaInt = leaf("via-int", intA);
  const expiredLeaf = leaf("expired", rootA, { notBefore: past(400), days: 30 });
  const notYet = leaf("not-yet-valid", rootA, { notBefore: new Date(now + DAYS(30)), days: 30 });
  const underOldRoot = leaf("under-expired-root", rootExpired, { notBefore: past(399), days: 800 });
  const corrupted = corruptSignature(direct.cert, join(dir, "direct-corrupted.pem"));
  const selfSigned = g.cert({ name: "self-signed-ee", subject: "/CN=self.example.com", ca: false });
  const u = undefined;

  const s = (
    name: string,
    l: Made | string,
    intermediates: Made[],
    cas: Made[],
    expectedPkiVerdict: boolean,
    expectedReason?: RegExp,
    at?: Date,
  ): ChainScenario => ({
    name,
    leaf: typeof l === "string" ? l : l.cert,
    intermediates: intermediates.map((m) => m.cert),
    cas: cas.map((m) => m.cert),
    expectedPkiVerdict,
    ...(expectedReason ? { expectedReason } : {}),
    ...(at ? { at } : {}),
  });
  const noIssuer = /no issuer certificate found/;
  return [
    s("leaf directly under trusted root", direct, [], [rootA], true),
    s("leaf via intermediate", viaInt, [intA], [rootA], true),
    s("intermediate missing", viaInt, [], [rootA], false, noIssuer),
    s("only the intermediate trusted, root missing", viaInt, [intA], [], false),
    s("no --cacert at all: pki trusts the input itself", direct, [], [], true),
    s("foreign root only", direct, [], [rootB], false, noIssuer),
    s("several roots, order does not matter", direct, [], [rootB, rootA], true),
    s("intermediate plus unrelated root", viaInt, [intA], [rootB, rootA], true),
    s("issuer DN right, key wrong (impostor root)", leaf("signed-by-impostor", impostor), [], [rootA], false),
    s(
      "impostor without AKI: DN matches, signature fails",
      leaf("impostor-no-aki", impostor, { noAki: true }),
      [],
      [rootA],
      false,
    ),
    s("genuine leaf without AKI (DN lookup)", leaf("no-aki", rootA, { noAki: true }), [], [rootA], true),
    s("expired leaf", expiredLeaf, [], [rootA], false, /subject certificate invalid/),
    s("not-yet-valid leaf", notYet, [], [rootA], false, /subject certificate invalid/),
    s("expired leaf checked inside its window (--at)", expiredLeaf, [], [rootA], true, u, past(380)),
    s("future leaf checked inside its window (--at)", notYet, [], [rootA], true, u, new Date(now + DAYS(45))),
    s(
      "expired intermediate",
      leaf("under-expired-int", intExpired),
      [intExpired],
      [rootA],
      false,
      /issuer certificate invalid/,
    ),
    s("expired root", underOldRoot, [], [rootExpired], false, /issuer certificate invalid|not trusted/),
    s("expired root, checked when it was valid", underOldRoot, [], [rootExpired], true, u, past(380)),
    s("intermediate with pathLen 0 issues a leaf", leaf("under-pathlen0", intA0), [intA0], [rootA], true),
    s(
      "root pathLen 0 with an intermediate below",
      leaf("under-p0-int", intP0),
      [intP0],
      [rootP0],
      false,
      /path length of 1 violates constraint of 0/,
    ),
    s(
      "root pathLen 1 with two intermediates below",
      leaf("under-p1-two", int1b),
      [int1a, int1b],
      [rootP1],
      false,
      /path length of 2 violates constraint of 1/,
    ),
    s("root pathLen 1 with one intermediate", leaf("under-p1-one", int1a), [int1a], [rootP1], true),
    s("issuer with CA:FALSE", leaf("under-ca-false", intNoCa), [intNoCa], [rootA], false),
    s("issuer without basicConstraints", leaf("under-no-bc", intNoBc), [intNoBc], [rootA], false),
    s("leaf that is itself a CA", leaf("leaf-is-ca", rootA, { ca: true }), [], [rootA], true),
    s("self-signed end entity as its own CA", selfSigned, [], [selfSigned], true),
    s("three intermediates", leaf("under-level3", i3), [i1, i2, i3], [rootA], true),
    s(
      "three intermediates, middle one missing",
      leaf("under-level3-gap", i3),
      [i1, i3],
      [rootA],
      false,
      noIssuer,
    ),
    s("Ed25519 root and leaf", leaf("ed-leaf", rootEd, { key: "ed25519" }), [], [rootEd], true),
    s("RSA-PSS signature", leaf("pss-leaf", rootRsa, { pss: true }), [], [rootRsa], true),
    s("SHA-1 signature", leaf("sha1-leaf", rootRsa, { digest: "sha1" }), [], [rootRsa], true),
    s("corrupted leaf signature", corrupted, [], [rootA], false),
    s(
      "leaf without digitalSignature KU, clientAuth EKU (pki ignores both)",
      leaf("ku-encipher", rootA, { keyUsage: "keyEncipherment", extKeyUsage: "clientAuth" }),
      [],
      [rootA],
      true,
    ),
    s(
      "CA without keyCertSign KU (basicConstraints decides)",
      leaf("under-no-kcs", rootNoKcs),
      [],
      [rootNoKcs],
      true,
    ),
    s(
      "P-384 root, RSA-3072 intermediate, P-521 leaf",
      leaf("p521-leaf", intRsa3072, { key: "ec521" }),
      [intRsa3072],
      [root384],
      true,
    ),
  ];
}
