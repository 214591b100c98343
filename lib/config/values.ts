import type { AuthClass } from "./model.js";

/** swanctl list values: separated by commas, spaces around items ignored (enumerator_create_token). */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** vici's parse_bool (and settings_value_as_bool): yes/true/enabled/1, no/false/disabled/0; else null. */
export function parseBool(value: string): boolean | null {
  const v = value.toLowerCase();
  if (["yes", "true", "enabled", "1"].includes(v)) return true;
  if (["no", "false", "disabled", "0"].includes(v)) return false;
  return null;
}

export function parseChoice<T extends string>(value: string, options: readonly T[]): T | null {
  const v = value.toLowerCase();
  return options.find((o) => o === v) ?? null;
}

/** What kind of credential an `auth` value needs (vici_config.c parse_auth; ipsec.conf leftauth). */
export function authClassOf(auth: string): AuthClass {
  const a = auth.toLowerCase();
  if (a === "psk" || a === "secret") return "psk";
  if (a.startsWith("eap")) return "eap";
  if (a.startsWith("xauth")) return "xauth";
  if (a === "never") return "never";
  if (/^(pubkey|rsa|ecdsa|ed25519|ed448|bliss|rsasig|ecdsasig)/.test(a)) return "pubkey";
  return "unknown";
}

/** `eap-tls` → `tls`; `eap` → null. */
export function eapMethodOf(auth: string): string | null {
  const m = /^eap-(.+)$/i.exec(auth);
  return m ? m[1]!.toLowerCase() : null;
}
