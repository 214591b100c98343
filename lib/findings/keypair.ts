import type { FindingDef } from "./types.js";

/** Findings of `pair`: does a private key belong to a certificate (semantics §6). */
export const KEYPAIR_FINDINGS = {
  KEY_MISMATCH: {
    severity: "error",
    title: "no private key given belongs to the certificate: its public key differs",
    faq: "no-private-key",
    log: "no private key found for '%Y'",
    fix: "load the private key the certificate was issued for (compare both with `ikecert pair`), or issue a new certificate for the key you have",
  },
  KEY_BELONGS_TO: {
    severity: "info",
    title: "the key belongs to another certificate",
    faq: "no-private-key",
    log: null,
    fix: "configure that certificate together with this key, or find the key of the certificate you configured",
  },
  KEY_IS_PUBLIC: {
    severity: "warning",
    title: "a public key was given where a private key is needed",
    faq: "no-private-key",
    log: null,
    fix: "give the private key (for swanctl in private/, rsa/, ecdsa/ or pkcs8/); a public key cannot sign IKE_AUTH",
  },
  KEY_IS_CERTIFICATE: {
    severity: "warning",
    title: "a certificate was given where a private key is needed",
    faq: "no-private-key",
    log: null,
    fix: "certificates go to x509/ (or x509ca/); the private key the certificate was made for goes to private/",
  },
  KEY_FILE_PERMISSIONS: {
    severity: "warning",
    title: "the private key file is accessible by group or others",
    faq: null,
    log: null,
    fix: "chmod 600 the file (owned by the user charon runs as, normally root)",
  },
  KEY_FILE_UNLOADABLE: {
    severity: "error",
    title:
      "strongSwan cannot load the key file: it decodes only the first PEM block, and that is not the key",
    faq: "no-private-key",
    log: null,
    fix: "rewrite the file with only the key: openssl pkey -in KEY -out KEY.new",
  },
  KEY_FILE_SKIPPED: {
    severity: "info",
    title: "a file in the searched folder could not be read as a key",
    faq: null,
    log: null,
    fix: "check the file with `ikecert inspect`; an encrypted key needs its passphrase",
  },
} satisfies Record<string, FindingDef>;
