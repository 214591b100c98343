/**
 * `explain` on the lines charon logs about proposals (the texts are those the strongSwan tier saw
 * charon 5.9.8 print; test/strongswan/size-diff.test.ts also explains every such line of its real
 * logs): each is known, points to the FAQ's "no proposal chosen" entry where it belongs, and says
 * what to do.
 */
import { describe, expect, it } from "vitest";
import { explainLine } from "../lib/explain/index.js";

const CASES: [line: string, faq: string | null, kind: string, advice: RegExp][] = [
  [
    "13[CFG] <1> received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256",
    "no-proposal-chosen",
    "context",
    /every kind of transform/,
  ],
  [
    "13[CFG] <1> configured proposals: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384, IKE:AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384",
    "no-proposal-chosen",
    "context",
    /2 proposals, the first IKE:AES_GCM_16_256/,
  ],
  ["13[CFG] <1>   no acceptable ENCRYPTION_ALGORITHM found", "no-proposal-chosen", "context", /key length/],
  ["13[CFG] <1>   no acceptable KEY_EXCHANGE_METHOD found", "no-proposal-chosen", "context", /PFS/],
  ["13[CFG] <1>   no acceptable DIFFIE_HELLMAN_GROUP found", "no-proposal-chosen", "context", /curve25519/],
  ["13[IKE] <1> received proposals unacceptable", "no-proposal-chosen", "failure", /NO_PROPOSAL_CHOSEN/],
  ["10[IKE] <c|1> received NO_PROPOSAL_CHOSEN notify error", "no-proposal-chosen", "failure", /IKE_SA_INIT/],
  [
    "15[IKE] <c|1> received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built",
    "no-proposal-chosen",
    "failure",
    /rekeying/,
  ],
  ["11[IKE] <c|1> no acceptable proposal found", "no-proposal-chosen", "failure", /esp_proposals/],
  [
    "04[IKE] <1> DH group CURVE_25519 unacceptable, requesting MODP_3072",
    null,
    "warning",
    /INVALID_KE_PAYLOAD/,
  ],
  [
    "08[IKE] <c|1> peer didn't accept DH group CURVE_25519, it requested MODP_3072",
    null,
    "warning",
    /MODP_3072/,
  ],
  ["07[CFG] algorithm 'modp2048!' not recognized", null, "failure", /ipsec\.conf syntax/],
  ["07[CFG] algorithm 'AES128' not recognized", null, "failure", /lowercase/],
  ["07[CFG] algorithm 'ke1_mlkem768' not recognized", null, "failure", /6\.0/],
  ["07[CFG] algorithm 'aes256gmc16' not recognized", null, "failure", /did you mean 'aes256gcm16'/],
  ["06[CFG] a PRF algorithm is mandatory in IKE proposals", null, "failure", /prfsha256/],
  [
    "06[CFG] classic and combined-mode (AEAD) encryption algorithms can't be contained in the same IKE proposal",
    null,
    "failure",
    /two proposals/,
  ],
  [
    "loading connection 'rw' failed: invalid value for: esp_proposals, config discarded",
    null,
    "failure",
    /ikecert audit/,
  ],
  ["09[CFG] skipped invalid proposal string: aes128-sha256-modp2048x", null, "failure", /ipsec\.conf/],
  [
    "05[IKE] <1> no matching proposal found, trying alternative config",
    "no-proposal-chosen",
    "context",
    /other configs/,
  ],
  [
    "12[CFG] <3> ignore candidate 'rw' without matching IKE proposal",
    "no-matching-peer-config",
    "context",
    /'rw'/,
  ],
  [
    "16[IKE] <c|1> retransmit 2 of request with message ID 0",
    "retransmissions",
    "warning",
    /IKE_SA_INIT datagram/,
  ],
];

describe("explain: proposal lines", () => {
  it.each(CASES)("%s", (line, faq, kind, advice) => {
    const e = explainLine(line);
    expect(e.known).toBe(true);
    expect(e.faq).toBe(faq);
    expect(e.kind).toBe(kind);
    expect([e.meaning, ...e.causes, ...e.next].join("\n")).toMatch(advice);
  });

  it("a selected proposal is known and not a failure", () => {
    const e = explainLine("selected proposal: ESP:AES_GCM_16_128/NO_EXT_SEQ");
    expect(e).toMatchObject({ known: true, kind: "context", faq: null });
    expect(e.meaning).toContain("ESP:AES_GCM_16_128/NO_EXT_SEQ");
  });
});
