/**
 * The setup model without charon: what 5.9.8 cannot run (6.0's additional key exchanges, ML-KEM,
 * its default proposals) is modelled from strongSwan 6.0.6's source (ike_init.c, proposal.c,
 * key_exchange.c) with the sizes of RFC 7296, RFC 9242/9370 and FIPS 203, and tested from those;
 * the 5.9.8 parts are checked against charon in test/strongswan/size-diff.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  estimateSetup,
  formatProposal,
  negotiateChild,
  type Proposal,
  type SetupSide,
  swanctlProposals,
} from "../lib/index.js";

const ike = (s: string, release = "6.0.6"): Proposal[] => {
  const r = swanctlProposals("IKE", s.split(","), { strongswan: release });
  if (r.error) throw new Error(r.error.logs.join());
  return r.proposals;
};
const esp = (s: string | null, release = "6.0.6"): Proposal[] =>
  swanctlProposals("ESP", s === null ? null : s.split(","), { strongswan: release }).proposals;

const side = (o: SetupSide = {}): SetupSide => ({ cas: 1, ...o });
const msg = (r: ReturnType<typeof estimateSetup>, exchange: string, from: string, n = 0) =>
  r.messages.filter((m) => m.exchange === exchange && m.from === from)[n]!;

describe("IKE_SA_INIT framing (5.9.8's, checked against charon in the tier)", () => {
  const r = estimateSetup({
    initiator: side({ ike: ike("aes128-sha256-x25519", "5.9.8") }),
    responder: side({ ike: ike("aes128-sha256-x25519", "5.9.8") }),
    strongswan: "5.9.8",
  });
  it("request: SA (one proposal, 4 transforms, a key length) + KE + nonce + NAT-D + notifies", () => {
    const m = msg(r, "IKE_SA_INIT", "initiator");
    const sa = 4 + 8 + (8 + 4) + 8 + 8 + 8;
    expect(m.payloads.find((p) => p.name.startsWith("SA"))!.bytes).toBe(sa);
    expect(m.payloads.find((p) => p.name === "KE")!.bytes).toBe(8 + 32);
    expect(m.bytes).toBe(28 + sa + 40 + 36 + 2 * 28 + 8 + (8 + 8) + 8);
    expect(m.bytes).toBe(240);
  });
  it("response: the selected proposal, CERTREQ (1 CA), childless and multiple-auth notifies", () => {
    expect(msg(r, "IKE_SA_INIT", "responder").bytes).toBe(240 + 25 + 8 + 8 - 8);
  });
});

describe("6.0: additional key exchanges in IKE_INTERMEDIATE (modelled from 6.0.6 and FIPS 203)", () => {
  const p = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
  const r = estimateSetup({
    initiator: side({ ike: ike(p), child: esp("aes256gcm16") }),
    responder: side({ ike: ike(p), child: esp("aes256gcm16") }),
    strongswan: "6.0.6",
  });
  it("the selection keeps KE1_ML_KEM_768", () => {
    expect(formatProposal(r.ike.selected!)).toBe(
      "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/CURVE_25519/KE1_ML_KEM_768",
    );
  });
  it("IKE_SA_INIT announces IKE_INTERMEDIATE both ways", () => {
    for (const from of ["initiator", "responder"])
      expect(msg(r, "IKE_SA_INIT", from).payloads.map((x) => x.name)).toContain(
        "N(INTERMEDIATE_EXCHANGE_SUPPORTED)",
      );
  });
  it("IKE_INTERMEDIATE: the encapsulation key (1184 bytes) out, the ciphertext (1088) back, each in SK", () => {
    const req = msg(r, "IKE_INTERMEDIATE", "initiator");
    const res = msg(r, "IKE_INTERMEDIATE", "responder");
    // IKE header, SK header, 8-byte IV, KE payload + 1 pad-length byte (GCM: no block), 16-byte ICV
    expect(req.bytes).toBe(28 + 4 + 8 + (8 + 1184 + 1) + 16);
    expect(res.bytes).toBe(28 + 4 + 8 + (8 + 1088 + 1) + 16);
    // over fragment_size 1280 with IP, UDP and the non-ESP marker: two RFC 7383 fragments
    expect(req.datagram).toBe(req.bytes + 32);
    expect(req.fragments).toBe(2);
    expect(res.fragments).toBe(1);
  });
  it("5.9 does not know ke1_ at all", () => {
    expect(swanctlProposals("IKE", [p], { strongswan: "5.9.8" }).error?.logs).toEqual([
      "algorithm 'ke1_mlkem768' not recognized",
    ]);
  });
  it("ML-KEM-1024 in IKE_SA_INIT itself: its KE pushes IKE_SA_INIT over a 1500-byte MTU, which only IP fragments carry", () => {
    const big = estimateSetup({
      initiator: side({ ike: ike("aes256gcm16-prfsha384-mlkem1024") }),
      responder: side({ ike: ike("aes256gcm16-prfsha384-mlkem1024") }),
      strongswan: "6.0.6",
    });
    expect(msg(big, "IKE_SA_INIT", "initiator").payloads.find((x) => x.name === "KE")!.bytes).toBe(8 + 1568);
    expect(big.findings.filter((f) => f.code === "IKE_SA_INIT_EXCEEDS_MTU")).toHaveLength(2);
    expect(big.findings[0]!.severity).toBe("error");
  });
});

describe("negotiation outcomes in the model", () => {
  it("INVALID_KE_PAYLOAD: a 38-byte response asks for the responder's group, IKE_SA_INIT runs twice", () => {
    const r = estimateSetup({
      initiator: side({ ike: ike("aes128-sha256-x25519-modp3072", "5.9.8") }),
      responder: side({ ike: ike("aes128-sha256-modp3072", "5.9.8") }),
      strongswan: "5.9.8",
    });
    expect(
      r.messages.filter((m) => m.exchange === "IKE_SA_INIT").map((m) => [m.from, m.what, m.bytes]),
    ).toEqual([
      ["initiator", "request", 248],
      ["responder", "INVALID_KE_PAYLOAD response", 38],
      ["initiator", "request (again)", 600],
      ["responder", "response", 625],
    ]);
    expect(r.ike.responderLogs.map((l) => l.text)).toContain(
      "DH group CURVE_25519 unacceptable, requesting MODP_3072",
    );
    expect(r.findings.map((f) => f.code)).toContain("IKE_INVALID_KE");
  });

  it("no IKE proposal in common: a 36-byte NO_PROPOSAL_CHOSEN response and nothing after it", () => {
    const r = estimateSetup({
      initiator: side({ ike: ike("aes128-sha256-ecp256", "5.9.8") }),
      responder: side({ ike: ike("aes256gcm16-prfsha384-ecp384", "5.9.8") }),
      strongswan: "5.9.8",
    });
    expect(r.messages.map((m) => [m.from, m.what, m.bytes])).toEqual([
      ["initiator", "request", 272],
      ["responder", "NO_PROPOSAL_CHOSEN response", 36],
    ]);
    expect(r.ike.responderLogs.filter((l) => l.level === 1).map((l) => l.text)).toEqual([
      "received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256",
      "configured proposals: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384",
      "received proposals unacceptable",
    ]);
  });

  it("a PFS group against the default ESP proposals: the rekeying fails on 5.9, works from 6.0.2 (modelled)", () => {
    for (const [release, ok] of [
      ["5.9.8", false],
      ["6.0.0", false],
      ["6.0.2", true],
    ] as const) {
      const mine = esp("aes128gcm16-ecp256", release);
      const theirs = esp(null, release);
      expect(!!negotiateChild(mine, theirs, { strongswan: release }).selected, release).toBe(true);
      expect(!!negotiateChild(mine, theirs, { strongswan: release, rekey: true }).selected, release).toBe(ok);
    }
  });

  it("IKE_AUTH's SA: the initiator's list without key exchanges and duplicates; the 6.0.2 defaults stay 156 bytes", () => {
    for (const release of ["5.9.8", "6.0.6"]) {
      const r = estimateSetup({
        initiator: side({ auth: { certificate: null, idi: "a@b" } }),
        responder: side(),
        strongswan: release,
      });
      expect(r.auth.initiator!.payloads.find((p) => p.name.startsWith("SA"))!.bytes, release).toBe(156);
    }
    const two = estimateSetup({
      initiator: side({
        child: esp("aes128gcm16-ecp256,aes128gcm16-modp3072"),
        auth: { certificate: null, idi: "a@b" },
      }),
      responder: side({ child: esp("aes128gcm16") }),
      strongswan: "6.0.6",
    });
    expect(two.auth.initiator!.payloads.find((p) => p.name.startsWith("SA"))).toEqual({
      name: "SA (1 ESP proposal)",
      bytes: 4 + 8 + 4 + 12 + 8,
    });
  });

  it("before 5.9.6 the default AES-GCM ESP proposal has no ESN transform (8 bytes less)", () => {
    const at = (release: string) =>
      estimateSetup({
        initiator: side({ auth: { certificate: null, idi: "a@b" } }),
        responder: side(),
        strongswan: release,
      }).auth.initiator!.payloads.find((p) => p.name.startsWith("SA"))!.bytes;
    expect(at("5.9.5")).toBe(148);
    expect(at("5.9.6")).toBe(156);
  });
});
