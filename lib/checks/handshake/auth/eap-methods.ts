/**
 * The EAP methods the simulation plays, client and server side, with the lines each logs:
 * EAP-MD5 (src/libcharon/plugins/eap_md5/eap_md5.c), EAP-MS-CHAPv2 (eap_mschapv2/eap_mschapv2.c)
 * and EAP-TLS (eap_tls/ on src/libtls/tls_peer.c, tls_server.c). Passwords are looked up with the
 * shared-key rules (EAP and XAuth secrets are one type) and compared by value, never shown.
 * The identifier charon picks for each EAP request is random: it is written `0x??`.
 */
import { finding } from "../../../findings/index.js";
import type { Finding } from "../../../findings/types.js";
import { certificateHasIdentity } from "../../../identity/certificate.js";
import { identityEquals } from "../../../identity/match.js";
import { type Identity, parseIdentity } from "../../../identity/parse.js";
import type { ReleaseLike } from "../../../rules.js";
import type { Certificate } from "../../../x509/certificate.js";
import {
  bestShared,
  describeKey,
  type SharedKey,
  sameSecret,
  sharedCandidates,
} from "../../auth/shared-keys.js";
import { buildChain } from "../../chain/build.js";
import { findPrivateKey } from "../../keypair.js";
import type { HandshakeHost } from "../types.js";

export const EAP_ID = "0x??";

export interface EapParty {
  host: HandshakeHost;
  /** who the party is in the EAP method and whom it talks to (load_method: peer and server ids) */
  me: Identity;
  other: Identity;
  /** EAP-TLS: the certificate charon would use, if configured */
  cert?: Certificate | null;
}

export interface MethodRun {
  ok: boolean;
  client: string[];
  server: string[];
  /** which side's line decides a failure, and that line */
  failSide: "initiator" | "responder" | null;
  failLog: string | null;
  finding: Finding | null;
  msk: boolean;
}

type Opts = { strongswan?: ReleaseLike; rdnMatching?: "strict" | "reordered" | "relaxed"; at?: Date };

const noKey = (me: Identity, other: Identity) =>
  `no EAP key found for hosts '${me.printed}' - '${other.printed}'`;

function failed(
  side: "initiator" | "responder",
  client: string[],
  server: string[],
  failLog: string,
  code: string,
  message: string,
): MethodRun {
  return {
    ok: false,
    client,
    server,
    failSide: side,
    failLog,
    finding: finding(code, { message, log: failLog }),
    msk: false,
  };
}

const succeeded = (type: string, msk: boolean, client: string[] = [], server: string[] = []): MethodRun => {
  const line = `EAP method ${type} succeeded, ${msk ? "" : "no "}MSK established`;
  return {
    ok: true,
    client: [...client, line],
    server: [...server, line],
    failSide: null,
    failLog: null,
    finding: null,
    msk,
  };
};

/** The client's password for (its EAP identity, the server), or the method's failure without one. */
function clientSecret(client: EapParty, method: string, opts: Opts): { key: SharedKey } | MethodRun {
  const c = bestShared(sharedCandidates(client.host.sharedKeys ?? [], "EAP", client.me, client.other, opts));
  if (c) return { key: c.key };
  const log = noKey(client.me, client.other);
  return failed(
    "initiator",
    [log, `${method} method failed`],
    [],
    log,
    "HANDSHAKE_NO_EAP_SECRET",
    `the client has no EAP secret for '${client.me.printed}' (with the server '${client.other.printed}')`,
  );
}

/** EAP-MD5: the server challenges, the client hashes its password; the server compares. */
export function runMd5(client: EapParty, server: EapParty, peerForLog: Identity, opts: Opts): MethodRun {
  const c = clientSecret(client, "EAP_MD5", opts);
  if ("failSide" in c) return c;
  const s = bestShared(sharedCandidates(server.host.sharedKeys ?? [], "EAP", server.me, server.other, opts));
  const fail = `EAP method EAP_MD5 failed for peer ${peerForLog.printed}`;
  const clientFail = ["received EAP_FAILURE, EAP authentication failed"];
  if (!s) {
    const log = noKey(server.me, server.other);
    return failed(
      "responder",
      clientFail,
      [log, fail],
      log,
      "HANDSHAKE_NO_EAP_SECRET",
      `the EAP server has no EAP secret for '${server.other.printed}' (as '${server.me.printed}')`,
    );
  }
  if (!sameSecret(c.key, s.key))
    return failed(
      "responder",
      clientFail,
      ["EAP-MD5 verification failed", fail],
      "EAP-MD5 verification failed",
      "HANDSHAKE_EAP_PASSWORD_MISMATCH",
      `the client answers with its secret ${describeKey(c.key)}, the server expects ${describeKey(s.key)}: they differ`,
    );
  return succeeded("EAP_MD5", false);
}

/** EAP-MS-CHAPv2: the client sends its user name and an NT response; the server checks both. */
export function runMschapv2(client: EapParty, server: EapParty, opts: Opts): MethodRun {
  const c = clientSecret(client, "EAP_MSCHAPV2", opts);
  if ("failSide" in c) return c;
  // the server parses the user name the client sends (its identity as text)
  let user: Identity = client.me;
  try {
    user = parseIdentity(client.me.printed, { strongswan: opts.strongswan });
  } catch {
    // keep the client's identity
  }
  const server0: string[] = identityEquals(user, server.other)
    ? []
    : [`EAP-MS-CHAPv2 username: '${user.printed}'`];
  const s = bestShared(sharedCandidates(server.host.sharedKeys ?? [], "EAP", server.me, user, opts));
  const retry = "EAP-MS-CHAPv2 verification failed, retry (1)";
  const clientFail = [
    "EAP-MS-CHAPv2 failed with error ERROR_AUTHENTICATION_FAILURE: '(null)'",
    "EAP_MSCHAPV2 method failed",
  ];
  if (!s) {
    const log = noKey(server.me, user);
    return failed(
      "responder",
      clientFail,
      [...server0, log, retry],
      log,
      "HANDSHAKE_NO_EAP_SECRET",
      `the EAP server has no EAP secret for the user '${user.printed}' (as '${server.me.printed}')`,
    );
  }
  if (!sameSecret(c.key, s.key))
    return failed(
      "responder",
      clientFail,
      [...server0, retry],
      retry,
      "HANDSHAKE_EAP_PASSWORD_MISMATCH",
      `the client answers with its secret ${describeKey(c.key)}, the server expects ${describeKey(s.key)}: they differ`,
    );
  return succeeded("EAP_MSCHAPV2", true, ["EAP-MS-CHAPv2 succeeded: 'Welcome2strongSwan'"], server0);
}

/** The certificate (with its private key) a party can present in TLS for an identity. */
function tlsCert(p: EapParty, opts: Opts): Certificate | null {
  const pool = [...(p.cert ? [p.cert] : []), ...p.host.certs.filter((c) => c !== p.cert)];
  for (const c of pool)
    if (findPrivateKey(c, p.host.keys) && certificateHasIdentity(c, p.me, opts).level > 0) return c;
  return null;
}

function tlsTrusted(verifier: HandshakeHost, cert: Certificate, id: Identity, opts: Opts): boolean {
  if (certificateHasIdentity(cert, id, opts).level === 0) return false;
  const chain = buildChain(cert, { trusted: verifier.certs, untrusted: [], at: opts.at, ...opts });
  return chain.trusted;
}

/** EAP-TLS: a TLS handshake inside EAP; both sides present and verify certificates. */
export function runTls(client: EapParty, server: EapParty, opts: Opts): MethodRun {
  const sc = tlsCert(server, opts);
  if (!sc) {
    const log = `no usable TLS server certificate found for '${server.me.printed}'`;
    return failed(
      "responder",
      ["EAP_TLS method failed"],
      [log],
      log,
      "HANDSHAKE_EAP_TLS_CERT",
      `the EAP-TLS server has no certificate with a private key for '${server.me.printed}'`,
    );
  }
  const cl = [`received TLS server certificate '${sc.subject.printed}'`];
  const sv = [`sending TLS server certificate '${sc.subject.printed}'`];
  if (!tlsTrusted(client.host, sc, client.other, opts)) {
    const log = `no trusted certificate found for '${client.other.printed}' to verify TLS server`;
    return failed(
      "initiator",
      [...cl, log, "EAP_TLS method failed"],
      sv,
      log,
      "HANDSHAKE_EAP_TLS_CERT",
      `the EAP-TLS client cannot verify the server certificate "${sc.subject.printed}" for '${client.other.printed}' (not proven by it, or no chain to a CA the client trusts)`,
    );
  }
  const cc = tlsCert(client, opts);
  if (!cc) {
    const log = `no usable TLS client certificate found for '${client.me.printed}'`;
    return failed(
      "initiator",
      [...cl, log, "received fatal TLS alert 'handshake failure'", "EAP_TLS method failed"],
      [...sv, "no certificate sent by peer", "sending fatal TLS alert 'handshake failure'"],
      log,
      "HANDSHAKE_EAP_TLS_CERT",
      `the EAP-TLS client has no certificate with a private key for '${client.me.printed}'`,
    );
  }
  cl.push(`sending TLS client certificate '${cc.subject.printed}'`);
  sv.push(`received TLS peer certificate '${cc.subject.printed}'`);
  if (!tlsTrusted(server.host, cc, server.other, opts)) {
    const log = `no trusted certificate found for '${server.other.printed}' to verify TLS peer`;
    return failed(
      "responder",
      [...cl, "received fatal TLS alert 'certificate unknown'", "EAP_TLS method failed"],
      [...sv, log, "sending fatal TLS alert 'certificate unknown'"],
      log,
      "HANDSHAKE_EAP_TLS_CERT",
      `the EAP-TLS server cannot verify the client certificate "${cc.subject.printed}" for '${server.other.printed}'`,
    );
  }
  return succeeded("EAP_TLS", true, cl, sv);
}
