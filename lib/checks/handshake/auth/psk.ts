/**
 * Pre-shared key authentication in IKEv2 (src/libcharon/sa/ikev2/authenticators/psk_authenticator.c):
 * the signer takes the best secret for (its id, the peer's id) and MACs with it; the verifier tries
 * every secret for (its id, the peer's id) until one gives the same MAC. Both sides' secrets are
 * compared here by value, never shown.
 */
import { finding } from "../../../findings/index.js";
import type { Finding } from "../../../findings/types.js";
import type { Identity } from "../../../identity/parse.js";
import type { ReleaseLike } from "../../../rules.js";
import {
  bestShared,
  describeKey,
  type SharedKey,
  sameSecret,
  sharedCandidates,
} from "../../auth/shared-keys.js";
import type { HandshakeHost } from "../types.js";
import { type DoneAuth, doneAuth } from "./complies.js";

type Opts = { strongswan?: ReleaseLike; rdnMatching?: "strict" | "reordered" | "relaxed" };

export const noSharedKeyLine = (me: Identity, other: Identity) =>
  `no shared key found for '${me.printed}' - '${other.printed}'`;

export interface PskBuild {
  ok: boolean;
  logs: string[];
  failLog: string | null;
  finding: Finding | null;
  key: SharedKey | null;
}

/** The signer: "authentication of ... (myself) with pre-shared key", then get_shared. */
export function buildPsk(
  side: string,
  host: HandshakeHost,
  me: Identity,
  other: Identity,
  opts: Opts,
): PskBuild {
  const logs = [`authentication of '${me.printed}' (myself) with pre-shared key`];
  const best = bestShared(sharedCandidates(host.sharedKeys ?? [], "IKE", me, other, opts));
  if (!best) {
    const log = noSharedKeyLine(me, other);
    logs.push(log);
    return {
      ok: false,
      logs,
      failLog: log,
      key: null,
      finding: finding("HANDSHAKE_NO_SHARED_KEY", {
        message: `the ${side} has no IKE secret whose ids match '${me.printed}' or '${other.printed}'`,
        log,
      }),
    };
  }
  return { ok: true, logs, failLog: null, finding: null, key: best.key };
}

export interface PskVerify {
  ok: boolean;
  logs: string[];
  failLog: string | null;
  findings: Finding[];
  done: DoneAuth | null;
}

/** The verifier: every candidate secret is tried against the peer's MAC. */
export function verifyPsk(
  peer: string,
  host: HandshakeHost,
  me: Identity,
  other: Identity,
  peerKey: SharedKey,
  opts: Opts,
): PskVerify {
  const cands = sharedCandidates(host.sharedKeys ?? [], "IKE", me, other, opts);
  if (cands.length === 0) {
    const log = noSharedKeyLine(me, other);
    return {
      ok: false,
      logs: [log],
      failLog: log,
      done: null,
      findings: [
        finding("HANDSHAKE_NO_SHARED_KEY", {
          message: `the side that verifies ${peer} has no IKE secret whose ids match '${me.printed}' or '${other.printed}'`,
          log,
        }),
      ],
    };
  }
  if (cands.some((c) => sameSecret(c.key, peerKey)))
    return {
      ok: true,
      logs: [`authentication of '${other.printed}' with pre-shared key successful`],
      failLog: null,
      findings: [],
      done: doneAuth({ authClass: "psk", id: other }),
    };
  const n = cands.length;
  const log = `tried ${n} shared key${n === 1 ? "" : "s"} for '${me.printed}' - '${other.printed}', but MAC mismatched`;
  return {
    ok: false,
    logs: [log],
    failLog: log,
    done: null,
    findings: [
      finding("HANDSHAKE_PSK_MISMATCH", {
        message: `${peer} signs with its secret ${describeKey(peerKey)}; none of the ${n} secret${n === 1 ? "" : "s"} this side has for '${me.printed}' - '${other.printed}' (${cands.map((c) => describeKey(c.key)).join("; ")}) is the same`,
        log,
      }),
    ],
  };
}
