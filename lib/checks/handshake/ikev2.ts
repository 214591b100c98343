/**
 * IKEv2: IKE_SA_INIT and IKE_AUTH between the two sides as charon runs them (semantics §7;
 * src/libcharon/sa/ikev2/tasks/ike_auth.c build_i / process_r / build_r / process_i). The first
 * authentication round of each side is played with its class: public key (certificate or raw key),
 * pre-shared key, or EAP with the initiator as client. Each authenticator lives in auth/.
 */
import { finding } from "../../findings/index.js";
import { type Identity, identityFromEncoding } from "../../identity/parse.js";
import { ID_TYPES } from "../../x509/types.js";
import { type ComplyResult, complies, type DoneAuth, doneAuth } from "./auth/complies.js";
import { runEap, servesEap, startEap } from "./auth/eap.js";
import { buildPsk, type PskBuild, verifyPsk } from "./auth/psk.js";
import { buildPubkey, type PubkeyBuild, verifyPubkey } from "./auth/pubkey.js";
import { announcedHashes, PEER_HASHES } from "./auth/schemes.js";
import { certreqCas } from "./certs.js";
import { type Exchange, idView } from "./exchange.js";
import { responderId } from "./ids.js";
import { certPayloadLines, LOG } from "./logs.js";
import { ikeProposalMatches } from "./proposals.js";
import { certreqLines, childSa, ikeSaInit } from "./sa-steps.js";
import { type SelectionTrace, selectPeerConfigs } from "./select.js";
import type { HandshakeConnection, HandshakeHost, HandshakeResult, PayloadView, Side } from "./types.js";

type Built = { kind: "pubkey"; b: PubkeyBuild } | { kind: "psk"; b: PskBuild } | { kind: "eap" };

const anyId = (ex: Exchange): Identity =>
  identityFromEncoding(ID_TYPES.ID_ANY, new Uint8Array(0), { strongswan: ex.opts.strongswan });

/** Why a responder connection was not a candidate, in words that name the ids and their types. */
function dropReason(t: SelectionTrace, idi: Identity, idr: Identity | null): string {
  const id = (v: { printed: string; type: string } | null) => (v ? `'${v.printed}' (${v.type})` : "%any");
  const typeNote = (v: { type: string } | null, got: Identity) =>
    v && v.type !== got.typeName && v.type !== "ID_ANY" ? "; identity types never match across" : "";
  switch (t.dropped) {
    case "version":
      return `'${t.name}' is IKEv1 only`;
    case "local-id":
      return `'${t.name}' has local id ${id(t.localId)}, the initiator asks for ${idr ? id(idView(idr)) : "%any"}${idr ? typeNote(t.localId, idr) : ""}`;
    case "remote-id":
      return `'${t.name}' wants remote id ${id(t.remoteId)}, the initiator sends ${id(idView(idi))}${typeNote(t.remoteId, idi)}`;
    case "proposal":
      return `'${t.name}' does not offer the selected IKE proposal`;
    default:
      return `'${t.name}' does not match`;
  }
}

/** Build one side's AUTH for its first local round (or nothing, for an EAP client). */
function buildAuth(
  ex: Exchange,
  side: Side,
  conn: HandshakeConnection,
  host: HandshakeHost,
  me: Identity,
  other: Identity,
  certreqSeen: boolean,
): Built | HandshakeResult {
  const cls = conn.localRound?.spec.authClass ?? conn.localAuth;
  const logs = ex.logs(side);
  if (cls === "psk") {
    const b = buildPsk(side, host, me, other, ex.mopts);
    logs.push(...b.logs);
    if (!b.ok) {
      if (side === "responder") ex.authFailedResponse();
      return ex.fail(side === "initiator" ? "initiator-psk" : "responder-psk", side, b.failLog!, [
        b.finding!,
      ]);
    }
    return { kind: "psk", b };
  }
  // the hashes the other side announced in IKE_SA_INIT: an initiator narrows them to its remote
  // round's IKE signature constraints; a responder, with no peer config yet, announces all
  const peerHashes =
    side === "responder"
      ? announcedHashes(ex.ini.connection.remoteRound?.spec.ikeSchemes ?? [])
      : PEER_HASHES;
  const b = buildPubkey(side, conn, host, me, certreqSeen, { ...ex.mopts, at: ex.opts.at, peerHashes });
  logs.push(...b.logs);
  if (!b.ok) {
    if (side === "responder") ex.authFailedResponse();
    return ex.fail(
      side === "initiator" ? "initiator-private-key" : "responder-private-key",
      side,
      b.failLog!,
      [b.finding!],
    );
  }
  logs.push(...certPayloadLines("sending", b.certs, b.acerts));
  return { kind: "pubkey", b };
}

function authPayload(built: Built): PayloadView[] {
  if (built.kind === "eap") return [];
  return [{ name: "AUTH", detail: built.kind === "psk" ? "pre-shared key" : built.b.authLabel }];
}

function certPayloads(built: Built): PayloadView[] {
  if (built.kind !== "pubkey") return [];
  return [
    ...built.b.certs.map((c) => ({ name: "CERT" as const, detail: c.subject.printed })),
    ...built.b.acerts.map((a) => ({
      name: "CERT" as const,
      detail: `attribute certificate from ${a.issuer?.printed ?? "?"}`,
    })),
  ];
}

/** One side verifies the other's AUTH (by the method the AUTH payload names). */
function verifyAuth(
  ex: Exchange,
  verifierSide: Side,
  host: HandshakeHost,
  me: Identity,
  peerId: Identity,
  built: Built,
): { ok: true; done: DoneAuth } | { ok: false; log: string; findings: ReturnType<typeof finding>[] } {
  const peer = verifierSide === "responder" ? "the initiator" : "the responder";
  const logs = ex.logs(verifierSide);
  if (built.kind === "psk") {
    const v = verifyPsk(peer, host, me, peerId, built.b.key!, ex.mopts);
    logs.push(...v.logs);
    return v.ok ? { ok: true, done: v.done! } : { ok: false, log: v.failLog!, findings: v.findings };
  }
  if (built.kind !== "pubkey") throw new Error("EAP is verified by the EAP exchange");
  const v = verifyPubkey({
    verifier: host,
    receivedId: peerId,
    signer: built.b,
    received: built.b.certs,
    receivedAcs: built.b.acerts,
    at: ex.opts.at,
    ...ex.mopts,
    peer,
  });
  logs.push(...v.logs);
  return v.ok ? { ok: true, done: v.done! } : { ok: false, log: v.failLog!, findings: v.findings };
}

/** update_cfg_candidates on the responder: the selected connection or the next that complies. */
function responderComplies(
  ex: Exchange,
  candidates: HandshakeConnection[],
  start: number,
  done: DoneAuth,
): { index: number } | { failed: ComplyResult } {
  for (let i = start; ; ) {
    const c = complies(candidates[i]!, done, ex.mopts);
    if (c.ok) return { index: i };
    ex.rLogs.push(
      c.log!,
      `selected peer config '${candidates[i]!.name}' unacceptable: non-matching authentication done`,
    );
    i++;
    if (i >= candidates.length) {
      ex.rLogs.push(LOG.noAlternative);
      return { failed: c };
    }
    ex.responderConn = candidates[i]!.name;
    ex.rLogs.push(LOG.switching(candidates[i]!.name));
  }
}

export function ikev2(ex: Exchange, idi: Identity, idr: Identity | null, idLogs: string[]): HandshakeResult {
  const conn = ex.conn;
  const iHost = ex.ini.host;
  const rHost = ex.res.host;
  const iClass = conn.localRound?.spec.authClass ?? conn.localAuth;

  const init = ikeSaInit(ex);
  if ("established" in init) return init;
  const { selected, rCas } = init;

  // IKE_AUTH request
  const iCas = conn.sendCertreq ? certreqCas(iHost, conn) : [];
  for (const ca of iCas) ex.iLogs.push(LOG.sendingCertreq(ca));
  ex.iLogs.push(...idLogs);
  let iBuilt: Built = { kind: "eap" };
  if (iClass !== "eap") {
    const b = buildAuth(ex, "initiator", conn, iHost, idi, idr ?? anyId(ex), rCas.length > 0);
    if ("established" in b) return b;
    iBuilt = b;
  }
  ex.message("IKE_AUTH", "initiator", [
    { name: "IDi", detail: `${idi.printed} (${idi.typeName})` },
    ...certPayloads(iBuilt),
    ...(iCas.length
      ? [{ name: "CERTREQ" as const, detail: iCas.map((c) => c.subject.printed).join("; ") }]
      : []),
    ...(idr ? [{ name: "IDr" as const, detail: `${idr.printed} (${idr.typeName})` }] : []),
    ...authPayload(iBuilt),
  ]);

  // Responder: peer-config selection
  ex.rLogs.push(...certreqLines(iCas, rHost));
  if (iBuilt.kind === "pubkey")
    ex.rLogs.push(...certPayloadLines("received", iBuilt.b.certs, iBuilt.b.acerts));
  ex.rLogs.push(LOG.lookingFor(ex.rAddr, idr, ex.iAddr, idi));
  const { candidates: found, trace } = selectPeerConfigs(
    rHost.connections,
    idi,
    idr,
    (c) => ikeProposalMatches(c, selected, ex.popts),
    ex.mopts,
  );
  if (found.length === 0) {
    ex.rLogs.push(LOG.noPeerConfig);
    ex.authFailedResponse();
    const why = trace.length ? trace.map((t) => dropReason(t, idi, idr)).join("; ") : "it has no connection";
    return ex.fail("peer-config", "responder", LOG.noPeerConfig, [
      finding("HANDSHAKE_NO_PEER_CONFIG", {
        message: `the responder finds no connection for IDi '${idi.printed}' (${idi.typeName})${idr ? ` and IDr '${idr.printed}' (${idr.typeName})` : ""}: ${why}`,
        data: { trace },
      }),
    ]);
  }
  const candidates = found.map((c) => c.conn);
  let cand = 0;
  ex.responderConn = candidates[0]!.name;
  ex.rLogs.push(LOG.selected(candidates[0]!.name));

  // Responder verifies the initiator (or, for an EAP client, finds a connection that serves EAP)
  let rDone: DoneAuth | null = null;
  if (iBuilt.kind === "eap") {
    while (!servesEap(candidates[cand]!)) {
      ex.rLogs.push("peer requested EAP, config unacceptable");
      cand++;
      if (cand >= candidates.length) {
        ex.rLogs.push(LOG.noAlternative);
        ex.authFailedResponse();
        return ex.fail("responder-eap", "responder", "peer requested EAP, config unacceptable", [
          finding("HANDSHAKE_EAP_NOT_SERVED", {
            message: `the initiator authenticates with EAP (auth = ${conn.localRound?.spec.text ?? "eap"}), and no responder connection for its ids names an EAP method in its remote round (${candidates.map((c) => `'${c.name}': ${c.remoteRound?.spec.text ?? c.remoteAuth}`).join(", ")})`,
            log: "peer requested EAP, config unacceptable",
          }),
        ]);
      }
      ex.responderConn = candidates[cand]!.name;
      ex.rLogs.push(LOG.switching(candidates[cand]!.name));
    }
  } else {
    const v = verifyAuth(ex, "responder", rHost, idr ?? anyId(ex), idi, iBuilt);
    if (!v.ok) {
      ex.authFailedResponse();
      return ex.fail("responder-verifies-initiator", "responder", v.log, v.findings);
    }
    rDone = v.done;
    const sel = responderComplies(ex, candidates, cand, rDone);
    if ("failed" in sel) {
      ex.authFailedResponse();
      return ex.fail("responder-constraints", "responder", sel.failed.log!, [sel.failed.finding!]);
    }
    cand = sel.index;
  }
  const rConn = candidates[cand]!;
  ex.responderConn = rConn.name;

  // Responder answers: its IDr, the EAP request, its own AUTH
  const rid = responderId(rConn, idr, ex.rAddr, ex.mopts);
  ex.rLogs.push(...rid.logs);
  ex.ids.responderId = idView(rid.id);
  if (rid.mismatch) {
    ex.authFailedResponse();
    return ex.fail("peer-config", "responder", rid.logs[0]!, [
      finding("HANDSHAKE_IDR_MISMATCH", { message: rid.logs[0]!, log: rid.logs[0]! }),
    ]);
  }
  const rClass = rConn.localRound?.spec.authClass ?? rConn.localAuth;
  if (rClass !== "pubkey" && rClass !== "psk")
    return ex.notSimulated(
      finding("HANDSHAKE_NOT_SIMULATED", {
        message: `the responder's connection '${rConn.name}' authenticates itself with ${rConn.localRound?.spec.text ?? rClass} (an EAP-only or XAuth responder), which is not simulated: its EAP server role towards a peer that accepts EAP-only authentication decides`,
      }),
      "responder",
    );
  const eap = iBuilt.kind === "eap" ? startEap(rConn, ex.mopts) : null;
  if (eap) ex.rLogs.push(...eap.server);
  const rBuilt = buildAuth(ex, "responder", rConn, rHost, rid.id, idi, iCas.length > 0);
  if ("established" in rBuilt) return rBuilt;
  if (!eap) ex.rLogs.push(LOG.established(rConn.name, ex.rAddr, rid.id, ex.iAddr, idi));
  ex.message("IKE_AUTH", "responder", [
    { name: "IDr", detail: `${rid.id.printed} (${rid.id.typeName})` },
    ...certPayloads(rBuilt),
    ...authPayload(rBuilt),
    ...(eap
      ? [{ name: "EAP" as const, detail: eap.askIdentity ? "EAP/REQ/ID" : `EAP/REQ ${eap.method}` }]
      : []),
  ]);

  // Initiator verifies the responder
  if (rBuilt.kind === "pubkey")
    ex.iLogs.push(...certPayloadLines("received", rBuilt.b.certs, rBuilt.b.acerts));
  const iv = verifyAuth(ex, "initiator", iHost, idi, rid.id, rBuilt);
  if (!iv.ok) return ex.fail("initiator-verifies-responder", "initiator", iv.log, iv.findings);
  const ic = complies(conn, iv.done, ex.mopts);
  if (!ic.ok) {
    ex.iLogs.push(ic.log!, LOG.unacceptable(conn.name), LOG.noAlternative);
    return ex.fail("initiator-constraints", "initiator", ic.log!, [ic.finding!]);
  }

  if (eap) {
    const run = runEap(
      { host: iHost, conn, idi, serverId: rid.id },
      { host: rHost, conn: rConn, myId: rid.id, localCert: rBuilt.kind === "pubkey" ? rBuilt.b.cert : null },
      eap,
      ex.mopts,
    );
    ex.iLogs.push(...run.client);
    ex.rLogs.push(...run.server);
    ex.message("IKE_AUTH", "initiator", [{ name: "EAP", detail: `EAP/RES ${run.method}` }]);
    if (!run.ok) {
      if (!run.failSide) return ex.notSimulated(run.findings[0]!, "responder");
      ex.message("IKE_AUTH", "responder", [{ name: "EAP", detail: "EAP/FAIL" }]);
      return ex.fail(
        run.failSide === "initiator" ? "initiator-eap" : "responder-eap",
        run.failSide,
        run.failLog!,
        run.findings,
      );
    }
    ex.message("IKE_AUTH", "responder", [{ name: "EAP", detail: "EAP/SUCC" }]);
    ex.iLogs.push(`authentication of '${idi.printed}' (myself) with EAP`);
    ex.rLogs.push(`authentication of '${idi.printed}' with EAP successful`);
    const eDone = doneAuth({ authClass: "eap", id: idi, eapType: run.method, eapId: run.eapId });
    const c = complies(rConn, eDone, ex.mopts);
    if (!c.ok) {
      ex.rLogs.push(
        c.log!,
        `selected peer config '${rConn.name}' unacceptable: constraint checking failed`,
        LOG.noAlternative,
      );
      ex.authFailedResponse();
      return ex.fail("responder-constraints", "responder", c.log!, [c.finding!]);
    }
    ex.rLogs.push(
      `authentication of '${rid.id.printed}' (myself) with EAP`,
      LOG.established(rConn.name, ex.rAddr, rid.id, ex.iAddr, idi),
    );
    ex.iLogs.push(`authentication of '${rid.id.printed}' with EAP successful`);
    ex.message("IKE_AUTH", "initiator", [{ name: "AUTH", detail: "EAP (MSK)" }]);
    ex.message("IKE_AUTH", "responder", [{ name: "AUTH", detail: "EAP (MSK)" }]);
  }
  const est = LOG.established(conn.name, ex.iAddr, idi, ex.rAddr, rid.id);
  ex.iLogs.push(est);
  childSa(ex, rConn);
  const known = !ex.iAddr.startsWith("<") && !ex.rAddr.startsWith("<");
  const authLine =
    ex.iLogs.filter((l) => l.startsWith(`authentication of '${rid.id.printed}' with `)).at(-1) ?? est;
  return ex.done(true, null, { side: "initiator", line: known ? est : authLine });
}
