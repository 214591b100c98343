/**
 * Public key authentication (src/libcharon/sa/ikev2/authenticators/pubkey_authenticator.c): the
 * signer finds its private key (for its certificate or raw public key), picks a signature scheme and
 * sends its certificates; the verifier finds a trusted public key for the received identity —
 * a raw public key it holds ("using trusted certificate"), its own x509/ certificates or a received
 * one with a chain to a trusted root (verify.ts) — and records what the peer proved for the
 * constraint check (the signature schemes of chain and AUTH, key strengths, groups).
 */

import { bytesEqual } from "../../../bytes.js";
import { schemeLogName } from "../../../config/auth.js";
import { finding } from "../../../findings/index.js";
import type { Finding } from "../../../findings/types.js";
import type { Identity } from "../../../identity/parse.js";
import type { AttributeCertificate } from "../../../input/acert.js";
import type { PrivateKey } from "../../../input/keys.js";
import type { ReleaseLike } from "../../../rules.js";
import type { Certificate } from "../../../x509/certificate.js";
import type { PublicKeyInfo } from "../../../x509/spki.js";
import { ID_TYPES } from "../../../x509/types.js";
import { pssParams } from "../../chain/signature.js";
import { findPrivateKey, samePublicKey } from "../../keypair.js";
import { certsSent, signingCredentials } from "../certs.js";
import { LOG } from "../logs.js";
import type { HandshakeConnection, HandshakeHost, RawKey } from "../types.js";
import { verifyPeer } from "../verify.js";
import { type DoneAuth, doneAuth } from "./complies.js";
import { acertsFor, grantedGroups } from "./groups.js";
import {
  certificateScheme,
  chainStrengths,
  keyFamily,
  PEER_HASHES,
  type SchemeUse,
  selectIkeScheme,
} from "./schemes.js";

type Rdn = "strict" | "reordered" | "relaxed";

export interface PubkeyBuild {
  ok: boolean;
  logs: string[];
  /** the line that decides a failure */
  failLog: string | null;
  finding: Finding | null;
  cert: Certificate | null;
  rawKey: PublicKeyInfo | null;
  /** the public key the signature verifies with */
  publicKey: PublicKeyInfo | null;
  scheme: SchemeUse | null;
  /** CERT payloads (end entity, then intermediates) and attribute certificates sent */
  certs: Certificate[];
  acerts: AttributeCertificate[];
  /** the AUTH payload as the picture shows it */
  authLabel: string;
}

export function authMyselfLine(id: Identity, scheme: SchemeUse): string {
  return `authentication of '${id.printed}' (myself) with ${schemeLogName(scheme)} successful`;
}

export function authPeerLine(id: Identity, scheme: SchemeUse): string {
  return `authentication of '${id.printed}' with ${schemeLogName(scheme)} successful`;
}

function noKey(
  side: string,
  conn: HandshakeConnection,
  id: Identity,
  log: string,
  cert: Certificate | null,
  raw: boolean,
): Finding {
  if (raw)
    return finding("HANDSHAKE_NO_PRIVATE_KEY", {
      message: `the ${side} ('${conn.name}') has no private key for its raw public key`,
      log,
      fix: "put the private key that belongs to the key in pubkeys into private/",
    });
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

/** The signer's side: key, scheme, CERT payloads. */
export function buildPubkey(
  side: "initiator" | "responder",
  conn: HandshakeConnection,
  host: HandshakeHost,
  myId: Identity,
  certreqSeen: boolean,
  opts: { strongswan?: ReleaseLike; rdnMatching?: Rdn; at?: Date; peerHashes?: readonly string[] },
): PubkeyBuild {
  const raw: RawKey | undefined = !conn.localCert ? conn.localRound?.rawKeys[0] : undefined;
  const out: PubkeyBuild = {
    ok: false,
    logs: [],
    failLog: null,
    finding: null,
    cert: null,
    rawKey: null,
    publicKey: null,
    scheme: null,
    certs: [],
    acerts: [],
    authLabel: "",
  };
  let key: PrivateKey | null;
  if (raw) {
    out.rawKey = raw.key;
    key = host.keys.find((k) => samePublicKey(k.publicKey, raw.key)) ?? null;
  } else {
    const cred = signingCredentials(conn, host, myId, opts);
    out.cert = cred.cert;
    key = cred.cert ? (cred.key ?? findPrivateKey(cred.cert, host.keys)) : null;
  }
  if (!key || (!out.cert && !out.rawKey)) {
    const log = LOG.noPrivateKey(myId);
    out.logs.push(log);
    out.failLog = log;
    out.finding = noKey(side, conn, myId, log, out.cert, !!raw);
    return out;
  }
  out.publicKey = key.publicKey;
  const peerHashes = opts.peerHashes ?? PEER_HASHES;
  const scheme = selectIkeScheme(
    key.publicKey,
    conn.localRound?.spec.ikeSchemes ?? [],
    !!host.settings?.rsaPss,
    peerHashes,
  );
  if (!scheme) {
    const family = keyFamily(key.publicKey);
    const log = `no common hash algorithm found to create signature with ${family} key`;
    out.logs.push(log);
    out.failLog = log;
    out.finding = finding("HANDSHAKE_NO_SIGNATURE_SCHEME", {
      message: `the ${side} ('${conn.name}', auth = ${conn.localRound?.spec.text}) allows no signature scheme its ${family} key can make with a hash the peer announced (${peerHashes.join(", ")})`,
      log,
    });
    return out;
  }
  out.scheme = scheme;
  out.ok = true;
  out.authLabel = schemeLogName(scheme);
  out.logs.push(authMyselfLine(myId, scheme));
  if (out.cert) {
    out.certs = certsSent(conn, host, out.cert, certreqSeen, opts.rdnMatching ?? "strict");
    out.acerts = out.certs.length ? acertsFor(out.cert, host.acerts ?? [], opts.at ?? new Date()) : [];
  } else if (conn.sendCert === "always" || (conn.sendCert === "ifasked" && certreqSeen))
    // ike_cert_post.c: a raw key cannot travel in a CERT payload
    out.logs.push("embedding PUBKEY certificate in payload failed");
  return out;
}

export interface PubkeyVerify {
  ok: boolean;
  logs: string[];
  findings: Finding[];
  failLog: string | null;
  done: DoneAuth | null;
}

/** verify_trust_chain: one scheme per issuer found (the signature of the certificate below it). */
function chainSchemes(cert: Certificate, issuers: readonly Certificate[]): SchemeUse[] {
  const out: SchemeUse[] = [];
  for (const c of [cert, ...issuers].slice(0, issuers.length)) {
    const s = certificateScheme(c, pssParams(c)?.hash);
    if (s) out.push(s);
  }
  return out;
}

const SIG_FAILED = "signature validation failed, looking for another key";

/** The verifier's side: a trusted key for the received id, and what the peer proved. */
export function verifyPubkey(v: {
  verifier: HandshakeHost;
  receivedId: Identity;
  signer: PubkeyBuild;
  received: Certificate[];
  receivedAcs: AttributeCertificate[];
  at?: Date;
  strongswan?: ReleaseLike;
  rdnMatching?: Rdn;
  peer: string;
}): PubkeyVerify {
  const opts = { strongswan: v.strongswan, rdnMatching: v.rdnMatching };
  const signerKey = v.signer.publicKey!;
  const scheme = v.signer.scheme!;
  const family = keyFamily(signerKey);
  const logs: string[] = [];
  const findings: Finding[] = [];
  const base = { id: v.receivedId, ikeScheme: scheme, eapType: null, eapId: null } as const;
  // raw public keys the verifier trusts for this id (configured ones and pubkey/ of the folder)
  const rawPool = [
    ...v.verifier.connections.flatMap((c) => c.remoteRound?.rawKeys ?? []),
    ...(v.verifier.rawKeys ?? []),
  ];
  let rejected = false;
  const seen: PublicKeyInfo[] = [];
  for (const r of rawPool) {
    if (keyFamily(r.key) !== family || seen.some((k) => samePublicKey(k, r.key))) continue;
    const byKeyId =
      v.receivedId.type === ID_TYPES.ID_KEY_ID &&
      (bytesEqual(v.receivedId.encoding, r.key.keyIds.keyid) ||
        bytesEqual(v.receivedId.encoding, r.key.keyIds.subjkey));
    if (
      !byKeyId &&
      !(r.subject.type === v.receivedId.type && bytesEqual(r.subject.encoding, v.receivedId.encoding))
    )
      continue;
    seen.push(r.key);
    logs.push(`  using trusted certificate "${r.subject.printed}"`);
    if (!samePublicKey(r.key, signerKey)) {
      logs.push(SIG_FAILED);
      rejected = true;
      findings.push(
        finding("HANDSHAKE_WRONG_PEER_KEY", {
          message: `the raw public key this side holds for '${v.receivedId.printed}' is not the key ${v.peer} signs with`,
          log: SIG_FAILED,
        }),
      );
      continue;
    }
    logs.push(authPeerLine(v.receivedId, scheme));
    return {
      ok: true,
      logs,
      findings: [],
      failLog: null,
      done: doneAuth({ ...base, authClass: "pubkey", rawKey: r.key }),
    };
  }
  if (!v.signer.cert) {
    // a raw key the verifier does not hold
    if (rejected) return { ok: false, logs, findings, failLog: SIG_FAILED, done: null };
    const log = LOG.noTrustedKey(v.receivedId, signerKey);
    logs.push(log);
    findings.push(
      finding("HANDSHAKE_RAW_KEY_UNKNOWN", {
        message: `${v.peer} authenticates with a raw public key, and this side holds none for '${v.receivedId.printed}' (its remote pubkeys, or pubkey/ where a key stands for its key id)`,
        log,
      }),
    );
    return { ok: false, logs, findings, failLog: log, done: null };
  }
  const rv = verifyPeer({
    verifier: v.verifier,
    receivedId: v.receivedId,
    signerCert: v.signer.cert,
    received: v.received,
    at: v.at,
    ...opts,
    peer: v.peer,
  });
  // verify.ts words the success line for the default scheme; the scheme used decides it
  const rvLogs = rv.logs.map((l) =>
    l === LOG.authPeer(v.receivedId, signerKey) ? authPeerLine(v.receivedId, scheme) : l,
  );
  if (!rv.ok) {
    if (rejected && rv.failLog === LOG.noTrustedKey(v.receivedId, signerKey))
      return {
        ok: false,
        logs: [...logs, ...rvLogs.slice(0, -1)],
        findings: [...findings, ...rv.findings],
        failLog: SIG_FAILED,
        done: null,
      };
    return {
      ok: false,
      logs: [...logs, ...rvLogs],
      findings: [...findings, ...rv.findings],
      failLog: rv.failLog,
      done: null,
    };
  }
  const cert = rv.cert!;
  const g = grantedGroups(
    cert,
    [...(v.verifier.acerts ?? []), ...v.receivedAcs],
    [...(v.verifier.aaCerts ?? []), ...v.verifier.certs],
    {
      acert: !!v.verifier.settings?.acert,
      at: v.at ?? new Date(),
      strongswan: v.strongswan,
    },
  );
  // the acert validator runs inside the chain validation, before the AUTH signature is checked
  const at = rvLogs.findIndex((l) => l.startsWith("authentication of "));
  const all = [...logs, ...rvLogs];
  if (g.logs.length) all.splice(logs.length + (at < 0 ? rvLogs.length : at), 0, ...g.logs);
  return {
    ok: true,
    logs: all,
    findings: [...findings, ...rv.findings],
    failLog: null,
    done: {
      ...base,
      authClass: "pubkey",
      cert,
      rawKey: null,
      issuers: rv.issuers,
      x509Schemes: chainSchemes(cert, rv.issuers),
      strengths: chainStrengths([cert, ...rv.issuers]),
      groups: g.groups,
      certPolicies: rv.certPolicies ?? [],
      revocation: rv.revocation,
    },
  };
}
