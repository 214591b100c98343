/**
 * simulateHandshake: IKE_SA_INIT + IKE_AUTH between two loaded configurations, step by step as charon
 * 5.9/6.0 runs them (semantics §7), predicting whether the IKE_SA is established and the log lines
 * each side prints (§8). Pure: resolved configurations in, a result with findings out. Addresses are
 * assumed to match; IKE proposals are compared in a simplified way (see select.ts).
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import type { Identity } from "../../identity/parse.js";
import type { Certificate } from "../../input/certificate.js";
import { colonHex } from "../../input/spki.js";
import { formatProposal } from "../../proposals/index.js";
import { sameCert } from "../chain/issuer.js";
import { certreqCas, certsSent, signingCredentials } from "./certs.js";
import { checkConstraints } from "./constraints.js";
import { initiatorIds, responderId } from "./ids.js";
import { LOG } from "./logs.js";
import { ikeProposalMatches, negotiateChildSa, negotiateIkeSaInit } from "./proposals.js";
import { type SelectionTrace, selectPeerConfigs } from "./select.js";
import type {
  FailureStep,
  HandshakeConnection,
  HandshakeHost,
  HandshakeOptions,
  HandshakeResult,
  MessageView,
  Side,
} from "./types.js";
import { verifyPeer } from "./verify.js";

export { identityConstraintLog, signatureScheme } from "./logs.js";
export { selectPeerConfigs } from "./select.js";
export type * from "./types.js";

const single = (a: string[]) => (a.length === 1 && /^[0-9a-f.:]+$/i.test(a[0]!) ? a[0]! : null);
const idView = (id: Identity) => ({ printed: id.printed, type: id.typeName });

function certreqLines(cas: Certificate[], receiver: HandshakeHost): string[] {
  const lines: string[] = [];
  let unknown = 0;
  for (const ca of cas) {
    if (
      receiver.certs.some(
        (c) => sameCert(c, ca) || colonHex(c.publicKey.keyIds.keyid) === colonHex(ca.publicKey.keyIds.keyid),
      )
    )
      lines.push(LOG.receivedCertreq(ca));
    else {
      unknown++;
      lines.push(`received cert request for unknown ca with keyid ${colonHex(ca.publicKey.keyIds.keyid)}`);
    }
  }
  if (unknown) lines.push(`received ${unknown} cert requests for an unknown ca`);
  return lines;
}

function certLines(certs: Certificate[], dir: "sending" | "received"): string[] {
  return certs.map((c, i) =>
    dir === "sending"
      ? i === 0
        ? LOG.sendingEe(c)
        : LOG.sendingIssuer(c)
      : i === 0
        ? LOG.receivedEe(c)
        : LOG.receivedIssuer(c),
  );
}

/** Why a responder connection was not a candidate, in words that name the ids and their types. */
function dropReason(t: SelectionTrace, idi: Identity, idr: Identity | null): string {
  const id = (v: { printed: string; type: string } | null) => (v ? `'${v.printed}' (${v.type})` : "%any");
  const typeNote = (v: { type: string } | null, got: Identity) =>
    v && v.type !== got.typeName && v.type !== "ID_ANY" ? "; identity types never match across" : "";
  switch (t.dropped) {
    case "version":
      return `'${t.name}' is IKEv1 only`;
    case "local-id":
      return `'${t.name}' has local id ${id(t.localId)}, the initiator asks for ${idr ? id({ printed: idr.printed, type: idr.typeName }) : "%any"}${idr ? typeNote(t.localId, idr) : ""}`;
    case "remote-id":
      return `'${t.name}' wants remote id ${id(t.remoteId)}, the initiator sends ${id({ printed: idi.printed, type: idi.typeName })}${typeNote(t.remoteId, idi)}`;
    case "proposal":
      return `'${t.name}' does not offer the selected IKE proposal`;
    default:
      return `'${t.name}' does not match`;
  }
}

export function simulateHandshake(
  ini: { host: HandshakeHost; connection: HandshakeConnection },
  res: { host: HandshakeHost },
  opts: HandshakeOptions = {},
): HandshakeResult {
  const mopts = { strongswan: opts.strongswan, rdnMatching: opts.rdnMatching };
  const mode = opts.rdnMatching ?? "strict";
  const conn = ini.connection;
  const iAddr = opts.initiatorAddr ?? single(conn.localAddrs) ?? "<initiator>";
  const rAddr = opts.responderAddr ?? single(conn.remoteAddrs) ?? "<responder>";
  const iLogs: string[] = [];
  const rLogs: string[] = [];
  const findings: Finding[] = [];
  const messages: MessageView[] = [];
  let responderConn: string | null = null;

  const { idi, idr, logs: idLogs } = initiatorIds(conn, iAddr, opts.strongswan);
  const ids: HandshakeResult["ids"] = { idi: idView(idi), idr: idr ? idView(idr) : null, responderId: null };
  const proposals: NonNullable<HandshakeResult["proposals"]> = {
    ike: null,
    child: null,
    childEstablished: null,
  };
  const done = (
    established: boolean,
    failure: { step: FailureStep; side: Side; log: string | null } | null,
    keyLine: { side: Side; line: string },
  ): HandshakeResult => ({
    established,
    initiator: { connection: conn.name, logs: iLogs },
    responder: { connection: responderConn, logs: rLogs },
    ids,
    messages,
    failure,
    proposals,
    keyLine,
    findings,
  });
  const fail = (step: FailureStep, side: Side, log: string, f: Finding[]) => {
    findings.push(...f);
    return done(false, { step, side, log }, { side, line: log });
  };

  if (conn.localAuth !== "pubkey" || conn.remoteAuth !== "pubkey") {
    findings.push(
      finding("HANDSHAKE_NOT_SIMULATED", {
        message: `connection '${conn.name}' uses ${conn.localAuth}/${conn.remoteAuth}; only pubkey (certificate) authentication is simulated`,
      }),
    );
    return done(
      false,
      { step: "not-simulated", side: "initiator", log: null },
      { side: "initiator", line: "" },
    );
  }

  // IKE_SA_INIT: the responder does not know the connection yet; its CERTREQ lists every CA it holds.
  const popts = { strongswan: opts.strongswan, preferSupplied: opts.preferSupplied };
  const ike = negotiateIkeSaInit(conn, res.host, popts);
  messages.push({
    exchange: "IKE_SA_INIT",
    from: "initiator",
    payloads: [{ name: "SA", detail: conn.proposals.join(", ") }],
  });
  rLogs.push(...ike.responderLogs);
  iLogs.push(...ike.initiatorLogs);
  const selected = ike.negotiation.selected;
  proposals.ike = selected ? formatProposal(selected) : null;
  if (!selected) {
    messages.push({
      exchange: "IKE_SA_INIT",
      from: "responder",
      payloads: [{ name: "N(NO_PROPOSAL_CHOSEN)", detail: null }],
    });
    findings.push(ike.finding!);
    return done(
      false,
      { step: "ike-proposals", side: "responder", log: "received proposals unacceptable" },
      { side: "initiator", line: "received NO_PROPOSAL_CHOSEN notify error" },
    );
  }
  const rSendsCertreq = res.host.connections.length === 0 || res.host.connections.some((c) => c.sendCertreq);
  const rCas = rSendsCertreq ? certreqCas(res.host, null) : [];
  for (const ca of rCas) rLogs.push(LOG.sendingCertreq(ca));
  messages.push({
    exchange: "IKE_SA_INIT",
    from: "responder",
    payloads: [
      { name: "SA", detail: formatProposal(selected) },
      ...(rCas.length
        ? [{ name: "CERTREQ" as const, detail: rCas.map((c) => c.subject.printed).join("; ") }]
        : []),
    ],
  });
  iLogs.push(...certreqLines(rCas, ini.host));

  // IKE_AUTH request
  const iCas = conn.sendCertreq ? certreqCas(ini.host, conn) : [];
  for (const ca of iCas) iLogs.push(LOG.sendingCertreq(ca));
  iLogs.push(...idLogs);
  const iCred = signingCredentials(conn, ini.host, idi, mopts);
  if (!iCred.cert || !iCred.key) {
    const log = LOG.noPrivateKey(idi);
    iLogs.push(log);
    return fail("initiator-private-key", "initiator", log, [
      noKeyFinding("initiator", conn, idi, log, iCred.cert),
    ]);
  }
  iLogs.push(LOG.authMyself(idi, iCred.cert.publicKey));
  const iCerts = certsSent(conn, ini.host, iCred.cert, rCas.length > 0, mode);
  iLogs.push(...certLines(iCerts, "sending"));
  messages.push({
    exchange: "IKE_AUTH",
    from: "initiator",
    payloads: [
      { name: "IDi", detail: `${idi.printed} (${idi.typeName})` },
      ...iCerts.map((c) => ({ name: "CERT" as const, detail: c.subject.printed })),
      ...(iCas.length
        ? [{ name: "CERTREQ" as const, detail: iCas.map((c) => c.subject.printed).join("; ") }]
        : []),
      ...(idr ? [{ name: "IDr" as const, detail: `${idr.printed} (${idr.typeName})` }] : []),
      {
        name: "AUTH",
        detail: LOG.authMyself(idi, iCred.cert.publicKey).split(" with ")[1]!.replace(" successful", ""),
      },
    ],
  });
  const authFailedResponse = () => {
    messages.push({
      exchange: "IKE_AUTH",
      from: "responder",
      payloads: [{ name: "N(AUTHENTICATION_FAILED)", detail: null }],
    });
    iLogs.push(LOG.authFailedNotify);
  };

  // Responder: peer-config selection
  rLogs.push(...certreqLines(iCas, res.host));
  rLogs.push(...certLines(iCerts, "received"));
  rLogs.push(LOG.lookingFor(rAddr, idr, iAddr, idi));
  const { candidates, trace } = selectPeerConfigs(
    res.host.connections,
    idi,
    idr,
    (c) => ikeProposalMatches(c, selected, popts),
    mopts,
  );
  if (candidates.length === 0) {
    rLogs.push(LOG.noPeerConfig);
    authFailedResponse();
    const why = trace.length ? trace.map((t) => dropReason(t, idi, idr)).join("; ") : "it has no connection";
    return fail("peer-config", "responder", LOG.noPeerConfig, [
      finding("HANDSHAKE_NO_PEER_CONFIG", {
        message: `the responder finds no connection for IDi '${idi.printed}' (${idi.typeName})${idr ? ` and IDr '${idr.printed}' (${idr.typeName})` : ""}: ${why}`,
        data: { trace },
      }),
    ]);
  }
  let cand = 0;
  let rConn = candidates[0]!.conn;
  responderConn = rConn.name;
  rLogs.push(LOG.selected(rConn.name));

  // Responder verifies the initiator
  const rv = verifyPeer({
    verifier: res.host,
    receivedId: idi,
    signerCert: iCred.cert,
    received: iCerts,
    at: opts.at,
    ...mopts,
    peer: "the initiator",
  });
  rLogs.push(...rv.logs);
  if (!rv.ok) {
    authFailedResponse();
    return fail("responder-verifies-initiator", "responder", rv.failLog!, rv.findings);
  }
  findings.push(...rv.findings);
  for (;;) {
    const c = checkConstraints(rConn, idi, rv.cert!, rv.issuers, mopts, rv.revocation, rv.certPolicies);
    if (c.ok) break;
    rLogs.push(c.log!, `selected peer config '${rConn.name}' unacceptable: non-matching authentication done`);
    cand++;
    if (cand >= candidates.length) {
      rLogs.push(LOG.noAlternative);
      authFailedResponse();
      return fail("responder-constraints", "responder", c.log!, [c.finding!]);
    }
    rConn = candidates[cand]!.conn;
    responderConn = rConn.name;
    rLogs.push(LOG.switching(rConn.name));
  }

  // Responder answers: its IDr and its own AUTH
  const rid = responderId(rConn, idr, rAddr, mopts);
  rLogs.push(...rid.logs);
  ids.responderId = idView(rid.id);
  if (rid.mismatch) {
    authFailedResponse();
    return fail("peer-config", "responder", rid.logs[0]!, [
      finding("HANDSHAKE_IDR_MISMATCH", { message: rid.logs[0]!, log: rid.logs[0]! }),
    ]);
  }
  const rCred = signingCredentials(rConn, res.host, rid.id, mopts);
  if (!rCred.cert || !rCred.key) {
    const log = LOG.noPrivateKey(rid.id);
    rLogs.push(log);
    authFailedResponse();
    return fail("responder-private-key", "responder", log, [
      noKeyFinding("responder", rConn, rid.id, log, rCred.cert),
    ]);
  }
  rLogs.push(LOG.authMyself(rid.id, rCred.cert.publicKey));
  const rCerts = certsSent(rConn, res.host, rCred.cert, iCas.length > 0, mode);
  rLogs.push(...certLines(rCerts, "sending"));
  rLogs.push(LOG.established(rConn.name, rAddr, rid.id, iAddr, idi));
  messages.push({
    exchange: "IKE_AUTH",
    from: "responder",
    payloads: [
      { name: "IDr", detail: `${rid.id.printed} (${rid.id.typeName})` },
      ...rCerts.map((c) => ({ name: "CERT" as const, detail: c.subject.printed })),
      {
        name: "AUTH",
        detail: LOG.authMyself(rid.id, rCred.cert.publicKey).split(" with ")[1]!.replace(" successful", ""),
      },
    ],
  });

  // Initiator verifies the responder
  iLogs.push(...certLines(rCerts, "received"));
  const iv = verifyPeer({
    verifier: ini.host,
    receivedId: rid.id,
    signerCert: rCred.cert,
    received: rCerts,
    at: opts.at,
    ...mopts,
    peer: "the responder",
  });
  iLogs.push(...iv.logs);
  if (!iv.ok) return fail("initiator-verifies-responder", "initiator", iv.failLog!, iv.findings);
  findings.push(...iv.findings);
  const ic = checkConstraints(conn, rid.id, iv.cert!, iv.issuers, mopts, iv.revocation, iv.certPolicies);
  if (!ic.ok) {
    iLogs.push(ic.log!, LOG.unacceptable(conn.name), LOG.noAlternative);
    return fail("initiator-constraints", "initiator", ic.log!, [ic.finding!]);
  }
  const est = LOG.established(conn.name, iAddr, idi, rAddr, rid.id);
  iLogs.push(est);
  const child = negotiateChildSa(conn, rConn, popts);
  if (child) {
    rLogs.push(...child.responderLogs);
    iLogs.push(...child.initiatorLogs);
    findings.push(...child.findings);
    if (!child.negotiation.selected)
      messages.at(-1)!.payloads.push({ name: "N(NO_PROPOSAL_CHOSEN)", detail: null });
  }
  proposals.child = child?.negotiation.selected ? formatProposal(child.negotiation.selected) : null;
  proposals.childEstablished = child ? !!child.negotiation.selected : null;
  const known = !iAddr.startsWith("<") && !rAddr.startsWith("<");
  return done(true, null, {
    side: "initiator",
    line: known ? est : LOG.authPeer(rid.id, rCred.cert.publicKey),
  });
}

function noKeyFinding(
  side: Side,
  conn: HandshakeConnection,
  id: Identity,
  log: string,
  cert: Certificate | null,
): Finding {
  if (!cert)
    return finding("HANDSHAKE_NO_LOCAL_CERT", {
      message: `the ${side} ('${conn.name}') has no certificate configured and none loaded proves '${id.printed}' with its private key`,
      log,
    });
  return finding("HANDSHAKE_NO_PRIVATE_KEY", {
    message: `the ${side} ('${conn.name}') has no private key for its certificate "${cert.subject.printed}"`,
    log,
    fix: `put the private key of "${cert.subject.printed}" in private/ (compare with \`ikecert pair <cert> <key>\`)`,
  });
}
