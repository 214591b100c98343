/**
 * From resolved endpoints (lib/checks/endpoint.ts, shared with `ikecert audit`) to the view the
 * handshake simulation plays: one host = every connection it loads plus its credential pool, its
 * shared secrets, raw public keys and attribute certificates.
 */
import type { Setting } from "../../config/model.js";
import { type Identity, parseIdentity } from "../../identity/parse.js";
import type { AttributeCertificate } from "../../input/acert.js";
import type { ReleaseLike } from "../../rules.js";
import type { PublicKeyInfo } from "../../x509/spki.js";
import { sharedKeys } from "../auth/shared-keys.js";
import { requiredPoliciesOf } from "../chain/policies.js";
import type { RevocationPolicy } from "../chain/revocation.js";
import type { CertItem, LoadedConfig } from "../credentials.js";
import type { Endpoint, LocalRound, RemoteRound } from "../endpoint.js";
import { rawKeySubject } from "../endpoint-auth.js";
import { connectionProposals } from "../proposals.js";
import type { HandshakeConnection, HandshakeHost, HostSettings, RawKey, RoundView } from "./types.js";

function parsed(s: Setting<string> | null, strongswan: ReleaseLike, regex = false): Identity | null {
  if (!s) return null;
  try {
    return parseIdentity(s.value, { strongswan, regex });
  } catch {
    return null;
  }
}

function roundView(r: LocalRound | RemoteRound, strongswan: ReleaseLike): RoundView {
  const id = r.id.identity;
  const rawKeys: RawKey[] = [];
  for (const k of r.pubkeys)
    if (k.key) rawKeys.push({ key: k.key, subject: rawKeySubject(k.key, id, strongswan) });
  return {
    spec: r.spec,
    eapId: parsed(r.round.eapId, strongswan, r.side === "remote"),
    aaaId: parsed(r.round.aaaId, strongswan),
    groups: (r.round.groups?.value ?? [])
      .map((g) => parsed({ value: g, origin: null }, strongswan))
      .filter((g): g is Identity => g !== null),
    rawKeys,
  };
}

export function handshakeConnection(e: Endpoint, strongswan?: ReleaseLike): HandshakeConnection {
  const local = e.local[0];
  const p = connectionProposals(e.connection, strongswan);
  const child = p.children[0];
  const childless = e.connection.settings.childless?.value.toLowerCase() === "force";
  const remote = e.remote[0];
  const localId = local?.id.identity ?? null;
  const localRound = local ? roundView(local, strongswan) : undefined;
  // the raw key charon signs with comes first
  if (localRound && local?.rawKey?.key) {
    const first = local.rawKey.key;
    localRound.rawKeys.sort((a, b) => (a.key === first ? -1 : b.key === first ? 1 : 0));
  }
  return {
    name: e.name,
    version: e.version,
    localAuth: local?.auth ?? "pubkey",
    remoteAuth: remote?.auth ?? "pubkey",
    localCert: local?.certificate ?? null,
    privateKey: local?.privateKey ?? null,
    localId: local?.id.source === "ip-address" ? null : localId,
    localIdDefaulted: local?.id.source === "cert-subject" || local?.id.source === "replaced-by-subject",
    remoteId: remote?.id.identity ?? null,
    remoteIdLoose: remote?.loose ?? false,
    remoteCacerts: (remote?.cacerts ?? []).flatMap((c) => (c.certificate ? [c.certificate] : [])),
    ...revocationOf(remote?.round.revocation?.value),
    remotePolicies: remote ? requiredPoliciesOf(remote.round.settings).oids : [],
    sendCert: e.sendCert,
    sendCertreq: e.sendCertreq,
    proposals: e.connection.proposals.value,
    // a connection with a proposal charon refuses is not loaded: it has nothing to offer
    ikeProposals: p.ike.error ? [] : p.ike.proposals,
    ...(p.ike.error
      ? { proposalError: p.ike.error.logs[0] ?? `invalid proposal '${p.ike.error.item}'` }
      : {}),
    childProposals: childless || !child ? null : child.configured.proposals,
    localAddrs: e.connection.localAddrs.value,
    remoteAddrs: e.connection.remoteAddrs.value,
    localRound,
    remoteRound: remote ? roundView(remote, strongswan) : undefined,
    extraRounds: { local: Math.max(0, e.local.length - 1), remote: Math.max(0, e.remote.length - 1) },
    aggressive: e.aggressive,
  };
}

/** Keys from pubkey/ (swanctl load_creds.c: a trusted public key whose subject is its key id). */
function folderRawKeys(config: LoadedConfig, strongswan: ReleaseLike): RawKey[] {
  const out: RawKey[] = [];
  for (const f of config.files) {
    if (f.folder !== "pubkey") continue;
    const k = f.used.find((i) => i.kind === "publicKey");
    if (k && "publicKey" in k) {
      const key = k.publicKey as PublicKeyInfo;
      out.push({ key, subject: rawKeySubject(key, null, strongswan) });
    }
  }
  return out;
}

/** A host from all the endpoints of one configuration (they share one credential pool). */
export function handshakeHost(
  label: string,
  endpoints: Endpoint[],
  config?: LoadedConfig,
  opts: { strongswan?: ReleaseLike; settings?: HostSettings } = {},
): HandshakeHost {
  const pool = endpoints[0]?.pool;
  const acerts: AttributeCertificate[] = [];
  const aaCerts: CertItem[] = [];
  for (const f of config?.files ?? []) {
    if (f.folder === "x509ac") acerts.push(...(f.acerts ?? []));
    if (f.folder === "x509aa")
      for (const i of f.used) if (i.kind === "certificate") aaCerts.push(i as CertItem);
  }
  return {
    label,
    connections: endpoints.map((e) => handshakeConnection(e, opts.strongswan)),
    certs: pool ? [...pool.trustedCas, ...pool.endEntities] : [],
    keys: pool ? [...pool.keys] : [],
    crls: pool ? [...pool.crls] : [],
    sharedKeys: config ? sharedKeys(config, opts.strongswan) : [],
    rawKeys: config ? folderRawKeys(config, opts.strongswan) : [],
    acerts,
    aaCerts,
    settings: opts.settings ?? {},
  };
}

function revocationOf(v: string | undefined): { revocation?: RevocationPolicy } {
  return v === "strict" || v === "ifuri" || v === "relaxed" ? { revocation: v } : {};
}
