/**
 * What each authentication round needs from the configuration, whether it is there, and the line
 * charon logs when it is not (issue 19): the private key (certificate or raw public key), the
 * pre-shared key for the ids, the EAP secret or EAP-TLS certificate, the raw public keys or CAs that
 * authenticate the peer, the attribute certificates behind `groups`. Lookups follow charon's rules
 * (auth/shared-keys.ts). Pure.
 */
import { formatOrigin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import { certificateHasIdentity } from "../../identity/certificate.js";
import { identityContainsWildcards } from "../../identity/match.js";
import { type Identity, parseIdentity } from "../../identity/parse.js";
import type { ReleaseLike } from "../../rules.js";
import { ID_TYPES } from "../../x509/types.js";
import {
  bestShared,
  describeKey,
  type SharedKey,
  sharedForConnection,
  sharedKeys,
} from "../auth/shared-keys.js";
import type { LoadedConfig } from "../credentials.js";
import type { Endpoint, LocalRound, RemoteRound } from "../endpoint.js";
import { EAP_NOT_SIMULATED } from "../handshake/auth/eap.js";
import { keyFamily, selectIkeScheme } from "../handshake/auth/schemes.js";
import { findPrivateKey } from "../keypair.js";
import type { AuditOptions } from "./local.js";

/** One thing a round needs. */
export interface RoundNeed {
  /** private-key, psk, eap-secret, certificate, raw-key, ca, attribute-certificate, external */
  kind: string;
  /** what, in words (never a secret value) */
  what: string;
  /** where it is (file, secret section), or null when it is missing */
  have: string | null;
  /** what charon logs when it is missing */
  log: string | null;
}

const concrete = (id: Identity | null): id is Identity =>
  !!id && id.type !== ID_TYPES.ID_ANY && !identityContainsWildcards(id);

function parse(text: string | undefined, strongswan?: ReleaseLike): Identity | null {
  if (!text) return null;
  try {
    return parseIdentity(text, { strongswan });
  } catch {
    return null;
  }
}

const keyHave = (k: SharedKey) => `secret ${describeKey(k)}`;

/** An EAP method whose outcome is decided outside the configuration. */
const externalNeed = (method: string): RoundNeed => ({
  kind: "external",
  what: EAP_NOT_SIMULATED[method] ?? `the ${method} method`,
  have: "(outside the configuration)",
  log: null,
});

function localNeeds(e: Endpoint, r: LocalRound, keys: SharedKey[], opts: AuditOptions): RoundNeed[] {
  const me = r.id.identity;
  const peer = e.remote[0]?.id.identity ?? null;
  const out: RoundNeed[] = [];
  const cls = r.spec.authClass;
  const idText = me?.printed ?? r.id.text;
  if (cls === "pubkey") {
    if (r.pubkeys.length && !r.certificate) {
      const k = r.rawKey;
      out.push({
        kind: "raw-key",
        what: "the raw public key it signs as",
        have: k?.key ? (k.file?.path ?? k.ref.text) : null,
        log: null,
      });
      out.push({
        kind: "private-key",
        what: "the private key of that raw public key",
        have: r.privateKey?.source.file ?? null,
        log: r.privateKey ? null : `no private key found for '${idText}'`,
      });
    } else
      out.push({
        kind: "private-key",
        what: r.certificate
          ? `the private key of "${r.certificate.subject.printed}"`
          : `a certificate with its private key that proves '${idText}'`,
        have: r.privateKey?.source.file ?? null,
        log: r.privateKey ? null : `no private key found for '${idText}'`,
      });
  } else if (cls === "psk") {
    const other = concrete(peer) ? peer : null;
    const found = sharedForConnection(keys, "IKE", me, peer, opts);
    // with a concrete peer id charon's pick is known; with a pattern it depends on the peer
    const shown = other ? [bestShared(found)].filter((m) => m !== null) : found;
    out.push({
      kind: "psk",
      what: `an IKE secret for '${idText}' and '${peer?.printed ?? "%any"}'${other ? "" : " (charon takes the one whose ids match the peer's id best)"}`,
      have: shown.length ? shown.map((m) => keyHave(m.key)).join("; ") : null,
      log: shown.length ? null : `no shared key found for '${idText}' - '${other?.printed ?? "%any"}'`,
    });
  } else if (cls === "eap") {
    const eapId = parse(r.round.eapId?.value, opts.strongswan);
    const user = eapId && eapId.type !== ID_TYPES.ID_ANY ? eapId : me;
    const method = r.spec.eapType;
    if (method === "EAP_TLS")
      out.push({
        kind: "certificate",
        what: `a certificate with its private key that proves '${user?.printed ?? idText}' (EAP-TLS client)`,
        have: tlsCert(e, user)?.source?.file ?? null,
        log: tlsCert(e, user)
          ? null
          : `no usable TLS client certificate found for '${user?.printed ?? idText}'`,
      });
    else if (!method || method === "EAP_MD5" || method === "EAP_MSCHAPV2") {
      const best = bestShared(sharedForConnection(keys, "EAP", user, peer, opts));
      out.push({
        kind: "eap-secret",
        what: `an EAP secret for '${user?.printed ?? idText}'${eapId ? " (eap_id is only sent when the server asks for the EAP identity; otherwise the IKE id is the user name)" : ""}${method ? "" : " (auth = eap: the server picks the method)"}`,
        have: best ? keyHave(best.key) : null,
        log: best
          ? null
          : `no EAP key found for hosts '${user?.printed ?? idText}' - '${peer?.printed ?? "%any"}'`,
      });
    } else out.push(externalNeed(method));
  } else if (cls === "xauth")
    out.push({
      kind: "external",
      what: `XAuth (IKEv1): the ${r.spec.xauthBackend ?? "xauth-generic"} backend and its secrets`,
      have: "(outside this check)",
      log: null,
    });
  return out;
}

function tlsCert(e: Endpoint, id: Identity | null) {
  if (!id) return null;
  return (
    e.pool.endEntities.find(
      (c) => findPrivateKey(c, e.pool.keys) && certificateHasIdentity(c, id, {}).level > 0,
    ) ?? null
  );
}

function remoteNeeds(
  config: LoadedConfig,
  e: Endpoint,
  r: RemoteRound,
  keys: SharedKey[],
  opts: AuditOptions,
): RoundNeed[] {
  const me = e.local[0]?.id.identity ?? null;
  const peer = r.id.identity;
  const out: RoundNeed[] = [];
  const cls = r.spec.authClass;
  const peerText = peer?.printed ?? r.id.text;
  if (cls === "pubkey") {
    if (r.pubkeys.length)
      for (const k of r.pubkeys)
        out.push({
          kind: "raw-key",
          what: `the peer's raw public key ${k.ref.text}`,
          have: k.key ? (k.file?.path ?? k.ref.text) : null,
          log: k.key ? null : `no trusted <KEY> public key found for '${peerText}'`,
        });
    else
      out.push({
        kind: "ca",
        what: "a CA certificate the peer's certificate chains to",
        have: r.anchors.length ? r.anchors.map((c) => `"${c.subject.printed}"`).join(", ") : null,
        log: r.anchors.length
          ? null
          : `no trusted <KEY> public key found for '${concrete(peer) ? peer.printed : "<peer id>"}'`,
      });
  } else if (cls === "psk") {
    const best = sharedForConnection(keys, "IKE", me, peer, opts);
    out.push({
      kind: "psk",
      what: `an IKE secret for '${me?.printed ?? "%any"}' and the peer '${peerText}'`,
      have: best.length ? best.map((m) => keyHave(m.key)).join("; ") : null,
      log: best.length
        ? null
        : `no shared key found for '${me?.printed ?? "%any"}' - '${concrete(peer) ? peer.printed : "<peer id>"}'`,
    });
  } else if (cls === "eap") {
    const method = r.spec.eapType;
    const eapId = parse(r.round.eapId?.value, opts.strongswan);
    const server = parse(r.round.aaaId?.value, opts.strongswan) ?? me;
    if (!method)
      out.push({
        kind: "eap-method",
        what: "an EAP method to serve the client with (a bare `eap` serves none)",
        have: null,
        log: "peer requested EAP, config unacceptable",
      });
    else if (method === "EAP_TLS") {
      const cert = e.local[0]?.certificate;
      out.push({
        kind: "certificate",
        what: `a certificate with its private key for '${server?.printed ?? "?"}' (EAP-TLS server)`,
        have: cert && e.local[0]?.privateKey ? (cert.source?.file ?? "loaded") : null,
        log: cert ? null : `no usable TLS server certificate found for '${server?.printed ?? "?"}'`,
      });
      out.push({
        kind: "ca",
        what: "a CA certificate the clients' certificates chain to",
        have: r.anchors.length ? r.anchors.map((c) => `"${c.subject.printed}"`).join(", ") : null,
        log: r.anchors.length ? null : `no trusted certificate found for '${peerText}' to verify TLS peer`,
      });
    } else if (method === "EAP_MD5" || method === "EAP_MSCHAPV2") {
      const user = eapId && eapId.type !== ID_TYPES.ID_ANY ? eapId : peer;
      const found = sharedForConnection(keys, "EAP", server, user, opts).filter(
        (m) => m.other > 0 || !concrete(user),
      );
      out.push({
        kind: "eap-secret",
        what: `EAP secrets for the clients (${concrete(user) ? `'${user.printed}'` : "the identities they send"})`,
        have: found.length ? found.map((m) => keyHave(m.key)).join("; ") : null,
        log: found.length
          ? null
          : `no EAP key found for hosts '${server?.printed ?? "%any"}' - '${concrete(user) ? user.printed : "<EAP identity>"}'`,
      });
    } else out.push(externalNeed(method));
  }
  if (r.round.groups?.value.length) {
    const acs = config.files
      .filter((f) => f.folder === "x509ac")
      .flatMap((f) => (f.acerts ?? []).map((a) => ({ f, a })));
    for (const g of r.round.groups.value) {
      const held = acs.filter(({ a }) => a.groups.some((x) => x.type === "string" && x.value === g));
      out.push({
        kind: "attribute-certificate",
        what: `an attribute certificate granting '${g}' (held in x509ac/ or sent by the peer), and charon's acert plugin to read it`,
        have: held.length ? held.map(({ f }) => f.path).join(", ") : null,
        log: `constraint check failed: group membership to '${g}' required`,
      });
    }
  }
  return out;
}

/** Needs and the findings for what is missing, per round of a connection. */
export function roundNeeds(
  config: LoadedConfig,
  e: Endpoint,
  opts: AuditOptions,
): { needs: Map<LocalRound | RemoteRound, RoundNeed[]>; findings: Finding[] } {
  const keys = sharedKeys(config, opts.strongswan);
  const needs = new Map<LocalRound | RemoteRound, RoundNeed[]>();
  const findings: Finding[] = [];
  for (const r of [...e.local, ...e.remote]) {
    const label = `${r.side} round '${r.round.name}'`;
    const file = formatOrigin(r.round.auth.origin ?? r.round.origin);
    if (r.spec.invalid) {
      findings.push(
        finding("AUTH_INVALID", { message: `${label}: auth = ${r.spec.text}: ${r.spec.invalid}`, file }),
      );
      needs.set(r, []);
      continue;
    }
    for (const l of r.spec.logs)
      if (l.startsWith("ignoring invalid auth token"))
        findings.push(
          finding("AUTH_TOKEN_IGNORED", {
            message: `${label}: auth = ${r.spec.text}: charon ignores a token of it`,
            log: l,
            file,
          }),
        );
    const list = r.side === "local" ? localNeeds(e, r, keys, opts) : remoteNeeds(config, e, r, keys, opts);
    needs.set(r, list);
    for (const n of list) {
      if (n.have !== null || n.kind === "private-key" || n.kind === "ca") continue; // those have findings of their own
      if (n.kind === "psk") continue; // PSK_MISSING (psk.ts)
      if (n.kind === "attribute-certificate") continue; // AUTH_GROUPS_NEED_ACERT below
      findings.push(
        finding("AUTH_ROUND_MISSING", {
          message: `${label}: needs ${n.what}; none is configured`,
          log: n.log,
          file,
        }),
      );
    }
    if (r.side === "remote" && r.round.groups?.value.length) {
      const held = list.filter((n) => n.kind === "attribute-certificate" && n.have);
      findings.push(
        finding("AUTH_GROUPS_NEED_ACERT", {
          message: `${label}: groups = ${r.round.groups.value.join(", ")} is met only by an attribute certificate (${held.length ? `held: ${held.map((n) => n.have).join(", ")}` : "none held here; the peer may send one"}) that charon's acert plugin validates; Debian's packages and default builds lack the plugin, and then this check always fails`,
          log: `constraint check failed: group membership to '${r.round.groups.value.at(-1)}' required`,
          file,
        }),
      );
    }
    if (r.side === "local" && r.spec.authClass === "pubkey" && r.privateKey) {
      const k = r.privateKey.publicKey;
      if (!selectIkeScheme(k, r.spec.ikeSchemes, false))
        findings.push(
          finding("HANDSHAKE_NO_SIGNATURE_SCHEME", {
            message: `${label}: auth = ${r.spec.text} allows no scheme its ${keyFamily(k)} key can sign with (with a hash a strongSwan peer accepts)`,
            log: `no common hash algorithm found to create signature with ${keyFamily(k)} key`,
            file,
          }),
        );
    }
  }
  return { needs, findings };
}
