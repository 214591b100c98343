/**
 * NIST PKITS (2011 edition) cases for path building, signatures, validity, name chaining,
 * self-issued certificates, basicConstraints, pathLenConstraint and keyUsage. Every certificate of
 * the path is given as trusted (as `pki --verify --cacert` trusts them all); the anchor is
 * TrustAnchorRootCertificate. `pki` is the verdict of strongSwan 5.9.8's `pki --verify` on the same
 * files; `rfc` is PKITS' expected RFC 5280 result. Where they differ, `note` says why.
 */
export interface PkitsCase {
  id: string;
  ee: string;
  path: string[];
  pki: boolean;
  rfc: boolean;
  note?: string;
}

const c = (id: string, ee: string, path: string[], rfc: boolean, pki = rfc, note?: string): PkitsCase => ({
  id,
  ee: `${ee}.crt`,
  path: path.map((p) => `${p}.crt`),
  pki,
  rfc,
  ...(note ? { note } : {}),
});

export const PKITS_CASES: PkitsCase[] = [
  c("4.1.1", "ValidCertificatePathTest1EE", ["GoodCACert"], true),
  c("4.1.2", "InvalidCASignatureTest2EE", ["BadSignedCACert"], false),
  c("4.1.3", "InvalidEESignatureTest3EE", ["GoodCACert"], false),
  c(
    "4.1.4",
    "ValidDSASignaturesTest4EE",
    ["DSACACert"],
    true,
    false,
    "strongSwan has no DSA support: the DSA CA cannot be loaded",
  ),
  c(
    "4.1.5",
    "ValidDSAParameterInheritanceTest5EE",
    ["DSACACert", "DSAParametersInheritedCACert"],
    true,
    false,
    "no DSA support in strongSwan",
  ),
  c("4.1.6", "InvalidDSASignatureTest6EE", ["DSACACert"], false),
  c("4.2.1", "InvalidCAnotBeforeDateTest1EE", ["BadnotBeforeDateCACert"], false),
  c("4.2.2", "InvalidEEnotBeforeDateTest2EE", ["GoodCACert"], false),
  c("4.2.3", "Validpre2000UTCnotBeforeDateTest3EE", ["GoodCACert"], true),
  c("4.2.4", "ValidGeneralizedTimenotBeforeDateTest4EE", ["GoodCACert"], true),
  c("4.2.5", "InvalidCAnotAfterDateTest5EE", ["BadnotAfterDateCACert"], false),
  c("4.2.6", "InvalidEEnotAfterDateTest6EE", ["GoodCACert"], false),
  c("4.2.7", "Invalidpre2000UTCEEnotAfterDateTest7EE", ["GoodCACert"], false),
  c("4.2.8", "ValidGeneralizedTimenotAfterDateTest8EE", ["GoodCACert"], true),
  c("4.3.1", "InvalidNameChainingTest1EE", ["GoodCACert"], false),
  c("4.3.2", "InvalidNameChainingOrderTest2EE", ["NameOrderingCACert"], false),
  c(
    "4.3.3",
    "ValidNameChainingWhitespaceTest3EE",
    ["GoodCACert"],
    true,
    false,
    "strongSwan compares DNs without RFC 4518 whitespace folding: extra spaces in the issuer name find no CA",
  ),
  c(
    "4.3.4",
    "ValidNameChainingWhitespaceTest4EE",
    ["GoodCACert"],
    true,
    false,
    "no whitespace folding in strongSwan's DN comparison",
  ),
  c("4.3.5", "ValidNameChainingCapitalizationTest5EE", ["GoodCACert"], true),
  c(
    "4.3.6",
    "ValidNameUIDsTest6EE",
    ["UIDCACert"],
    true,
    false,
    "the subjectUniqueID (primitive [2]) makes the x509 plugin skip every extension, so the CA loses its CA flag (ikecert: CHAIN_UNIQUE_ID)",
  ),
  c("4.3.7", "ValidRFC3280MandatoryAttributeTypesTest7EE", ["RFC3280MandatoryAttributeTypesCACert"], true),
  c("4.3.8", "ValidRFC3280OptionalAttributeTypesTest8EE", ["RFC3280OptionalAttributeTypesCACert"], true),
  c("4.3.9", "ValidUTF8StringEncodedNamesTest9EE", ["UTF8StringEncodedNamesCACert"], true),
  c(
    "4.3.10",
    "ValidRolloverfromPrintableStringtoUTF8StringTest10EE",
    ["RolloverfromPrintableStringtoUTF8StringCACert"],
    true,
  ),
  c(
    "4.3.11",
    "ValidUTF8StringCaseInsensitiveMatchTest11EE",
    ["UTF8StringCaseInsensitiveMatchCACert"],
    true,
    false,
    "strongSwan ignores case only between two PrintableStrings; UTF8String values compare byte for byte",
  ),
  c(
    "4.5.1",
    "ValidBasicSelfIssuedOldWithNewTest1EE",
    ["BasicSelfIssuedNewKeyCACert", "BasicSelfIssuedNewKeyOldWithNewCACert"],
    true,
  ),
  c(
    "4.5.3",
    "ValidBasicSelfIssuedNewWithOldTest3EE",
    ["BasicSelfIssuedOldKeyCACert", "BasicSelfIssuedOldKeyNewWithOldCACert"],
    true,
  ),
  c(
    "4.5.4",
    "ValidBasicSelfIssuedNewWithOldTest4EE",
    ["BasicSelfIssuedOldKeyCACert", "BasicSelfIssuedOldKeyNewWithOldCACert"],
    true,
  ),
  c("4.6.1", "InvalidMissingbasicConstraintsTest1EE", ["MissingbasicConstraintsCACert"], false),
  c("4.6.2", "InvalidcAFalseTest2EE", ["basicConstraintsCriticalcAFalseCACert"], false),
  c("4.6.3", "InvalidcAFalseTest3EE", ["basicConstraintsNotCriticalcAFalseCACert"], false),
  c("4.6.4", "ValidbasicConstraintsNotCriticalTest4EE", ["basicConstraintsNotCriticalCACert"], true),
  c(
    "4.6.5",
    "InvalidpathLenConstraintTest5EE",
    ["pathLenConstraint0CACert", "pathLenConstraint0subCACert"],
    false,
  ),
  c(
    "4.6.6",
    "InvalidpathLenConstraintTest6EE",
    ["pathLenConstraint0CACert", "pathLenConstraint0subCACert"],
    false,
  ),
  c("4.6.7", "ValidpathLenConstraintTest7EE", ["pathLenConstraint0CACert"], true),
  c("4.6.8", "ValidpathLenConstraintTest8EE", ["pathLenConstraint0CACert"], true),
  c(
    "4.6.9",
    "InvalidpathLenConstraintTest9EE",
    ["pathLenConstraint6CACert", "pathLenConstraint6subCA0Cert", "pathLenConstraint6subsubCA00Cert"],
    false,
  ),
  c(
    "4.6.10",
    "InvalidpathLenConstraintTest10EE",
    ["pathLenConstraint6CACert", "pathLenConstraint6subCA0Cert", "pathLenConstraint6subsubCA00Cert"],
    false,
  ),
  c(
    "4.6.11",
    "InvalidpathLenConstraintTest11EE",
    [
      "pathLenConstraint6CACert",
      "pathLenConstraint6subCA1Cert",
      "pathLenConstraint6subsubCA11Cert",
      "pathLenConstraint6subsubsubCA11XCert",
    ],
    false,
  ),
  c(
    "4.6.12",
    "InvalidpathLenConstraintTest12EE",
    [
      "pathLenConstraint6CACert",
      "pathLenConstraint6subCA1Cert",
      "pathLenConstraint6subsubCA11Cert",
      "pathLenConstraint6subsubsubCA11XCert",
    ],
    false,
  ),
  c(
    "4.6.13",
    "ValidpathLenConstraintTest13EE",
    [
      "pathLenConstraint6CACert",
      "pathLenConstraint6subCA4Cert",
      "pathLenConstraint6subsubCA41Cert",
      "pathLenConstraint6subsubsubCA41XCert",
    ],
    true,
  ),
  c(
    "4.6.14",
    "ValidpathLenConstraintTest14EE",
    [
      "pathLenConstraint6CACert",
      "pathLenConstraint6subCA4Cert",
      "pathLenConstraint6subsubCA41Cert",
      "pathLenConstraint6subsubsubCA41XCert",
    ],
    true,
  ),
  c(
    "4.6.15",
    "ValidSelfIssuedpathLenConstraintTest15EE",
    ["pathLenConstraint0CACert", "pathLenConstraint0SelfIssuedCACert"],
    true,
    false,
    "the constraints plugin counts self-issued intermediates toward pathLenConstraint; RFC 5280 6.1.4 does not",
  ),
  c(
    "4.6.16",
    "InvalidSelfIssuedpathLenConstraintTest16EE",
    ["pathLenConstraint0CACert", "pathLenConstraint0SelfIssuedCACert", "pathLenConstraint0subCA2Cert"],
    false,
  ),
  c(
    "4.6.17",
    "ValidSelfIssuedpathLenConstraintTest17EE",
    [
      "pathLenConstraint1CACert",
      "pathLenConstraint1SelfIssuedCACert",
      "pathLenConstraint1subCACert",
      "pathLenConstraint1SelfIssuedsubCACert",
    ],
    true,
    false,
    "self-issued intermediates count toward pathLenConstraint in strongSwan",
  ),
  c(
    "4.7.1",
    "InvalidkeyUsageCriticalkeyCertSignFalseTest1EE",
    ["keyUsageCriticalkeyCertSignFalseCACert"],
    false,
    true,
    "strongSwan does not require keyCertSign in a CA's keyUsage (ikecert warns: CHAIN_RFC5280_TOLERATED)",
  ),
  c(
    "4.7.2",
    "InvalidkeyUsageNotCriticalkeyCertSignFalseTest2EE",
    ["keyUsageNotCriticalkeyCertSignFalseCACert"],
    false,
    true,
    "keyCertSign is not required by strongSwan (ikecert warns)",
  ),
  c("4.7.3", "ValidkeyUsageNotCriticalTest3EE", ["keyUsageNotCriticalCACert"], true),
  c("4.16.1", "ValidUnknownNotCriticalCertificateExtensionTest1EE", [], true),
  c("4.16.2", "InvalidUnknownCriticalCertificateExtensionTest2EE", [], false),
];
