/**
 * What a round's `auth` brings besides certificates: the parsed auth value (class, EAP method,
 * signature and strength constraints) and raw public keys (swanctl `pubkeys`, ipsec.conf
 * `leftsigkey`/`rightsigkey`). Pure; used by resolveEndpoint.
 *
 * Raw keys (src/libcharon/plugins/vici/vici_config.c parse_pubkeys; stroke_cred.c load_pubkey;
 * src/libstrongswan/plugins/pubkey/pubkey_cert.c): charon wraps each key in a "trusted public key"
 * certificate whose subject is the round's id when one is configured (and not %any), else the key's
 * SHA-1 SubjectPublicKeyInfo key id. Without an id swanctl takes that subject as the id ("id not
 * specified, defaulting to cert subject '<key id>'"). A raw key is trusted as it is: no chain.
 */
import { type AuthParseOptions, type AuthSpec, parseAuth } from "../config/auth.js";
import type { AuthRound, FileRef } from "../config/model.js";
import { type Identity, identityFromEncoding } from "../identity/parse.js";
import type { FolderFile } from "../input/swanctl-dir.js";
import { type ReleaseLike, rulesFor } from "../rules.js";
import type { PublicKeyInfo } from "../x509/spki.js";
import { ID_TYPES } from "../x509/types.js";
import { type KeyItem, type LoadedConfig, lookupRef, type ResolvedRefs } from "./credentials.js";
import { samePublicKey } from "./keypair.js";

/** strongswan.conf settings that change how `auth` values are read and signatures are chosen. */
export interface AuthSettings {
  /** `charon.rsa_pss` (default no): RSA signatures use PSS padding by default */
  rsaPss?: boolean;
  /** `charon.signature_authentication_constraints` (default yes) */
  signatureAuthenticationConstraints?: boolean;
}

/** A raw public key a round names, and what came of it. */
export interface RawKeyRef {
  ref: FileRef;
  file: FolderFile | null;
  key: PublicKeyInfo | null;
  error: string | null;
}

export function authSpecOf(
  round: AuthRound,
  kind: "swanctl" | "ipsec",
  strongswan: ReleaseLike,
  settings: AuthSettings = {},
): AuthSpec {
  const opts: AuthParseOptions = {
    source: kind,
    rsaPss: settings.rsaPss,
    signatureAuthenticationConstraints: settings.signatureAuthenticationConstraints,
    bliss: !rulesFor(strongswan).blissRemoved,
  };
  return parseAuth(round.auth.value, opts);
}

/** The public key a `pubkeys` / `leftsigkey` entry names (a file, or inline 0x/0s data). */
export function resolvePubkeyRef(config: LoadedConfig, ref: FileRef, refs?: ResolvedRefs): RawKeyRef {
  const file = lookupRef(config, ref, refs);
  if (!file) return { ref, file: null, key: null, error: `${ref.path ?? ref.text}: no such file` };
  if (file.error) return { ref, file, key: null, error: file.error.message };
  const items = [...file.used, ...(file.loaded?.items ?? [])];
  const pub = items.find((i) => i.kind === "publicKey");
  // a certificate or private key given as a raw key: charon takes its public key
  const any = pub ?? items.find((i) => i.kind === "certificate" || i.kind === "privateKey");
  const key = any && "publicKey" in any ? (any.publicKey as PublicKeyInfo) : null;
  return { ref, file, key, error: key ? null : `${file.path}: holds no public key` };
}

/** The identity a raw key stands for: the configured id (unless %any), else its key id. */
export function rawKeySubject(key: PublicKeyInfo, id: Identity | null, strongswan: ReleaseLike): Identity {
  if (id && id.type !== ID_TYPES.ID_ANY) return id;
  return identityFromEncoding(ID_TYPES.ID_KEY_ID, key.keyIds.keyid, { strongswan });
}

/** The loaded private key that belongs to a raw public key. */
export function rawKeyPrivate(key: PublicKeyInfo, keys: Iterable<KeyItem>): KeyItem | null {
  for (const k of keys) if (samePublicKey(k.publicKey, key)) return k;
  return null;
}
