/**
 * One side verifies the other's AUTH (semantics §7.2; pubkey_authenticator.c process,
 * credential_manager.c create_public_enumerator / trusted_enumerate): the certificates that have the
 * received id — the verifier's own loaded ones first, then the received CERT payloads — each needs a
 * chain to a trusted self-signed root (received intermediates as untrusted helpers) and the public key
 * that made the signature.
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { certificateHasIdentity } from "../../identity/certificate.js";
import type { Identity } from "../../identity/parse.js";
import type { Certificate } from "../../input/certificate.js";
import { keyTypeLogName } from "../../input/spki.js";
import type { ReleaseLike } from "../../rules.js";
import { buildChain } from "../chain/build.js";
import { sameCert } from "../chain/issuer.js";
import type { CertRevocation } from "../chain/revocation.js";
import type { ChainResult } from "../chain/types.js";
import { checkIdentity } from "../identity.js";
import { samePublicKey } from "../keypair.js";
import { LOG } from "./logs.js";
import type { HandshakeHost } from "./types.js";

export interface VerifyInput {
  verifier: HandshakeHost;
  /** IDi or IDr as received */
  receivedId: Identity;
  /** the certificate the peer signed with (its key makes the AUTH signature) */
  signerCert: Certificate;
  /** CERT payloads received: end entity first, then intermediates */
  received: Certificate[];
  at?: Date;
  strongswan?: ReleaseLike;
  rdnMatching?: "strict" | "reordered" | "relaxed";
  /** what the verifier calls the peer in messages */
  peer: string;
}

export interface VerifyResult {
  ok: boolean;
  logs: string[];
  findings: Finding[];
  /** the certificate that authenticated the peer, and its chain (issuers, for the CA constraint) */
  cert: Certificate | null;
  issuers: Certificate[];
  /** the line that decides a failure (null on success) */
  failLog: string | null;
  /** what the revocation plugin recorded for the authenticated chain (for the revocation policy) */
  revocation: CertRevocation[];
  /** the peer certificate's policies its chain carries (what cert_policy can require) */
  certPolicies?: string[];
}

const PLUGIN_NOTES = new Set([
  "CHAIN_POLICY_NOT_ALLOWED",
  "CHAIN_NAME_CONSTRAINT_IGNORED",
  "CHAIN_NAME_CONSTRAINT_WIDENED",
]);
const KU_LOG = "rejecting certificate without digitalSignature or nonRepudiation keyUsage flags";
const SIG_FAILED = "signature validation failed, looking for another key";

const keyWords = (c: Certificate) => `${c.publicKey.bits} bit ${keyTypeLogName(c.publicKey.algorithm)}`;

function family(a: string): string {
  return a === "RSA-PSS" ? "RSA" : a;
}

/**
 * buildChain refuses an end entity whose keyUsage lacks digitalSignature and nonRepudiation; charon
 * builds the chain first and rejects the key afterwards (pubkey_authenticator.c is_compliant_cert).
 */
function keyUsageRejected(chain: ChainResult): boolean {
  return chain.findings.some((f) => f.code === "CHAIN_KEY_USAGE");
}

function chainLogs(cert: Certificate, pretrusted: boolean, chain: ChainResult): string[] {
  const logs = [
    pretrusted
      ? `  using trusted certificate "${cert.subject.printed}"`
      : `  using certificate "${cert.subject.printed}"`,
    `  certificate "${cert.subject.printed}" key: ${keyWords(cert)}`,
  ];
  for (const link of chain.chain.slice(1)) {
    if (link.trusted && link.role === "root") logs.push(`  using trusted ca certificate "${link.subject}"`);
    else if (link.trusted) logs.push(`  using trusted intermediate ca certificate "${link.subject}"`);
    else logs.push(`  using untrusted intermediate certificate "${link.subject}"`);
  }
  // lines the constraints plugin logs without failing (policies the chain does not carry, ...)
  for (const f of chain.findings) if (f.log && PLUGIN_NOTES.has(f.code)) logs.push(...f.log.split("\n"));
  const ku = keyUsageRejected(chain);
  const last = chain.chain.at(-1)!;
  if ((chain.trusted || ku) && last.role === "root")
    logs.push(`  reached self-signed root ca with a path length of ${chain.chain.length - 2}`);
  if (pretrusted && chain.trusted && chain.missingIssuer)
    logs.push(`no issuer certificate found for "${last.subject}"`);
  for (const f of chain.findings.filter(
    (x) => x.severity === "error" && x.log && x.code !== "CHAIN_KEY_USAGE",
  ))
    logs.push(f.log!);
  if (chain.missingIssuer) logs.push(`  issuer is "${chain.missingIssuer.dn}"`);
  logs.push(...chain.revocation.flatMap((r) => r.logs));
  if (pretrusted && chain.trusted && last.role !== "root")
    logs.push(`  reached end of incomplete trust chain for trusted certificate "${cert.subject.printed}"`);
  return logs;
}

export function verifyPeer(v: VerifyInput): VerifyResult {
  const opts = { strongswan: v.strongswan, rdnMatching: v.rdnMatching };
  const sigKey = v.signerCert.publicKey;
  const has = (c: Certificate) =>
    family(c.publicKey.algorithm) === family(sigKey.algorithm) &&
    certificateHasIdentity(c, v.receivedId, opts).level > 0;
  const local = v.verifier.certs.filter(has);
  const remote = v.received.slice(0, 1).filter((c) => has(c) && !local.some((l) => sameCert(l, c)));
  const candidates = [
    ...local.map((c) => ({ c, pretrusted: true })),
    ...remote.map((c) => ({ c, pretrusted: false })),
  ];
  const logs: string[] = [];
  const findings: Finding[] = [];
  let firstChain: { cert: Certificate; chain: ChainResult } | null = null;
  // a candidate with a trusted chain whose key does not verify the AUTH payload
  let rejected: string | null = null;
  for (const { c, pretrusted } of candidates) {
    const chain = buildChain(c, {
      trusted: v.verifier.certs,
      untrusted: v.received.slice(1),
      at: v.at,
      ...(v.verifier.crls ? { crls: v.verifier.crls } : {}),
      ...opts,
    });
    logs.push(...chainLogs(c, pretrusted, chain));
    firstChain ??= { cert: c, chain };
    if (keyUsageRejected(chain)) {
      logs.push(KU_LOG, SIG_FAILED);
      rejected = KU_LOG;
      findings.push(
        finding("CHAIN_KEY_USAGE", {
          message: `${v.peer}'s certificate "${c.subject.printed}" has a keyUsage without digitalSignature or nonRepudiation`,
        }),
      );
      continue;
    }
    if (!chain.trusted) continue;
    if (!samePublicKey(c.publicKey, sigKey)) {
      logs.push(SIG_FAILED);
      rejected ??= SIG_FAILED;
      findings.push(
        finding("HANDSHAKE_WRONG_PEER_CERT", {
          message: `the certificate "${c.subject.printed}" this side finds for '${v.receivedId.printed}' has another key than the one ${v.peer} signs with`,
          log: SIG_FAILED,
        }),
      );
      continue;
    }
    logs.push(LOG.authPeer(v.receivedId, sigKey));
    const issuers = chainCerts(chain, v);
    return {
      ok: true,
      logs,
      findings,
      cert: c,
      issuers,
      failLog: null,
      revocation: chain.revocation,
      certPolicies: chain.certPolicies ?? [],
    };
  }
  // pubkey_authenticator.c: "no trusted ... public key" only when no candidate had a trusted key at all
  if (rejected)
    return { ok: false, logs, findings, cert: null, issuers: [], failLog: rejected, revocation: [] };
  const fail = LOG.noTrustedKey(v.receivedId, sigKey);
  logs.push(fail);
  if (candidates.length === 0) {
    const proof = certificateHasIdentity(v.signerCert, v.receivedId, opts);
    if (proof.level === 0) {
      const text = v.receivedId.input ?? v.receivedId.printed;
      const idf = checkIdentity(v.signerCert, text, { ...opts, regex: true }).findings.filter(
        (f) => f.severity === "error",
      );
      for (const f of idf)
        findings.push({
          ...f,
          message: `${v.peer} sends the id '${v.receivedId.printed}', but its certificate "${v.signerCert.subject.printed}" does not prove it: ${f.message}`,
          log: fail,
        });
      if (idf.length === 0)
        findings.push(
          finding("ID_NOT_IN_CERT", {
            message: `${v.peer} sends the id '${v.receivedId.printed}', which its certificate "${v.signerCert.subject.printed}" does not contain`,
            log: fail,
          }),
        );
    } else
      findings.push(
        finding("HANDSHAKE_PEER_CERT_UNAVAILABLE", {
          message: `${v.peer} did not send its certificate "${v.signerCert.subject.printed}" and it is not loaded on this side`,
          log: fail,
        }),
      );
  } else if (firstChain)
    for (const f of firstChain.chain.findings.filter((x) => x.severity === "error"))
      findings.push({ ...f, message: `${v.peer}'s certificate: ${f.message}` });
  return { ok: false, logs, findings, cert: null, issuers: [], failLog: fail, revocation: [] };
}

function chainCerts(chain: ChainResult, v: VerifyInput): Certificate[] {
  const pool = [...v.verifier.certs, ...v.received];
  const out: Certificate[] = [];
  for (const link of chain.chain.slice(1)) {
    const c = pool.find((p) => p.subject.printed === link.subject);
    if (c) out.push(c);
  }
  return out;
}
