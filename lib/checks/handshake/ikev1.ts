/**
 * IKEv1 Main and Aggressive Mode with pre-shared keys (src/libcharon/sa/ikev1/phase1.c
 * lookup_shared_key / select_config, tasks/main_mode.c, aggressive_mode.c); Main Mode with
 * certificates is ikev1-pubkey.ts.
 *
 * - Secrets are looked up by the configured ids first ("no shared key found for 'A'[ip] - 'B'[ip]"),
 *   then by the two IP addresses ("no shared key found for ip - ip"). The Main Mode responder has to
 *   choose its secret before it sees the initiator's id: it tries the ids of every IKEv1 connection
 *   for the addresses, in order.
 * - A wrong PSK in Main Mode makes the keys differ: neither side can decrypt the other's messages.
 *   charon reads garbage as the first payload of the encrypted message and logs "invalid ID_V1
 *   payload length, decryption failed?" (responder) and "invalid HASH_V1 payload length, decryption
 *   failed?" (initiator, on the responder's encrypted error notify) — the FAQ entry. Which check the
 *   garbage trips is chance; the length check is by far the likeliest.
 * - Aggressive Mode: the responder refuses PSK unless strongswan.conf allows it; a wrong PSK shows as
 *   "calculated HASH does not match HASH payload" on the initiator.
 */
import { finding } from "../../findings/index.js";
import { type Identity, parseIdentity } from "../../identity/parse.js";
import { ID_TYPES } from "../../x509/types.js";
import { bestShared, type SharedKey, sameSecret, sharedCandidates } from "../auth/shared-keys.js";
import { type Exchange, idView } from "./exchange.js";
import { addressIdentity } from "./ids.js";
import { ikev1Pubkey, isIkev1Pubkey } from "./ikev1-pubkey.js";
import { LOG } from "./logs.js";
import { ikev1PeerConfigs } from "./select.js";
import type { HandshakeConnection, HandshakeHost, HandshakeResult } from "./types.js";

const isPsk = (c: HandshakeConnection) =>
  (c.localRound?.spec.authClass ?? c.localAuth) === "psk" &&
  (c.remoteRound?.spec.authClass ?? c.remoteAuth) === "psk";

/** find_shared_key + the IP fallback of lookup_shared_key. */
function lookup(
  ex: Exchange,
  host: HandshakeHost,
  pairs: Array<{ me: Identity; other: Identity | null }>,
  myAddr: string,
  otherAddr: string,
  logs: string[],
): SharedKey | null {
  const any = parseIdentity("%any", { strongswan: ex.opts.strongswan });
  for (const p of pairs) {
    const other = p.other ?? any;
    const k = bestShared(sharedCandidates(host.sharedKeys ?? [], "IKE", p.me, other, ex.mopts));
    if (k) return k.key;
    logs.push(`no shared key found for '${p.me.printed}'[${myAddr}] - '${other.printed}'[${otherAddr}]`);
  }
  const k = bestShared(
    sharedCandidates(
      host.sharedKeys ?? [],
      "IKE",
      addressIdentity(myAddr, ex.opts.strongswan),
      addressIdentity(otherAddr, ex.opts.strongswan),
      ex.mopts,
    ),
  );
  if (k) return k.key;
  logs.push(`no shared key found for ${myAddr} - ${otherAddr}`);
  return null;
}

const ownId = (c: HandshakeConnection, addr: string, ex: Exchange): Identity =>
  c.localId && c.localId.type !== ID_TYPES.ID_ANY ? c.localId : addressIdentity(addr, ex.opts.strongswan);

export function ikev1(ex: Exchange, sentIdi: Identity): HandshakeResult {
  const conn = ex.conn;
  const rHost = ex.res.host;
  const aggressive = !!conn.aggressive;
  const mode = aggressive ? "Aggressive" : "Main";
  if (!aggressive && isIkev1Pubkey(conn)) return ikev1Pubkey(ex, sentIdi);
  if (!isPsk(conn))
    return ex.notSimulated(
      finding("HANDSHAKE_NOT_SIMULATED", {
        message: `connection '${conn.name}' is IKEv1 with ${conn.localRound?.spec.text ?? conn.localAuth}/${conn.remoteRound?.spec.text ?? conn.remoteAuth}; for IKEv1 pre-shared keys (Main and Aggressive Mode) and certificates in Main Mode are simulated (Aggressive Mode with certificates, raw keys, XAuth and hybrid mode decide in phase1.c and the xauth plugins)`,
      }),
    );
  const idi = ownId(conn, ex.iAddr, ex);
  ex.ids = { idi: idView(idi), idr: null, responderId: null };
  ex.iLogs.push(`initiating ${mode} Mode IKE_SA ${conn.name}[1] to ${ex.rAddr}`);
  ex.rLogs.push(`${ex.iAddr} is initiating a ${mode} Mode IKE_SA`);
  const v1 = rHost.connections.filter((c) => c.version !== 2 && !!c.aggressive === aggressive && isPsk(c));

  if (aggressive) {
    ex.message("AGGRESSIVE", "initiator", [{ name: "ID", detail: `${idi.printed} (${idi.typeName})` }]);
    if (!rHost.settings?.aggressivePsk) {
      // aggressive_mode.c refuses PSK before it looks for a connection
      const log = "Aggressive Mode PSK disabled for security reasons";
      ex.rLogs.push(log);
      ex.iLogs.push("received AUTHENTICATION_FAILED error notify");
      ex.message("INFORMATIONAL", "responder", [{ name: "N(AUTHENTICATION_FAILED)", detail: null }]);
      return ex.fail("responder-psk", "responder", log, [
        finding("HANDSHAKE_AGGRESSIVE_PSK_REFUSED", {
          message:
            "the responder refuses IKEv1 Aggressive Mode with a PSK unless strongswan.conf sets charon.i_dont_care_about_security_and_use_aggressive_mode_psk = yes (and it should not: the PSK hash travels unencrypted)",
          log,
        }),
      ]);
    }
    const rConn = selectConfig(ex, rHost, aggressive, idi, mode);
    if ("established" in rConn) return rConn;
    const ridA = ownId(rConn, ex.rAddr, ex);
    const rKey = lookup(ex, rHost, [{ me: ridA, other: idi }], ex.rAddr, ex.iAddr, ex.rLogs);
    if (!rKey)
      return ex.fail("responder-psk", "responder", ex.rLogs.at(-1)!, [noKey("responder", ex.rLogs.at(-1)!)]);
    ex.ids.responderId = idView(ridA);
    ex.message("AGGRESSIVE", "responder", [
      { name: "ID", detail: ridA.printed },
      { name: "HASH", detail: null },
    ]);
    const iKey = lookup(ex, ex.ini.host, [{ me: idi, other: ridA }], ex.iAddr, ex.rAddr, ex.iLogs);
    if (!iKey)
      return ex.fail("initiator-psk", "initiator", ex.iLogs.at(-1)!, [noKey("initiator", ex.iLogs.at(-1)!)]);
    if (!sameSecret(iKey, rKey)) {
      const log = "calculated HASH does not match HASH payload";
      ex.iLogs.push(log);
      return ex.fail("initiator-verifies-responder", "initiator", log, [mismatch(log)]);
    }
    return established(ex, rConn, idi, ridA);
  }

  // Main Mode: the responder picks its PSK by address, before it knows the initiator's id
  ex.message("ID_PROT", "initiator", []);
  const rKey = lookup(
    ex,
    rHost,
    v1.filter((c) => c.localId).map((c) => ({ me: c.localId!, other: c.remoteId })),
    ex.rAddr,
    ex.iAddr,
    ex.rLogs,
  );
  const iKey = lookup(ex, ex.ini.host, [{ me: idi, other: conn.remoteId }], ex.iAddr, ex.rAddr, ex.iLogs);
  if (!iKey)
    return ex.fail("initiator-psk", "initiator", ex.iLogs.at(-1)!, [noKey("initiator", ex.iLogs.at(-1)!)]);
  if (!rKey)
    return ex.fail("responder-psk", "responder", ex.rLogs.at(-1)!, [noKey("responder", ex.rLogs.at(-1)!)]);
  ex.message("ID_PROT", "initiator", [
    { name: "ID", detail: `${idi.printed} (${idi.typeName})` },
    { name: "HASH", detail: null },
  ]);
  if (!sameSecret(iKey, rKey)) {
    const rLog = "invalid ID_V1 payload length, decryption failed?";
    const iLog = "invalid HASH_V1 payload length, decryption failed?";
    ex.rLogs.push(rLog, "could not decrypt payloads", "message parsing failed");
    ex.iLogs.push(iLog, "could not decrypt payloads", "message parsing failed");
    ex.message("INFORMATIONAL", "responder", [
      { name: "N(AUTHENTICATION_FAILED)", detail: "N(PLD_MAL), encrypted with the wrong key" },
    ]);
    return ex.fail("responder-psk", "initiator", iLog, [mismatch(iLog)]);
  }
  const rConn = selectConfig(ex, rHost, aggressive, idi, mode);
  if ("established" in rConn) return rConn;
  const rid = ownId(rConn, ex.rAddr, ex);
  ex.ids.responderId = idView(rid);
  ex.message("ID_PROT", "responder", [
    { name: "ID", detail: rid.printed },
    { name: "HASH", detail: null },
  ]);
  return established(ex, rConn, idi, rid);
}

/**
 * phase1.c select_config: the best IKEv1 connection for IDi (backend_manager.c order) that uses a
 * PSK in this mode; the others that matched IDi are counted in the failure.
 */
function selectConfig(
  ex: Exchange,
  rHost: HandshakeHost,
  aggressive: boolean,
  idi: Identity,
  mode: string,
): HandshakeConnection | HandshakeResult {
  ex.rLogs.push(`looking for pre-shared key peer configs matching ${ex.rAddr}...${ex.iAddr}[${idi.printed}]`);
  const byId = ikev1PeerConfigs(rHost.connections, idi, ex.mopts);
  const rConn = byId.find((c) => isPsk(c) && !!c.aggressive === aggressive);
  if (!rConn) {
    const n = byId.length;
    const log = n
      ? `found ${n} matching config${n > 1 ? "s" : ""}, but none allows pre-shared key authentication using ${mode} Mode`
      : "no peer config found";
    ex.rLogs.push(log);
    return ex.fail("peer-config", "responder", log, [
      finding("HANDSHAKE_NO_PEER_CONFIG", {
        message: `the responder has no IKEv1 ${mode} Mode PSK connection for '${idi.printed}'`,
        log,
      }),
    ]);
  }
  ex.responderConn = rConn.name;
  ex.rLogs.push(`selected peer config "${rConn.name}"`);
  return rConn;
}

function established(
  ex: Exchange,
  rConn: HandshakeConnection,
  idi: Identity,
  rid: Identity,
): HandshakeResult {
  ex.rLogs.push(LOG.established(rConn.name, ex.rAddr, rid, ex.iAddr, idi));
  const est = LOG.established(ex.conn.name, ex.iAddr, idi, ex.rAddr, rid);
  ex.iLogs.push(est);
  return ex.done(true, null, { side: "initiator", line: est });
}

function noKey(side: string, log: string) {
  return finding("HANDSHAKE_NO_SHARED_KEY", {
    message: `the ${side} has no IKE secret for the configured ids nor for the two addresses`,
    log,
  });
}

function mismatch(log: string) {
  return finding("PSK_IKEV1_MISMATCH", {
    message:
      "the two sides hold different pre-shared keys for each other: the keys derived from them differ, so each side decrypts the other's encrypted messages to garbage",
    log,
  });
}
