/**
 * Proposals in the handshake simulation (lib/checks/handshake/proposals.ts) on hand-made
 * connections; the real charons agree in test/strongswan/handshake-diff.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  ikeProposalMatches,
  negotiateChildSa,
  negotiateIkeSaInit,
} from "../lib/checks/handshake/proposals.js";
import type { HandshakeConnection, HandshakeHost } from "../lib/checks/handshake/types.js";
import { swanctlProposals } from "../lib/proposals/configured.js";
import { testConnection } from "./handshake-connection.js";

const O = { strongswan: "5.9.8" };
const ike = (s: string) => swanctlProposals("IKE", s.split(","), O).proposals;
const esp = (s: string) => swanctlProposals("ESP", s.split(","), O).proposals;

function conn(name: string, o: Partial<HandshakeConnection> = {}): HandshakeConnection {
  return testConnection(name, null, o);
}
const host = (connections: HandshakeConnection[]): HandshakeHost => ({
  label: "r",
  connections,
  certs: [],
  keys: [],
});

describe("IKE_SA_INIT in the handshake", () => {
  it("the responder tries its other connections; the one that accepts supplies the selection", () => {
    const ini = conn("home", { ikeProposals: ike("aes128-sha256-x25519") });
    const r = negotiateIkeSaInit(
      ini,
      host([conn("strict", { ikeProposals: ike("aes256gcm16-prfsha384-ecp384") }), conn("open")]),
      O,
    );
    expect(r.config?.name).toBe("open");
    // the first config's failed selection prints both lists at level 1, as charon does
    expect(r.responderLogs).toEqual([
      "received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519",
      "configured proposals: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384",
      "no matching proposal found, trying alternative config",
      "selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519",
    ]);
    // ...and in IKE_AUTH the strict one is no candidate
    expect(
      ikeProposalMatches(
        conn("strict", { ikeProposals: ike("aes256gcm16-prfsha384-ecp384") }),
        r.negotiation.selected,
        O,
      ),
    ).toBe(false);
    expect(ikeProposalMatches(conn("open"), r.negotiation.selected, O)).toBe(true);
  });

  it("nothing in common: the finding names the transform type and what each side lists", () => {
    const r = negotiateIkeSaInit(
      conn("home", { ikeProposals: ike("aes128-sha256-ecp256") }),
      host([conn("gw", { ikeProposals: ike("aes128-sha256-ecp384") })]),
      O,
    );
    expect(r.negotiation.selected).toBeNull();
    expect(r.finding?.code).toBe("NO_PROPOSAL_CHOSEN_IKE");
    expect(r.finding?.message).toContain(
      "share no KEY_EXCHANGE_METHOD (responder: ECP_384; initiator: ECP_256)",
    );
    expect(r.initiatorLogs).toEqual(["received NO_PROPOSAL_CHOSEN notify error"]);
  });

  it("a responder connection charon refused is not tried; an initiator's refused proposals are PROPOSAL_INVALID", () => {
    const bad = conn("bad", { ikeProposals: [], proposalError: "algorithm 'AES128' not recognized" });
    const r = negotiateIkeSaInit(conn("home"), host([bad, conn("good")]), O);
    expect(r.config?.name).toBe("good");
    expect(r.responderLogs).not.toContain("no matching proposal found, trying alternative config");
    const mine = negotiateIkeSaInit(bad, host([conn("good")]), O);
    expect(mine.finding?.code).toBe("PROPOSAL_INVALID");
  });
});

describe("the CHILD_SA in the handshake", () => {
  it("no ESP proposal in common: NO_PROPOSAL_CHOSEN_CHILD; the IKE_SA stays", () => {
    const r = negotiateChildSa(
      conn("home", { childProposals: esp("aes128gcm16") }),
      conn("gw", { childProposals: esp("aes256-sha256") }),
      O,
    )!;
    expect(r.negotiation.selected).toBeNull();
    expect(r.findings.map((f) => f.code)).toEqual(["NO_PROPOSAL_CHOSEN_CHILD"]);
    expect(r.responderLogs).toContain("failed to establish CHILD_SA, keeping IKE_SA");
  });

  it("a PFS group only on one side: the CHILD_SA comes up, its rekeying would fail", () => {
    const r = negotiateChildSa(conn("home", { childProposals: esp("aes128gcm16-modp2048") }), conn("gw"), O)!;
    expect(r.negotiation.selected).not.toBeNull();
    expect(r.findings.map((f) => f.code)).toEqual(["NO_PROPOSAL_CHOSEN_REKEY"]);
    // from 6.0.2 the default ESP proposals accept any group (modelled)
    const six = negotiateChildSa(
      conn("home", {
        childProposals: swanctlProposals("ESP", ["aes128gcm16-modp2048"], { strongswan: "6.0.2" }).proposals,
      }),
      conn("gw"),
      { strongswan: "6.0.2" },
    )!;
    expect(six.findings).toEqual([]);
  });

  it("childless: no CHILD_SA to negotiate", () => {
    expect(negotiateChildSa(conn("home", { childProposals: null }), conn("gw"), O)).toBeNull();
  });
});
