/**
 * Generated chain scenarios, one or more per diagnosis. The unit tests check ikecert's diagnosis,
 * the differential tier checks the verdict against `pki --verify`.
 */
import { TestPki } from "./chain-pki.js";

export interface Scenario {
  name: string;
  ee: string;
  /** trusted (--ca) */
  ca: string[];
  /** untrusted (--intermediate) */
  intermediates: string[];
  at?: Date;
  /** charon's verdict */
  trusted: boolean;
  /** the finding code expected (error when untrusted, warning/info otherwise) */
  code?: string;
  /** pki --verify's verdict (given all certificates as --cacert) where its quirks differ from charon */
  pki?: { trusted: boolean; why: string };
}

const DAY = 86_400_000;

export function makeScenarios(dir: string): Scenario[] {
  const p = new TestPki(dir);
  const now = Date.now();
  p.cert("root", { cn: "Root CA", ca: true, days: 3650 });
  p.cert("int", { cn: "Intermediate CA", ca: true, issuer: "root", days: 1800 });
  p.cert("leaf", { cn: "gw.example.com", issuer: "int" });
  p.cert("direct", { cn: "direct.example.com", issuer: "root" });
  p.cert("other-root", { cn: "Other Root CA", ca: true });
  const S: Scenario[] = [];
  const add = (s: Scenario) => S.push(s);
  const R = p.path("root");
  const I = p.path("int");

  add({
    name: "valid: leaf, intermediate sent, trusted root",
    ee: p.path("leaf"),
    ca: [R],
    intermediates: [I],
    trusted: true,
  });
  add({
    name: "valid: intermediate in x509ca too",
    ee: p.path("leaf"),
    ca: [R, I],
    intermediates: [],
    trusted: true,
  });
  add({
    name: "valid: leaf issued by the root",
    ee: p.path("direct"),
    ca: [R],
    intermediates: [],
    trusted: true,
  });
  add({
    name: "missing intermediate",
    ee: p.path("leaf"),
    ca: [R],
    intermediates: [],
    trusted: false,
    code: "CHAIN_MISSING_ISSUER",
  });
  add({
    name: "missing root (only the intermediate trusted)",
    ee: p.path("leaf"),
    ca: [I],
    intermediates: [],
    trusted: false,
    code: "CHAIN_MISSING_ISSUER",
  });
  add({
    name: "wrong root",
    ee: p.path("leaf"),
    ca: [p.path("other-root")],
    intermediates: [I],
    trusted: false,
    code: "CHAIN_MISSING_ISSUER",
  });
  p.cert("selfsigned", { cn: "selfsigned.example.com" });
  add({
    name: "self-signed end entity, not trusted",
    ee: p.path("selfsigned"),
    ca: [R],
    intermediates: [],
    trusted: false,
    code: "CHAIN_UNTRUSTED_ROOT",
  });
  add({
    name: "self-signed end entity given as CA (pretrusted)",
    ee: p.path("selfsigned"),
    ca: [p.path("selfsigned")],
    intermediates: [],
    trusted: true,
  });
  add({
    name: "untrusted self-signed root sent by the peer",
    ee: p.path("leaf"),
    ca: [p.path("other-root")],
    intermediates: [I, R],
    trusted: false,
    code: "CHAIN_UNTRUSTED_ROOT",
    pki: {
      trusted: true,
      why: "pki trusts every --cacert, so the root sent by the peer counts as trusted there",
    },
  });
  add({
    name: "no CA given",
    ee: p.path("leaf"),
    ca: [],
    intermediates: [I, R],
    trusted: false,
    code: "CHAIN_NO_CA_GIVEN",
    pki: { trusted: true, why: "pki trusts every --cacert (here the root passed as an intermediate)" },
  });
  add({
    name: "no CA at all",
    ee: p.path("direct"),
    ca: [],
    intermediates: [],
    trusted: false,
    code: "CHAIN_NO_CA_GIVEN",
    pki: { trusted: true, why: "pki --verify without --cacert trusts the input certificate itself" },
  });

  p.cert("nobc-ca", { cn: "No BC CA", ca: null, issuer: "root", ku: "keyCertSign" });
  p.cert("nobc-leaf", { cn: "nobc.example.com", issuer: "nobc-ca" });
  add({
    name: "issuer without basicConstraints",
    ee: p.path("nobc-leaf"),
    ca: [R],
    intermediates: [p.path("nobc-ca")],
    trusted: false,
    code: "CHAIN_ISSUER_NOT_CA",
  });
  p.cert("cafalse-ca", { cn: "CA False CA", ca: false, issuer: "root", ku: "keyCertSign" });
  p.cert("cafalse-leaf", { cn: "cafalse.example.com", issuer: "cafalse-ca" });
  add({
    name: "issuer with CA:FALSE in x509ca",
    ee: p.path("cafalse-leaf"),
    ca: [R, p.path("cafalse-ca")],
    intermediates: [],
    trusted: false,
    code: "CHAIN_CA_REJECTED_AT_LOAD",
  });

  p.cert("short-leaf", { cn: "short.example.com", issuer: "int", days: 30 });
  add({
    name: "expired end entity",
    ee: p.path("short-leaf"),
    ca: [R],
    intermediates: [I],
    at: new Date(now + 40 * DAY),
    trusted: false,
    code: "CHAIN_EXPIRED",
  });
  add({
    name: "end entity not yet valid",
    ee: p.path("leaf"),
    ca: [R],
    intermediates: [I],
    at: new Date(now - 2 * DAY),
    trusted: false,
    code: "CHAIN_NOT_YET_VALID",
  });
  p.cert("short-int", { cn: "Short Intermediate CA", ca: true, issuer: "root", days: 20 });
  p.cert("short-int-leaf", { cn: "shortint.example.com", issuer: "short-int", days: 365 });
  add({
    name: "expired intermediate",
    ee: p.path("short-int-leaf"),
    ca: [R],
    intermediates: [p.path("short-int")],
    at: new Date(now + 30 * DAY),
    trusted: false,
    code: "CHAIN_EXPIRED",
  });
  p.cert("short-root", { cn: "Short Root CA", ca: true, days: 10 });
  p.cert("short-root-leaf", { cn: "shortroot.example.com", issuer: "short-root", days: 365 });
  add({
    name: "expired root",
    ee: p.path("short-root-leaf"),
    ca: [p.path("short-root")],
    intermediates: [],
    at: new Date(now + 20 * DAY),
    trusted: false,
    code: "CHAIN_EXPIRED",
  });
  add({
    name: "valid on the last day (inclusive)",
    ee: p.path("short-leaf"),
    ca: [R],
    intermediates: [I],
    at: new Date(now + 29 * DAY),
    trusted: true,
  });

  p.cert("pl0-int", { cn: "Pathlen0 CA", ca: true, pathlen: 0, issuer: "root" });
  p.cert("pl0-sub", { cn: "Below Pathlen0 CA", ca: true, issuer: "pl0-int" });
  p.cert("pl0-leaf", { cn: "pl0.example.com", issuer: "pl0-sub" });
  add({
    name: "pathlen 0 intermediate above another CA",
    ee: p.path("pl0-leaf"),
    ca: [R],
    intermediates: [p.path("pl0-int"), p.path("pl0-sub")],
    trusted: false,
    code: "CHAIN_PATHLEN",
  });
  p.cert("pl0-ok-leaf", { cn: "pl0ok.example.com", issuer: "pl0-int" });
  add({
    name: "pathlen 0 intermediate issuing the leaf",
    ee: p.path("pl0-ok-leaf"),
    ca: [R],
    intermediates: [p.path("pl0-int")],
    trusted: true,
  });
  p.cert("plroot", { cn: "Pathlen0 Root CA", ca: true, pathlen: 0 });
  p.cert("plroot-int", { cn: "Under Pathlen0 Root CA", ca: true, issuer: "plroot" });
  p.cert("plroot-leaf", { cn: "plroot.example.com", issuer: "plroot-int" });
  add({
    name: "pathlen 0 root with an intermediate",
    ee: p.path("plroot-leaf"),
    ca: [p.path("plroot")],
    intermediates: [p.path("plroot-int")],
    trusted: false,
    code: "CHAIN_PATHLEN",
  });

  const badLeaf = p.corrupt("leaf", "leaf-badsig");
  add({
    name: "bad signature on the end entity",
    ee: badLeaf,
    ca: [R],
    intermediates: [I],
    trusted: false,
    code: "CHAIN_BAD_SIGNATURE",
  });
  const badInt = p.corrupt("int", "int-badsig");
  add({
    name: "bad signature on the intermediate",
    ee: p.path("leaf"),
    ca: [R],
    intermediates: [badInt],
    trusted: false,
    code: "CHAIN_BAD_SIGNATURE",
  });

  // AKI mismatch: the CA is reissued with the same name and key but another SKI
  p.cert("aki-ca", { cn: "Renamed SKI CA", ca: true, issuer: "root", key: "aki-ca-key" });
  p.cert("aki-leaf", { cn: "aki.example.com", issuer: "aki-ca" });
  p.cert("aki-ca2", {
    cn: "Renamed SKI CA",
    ca: true,
    issuer: "root",
    key: "aki-ca-key",
    ski: "0102030405060708090a0b0c0d0e0f1011121314",
  });
  add({
    name: "AKI does not match the issuer's SKI",
    ee: p.path("aki-leaf"),
    ca: [R],
    intermediates: [p.path("aki-ca2")],
    trusted: false,
    code: "CHAIN_AKI_MISMATCH",
  });

  // depth: root + N intermediates
  let prev = "root";
  for (let i = 1; i <= 9; i++) {
    p.cert(`deep${i}`, { cn: `Deep CA ${i}`, ca: true, issuer: prev });
    prev = `deep${i}`;
    if (i === 2 || i === 7 || i === 8) p.cert(`deep-leaf${i}`, { cn: `deep${i}.example.com`, issuer: prev });
  }
  const deep = (n: number) => Array.from({ length: n }, (_, i) => p.path(`deep${i + 1}`));
  add({
    name: "two intermediates (deep hierarchy)",
    ee: p.path("deep-leaf2"),
    ca: [R],
    intermediates: deep(2),
    trusted: true,
    code: "CHAIN_DEEP",
  });
  add({
    name: "seven intermediates (the most charon follows)",
    ee: p.path("deep-leaf7"),
    ca: [R],
    intermediates: deep(7),
    trusted: true,
  });
  add({
    name: "eight intermediates",
    ee: p.path("deep-leaf8"),
    ca: [R],
    intermediates: deep(8),
    trusted: false,
    code: "CHAIN_TOO_LONG",
  });

  // a loop of two cross-signed CAs
  p.cert("loopA0", { cn: "Loop A", ca: true, key: "loopA" });
  p.cert("loopB0", { cn: "Loop B", ca: true, key: "loopB" });
  p.cert("loopA", { cn: "Loop A", ca: true, key: "loopA", issuer: "loopB0" });
  p.cert("loopB", { cn: "Loop B", ca: true, key: "loopB", issuer: "loopA0" });
  p.cert("loop-leaf", { cn: "loop.example.com", issuer: "loopA" });
  add({
    name: "cross-signed loop",
    ee: p.path("loop-leaf"),
    ca: [p.path("loopA"), p.path("loopB")],
    intermediates: [],
    trusted: false,
    code: "CHAIN_TOO_LONG",
  });

  p.cert("ku-leaf", { cn: "ku.example.com", issuer: "int", ku: "critical,keyEncipherment" });
  add({
    name: "end entity keyUsage without digitalSignature",
    ee: p.path("ku-leaf"),
    ca: [R],
    intermediates: [I],
    trusted: false,
    code: "CHAIN_KEY_USAGE",
    pki: {
      trusted: true,
      why: "pki --verify does not look at keyUsage; charon's pubkey authenticator rejects the certificate",
    },
  });
  p.cert("nr-leaf", { cn: "nr.example.com", issuer: "int", ku: "nonRepudiation" });
  add({
    name: "end entity keyUsage nonRepudiation only",
    ee: p.path("nr-leaf"),
    ca: [R],
    intermediates: [I],
    trusted: true,
  });

  p.cert("sha1-leaf", { cn: "sha1.example.com", issuer: "int", digest: "sha1" });
  add({
    name: "SHA-1 signature",
    ee: p.path("sha1-leaf"),
    ca: [R],
    intermediates: [I],
    trusted: true,
    code: "WEAK_SIGNATURE",
  });
  p.cert("rsa1024-leaf", { cn: "rsa1024.example.com", issuer: "int", keyKind: "rsa1024" });
  add({
    name: "RSA 1024 end entity",
    ee: p.path("rsa1024-leaf"),
    ca: [R],
    intermediates: [I],
    trusted: true,
    code: "WEAK_RSA_KEY",
  });
  p.cert("noks-ca", { cn: "No keyCertSign CA", ca: true, issuer: "root", ku: "cRLSign" });
  p.cert("noks-leaf", { cn: "noks.example.com", issuer: "noks-ca" });
  add({
    name: "CA keyUsage without keyCertSign (tolerated)",
    ee: p.path("noks-leaf"),
    ca: [R],
    intermediates: [p.path("noks-ca")],
    trusted: true,
    code: "CHAIN_RFC5280_TOLERATED",
  });

  p.cert("crit-leaf", {
    cn: "crit.example.com",
    issuer: "int",
    extra: ["1.2.3.4.5.6.7=critical,ASN1:UTF8String:x"],
  });
  add({
    name: "unknown critical extension on the end entity",
    ee: p.path("crit-leaf"),
    ca: [R],
    intermediates: [I],
    trusted: false,
    code: "CHAIN_CERT_UNLOADABLE",
  });
  p.cert("crit-int", {
    cn: "Critical Ext CA",
    ca: true,
    issuer: "root",
    extra: ["1.2.3.4.5.6.7=critical,ASN1:UTF8String:x"],
  });
  p.cert("crit-int-leaf", { cn: "critint.example.com", issuer: "crit-int" });
  add({
    name: "unknown critical extension on the intermediate",
    ee: p.path("crit-int-leaf"),
    ca: [R],
    intermediates: [p.path("crit-int")],
    trusted: false,
    code: "CHAIN_CERT_UNLOADABLE",
  });

  p.cert("ed-root", { cn: "Ed25519 Root CA", ca: true, keyKind: "ed25519" });
  p.cert("ed-leaf", { cn: "ed.example.com", issuer: "ed-root", keyKind: "ed25519" });
  add({
    name: "Ed25519 chain",
    ee: p.path("ed-leaf"),
    ca: [p.path("ed-root")],
    intermediates: [],
    trusted: true,
  });
  p.cert("ed448-root", { cn: "Ed448 Root CA", ca: true, keyKind: "ed448" });
  p.cert("p384-leaf", { cn: "p384.example.com", issuer: "ed448-root", keyKind: "ec384" });
  add({
    name: "Ed448 root signing a P-384 leaf",
    ee: p.path("p384-leaf"),
    ca: [p.path("ed448-root")],
    intermediates: [],
    trusted: true,
  });
  p.cert("rsa-root", { cn: "RSA Root CA", ca: true, keyKind: "rsa2048" });
  p.cert("pss-leaf", { cn: "pss.example.com", issuer: "rsa-root", pss: true });
  add({
    name: "RSA-PSS signed end entity",
    ee: p.path("pss-leaf"),
    ca: [p.path("rsa-root")],
    intermediates: [],
    trusted: true,
  });
  p.cert("rsa-leaf", { cn: "rsa.example.com", issuer: "rsa-root", keyKind: "rsa2048" });
  add({
    name: "RSA PKCS#1 chain",
    ee: p.path("rsa-leaf"),
    ca: [p.path("rsa-root")],
    intermediates: [],
    trusted: true,
  });

  // a renewed root: same name, new key; the leaf (no AKI) verifies only with the new one
  p.cert("renew-old", { cn: "Renewed Root CA", ca: true, key: "renew-old-key" });
  p.cert("renew-new", { cn: "Renewed Root CA", ca: true, key: "renew-new-key" });
  p.cert("renew-leaf", { cn: "renew.example.com", issuer: "renew-new", aki: false });
  add({
    name: "two roots with one name, leaf without AKI",
    ee: p.path("renew-leaf"),
    ca: [p.path("renew-new"), p.path("renew-old")],
    intermediates: [],
    trusted: true,
  });
  add({
    name: "only the old root of that name",
    ee: p.path("renew-leaf"),
    ca: [p.path("renew-old")],
    intermediates: [],
    trusted: false,
    code: "CHAIN_BAD_SIGNATURE",
  });
  return S;
}
