/**
 * simulateHandshake: IKE_SA_INIT + IKE_AUTH between two loaded configurations, step by step as charon
 * 5.9/6.0 runs them (semantics §7), predicting whether the IKE_SA is established and the log lines
 * each side prints (§8). Pure: resolved configurations in, a result with findings out. Addresses are
 * assumed to match; IKE and ESP proposals are selected as charon selects them (proposals.ts).
 *
 * What is simulated: the first authentication round of each side — public keys (certificates and raw
 * keys, signature schemes and their constraints, groups from attribute certificates), pre-shared keys
 * (IKEv2, and IKEv1 Main/Aggressive Mode), EAP-MD5, EAP-MS-CHAPv2 and EAP-TLS with the initiator as
 * client. Everything else ends in a HANDSHAKE_NOT_SIMULATED finding that says what would decide it.
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { Exchange, idView } from "./exchange.js";
import { initiatorIds } from "./ids.js";
import { ikev1 } from "./ikev1.js";
import { ikev2 } from "./ikev2.js";
import type { HandshakeConnection, HandshakeHost, HandshakeOptions, HandshakeResult } from "./types.js";

export { identityConstraintLog, signatureScheme } from "./logs.js";
export { selectPeerConfigs } from "./select.js";
export type * from "./types.js";

const single = (a: string[]) => (a.length === 1 && /^[0-9a-f.:]+$/i.test(a[0]!) ? a[0]! : null);

/** What in the initiator's connection the simulation cannot play, said with what would decide it. */
function notSimulated(conn: HandshakeConnection): Finding | null {
  const local = conn.localRound?.spec;
  const remote = conn.remoteRound?.spec;
  for (const [side, spec] of [
    ["local", local],
    ["remote", remote],
  ] as const) {
    if (spec?.invalid)
      return finding("HANDSHAKE_NOT_SIMULATED", {
        message: `connection '${conn.name}': ${side} auth = ${spec.text} is refused by swanctl (${spec.invalid}); charon does not load the connection`,
        log: "invalid value for: auth, config discarded",
      });
  }
  const cls = local?.authClass ?? conn.localAuth;
  if (conn.version !== 1 && !["pubkey", "psk", "eap"].includes(cls))
    return finding("HANDSHAKE_NOT_SIMULATED", {
      message: `connection '${conn.name}' authenticates itself with ${local?.text ?? cls}: ${cls === "xauth" ? "XAuth is IKEv1 only (the xauth backend decides)" : "charon has no IKEv2 authenticator for it"}`,
    });
  const extra = conn.extraRounds;
  if (extra && (extra.local || extra.remote))
    return finding("HANDSHAKE_ROUND_NOT_SIMULATED", {
      message: `connection '${conn.name}' has more than one authentication round (RFC 4739); only the first round of each side is simulated, the later ones decide as well`,
    });
  return null;
}

/** Simulate an IKEv2 handshake between two hand-built hosts (the engine behind `handshakeConfigs`). */
export function simulateHandshake(
  ini: { host: HandshakeHost; connection: HandshakeConnection },
  res: { host: HandshakeHost },
  opts: HandshakeOptions = {},
): HandshakeResult {
  const conn = ini.connection;
  const iAddr = opts.initiatorAddr ?? single(conn.localAddrs) ?? "<initiator>";
  const rAddr = opts.responderAddr ?? single(conn.remoteAddrs) ?? "<responder>";
  const ex = new Exchange(ini, res, opts, iAddr, rAddr);
  const { idi, idr, logs: idLogs } = initiatorIds(conn, iAddr, opts.strongswan);
  ex.ids = { idi: idView(idi), idr: idr ? idView(idr) : null, responderId: null };
  const gate = notSimulated(conn);
  if (gate) {
    // an extra round still lets the first one be played; anything else stops here
    if (gate.code !== "HANDSHAKE_ROUND_NOT_SIMULATED") return ex.notSimulated(gate);
    ex.findings.push(gate);
  }
  if (conn.version === 1) return ikev1(ex, idi);
  return ikev2(ex, idi, idr, idLogs);
}
