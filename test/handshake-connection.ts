/**
 * A connection for handshake unit tests (lib/checks/handshake): certificate authentication on both
 * rounds, charon's defaults for everything else, `o` on top.
 */
import type { HandshakeConnection } from "../lib/checks/handshake/types.js";
import type { Certificate } from "../lib/index.js";

export function testConnection(
  name: string,
  localCert: Certificate | null,
  o: Partial<HandshakeConnection> = {},
): HandshakeConnection {
  return {
    name,
    version: 2,
    localAuth: "pubkey",
    remoteAuth: "pubkey",
    localCert,
    privateKey: null,
    localId: null,
    localIdDefaulted: false,
    remoteId: null,
    remoteIdLoose: false,
    remoteCacerts: [],
    sendCert: "ifasked",
    sendCertreq: true,
    proposals: ["default"],
    localAddrs: [],
    remoteAddrs: [],
    ...o,
  };
}
