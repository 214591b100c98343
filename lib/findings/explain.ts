import type { FindingDef } from "./types.js";

/** Findings of `ikecert explain`, `ikecert size` and `ikecert psk`. */
export const EXPLAIN_FINDINGS = {
  LOG_LINE_KNOWN_FAILURE: {
    severity: "error",
    title: "the log shows a failure ikecert knows",
    faq: null,
    log: null,
    fix: "see the explanation and the next commands",
  },
  IKE_AUTH_FRAGMENTED: {
    severity: "warning",
    title: "the IKE_AUTH message exceeds the path MTU; it only gets through with IKE fragmentation",
    faq: "retransmissions",
    log: "splitting IKE message (%d bytes) into %d fragments",
    fix: "keep fragmentation = yes (the default) on both ends; use ECDSA keys, fewer CAs in the CERTREQ or a preloaded intermediate to shrink it",
  },
  IKE_FRAGMENT_EXCEEDS_MTU: {
    severity: "warning",
    title:
      "charon.fragment_size is larger than the path MTU: each IKE fragment is split again by the IP layer, which is what IKE fragmentation is there to avoid",
    faq: "retransmissions",
    log: null,
    fix: "set charon.fragment_size in strongswan.conf to the path MTU or less (1280 is safe on most paths; 0 means 576 on IPv4)",
  },
  IKE_AUTH_EXCEEDS_MTU_NO_FRAGMENTATION: {
    severity: "error",
    title: "the IKE_AUTH message exceeds the path MTU and IKE fragmentation is off",
    faq: "retransmissions",
    log: "giving up after 5 retransmits",
    fix: "set fragmentation = yes in the connection (swanctl.conf), or shrink the message (ECDSA, fewer CAs, preloaded certificates)",
  },
  IKEV1_AUTH_EXCEEDS_MTU: {
    severity: "error",
    title: "the IKEv1 Main Mode message with the certificate exceeds the path MTU and fragmentation is off",
    faq: "retransmissions-ikev1",
    log: "giving up after 5 retransmits",
    fix: "set fragmentation = yes (IKEv1's proprietary fragmentation, the peer must support it), or shrink or preload the certificates",
  },
  PSK_WEAK: {
    severity: "error",
    title:
      "the pre-shared key has less than 64 bits of estimated strength: one captured exchange lets an attacker guess it offline",
    faq: "psk",
    log: null,
    fix: "generate a random key: ikecert psk --generate (or openssl rand -base64 33) and write it as secret = 0s<base64>",
  },
  PSK_FAIR: {
    severity: "warning",
    title: "the pre-shared key has less than 128 bits of estimated strength",
    faq: "psk",
    log: null,
    fix: "prefer a random key of 256 bits: ikecert psk --generate",
  },
  PSK_TOO_SHORT_FOR_NM: {
    severity: "warning",
    title: "NetworkManager's strongSwan plugin refuses pre-shared keys under 20 characters",
    faq: "psk",
    log: "Pre-shared key is too short.",
    fix: "use a key of at least 20 characters (a generated one has 44)",
  },
} satisfies Record<string, FindingDef>;
