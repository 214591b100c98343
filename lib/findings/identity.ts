import type { FindingDef } from "./types.js";

const NO_KEY = "no trusted %N public key found for '%Y'";
const CONSTRAINT = "constraint check failed: identity '%Y' (%N) required, not matched by '%Y' (%N)";
const LOOSE = "constraint check failed: certificate does not confirm identity '%Y' (%N)";

/** Findings of `ikecert id` / checkIdentity (semantics §2-§5, §10). */
export const IDENTITY_FINDINGS = {
  ID_NOT_IN_CERT: {
    severity: "error",
    title: "the certificate does not contain this identity",
    faq: "no-trusted-public-key",
    log: NO_KEY,
    fix: "configure one of the identities the certificate proves, or reissue it with a SAN for this one",
  },
  ID_ONLY_IN_CN: {
    severity: "error",
    title:
      "the value is only in the subject CN; strongSwan never compares the CN with a host name, address or email id",
    faq: "common-name",
    log: NO_KEY,
    fix: "reissue the certificate with the value as a subjectAltName, or configure the whole subject DN as the id",
  },
  WILDCARD_CERT_SAN: {
    severity: "error",
    title: "only a wildcard SAN covers this id; strongSwan treats a certificate's wildcard as literal text",
    faq: "wildcard-certificates",
    log: NO_KEY,
    fix: "reissue with a SAN for this exact name, or configure the remote id as the wildcard itself",
  },
  ID_TYPE_MISMATCH: {
    severity: "error",
    title:
      "the certificate holds this value under another identity type; strongSwan never matches across types",
    faq: "no-matching-peer-config",
    log: NO_KEY,
    fix: "write the id so that it parses to the type the certificate uses, or reissue with a SAN of the id's type",
  },
  ID_PREFIX_STORED_AS_TEXT: {
    severity: "error",
    title: "this type prefix keeps the text as it is: strongSwan does not convert it to an address or DN",
    faq: "no-matching-peer-config",
    log: NO_KEY,
    fix: "drop the prefix, or give the value in hex after `prefix:#`",
  },
  DN_TYPO_BECOMES_KEYID: {
    severity: "error",
    title: "the id contains `=` but is not a DN strongSwan can parse, so it silently becomes an ID_KEY_ID",
    faq: "no-matching-peer-config",
    log: NO_KEY,
    fix: "spell the attribute names as strongSwan knows them (C, ST, L, O, OU, CN, E, SN, serialNumber, ...)",
  },
  DN_RDN_ORDER: {
    severity: "error",
    title: "the DN has the certificate's RDNs in another order; with rdn_matching = strict the order counts",
    faq: "no-matching-peer-config",
    log: NO_KEY,
    fix: "write the RDNs in the certificate's order, or set charon.rdn_matching = reordered in strongswan.conf",
  },
  DN_CASE_UTF8: {
    severity: "error",
    title:
      "the DN differs in case from a UTF8String value of the certificate; only PrintableString values compare case-insensitively",
    faq: "no-matching-peer-config",
    log: NO_KEY,
    fix: "write the value with exactly the certificate's case",
  },
  ID_TRAILING_DOT: {
    severity: "error",
    title: "the id and the certificate's name differ by a trailing dot; strongSwan compares the text as is",
    faq: "no-trusted-public-key",
    log: NO_KEY,
    fix: "write the name without the trailing dot (as the certificate has it)",
  },
  WILDCARD_NO_DOT_BOUNDARY: {
    severity: "warning",
    title:
      "a leading `*` without a dot after it matches any suffix: `*example.com` also matches badexample.com",
    faq: "wildcard-certificates",
    log: null,
    fix: "write `*.example.com` to match only names below the domain",
  },
  ID_ANY_MATCHES_ALL: {
    severity: "warning",
    title: "%any matches every identity: any certificate from a trusted CA is accepted for this peer",
    faq: "no-matching-peer-config",
    log: null,
    fix: "configure the peer's real identity (one of the SANs of its certificate)",
  },
  ID_PATTERN_NOT_SENDABLE: {
    severity: "info",
    title:
      "the id contains wildcards: it works as a remote id (a pattern), never as a local id, and charon does not send it as IDr",
    faq: "constraint-check-failed",
    log: CONSTRAINT,
    fix: "use it only as remote id; the peer then has to send an id its certificate proves",
  },
  ID_REGEX_INVALID: {
    severity: "error",
    title: "the regular expression does not compile; swanctl refuses the whole connection",
    faq: null,
    log: "invalid regular expression '%s': %s",
    fix: "fix the POSIX extended regular expression",
  },
  CLIENT_LOOSE_ID_NOT_CONFIRMED: {
    severity: "error",
    title: "the client uses the server address as a loose identity and the certificate does not confirm it",
    faq: "constraint-check-failed",
    log: LOOSE,
    fix: "put the server address in the certificate: a dNSName SAN for a host name, an iPAddress SAN for an IP",
  },
  CLIENT_KEY_USAGE: {
    severity: "error",
    title: "keyUsage without digitalSignature or nonRepudiation: strongSwan rejects the certificate",
    faq: "no-trusted-public-key",
    log: "rejecting certificate without digitalSignature or nonRepudiation keyUsage flags",
    fix: "reissue with keyUsage digitalSignature (pki --issue sets it by default)",
  },
  CLIENT_APPLE_SAN_MISSING: {
    severity: "error",
    title: "Apple clients need a SAN exactly equal to the server address/remote id configured on the device",
    faq: "common-name",
    log: null,
    fix: "reissue with a SAN equal to the server id configured on the device",
  },
  CLIENT_NO_SERVER_AUTH: {
    severity: "error",
    title: "the client requires the serverAuth extended key usage on the server certificate",
    faq: null,
    log: null,
    fix: "reissue with --flag serverAuth (pki) or extendedKeyUsage = serverAuth (openssl)",
  },
  CLIENT_APPLE_SEND_CERT: {
    severity: "info",
    title:
      "Apple clients send no certificate request unless configured to: charon must send its certificate anyway",
    faq: null,
    log: null,
    fix: "set send_cert = always in the connection's local section",
  },
  CLIENT_APPLE_ECDSA_MANUAL: {
    severity: "warning",
    title:
      "an ECDSA server key: a manually configured iOS VPN rejects it (profiles with ECDSA settings work)",
    faq: null,
    log: null,
    fix: "deploy a configuration profile, or use an RSA server certificate",
  },
  CLIENT_WINDOWS_IP_NEEDS_DNS_SAN: {
    severity: "error",
    title:
      "Windows matches an IP server address only against a dNSName SAN holding that text (else error 13801)",
    faq: null,
    log: null,
    fix: "add the IP text as a dNSName SAN, keeping the iPAddress SAN for strongSwan clients",
  },
  CLIENT_WINDOWS_KEY_TYPE: {
    severity: "error",
    title: "Windows accepts only RSA or ECDSA P-256/P-384 server keys",
    faq: null,
    log: null,
    fix: "issue the server certificate for an RSA or ECDSA P-256/P-384 key",
  },
  CLIENT_WINDOWS_NAME_ONLY_IN_CN: {
    severity: "warning",
    title: "Windows finds the host name only in the subject CN; a dNSName SAN is the reliable place",
    faq: "common-name",
    log: null,
    fix: "add the host name as a dNSName SAN",
  },
} satisfies Record<string, FindingDef>;
