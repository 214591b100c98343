import type { FindingDef } from "./types.js";

/**
 * Findings of `ikecert audit`: a whole configuration judged as charon would load and use it. Codes of
 * other domains are reused where one fits (CHAIN_*, ID_*, PSK_*, IKE_AUTH_*, CERT_EXPIRES_SOON,
 * CHAIN_FILE_MULTIPLE_CERTS, CHAIN_CA_REJECTED_AT_LOAD).
 */
export const AUDIT_FINDINGS = {
  CONFIG_INVALID: {
    severity: "error",
    title:
      "strongSwan refuses this value or section; swanctl/starter does not load the connection as written",
    faq: null,
    log: null,
    fix: "correct the value (see the line); `swanctl --load-conns` prints the same complaint",
  },
  CONFIG_WARNING: {
    severity: "warning",
    title: "strongSwan skips or misreads this part of the configuration",
    faq: null,
    log: null,
    fix: "correct the line it points at",
  },
  CONFIG_FILE_UNREADABLE: {
    severity: "warning",
    title: "a file in a credential folder cannot be loaded; strongSwan skips it",
    faq: null,
    log: null,
    fix: "check it with `ikecert inspect FILE`; an encrypted key needs its passphrase in a secrets section",
  },
  CONFIG_NO_CONNECTIONS: {
    severity: "warning",
    title: "the configuration defines no connection charon would load",
    faq: null,
    log: null,
    fix: "add a connections section (swanctl.conf) or a conn with auto=add/route/start (ipsec.conf)",
  },
  LOCAL_CERT_MISSING: {
    severity: "error",
    title:
      "a certificate the connection names does not exist or holds no certificate: swanctl does not load the connection",
    faq: "chain-files",
    log: "loading certs certificate '%s' failed: No such file or directory",
    fix: "put the certificate file where the connection says (swanctl: x509/, ipsec.conf: ipsec.d/certs/), or fix the name",
  },
  LOCAL_NO_PRIVATE_KEY: {
    severity: "error",
    title: "no loaded private key belongs to the local certificate: charon cannot sign IKE_AUTH",
    faq: "no-private-key",
    log: "no private key found for '%Y'",
    fix: "load the certificate's key (swanctl: private/, rsa/ or ecdsa/; ipsec.conf: a `: RSA file` line in ipsec.secrets); check the pair with `ikecert pair CERT KEY`",
  },
  LOCAL_NO_CERT: {
    severity: "error",
    title:
      "public key authentication without a local certificate, and no loaded certificate with a key proves the local id",
    faq: "no-private-key",
    log: "no private key found for '%Y'",
    fix: "name the certificate in the local round (swanctl `certs = FILE`, ipsec.conf `leftcert = FILE`)",
  },
  LOCAL_CHAIN_INCOMPLETE: {
    severity: "warning",
    title:
      "the issuer of the local certificate is not loaded here: charon cannot send it, so the peer must already hold it",
    faq: "chain-files",
    log: null,
    fix: "put the intermediate CA certificate in x509ca/ (ipsec.d/cacerts/) so charon sends it, or install it on every peer",
  },
  LOCAL_SENDS_INTERMEDIATES: {
    severity: "info",
    title: "charon sends these intermediate CA certificates with its own (the root is never sent)",
    faq: "chain-files",
    log: 'sending issuer cert "%Y"',
    fix: "",
  },
  LOCAL_ID_REPLACED: {
    severity: "warning",
    title:
      "the local id is not in the certificate: starter replaces it by the subject DN, which the peer then has to expect",
    faq: "common-name",
    log: "id '%Y' not confirmed by certificate, defaulting to '%Y'",
    fix: "set leftid to an identity the certificate proves (a SAN), or reissue the certificate with it",
  },
  LOCAL_ID_DEFAULT: {
    severity: "info",
    title: "no local id is configured; charon uses a default",
    faq: null,
    log: null,
    fix: "set the id explicitly so both ends agree on it",
  },
  ID_NOT_PRINTABLE: {
    severity: "error",
    title:
      "the id holds non-printable or non-ASCII bytes: vici refuses the value and discards the whole connection",
    faq: null,
    log: "invalid value for: %s, config discarded",
    fix: "write the id in ASCII; for a DN with UTF-8 values use the asn1dn:#<hex DER> form",
  },
  REMOTE_CACERT_NOT_CA: {
    severity: "error",
    title:
      "a remote cacerts entry is not a CA certificate: swanctl loads it as the required CA, and no peer certificate chains to it",
    faq: "constraint-check-failed",
    log: "constraint check failed: peer not authenticated by CA '%Y'",
    fix: "name the CA that issued the peer's certificate (a certificate with CA=TRUE) in remote cacerts",
  },
  REMOTE_NO_TRUSTED_CA: {
    severity: "error",
    title:
      "certificate authentication of the peer, but no trusted CA certificate is loaded: no peer certificate can be verified",
    faq: "no-trusted-public-key",
    log: "no trusted %N public key found for '%Y'",
    fix: "put the CA certificate that issued the peer's certificate in x509ca/ (ipsec.d/cacerts/)",
  },
  REMOTE_TRUSTED_CAS: {
    severity: "info",
    title: "the CA certificates that can authenticate the peer",
    faq: null,
    log: null,
    fix: "",
  },
  PSK_MISSING: {
    severity: "error",
    title: "PSK authentication, but no shared secret names these ids",
    faq: "psk",
    log: "no shared key found for '%Y' - '%Y'",
    fix: "add a secret for the ids (swanctl: secrets { ike-x { id = ...; secret = 0s... } }; ipsec.secrets: `ID : PSK 0s...`)",
  },
  PSK_SHARED_BY_MANY: {
    severity: "warning",
    title:
      "one pre-shared key serves several ids: any holder can impersonate every other, the gateway included",
    faq: "psk",
    log: null,
    fix: "give each peer its own key (ikecert psk --generate), or move road warriors to certificates or EAP",
  },
  PSK_AGGRESSIVE_MODE: {
    severity: "warning",
    title: "IKEv1 aggressive mode with a pre-shared key: a listener can guess the key offline",
    faq: "aggressive-mode",
    log: null,
    fix: "use main mode (aggressive = no) or IKEv2, or certificates",
  },
  IKE_AUTH_SIZE: {
    severity: "info",
    title: "the IKE_AUTH message charon sends for this connection, and how it is fragmented",
    faq: "retransmissions",
    log: "splitting IKE message (%zu bytes) into %hu fragments",
    fix: "keep fragmentation = yes (the default) on both ends when it exceeds the path MTU",
  },
  KEY_NOT_LOADED: {
    severity: "info",
    title: "a key file in ipsec.d/private/ is not named in ipsec.secrets, so charon does not load it",
    faq: "no-private-key",
    log: null,
    fix: "add `: RSA FILE` (or ECDSA/PKCS8) to ipsec.secrets if a connection needs it",
  },
  // revocation and strongswan.conf (lib/checks/audit/revocation.ts)
  REVOCATION_POLICY_UNMET: {
    severity: "warning",
    title:
      "revocation = strict/ifuri, but charon holds no usable CRL of a CA: peers pass only if charon can fetch their status when they connect",
    faq: null,
    log: "constraint check failed: RULE_CRL_VALIDATION is %N, but requires at least %N",
    fix: "put a current CRL of each CA in x509crl/ (and renew it before its nextUpdate), or make sure the gateway reaches the CRL distribution points of the peers' certificates",
  },
  REVOCATION_NOT_ENFORCED: {
    severity: "warning",
    title:
      "a revocation policy is set, but the revocation plugin is not loaded (or checks nothing): the policy never fails",
    faq: "plugin-missing",
    log: null,
    fix: "load the revocation plugin (charon.plugins.revocation.load = yes) and leave enable_crl/enable_ocsp on",
  },
  PLUGIN_ORDER_CHANGES: {
    severity: "warning",
    title:
      "strongswan.conf's plugin order makes another plugin parse a certificate, and that changes what charon checks",
    faq: "plugin-missing",
    log: null,
    fix: "load x509 before openssl (Debian's order): drop the priority or the charon.load entry that moves openssl ahead",
  },
  REMOTE_CERT_POLICY_NOT_OID: {
    severity: "error",
    title: "a cert_policy value is not a dotted OID, so no certificate ever carries it",
    faq: "constraint-check-failed",
    log: "constraint requires cert policy %s",
    fix: "write the policy as a dotted OID (e.g. 1.3.6.1.4.1.36906.1.1), as the certificates list it",
  },
  REMOTE_CERT_POLICY_NO_ROOT: {
    severity: "error",
    title: "a required certificate policy is carried by no trusted root, so every peer is refused",
    faq: "constraint-check-failed",
    log: "constraint requires cert policy %s",
    fix: "use a root CA that lists the policy (or anyPolicy), drop cert_policy, or on strongSwan 6.0.1 and later use a root without certificatePolicies",
  },
  REMOTE_CERT_POLICY: {
    severity: "info",
    title: "the connection requires certificate policies of the peer",
    faq: null,
    log: null,
    fix: "",
  },
} satisfies Record<string, FindingDef>;
