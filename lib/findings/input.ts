import type { FindingDef } from "./types.js";

/** Findings about files as they are read (the input layer and `inspect`). */
export const INPUT_FINDINGS = {
  CHAIN_FILE_MULTIPLE_CERTS: {
    severity: "warning",
    title: "the file holds several certificates; strongSwan loads only the first one",
    faq: "chain-files",
    log: null,
    fix: "put every certificate in a file of its own: the end entity in x509/, each CA certificate in x509ca/",
  },
  FILE_MIXES_CERT_AND_KEY: {
    severity: "warning",
    title: "the file mixes certificates and private keys; swanctl reads them from different folders",
    faq: "chain-files",
    log: null,
    fix: "keep certificates in x509/ (or x509ca/) and the private key in private/ (or rsa/, ecdsa/, pkcs8/)",
  },
  SAN_UNSUPPORTED_KIND: {
    severity: "warning",
    title:
      "a subjectAltName kind strongSwan's x509 plugin cannot represent: that plugin refuses the certificate",
    faq: null,
    log: "building CRED_CERTIFICATE - X509 failed, tried 3 builders",
    fix: "keep the openssl plugin loaded (Debian's default), which skips that name, or reissue without it",
  },
  PUBKEY_PKCS1_UNLOADABLE: {
    severity: "error",
    title:
      "a bare PKCS#1 RSA public key (RSA PUBLIC KEY): swanctl cannot load it from pubkey/, only a SubjectPublicKeyInfo (PUBLIC KEY)",
    faq: "no-trusted-public-key",
    log: null,
    fix: "convert it: openssl rsa -RSAPublicKey_in -in KEY -pubout -out KEY.pem",
  },
  CERT_EXPIRED: {
    severity: "error",
    title: "the certificate has expired",
    faq: "no-trusted-public-key",
    log: "subject certificate invalid (valid from %T to %T)",
    fix: "issue a new certificate",
  },
  CERT_NOT_YET_VALID: {
    severity: "error",
    title: "the certificate is not valid yet",
    faq: "no-trusted-public-key",
    log: "subject certificate invalid (valid from %T to %T)",
    fix: "check the clocks, or wait until its notBefore",
  },
  CERT_EXPIRES_SOON: {
    severity: "warning",
    title: "the certificate expires within 30 days",
    faq: null,
    log: null,
    fix: "renew it before it expires",
  },
  WEAK_SIGNATURE: {
    severity: "warning",
    title: "the certificate is signed with a weak hash (SHA-1 or MD5)",
    faq: null,
    log: null,
    fix: "reissue it with SHA-256 or better",
  },
  WEAK_RSA_KEY: {
    severity: "warning",
    title: "an RSA key under 2048 bits",
    faq: null,
    log: null,
    fix: "use RSA 3072 (or at least 2048) or ECDSA P-256",
  },
  NO_SAN: {
    severity: "warning",
    title: "the certificate has no subjectAltName: only its subject DN can serve as an identity",
    faq: "common-name",
    log: null,
    fix: "reissue with --san for every FQDN, IP address or email identity the peer will use",
  },
  CN_NOT_IN_SAN: {
    severity: "info",
    title:
      "the subject CN looks like a host name, address or email that no SAN carries: strongSwan never uses the CN for those",
    faq: "common-name",
    log: null,
    fix: "add it as a SAN (pki --issue --san ...) if peers will use it as their remote id",
  },
  WILDCARD_SAN: {
    severity: "warning",
    title: "a wildcard SAN: strongSwan does not treat it as a wildcard, it matches only the literal text",
    faq: "wildcard-certificates",
    log: null,
    fix: "put each host name in the certificate as a SAN of its own",
  },
} satisfies Record<string, FindingDef>;
