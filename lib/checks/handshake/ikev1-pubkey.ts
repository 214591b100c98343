/**
 * IKEv1 Main Mode with certificates (src/libcharon/sa/ikev1/tasks/main_mode.c, phase1.c,
 * authenticators/pubkey_v1_authenticator.c, tasks/isakmp_cert_pre.c), first round of each side.
 *
 * - The initiator puts its authentication method in the SA payload, chosen by its own private key
 *   (phase1.c get_pubkey_method): RSA, or ECDSA-256/384/521 by the key's size. The responder signs
 *   with a key of that type too: a responder whose key is of another type has "no ECDSA private key".
 * - The responder's CERTREQ (with KE) lists every CA it holds: it has no peer config yet. It chooses
 *   its config only on the initiator's ID payload (select_config: "looking for ECDSA-256 signature peer
 *   configs matching ..."), trying the next candidate when the signature or the constraints fail.
 * - Signatures are the classic ones (RSA_EMSA_PKCS1_NULL, ECDSA_WITH_NULL); the responder's
 *   IKE_SA is established before the initiator has seen its ID, so a wrong IDr ends on the initiator
 *   alone ("IDir 'x' does not match to 'y'", then a DELETE).
 * Checked against two charons 5.9.8 in the auth tier (test/strongswan/auth-diff.test.ts).
 */
import { finding } from "../../findings/index.js";
import { identityContainsWildcards, identityMatches } from "../../identity/match.js";
import type { Identity } from "../../identity/parse.js";
import type { Certificate } from "../../x509/certificate.js";
import type { PublicKeyInfo } from "../../x509/spki.js";
import { keyTypeLogName } from "../../x509/spki.js";
import { ID_TYPES } from "../../x509/types.js";
import { complies } from "./auth/complies.js";
import { type PubkeyBuild, verifyPubkey } from "./auth/pubkey.js";
import { certreqCas, certsSent, signingCredentials } from "./certs.js";
import type { Exchange } from "./exchange.js";
import { idView } from "./exchange.js";
import { addressIdentity } from "./ids.js";
import { certPayloadLines, LOG } from "./logs.js";
import { ikev1PeerConfigs } from "./select.js";
import type { HandshakeConnection, HandshakeResult } from "./types.js";

/** phase1.c get_pubkey_method: the method a private key gives, or why it gives none. */
function pubkeyMethod(k: PublicKeyInfo): { name: string; family: "RSA" | "ECDSA" } | { unsupported: string } {
  if (k.algorithm === "RSA" || k.algorithm === "RSA-PSS") return { name: "RSA signature", family: "RSA" };
  if (k.algorithm === "ECDSA")
    return k.bits === 256 || k.bits === 384 || k.bits === 521
      ? { name: `ECDSA-${k.bits} signature`, family: "ECDSA" }
      : { unsupported: `${k.bits} bit ECDSA private key size not supported` };
  return { unsupported: `private key of type ${keyTypeLogName(k.algorithm)} not supported` };
}

const classicScheme = (family: "RSA" | "ECDSA") =>
  family === "ECDSA" ? "ECDSA_WITH_NULL" : "RSA_EMSA_PKCS1_NULL";

const isPubkey = (c: HandshakeConnection) =>
  (c.localRound?.spec.authClass ?? c.localAuth) === "pubkey" &&
  (c.remoteRound?.spec.authClass ?? c.remoteAuth) === "pubkey";

/** Both first rounds use certificates (the case this module simulates). */
export function isIkev1Pubkey(c: HandshakeConnection): boolean {
  return isPubkey(c) && !c.localRound?.rawKeys.length && !c.remoteRound?.rawKeys.length;
}

/** isakmp_cert_pre.c: a CERTREQ names a CA by its subject; charon looks it up among its certificates. */
function receivedCertreqLines(cas: Certificate[], receiver: { certs: Certificate[] }): string[] {
  return cas.map((ca) =>
    receiver.certs.some((c) => c.subject.printed === ca.subject.printed)
      ? `received cert request for '${ca.subject.printed}'`
      : `received cert request for unknown ca '${ca.subject.printed}'`,
  );
}

/** A signer as verifyPubkey reads it: the classic scheme of the negotiated key type. */
function signer(
  cert: Certificate,
  key: PublicKeyInfo,
  family: "RSA" | "ECDSA",
  certs: Certificate[],
): PubkeyBuild {
  return {
    ok: true,
    logs: [],
    failLog: null,
    finding: null,
    cert,
    rawKey: null,
    publicKey: key,
    scheme: { scheme: classicScheme(family), pssHash: null },
    certs,
    acerts: [],
    authLabel: classicScheme(family),
  };
}

function authFailedNotify(ex: Exchange): void {
  ex.message("INFORMATIONAL", "responder", [{ name: "N(AUTHENTICATION_FAILED)", detail: null }]);
  ex.iLogs.push("received AUTHENTICATION_FAILED error notify");
}

/** Main Mode with certificates: `idi` is what the initiator sends (initiatorIds). */
export function ikev1Pubkey(ex: Exchange, idi: Identity): HandshakeResult {
  const conn = ex.conn;
  const iHost = ex.ini.host;
  const rHost = ex.res.host;
  const rdn = ex.mopts.rdnMatching ?? "strict";
  ex.iLogs.push(`initiating Main Mode IKE_SA ${conn.name}[1] to ${ex.rAddr}`);

  // MM1: the method comes from the initiator's own private key
  const iCred = signingCredentials(conn, iHost, idi, ex.mopts);
  if (!iCred.cert || !iCred.key) {
    const log = LOG.noPrivateKey(idi);
    ex.iLogs.push(log, "configuration uses unsupported authentication");
    return ex.fail("initiator-private-key", "initiator", log, [
      finding("HANDSHAKE_NO_PRIVATE_KEY", {
        message: `the initiator ('${conn.name}') holds no private key for '${idi.printed}', so it cannot choose an IKEv1 authentication method`,
        log,
      }),
    ]);
  }
  const method = pubkeyMethod(iCred.key.publicKey);
  if ("unsupported" in method) {
    ex.iLogs.push(method.unsupported, "configuration uses unsupported authentication");
    return ex.notSimulated(
      finding("HANDSHAKE_NOT_SIMULATED", {
        message: `connection '${conn.name}' is IKEv1 with a key IKEv1 cannot sign with (${method.unsupported}): only RSA and ECDSA P-256/P-384/P-521 keys have IKEv1 authentication methods`,
      }),
    );
  }
  ex.message("ID_PROT", "initiator", [{ name: "SA", detail: method.name }]);
  ex.rLogs.push(`${ex.iAddr} is initiating a Main Mode IKE_SA`);

  // MM3/MM4: the responder's CERTREQ lists every CA it holds (no peer config yet); its IKE config
  // may be one for any IKE version
  const rSendsCertreq = rHost.connections.some((c) => c.version !== 2 && c.sendCertreq);
  const rCas = rSendsCertreq ? certreqCas(rHost, null) : [];
  for (const ca of rCas) ex.rLogs.push(LOG.sendingCertreq(ca));
  ex.message("ID_PROT", "initiator", [{ name: "KE", detail: null }]);
  ex.message("ID_PROT", "responder", [
    { name: "KE", detail: null },
    ...(rCas.length
      ? [{ name: "CERTREQ" as const, detail: rCas.map((c) => c.subject.printed).join("; ") }]
      : []),
  ]);
  ex.iLogs.push(...receivedCertreqLines(rCas, iHost));

  // MM5: ID, CERT, SIG and the initiator's CERTREQ
  const iCas = conn.sendCertreq ? certreqCas(iHost, conn) : [];
  for (const ca of iCas) ex.iLogs.push(LOG.sendingCertreq(ca));
  ex.iLogs.push(`authentication of '${idi.printed}' (myself) successful`);
  const iCerts = certsSent(conn, iHost, iCred.cert, rCas.length > 0, rdn);
  ex.iLogs.push(...certPayloadLines("sending", iCerts));
  ex.message("ID_PROT", "initiator", [
    { name: "ID", detail: `${idi.printed} (${idi.typeName})` },
    ...iCerts.map((c) => ({ name: "CERT" as const, detail: c.subject.printed })),
    { name: "SIG", detail: classicScheme(method.family) },
    ...(iCas.length
      ? [{ name: "CERTREQ" as const, detail: iCas.map((c) => c.subject.printed).join("; ") }]
      : []),
  ]);

  // the responder: its config by the initiator's id, then the signature and the constraints
  ex.rLogs.push(...receivedCertreqLines(iCas, rHost), ...certPayloadLines("received", iCerts));
  ex.rLogs.push(`looking for ${method.name} peer configs matching ${ex.rAddr}...${ex.iAddr}[${idi.printed}]`);
  // backend_manager.c: the connections whose remote id matches IDi, the best match first
  const byId = ikev1PeerConfigs(rHost.connections, idi, ex.mopts);
  const candidates = byId.filter((c) => isPubkey(c) && !c.aggressive);
  if (candidates.length === 0) {
    const unusable = byId.length;
    const log = unusable
      ? `found ${unusable} matching config${unusable > 1 ? "s" : ""}, but none allows ${method.name} authentication using Main Mode`
      : "no peer config found";
    ex.rLogs.push(log);
    authFailedNotify(ex);
    return ex.fail("peer-config", "responder", log, [
      finding("HANDSHAKE_NO_PEER_CONFIG", {
        message: `the responder has no IKEv1 Main Mode connection with certificates whose remote id accepts '${idi.printed}'`,
        log,
      }),
    ]);
  }
  let rConn = candidates[0]!;
  ex.responderConn = rConn.name;
  ex.rLogs.push(`selected peer config "${rConn.name}"`);
  const iSigner = signer(iCred.cert, iCred.key.publicKey, method.family, iCerts);
  for (let i = 0; ; ) {
    const v = verifyPubkey({
      verifier: rHost,
      receivedId: idi,
      signer: iSigner,
      received: iCerts,
      receivedAcs: [],
      at: ex.opts.at,
      ...ex.mopts,
      peer: "the initiator",
    });
    ex.rLogs.push(...v.logs);
    let failLog = v.failLog;
    let findings = v.findings;
    if (v.ok) {
      const c = complies(rConn, { ...v.done!, ikeScheme: null }, ex.mopts);
      if (c.ok) break;
      ex.rLogs.push(c.log!);
      failLog = c.log;
      findings = [c.finding!];
    }
    i++;
    if (i >= candidates.length) {
      ex.rLogs.push(LOG.noAlternative);
      authFailedNotify(ex);
      return ex.fail("responder-verifies-initiator", "responder", failLog!, findings);
    }
    rConn = candidates[i]!;
    ex.responderConn = rConn.name;
    ex.rLogs.push(LOG.switching(rConn.name));
  }

  // MM6: the responder signs with a key of the negotiated type
  const rid =
    rConn.localId && rConn.localId.type !== ID_TYPES.ID_ANY && !identityContainsWildcards(rConn.localId)
      ? rConn.localId
      : addressIdentity(ex.rAddr, ex.opts.strongswan);
  ex.ids.responderId = idView(rid);
  const rCred = signingCredentials(rConn, rHost, rid, ex.mopts);
  const rKeyMethod = rCred.key ? pubkeyMethod(rCred.key.publicKey) : null;
  if (
    !rCred.cert ||
    !rCred.key ||
    !rKeyMethod ||
    "unsupported" in rKeyMethod ||
    rKeyMethod.family !== method.family
  ) {
    const log = `no ${method.family} private key found for '${rid.printed}'`;
    ex.rLogs.push(log);
    authFailedNotify(ex);
    return ex.fail("responder-private-key", "responder", log, [
      finding("HANDSHAKE_NO_PRIVATE_KEY", {
        message: rCred.key
          ? `the initiator's ${method.name} method makes the responder sign with an ${method.family} key, and its key for '${rid.printed}' is ${keyTypeLogName(rCred.key.publicKey.algorithm)}: in IKEv1 both sides sign with the same key type`
          : `the responder ('${rConn.name}') holds no private key for '${rid.printed}'`,
        log,
      }),
    ]);
  }
  ex.rLogs.push(`authentication of '${rid.printed}' (myself) successful`);
  ex.rLogs.push(LOG.established(rConn.name, ex.rAddr, rid, ex.iAddr, idi));
  const rCerts = certsSent(rConn, rHost, rCred.cert, iCas.length > 0, rdn);
  ex.rLogs.push(...certPayloadLines("sending", rCerts));
  ex.message("ID_PROT", "responder", [
    { name: "ID", detail: `${rid.printed} (${rid.typeName})` },
    ...rCerts.map((c) => ({ name: "CERT" as const, detail: c.subject.printed })),
    { name: "SIG", detail: classicScheme(method.family) },
  ]);

  // the initiator: the responder's id against the configured one, then its signature
  ex.iLogs.push(...certPayloadLines("received", rCerts));
  if (
    conn.remoteId &&
    conn.remoteId.type !== ID_TYPES.ID_ANY &&
    identityMatches(rid, conn.remoteId, ex.mopts) === 0
  ) {
    const log = `IDir '${rid.printed}' does not match to '${conn.remoteId.printed}'`;
    ex.iLogs.push(log);
    return ex.fail("initiator-verifies-responder", "initiator", log, [
      finding("HANDSHAKE_IDR_MISMATCH", {
        message: `the responder identifies as '${rid.printed}', and the initiator's connection '${conn.name}' expects '${conn.remoteId.printed}': the responder has already established its side, the initiator deletes the IKE_SA`,
        log,
      }),
    ]);
  }
  const iv = verifyPubkey({
    verifier: iHost,
    receivedId: rid,
    signer: signer(rCred.cert, rCred.key.publicKey, method.family, rCerts),
    received: rCerts,
    receivedAcs: [],
    at: ex.opts.at,
    ...ex.mopts,
    peer: "the responder",
  });
  ex.iLogs.push(...iv.logs);
  if (!iv.ok) return ex.fail("initiator-verifies-responder", "initiator", iv.failLog!, iv.findings);
  const ic = complies(conn, { ...iv.done!, ikeScheme: null }, ex.mopts);
  if (!ic.ok) {
    ex.iLogs.push(ic.log!);
    return ex.fail("initiator-constraints", "initiator", ic.log!, [ic.finding!]);
  }
  const est = LOG.established(conn.name, ex.iAddr, idi, ex.rAddr, rid);
  ex.iLogs.push(est);
  return ex.done(true, null, { side: "initiator", line: est });
}
