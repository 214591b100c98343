/**
 * The order in which a responder tries its connections (backend_manager.c insert_sorted; the auth
 * tier checks the same against charon 5.9.8): a connection for the IKE version in use before an
 * equally matching one for any version, better id matches first, file order among equals; IKEv1 asks
 * with IDi alone and takes connections for any version too.
 */
import { describe, expect, it } from "vitest";
import { ikev1PeerConfigs, selectPeerConfigs } from "../lib/checks/handshake/select.js";
import { parseIdentity } from "../lib/index.js";
import { testConnection } from "./handshake-connection.js";

const id = (s: string) => parseIdentity(s);
const c = (name: string, version: number, remoteId: string | null = null) =>
  testConnection(name, null, { version, remoteId: remoteId === null ? null : id(remoteId) });
const names = (xs: { name: string }[]) => xs.map((x) => x.name);

describe("candidate order", () => {
  it("IKEv2: a later version = 2 connection before an earlier version = 0 one of the same match", () => {
    const r = selectPeerConfigs(
      [c("any-1", 0), c("v2", 2), c("any-2", 0), c("v1", 1)],
      id("client@example.com"),
      id("vpn.example.com"),
      () => true,
      {},
    );
    expect(names(r.candidates.map((x) => x.conn))).toEqual(["v2", "any-1", "any-2"]);
    expect(r.trace.find((t) => t.name === "v1")?.dropped).toBe("version");
  });

  it("IKEv2: a better id match wins over the version", () => {
    const r = selectPeerConfigs(
      [c("v2-any", 2), c("any-exact", 0, "client@example.com")],
      id("client@example.com"),
      null,
      () => true,
      {},
    );
    // (ike 4, peer 2) and (ike 0, peer 21): neither beats the other on both counts, so the later
    // one is inserted before the first entry it beats, which is none: file order
    expect(names(r.candidates.map((x) => x.conn))).toEqual(["v2-any", "any-exact"]);
  });

  it("IKEv1: the best remote id first, connections for any version included, IKEv2 ones not", () => {
    const got = ikev1PeerConfigs(
      [c("wild", 1), c("v2", 2, "client@example.com"), c("exact", 1, "client@example.com"), c("any", 0)],
      id("client@example.com"),
      {},
    );
    expect(names(got)).toEqual(["exact", "wild", "any"]);
    expect(names(ikev1PeerConfigs([c("other", 1, "bob@example.com")], id("client@example.com"), {}))).toEqual(
      [],
    );
  });
});
