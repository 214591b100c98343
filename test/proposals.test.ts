/**
 * The proposal model against the expectations strongSwan's own unit tests state
 * (src/libstrongswan/tests/suites/test_proposal.c, 5.9.8 and 6.0.6: which strings parse, how they
 * print, which pairs select what) plus release differences read from the source history. The
 * real charon's parsing is checked in test/strongswan/proposals-load.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  formatProposal,
  formatProposals,
  ipsecProposals,
  type Proposal,
  type Protocol,
  parseProposal,
  proposalsEqual,
  selectAlgorithms,
  selectProposal,
  splitWords,
  swanctlProposals,
} from "../lib/proposals/index.js";

function p(proto: Protocol, s: string, release = "6.0.6"): Proposal {
  const r = parseProposal(proto, s, release);
  if (!r.ok) throw new Error(`${s}: ${r.log}`);
  return r.proposal;
}

describe("parsing (test_proposal.c create_data)", () => {
  // [protocol, string, printed or the reason charon logs]
  const CASES: [Protocol, string, string][] = [
    ["IKE", "", "(silently refused)"],
    ["IKE", "sha256", "a DH group is mandatory in IKE proposals"],
    ["IKE", "sha256-modp3072", "an encryption algorithm is mandatory in IKE proposals"],
    ["IKE", "null-sha256-modp3072", "IKE:NULL/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072"],
    ["IKE", "aes128", "a PRF algorithm is mandatory in IKE proposals"],
    ["IKE", "aes128-sha256", "a DH group is mandatory in IKE proposals"],
    ["IKE", "aes128-sha256-none", "a DH group is mandatory in IKE proposals"],
    ["IKE", "aes128-prfsha256", "a DH group is mandatory in IKE proposals"],
    [
      "IKE",
      "aes128-prfsha256-modp2048",
      "an integrity algorithm is mandatory in IKE proposals with classic (non-AEAD) encryption algorithms",
    ],
    ["IKE", "aes128-sha256-modp3072", "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072"],
    [
      "IKE",
      "aes128-sha256-prfsha384-modp3072",
      "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_384/MODP_3072",
    ],
    ["IKE", "aes128gcm16-modp3072", "a PRF algorithm is mandatory in IKE proposals"],
    ["IKE", "aes128gcm16-prfsha256-modp3072", "IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/MODP_3072"],
    ["IKE", "aes128gcm16-sha256-modp3072", "IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/MODP_3072"],
    ["IKE", "aes128gcm16-aes128-modp3072", "a PRF algorithm is mandatory in IKE proposals"],
    [
      "IKE",
      "aes128gcm16-aes128-sha256-modp3072",
      "classic and combined-mode (AEAD) encryption algorithms can't be contained in the same IKE proposal",
    ],
    ["ESP", "", "(silently refused)"],
    ["ESP", "sha256", "an encryption algorithm is mandatory in ESP proposals"],
    ["ESP", "aes128-sha256", "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ"],
    ["ESP", "aes128-sha256-esn", "ESP:AES_CBC_128/HMAC_SHA2_256_128/EXT_SEQ"],
    ["ESP", "aes128-sha256-esn-noesn", "ESP:AES_CBC_128/HMAC_SHA2_256_128/EXT_SEQ/NO_EXT_SEQ"],
    ["ESP", "aes128-sha256-prfsha256-modp3072", "ESP:AES_CBC_128/HMAC_SHA2_256_128/MODP_3072/NO_EXT_SEQ"],
    ["ESP", "aes128gmac", "ESP:NULL_AES_GMAC_128/NO_EXT_SEQ"],
    ["AH", "aes128", "an integrity algorithm is mandatory in AH proposals"],
    ["AH", "aes128-sha256", "AH:HMAC_SHA2_256_128/NO_EXT_SEQ"],
    ["AH", "sha256-sha1", "AH:HMAC_SHA2_256_128/HMAC_SHA1_96/NO_EXT_SEQ"],
    ["AH", "aes128gmac-sha256-prfsha256", "AH:AES_128_GMAC/HMAC_SHA2_256_128/NO_EXT_SEQ"],
    [
      "AH",
      "aes128gmac-aes256gmac-aes128-sha256",
      "AH:AES_128_GMAC/AES_256_GMAC/HMAC_SHA2_256_128/NO_EXT_SEQ",
    ],
    ["AH", "sha256-esn-noesn", "AH:HMAC_SHA2_256_128/EXT_SEQ/NO_EXT_SEQ"],
    // our own: aliases, words charon does not know, case, spaces and empty words
    ["IKE", "aes128-sha256-x25519", "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519"],
    ["IKE", "chacha20poly1305-prfsha256-x25519", "IKE:CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519"],
    [
      "IKE",
      "aes256-aes128-sha384-sha256-ecp384-ecp256",
      "IKE:AES_CBC_256/AES_CBC_128/HMAC_SHA2_384_192/HMAC_SHA2_256_128/PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_256/ECP_384/ECP_256",
    ],
    ["IKE", "AES128-sha256-ecp256", "algorithm 'AES128' not recognized"],
    ["IKE", "aes128-sha256-modp2048!", "algorithm 'modp2048!' not recognized"],
    ["IKE", " aes128 --sha256- ecp256 -", "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256"],
    ["IKE", "aes 128-sha256-ecp256", "algorithm 'aes 128' not recognized"],
    ["ESP", "aes128gcm16-x25519-esn", "ESP:AES_GCM_16_128/CURVE_25519/EXT_SEQ"],
    ["ESP", "aes256gcm16-none", "ESP:AES_GCM_16_256/KE_NONE/NO_EXT_SEQ"],
  ];
  it.each(CASES)("%s %j -> %s", (proto, s, want) => {
    const r = parseProposal(proto, s, "5.9.8");
    if (r.ok) expect(formatProposal(r.proposal)).toBe(want);
    else expect(r.log ?? "(silently refused)").toBe(want);
  });

  it("aes128gcm without ICV length is a keyword from 5.9.2", () => {
    expect(parseProposal("ESP", "aes128gcm", "5.9.1")).toMatchObject({
      ok: false,
      log: "algorithm 'aes128gcm' not recognized",
    });
    expect(formatProposal(p("ESP", "aes128gcm", "5.9.2"))).toBe("ESP:AES_GCM_16_128/NO_EXT_SEQ");
  });

  it("6.0 knows ML-KEM and ke1_..ke7_ (modelled from 6.0.6's keyword table and parser), 5.9 does not", () => {
    expect(parseProposal("IKE", "aes256-sha384-x25519-ke1_mlkem768", "5.9.8")).toMatchObject({
      ok: false,
      log: "algorithm 'ke1_mlkem768' not recognized",
    });
    expect(parseProposal("IKE", "aes256-sha384-mlkem768", "5.9.8")).toMatchObject({
      log: "algorithm 'mlkem768' not recognized",
    });
    expect(formatProposal(p("IKE", "aes256-sha384-x25519-ke1_mlkem768-KE2_none"))).toBe(
      "IKE:AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/CURVE_25519/KE1_ML_KEM_768/KE2_KE_NONE",
    );
    expect(parseProposal("IKE", "aes256-sha384-x25519-ke8_mlkem768").ok).toBe(false);
    expect(parseProposal("IKE", "aes256-sha384-x25519-ke1_aes128").ok).toBe(false);
    expect(parseProposal("IKE", "aes128-sha256-ntru128", "6.0.0")).toMatchObject({
      log: "algorithm 'ntru128' not recognized",
    });
    expect(formatProposal(p("IKE", "aes128-sha256-ntru128", "5.9.8"))).toBe(
      "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/NTRU_128",
    );
  });

  it("before 5.9.7 group 0 prints as MODP_NONE", () => {
    const r = parseProposal("ESP", "aes128-sha256-none", "5.9.6");
    expect(r.ok && formatProposal(r.proposal, { keNames: false })).toBe(
      "ESP:AES_CBC_128/HMAC_SHA2_256_128/MODP_NONE/NO_EXT_SEQ",
    );
  });

  it("words: quotes keep dashes, leading and repeated separators vanish", () => {
    expect(splitWords("'a-b'-c")).toEqual(["a-b", "c"]);
    expect(splitWords("--a--b--")).toEqual(["a", "b"]);
    expect(splitWords(" a - b ")).toEqual(["a", "b"]);
    expect(splitWords("'a")).toEqual(["'a"]);
  });
});

describe("selection of two proposals (test_proposal.c select_data)", () => {
  // [protocol, self, other, selected or null, flags]
  const CASES: [Protocol, string, string, string | null, { skipKe?: boolean }?][] = [
    ["ESP", "aes128", "aes128", "aes128"],
    ["ESP", "aes128", "aes256", null],
    ["ESP", "aes128-aes256", "aes256-aes128", "aes128"],
    ["ESP", "aes256-aes128", "aes128-aes256", "aes256"],
    ["ESP", "aes128-aes256-sha1-sha256", "aes256-aes128-sha256-sha1", "aes128-sha1"],
    ["ESP", "aes256-aes128-sha256-sha1", "aes128-aes256-sha1-sha256", "aes256-sha256"],
    ["ESP", "aes128-sha256-modp3072", "aes128-sha256", null],
    ["ESP", "aes128-sha256-modp3072", "aes128-sha256", "aes128-sha256", { skipKe: true }],
    ["ESP", "aes128-sha256", "aes128-sha256-modp3072", null],
    ["ESP", "aes128-sha256-modp3072", "aes128-sha256-ecp256", "aes128-sha256", { skipKe: true }],
    ["ESP", "aes128-sha256-modp3072", "aes128-sha256-none", null],
    ["ESP", "aes128-sha256-none", "aes128-sha256-modp3072", null],
    ["ESP", "aes128-sha256-modp3072-none", "aes128-sha256", "aes128-sha256"],
    ["ESP", "aes128-sha256", "aes128-sha256-modp3072-none", "aes128-sha256"],
    ["ESP", "aes128-sha256-modp3072-none", "aes128-sha256-none-modp3072", "aes128-sha256-modp3072"],
    ["ESP", "aes128-sha256-none-modp3072", "aes128-sha256-modp3072-none", "aes128-sha256"],
    ["ESP", "aes128-sha256-noesn", "aes128-sha256-esn", null],
    ["ESP", "aes128-sha256-noesn-esn", "aes128-sha256-esn", "aes128-sha256-esn"],
    ["ESP", "aes128-sha256-noesn-esn", "aes128-sha256", "aes128-sha256"],
    ["ESP", "aes128-sha256-esn-noesn", "aes128-sha256-noesn-esn", "aes128-sha256-esn"],
    ["IKE", "aes128-sha256-modp3072", "aes128-sha256-modp3072-none", "aes128-sha256-modp3072"],
    // 6.0: additional key exchanges, each method used once
    [
      "IKE",
      "aes128-sha256-modp3072-ecp256-ecp384-ke1_modp3072-ke1_ecp256-ke1_ecp384-ke2_modp3072-ke2_ecp256-ke2_ecp384",
      "aes128-sha256-modp3072-ecp256-ecp384-ke1_modp3072-ke1_ecp256-ke1_ecp384-ke2_modp3072-ke2_ecp256-ke2_ecp384",
      "aes128-sha256-modp3072-ke1_ecp256-ke2_ecp384",
    ],
    ["IKE", "aes128-sha256-modp3072-ke1_modp3072", "aes128-sha256-modp3072-ke1_modp3072", null],
    [
      "IKE",
      "aes128-sha256-modp3072-ke1_modp3072-ke1_none",
      "aes128-sha256-modp3072-ke1_modp3072-ke1_none",
      "aes128-sha256-modp3072",
    ],
    ["IKE", "aes128-sha256-ecp256-ke1_modp3072", "aes128-sha256-modp3072-ecp256-ke1_ecp256-ke2_ecp384", null],
  ];
  it.each(CASES)("%s %s vs %s -> %s", (proto, self, other, want, flags = {}) => {
    const r = selectAlgorithms(p(proto, self), p(proto, other), flags, "6.0.6");
    if (want === null) expect("failed" in r).toBe(true);
    else expect("selected" in r && proposalsEqual(r.selected, p(proto, want))).toBe(true);
  });

  it("in 5.9 a KE method the initiator proposes is never optional for the responder's non-PFS ESP proposal", () => {
    const r = selectAlgorithms(
      p("ESP", "aes128-sha256", "5.9.8"),
      p("ESP", "aes128-sha256-modp3072", "5.9.8"),
      {},
      "5.9.8",
    );
    expect(r).toEqual({ failed: 4 });
  });
});

describe("selection of lists (test_proposal.c select_proposal_data) and charon's lines", () => {
  it("the configured order wins, or the received one with prefer_configured_proposals = no", () => {
    const conf = [p("ESP", "aes128"), p("ESP", "aes256")];
    const recv = [p("ESP", "aes256"), p("ESP", "aes128")];
    expect(formatProposal(selectProposal(conf, recv).selected!)).toBe("ESP:AES_CBC_128/NO_EXT_SEQ");
    expect(formatProposal(selectProposal(conf, recv, { preferSupplied: true }).selected!)).toBe(
      "ESP:AES_CBC_256/NO_EXT_SEQ",
    );
    const dh = [p("ESP", "aes128-modp1024"), p("ESP", "aes256-modp1024")];
    const dh2 = [p("ESP", "aes256-modp2048"), p("ESP", "aes128-modp2048")];
    expect(selectProposal(dh, dh2).selected).toBeNull();
    expect(formatProposal(selectProposal(dh, dh2, { skipKe: true, preferSupplied: true }).selected!)).toBe(
      "ESP:AES_CBC_256/NO_EXT_SEQ",
    );
  });

  it("a mismatch logs the first failing type per pair (level 2) and both lists (level 1)", () => {
    const r = selectProposal(
      [p("IKE", "aes256gcm16-prfsha384-ecp384")],
      [p("IKE", "aes128-sha256-ecp256")],
      {},
      "5.9.8",
    );
    expect(r.selected).toBeNull();
    expect(r.logs).toEqual([
      { level: 2, text: "selecting proposal:" },
      { level: 2, text: "  no acceptable ENCRYPTION_ALGORITHM found" },
      { level: 1, text: "received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256" },
      { level: 1, text: "configured proposals: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384" },
    ]);
    const r2 = selectProposal(
      [p("IKE", "aes128-sha256-ecp384")],
      [p("IKE", "aes128-sha256-ecp256")],
      {},
      "5.9.6",
    );
    expect(r2.logs[1]).toEqual({ level: 2, text: "  no acceptable DIFFIE_HELLMAN_GROUP found" });
    expect(r2.failures).toEqual([{ preferred: 0, other: 0, type: 4, typeName: "DIFFIE_HELLMAN_GROUP" }]);
  });

  it("the issue's pair: aes256-aes128-sha384-sha256-ecp384-ecp256 selects aes128-sha256-ecp256", () => {
    const r = selectProposal(
      [p("IKE", "aes256-aes128-sha384-sha256-ecp384-ecp256")],
      [p("IKE", "aes128-sha256-ecp256")],
    );
    expect(formatProposal(r.selected!)).toBe("IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256");
    expect(r.logs.at(-1)).toEqual({
      level: 1,
      text: "selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256",
    });
  });

  it("private-range algorithms match only a known strongSwan peer", () => {
    const a = [p("IKE", "serpent256-sha256-ecp256")];
    expect(selectProposal(a, a).selected).not.toBeNull();
    const r = selectProposal(a, a, { skipPrivate: true });
    expect(r.selected).toBeNull();
    expect(r.logs).toContainEqual({
      level: 1,
      text: "an algorithm from private space would match, but peer implementation is unknown, skipped",
    });
  });
});

describe("configured lists", () => {
  it("swanctl: unset and `default` give the defaults; ESP orders them by release", () => {
    const ike = swanctlProposals("IKE", null, { strongswan: "5.9.8" });
    expect(ike.defaulted).toBe(true);
    expect(ike.proposals.map((x) => x.transforms[0]!.alg)).toEqual([12, 16]);
    const unset = swanctlProposals("ESP", null, { strongswan: "5.9.8" }).proposals;
    expect(formatProposals(unset)).toBe(
      "ESP:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/NO_EXT_SEQ, ESP:AES_CBC_128/AES_CBC_192/AES_CBC_256/HMAC_SHA2_256_128/HMAC_SHA2_384_192/HMAC_SHA2_512_256/HMAC_SHA1_96/AES_XCBC_96/NO_EXT_SEQ",
    );
    const kw = swanctlProposals("ESP", ["DEFAULT"], { strongswan: "5.9.8" }).proposals;
    expect(kw.map((x) => x.transforms[0]!.alg)).toEqual([12, 20]);
    const kw6 = swanctlProposals("ESP", ["default"], { strongswan: "6.0.0" }).proposals;
    expect(kw6.map((x) => x.transforms[0]!.alg)).toEqual([20, 12]);
    expect(formatProposal(swanctlProposals("ESP", null, { strongswan: "5.9.5" }).proposals[0]!)).toBe(
      "ESP:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256",
    );
    expect(formatProposal(swanctlProposals("ESP", null, { strongswan: "6.0.2" }).proposals[0]!)).toMatch(
      /^ESP:AES_GCM_16_128\/AES_GCM_16_192\/AES_GCM_16_256\/CURVE_25519\/.*\/MODP_2048\/KE_NONE\/NO_EXT_SEQ$/,
    );
  });

  it("swanctl: a bad item discards the connection with swanctl's message and charon's reason", () => {
    const r = swanctlProposals("ESP", ["aes128gcm16", "aes128-sha256-modp2048!"], { connection: "rw" });
    expect(r.error).toEqual({
      item: "aes128-sha256-modp2048!",
      logs: ["algorithm 'modp2048!' not recognized"],
      loader: "loading connection 'rw' failed: invalid value for: esp_proposals, config discarded",
    });
  });

  it("swanctl 5.9 cuts an item at 511 characters, 6.0 at 2047", () => {
    const long = `aes128-${"sha256-".repeat(80)}ecp256`;
    expect(swanctlProposals("IKE", [long], { strongswan: "5.9.8" }).error?.logs[0]).toMatch(
      /^algorithm '\w+' not recognized$|^a DH group is mandatory/,
    );
    expect(swanctlProposals("IKE", [long], { strongswan: "6.0.0" }).error).toBeNull();
  });

  it("ipsec.conf: `!` makes the list strict, otherwise the defaults follow", () => {
    const strict = ipsecProposals("IKE", ["aes128-sha256-modp2048!"]);
    expect(strict.proposals).toHaveLength(1);
    expect(ipsecProposals("IKE", ["aes128-sha256-modp2048"]).proposals).toHaveLength(3);
    expect(ipsecProposals("ESP", ["aes128-sha256", "bogus!"]).error).toEqual({
      item: "bogus",
      logs: ["algorithm 'bogus' not recognized", "skipped invalid proposal string: bogus"],
      loader: null,
    });
  });
});
