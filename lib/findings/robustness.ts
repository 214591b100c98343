import type { FindingDef } from "./types.js";

/** Findings about inputs strongSwan cannot use at all (issue 10: hostile and odd input). */
export const ROBUSTNESS_FINDINGS = {
  KEY_ALGORITHM_UNSUPPORTED: {
    severity: "error",
    title: "a key type strongSwan cannot authenticate with",
    faq: null,
    // charon signs and verifies IKE_AUTH with RSA, ECDSA, Ed25519 and Ed448 only (public_key.h key_type_t
    // has KEY_DSA but no plugin implements it); X25519/X448 are key-exchange keys, not signature keys
    log: null,
    fix: "make an RSA (3072 bits), ECDSA (P-256/P-384) or Ed25519 key, e.g. pki --gen --type ecdsa --size 256 --outform pem, and issue the certificate for it",
  },
  INCLUDE_NOT_REGULAR_FILE: {
    severity: "warning",
    title:
      "an include names a device, socket or other special file: strongSwan skips it (or, in ipsec.secrets, reads it as an empty file)",
    faq: null,
    // parser_helper.c file_next logs "unable to open '%s'" at level 2 only: nothing with default logging
    log: null,
    fix: "include regular files only; remove the include or point it at the file that was meant",
  },
  INCLUDE_FIFO_BLOCKS: {
    severity: "error",
    title:
      "an include names a FIFO (named pipe): strongSwan opens it before looking at what it is, and the open waits for a writer, so loading hangs",
    faq: null,
    log: null,
    fix: "replace the FIFO with a regular file, or remove the include; swanctl --load-all, starter or charon hang on it",
  },
  INCLUDE_DEVICE_READ: {
    severity: "error",
    title:
      "an include names a device: strongSwan before 5.9.1 reads it as a configuration file (/dev/zero and /dev/urandom never end)",
    faq: null,
    log: null,
    fix: "include regular files only (strongSwan 5.9.1 and later skip devices)",
  },
} satisfies Record<string, FindingDef>;
