/**
 * Does what the peer did comply with what a connection demands of it? (semantics §7.3;
 * src/libstrongswan/credentials/auth_cfg.c complies, in its order: the rules in turn — auth class,
 * identity, EAP method, EAP identity — then the X.509 and IKE signature schemes, the key strengths,
 * and last the group, CA, revocation, certificate policy and peer-certificate requirements.) The first failure is logged and decides;
 * the responder then moves on to its next candidate connection (ike_auth.c update_cfg_candidates).
 */
import { type SchemeConstraint, schemeLogName } from "../../../config/auth.js";
import { finding } from "../../../findings/index.js";
import type { Finding } from "../../../findings/types.js";
import { certificateHasIdentity, subjectIdentity } from "../../../identity/certificate.js";
import { identityMatches } from "../../../identity/match.js";
import type { Identity } from "../../../identity/parse.js";
import { certConstraints } from "../../../input/ext-constraints.js";
import { type ReleaseLike, rulesFor } from "../../../rules.js";
import type { Certificate } from "../../../x509/certificate.js";
import type { PublicKeyInfo } from "../../../x509/spki.js";
import { ID_TYPES } from "../../../x509/types.js";
import { sameCert } from "../../chain/issuer.js";
import { requiredPolicyFinding } from "../../chain/policies.js";
import { type CertRevocation, policyFailures } from "../../chain/revocation.js";
import { samePublicKey } from "../../keypair.js";
import { identityConstraintLog, LOG } from "../logs.js";
import type { HandshakeConnection } from "../types.js";
import type { SchemeUse } from "./schemes.js";

/** What one side learned about the peer once its authenticator succeeded (the "done" auth_cfg). */
export interface DoneAuth {
  authClass: "pubkey" | "psk" | "eap";
  /** the identity the peer authenticated as (IDi or IDr) */
  id: Identity;
  cert: Certificate | null;
  rawKey: PublicKeyInfo | null;
  /** CA and intermediate certificates of the chain that anchored the peer */
  issuers: Certificate[];
  /** the signature schemes of the chain's certificates and of the IKE AUTH payload */
  x509Schemes: SchemeUse[];
  ikeScheme: SchemeUse | null;
  strengths: { family: string; bits: number }[];
  /** groups granted (attribute certificates validated by the acert plugin) */
  groups: Identity[];
  eapType?: string | null;
  eapId?: Identity | null;
  /** the peer certificate's policies its chain carries (what cert_policy can require) */
  certPolicies?: readonly string[];
  /** the CRL_VALIDATION statuses the revocation plugin recorded for the peer's chain */
  revocation?: readonly CertRevocation[];
}

/** What a peer proved: nothing but the class and the id unless said otherwise. */
export function doneAuth(d: Pick<DoneAuth, "authClass" | "id"> & Partial<DoneAuth>): DoneAuth {
  return {
    cert: null,
    rawKey: null,
    issuers: [],
    x509Schemes: [],
    ikeScheme: null,
    strengths: [],
    groups: [],
    ...d,
  };
}

export interface ComplyResult {
  ok: boolean;
  log: string | null;
  finding: Finding | null;
}

type Opts = { strongswan?: ReleaseLike; rdnMatching?: "strict" | "reordered" | "relaxed" };

const CLASS_NAMES: Record<string, string> = {
  any: "any",
  pubkey: "public key",
  psk: "pre-shared key",
  eap: "EAP",
  xauth: "XAuth",
};

const fail = (log: string, code: string, message: string, fix?: string): ComplyResult => ({
  ok: false,
  log,
  finding: finding(code, { message, log, ...(fix ? { fix } : {}) }),
});

/** signature_params_comply: same scheme; RSA-PSS also the same hash (the salt may differ). */
function complyScheme(c: SchemeConstraint, s: SchemeUse): boolean {
  return c.scheme === s.scheme && (c.scheme !== "RSA_EMSA_PSS" || c.pssHash === s.pssHash);
}

function identityCheck(conn: HandshakeConnection, done: DoneAuth, opts: Opts): ComplyResult | null {
  const want = conn.remoteId;
  if (!want || want.type === ID_TYPES.ID_ANY || identityMatches(done.id, want, opts) > 0) return null;
  const typed = rulesFor(opts.strongswan).typedConstraintLog;
  if (conn.remoteIdLoose) {
    if (done.cert && certificateHasIdentity(done.cert, want, opts).level > 0) return null;
    const log = typed ? LOG.looseConstraint(want) : identityConstraintLog(want, done.id, opts.strongswan);
    return fail(
      log,
      "CLIENT_LOOSE_ID_NOT_CONFIRMED",
      `connection '${conn.name}' accepts any id whose certificate confirms '${want.printed}'; ${done.cert ? `"${done.cert.subject.printed}"` : "the peer's credential"} does not`,
    );
  }
  const log = identityConstraintLog(want, done.id, opts.strongswan);
  return fail(
    log,
    "HANDSHAKE_ID_CONSTRAINT",
    `connection '${conn.name}' requires the ${want.typeName} '${want.printed}', the peer authenticated as the ${done.id.typeName} '${done.id.printed}'`,
    `make the remote id of '${conn.name}' match what the peer sends (it sends '${done.id.printed}'), or configure the peer's local id as '${want.printed}' with a credential that proves it`,
  );
}

function eapIdentityLog(want: Identity, got: Identity | null, release: ReleaseLike): string {
  if (!rulesFor(release).typedConstraintLog)
    return `constraint check failed: EAP identity '${want.printed}' required `;
  const head = `constraint check failed: EAP identity '${want.printed}' (${want.typeName}) required`;
  return got ? `${head}, not matched by '${got.printed}' (${got.typeName})` : head;
}

/** cert_policy: every required OID among the policies the peer's chain carries (none without a certificate). */
function policyCheck(conn: HandshakeConnection, done: DoneAuth): ComplyResult | null {
  const required = conn.remotePolicies ?? [];
  if (!required.length) return null;
  if (!done.cert) {
    const log = `constraint requires cert policy ${required[0]}`;
    return fail(
      log,
      "CHAIN_POLICY_REQUIRED",
      `connection '${conn.name}' requires the certificate policy ${required[0]}; the peer authenticated without a certificate`,
    );
  }
  const f = requiredPolicyFinding(
    required,
    done.certPolicies ?? [],
    done.cert,
    certConstraints(done.cert).policies,
  );
  return f
    ? { ok: false, log: f.log ?? null, finding: { ...f, message: `connection '${conn.name}': ${f.message}` } }
    : null;
}

/** remote.revocation against the statuses recorded for the chain (none without a certificate). */
function revocationCheck(conn: HandshakeConnection, done: DoneAuth): ComplyResult | null {
  const checked = [...(done.revocation ?? [])];
  const fails = policyFailures(checked, conn.revocation ?? "relaxed");
  if (!fails.length) return null;
  const log = fails[0]!.line;
  const c = checked[fails[0]!.index]!;
  return fail(
    log,
    "REVOCATION_POLICY",
    `connection '${conn.name}' sets revocation = ${conn.revocation}, but "${c.subject}" has the status ${c.status}`,
  );
}

/** auth_cfg.c complies(done, configured) for the connection's first remote round. */
export function complies(conn: HandshakeConnection, done: DoneAuth, opts: Opts): ComplyResult {
  const round = conn.remoteRound;
  const spec = round?.spec;
  const cls = spec?.authClass ?? conn.remoteAuth;
  if (cls !== "any" && cls !== done.authClass) {
    const log = `constraint requires ${CLASS_NAMES[cls] ?? cls} authentication, but ${CLASS_NAMES[done.authClass]} was used`;
    return fail(
      log,
      "HANDSHAKE_AUTH_CLASS_CONSTRAINT",
      `connection '${conn.name}' wants the peer to authenticate with ${CLASS_NAMES[cls] ?? cls}, the peer used ${CLASS_NAMES[done.authClass]}`,
    );
  }
  const idFail = identityCheck(conn, done, opts);
  if (idFail) return idFail;
  if (done.authClass === "eap" && spec?.eapType && done.eapType && spec.eapType !== done.eapType) {
    if (spec.eapType !== "EAP_DYNAMIC" && spec.eapType !== "EAP_RADIUS") {
      const log = `constraint requires ${spec.eapType}, but ${done.eapType} was used`;
      return fail(
        log,
        "HANDSHAKE_EAP_METHOD_CONSTRAINT",
        `connection '${conn.name}' requires ${spec.eapType}`,
      );
    }
  }
  if (
    round?.eapId &&
    done.authClass === "eap" &&
    done.eapId &&
    identityMatches(done.eapId, round.eapId, opts) === 0
  ) {
    const log = eapIdentityLog(round.eapId, done.eapId, opts.strongswan);
    return fail(
      log,
      "HANDSHAKE_EAP_ID_CONSTRAINT",
      `connection '${conn.name}' requires the EAP identity '${round.eapId.printed}', the peer used '${done.eapId.printed}'`,
    );
  }
  if (spec?.x509Schemes.length)
    for (const s of done.x509Schemes)
      if (!spec.x509Schemes.some((c) => complyScheme(c, s))) {
        const log = `X.509 signature scheme ${s.scheme} not acceptable`;
        return fail(
          log,
          "HANDSHAKE_SCHEME_CONSTRAINT",
          `connection '${conn.name}' (auth = ${spec.text}) does not accept certificates signed with ${schemeLogName(s)}`,
        );
      }
  if (spec?.ikeSchemes.length && done.ikeScheme) {
    const s = done.ikeScheme;
    if (!spec.ikeSchemes.some((c) => complyScheme(c, s))) {
      const log = `IKE signature scheme ${s.scheme} not acceptable`;
      return fail(
        log,
        "HANDSHAKE_SCHEME_CONSTRAINT",
        `connection '${conn.name}' (auth = ${spec.text}) does not accept an AUTH signature made with ${schemeLogName(s)}`,
      );
    }
  }
  const wanted = spec?.strengths ?? {};
  if (Object.keys(wanted).length)
    for (const s of done.strengths) {
      const mins = wanted[s.family as keyof typeof wanted] ?? [];
      if (!mins.some((m) => m <= s.bits)) {
        const log = `${s.family}-${s.bits} signatures not acceptable`;
        return fail(
          log,
          "HANDSHAKE_STRENGTH_CONSTRAINT",
          `connection '${conn.name}' (auth = ${spec!.text}) does not accept a ${s.bits} bit ${s.family} key in the peer's chain`,
        );
      }
    }
  if (round?.groups.length) {
    const match = round.groups.some((g) => done.groups.some((d) => identityMatches(d, g, opts) > 0));
    if (!match) {
      const want = round.groups.at(-1)!;
      const log = `constraint check failed: group membership to '${want.printed}' required`;
      return fail(
        log,
        "HANDSHAKE_GROUP_CONSTRAINT",
        `connection '${conn.name}' requires membership in ${round.groups.map((g) => `'${g.printed}'`).join(" or ")}; the peer proved ${done.groups.length ? done.groups.map((g) => `'${g.printed}'`).join(", ") : "no group"}`,
      );
    }
  }
  if (conn.remoteCacerts.length > 0) {
    const pass = conn.remoteCacerts.some((ca) =>
      done.issuers.some(
        (c) => sameCert(c, ca) || certificateHasIdentity(c, subjectIdentity(ca, opts), opts).level > 0,
      ),
    );
    if (!pass) {
      const ca = conn.remoteCacerts.at(-1)!;
      const log = LOG.caConstraint(ca);
      return fail(
        log,
        "HANDSHAKE_CA_CONSTRAINT",
        `connection '${conn.name}' accepts only peers certified by ${conn.remoteCacerts.map((c) => `"${c.subject.printed}"`).join(" or ")}; ${done.cert ? `"${done.cert.subject.printed}" chains to ${done.issuers.length ? done.issuers.map((c) => `"${c.subject.printed}"`).join(" / ") : "no CA"}` : "the peer used no certificate"}`,
      );
    }
  }
  const revocationFail = revocationCheck(conn, done);
  if (revocationFail) return revocationFail;
  const policyFail = policyCheck(conn, done);
  if (policyFail) return policyFail;
  const keys = round?.rawKeys ?? [];
  if (keys.length) {
    const pass = done.rawKey ? keys.some((k) => samePublicKey(k.key, done.rawKey!)) : false;
    if (!pass) {
      const want = keys.at(-1)!;
      const log = `constraint check failed: peer not authenticated with peer cert '${want.subject.printed}'`;
      return fail(
        log,
        "HANDSHAKE_PEER_KEY_CONSTRAINT",
        `connection '${conn.name}' accepts only the raw public key${keys.length > 1 ? "s" : ""} it names; the peer authenticated with another credential`,
      );
    }
  }
  return { ok: true, log: null, finding: null };
}
