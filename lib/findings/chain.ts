import type { FindingDef } from "./types.js";

/**
 * Findings of `buildChain` / `ikecert chain`: why charon cannot build a trusted chain
 * (credential_manager.c verify_trust_chain, x509_cert.c issued_by, constraints_validator.c).
 */
export const CHAIN_FINDINGS = {
  CHAIN_NO_CA_GIVEN: {
    severity: "error",
    title: "no trusted CA certificate was given, so nothing can anchor the chain",
    faq: "no-trusted-public-key",
    log: null,
    fix: "name the root CA with --ca (what the verifying side keeps in swanctl's x509ca/); note that `pki --verify` without --cacert trusts the certificate itself and so proves nothing",
  },
  CHAIN_MISSING_ISSUER: {
    severity: "error",
    title: "the issuer certificate is missing",
    faq: "no-trusted-public-key",
    log: 'no issuer certificate found for "%Y"',
    fix: "put the issuing CA certificate in x509ca/ of the verifying side, or (for an intermediate) have the peer send it: keep it in the peer's x509ca/ and let it send certificates",
  },
  CHAIN_UNTRUSTED_ROOT: {
    severity: "error",
    title: "the chain ends at a self-signed certificate that is not trusted",
    faq: "no-trusted-public-key",
    log: '  self-signed certificate "%Y" is not trusted',
    fix: "install that root in x509ca/ of the verifying side (--ca here) if you trust it",
  },
  CHAIN_ISSUER_NOT_CA: {
    severity: "error",
    title: "the issuer lacks basicConstraints CA=TRUE, so strongSwan never uses it as an issuer",
    faq: "no-trusted-public-key",
    log: 'no issuer certificate found for "%Y"',
    fix: "reissue the CA certificate with basicConstraints CA:TRUE (pki --self --ca, or openssl -addext basicConstraints=critical,CA:TRUE)",
  },
  CHAIN_CA_REJECTED_AT_LOAD: {
    severity: "error",
    title: "a certificate without CA=TRUE in x509ca/ is refused when swanctl loads it",
    faq: null,
    log: "ca certificate lacks CA basic constraint, rejected",
    fix: "reissue it as a CA certificate; an end-entity certificate belongs in x509/",
  },
  CHAIN_BAD_SIGNATURE: {
    severity: "error",
    title: "the issuer's key does not verify the certificate's signature",
    faq: "no-trusted-public-key",
    log: 'no issuer certificate found for "%Y"',
    fix: "the certificate was signed by another key with the same issuer name (a reissued CA?): use the CA certificate that signed it, or reissue the certificate",
  },
  CHAIN_AKI_MISMATCH: {
    severity: "error",
    title:
      "the authorityKeyIdentifier does not match the issuer's subjectKeyIdentifier, so strongSwan skips that issuer",
    faq: "no-trusted-public-key",
    log: 'no issuer certificate found for "%Y"',
    fix: "use the CA certificate whose SKI equals the AKI (a CA renewed with a new key needs its new certificate), or reissue the certificate",
  },
  CHAIN_EXPIRED: {
    severity: "error",
    title: "a certificate of the chain has expired",
    faq: "no-trusted-public-key",
    log: "subject certificate invalid (valid from %T to %T)",
    fix: "renew the expired certificate (and redeploy it where it lives)",
  },
  CHAIN_NOT_YET_VALID: {
    severity: "error",
    title: "a certificate of the chain is not valid yet",
    faq: "no-trusted-public-key",
    log: "subject certificate invalid (valid from %T to %T)",
    fix: "check the clocks of both peers, or wait until its notBefore",
  },
  CHAIN_PATHLEN: {
    severity: "error",
    title: "a CA's pathLenConstraint is exceeded",
    faq: "no-trusted-public-key",
    log: "path length of %d violates constraint of %d",
    fix: "reissue the constraining CA with a larger pathlen (pki --issue --pathlen N) or flatten the hierarchy",
  },
  CHAIN_TOO_LONG: {
    severity: "error",
    title: "the chain has more than 7 steps (MAX_TRUST_PATH_LEN) or loops",
    faq: "no-trusted-public-key",
    log: "maximum path length of 7 exceeded",
    fix: "use a flatter CA hierarchy; with cross-signed CAs, remove the certificate that closes the loop",
  },
  CHAIN_KEY_USAGE: {
    severity: "error",
    title: "the end-entity keyUsage has neither digitalSignature nor nonRepudiation",
    faq: null,
    log: "rejecting certificate without digitalSignature or nonRepudiation keyUsage flags",
    fix: "reissue with keyUsage digitalSignature (or without a keyUsage extension)",
  },
  CHAIN_CERT_UNLOADABLE: {
    severity: "error",
    title: "strongSwan cannot load this certificate",
    faq: null,
    log: null,
    fix: "reissue the certificate without the unsupported part",
  },
  CHAIN_DEEP: {
    severity: "warning",
    title:
      "a multi-level hierarchy (several intermediates): peers that cannot receive the whole chain need every CA installed locally",
    faq: "juniper-pkcs7",
    log: null,
    fix: "install the root and every intermediate on the peer statically, or use a flatter hierarchy (path length 0)",
  },
  CHAIN_RFC5280_TOLERATED: {
    severity: "warning",
    title: "an RFC 5280 violation that strongSwan tolerates (other verifiers may not)",
    faq: null,
    log: null,
    fix: "reissue the certificate conforming to RFC 5280",
  },
  CHAIN_UNIQUE_ID: {
    severity: "warning",
    title:
      "a unique identifier field makes strongSwan's x509 plugin ignore every extension of the certificate",
    faq: null,
    log: null,
    fix: "reissue the certificate without issuerUniqueID/subjectUniqueID (RFC 5280 4.1.2.8: CAs should not generate them)",
  },
  CHAIN_NAME_NOT_PERMITTED: {
    severity: "error",
    title: "a name of the certificate lies outside the permitted subtrees of a CA's nameConstraints",
    faq: "no-trusted-public-key",
    log: "certificate '%Y' does not match permitted name constraint '%Y'",
    fix: "issue the certificate with names (subject DN and every SAN) inside the CA's permitted subtrees, or have the CA reissued with constraints that permit them",
  },
  CHAIN_NAME_EXCLUDED: {
    severity: "error",
    title: "a name of the certificate falls under an excluded subtree of a CA's nameConstraints",
    faq: "no-trusted-public-key",
    log: "certificate '%Y' matches excluded name constraint '%Y'",
    fix: "remove the excluded name from the certificate (subject DN or SAN), or use a CA whose constraints allow it",
  },
  CHAIN_NAME_EXCLUDED_BY_CASE: {
    severity: "warning",
    title:
      "a name falls under an excluded subtree when case is ignored; this strongSwan release compares case-sensitively and lets it pass (CVE-2026-35331)",
    faq: null,
    log: null,
    fix: "update strongSwan (6.0.6, or Debian's 5.9.8-5+deb12u4 and later), and revoke or reissue the certificate",
  },
  CHAIN_NAME_CONSTRAINT_NOT_INHERITED: {
    severity: "error",
    title: "a sub-CA does not repeat its issuer's name constraint (strongSwan before 5.9.14 requires it)",
    faq: "no-trusted-public-key",
    log: "intermediate CA '%Y' does not inherit permitted name constraint '%Y'",
    fix: "reissue the sub-CA with the same (or narrower permitted / wider excluded) name constraints as its issuer, or run strongSwan 5.9.14 or later, which follows RFC 5280 here",
  },
  CHAIN_NAME_CONSTRAINT_UNSUPPORTED: {
    severity: "error",
    title: "a CA has a name constraint of a kind strongSwan cannot enforce, so it refuses the chain",
    faq: "no-trusted-public-key",
    log: "%N NameConstraint not supported",
    fix: "reissue the CA with name constraints of the kinds strongSwan supports (dNSName, rfc822Name, iPAddress and permitted directoryName)",
  },
  CHAIN_NAME_CONSTRAINT_IGNORED: {
    severity: "warning",
    title: "a name constraint strongSwan cannot match is not enforced",
    faq: null,
    log: "%N NameConstraint matching not implemented",
    fix: "do not rely on this constraint with strongSwan; use dNSName, rfc822Name or directoryName constraints",
  },
  CHAIN_NAME_CONSTRAINT_WIDENED: {
    severity: "warning",
    title: "a sub-CA permits names its issuers do not permit; strongSwan ignores those subtrees",
    faq: null,
    log: "ignoring name constraint '%Y' in certificate '%Y' that's not permitted by parent CAs",
    fix: "reissue the sub-CA with permitted subtrees inside its issuers' ones",
  },
  CHAIN_CONSTRAINTS_NOT_ENFORCED: {
    severity: "warning",
    title:
      "a CA is read by the openssl plugin, which knows no name constraints or policies, so its constraints are not enforced",
    faq: null,
    log: null,
    fix: "reissue the CA so that the x509 plugin can parse it (see the reason), or do not rely on its constraints",
  },
  CHAIN_POLICY_MISSING: {
    severity: "error",
    title: "a certificate lists a policy its issuer does not carry, while requireExplicitPolicy is in force",
    faq: "no-trusted-public-key",
    log: "policy %s missing in issuing certificate '%Y'",
    fix: "add the policy (or anyPolicy, or a policyMapping to it) to the issuing CA, or issue the certificate with a policy of its issuer",
  },
  CHAIN_POLICY_MAPPING_NOT_IN_ISSUER: {
    severity: "error",
    title: "a CA maps a policy its issuer does not carry, while requireExplicitPolicy is in force",
    faq: "no-trusted-public-key",
    log: "certificate '%Y' maps policy from %s, but issuer misses it",
    fix: "map only policies the issuing CA lists, or add that policy to the issuing CA",
  },
  CHAIN_POLICY_MAPPING_INHIBITED: {
    severity: "error",
    title: "a certificate has policyMappings although a CA above it inhibits policy mapping",
    faq: "no-trusted-public-key",
    log: "found policyMapping in certificate '%Y', but inhibitPolicyMapping in effect",
    fix: "remove the policyMappings from that certificate, or raise inhibitPolicyMapping in the CA that sets it",
  },
  CHAIN_ANY_POLICY_INHIBITED: {
    severity: "error",
    title: "a certificate lists anyPolicy although a CA above it inhibits anyPolicy",
    faq: "no-trusted-public-key",
    log: "found anyPolicy in certificate '%Y', but inhibitAnyPolicy in effect",
    fix: "list the concrete policy OIDs instead of anyPolicy in that certificate, or raise inhibitAnyPolicy in the CA that sets it",
  },
  CHAIN_POLICY_NOT_ALLOWED: {
    severity: "info",
    title:
      "a policy of the end entity is not carried by the whole chain; charon ignores it (a connection requiring it fails)",
    faq: null,
    log: "certificate policy %s for '%Y' not allowed by trustchain, ignored",
    fix: "list the policy (or anyPolicy) in every CA of the chain, root included before strongSwan 6.0.1",
  },
  CHAIN_POLICY_REQUIRED: {
    severity: "error",
    title: "the connection requires a certificate policy the peer's certificate does not carry",
    faq: "constraint-check-failed",
    log: "constraint requires cert policy %s",
    fix: "issue the certificate with that policy OID (pki --issue --cert-policy OID) and make every CA of its chain carry it, or change cert_policy (swanctl remote.cert_policy, ipsec.conf rightcertpolicy)",
  },
  CHAIN_POLICY_CONSTRAINTS_SKIPPED: {
    severity: "warning",
    title:
      "policyConstraints in the RFC 5280 encoding, which strongSwan's x509 plugin skips: requireExplicitPolicy and inhibitPolicyMapping are not enforced",
    faq: null,
    log: null,
    fix: "do not rely on these policy constraints with strongSwan; `pki --issue --policy-explicit/--policy-inhibit` writes the form it reads",
  },
  CHAIN_INCOMPLETE_TRUSTED: {
    severity: "info",
    title: "the certificate itself is trusted (given with --ca), so an incomplete chain is tolerated",
    faq: null,
    log: '  reached end of incomplete trust chain for trusted certificate "%Y"',
    fix: "",
  },
  // revocation (revocation_validator.c, x509_crl.c, mem_cred.c add_crl, auth_cfg.c complies)
  CRL_REVOKED: {
    severity: "error",
    title: "a CRL charon holds lists the certificate as revoked (or on hold)",
    faq: "no-trusted-public-key",
    log: "certificate was revoked on %T, reason: %N",
    fix: "issue a new certificate (with a new key if it was compromised) and deploy it; for a revoked CA, reissue everything below it",
  },
  REVOCATION_POLICY: {
    severity: "error",
    title:
      "the connection's revocation policy (strict or ifuri) is not met, so charon rejects the peer after authenticating it",
    faq: null,
    log: "constraint check failed: RULE_CRL_VALIDATION is %N, but requires at least %N",
    fix: "install a current CRL of each issuing CA in x509crl/ (or make its CDP reachable from the gateway), or relax remote.revocation (strictcrlpolicy in ipsec.conf)",
  },
  CRL_STALE: {
    severity: "warning",
    title:
      "a CRL is past its nextUpdate: charon still honours what it revokes, but the status counts as STALE",
    faq: null,
    log: "  crl is stale: since %T",
    fix: "fetch the current CRL from the CA (or have the CA publish one) and replace the file in x509crl/",
  },
  CRL_NOT_YET_VALID: {
    severity: "warning",
    title: "a CRL's thisUpdate lies in the future: charon ignores it until then",
    faq: null,
    log: "  crl is not valid: until %T",
    fix: "check the clocks of the CA and the gateway",
  },
  CRL_NOT_VERIFIED: {
    severity: "warning",
    title: "charon cannot verify a CRL's signature with a trusted CA, so it ignores the CRL",
    faq: null,
    log: "crl response verification failed",
    fix: "put the CA certificate that signed the CRL in x509ca/; from strongSwan 5.9.11 that CA needs keyUsage cRLSign (or no keyUsage at all)",
  },
  CRL_NO_AKI: {
    severity: "warning",
    title:
      "a CRL without authorityKeyIdentifier: charon looks CRLs up by the issuer's key id and never finds it",
    faq: null,
    log: "certificate status is not available",
    fix: "have the CA write an authorityKeyIdentifier into its CRLs (openssl ca: crl_extensions with authorityKeyIdentifier=keyid:always; pki --signcrl always does)",
  },
  CRL_UNLOADABLE: {
    severity: "warning",
    title: "strongSwan cannot load this CRL, so charon has no revocation information from it",
    faq: null,
    log: null,
    fix: "have the CA issue the CRL without the unsupported part",
  },
  CRL_REPLACED: {
    severity: "info",
    title: "two CRLs of the same CA: charon keeps only the newer (higher cRLNumber, else later thisUpdate)",
    faq: null,
    log: null,
    fix: "remove the old CRL from x509crl/",
  },
  REVOCATION_ONLINE: {
    severity: "warning",
    title:
      "charon would fetch revocation information (CRL distribution point or OCSP): offline, ikecert cannot know the answer",
    faq: null,
    log: "  fetching crl from '%s' ...",
    fix: "give the CRL with --crl (swanctl x509crl/) to judge it offline; make sure the gateway can reach the URI (or set charon.plugins.revocation.enable_ocsp/enable_crl = no)",
  },
} satisfies Record<string, FindingDef>;
