/**
 * The IKEv2 steps around authentication: IKE_SA_INIT (the proposal the responder selects, the
 * CERTREQ it sends) and the CHILD_SA of IKE_AUTH once both sides are authenticated. The selection
 * itself is proposals.ts; this module writes its outcome into the exchange.
 */

import { formatProposal, type Proposal } from "../../proposals/index.js";
import type { Certificate } from "../../x509/certificate.js";
import { colonHex } from "../../x509/spki.js";
import { sameCert } from "../chain/issuer.js";
import { certreqCas } from "./certs.js";
import type { Exchange } from "./exchange.js";
import { LOG } from "./logs.js";
import { negotiateChildSa, negotiateIkeSaInit } from "./proposals.js";
import type { HandshakeConnection, HandshakeHost, HandshakeResult } from "./types.js";

/** The lines a side logs for the CERTREQ payloads it receives (known CAs by name, others by key id). */
export function certreqLines(cas: Certificate[], receiver: HandshakeHost): string[] {
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

/**
 * IKE_SA_INIT: the responder does not know the connection yet; it selects a proposal from its IKE
 * configs and its CERTREQ lists every CA it holds. Ends the exchange when no proposal is chosen.
 */
export function ikeSaInit(ex: Exchange): { selected: Proposal; rCas: Certificate[] } | HandshakeResult {
  const conn = ex.conn;
  const rHost = ex.res.host;
  const ike = negotiateIkeSaInit(conn, rHost, ex.popts);
  ex.message("IKE_SA_INIT", "initiator", [{ name: "SA", detail: conn.proposals.join(", ") }]);
  ex.rLogs.push(...ike.responderLogs);
  ex.iLogs.push(...ike.initiatorLogs);
  const selected = ike.negotiation.selected;
  ex.proposals.ike = selected ? formatProposal(selected) : null;
  if (!selected) {
    ex.message("IKE_SA_INIT", "responder", [{ name: "N(NO_PROPOSAL_CHOSEN)", detail: null }]);
    ex.findings.push(ike.finding!);
    return ex.done(
      false,
      { step: "ike-proposals", side: "responder", log: "received proposals unacceptable" },
      { side: "initiator", line: "received NO_PROPOSAL_CHOSEN notify error" },
    );
  }
  const rSendsCertreq = rHost.connections.length === 0 || rHost.connections.some((c) => c.sendCertreq);
  const rCas = rSendsCertreq ? certreqCas(rHost, null) : [];
  for (const ca of rCas) ex.rLogs.push(LOG.sendingCertreq(ca));
  ex.message("IKE_SA_INIT", "responder", [
    { name: "SA", detail: formatProposal(selected) },
    ...(rCas.length
      ? [{ name: "CERTREQ" as const, detail: rCas.map((c) => c.subject.printed).join("; ") }]
      : []),
  ]);
  ex.iLogs.push(...certreqLines(rCas, ex.ini.host));
  return { selected, rCas };
}

/** The CHILD_SA negotiated in IKE_AUTH between the initiator's and the responder's connection. */
export function childSa(ex: Exchange, rConn: HandshakeConnection): void {
  const child = negotiateChildSa(ex.conn, rConn, ex.popts);
  if (child) {
    ex.rLogs.push(...child.responderLogs);
    ex.iLogs.push(...child.initiatorLogs);
    ex.findings.push(...child.findings);
    if (!child.negotiation.selected)
      ex.messages.at(-1)!.payloads.push({ name: "N(NO_PROPOSAL_CHOSEN)", detail: null });
  }
  ex.proposals.child = child?.negotiation.selected ? formatProposal(child.negotiation.selected) : null;
  ex.proposals.childEstablished = child ? !!child.negotiation.selected : null;
}
