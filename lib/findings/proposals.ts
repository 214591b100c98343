import type { FindingDef } from "./types.js";

/**
 * Findings about proposals and the messages they shape: strings charon refuses, `no proposal
 * chosen` in IKE_SA_INIT, IKE_AUTH and CREATE_CHILD_SA, and IKE_SA_INIT sizes (FAQ "no proposal
 * chosen", "retransmissions").
 */
export const PROPOSAL_FINDINGS = {
  PROPOSAL_INVALID: {
    severity: "error",
    title: "a proposal string does not parse, so charon refuses the whole connection",
    faq: "no-proposal-chosen",
    log: "algorithm '%s' not recognized",
    fix: "write the proposal with strongSwan's lowercase keywords (e.g. aes256gcm16-prfsha384-ecp384 or aes256-sha384-ecp384); swanctl.conf has no `!` suffix",
  },
  NO_PROPOSAL_CHOSEN_IKE: {
    severity: "error",
    title: "the two sides have no IKE proposal in common: IKE_SA_INIT fails",
    faq: "no-proposal-chosen",
    log: "received proposals: %P",
    fix: "add a proposal of the other side to `proposals` (same encryption with key length, integrity/PRF and DH group), or use the default proposals on one side",
  },
  NO_PROPOSAL_CHOSEN_CHILD: {
    severity: "error",
    title: "the two sides have no ESP/AH proposal in common: the IKE_SA comes up without the CHILD_SA",
    faq: "no-proposal-chosen",
    log: "no acceptable proposal found",
    fix: "make the children's esp_proposals share one proposal (same encryption with key length, integrity and ESN setting)",
  },
  NO_PROPOSAL_CHOSEN_REKEY: {
    severity: "error",
    title:
      "the CHILD_SA comes up in IKE_AUTH (which ignores DH groups) but its rekeying fails: the sides disagree on the PFS group",
    faq: "no-proposal-chosen",
    log: "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built",
    fix: "give both sides the same DH group in esp_proposals (e.g. aes256gcm16-ecp384), or none on both",
  },
  IKE_INVALID_KE: {
    severity: "info",
    title:
      "the responder selects another key exchange method than the initiator's first: IKE_SA_INIT takes an extra round trip",
    faq: null,
    log: "DH group %N unacceptable, requesting %N",
    fix: "put the method both prefer first in the initiator's proposals",
  },
  IKE_SA_INIT_EXCEEDS_MTU: {
    severity: "error",
    title:
      "the IKE_SA_INIT datagram exceeds the path MTU: IKE fragmentation cannot split IKE_SA_INIT, so it relies on IP fragments",
    faq: "retransmissions",
    log: "retransmit 1 of request with message ID 0",
    fix: "send a smaller key exchange first (x25519 or ecp256 instead of modp8192 or ML-KEM in IKE_SA_INIT; post-quantum methods belong in ke1_ for IKE_INTERMEDIATE) and fewer, shorter proposals",
  },
} satisfies Record<string, FindingDef>;
