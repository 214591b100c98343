/**
 * Shared secrets (PSKs, EAP and XAuth passwords) and how charon picks one for a pair of identities
 * (semantics §11; src/libstrongswan/credentials/credential_manager.c get_shared,
 * src/libstrongswan/credentials/sets/mem_cred.c shared_filter / has_owner; vici_cred.c load_shared;
 * stroke_cred.c load_shared).
 *
 * Each secret has owners (swanctl `id...`, ipsec.secrets selectors; none = %any). For a lookup with
 * the identities (me, other) a secret is a candidate when either identity matches one of its owners
 * (the identity matched against the owner as a pattern, so an owner `%any` or `*.example.com` works);
 * the best candidate is the one whose owners match `other` best, then `me`. A verifier tries every
 * candidate; a signer uses the best. Secret values never leave this module except as a comparison.
 */
import {
  formatOrigin,
  type Origin,
  type SecretValue,
  type SharedSecret,
  secretBytes,
} from "../../config/model.js";
import { identityContainsWildcards, identityMatches, type MatchOptions } from "../../identity/match.js";
import { type Identity, parseIdentity } from "../../identity/parse.js";
import type { ReleaseLike } from "../../rules.js";
import { ID_TYPES } from "../../x509/types.js";
import type { LoadedConfig } from "../credentials.js";

/** charon's shared_key_type_t: swanctl `ike`/ipsec.secrets PSK; `eap` and `xauth` share one type. */
export type SharedKeyType = "IKE" | "EAP" | "NT_HASH" | "PPK";

/** A shared secret (PSK, EAP or XAuth secret, NT hash, PPK) as charon holds it: its type, owners and value. */
export interface SharedKey {
  type: SharedKeyType;
  /** swanctl section (`ike-gw`) or `ipsec.secrets:12` */
  name: string;
  origin: Origin;
  /** owner identities as charon parses them; `%any` when none were written */
  owners: Identity[];
  /** as written, for messages */
  ownerTexts: string[];
  secret: SecretValue;
  /** the configuration entry it came from */
  source: SharedSecret;
}

export interface SharedMatch {
  key: SharedKey;
  /** how well `me` and `other` match the owners (identification.c match levels) */
  me: number;
  other: number;
}

const TYPE_OF: Record<SharedSecret["kind"], SharedKeyType> = {
  ike: "IKE",
  eap: "EAP",
  xauth: "EAP",
  ntlm: "NT_HASH",
  ppk: "PPK",
};

function parseOwner(text: string, strongswan: ReleaseLike): Identity | null {
  try {
    return parseIdentity(text, { strongswan });
  } catch {
    return null;
  }
}

/** Every shared secret charon loads from a configuration, in the order it loads them. */
export function sharedKeys(config: LoadedConfig, strongswan?: ReleaseLike): SharedKey[] {
  const all = "secrets" in config ? (config.secrets?.secrets ?? []) : (config.conf?.secrets ?? []);
  const out: SharedKey[] = [];
  for (const s of all) {
    if (s.type !== "shared" || !s.secret) continue;
    const texts = s.ids.length ? s.ids.map((i) => i.value) : ["%any"];
    const owners = texts.map((t) => parseOwner(t, strongswan)).filter((i): i is Identity => i !== null);
    out.push({
      type: TYPE_OF[s.kind],
      name: s.name,
      origin: s.origin,
      owners,
      ownerTexts: texts,
      secret: s.secret,
      source: s,
    });
  }
  return out;
}

function hasOwner(key: SharedKey, id: Identity, opts: MatchOptions): number {
  let best = 0;
  for (const o of key.owners) best = Math.max(best, identityMatches(id, o, opts));
  return best;
}

/** The candidates for (me, other), in load order (mem_cred.c shared_filter). */
export function sharedCandidates(
  keys: readonly SharedKey[],
  type: SharedKeyType,
  me: Identity | null,
  other: Identity | null,
  opts: MatchOptions = {},
): SharedMatch[] {
  const out: SharedMatch[] = [];
  for (const key of keys) {
    if (key.type !== type) continue;
    const m = me ? hasOwner(key, me, opts) : 0;
    const o = other ? hasOwner(key, other, opts) : 0;
    if ((me || other) && !m && !o) continue;
    out.push({ key, me: m, other: o });
  }
  return out;
}

/**
 * The secrets a connection can use, seen from its configuration: with a concrete remote id exactly
 * charon's candidates; with a pattern (`*@example.com`, %any) also every secret whose owner is an id
 * the pattern accepts, since the peer will present such an id.
 */
export function sharedForConnection(
  keys: readonly SharedKey[],
  type: SharedKeyType,
  me: Identity | null,
  remote: Identity | null,
  opts: MatchOptions = {},
): SharedMatch[] {
  const concrete = remote && remote.type !== ID_TYPES.ID_ANY && !identityContainsWildcards(remote);
  if (concrete || !remote) return sharedCandidates(keys, type, me, remote, opts);
  const out = sharedCandidates(keys, type, me, null, opts);
  for (const key of keys) {
    if (key.type !== type || out.some((m) => m.key === key)) continue;
    const o = Math.max(0, ...key.owners.map((owner) => identityMatches(owner, remote, opts)));
    if (o) out.push({ key, me: 0, other: o });
  }
  return out;
}

/** get_shared: the candidate whose owners match `other` best, then `me`; the first of equals wins. */
export function bestShared(matches: readonly SharedMatch[]): SharedMatch | null {
  let best: SharedMatch | null = null;
  for (const m of matches) {
    if (!best || m.other > best.other || (m.other === best.other && m.me > best.me)) best = m;
    if (best.me === 20 && best.other === 20) break;
  }
  return best;
}

/** Whether two secrets hold the same bytes (as charon compares the MACs they produce). */
export function sameSecret(a: SharedKey, b: SharedKey): boolean {
  return Buffer.from(secretBytes(a.secret)).equals(Buffer.from(secretBytes(b.secret)));
}

/** Where a secret is written and whom it names, for messages (never its value). */
export function describeKey(k: SharedKey): string {
  return `'${k.name}' (${formatOrigin(k.origin)}, for ${k.ownerTexts.map((t) => `'${t}'`).join(", ")})`;
}
