import type { Rule } from "./rule.js";

/**
 * Lines of the revocation plugin (revocation_validator.c), the CRL and certificate parsers
 * (x509_crl.c, x509_cert.c, openssl_x509.c, openssl_crl.c), the fetcher (fetcher_manager.c) and
 * swanctl's loader (load_creds.c), strongSwan 5.9.8. None has an FAQ entry of its own.
 */
const CHAIN_NEXT = "ikecert chain <peer-cert.pem> --ca /etc/swanctl/x509ca/ --crl /etc/swanctl/x509crl/";
const AUDIT_NEXT = "ikecert audit /etc/swanctl";

export const REVOCATION_RULES: Rule[] = [
  {
    id: "certificate-revoked",
    faq: "no-trusted-public-key",
    kind: "failure",
    re: /^certificate was revoked on (.+), reason: (.+)$/,
    explain: (m) => ({
      meaning: `a CRL charon holds (or fetched) lists the certificate it is checking as revoked on ${m[1]} (reason: ${m[2]}); charon refuses it, and every certificate below it when it is a CA; the peer then fails with "no trusted ... public key found"`,
      causes: [
        m[2] === "certificate hold"
          ? "the CA put the certificate on hold: charon refuses it like a revoked one until a newer CRL no longer lists it"
          : "the CA revoked the certificate (its key was compromised, it was superseded, ...): a new certificate is needed",
        "the CRL in x509crl/ is older than the CA's current one and still lists a certificate the CA reinstated",
      ],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "crl-policy-constraint",
    faq: null,
    kind: "failure",
    re: /^constraint check failed: RULE_CRL_VALIDATION is (\w+), but requires at least (\w+)$/,
    explain: (m) => ({
      meaning: `the peer authenticated, but the connection's revocation policy (remote.revocation = ${m[2] === "GOOD" ? "strict" : "ifuri"}) wants the status ${m[2]}${m[2] === "SKIPPED" ? " or GOOD" : ""} for every certificate of its chain, and one has ${m[1]}; charon rejects the connection`,
      causes: [
        m[1] === "SKIPPED"
          ? "charon holds no CRL of the issuing CA (x509crl/) and the certificate names no distribution point or OCSP responder"
          : m[1] === "FAILED"
            ? "the certificate names a CRL distribution point or OCSP responder, but fetching it failed (no route, firewall, no fetcher plugin such as curl)"
            : m[1] === "STALE"
              ? "the CRL of the issuing CA is past its nextUpdate: a current one is needed"
              : "the status is worse than the policy allows",
        "a CA certificate above the end entity needs a good status as well (a CRL of the root for an intermediate)",
      ],
      next: [CHAIN_NEXT.replace("--crl", "--revocation strict --crl"), AUDIT_NEXT],
    }),
  },
  {
    id: "checking-status",
    faq: null,
    kind: "context",
    re: /^checking certificate status of "(.*)"$/,
    explain: (m) => ({
      meaning: `the revocation plugin checks "${m[1]}" (OCSP first, then CRLs) after its chain was found trusted`,
      causes: [],
      next: [],
    }),
  },
  {
    id: "status-good",
    faq: null,
    kind: "context",
    re: /^certificate status is good$/,
    explain: () => ({
      meaning: "a valid CRL (or OCSP response) does not list the certificate",
      causes: [],
      next: [],
    }),
  },
  {
    id: "status-not-available",
    faq: null,
    kind: "warning",
    re: /^certificate status is not available$/,
    explain: () => ({
      meaning:
        "charon found no usable revocation information for the certificate; the default policy (relaxed) accepts it, strict refuses it, ifuri refuses it only when a distribution point or OCSP URI was there and failed",
      causes: [
        "no CRL of the issuing CA in x509crl/ (charon finds a CRL only by the CA's key id: a CRL without authorityKeyIdentifier is never used)",
        "the CRL's signature does not verify with a loaded CA, or its thisUpdate lies in the future",
        "the certificate's distribution point or OCSP responder could not be fetched",
      ],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "status-stale",
    faq: null,
    kind: "warning",
    re: /^certificate status is unknown, crl is stale$/,
    explain: () => ({
      meaning:
        "the only CRL charon has for the issuing CA is past its nextUpdate; it still honours the revocations in it, but the status counts as STALE, which strict and ifuri refuse",
      causes: ["the CRL in x509crl/ was not renewed", "the gateway's clock runs ahead"],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "crl-stale",
    faq: null,
    kind: "warning",
    re: /^crl is stale: since (.+)$/,
    explain: (m) => ({
      meaning: `the CRL's nextUpdate (${m[1]}) has passed`,
      causes: [
        m[1].startsWith("---")
          ? "the CRL has no nextUpdate at all: strongSwan's x509 plugin requires the field and reads the next one in its place, so such a CRL is always stale (and loses its list of revoked certificates or its extensions)"
          : "the CA's current CRL was not installed in x509crl/ (or could not be fetched)",
      ],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "crl-not-yet-valid",
    faq: null,
    kind: "warning",
    re: /^crl is not valid: until (.+)$/,
    explain: (m) => ({
      meaning: `the CRL's thisUpdate (${m[1]}) lies in the future, so charon ignores it`,
      causes: ["the clocks of the CA and the gateway disagree"],
      next: [],
    }),
  },
  {
    id: "crl-valid",
    faq: null,
    kind: "context",
    re: /^crl is valid: until (.+)$/,
    explain: (m) => ({ meaning: `the CRL charon uses is current until ${m[1]}`, causes: [], next: [] }),
  },
  {
    id: "crl-cached",
    faq: null,
    kind: "context",
    re: /^using cached (crl|ocsp response)$/,
    explain: (m) => ({
      meaning: `the ${m[1] === "crl" ? "CRL" : "OCSP response"} charon already holds (x509crl/ or fetched earlier) decides; nothing is fetched`,
      causes: [],
      next: [],
    }),
  },
  {
    id: "crl-signed-by",
    faq: null,
    kind: "context",
    re: /^crl correctly signed by "(.*)"$/,
    explain: (m) => ({
      meaning: `the CRL's signature verifies with the trusted CA "${m[1]}"`,
      causes: [],
      next: [],
    }),
  },
  {
    id: "crl-verification-failed",
    faq: null,
    kind: "warning",
    re: /^crl response verification failed$/,
    explain: () => ({
      meaning:
        "charon found a CRL for the issuer but cannot verify its signature with a trusted CA, so it ignores it",
      causes: [
        "the CA certificate that signed the CRL is not in x509ca/ (or its name differs from the CRL's issuer)",
        "from strongSwan 5.9.11 the signing CA needs keyUsage cRLSign (a CA without any keyUsage is fine)",
        "the CRL was signed with another key than the CA certificate's (a renewed CA, a separate CRL-signing key)",
      ],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "crl-fetch",
    faq: null,
    kind: "context",
    re: /^(?:fetching crl from '(.*)' \.\.\.|requesting ocsp status from '(.*)' \.\.\.)$/,
    explain: (m) => ({
      meaning: `charon has no local answer and fetches ${m[1] ? `the CRL from ${m[1]}` : `an OCSP response from ${m[2]}`} (charon.plugins.revocation.timeout, 10 s by default, per attempt)`,
      causes: [],
      next: [],
    }),
  },
  {
    id: "crl-fetch-failed",
    faq: null,
    kind: "warning",
    re: /^(?:crl fetching failed|ocsp request to (.*) failed|ocsp check failed, fallback to crl|unable to fetch from (.*), no capable fetcher found)$/,
    explain: (m) => ({
      meaning: `charon could not get revocation information over the network${m[2] ? ` (no plugin can fetch ${m[2]})` : ""}; the status becomes FAILED when nothing else answers, which strict and ifuri refuse`,
      causes: [
        "the gateway cannot reach the URI (DNS, routing, a firewall, a proxy it does not use)",
        "no fetcher plugin is loaded (curl, winhttp, soup)",
        "put the CRL in x509crl/ so charon does not need to fetch it",
      ],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "x509-critical-extension",
    faq: "plugin-missing",
    kind: "failure",
    re: /^(?:critical '(.*)' extension not supported|found unsupported critical X\.509 (CRL )?extension(?:: (.*))?)$/,
    explain: (m) => ({
      meaning: `the ${m[1] !== undefined ? "x509" : "openssl"} plugin refuses a ${m[2] ? "CRL" : "certificate"} with a critical extension it does not read (${m[1] === "unknown" ? "an OID strongSwan's OID table has no name for" : (m[1] ?? m[3] ?? "unknown")}); charon then tries the next plugin, and when none takes it, the ${m[2] ? "CRL" : "certificate"} is not loaded at all`,
      causes: [
        "an extension strongSwan does not implement, marked critical by the CA",
        "the openssl plugin reads no certificate policies, and no name constraints before 5.9.12: with openssl first in the plugin order, such a certificate falls through to the x509 plugin",
        "charon.x509.enforce_critical = no would accept it (not recommended)",
      ],
      next: ["ikecert chain <cert.pem> --ca <ca.pem>", "ikecert inspect <cert.pem>"],
    }),
  },
  {
    id: "x509-parser-refused",
    faq: "plugin-missing",
    kind: "warning",
    re: /^(?:OpenSSL X\.509 parsing failed|Only X\.509v3 certificates have extensions|X\.509v(\d+) not supported|unsupported x509 version: (\d+)|L\d+ - .*: {2}incorrect choice encoding)$/,
    explain: () => ({
      meaning:
        "one of strongSwan's certificate parsers refused the certificate; it loads only if another loaded plugin takes it (x509 comes before openssl on Debian)",
      causes: [
        "an extension whose content the parser cannot read (an authorityInfoAccess or distribution point that is not the expected structure, a GeneralName kind the x509 plugin cannot represent, a policy qualifier of another type)",
        "a version 1 or 2 certificate that carries extensions",
      ],
      next: ["ikecert chain <cert.pem> --ca <ca.pem>"],
    }),
  },
  {
    id: "swanctl-parse-failed",
    faq: null,
    kind: "failure",
    re: /^loading '(.*)' failed: parsing (X509(?:_CRL)?) certificate failed$/,
    explain: (m) => ({
      meaning: `swanctl sent ${m[1]} to charon, and no loaded plugin could parse it as ${m[2] === "X509_CRL" ? "a CRL" : "a certificate"}; it is not loaded`,
      causes: [
        m[2] === "X509_CRL"
          ? "a CRL with an unknown critical extension (the openssl plugin ignores entry extensions, the x509 plugin does not)"
          : "a well-formed certificate strongSwan refuses (an unknown critical extension, a malformed authorityInfoAccess or distribution point, a DSA key)",
        "the file is not what the folder holds (a certificate in x509crl/, a CRL in x509/)",
      ],
      next: [
        m[2] === "X509_CRL"
          ? `ikecert chain <cert.pem> --ca <ca.pem> --crl ${m[1]}`
          : `ikecert chain ${m[1]} --ca <ca.pem>`,
      ],
    }),
  },
];
