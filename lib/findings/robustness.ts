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
} satisfies Record<string, FindingDef>;
