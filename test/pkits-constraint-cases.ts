/**
 * PKITS-equivalent paths for sections 4.8 (certificate policies), 4.9 (requireExplicitPolicy),
 * 4.10 (policy mappings), 4.11 (inhibitPolicyMapping), 4.12 (inhibitAnyPolicy) and 4.13 (name
 * constraints) of NIST's Public Key Interoperability Test Suite, built with the project's own
 * generator: each certificate of a test carries the names, policies, mappings, policy constraints
 * (in the RFC 5280 encoding PKITS uses), inhibitAnyPolicy and name constraints the published test
 * description gives it, and each case is named after the PKITS test it mirrors. Keys are fresh P-256
 * keys; no PKITS file is used.
 *
 * `rfc` is PKITS' expected result with default settings (any policy, no explicit policy). What
 * strongSwan's `pki --verify` (5.9.8-5+deb12u6) says on these paths is `pki`; where it differs the
 * case has a `note`. test/strongswan/pkits-constraints-diff.test.ts re-checks `pki` live.
 */
import {
  type GeneratedCertificate,
  generateKey,
  makeCertificate,
  type San,
} from "../certs-fixtures/generator.js";

/** A certificate of the suite: subject (after "C=US, O=Test Certificates 2011"), issuer and extensions. */
export interface PkitsCert {
  /** the subject's RDNs after the suite's C and O ("" = an empty subject) */
  s: string;
  /** the issuing certificate's name, "root" for the trust anchor, "self" for the anchor itself */
  by: string;
  ca?: true;
  pathLen?: number;
  sans?: San[];
  /** certificatePolicies: P1..P6 are NIST-test-policy-1..6 (2.16.840.1.101.3.2.1.48.n), any = anyPolicy */
  pol?: string[];
  /** policyMappings: [issuerDomainPolicy, subjectDomainPolicy] */
  map?: [string, string][];
  /** policyConstraints, RFC 5280 encoding: requireExplicitPolicy, inhibitPolicyMapping */
  pc?: { rep?: number; ipm?: number };
  /** inhibitAnyPolicy SkipCerts */
  iap?: number;
  nc?: { permitted?: San[]; excluded?: San[] };
}

export interface PkitsConstraintCase {
  id: string;
  ee: string;
  /** the CA certificates from the one below the anchor down to the end entity's issuer */
  path: string[];
  rfc: boolean;
  /** `pki --verify` of strongSwan 5.9.8-5+deb12u6 (every CA given as --cacert) */
  pki: boolean;
  /** charon's verdict, where pki's quirks make pki say otherwise */
  charon: boolean;
  /** why strongSwan's verdict differs from PKITS' (or pki's from charon's) */
  note?: string;
}

export const PKITS_CERTS: Record<string, PkitsCert> = {
  AllCertificatesNoPoliciesTest2EE: {
    s: "CN=All Certificates No Policies EE Certificate Test2",
    by: "NoPoliciesCACert",
  },
  AllCertificatesSamePoliciesTest10EE: {
    s: "CN=All Certificates Same Policies EE Certificate Test10",
    by: "PoliciesP12CACert",
    pol: ["P1", "P2"],
  },
  AllCertificatesSamePoliciesTest13EE: {
    s: "CN=All Certificates Same Policies EE Certificate Test13",
    by: "PoliciesP123CACert",
    pol: ["P1", "P2", "P3"],
  },
  AllCertificatesanyPolicyTest11EE: {
    s: "CN=All Certificates anyPolicy EE Certificate Test11",
    by: "anyPolicyCACert",
    pol: ["any"],
  },
  AnyPolicyTest14EE: { s: "CN=anyPolicy EE Certificate Test14", by: "anyPolicyCACert", pol: ["P1"] },
  CPSPointerQualifierTest20EE: {
    s: "CN=CPS Pointer Qualifier EE Certificate Test20",
    by: "GoodCACert",
    pol: ["P1"],
  },
  DifferentPoliciesTest12EE: {
    s: "CN=Different Policies EE Certificate Test12",
    by: "PoliciesP3CACert",
    pol: ["P4"],
  },
  DifferentPoliciesTest3EE: {
    s: "CN=Different Policies EE Certificate Test3",
    by: "PoliciesP2subCACert",
    pol: ["P2"],
  },
  DifferentPoliciesTest4EE: {
    s: "CN=Different Policies EE Certificate Test4",
    by: "GoodsubCACert",
    pol: ["P2"],
  },
  DifferentPoliciesTest5EE: {
    s: "CN=Different Policies EE Certificate Test5",
    by: "PoliciesP2subCA2Cert",
    pol: ["P1"],
  },
  DifferentPoliciesTest7EE: {
    s: "CN=Different Policies EE Certificate Test7",
    by: "PoliciesP123subsubCAP12P1Cert",
    ca: true,
    pol: ["P2"],
  },
  DifferentPoliciesTest8EE: {
    s: "CN=Different Policies EE Certificate Test8",
    by: "PoliciesP12subsubCAP1P2Cert",
    ca: true,
    pol: ["P2"],
  },
  DifferentPoliciesTest9EE: {
    s: "CN=Different Policies EE Certificate Test9",
    by: "PoliciesP123subsubsubCAP12P2P1Cert",
    pol: ["P1"],
  },
  GoodCACert: { s: "CN=Good CA", by: "root", ca: true, pol: ["P1"] },
  GoodsubCACert: { s: "CN=Good subCA", by: "GoodCACert", ca: true, pol: ["P1"], pc: { rep: 0 } },
  GoodsubCAPanyPolicyMapping1to2CACert: {
    s: "CN=Good subCA PanyPolicy Mapping 1to2",
    by: "GoodCACert",
    ca: true,
    pol: ["any"],
    map: [["P1", "P2"]],
    pc: { rep: 0 },
  },
  InvalidDNSnameConstraintsTest31EE: {
    s: "CN=Invalid DNS nameConstraints EE Certificate Test31",
    by: "nameConstraintsDNS1CACert",
    sans: [{ dns: "testserver.invalidcertificates.gov" }],
    pol: ["P1"],
  },
  InvalidDNSnameConstraintsTest33EE: {
    s: "CN=Invalid DNS nameConstraints EE Certificate Test33",
    by: "nameConstraintsDNS2CACert",
    sans: [{ dns: "invalidcertificates.gov" }],
    pol: ["P1"],
  },
  InvalidDNSnameConstraintsTest38EE: {
    s: "CN=Invalid DNS nameConstraints EE Certificate Test38",
    by: "nameConstraintsDNS1CACert",
    sans: [{ dns: "mytestcertificates.gov" }],
    pol: ["P1"],
  },
  InvalidDNandRFC822nameConstraintsTest28EE: {
    s: "OU=permittedSubtree1, CN=Invalid DN and RFC822 nameConstraints EE Certificate Test28",
    by: "nameConstraintsDN1subCA3Cert",
    sans: [{ email: "Test28EE@invalidcertificates.gov" }],
    pol: ["P1"],
  },
  InvalidDNandRFC822nameConstraintsTest29EE: {
    s: "OU=permittedSubtree1, CN=Invalid DN and RFC822 nameConstraints EE Certificate Test29, E=Test29EE@invalidcertificates.gov",
    by: "nameConstraintsDN1subCA3Cert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest10EE: {
    s: "OU=permittedSubtree1, OU=excludedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test10",
    by: "nameConstraintsDN5CACert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest12EE: {
    s: "OU=permittedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test12",
    by: "nameConstraintsDN1subCA1Cert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest13EE: {
    s: "OU=permittedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test13",
    by: "nameConstraintsDN1subCA2Cert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest15EE: {
    s: "OU=excludedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test15",
    by: "nameConstraintsDN3subCA1Cert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest16EE: {
    s: "OU=excludedSubtree2, CN=Invalid DN nameConstraints EE Certificate Test16",
    by: "nameConstraintsDN3subCA1Cert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest17EE: {
    s: "OU=excludedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test17",
    by: "nameConstraintsDN3subCA2Cert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest20EE: {
    s: "CN=nameConstraints DN1 CA",
    by: "nameConstraintsDN1CACert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest2EE: {
    s: "OU=excludedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test2",
    by: "nameConstraintsDN1CACert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest3EE: {
    s: "OU=permittedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test3",
    by: "nameConstraintsDN1CACert",
    sans: [
      {
        dn: "C=US, O=Test Certificates 2011, OU=excludedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test3",
      },
    ],
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest7EE: {
    s: "OU=excludedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test7",
    by: "nameConstraintsDN3CACert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest8EE: {
    s: "OU=excludedSubtree1, CN=Invalid DN nameConstraints EE Certificate Test8",
    by: "nameConstraintsDN4CACert",
    pol: ["P1"],
  },
  InvalidDNnameConstraintsTest9EE: {
    s: "OU=excludedSubtree2, CN=Invalid DN nameConstraints EE Certificate Test9",
    by: "nameConstraintsDN4CACert",
    pol: ["P1"],
  },
  InvalidMappingFromanyPolicyTest7EE: {
    s: "CN=Invalid Mapping From anyPolicy EE Certificate Test7",
    by: "MappingFromanyPolicyCACert",
    pol: ["P1"],
  },
  InvalidMappingToanyPolicyTest8EE: {
    s: "CN=Invalid Mapping To anyPolicy EE Certificate Test8",
    by: "MappingToanyPolicyCACert",
    pol: ["any"],
  },
  InvalidPolicyMappingTest10EE: {
    s: "CN=Invalid Policy Mapping EE Certificate Test10",
    by: "GoodsubCAPanyPolicyMapping1to2CACert",
    pol: ["P1"],
  },
  InvalidPolicyMappingTest2EE: {
    s: "CN=Invalid Policy Mapping EE Certificate Test2",
    by: "Mapping1to2CACert",
    pol: ["P1"],
  },
  InvalidPolicyMappingTest4EE: {
    s: "CN=Invalid Policy Mapping EE Certificate Test4",
    by: "P12Mapping1to3subsubCACert",
    pol: ["P3"],
  },
  InvalidRFC822nameConstraintsTest22EE: {
    s: "CN=Invalid RFC822 nameConstraints EE Certificate Test22",
    by: "nameConstraintsRFC822CA1Cert",
    sans: [{ email: "Test22EE@testcertificates.gov" }],
    pol: ["P1"],
  },
  InvalidRFC822nameConstraintsTest24EE: {
    s: "CN=Invalid RFC822 nameConstraints EE Certificate Test24",
    by: "nameConstraintsRFC822CA2Cert",
    sans: [{ email: "Test24EE@mailserver.testcertificates.gov" }],
    pol: ["P1"],
  },
  InvalidRFC822nameConstraintsTest26EE: {
    s: "CN=Invalid RFC822 nameConstraints EE Certificate Test26",
    by: "nameConstraintsRFC822CA3Cert",
    sans: [{ email: "Test26EE@testcertificates.gov" }],
    pol: ["P1"],
  },
  InvalidSelfIssuedinhibitAnyPolicyTest10EE: {
    s: "CN=inhibitAnyPolicy1 subCA2",
    by: "inhibitAnyPolicy1subCA2Cert",
    ca: true,
    pol: ["any"],
  },
  InvalidSelfIssuedinhibitAnyPolicyTest8EE: {
    s: "CN=Invalid Self-Issued inhibitAnyPolicy EE Certificate Test8",
    by: "inhibitAnyPolicy1subsubCA2Cert",
    pol: ["P1"],
  },
  InvalidSelfIssuedinhibitPolicyMappingTest10EE: {
    s: "CN=Invalid Self-Issued inhibitPolicyMapping EE Certificate Test10",
    by: "inhibitPolicyMapping1P1SelfIssuedsubCACert",
    pol: ["P3"],
  },
  InvalidSelfIssuedinhibitPolicyMappingTest11EE: {
    s: "CN=Invalid Self-Issued inhibitPolicyMapping EE Certificate Test11",
    by: "inhibitPolicyMapping1P1SelfIssuedsubCACert",
    pol: ["P2"],
  },
  InvalidSelfIssuedinhibitPolicyMappingTest8EE: {
    s: "CN=Invalid Self-Issued inhibitPolicyMapping EE Certificate Test8",
    by: "inhibitPolicyMapping1P1subsubCACert",
    pol: ["P3"],
  },
  InvalidSelfIssuedinhibitPolicyMappingTest9EE: {
    s: "CN=Invalid Self-Issued inhibitPolicyMapping EE Certificate Test9",
    by: "inhibitPolicyMapping1P1subsubCACert",
    pol: ["P2"],
  },
  InvalidSelfIssuedrequireExplicitPolicyTest7EE: {
    s: "CN=Invalid Self-Issued requireExplicitPolicy EE Certificate Test7",
    by: "requireExplicitPolicy2subCACert",
  },
  InvalidSelfIssuedrequireExplicitPolicyTest8EE: {
    s: "CN=Invalid Self-Issued requireExplicitPolicy EE Certificate Test8",
    by: "requireExplicitPolicy2SelfIssuedsubCACert",
  },
  InvalidURInameConstraintsTest35EE: {
    s: "CN=Invalid URI nameConstraints EE Certificate Test35",
    by: "nameConstraintsURI1CACert",
    sans: [{ uri: "http://testcertificates.gov/invalid.html" }],
    pol: ["P1"],
  },
  InvalidURInameConstraintsTest37EE: {
    s: "CN=Invalid URI nameConstraints EE Certificate Test37",
    by: "nameConstraintsURI2CACert",
    sans: [{ uri: "ftp://invalidcertificates.gov:21/test37/" }],
    pol: ["P1"],
  },
  InvalidinhibitAnyPolicyTest1EE: {
    s: "CN=Invalid inhibitAnyPolicy EE Certificate Test1",
    by: "inhibitAnyPolicy0CACert",
    pol: ["any"],
  },
  InvalidinhibitAnyPolicyTest4EE: {
    s: "CN=Invalid inhibitAnyPolicy EE Certificate Test4",
    by: "inhibitAnyPolicy1subCA1Cert",
    pol: ["any"],
  },
  InvalidinhibitAnyPolicyTest5EE: {
    s: "CN=Invalid inhibitAnyPolicy EE Certificate Test5",
    by: "inhibitAnyPolicy5subsubCACert",
    pol: ["any"],
  },
  InvalidinhibitAnyPolicyTest6EE: {
    s: "CN=Invalid inhibitAnyPolicy EE Certificate Test6",
    by: "inhibitAnyPolicy1subCAIAP5Cert",
    pol: ["any"],
  },
  InvalidinhibitPolicyMappingTest1EE: {
    s: "CN=Invalid inhibitPolicyMapping EE Certificate Test1",
    by: "inhibitPolicyMapping0subCACert",
    pol: ["P1", "P2"],
  },
  InvalidinhibitPolicyMappingTest3EE: {
    s: "CN=Invalid inhibitPolicyMapping EE Certificate Test3",
    by: "inhibitPolicyMapping1P12subsubCACert",
    pol: ["P5"],
  },
  InvalidinhibitPolicyMappingTest5EE: {
    s: "CN=Invalid inhibitPolicyMapping EE Certificate Test5",
    by: "inhibitPolicyMapping5subsubsubCACert",
    pol: ["P2"],
  },
  InvalidinhibitPolicyMappingTest6EE: {
    s: "CN=Invalid inhibitPolicyMapping EE Certificate Test6",
    by: "inhibitPolicyMapping1P12subsubCAIPM5Cert",
    pol: ["P3"],
  },
  InvalidrequireExplicitPolicyTest3EE: {
    s: "CN=Invalid requireExplicitPolicy EE Certificate Test3",
    by: "requireExplicitPolicy4subsubsubCACert",
  },
  InvalidrequireExplicitPolicyTest5EE: {
    s: "CN=Invalid requireExplicitPolicy EE Certificate Test5",
    by: "requireExplicitPolicy7subsubsubCARE2RE4Cert",
  },
  Mapping1to2CACert: {
    s: "CN=Mapping 1to2 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    map: [["P1", "P2"]],
    pc: { rep: 0 },
  },
  MappingFromanyPolicyCACert: {
    s: "CN=Mapping From anyPolicy CA",
    by: "root",
    ca: true,
    pol: ["any"],
    map: [["any", "P1"]],
    pc: { rep: 0 },
  },
  MappingToanyPolicyCACert: {
    s: "CN=Mapping To anyPolicy CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    map: [["P1", "any"]],
    pc: { rep: 0 },
  },
  NoPoliciesCACert: { s: "CN=No Policies CA", by: "root", ca: true },
  OverlappingPoliciesTest6EE: {
    s: "CN=Overlapping Policies EE Certificate Test6",
    by: "PoliciesP1234subsubCAP123P12Cert",
    ca: true,
    pol: ["P1"],
  },
  P12Mapping1to3CACert: {
    s: "CN=P12 Mapping 1to3 CA",
    by: "root",
    ca: true,
    pol: ["P1", "P2"],
    map: [["P1", "P3"]],
    pc: { rep: 0 },
  },
  P12Mapping1to3subCACert: {
    s: "CN=P12 Mapping 1to3 subCA",
    by: "P12Mapping1to3CACert",
    ca: true,
    pol: ["P2", "P5"],
    map: [
      ["P2", "P4"],
      ["P5", "P7"],
    ],
  },
  P12Mapping1to3subsubCACert: {
    s: "CN=P12 Mapping 1to3 subsubCA",
    by: "P12Mapping1to3subCACert",
    ca: true,
    pol: ["P3", "P4"],
    map: [["P4", "P8"]],
  },
  P1Mapping1to234CACert: {
    s: "CN=P1 Mapping 1to234 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    map: [
      ["P1", "P2"],
      ["P1", "P3"],
      ["P1", "P4"],
    ],
    pc: { rep: 0 },
  },
  P1Mapping1to234subCACert: {
    s: "CN=P1 Mapping 1to234 subCA",
    by: "P1Mapping1to234CACert",
    ca: true,
    pol: ["P2", "P4"],
    map: [
      ["P2", "P5"],
      ["P4", "P6"],
    ],
  },
  P1anyPolicyMapping1to2CACert: {
    s: "CN=P1anyPolicy Mapping 1to2 CA",
    by: "root",
    ca: true,
    pol: ["P1", "any"],
    map: [["P1", "P2"]],
    pc: { rep: 0 },
  },
  PanyPolicyMapping1to2CACert: {
    s: "CN=PanyPolicy Mapping 1to2 CA",
    by: "root",
    ca: true,
    pol: ["any"],
    map: [["P1", "P2"]],
    pc: { rep: 0 },
  },
  PoliciesP1234CACert: {
    s: "CN=Policies P1234 CA",
    by: "root",
    ca: true,
    pol: ["P1", "P2", "P3", "P4"],
    pc: { rep: 0 },
  },
  PoliciesP1234subCAP123Cert: {
    s: "CN=Policies P1234 subCAP123",
    by: "PoliciesP1234CACert",
    ca: true,
    pol: ["P1", "P2", "P3"],
  },
  PoliciesP1234subsubCAP123P12Cert: {
    s: "CN=Policies P1234 subsubCAP123P12",
    by: "PoliciesP1234subCAP123Cert",
    ca: true,
    pol: ["P1", "P2"],
  },
  PoliciesP123CACert: {
    s: "CN=Policies P123 CA",
    by: "root",
    ca: true,
    pol: ["P1", "P2", "P3"],
    pc: { rep: 0 },
  },
  PoliciesP123subCAP12Cert: {
    s: "CN=Policies P123 subCAP12",
    by: "PoliciesP123CACert",
    ca: true,
    pol: ["P1", "P2"],
  },
  PoliciesP123subsubCAP12P1Cert: {
    s: "CN=Policies P123 subsubCAP12P1",
    by: "PoliciesP123subCAP12Cert",
    ca: true,
    pol: ["P1"],
  },
  PoliciesP123subsubCAP12P2Cert: {
    s: "CN=Policies P123 subsubCAP12P2",
    by: "PoliciesP123subCAP12Cert",
    ca: true,
    pol: ["P2"],
  },
  PoliciesP123subsubsubCAP12P2P1Cert: {
    s: "CN=Policies P123 subsubsubCAP12P2P1",
    by: "PoliciesP123subsubCAP12P2Cert",
    ca: true,
    pol: ["P1"],
  },
  PoliciesP12CACert: { s: "CN=Policies P12 CA", by: "root", ca: true, pol: ["P1", "P2"], pc: { rep: 0 } },
  PoliciesP12subCAP1Cert: { s: "CN=Policies P12 subCAP1", by: "PoliciesP12CACert", ca: true, pol: ["P1"] },
  PoliciesP12subsubCAP1P2Cert: {
    s: "CN=Policies P12 subsubCAP1P2",
    by: "PoliciesP12subCAP1Cert",
    ca: true,
    pol: ["P2"],
  },
  PoliciesP2subCA2Cert: {
    s: "CN=Policies P2 subCA2",
    by: "GoodCACert",
    ca: true,
    pol: ["P2"],
    pc: { rep: 0 },
  },
  PoliciesP2subCACert: { s: "CN=Policies P2 subCA", by: "GoodCACert", ca: true, pol: ["P2"] },
  PoliciesP3CACert: { s: "CN=Policies P3 CA", by: "root", ca: true, pol: ["P3"], pc: { rep: 0 } },
  root: { s: "CN=Trust Anchor", by: "self", ca: true },
  UserNoticeQualifierTest15EE: {
    s: "CN=User Notice Qualifier EE Certificate Test15",
    by: "root",
    pol: ["P1"],
  },
  UserNoticeQualifierTest16EE: {
    s: "CN=User Notice Qualifier EE Certificate Test16",
    by: "GoodCACert",
    pol: ["P1", "P2"],
  },
  UserNoticeQualifierTest17EE: {
    s: "CN=User Notice Qualifier EE Certificate Test17",
    by: "GoodCACert",
    pol: ["any"],
  },
  UserNoticeQualifierTest18EE: {
    s: "CN=User Notice Qualifier EE Certificate Test18",
    by: "PoliciesP12CACert",
    pol: ["P1", "any"],
  },
  UserNoticeQualifierTest19EE: {
    s: "CN=User Notice Qualifier EE Certificate Test19",
    by: "root",
    pol: ["P1"],
  },
  ValidCertificatePathTest1EE: { s: "CN=Valid EE Certificate Test1", by: "GoodCACert", pol: ["P1"] },
  ValidDNSnameConstraintsTest30EE: {
    s: "CN=Valid DNS nameConstraints EE Certificate Test30",
    by: "nameConstraintsDNS1CACert",
    sans: [{ dns: "testserver.testcertificates.gov" }],
    pol: ["P1"],
  },
  ValidDNSnameConstraintsTest32EE: {
    s: "CN=Valid DNS nameConstraints EE Certificate Test32",
    by: "nameConstraintsDNS2CACert",
    sans: [{ dns: "testserver.testcertificates.gov" }],
    pol: ["P1"],
  },
  ValidDNandRFC822nameConstraintsTest27EE: {
    s: "OU=permittedSubtree1, CN=Valid DN and RFC822 nameConstraints EE Certificate Test27",
    by: "nameConstraintsDN1subCA3Cert",
    sans: [{ email: "Test27EE@testcertificates.gov" }],
    pol: ["P1"],
  },
  ValidDNnameConstraintsTest11EE: {
    s: "OU=permittedSubtree1, OU=permittedSubtree2, CN=Valid DN nameConstraints EE Certificate Test11",
    by: "nameConstraintsDN5CACert",
    pol: ["P1"],
  },
  ValidDNnameConstraintsTest14EE: {
    s: "",
    by: "nameConstraintsDN1subCA2Cert",
    sans: [{ email: "ValidDNnameConstraintsTest14EE@testcertificates.gov" }],
    pol: ["P1"],
  },
  ValidDNnameConstraintsTest18EE: {
    s: "CN=Valid DN nameConstraints EE Certificate Test18",
    by: "nameConstraintsDN3subCA2Cert",
    pol: ["P1"],
  },
  ValidDNnameConstraintsTest19EE: {
    s: "OU=permittedSubtree1, CN=Valid DN nameConstraints EE Certificate Test19",
    by: "nameConstraintsDN1SelfIssuedCACert",
    pol: ["P1"],
  },
  ValidDNnameConstraintsTest1EE: {
    s: "OU=permittedSubtree1, CN=Valid DN nameConstraints EE Certificate Test1",
    by: "nameConstraintsDN1CACert",
    pol: ["P1"],
  },
  ValidDNnameConstraintsTest4EE: {
    s: "OU=permittedSubtree1, CN=Valid DN nameConstraints EE Certificate Test4",
    by: "nameConstraintsDN1CACert",
    sans: [{ email: "DNnameConstraintsTest4EE@testcertificates.gov" }],
    pol: ["P1"],
  },
  ValidDNnameConstraintsTest5EE: {
    s: "OU=permittedSubtree1, CN=Valid DN nameConstraints EE Certificate Test5",
    by: "nameConstraintsDN2CACert",
    sans: [
      {
        dn: "C=US, O=Test Certificates 2011, OU=permittedSubtree2, CN=Valid DN nameConstraints EE Certificate Test5",
      },
    ],
    pol: ["P1"],
  },
  ValidDNnameConstraintsTest6EE: {
    s: "OU=permittedSubtree1, CN=Valid DN nameConstraints EE Certificate Test6",
    by: "nameConstraintsDN3CACert",
    pol: ["P1"],
  },
  ValidPolicyMappingTest11EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test11",
    by: "GoodsubCAPanyPolicyMapping1to2CACert",
    pol: ["P2"],
  },
  ValidPolicyMappingTest12EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test12",
    by: "P12Mapping1to3CACert",
    pol: ["P3", "any"],
  },
  ValidPolicyMappingTest13EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test13",
    by: "P1anyPolicyMapping1to2CACert",
    pol: ["P2"],
  },
  ValidPolicyMappingTest14EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test14",
    by: "P1anyPolicyMapping1to2CACert",
    pol: ["P1"],
  },
  ValidPolicyMappingTest1EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test1",
    by: "Mapping1to2CACert",
    pol: ["P2"],
  },
  ValidPolicyMappingTest3EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test3",
    by: "P12Mapping1to3subsubCACert",
    pol: ["P8"],
  },
  ValidPolicyMappingTest5EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test5",
    by: "P1Mapping1to234subCACert",
    pol: ["P6"],
  },
  ValidPolicyMappingTest6EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test6",
    by: "P1Mapping1to234subCACert",
    pol: ["P5"],
  },
  ValidPolicyMappingTest9EE: {
    s: "CN=Valid Policy Mapping EE Certificate Test9",
    by: "PanyPolicyMapping1to2CACert",
    pol: ["P1"],
  },
  ValidRFC822nameConstraintsTest21EE: {
    s: "CN=Valid RFC822 nameConstraints EE Certificate Test21",
    by: "nameConstraintsRFC822CA1Cert",
    sans: [{ email: "Test21EE@mailserver.testcertificates.gov" }],
    pol: ["P1"],
  },
  ValidRFC822nameConstraintsTest23EE: {
    s: "CN=Valid RFC822 nameConstraints EE Certificate Test23",
    by: "nameConstraintsRFC822CA2Cert",
    sans: [{ email: "Test23EE@testcertificates.gov" }],
    pol: ["P1"],
  },
  ValidRFC822nameConstraintsTest25EE: {
    s: "CN=Valid RFC822 nameConstraints EE Certificate Test25",
    by: "nameConstraintsRFC822CA3Cert",
    sans: [{ email: "Test25EE@mailserver.testcertificates.gov" }],
    pol: ["P1"],
  },
  ValidSelfIssuedinhibitAnyPolicyTest7EE: {
    s: "CN=Valid Self-Issued inhibitAnyPolicy EE Certificate Test7",
    by: "inhibitAnyPolicy1subCA2Cert",
    pol: ["P1"],
  },
  ValidSelfIssuedinhibitAnyPolicyTest9EE: {
    s: "CN=Valid Self-Issued inhibitAnyPolicy EE Certificate Test9",
    by: "inhibitAnyPolicy1SelfIssuedsubCA2Cert",
    pol: ["P1"],
  },
  ValidSelfIssuedinhibitPolicyMappingTest7EE: {
    s: "CN=Valid Self-Issued inhibitPolicyMapping EE Certificate Test7",
    by: "inhibitPolicyMapping1P1subCACert",
    pol: ["P2"],
  },
  ValidSelfIssuedrequireExplicitPolicyTest6EE: {
    s: "CN=Valid Self-Issued requireExplicitPolicy EE Certificate Test6",
    by: "requireExplicitPolicy2SelfIssuedCACert",
  },
  ValidURInameConstraintsTest34EE: {
    s: "CN=Valid URI nameConstraints EE Certificate Test34",
    by: "nameConstraintsURI1CACert",
    sans: [{ uri: "http://testserver.testcertificates.gov/index.html" }],
    pol: ["P1"],
  },
  ValidURInameConstraintsTest36EE: {
    s: "CN=Valid URI nameConstraints EE Certificate Test36",
    by: "nameConstraintsURI2CACert",
    sans: [{ uri: "http://testserver.invalidcertificates.gov/index.html" }],
    pol: ["P1"],
  },
  ValidinhibitAnyPolicyTest2EE: {
    s: "CN=Valid inhibitAnyPolicy EE Certificate Test2",
    by: "inhibitAnyPolicy0CACert",
    pol: ["any", "P1"],
  },
  ValidinhibitPolicyMappingTest2EE: {
    s: "CN=Valid inhibitPolicyMapping EE Certificate Test2",
    by: "inhibitPolicyMapping1P12subCACert",
    pol: ["P3"],
  },
  ValidinhibitPolicyMappingTest4EE: {
    s: "CN=Valid inhibitPolicyMapping EE Certificate Test4",
    by: "inhibitPolicyMapping1P12subsubCACert",
    pol: ["P4"],
  },
  ValidrequireExplicitPolicyTest1EE: {
    s: "CN=Valid requireExplicitPolicy EE Certificate Test1",
    by: "requireExplicitPolicy10subsubsubCACert",
  },
  ValidrequireExplicitPolicyTest2EE: {
    s: "CN=Valid requireExplicitPolicy EE Certificate Test2",
    by: "requireExplicitPolicy5subsubsubCACert",
  },
  ValidrequireExplicitPolicyTest4EE: {
    s: "CN=Valid requireExplicitPolicy EE Certificate Test4",
    by: "requireExplicitPolicy0subsubsubCACert",
    pol: ["P1"],
  },
  anyPolicyCACert: { s: "CN=anyPolicy CA", by: "root", ca: true, pol: ["any"], pc: { rep: 0 } },
  inhibitAnyPolicy0CACert: {
    s: "CN=inhibitAnyPolicy0 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 0 },
    iap: 0,
  },
  inhibitAnyPolicy1CACert: {
    s: "CN=inhibitAnyPolicy1 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 0 },
    iap: 1,
  },
  inhibitAnyPolicy1SelfIssuedCACert: {
    s: "CN=inhibitAnyPolicy1 CA",
    by: "inhibitAnyPolicy1CACert",
    ca: true,
    pol: ["P1"],
  },
  inhibitAnyPolicy1SelfIssuedsubCA2Cert: {
    s: "CN=inhibitAnyPolicy1 subCA2",
    by: "inhibitAnyPolicy1subCA2Cert",
    ca: true,
    pol: ["any"],
  },
  inhibitAnyPolicy1subCA1Cert: {
    s: "CN=inhibitAnyPolicy1 subCA1",
    by: "inhibitAnyPolicy1CACert",
    ca: true,
    pol: ["any"],
  },
  inhibitAnyPolicy1subCA2Cert: {
    s: "CN=inhibitAnyPolicy1 subCA2",
    by: "inhibitAnyPolicy1SelfIssuedCACert",
    ca: true,
    pol: ["any"],
  },
  inhibitAnyPolicy1subCAIAP5Cert: {
    s: "CN=inhibitAnyPolicy1 subCAIAP5",
    by: "inhibitAnyPolicy1CACert",
    ca: true,
    pol: ["P1"],
    iap: 5,
  },
  inhibitAnyPolicy1subsubCA2Cert: {
    s: "CN=inhibitAnyPolicy1 subsubCA2",
    by: "inhibitAnyPolicy1subCA2Cert",
    ca: true,
    pol: ["any"],
  },
  inhibitAnyPolicy5CACert: {
    s: "CN=inhibitAnyPolicy5 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 0 },
    iap: 5,
  },
  inhibitAnyPolicy5subCACert: {
    s: "CN=inhibitAnyPolicy5 subCA",
    by: "inhibitAnyPolicy5CACert",
    ca: true,
    pol: ["P1"],
    iap: 1,
  },
  inhibitAnyPolicy5subsubCACert: {
    s: "CN=inhibitAnyPolicy5 subsubCA",
    by: "inhibitAnyPolicy5subCACert",
    ca: true,
    pol: ["P1"],
  },
  inhibitAnyPolicyTest3EE: {
    s: "CN=inhibitAnyPolicy EE Certificate Test3",
    by: "inhibitAnyPolicy1subCA1Cert",
    pol: ["P1"],
  },
  inhibitPolicyMapping0CACert: {
    s: "CN=inhibitPolicyMapping0 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 0, ipm: 0 },
  },
  inhibitPolicyMapping0subCACert: {
    s: "CN=inhibitPolicyMapping0 subCA",
    by: "inhibitPolicyMapping0CACert",
    ca: true,
    pol: ["P1"],
    map: [["P1", "P2"]],
  },
  inhibitPolicyMapping1P12CACert: {
    s: "CN=inhibitPolicyMapping1 P12 CA",
    by: "root",
    ca: true,
    pol: ["P1", "P2"],
    pc: { rep: 0, ipm: 1 },
  },
  inhibitPolicyMapping1P12subCACert: {
    s: "CN=inhibitPolicyMapping1 P12 subCA",
    by: "inhibitPolicyMapping1P12CACert",
    ca: true,
    pol: ["P1", "P2"],
    map: [
      ["P1", "P3"],
      ["P2", "P4"],
    ],
  },
  inhibitPolicyMapping1P12subCAIPM5Cert: {
    s: "CN=inhibitPolicyMapping1 P12 subCAIPM5",
    by: "inhibitPolicyMapping1P12CACert",
    ca: true,
    pol: ["P1", "P2"],
    pc: { ipm: 5 },
  },
  inhibitPolicyMapping1P12subsubCACert: {
    s: "CN=inhibitPolicyMapping1 P12 subsubCA",
    by: "inhibitPolicyMapping1P12subCACert",
    ca: true,
    pol: ["P3", "P4"],
    map: [["P3", "P5"]],
  },
  inhibitPolicyMapping1P12subsubCAIPM5Cert: {
    s: "CN=inhibitPolicyMapping1 P12 subsubCAIPM5",
    by: "inhibitPolicyMapping1P12subCAIPM5Cert",
    ca: true,
    pol: ["P1", "P2"],
    map: [["P1", "P3"]],
  },
  inhibitPolicyMapping1P1CACert: {
    s: "CN=inhibitPolicyMapping1 P1 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 0, ipm: 1 },
  },
  inhibitPolicyMapping1P1SelfIssuedCACert: {
    s: "CN=inhibitPolicyMapping1 P1 CA",
    by: "inhibitPolicyMapping1P1CACert",
    ca: true,
    pol: ["P1"],
  },
  inhibitPolicyMapping1P1SelfIssuedsubCACert: {
    s: "CN=inhibitPolicyMapping1 P1 subCA",
    by: "inhibitPolicyMapping1P1subCACert",
    ca: true,
    pol: ["P2"],
    map: [["P2", "P3"]],
  },
  inhibitPolicyMapping1P1subCACert: {
    s: "CN=inhibitPolicyMapping1 P1 subCA",
    by: "inhibitPolicyMapping1P1SelfIssuedCACert",
    ca: true,
    pol: ["P1"],
    map: [["P1", "P2"]],
  },
  inhibitPolicyMapping1P1subsubCACert: {
    s: "CN=inhibitPolicyMapping1 P1 subsubCA",
    by: "inhibitPolicyMapping1P1subCACert",
    ca: true,
    pol: ["P2"],
    map: [["P2", "P3"]],
  },
  inhibitPolicyMapping5CACert: {
    s: "CN=inhibitPolicyMapping5 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 0, ipm: 5 },
  },
  inhibitPolicyMapping5subCACert: {
    s: "CN=inhibitPolicyMapping5 subCA",
    by: "inhibitPolicyMapping5CACert",
    ca: true,
    pol: ["P1"],
    pc: { ipm: 1 },
  },
  inhibitPolicyMapping5subsubCACert: {
    s: "CN=inhibitPolicyMapping5 subsubCA",
    by: "inhibitPolicyMapping5subCACert",
    ca: true,
    pol: ["P1"],
  },
  inhibitPolicyMapping5subsubsubCACert: {
    s: "CN=inhibitPolicyMapping5 subsubsubCA",
    by: "inhibitPolicyMapping5subsubCACert",
    ca: true,
    pol: ["P1"],
    map: [["P1", "P2"]],
  },
  nameConstraintsDN1CACert: {
    s: "CN=nameConstraints DN1 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ dn: "C=US, O=Test Certificates 2011, OU=permittedSubtree1" }] },
  },
  nameConstraintsDN1SelfIssuedCACert: {
    s: "CN=nameConstraints DN1 CA",
    by: "nameConstraintsDN1CACert",
    ca: true,
    pol: ["P1"],
  },
  nameConstraintsDN1subCA1Cert: {
    s: "OU=permittedSubtree1, CN=nameConstraints DN1 subCA1",
    by: "nameConstraintsDN1CACert",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ dn: "C=US, O=Test Certificates 2011, OU=permittedSubtree1, OU=permittedSubtree2" }] },
  },
  nameConstraintsDN1subCA2Cert: {
    s: "OU=permittedSubtree1, CN=nameConstraints DN1 subCA2",
    by: "nameConstraintsDN1CACert",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ dn: "C=US, O=Test Certificates 2011, OU=permittedSubtree2" }] },
  },
  nameConstraintsDN1subCA3Cert: {
    s: "OU=permittedSubtree1, CN=nameConstraints DN1 subCA3",
    by: "nameConstraintsDN1CACert",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ email: "testcertificates.gov" }] },
  },
  nameConstraintsDN2CACert: {
    s: "CN=nameConstraints DN2 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: {
      permitted: [
        { dn: "C=US, O=Test Certificates 2011, OU=permittedSubtree1" },
        { dn: "C=US, O=Test Certificates 2011, OU=permittedSubtree2" },
      ],
    },
  },
  nameConstraintsDN3CACert: {
    s: "CN=nameConstraints DN3 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { excluded: [{ dn: "C=US, O=Test Certificates 2011, OU=excludedSubtree1" }] },
  },
  nameConstraintsDN3subCA1Cert: {
    s: "CN=nameConstraints DN3 subCA1",
    by: "nameConstraintsDN3CACert",
    ca: true,
    pol: ["P1"],
    nc: { excluded: [{ dn: "C=US, O=Test Certificates 2011, OU=excludedSubtree2" }] },
  },
  nameConstraintsDN3subCA2Cert: {
    s: "CN=nameConstraints DN3 subCA2",
    by: "nameConstraintsDN3CACert",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ dn: "C=US, O=Test Certificates 2011" }] },
  },
  nameConstraintsDN4CACert: {
    s: "CN=nameConstraints DN4 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: {
      excluded: [
        { dn: "C=US, O=Test Certificates 2011, OU=excludedSubtree1" },
        { dn: "C=US, O=Test Certificates 2011, OU=excludedSubtree2" },
      ],
    },
  },
  nameConstraintsDN5CACert: {
    s: "CN=nameConstraints DN5 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: {
      permitted: [{ dn: "C=US, O=Test Certificates 2011, OU=permittedSubtree1" }],
      excluded: [{ dn: "C=US, O=Test Certificates 2011, OU=permittedSubtree1, OU=excludedSubtree1" }],
    },
  },
  nameConstraintsDNS1CACert: {
    s: "CN=nameConstraints DNS1 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ dns: "testcertificates.gov" }] },
  },
  nameConstraintsDNS2CACert: {
    s: "CN=nameConstraints DNS2 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { excluded: [{ dns: "invalidcertificates.gov" }] },
  },
  nameConstraintsRFC822CA1Cert: {
    s: "CN=nameConstraints RFC822 CA1",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ email: ".testcertificates.gov" }] },
  },
  nameConstraintsRFC822CA2Cert: {
    s: "CN=nameConstraints RFC822 CA2",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ email: "testcertificates.gov" }] },
  },
  nameConstraintsRFC822CA3Cert: {
    s: "CN=nameConstraints RFC822 CA3",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { excluded: [{ email: "testcertificates.gov" }] },
  },
  nameConstraintsURI1CACert: {
    s: "CN=nameConstraints URI1 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { permitted: [{ uri: ".testcertificates.gov" }] },
  },
  nameConstraintsURI2CACert: {
    s: "CN=nameConstraints URI2 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    nc: { excluded: [{ uri: "invalidcertificates.gov" }] },
  },
  requireExplicitPolicy0CACert: {
    s: "CN=requireExplicitPolicy0 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 0 },
  },
  requireExplicitPolicy0subCACert: {
    s: "CN=requireExplicitPolicy0 subCA",
    by: "requireExplicitPolicy0CACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy0subsubCACert: {
    s: "CN=requireExplicitPolicy0 subsubCA",
    by: "requireExplicitPolicy0subCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy0subsubsubCACert: {
    s: "CN=requireExplicitPolicy0 subsubsubCA",
    by: "requireExplicitPolicy0subsubCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy10CACert: {
    s: "CN=requireExplicitPolicy10 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 10 },
  },
  requireExplicitPolicy10subCACert: {
    s: "CN=requireExplicitPolicy10 subCA",
    by: "requireExplicitPolicy10CACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy10subsubCACert: {
    s: "CN=requireExplicitPolicy10 subsubCA",
    by: "requireExplicitPolicy10subCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy10subsubsubCACert: {
    s: "CN=requireExplicitPolicy10 subsubsubCA",
    by: "requireExplicitPolicy10subsubCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy2CACert: {
    s: "CN=requireExplicitPolicy2 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 2 },
  },
  requireExplicitPolicy2SelfIssuedCACert: {
    s: "CN=requireExplicitPolicy2 CA",
    by: "requireExplicitPolicy2CACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy2SelfIssuedsubCACert: {
    s: "CN=requireExplicitPolicy2 subCA",
    by: "requireExplicitPolicy2subCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy2subCACert: {
    s: "CN=requireExplicitPolicy2 subCA",
    by: "requireExplicitPolicy2SelfIssuedCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy4CACert: {
    s: "CN=requireExplicitPolicy4 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 4 },
  },
  requireExplicitPolicy4subCACert: {
    s: "CN=requireExplicitPolicy4 subCA",
    by: "requireExplicitPolicy4CACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy4subsubCACert: {
    s: "CN=requireExplicitPolicy4 subsubCA",
    by: "requireExplicitPolicy4subCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy4subsubsubCACert: {
    s: "CN=requireExplicitPolicy4 subsubsubCA",
    by: "requireExplicitPolicy4subsubCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy5CACert: {
    s: "CN=requireExplicitPolicy5 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 5 },
  },
  requireExplicitPolicy5subCACert: {
    s: "CN=requireExplicitPolicy5 subCA",
    by: "requireExplicitPolicy5CACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy5subsubCACert: {
    s: "CN=requireExplicitPolicy5 subsubCA",
    by: "requireExplicitPolicy5subCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy5subsubsubCACert: {
    s: "CN=requireExplicitPolicy5 subsubsubCA",
    by: "requireExplicitPolicy5subsubCACert",
    ca: true,
    pol: ["P1"],
  },
  requireExplicitPolicy7CACert: {
    s: "CN=requireExplicitPolicy7 CA",
    by: "root",
    ca: true,
    pol: ["P1"],
    pc: { rep: 7 },
  },
  requireExplicitPolicy7subCARE2Cert: {
    s: "CN=requireExplicitPolicy7 subCARE2",
    by: "requireExplicitPolicy7CACert",
    ca: true,
    pol: ["P1"],
    pc: { rep: 2 },
  },
  requireExplicitPolicy7subsubCARE2RE4Cert: {
    s: "CN=requireExplicitPolicy7 subsubCARE2RE4",
    by: "requireExplicitPolicy7subCARE2Cert",
    ca: true,
    pol: ["P1"],
    pc: { rep: 4 },
  },
  requireExplicitPolicy7subsubsubCARE2RE4Cert: {
    s: "CN=requireExplicitPolicy7 subsubsubCARE2RE4",
    by: "requireExplicitPolicy7subsubCARE2RE4Cert",
    ca: true,
    pol: ["P1"],
  },
};

export const PKITS_CONSTRAINT_CASES: PkitsConstraintCase[] = [
  k("4.8.1", "ValidCertificatePathTest1EE", true),
  k("4.8.2", "AllCertificatesNoPoliciesTest2EE", true),
  k("4.8.3", "DifferentPoliciesTest3EE", true),
  k(
    "4.8.4",
    "DifferentPoliciesTest4EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k(
    "4.8.5",
    "DifferentPoliciesTest5EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k("4.8.6", "OverlappingPoliciesTest6EE", true),
  k(
    "4.8.7",
    "DifferentPoliciesTest7EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k(
    "4.8.8",
    "DifferentPoliciesTest8EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k(
    "4.8.9",
    "DifferentPoliciesTest9EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k("4.8.10", "AllCertificatesSamePoliciesTest10EE", true),
  k("4.8.11", "AllCertificatesanyPolicyTest11EE", true),
  k(
    "4.8.12",
    "DifferentPoliciesTest12EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k("4.8.13", "AllCertificatesSamePoliciesTest13EE", true),
  k("4.8.14", "AnyPolicyTest14EE", true),
  k("4.8.15", "UserNoticeQualifierTest15EE", true),
  k("4.8.16", "UserNoticeQualifierTest16EE", true),
  k("4.8.17", "UserNoticeQualifierTest17EE", true),
  k("4.8.18", "UserNoticeQualifierTest18EE", true),
  k("4.8.19", "UserNoticeQualifierTest19EE", true),
  k("4.8.20", "CPSPointerQualifierTest20EE", true),
  k("4.9.1", "ValidrequireExplicitPolicyTest1EE", true),
  k("4.9.2", "ValidrequireExplicitPolicyTest2EE", true),
  k(
    "4.9.3",
    "InvalidrequireExplicitPolicyTest3EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k("4.9.4", "ValidrequireExplicitPolicyTest4EE", true),
  k(
    "4.9.5",
    "InvalidrequireExplicitPolicyTest5EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k("4.9.6", "ValidSelfIssuedrequireExplicitPolicyTest6EE", true),
  k(
    "4.9.7",
    "InvalidSelfIssuedrequireExplicitPolicyTest7EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k(
    "4.9.8",
    "InvalidSelfIssuedrequireExplicitPolicyTest8EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k("4.10.1", "ValidPolicyMappingTest1EE", true),
  k(
    "4.10.2",
    "InvalidPolicyMappingTest2EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k("4.10.3", "ValidPolicyMappingTest3EE", true),
  k(
    "4.10.4",
    "InvalidPolicyMappingTest4EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k("4.10.5", "ValidPolicyMappingTest5EE", true),
  k("4.10.6", "ValidPolicyMappingTest6EE", true),
  k(
    "4.10.7",
    "InvalidMappingFromanyPolicyTest7EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k(
    "4.10.8",
    "InvalidMappingToanyPolicyTest8EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k("4.10.9", "ValidPolicyMappingTest9EE", true),
  k(
    "4.10.10",
    "InvalidPolicyMappingTest10EE",
    false,
    true,
    "strongSwan keeps no policy tree: a policy the chain does not carry is only logged ('not allowed by trustchain, ignored') and matters to a cert_policy alone; PKITS' policyConstraints are in the RFC 5280 encoding, which strongSwan skips",
  ),
  k("4.10.11", "ValidPolicyMappingTest11EE", true),
  k("4.10.12", "ValidPolicyMappingTest12EE", true),
  k("4.10.13", "ValidPolicyMappingTest13EE", true),
  k("4.10.14", "ValidPolicyMappingTest14EE", true),
  k(
    "4.11.1",
    "InvalidinhibitPolicyMappingTest1EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k("4.11.2", "ValidinhibitPolicyMappingTest2EE", true),
  k(
    "4.11.3",
    "InvalidinhibitPolicyMappingTest3EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k("4.11.4", "ValidinhibitPolicyMappingTest4EE", true),
  k(
    "4.11.5",
    "InvalidinhibitPolicyMappingTest5EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k(
    "4.11.6",
    "InvalidinhibitPolicyMappingTest6EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k("4.11.7", "ValidSelfIssuedinhibitPolicyMappingTest7EE", true),
  k(
    "4.11.8",
    "InvalidSelfIssuedinhibitPolicyMappingTest8EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k(
    "4.11.9",
    "InvalidSelfIssuedinhibitPolicyMappingTest9EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k(
    "4.11.10",
    "InvalidSelfIssuedinhibitPolicyMappingTest10EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k(
    "4.11.11",
    "InvalidSelfIssuedinhibitPolicyMappingTest11EE",
    false,
    true,
    "PKITS writes policyConstraints in the RFC 5280 encoding ([0]/[1] IMPLICIT), which strongSwan's x509 plugin skips: the constraint is not enforced",
  ),
  k("4.12.1", "InvalidinhibitAnyPolicyTest1EE", false),
  k(
    "4.12.2",
    "ValidinhibitAnyPolicyTest2EE",
    true,
    false,
    "strongSwan rejects anyPolicy in any certificate more than SkipCerts levels below the CA, the end entity included; RFC 5280 only stops anyPolicy from matching",
  ),
  k("4.12.3", "inhibitAnyPolicyTest3EE", true),
  k("4.12.4", "InvalidinhibitAnyPolicyTest4EE", false),
  k("4.12.5", "InvalidinhibitAnyPolicyTest5EE", false),
  k("4.12.6", "InvalidinhibitAnyPolicyTest6EE", false),
  k(
    "4.12.7",
    "ValidSelfIssuedinhibitAnyPolicyTest7EE",
    true,
    false,
    "strongSwan rejects anyPolicy in any certificate more than SkipCerts levels below the CA and counts self-issued CAs in that depth",
  ),
  k("4.12.8", "InvalidSelfIssuedinhibitAnyPolicyTest8EE", false),
  k(
    "4.12.9",
    "ValidSelfIssuedinhibitAnyPolicyTest9EE",
    true,
    false,
    "strongSwan rejects anyPolicy in any certificate more than SkipCerts levels below the CA and counts self-issued CAs in that depth",
  ),
  k("4.12.10", "InvalidSelfIssuedinhibitAnyPolicyTest10EE", false),
  k("4.13.1", "ValidDNnameConstraintsTest1EE", true),
  k("4.13.2", "InvalidDNnameConstraintsTest2EE", false),
  k("4.13.3", "InvalidDNnameConstraintsTest3EE", false),
  k("4.13.4", "ValidDNnameConstraintsTest4EE", true),
  k(
    "4.13.5",
    "ValidDNnameConstraintsTest5EE",
    true,
    false,
    "two permitted directoryName subtrees: before 5.9.14 strongSwan requires a name to match every one of them",
  ),
  k(
    "4.13.6",
    "ValidDNnameConstraintsTest6EE",
    true,
    false,
    "an excluded directoryName: Debian's CVE-2026-35331 backport (as 6.0.6) refuses every chain below such a CA",
  ),
  k("4.13.7", "InvalidDNnameConstraintsTest7EE", false),
  k("4.13.8", "InvalidDNnameConstraintsTest8EE", false),
  k("4.13.9", "InvalidDNnameConstraintsTest9EE", false),
  k("4.13.10", "InvalidDNnameConstraintsTest10EE", false),
  k(
    "4.13.11",
    "ValidDNnameConstraintsTest11EE",
    true,
    false,
    "an excluded directoryName: Debian's CVE-2026-35331 backport (as 6.0.6) refuses every chain below such a CA",
  ),
  k("4.13.12", "InvalidDNnameConstraintsTest12EE", false),
  k("4.13.13", "InvalidDNnameConstraintsTest13EE", false),
  k(
    "4.13.14",
    "ValidDNnameConstraintsTest14EE",
    true,
    false,
    "an empty subject never matches a permitted directoryName in strongSwan; RFC 5280 lets it pass",
  ),
  k("4.13.15", "InvalidDNnameConstraintsTest15EE", false),
  k("4.13.16", "InvalidDNnameConstraintsTest16EE", false),
  k("4.13.17", "InvalidDNnameConstraintsTest17EE", false),
  k(
    "4.13.18",
    "ValidDNnameConstraintsTest18EE",
    true,
    false,
    "an excluded directoryName: Debian's CVE-2026-35331 backport (as 6.0.6) refuses every chain below such a CA",
  ),
  k(
    "4.13.19",
    "ValidDNnameConstraintsTest19EE",
    true,
    false,
    "strongSwan applies name constraints to a self-issued CA certificate as well; RFC 5280 6.1.3 exempts it",
  ),
  k(
    "4.13.20",
    "InvalidDNnameConstraintsTest20EE",
    false,
    true,
    "pki's quirk, not charon's rule: pki --verify checks the trusted certificate with the input's subject, here the CA of the same name; charon judges the end entity, whose subject is outside the permitted subtree",
    false,
  ),
  k("4.13.21", "ValidRFC822nameConstraintsTest21EE", true),
  k("4.13.22", "InvalidRFC822nameConstraintsTest22EE", false),
  k("4.13.23", "ValidRFC822nameConstraintsTest23EE", true),
  k("4.13.24", "InvalidRFC822nameConstraintsTest24EE", false),
  k("4.13.25", "ValidRFC822nameConstraintsTest25EE", true),
  k("4.13.26", "InvalidRFC822nameConstraintsTest26EE", false),
  k(
    "4.13.27",
    "ValidDNandRFC822nameConstraintsTest27EE",
    true,
    false,
    "before 5.9.14 a sub-CA must repeat each directoryName constraint of its issuer (equal or narrower)",
  ),
  k("4.13.28", "InvalidDNandRFC822nameConstraintsTest28EE", false),
  k("4.13.29", "InvalidDNandRFC822nameConstraintsTest29EE", false),
  k("4.13.30", "ValidDNSnameConstraintsTest30EE", true),
  k("4.13.31", "InvalidDNSnameConstraintsTest31EE", false),
  k("4.13.32", "ValidDNSnameConstraintsTest32EE", true),
  k("4.13.33", "InvalidDNSnameConstraintsTest33EE", false),
  k(
    "4.13.34",
    "ValidURInameConstraintsTest34EE",
    true,
    false,
    "strongSwan cannot match URI constraints: a permitted one fails every certificate with a URI SAN",
  ),
  k("4.13.35", "InvalidURInameConstraintsTest35EE", false),
  k("4.13.36", "ValidURInameConstraintsTest36EE", true),
  k(
    "4.13.37",
    "InvalidURInameConstraintsTest37EE",
    false,
    true,
    "strongSwan cannot match URI constraints: an excluded one is not enforced before 5.9.14",
  ),
  k("4.13.38", "InvalidDNSnameConstraintsTest38EE", false),
];

const SUITE = "C=US, O=Test Certificates 2011";

const POLICY = (p: string) => (p === "any" ? "2.5.29.32.0" : `2.16.840.1.101.3.2.1.48.${p.slice(1)}`);

function k(
  id: string,
  ee: string,
  rfc: boolean,
  pki = rfc,
  note?: string,
  charon = pki,
): PkitsConstraintCase {
  const path: string[] = [];
  for (let at = PKITS_CERTS[ee]!.by; at !== "root"; at = PKITS_CERTS[at]!.by) path.unshift(at);
  return { id, ee, path, rfc, pki, charon, ...(note ? { note } : {}) };
}

/** Generate every certificate of the suite (issuers first), each with its own P-256 key. */
export function buildPkits(): Map<string, GeneratedCertificate> {
  const made = new Map<string, GeneratedCertificate>();
  const make = (name: string): GeneratedCertificate => {
    const done = made.get(name);
    if (done) return done;
    const c = PKITS_CERTS[name]!;
    const issuer = c.by === "self" ? undefined : make(c.by);
    const g = makeCertificate({
      subject: c.s === "" ? [] : `${SUITE}, ${c.s}`,
      key: generateKey("p256"),
      ...(issuer ? { issuer } : {}),
      ...(c.ca
        ? { ca: true }
        : { keyUsage: ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment"] }),
      ...(c.pathLen !== undefined ? { pathLen: c.pathLen } : {}),
      ...(c.sans ? { sans: c.sans } : {}),
      ...(c.pol ? { policies: c.pol.map(POLICY) } : {}),
      ...(c.map
        ? { policyMappings: c.map.map(([i, s]) => ({ issuer: POLICY(i), subject: POLICY(s) })) }
        : {}),
      ...(c.pc
        ? {
            policyConstraints: {
              ...(c.pc.rep !== undefined ? { requireExplicitPolicy: c.pc.rep } : {}),
              ...(c.pc.ipm !== undefined ? { inhibitPolicyMapping: c.pc.ipm } : {}),
            },
          }
        : {}),
      ...(c.iap !== undefined ? { inhibitAnyPolicy: c.iap } : {}),
      ...(c.nc ? { nameConstraints: c.nc } : {}),
    });
    made.set(name, g);
    return g;
  };
  for (const name of Object.keys(PKITS_CERTS)) make(name);
  return made;
}
