/**
 * resolveEndpoint: one connection of a loaded configuration, resolved into what charon would use in
 * each authentication round. Pure: takes the folder model (lib/input swanctl-dir / ipsec-dir) and
 * the files a connection names outside it (`resolveConfigRefs`), returns plain data. `ikecert audit`
 * judges this; `ikecert handshake` plays two of them against each other; `ikecert size --config`
 * sizes the IKE_AUTH from it.
 *
 * What charon does, by source:
 * - local certificate: each `certs`/`leftcert` file gives its FIRST certificate (swanctl load_conns.c,
 *   stroke_cred.c load_peer); charon signs with the first configured certificate whose private key is
 *   loaded (credential_manager.c get_private, semantics §6), else with a loaded certificate that has
 *   the local id when none is configured;
 * - intermediates: charon walks the issuers of that certificate among the loaded certificates and
 *   sends every one that is not self-signed (credential_manager.c build_trustchain,
 *   ike_cert_post.c "sending issuer cert"); the root is never sent;
 * - local id: swanctl takes `id` as written, or the first certificate's subject ("id not specified,
 *   defaulting to cert subject"), and never checks it against the certificate; ipsec.conf takes
 *   `leftid` or the `left` address and replaces it by the subject DN when no `leftcert` has it
 *   ("id '%Y' not confirmed by certificate, defaulting to '%Y'"); without certificate and id charon
 *   falls back on the IP address (5.9.x "no IDi configured, fall back on IP address", 6.0
 *   "no IDi configured, default to IP address %Y");
 * - remote id: parsed as swanctl parses configured ids (`regex: true`), `%any` when unset; the CAs
 *   that can anchor the peer are the remote `cacerts` when given, else every trusted CA.
 */
import type { AuthSpec } from "../config/auth.js";
import type { AuthClass, AuthRound, Connection, FileRef, Fragmentation, SendCert } from "../config/model.js";
import { certificateHasIdentity, subjectIdentity } from "../identity/certificate.js";
import type { RdnMatching } from "../identity/dn.js";
import { identityFromEncoding } from "../identity/parse.js";
import type { LoadedItem } from "../input/load.js";
import type { FolderFile } from "../input/swanctl-dir.js";
import type { ReleaseLike } from "../rules.js";
import { ID_TYPES } from "../x509/types.js";

import { buildChain, type ChainResult } from "./chain.js";
import {
  type CertItem,
  type CredentialPool,
  configKind,
  credentialPool,
  isCaCert,
  type KeyItem,
  type LoadedConfig,
  lookupRef,
  type ResolvedRefs,
} from "./credentials.js";
import {
  type AuthSettings,
  authSpecOf,
  type RawKeyRef,
  rawKeyPrivate,
  rawKeySubject,
  resolvePubkeyRef,
} from "./endpoint-auth.js";
import {
  type EndpointId,
  ipDefault,
  parseId,
  singleAddress,
  strokeId,
  subjectDefault,
} from "./endpoint-id.js";
import { findPrivateKey } from "./keypair.js";

export type { AuthSettings, RawKeyRef } from "./endpoint-auth.js";
export type { EndpointId, IdSource } from "./endpoint-id.js";

/** Options of `resolveEndpoints`: the release, the moment, resolved file references, a chain pool. */
export interface EndpointOptions {
  /** target strongSwan release (default the newest covered) */
  strongswan?: ReleaseLike;
  /** "now" for chain validity (default the real time) */
  at?: Date;
  /** files outside the folder, from `resolveConfigRefs` */
  refs?: ResolvedRefs;
  /** the configuration's credentials; computed when not given (pass it when resolving many connections) */
  pool?: CredentialPool;
  rdnMatching?: RdnMatching;
  /** strongswan.conf settings that shape `auth` values (charon.rsa_pss, ...) */
  settings?: AuthSettings;
}

/** A certificate file a connection names, and what charon takes from it. */
export interface CertRef {
  ref: FileRef;
  /** the file as read; null when it does not exist in the folder and was not resolved */
  file: FolderFile | null;
  /** the first certificate of the file: the only one charon loads */
  certificate: CertItem | null;
  /** everything else in the file, which charon ignores */
  ignored: LoadedItem[];
  /** why nothing usable came out of it (missing, unreadable, no certificate) */
  error: string | null;
}

/** A local authentication round as charon resolves it: certificate, private key, chain, intermediates it sends, identity. */
export interface LocalRound {
  side: "local";
  round: AuthRound;
  auth: AuthClass;
  /** the configured certificate files */
  certs: CertRef[];
  /** the certificate charon signs with (first with a loaded key), or the first loaded one if none has a key */
  certificate: CertItem | null;
  /** the private key charon finds for it; null = "no private key found for '<id>'" */
  privateKey: KeyItem | null;
  /** the chain of `certificate` built from the loaded certificates (what charon can send) */
  chain: ChainResult | null;
  /** intermediates charon sends with it (not self-signed issuers it found); the root is not sent */
  intermediates: CertItem[];
  id: EndpointId;
  /** the `auth` value as charon reads it (class, EAP method, signature constraints) */
  spec: AuthSpec;
  /** raw public keys (`pubkeys`, `leftsigkey`) */
  pubkeys: RawKeyRef[];
  /** the raw key charon signs with (first with a loaded private key) when no certificate does */
  rawKey: RawKeyRef | null;
}

/** A remote authentication round as charon resolves it: the expected identity, CA constraints and the CAs that can anchor the peer. */
export interface RemoteRound {
  side: "remote";
  round: AuthRound;
  auth: AuthClass;
  id: EndpointId;
  /** ipsec.conf `rightid=%...`: the certificate only has to contain the id */
  loose: boolean;
  /** the configured `cacerts` (swanctl remote) */
  cacerts: CertRef[];
  /** trusted CAs that can anchor the peer's chain: the remote cacerts (if any), else every trusted CA */
  anchors: CertItem[];
  spec: AuthSpec;
  /** raw public keys the peer must authenticate with (`pubkeys`, `rightsigkey`) */
  pubkeys: RawKeyRef[];
}

/** One connection resolved as charon would use it: local and remote rounds, certificate sending, fragmentation, credentials. */
export interface Endpoint {
  name: string;
  kind: "swanctl" | "ipsec";
  connection: Connection;
  local: LocalRound[];
  remote: RemoteRound[];
  sendCert: SendCert;
  sendCertreq: boolean;
  fragmentation: Fragmentation;
  /** 0 any, 1 IKEv1, 2 IKEv2 */
  version: number;
  aggressive: boolean;
  /** CAs the CERTREQ this side sends lists (0 when send_certreq = no) */
  certreqCas: number;
  pool: CredentialPool;
}

/** What charon takes from a certificate file named in a connection. */
export function resolveCertRef(config: LoadedConfig, ref: FileRef, refs?: ResolvedRefs): CertRef {
  const file = lookupRef(config, ref, refs);
  if (!file)
    return {
      ref,
      file: null,
      certificate: null,
      ignored: [],
      error: `${ref.path ?? ref.text}: no such file`,
    };
  if (file.error) return { ref, file, certificate: null, ignored: [], error: file.error.message };
  const certificate =
    (file.used.find((i) => i.kind === "certificate") as CertItem | undefined) ??
    (file.loaded?.items.find((i) => i.kind === "certificate") as CertItem | undefined) ??
    null;
  const ignored = (file.loaded?.items ?? []).filter((i) => i !== certificate);
  return {
    ref,
    file,
    certificate,
    ignored,
    error: certificate ? null : `${file.path}: holds no certificate`,
  };
}

function resolveLocal(
  config: LoadedConfig,
  conn: Connection,
  round: AuthRound,
  pool: CredentialPool,
  opts: EndpointOptions,
): LocalRound {
  const { strongswan } = opts;
  const kind = configKind(config);
  const certs = round.certs.map((r) => resolveCertRef(config, r, opts.refs));
  const loaded = certs.map((c) => c.certificate).filter((c): c is CertItem => c !== null);
  const pubkeys = round.pubkeys.map((r) => resolvePubkeyRef(config, r, opts.refs));
  const firstKey = pubkeys.find((k) => k.key)?.key ?? null;

  let id: EndpointId;
  if (kind === "swanctl") {
    if (round.id) id = parseId(round.id.value, round.id, "configured", null, strongswan, false);
    // vici: a raw key's subject is its key id, and the round takes it as its id
    else if (!loaded[0] && firstKey) id = subjectDefault(rawKeySubject(firstKey, null, strongswan));
    else if (loaded[0]) id = subjectDefault(subjectIdentity(loaded[0], { strongswan }));
    else id = ipDefault(conn, strongswan, null);
  } else {
    const base = round.id
      ? parseId(round.id.value, round.id, "configured", null, strongswan, false)
      : { ...ipDefault(conn, strongswan, null), log: null };
    id = strokeId(base, loaded, strongswan, opts.rdnMatching);
    if (id === base && !round.id && loaded.length === 0 && base.identity?.type === ID_TYPES.ID_ANY)
      id = { ...base, source: "any" };
  }

  // the certificate charon signs with: the first configured one with a key; else one that has the id
  let certificate: CertItem | null = null;
  let privateKey: KeyItem | null = null;
  for (const c of loaded) {
    const k = findPrivateKey(c, pool.keys);
    if (k) {
      certificate = c;
      privateKey = k;
      break;
    }
  }
  if (!certificate && certs.length === 0 && !pubkeys.length && round.authClass === "pubkey" && id.identity)
    for (const c of pool.endEntities) {
      const k = findPrivateKey(c, pool.keys);
      if (k && certificateHasIdentity(c, id.identity, { strongswan }).level > 0) {
        certificate = c;
        privateKey = k;
        break;
      }
    }
  certificate ??= loaded[0] ?? null;
  let rawKey: RawKeyRef | null = null;
  if (!certificate && pubkeys.length) {
    rawKey = pubkeys.find((k) => k.key && rawKeyPrivate(k.key, pool.keys)) ?? null;
    if (rawKey) privateKey = rawKeyPrivate(rawKey.key!, pool.keys);
    else rawKey = pubkeys.find((k) => k.key) ?? null;
  }

  let chain: ChainResult | null = null;
  const intermediates: CertItem[] = [];
  if (certificate) {
    chain = buildChain(certificate, {
      trusted: [...pool.trustedCas],
      untrusted: [],
      revocationSettings: { loaded: false }, // charon never checks its own certificate's status
      at: opts.at,
      rdnMatching: opts.rdnMatching,
      strongswan,
    });
    for (const link of chain.chain.slice(1))
      if (link.role === "intermediate") {
        const c = pool.trustedCas.find((x) => x.subject.printed === link.subject && !selfIssuedRoot(x));
        if (c && !intermediates.includes(c)) intermediates.push(c);
      }
  }
  return {
    side: "local",
    round,
    auth: round.authClass,
    certs,
    certificate,
    privateKey,
    chain,
    intermediates,
    id,
    spec: authSpecOf(round, kind, strongswan, opts.settings),
    pubkeys,
    rawKey,
  };
}

const selfIssuedRoot = (c: CertItem): boolean => c.selfIssued && isCaCert(c);

function resolveRemote(
  config: LoadedConfig,
  conn: Connection,
  round: AuthRound,
  pool: CredentialPool,
  opts: EndpointOptions,
): RemoteRound {
  const { strongswan } = opts;
  const kind = configKind(config);
  const cacerts = round.cacerts.map((r) => resolveCertRef(config, r, opts.refs));
  const pubkeys = round.pubkeys.map((r) => resolvePubkeyRef(config, r, opts.refs));
  // vici: a remote round without id takes its first certificate's subject, or a raw key's key id
  const peerCert =
    kind === "swanctl"
      ? round.certs.map((r) => resolveCertRef(config, r, opts.refs).certificate).find((c) => c)
      : null;
  const peerKey = kind === "swanctl" ? pubkeys.find((k) => k.key)?.key : null;
  let id: EndpointId;
  if (round.id) id = parseId(round.id.value, round.id, "configured", null, strongswan, kind === "swanctl");
  else if (peerCert || peerKey) {
    const s = peerCert
      ? subjectIdentity(peerCert, { strongswan })
      : rawKeySubject(peerKey!, null, strongswan);
    id = subjectDefault(s);
  } else if (kind === "ipsec" && singleAddress(conn.remoteAddrs.value))
    id = parseId(singleAddress(conn.remoteAddrs.value)!, null, "ip-address", null, strongswan, false);
  else
    id = {
      configured: null,
      text: "%any",
      identity: identityFromEncoding(ID_TYPES.ID_ANY, new Uint8Array(0), { strongswan }),
      source: "any",
      log: null,
      error: null,
    };
  if (kind === "ipsec") {
    const certs = round.certs
      .map((r) => resolveCertRef(config, r, opts.refs).certificate)
      .filter((c): c is CertItem => c !== null);
    id = strokeId(id, certs, strongswan, opts.rdnMatching);
  }
  const configuredCas = cacerts
    .map((c) => c.certificate)
    .filter((c): c is CertItem => c !== null && isCaCert(c));
  return {
    side: "remote",
    round,
    auth: round.authClass,
    id,
    loose: round.idLoose,
    cacerts,
    anchors: cacerts.length ? configuredCas : [...pool.trustedCas],
    spec: authSpecOf(round, kind, strongswan, opts.settings),
    pubkeys,
  };
}

/** Resolve one connection of a loaded configuration (see the module comment for charon's rules). */
export function resolveEndpoint(
  config: LoadedConfig,
  conn: Connection,
  opts: EndpointOptions = {},
): Endpoint {
  const pool = opts.pool ?? credentialPool(config, opts.refs);
  const local = conn.local.map((r) => resolveLocal(config, conn, r, pool, opts));
  const remote = conn.remote.map((r) => resolveRemote(config, conn, r, pool, opts));
  // ike_cert_pre.c: the CERTREQ lists the remote cacerts of the config, or every trusted CA
  const firstRemote = remote[0];
  const certreqCas = !conn.sendCertreq.value
    ? 0
    : firstRemote?.cacerts.length
      ? firstRemote.anchors.length
      : pool.trustedCas.length;
  return {
    name: conn.name,
    kind: configKind(config),
    connection: conn,
    local,
    remote,
    sendCert: conn.sendCert.value,
    sendCertreq: conn.sendCertreq.value,
    fragmentation: conn.fragmentation.value,
    version: conn.version.value,
    aggressive: conn.aggressive.value,
    certreqCas,
    pool,
  };
}

/** Resolve every connection (ipsec.conf: only those starter loads) sharing one credential pool. */
export function resolveEndpoints(config: LoadedConfig, opts: EndpointOptions = {}): Endpoint[] {
  const pool = opts.pool ?? credentialPool(config, opts.refs);
  return (config.conf?.connections ?? [])
    .filter((c) => c.enabled)
    .map((c) => resolveEndpoint(config, c, { ...opts, pool }));
}
