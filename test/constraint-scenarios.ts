/**
 * Generated chains for name constraints and certificate policies, made with the project's own
 * generator (certs-fixtures/generator.ts), with charon's expected verdict per release. The
 * expectation of the installed Debian build (5.9.8-5+deb12u6) is checked against `pki --verify` by
 * the strongSwan tier (test/strongswan/constraints-diff.test.ts); the others are modelled from
 * strongSwan's source (constraints_validator.c at 5.9.8, 5.9.12, 5.9.14, 6.0.1, 6.0.6).
 *
 * An expectation is `true` (trusted) or the mechanism and the last line charon logs for the
 * failure. A release without an entry has the expectation of the release before it in
 * `INHERITS`.
 */
import {
  type CertificateOptions,
  type GeneratedCertificate,
  generateKey,
  type KeyPair,
  makeCertificate,
} from "../certs-fixtures/generator.js";
import { certificatePoliciesValue } from "../certs-fixtures/generator-der.js";
import { buildChain, type ChainCertificate, type ChainMechanism, parseCertificate } from "../lib/index.js";

export const RELEASES = ["5.9.8", "5.9.8-5+deb12u6", "5.9.12", "5.9.14", "6.0.0", "6.0.6"] as const;
export type Release = (typeof RELEASES)[number];
export const INSTALLED: Release = "5.9.8-5+deb12u6";

/** The release whose expectation one without an entry takes. */
const INHERITS: Record<Release, Release | null> = {
  "5.9.8": null,
  "5.9.8-5+deb12u6": "5.9.8",
  "5.9.12": "5.9.8",
  "5.9.14": "5.9.12",
  "6.0.0": "5.9.14",
  "6.0.6": "6.0.0",
};

export type Outcome = true | { by: ChainMechanism; log: string };

export interface ConstraintScenario {
  name: string;
  ee: GeneratedCertificate;
  /** trusted certificates, root first (pki gets them all as --cacert) */
  cas: GeneratedCertificate[];
  /** cert_policy of the connection (charon only; pki has no such option) */
  requiredPolicies?: string[];
  expect: Partial<Record<Release, Outcome>> & { "5.9.8": Outcome };
  /** a warning or info line the installed release logs although it does not fail */
  note?: string;
}

export function expected(s: ConstraintScenario, r: Release): Outcome {
  let at: Release | null = r;
  while (at) {
    const e = s.expect[at];
    if (e !== undefined) return e;
    at = INHERITS[at];
  }
  throw new Error(`no expectation for ${s.name}`);
}

export const P1 = "2.16.840.1.101.3.2.1.48.1";
export const P2 = "2.16.840.1.101.3.2.1.48.2";
export const P3 = "2.16.840.1.101.3.2.1.48.3";
export const ANY = "2.5.29.32.0";

type Opts = Omit<Partial<CertificateOptions>, "issuer"> & { issuer?: GeneratedCertificate };

/** A small CA hierarchy factory: every certificate its own P-256 key. */
class Hier {
  private keys: KeyPair[] = [];
  constructor(readonly tag: string) {}
  private key(): KeyPair {
    const k = generateKey("p256");
    this.keys.push(k);
    return k;
  }
  ca(cn: string, o: Opts = {}): GeneratedCertificate {
    return makeCertificate({
      subject: `C=CH, O=NC Test, CN=${this.tag} ${cn}`,
      key: this.key(),
      ca: true,
      ...o,
    });
  }
  ee(cn: string, o: Opts = {}): GeneratedCertificate {
    return makeCertificate({
      subject: `C=CH, O=NC Test, CN=${this.tag} ${cn}`,
      key: this.key(),
      keyUsage: ["digitalSignature"],
      ...o,
    });
  }
}

const subj = (h: Hier, cn: string) => `C=CH, O=NC Test, CN=${h.tag} ${cn}`;
const notPermitted = (h: Hier, cn: string, c: string): Outcome => ({
  by: "nameConstraints",
  log: `certificate '${subj(h, cn)}' does not match permitted name constraint '${c}'`,
});
const sanNotPermitted = (h: Hier, cn: string, san: string): Outcome => ({
  by: "nameConstraints",
  log: `subject alternative name '${san}' of certificate '${subj(h, cn)}' does not match any permitted name constraints`,
});
const excluded = (h: Hier, cn: string, c: string): Outcome => ({
  by: "nameConstraints",
  log: `certificate '${subj(h, cn)}' matches excluded name constraint '${c}'`,
});
const notInherited = (h: Hier, cn: string, c: string, kind = "permitted"): Outcome => ({
  by: "nameConstraints",
  log: `intermediate CA '${subj(h, cn)}' does not inherit ${kind} name constraint '${c}'`,
});
const unsupported = (line: string): Outcome => ({ by: "nameConstraints", log: line });
const policy = (log: string): Outcome => ({ by: "policy", log });

export function makeConstraintScenarios(): ConstraintScenario[] {
  const S: ConstraintScenario[] = [];
  const add = (s: ConstraintScenario) => S.push(s);

  // --- dNSName -----------------------------------------------------------------------------
  {
    const h = new Hier("dns");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ dns: "example.com" }] } });
    const ok = h.ee("ok", { issuer: root, sans: ["vpn.example.com"] });
    add({ name: "dNSName inside the permitted subtree", ee: ok, cas: [root], expect: { "5.9.8": true } });
    const out = h.ee("outside", { issuer: root, sans: ["vpn.example.org"] });
    add({
      name: "dNSName outside the permitted subtree",
      ee: out,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "outside", "example.com"),
        "5.9.14": sanNotPermitted(h, "outside", "vpn.example.org"),
      },
    });
    const label = h.ee("label", { issuer: root, sans: ["badexample.com"] });
    add({
      name: "dNSName suffix without a label boundary",
      ee: label,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "label", "example.com"),
        "5.9.14": sanNotPermitted(h, "label", "badexample.com"),
      },
    });
    const upper = h.ee("upper", { issuer: root, sans: ["VPN.Example.COM"] });
    add({
      name: "dNSName in other case (CVE-2026-35331: case-insensitive from 6.0.6 and deb12u4)",
      ee: upper,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "upper", "example.com"),
        "5.9.8-5+deb12u6": true,
        "5.9.14": sanNotPermitted(h, "upper", "VPN.Example.COM"),
        "6.0.6": true,
      },
    });
    const cn = h.ee("vpn.example.org", { issuer: root });
    add({
      name: "a CN outside the dNSName constraint is not checked (no SAN)",
      ee: cn,
      cas: [root],
      expect: { "5.9.8": true },
    });
    const mail = h.ee("mail only", { issuer: root, sans: [{ email: "alice@example.org" }] });
    add({
      name: "no name of the constrained type: nothing to check",
      ee: mail,
      cas: [root],
      expect: { "5.9.8": true },
    });
  }
  {
    const h = new Hier("dot");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ dns: ".example.com" }] } });
    const apex = h.ee("apex", { issuer: root, sans: ["example.com"] });
    add({
      name: "a leading-dot dNSName constraint does not permit the domain itself",
      ee: apex,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "apex", ".example.com"),
        "5.9.14": sanNotPermitted(h, "apex", "example.com"),
      },
    });
    const sub = h.ee("sub", { issuer: root, sans: ["a.example.com"] });
    add({
      name: "a leading-dot dNSName constraint permits subdomains",
      ee: sub,
      cas: [root],
      expect: { "5.9.8": true },
    });
  }
  {
    const h = new Hier("two");
    const root = h.ca("Root", {
      nameConstraints: { permitted: [{ dns: "example.com" }, { dns: "example.org" }] },
    });
    const ee = h.ee("leaf", { issuer: root, sans: ["vpn.example.com"] });
    add({
      name: "two permitted dNSName subtrees: before 5.9.14 every one must match",
      ee,
      cas: [root],
      expect: { "5.9.8": notPermitted(h, "leaf", "example.org"), "5.9.14": true },
    });
  }
  {
    const h = new Hier("exc");
    const root = h.ca("Root", { nameConstraints: { excluded: [{ dns: "bad.example" }] } });
    const ee = h.ee("bad", { issuer: root, sans: ["vpn.bad.example"] });
    add({
      name: "dNSName under an excluded subtree",
      ee,
      cas: [root],
      expect: {
        "5.9.8": excluded(h, "bad", "bad.example"),
        "5.9.14": {
          by: "nameConstraints",
          log: `subject alternative name 'vpn.bad.example' of certificate '${subj(h, "bad")}' matches excluded name constraint 'bad.example'`,
        },
      },
    });
    const upper = h.ee("upper", { issuer: root, sans: ["vpn.BAD.example"] });
    add({
      name: "dNSName under an excluded subtree in other case (CVE-2026-35331)",
      ee: upper,
      cas: [root],
      expect: {
        "5.9.8": true,
        "5.9.8-5+deb12u6": excluded(h, "upper", "bad.example"),
        "6.0.6": {
          by: "nameConstraints",
          log: `subject alternative name 'vpn.BAD.example' of certificate '${subj(h, "upper")}' matches excluded name constraint 'bad.example'`,
        },
      },
    });
  }

  // --- sub-CAs: inheritance (5.9.8) versus RFC 5280 narrowing (5.9.14) -----------------------
  {
    const h = new Hier("inh");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ dns: "example.com" }] } });
    const bare = h.ca("Bare Sub", { issuer: root });
    const ok = h.ee("ok", { issuer: bare, sans: ["vpn.example.com"] });
    add({
      name: "sub-CA without name constraints under a constrained root",
      ee: ok,
      cas: [root, bare],
      expect: { "5.9.8": notInherited(h, "Bare Sub", "example.com"), "5.9.14": true },
    });
    const out = h.ee("out", { issuer: bare, sans: ["vpn.example.org"] });
    add({
      name: "the root's constraint reaches a leaf below an unconstrained sub-CA (5.9.14)",
      ee: out,
      cas: [root, bare],
      expect: {
        "5.9.8": notInherited(h, "Bare Sub", "example.com"),
        "5.9.14": sanNotPermitted(h, "out", "vpn.example.org"),
      },
    });
    const narrow = h.ca("Narrow Sub", {
      issuer: root,
      nameConstraints: { permitted: [{ dns: "vpn.example.com" }] },
    });
    const n1 = h.ee("n1", { issuer: narrow, sans: ["a.vpn.example.com"] });
    add({
      name: "sub-CA narrowing the permitted subtree",
      ee: n1,
      cas: [root, narrow],
      expect: { "5.9.8": true },
    });
    const wide = h.ca("Wide Sub", { issuer: root, nameConstraints: { permitted: [{ dns: "example.org" }] } });
    const w1 = h.ee("w1", { issuer: wide, sans: ["vpn.example.org"] });
    add({
      name: "sub-CA permitting what its issuer does not",
      ee: w1,
      cas: [root, wide],
      expect: {
        "5.9.8": notInherited(h, "Wide Sub", "example.com"),
        "5.9.14": sanNotPermitted(h, "w1", "vpn.example.org"),
      },
    });
  }
  {
    const h = new Hier("mail");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ email: "example.com" }] } });
    const ok = h.ee("ok", { issuer: root, sans: [{ email: "alice@example.com" }] });
    add({
      name: "rfc822Name host constraint permits a mailbox on that host",
      ee: ok,
      cas: [root],
      expect: { "5.9.8": true },
    });
    const sub = h.ee("sub", { issuer: root, sans: [{ email: "alice@mail.example.com" }] });
    add({
      name: "rfc822Name host constraint does not permit a subdomain",
      ee: sub,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "sub", "example.com"),
        "5.9.14": sanNotPermitted(h, "sub", "alice@mail.example.com"),
      },
    });
    const upper = h.ee("upper", { issuer: root, sans: [{ email: "Alice@EXAMPLE.com" }] });
    add({
      name: "rfc822Name in other case (CVE-2026-35331)",
      ee: upper,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "upper", "example.com"),
        "5.9.8-5+deb12u6": true,
        "5.9.14": sanNotPermitted(h, "upper", "Alice@EXAMPLE.com"),
        "6.0.6": true,
      },
    });
    const same = h.ca("Same Sub", {
      issuer: root,
      nameConstraints: { permitted: [{ email: "example.com" }] },
    });
    const s1 = h.ee("s1", { issuer: same, sans: [{ email: "bob@example.com" }] });
    add({
      name: "sub-CA repeating an rfc822Name host constraint verbatim (never inherited before 5.9.14)",
      ee: s1,
      cas: [root, same],
      expect: { "5.9.8": notInherited(h, "Same Sub", "example.com"), "5.9.14": true },
    });
  }
  {
    const h = new Hier("dom");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ email: ".example.com" }] } });
    const ok = h.ee("ok", { issuer: root, sans: [{ email: "alice@mail.example.com" }] });
    add({
      name: "rfc822Name domain constraint permits subdomain mailboxes",
      ee: ok,
      cas: [root],
      expect: { "5.9.8": true },
    });
  }

  // --- directoryName ------------------------------------------------------------------------
  {
    const h = new Hier("dn");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ dn: "C=CH, O=NC Test" }] } });
    const ok = h.ee("ok", { issuer: root, sans: ["vpn.example.com"] });
    add({
      name: "subject DN inside the permitted directoryName",
      ee: ok,
      cas: [root],
      expect: { "5.9.8": true },
    });
    const lower = makeCertificate({
      subject: "C=CH, O=nc test, CN=dn lower",
      key: generateKey("p256"),
      issuer: root,
      keyUsage: ["digitalSignature"],
    });
    add({
      name: "subject DN in other case: directoryName constraints compare bytes",
      ee: lower,
      cas: [root],
      expect: {
        "5.9.8": {
          by: "nameConstraints",
          log: "certificate 'C=CH, O=nc test, CN=dn lower' does not match permitted name constraint 'C=CH, O=NC Test'",
        },
        "5.9.14": {
          by: "nameConstraints",
          log: "subject of certificate 'C=CH, O=nc test, CN=dn lower' does not match any permitted name constraints",
        },
      },
    });
    const san = h.ee("dirsan", { issuer: root, sans: [{ dn: "C=CH, O=Other, CN=x" }] });
    add({
      name: "a directoryName SAN outside the permitted directoryName",
      ee: san,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "dirsan", "C=CH, O=NC Test"),
        "5.9.14": sanNotPermitted(h, "dirsan", "C=CH, O=Other, CN=x"),
      },
    });
  }
  {
    const h = new Hier("dc");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ dn: "DC=com, DC=example" }] } });
    const ee = h.ee("leaf", { issuer: root });
    add({
      name: "a directoryName constraint of DC attributes only permits every DN (strongSwan skips DC)",
      ee,
      cas: [root],
      expect: { "5.9.8": true },
    });
  }
  {
    const h = new Hier("xdn");
    const root = h.ca("Root", { nameConstraints: { excluded: [{ dn: "C=CH, O=Evil" }] } });
    const ee = h.ee("leaf", { issuer: root, sans: ["vpn.example.com"] });
    add({
      name: "an excluded directoryName (refused since 6.0.6 and deb12u4, CVE-2026-35331)",
      ee,
      cas: [root],
      expect: {
        "5.9.8": true,
        "5.9.8-5+deb12u6": excluded(h, "leaf", "C=CH, O=Evil"),
        "6.0.6": unsupported("excluded ID_DER_ASN1_DN NameConstraint not supported"),
      },
    });
  }

  // --- kinds strongSwan cannot match --------------------------------------------------------
  {
    const h = new Hier("uri");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ uri: "https://example.com" }] } });
    const withUri = h.ee("with uri", { issuer: root, sans: [{ uri: "https://example.com/x" }] });
    add({
      name: "a permitted URI constraint and a URI SAN",
      ee: withUri,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "with uri", "https://example.com"),
        "5.9.12": true,
        "5.9.14": unsupported("ID_DER_ASN1_GN_URI NameConstraint not supported"),
      },
    });
    const xroot = h.ca("XRoot", { nameConstraints: { excluded: [{ uri: "https://example.com" }] } });
    const x1 = h.ee("x1", { issuer: xroot, sans: [{ uri: "https://example.com" }] });
    add({
      name: "an excluded URI constraint is not enforced before 5.9.14",
      ee: x1,
      cas: [xroot],
      expect: { "5.9.8": true, "5.9.14": unsupported("ID_DER_ASN1_GN_URI NameConstraint not supported") },
      note: "ID_DER_ASN1_GN_URI NameConstraint matching not implemented",
    });
  }
  {
    const h = new Hier("ip4");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ ip: "10.0.0.1" }] } });
    const ee = h.ee("leaf", { issuer: root, sans: [{ ip: "10.0.0.1" }] });
    add({
      name: "an iPAddress constraint without mask (4 bytes)",
      ee,
      cas: [root],
      expect: {
        "5.9.8": notPermitted(h, "leaf", "10.0.0.1"),
        "5.9.12": true,
        "5.9.14": unsupported("ID_IPV4_ADDR NameConstraint not supported"),
      },
    });
  }
  {
    const h = new Hier("ip");
    const root = h.ca("Root", { nameConstraints: { permitted: [{ ipSubnet: "10.0.0.0/8" }] } });
    const ok = h.ee("ok", { issuer: root, sans: [{ ip: "10.1.2.3" }] });
    add({
      name: "an iPAddress range constraint (critical): the x509 plugin parses it from 5.9.12",
      ee: ok,
      cas: [root],
      expect: {
        "5.9.8": {
          by: "unloadable",
          log: "found unsupported critical X.509 extension: X509v3 Name Constraints",
        },
        "5.9.12": true,
      },
    });
    const out = h.ee("out", { issuer: root, sans: [{ ip: "192.0.2.1" }] });
    add({
      name: "an iPAddress SAN outside the permitted range",
      ee: out,
      cas: [root],
      expect: {
        "5.9.8": {
          by: "unloadable",
          log: "found unsupported critical X.509 extension: X509v3 Name Constraints",
        },
        "5.9.12": notPermitted(h, "out", "10.0.0.0/8"),
        "5.9.14": sanNotPermitted(h, "out", "192.0.2.1"),
      },
    });
    const soft = h.ca("Soft Root", {
      nameConstraints: { permitted: [{ ipSubnet: "10.0.0.0/8" }, { dns: "example.com" }], critical: false },
    });
    const s1 = h.ee("s1", { issuer: soft, sans: [{ ip: "192.0.2.1" }, "vpn.example.org"] });
    add({
      name: "a non-critical iPAddress range constraint before 5.9.12: the openssl plugin loads the CA and enforces nothing",
      ee: s1,
      cas: [soft],
      expect: {
        "5.9.8": true,
        "5.9.12": notPermitted(h, "s1", "10.0.0.0/8"),
        "5.9.14": sanNotPermitted(h, "s1", "192.0.2.1"),
      },
    });
    const sub = h.ca("Sub", { issuer: root, nameConstraints: { permitted: [{ ipSubnet: "10.1.0.0/16" }] } });
    const n1 = h.ee("n1", { issuer: sub, sans: [{ ip: "10.1.2.3" }] });
    add({
      name: "iPAddress constraints on two levels (5.9.12 matched them on one level only)",
      ee: n1,
      cas: [root, sub],
      expect: {
        "5.9.8": {
          by: "unloadable",
          log: "found unsupported critical X.509 extension: X509v3 Name Constraints",
        },
        "5.9.12": notInherited(h, "Sub", "10.0.0.0/8"),
        "5.9.14": true,
      },
    });
  }

  // --- certificate policies -----------------------------------------------------------------
  {
    const h = new Hier("pol");
    const root = h.ca("Root", {
      policies: [P1],
      policyConstraints: { requireExplicitPolicy: 0, encoding: "strongswan" },
    });
    const sub = h.ca("Sub", { issuer: root, policies: [P1] });
    const ee = h.ee("leaf", { issuer: sub, policies: [P2] });
    add({
      name: "requireExplicitPolicy (strongSwan's encoding): a policy the issuer lacks",
      ee,
      cas: [root, sub],
      expect: { "5.9.8": policy(`policy ${P2} missing in issuing certificate '${subj(h, "Sub")}'`) },
    });
    const rroot = h.ca("RFC Root", { policies: [P1], policyConstraints: { requireExplicitPolicy: 0 } });
    const rsub = h.ca("RFC Sub", { issuer: rroot, policies: [P1] });
    const ree = h.ee("rfc leaf", { issuer: rsub, policies: [P2] });
    add({
      name: "requireExplicitPolicy in the RFC 5280 encoding is skipped",
      ee: ree,
      cas: [rroot, rsub],
      expect: { "5.9.8": true },
      note: `certificate policy ${P2} for '${subj(h, "rfc leaf")}' not allowed by trustchain, ignored`,
    });
    const none = h.ee("no policies", { issuer: sub });
    add({
      name: "requireExplicitPolicy does not make strongSwan demand a policy",
      ee: none,
      cas: [root, sub],
      expect: { "5.9.8": true },
    });
  }
  {
    const h = new Hier("map");
    const root = h.ca("Root", {
      policies: [P1],
      policyConstraints: { requireExplicitPolicy: 0, encoding: "strongswan" },
    });
    const sub1 = h.ca("Sub1", { issuer: root, policies: [P1] });
    const sub2 = h.ca("Sub2", {
      issuer: sub1,
      policies: [P3],
      policyMappings: [{ issuer: P3, subject: P2 }],
    });
    const ee = h.ee("leaf", { issuer: sub2, policies: [P2] });
    add({
      name: "a policyMapping from a policy the issuer lacks, under requireExplicitPolicy",
      ee,
      cas: [root, sub1, sub2],
      expect: {
        "5.9.8": policy(`certificate '${subj(h, "Sub2")}' maps policy from ${P3}, but issuer misses it`),
      },
    });
  }
  {
    const h = new Hier("ipm");
    const root = h.ca("Root", {
      policies: [P1],
      policyConstraints: { inhibitPolicyMapping: 0, encoding: "strongswan" },
    });
    const sub = h.ca("Sub", { issuer: root, policies: [P1], policyMappings: [{ issuer: P1, subject: P2 }] });
    const ee = h.ee("leaf", { issuer: sub, policies: [P2] });
    add({
      name: "inhibitPolicyMapping 0 and a mapping below",
      ee,
      cas: [root, sub],
      expect: {
        "5.9.8": policy(
          `found policyMapping in certificate '${subj(h, "Sub")}', but inhibitPolicyMapping in effect`,
        ),
      },
    });
    const root1 = h.ca("Root1", {
      policies: [P1],
      policyConstraints: { inhibitPolicyMapping: 1, encoding: "strongswan" },
    });
    const sub1 = h.ca("Sub1", {
      issuer: root1,
      policies: [P1],
      policyMappings: [{ issuer: P1, subject: P2 }],
    });
    const ee1 = h.ee("leaf1", { issuer: sub1, policies: [P2] });
    add({
      name: "inhibitPolicyMapping 1 allows a mapping one level below",
      ee: ee1,
      cas: [root1, sub1],
      expect: { "5.9.8": true },
    });
  }
  {
    const h = new Hier("iap");
    const root = h.ca("Root", { policies: [P1], inhibitAnyPolicy: 0 });
    const sub = h.ca("Sub", { issuer: root, policies: [ANY] });
    const ee = h.ee("leaf", { issuer: sub, policies: [P1] });
    add({
      name: "inhibitAnyPolicy 0 and anyPolicy below",
      ee,
      cas: [root, sub],
      expect: {
        "5.9.8": policy(`found anyPolicy in certificate '${subj(h, "Sub")}', but inhibitAnyPolicy in effect`),
      },
    });
    const root1 = h.ca("Root1", { policies: [P1], inhibitAnyPolicy: 1 });
    const sub1 = h.ca("Sub1", { issuer: root1, policies: [ANY] });
    const ee1 = h.ee("leaf1", { issuer: sub1, policies: [P1] });
    add({
      name: "inhibitAnyPolicy 1 allows anyPolicy one level below",
      ee: ee1,
      cas: [root1, sub1],
      expect: { "5.9.8": true },
    });
  }
  {
    const h = new Hier("req");
    const bare = h.ca("Bare Root");
    const ee = h.ee("leaf", { issuer: bare, policies: [P1] });
    add({
      name: "cert_policy with a root without policies (6.0.1 leaves such a root out)",
      ee,
      cas: [bare],
      requiredPolicies: [P1],
      expect: {
        "5.9.8": policy(`constraint requires cert policy ${P1}`),
        "6.0.0": policy(`constraint requires cert policy ${P1}`),
        "6.0.6": true,
      },
      note: `certificate policy ${P1} for '${subj(h, "leaf")}' not allowed by trustchain, ignored`,
    });
    const root = h.ca("Root", { policies: [P1] });
    const good = h.ee("good", { issuer: root, policies: [P1] });
    add({
      name: "cert_policy carried by the whole chain",
      ee: good,
      cas: [root],
      requiredPolicies: [P1],
      expect: { "5.9.8": true },
    });
    const other = h.ee("other", { issuer: root, policies: [P2] });
    add({
      name: "cert_policy the certificate does not list",
      ee: other,
      cas: [root],
      requiredPolicies: [P1],
      expect: { "5.9.8": policy(`constraint requires cert policy ${P1}`) },
    });
    const anyRoot = h.ca("Any Root", { policies: [ANY] });
    const anyLeaf = h.ee("any leaf", { issuer: anyRoot, policies: [ANY] });
    add({
      name: "cert_policy and a certificate with anyPolicy only",
      ee: anyLeaf,
      cas: [anyRoot],
      requiredPolicies: [P1],
      expect: { "5.9.8": policy(`constraint requires cert policy ${P1}`) },
    });
    const mroot = h.ca("Map Root", { policies: [P1] });
    const msub = h.ca("Map Sub", {
      issuer: mroot,
      policies: [P1],
      policyMappings: [{ issuer: P1, subject: P2 }],
    });
    const mleaf = h.ee("mapped leaf", { issuer: msub, policies: [P2] });
    add({
      name: "cert_policy of a policy mapped to the root's",
      ee: mleaf,
      cas: [mroot, msub],
      requiredPolicies: [P2],
      expect: { "5.9.8": true },
    });
  }
  {
    const h = new Hier("crit");
    const root = h.ca("Root", { policies: [P1] });
    const ee = h.ee("leaf", {
      issuer: root,
      sans: ["vpn.example.com", { otherName: "1.3.6.1.4.1.99999.1", value: "x" }],
      extensions: [{ oid: "2.5.29.32", critical: true, value: certificatePoliciesValue([P1]) }],
    });
    add({
      name: "a SAN the x509 plugin cannot parse and critical certificatePolicies: neither plugin loads it",
      ee,
      cas: [root],
      expect: {
        "5.9.8": {
          by: "unloadable",
          log: "found unsupported critical X.509 extension: X509v3 Certificate Policies",
        },
      },
    });
  }
  return S;
}

const asChainCert = (g: { der: Uint8Array }, file: string): ChainCertificate =>
  Object.assign(parseCertificate(g.der), { source: { file, index: 0 } });

/** ikecert's verdict on a scenario for a release (files named ee.pem, ca0.pem, ...). */
export function judge(s: ConstraintScenario, release: string, files?: { ee: string; cas: string[] }) {
  return buildChain(asChainCert(s.ee, files?.ee ?? "ee.pem"), {
    trusted: s.cas.map((c, i) => asChainCert(c, files?.cas[i] ?? `ca${i}.pem`)),
    untrusted: [],
    strongswan: release,
    ...(s.requiredPolicies && !files ? { requiredPolicies: s.requiredPolicies } : {}),
  });
}

/** Lines of the constraints plugin (and of the openssl plugin refusing a certificate). */
export const CONSTRAINT_LINE =
  /^(?:certificate '.*' (?:does not match permitted|matches excluded) name constraint '.*'|intermediate CA '.*' does not inherit .*|(?:excluded )?ID_\w+ NameConstraint .*|(?:subject|subject alternative name '.*') of certificate '.*' .*name constraints?.*|ignoring name constraint .*|policy \S+ missing in issuing certificate '.*'|certificate '.*' maps policy from .*|found (?:policyMapping|anyPolicy) in certificate .*|certificate policy \S+ for '.*' not allowed by trustchain, ignored|found unsupported critical X\.509 extension: .*)$/;
