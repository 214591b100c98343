/**
 * The configuration model shared by swanctl.conf and ipsec.conf/ipsec.secrets: connections with their
 * local and remote authentication rounds, secrets and authorities. Every value remembers where it was
 * written (file and line), or has a null origin when it is strongSwan's default.
 */
import type { SpecialFileKind } from "../errors.js";

/** Where a value was written. */
export interface Origin {
  file: string;
  line: number;
}

/** A value and its origin; `origin: null` means nobody wrote it and it is strongSwan's default. */
export interface Setting<T> {
  value: T;
  origin: Origin | null;
}

/** A problem strongSwan tolerates (it skips the item and goes on); the audit turns these into findings. */
export interface ConfigDiagnostic {
  origin: Origin;
  message: string;
  /** an included file that is a FIFO, device or socket (lib/checks/audit/includes.ts judges it) */
  special?: { file: string; kind: SpecialFileKind };
}

export function formatOrigin(o: Origin | null): string {
  return o ? `${o.file}:${o.line}` : "(default)";
}

// ---------------------------------------------------------------------------------------------------
// Secret values: kept, but never printed and never serialised.

const HIDDEN = new WeakMap<SecretValue, string>();

/**
 * A PSK, EAP/XAUTH password or key passphrase. The text is held outside the object (like private keys
 * in lib/input/keys.ts), so printing, logging or JSON-serialising a model never shows it.
 * Use `revealSecret()` where a check needs the value (PSK strength, passphrases).
 */
export class SecretValue {
  /** how it was written: plain text, `0x` hex or `0s` base64 */
  readonly form: "text" | "hex" | "base64";
  readonly origin: Origin;

  /** `form` defaults to what the prefix says (`0x` hex, `0s` base64); a quoted ipsec.secrets value is text */
  constructor(value: string, origin: Origin, form?: "text" | "hex" | "base64") {
    HIDDEN.set(this, value);
    this.origin = origin;
    this.form = form ?? (/^0x/i.test(value) ? "hex" : /^0s/i.test(value) ? "base64" : "text");
  }

  toJSON(): { secret: "hidden"; form: string; origin: Origin } {
    return { secret: "hidden", form: this.form, origin: this.origin };
  }

  toString(): string {
    return "[secret]";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `[secret ${formatOrigin(this.origin)}]`;
  }
}

/** The secret as written in the file (including a `0x`/`0s` prefix). */
export function revealSecret(s: SecretValue): string {
  return HIDDEN.get(s) ?? "";
}

/** The secret's bytes as strongSwan uses them (`0x` hex and `0s` base64 decoded, text as UTF-8). */
export function secretBytes(s: SecretValue): Uint8Array {
  const v = revealSecret(s);
  if (s.form === "hex") return new Uint8Array(Buffer.from(v.slice(2), "hex"));
  if (s.form === "base64") return new Uint8Array(Buffer.from(v.slice(2), "base64"));
  return new Uint8Array(Buffer.from(v, "utf8"));
}

// ---------------------------------------------------------------------------------------------------
// Connections

/**
 * A certificate or public key named in a connection: a file (relative names are resolved against the
 * folder strongSwan looks in: swanctl `x509/`, `x509ca/`, `pubkey/`; ipsec.d `certs/`, `cacerts/`) or
 * inline `0x`/`0s` data (swanctl only).
 */
export interface FileRef {
  /** as written */
  text: string;
  /** path relative to the configuration folder (`x509/gw.pem`, `ipsec.d/certs/gw.pem`) or absolute; null when inline */
  path: string | null;
  inline: "hex" | "base64" | null;
  origin: Origin;
}

/** Coarse class of an `auth` value: what kind of credential the round needs. */
export type AuthClass = "pubkey" | "psk" | "eap" | "xauth" | "never" | "unknown";

export interface AuthRound {
  side: "local" | "remote";
  /** section name (`local`, `local-2`, `remote-eap`) or the ipsec.conf prefix (`left`, `right2`) */
  name: string;
  /** swanctl `round` (default 0); rounds are ordered by it, then by their order in the file */
  round: number;
  origin: Origin;
  /** as written (`pubkey`, `rsa/pss`, `psk`, `eap-tls`, `xauth`); default `pubkey` */
  auth: Setting<string>;
  authClass: AuthClass;
  /** the EAP method if `auth` is eap-*, e.g. `tls`, `mschapv2`; null for plain `eap` */
  eapMethod: string | null;
  id: Setting<string> | null;
  /**
   * ipsec.conf `rightid=%...`: a leading `%` makes the id "loose" (the certificate only has to contain it);
   * swanctl has no such form.
   */
  idLoose: boolean;
  eapId: Setting<string> | null;
  aaaId: Setting<string> | null;
  xauthId: Setting<string> | null;
  /** swanctl `ca_id`; ipsec.conf `leftca`/`rightca` (a CA DN constraint) */
  caId: Setting<string> | null;
  revocation: Setting<string> | null;
  groups: Setting<string[]> | null;
  certs: FileRef[];
  cacerts: FileRef[];
  pubkeys: FileRef[];
  /** every key of the section as written (after references / also= are applied) */
  settings: Record<string, Setting<string>>;
}

export interface ChildConfig {
  name: string;
  origin: Origin;
  localTs: Setting<string[]>;
  remoteTs: Setting<string[]>;
  /** `none`, `trap`, `start` (swanctl); ipsec.conf auto=add/route/start maps to none/trap/start */
  startAction: Setting<string>;
  espProposals: Setting<string[]>;
  mode: Setting<string>;
  settings: Record<string, Setting<string>>;
}

export type SendCert = "always" | "ifasked" | "never";
export type Fragmentation = "yes" | "accept" | "force" | "no";

export interface Connection {
  name: string;
  source: "swanctl.conf" | "ipsec.conf";
  origin: Origin;
  /** false for an ipsec.conf conn with auto=ignore (the default): starter does not load it */
  enabled: boolean;
  /** 0 = any (swanctl default; ipsec.conf keyexchange=ike), 1 = IKEv1, 2 = IKEv2 */
  version: Setting<number>;
  localAddrs: Setting<string[]>;
  remoteAddrs: Setting<string[]>;
  proposals: Setting<string[]>;
  sendCert: Setting<SendCert>;
  sendCertreq: Setting<boolean>;
  fragmentation: Setting<Fragmentation>;
  aggressive: Setting<boolean>;
  /** ordered as charon orders them (by `round`, then file order) */
  local: AuthRound[];
  remote: AuthRound[];
  children: ChildConfig[];
  settings: Record<string, Setting<string>>;
}

// ---------------------------------------------------------------------------------------------------
// Secrets and authorities

export type SharedSecretKind = "ike" | "eap" | "xauth" | "ntlm" | "ppk";
export type KeySecretKind = "private" | "rsa" | "ecdsa" | "pkcs8" | "pkcs12" | "token";

export interface SharedSecret {
  type: "shared";
  kind: SharedSecretKind;
  /** swanctl section name (`ike-gw`), or `ipsec.secrets` for that file */
  name: string;
  origin: Origin;
  /** owner ids as written; empty = any (`%any`) */
  ids: Setting<string>[];
  /** null when the section has no `secret` (swanctl then refuses to load it) */
  secret: SecretValue | null;
}

export interface KeySecret {
  type: "key";
  kind: KeySecretKind;
  name: string;
  origin: Origin;
  /**
   * swanctl: the file name in the folder of that kind the passphrase is for; ipsec.secrets: the key
   * file (relative names resolved against ipsec.d/private/)
   */
  file: Setting<string> | null;
  /** passphrase(s); ipsec.secrets allows two for PKCS#12 (MAC and encryption) and `%prompt` */
  secrets: SecretValue[];
  prompt: boolean;
  /** ipsec.secrets: selectors before the colon (ignored by charon for keys, kept for display) */
  ids: Setting<string>[];
}

export type Secret = SharedSecret | KeySecret;

export interface Authority {
  name: string;
  origin: Origin;
  cacert: FileRef | null;
  crlUris: Setting<string[]> | null;
  ocspUris: Setting<string[]> | null;
  certUriBase: Setting<string> | null;
  settings: Record<string, Setting<string>>;
}
