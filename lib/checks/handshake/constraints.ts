/**
 * Constraints of the selected connection once the peer is authenticated (semantics §7.3;
 * auth_cfg.c complies): the received id must match the configured remote id (loose ids: the
 * certificate may confirm it instead), and with remote `cacerts` the chain must pass through one of
 * those CAs.
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { certificateHasIdentity, subjectIdentity } from "../../identity/certificate.js";
import { identityMatches } from "../../identity/match.js";
import type { Identity } from "../../identity/parse.js";
import { ID_TYPES } from "../../identity/types.js";
import type { Certificate } from "../../input/certificate.js";
import { certConstraints } from "../../input/ext-constraints.js";
import type { ReleaseLike } from "../../rules.js";
import { requiredPolicyFinding } from "../chain/policies.js";
import { type CertRevocation, policyFailures } from "../chain/revocation.js";
import { identityConstraintLog, LOG } from "./logs.js";
import type { HandshakeConnection } from "./types.js";

export interface ConstraintResult {
  ok: boolean;
  log: string | null;
  finding: Finding | null;
}

export function checkConstraints(
  conn: HandshakeConnection,
  received: Identity,
  cert: Certificate,
  issuers: Certificate[],
  opts: { strongswan?: ReleaseLike; rdnMatching?: "strict" | "reordered" | "relaxed" },
  revocation: CertRevocation[] = [],
  certPolicies: readonly string[] = [],
): ConstraintResult {
  const want = conn.remoteId;
  if (want && want.type !== ID_TYPES.ID_ANY && identityMatches(received, want, opts) === 0) {
    if (conn.remoteIdLoose) {
      if (certificateHasIdentity(cert, want, opts).level === 0) {
        const log = LOG.looseConstraint(want);
        return {
          ok: false,
          log,
          finding: finding("CLIENT_LOOSE_ID_NOT_CONFIRMED", {
            message: `connection '${conn.name}' accepts any id whose certificate confirms '${want.printed}'; "${cert.subject.printed}" does not`,
            log,
          }),
        };
      }
    } else {
      const log = identityConstraintLog(want, received, opts.strongswan);
      return {
        ok: false,
        log,
        finding: finding("HANDSHAKE_ID_CONSTRAINT", {
          message: `connection '${conn.name}' requires the ${want.typeName} '${want.printed}', the peer authenticated as the ${received.typeName} '${received.printed}'`,
          log,
          fix: `make the remote id of '${conn.name}' match what the peer sends (it sends '${received.printed}'), or configure the peer's local id as '${want.printed}' with a certificate that proves it`,
        }),
      };
    }
  }
  if (conn.remoteCacerts.length > 0) {
    const pass = conn.remoteCacerts.some((ca) =>
      issuers.some((c) => certificateHasIdentity(c, subjectIdentity(ca, opts), opts).level > 0),
    );
    if (!pass) {
      const ca = conn.remoteCacerts.at(-1)!;
      const log = LOG.caConstraint(ca);
      return {
        ok: false,
        log,
        finding: finding("HANDSHAKE_CA_CONSTRAINT", {
          message: `connection '${conn.name}' accepts only peers certified by ${conn.remoteCacerts.map((c) => `"${c.subject.printed}"`).join(" or ")}; "${cert.subject.printed}" chains to ${issuers.length ? issuers.map((c) => `"${c.subject.printed}"`).join(" / ") : "no CA"}`,
          log,
        }),
      };
    }
  }
  // the CRL_VALIDATION statuses recorded for the chain against remote.revocation
  const fails = policyFailures(revocation, conn.revocation ?? "relaxed");
  if (fails.length) {
    const log = fails[0]!.line;
    return {
      ok: false,
      log,
      finding: finding("REVOCATION_POLICY", {
        message: `connection '${conn.name}' sets revocation = ${conn.revocation}, but "${revocation[fails[0]!.index]!.subject}" has the status ${revocation[fails[0]!.index]!.status}`,
        log,
      }),
    };
  }
  const policy = conn.remotePolicies?.length
    ? requiredPolicyFinding(conn.remotePolicies, certPolicies, cert, certConstraints(cert).policies)
    : null;
  if (policy)
    return {
      ok: false,
      log: policy.log,
      finding: { ...policy, message: `connection '${conn.name}': ${policy.message}` },
    };
  return { ok: true, log: null, finding: null };
}
