/**
 * EAP in IKE_AUTH, the initiator as client and the responder as server
 * (src/libcharon/sa/ikev2/authenticators/eap_authenticator.c; tasks/ike_auth.c process_r):
 * - the responder needs a connection whose remote round names an EAP method ("peer requested EAP,
 *   config unacceptable" otherwise, also for a bare `auth = eap`);
 * - with `eap_id = %any` it first asks for the EAP identity; a fixed `eap_id` is used as it is in
 *   5.9.x ("using configured EAP-Identity"), and asked for since 6.0.2;
 * - the client answers a request for another method than its own with EAP_NAK;
 * - the method runs (eap-methods.ts); then both sides authenticate the IKE_SA with the EAP key.
 * RADIUS, TTLS, PEAP, dynamic and the SIM/AKA/GTC/TNC methods are named as not simulated, with what
 * decides them.
 */

import { finding } from "../../../findings/index.js";
import type { Finding } from "../../../findings/types.js";
import { identityMatches } from "../../../identity/match.js";
import { type Identity, identityFromData } from "../../../identity/parse.js";
import { type ReleaseLike, rulesFor } from "../../../rules.js";
import type { Certificate } from "../../../x509/certificate.js";
import { ID_TYPES } from "../../../x509/types.js";
import type { HandshakeConnection, HandshakeHost } from "../types.js";
import { EAP_ID, type MethodRun, runMd5, runMschapv2, runTls } from "./eap-methods.js";

type Opts = { strongswan?: ReleaseLike; rdnMatching?: "strict" | "reordered" | "relaxed"; at?: Date };

/** What decides an EAP method the simulation does not play. */
export const EAP_NOT_SIMULATED: Record<string, string> = {
  EAP_RADIUS:
    "the RADIUS server decides: charon's eap-radius plugin forwards the EAP conversation to the servers in strongswan.conf (charon.plugins.eap-radius.servers) and accepts what they accept",
  EAP_TTLS:
    "the TLS server certificate and the tunnelled phase-2 method decide (strongswan.conf charon.plugins.eap-ttls.phase2_method, default md5, and that method's secrets)",
  EAP_PEAP:
    "the TLS server certificate and the tunnelled phase-2 method decide (charon.plugins.eap-peap.phase2_method, default mschapv2); Debian's packages do not ship the eap-peap plugin",
  EAP_DYNAMIC:
    "the methods in charon.plugins.eap-dynamic.preferred and the ones the client accepts decide; Debian's packages do not ship the eap-dynamic plugin",
  EAP_SIM: "the SIM triplets (eap-sim-file or a card) decide",
  EAP_AKA: "the USIM quintuplets (eap-aka-3gpp or a card) decide",
  EAP_GTC: "the eap-gtc backend (PAM, charon.plugins.eap-gtc.backend) decides",
  EAP_TNC: "the TNC policy decides (eap-tnc with a PDP or IF-MAP server)",
  EAP_OTP: "no EAP-OTP implementation exists in strongSwan: charon fails to load the method",
};

const SIMULATED = new Set(["EAP_MD5", "EAP_MSCHAPV2", "EAP_TLS"]);
const PASS_THROUGH = new Set(["EAP_RADIUS", "EAP_DYNAMIC"]);

/** process_r: the remote round can serve an EAP client only with a method named. */
export function servesEap(conn: HandshakeConnection): boolean {
  const spec = conn.remoteRound?.spec;
  return spec?.authClass === "eap" && !!spec.eapType;
}

export interface EapStart {
  /** lines the server logs when it builds its first IKE_AUTH response (before its own AUTH) */
  server: string[];
  /** the identity the server uses for the peer when it does not ask for one */
  configuredIdentity: Identity | null;
  askIdentity: boolean;
  method: string;
  notSimulated: Finding | null;
}

/** server_initiate_eap: EAP-Identity first, or the method right away. */
export function startEap(res: HandshakeConnection, opts: Opts): EapStart {
  const round = res.remoteRound!;
  const method = round.spec.eapType!;
  const server: string[] = [];
  let askIdentity = false;
  let configuredIdentity: Identity | null = null;
  if (round.eapId) {
    if (round.eapId.type === ID_TYPES.ID_ANY || rulesFor(opts.strongswan).eapIdentityAlwaysRequested)
      askIdentity = true;
    else {
      configuredIdentity = round.eapId;
      server.push(`using configured EAP-Identity ${round.eapId.printed}`);
    }
  }
  if (askIdentity) server.push("initiating EAP_IDENTITY method (id 0x00)");
  let notSimulated: Finding | null = null;
  if (!SIMULATED.has(method)) {
    const why = EAP_NOT_SIMULATED[method] ?? `the ${method} method decides (its plugin and secrets)`;
    notSimulated = finding("HANDSHAKE_NOT_SIMULATED", {
      message: `connection '${res.name}' authenticates its peers with ${method} (auth = ${round.spec.text}), which is not simulated: ${why}`,
      log: null,
      fix: method === "EAP_RADIUS" ? "test the RADIUS server itself (e.g. with eapol_test or radtest)" : null,
    });
  }
  // RADIUS and dynamic hand the conversation to another party: the method on the wire is not known
  if (!askIdentity && !PASS_THROUGH.has(method)) server.push(`initiating ${method} method (id ${EAP_ID})`);
  return { server, configuredIdentity, askIdentity, method, notSimulated };
}

export interface EapRun {
  ok: boolean;
  client: string[];
  server: string[];
  failSide: "initiator" | "responder" | null;
  failLog: string | null;
  findings: Finding[];
  /** the EAP identity the server authenticated, and the method used */
  eapId: Identity | null;
  method: string;
}

/** The conversation after the client verified the server's AUTH. */
export function runEap(
  ini: { host: HandshakeHost; conn: HandshakeConnection; idi: Identity; serverId: Identity },
  res: { host: HandshakeHost; conn: HandshakeConnection; myId: Identity; localCert: Certificate | null },
  start: EapStart,
  opts: Opts,
): EapRun {
  const client: string[] = [];
  const server: string[] = [];
  const cRound = ini.conn.localRound;
  const sRound = res.conn.remoteRound!;
  let peerC = ini.idi;
  let peerS: Identity = start.configuredIdentity ?? ini.idi;
  if (start.askIdentity) {
    const sent = cRound?.eapId && cRound.eapId.type !== ID_TYPES.ID_ANY ? cRound.eapId : ini.idi;
    client.push(`server requested EAP_IDENTITY (id 0x00), sending '${sent.printed}'`);
    peerC = sent;
    peerS = identityFromData(new TextEncoder().encode(sent.printed), { strongswan: opts.strongswan });
    server.push(
      `received EAP identity '${peerS.printed}'`,
      `initiating ${start.method} method (id ${EAP_ID})`,
    );
  }
  const result = (r: Partial<EapRun>): EapRun => ({
    ok: false,
    client,
    server,
    failSide: null,
    failLog: null,
    findings: [],
    eapId: peerS,
    method: start.method,
    ...r,
  });
  // 6.0.2+: an EAP identity the connection does not accept (no switching simulated here)
  if (start.askIdentity && sRound.eapId && identityMatches(peerS, sRound.eapId, opts) === 0) {
    const log = `constraint check failed: EAP identity '${sRound.eapId.printed}' (${sRound.eapId.typeName}) required, not matched by '${peerS.printed}' (${peerS.typeName})`;
    server.push(log);
    return result({
      failSide: "responder",
      failLog: log,
      findings: [
        finding("HANDSHAKE_EAP_ID_CONSTRAINT", {
          message: `connection '${res.conn.name}' requires the EAP identity '${sRound.eapId.printed}', the client sent '${peerS.printed}'`,
          log,
        }),
      ],
    });
  }
  if (start.notSimulated && PASS_THROUGH.has(start.method)) return result({ findings: [start.notSimulated] });
  client.push(`server requested ${start.method} authentication (id ${EAP_ID})`);
  const want = cRound?.spec.eapType ?? null;
  if (want && want !== start.method) {
    client.push(`requesting ${want} authentication, sending EAP_NAK`);
    server.push("received EAP_NAK, sending EAP_FAILURE");
    client.push("received EAP_FAILURE, EAP authentication failed");
    return result({
      failSide: "responder",
      failLog: "received EAP_NAK, sending EAP_FAILURE",
      findings: [
        finding("HANDSHAKE_EAP_METHOD_MISMATCH", {
          message: `the server asks for ${start.method}, the client ('${ini.conn.name}', auth = ${cRound?.spec.text}) only does ${want}`,
          log: "received EAP_NAK, sending EAP_FAILURE",
        }),
      ],
    });
  }
  if (start.notSimulated) return result({ findings: [start.notSimulated] });
  const serverId = sRound.aaaId ?? res.myId;
  const clientServer = cRound?.aaaId ?? ini.serverId;
  const c = { host: ini.host, me: peerC, other: clientServer, cert: ini.conn.localCert };
  const s = { host: res.host, me: serverId, other: peerS, cert: res.localCert };
  let run: MethodRun;
  if (start.method === "EAP_MD5") run = runMd5(c, s, ini.idi, opts);
  else if (start.method === "EAP_MSCHAPV2") run = runMschapv2(c, s, opts);
  else run = runTls(c, s, opts);
  client.push(...run.client);
  server.push(...run.server);
  return result({
    ok: run.ok,
    failSide: run.failSide,
    failLog: run.failLog,
    findings: run.finding ? [run.finding] : [],
  });
}
