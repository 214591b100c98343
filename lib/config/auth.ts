/**
 * An `auth` value (swanctl `local.auth` / `remote.auth`, ipsec.conf `leftauth` / `rightauth`) as
 * charon reads it: the authentication class, the EAP method, and the signature and key-strength
 * constraints of `pubkey-sha384`, `rsa/pss-sha256`, `ike:ecdsa-sha384`, `rsa-2048`, `eap-tls:ecdsa`.
 *
 * Sources (5.9.8 and 6.0.x): src/libcharon/plugins/vici/vici_config.c parse_auth,
 * src/libcharon/plugins/stroke/stroke_config.c build_auth_cfg,
 * src/libstrongswan/credentials/auth_cfg.c add_pubkey_constraints, src/libstrongswan/eap/eap.c
 * eap_vendor_type_from_string. Pure; the strongswan.conf settings it depends on come as options.
 */
import type { AuthClass } from "./model.js";

/** A key family as strongSwan's key_type_t names it in log lines. */
export type KeyFamily = "RSA" | "ECDSA" | "ED25519" | "ED448" | "BLISS";

/** One allowed signature scheme: charon's signature_scheme_t name, and the hash of an RSA-PSS one. */
export interface SchemeConstraint {
  /** `RSA_EMSA_PKCS1_SHA2_384`, `ECDSA_WITH_SHA256_DER`, `ECDSA_384`, `ED25519`, `RSA_EMSA_PSS` */
  scheme: string;
  key: KeyFamily;
  /** RSA_EMSA_PSS only: the hash (`sha256`); charon prints it as `RSA_EMSA_PSS_SHA2_256_SALT_32` */
  pssHash: string | null;
}

/** An `auth` value as charon reads it: class, EAP method and vendor, signature schemes and key strengths it demands. */
export interface AuthSpec {
  /** as written */
  text: string;
  /** why charon refuses the value (vici: `invalid value for: auth, config discarded`), else null */
  invalid: string | null;
  authClass: AuthClass | "any";
  /** EAP: the method charon's eap_type_names calls it (`EAP_MD5`), null for any (`eap`) */
  eapType: string | null;
  /** EAP: the method as written after `eap-` (`md5`, `tls`, `radius`), null for `eap` */
  eapMethod: string | null;
  eapVendor: number;
  /** xauth-<backend> */
  xauthBackend: string | null;
  /** constraints on the signatures of the peer's certificate chain (X.509) */
  x509Schemes: SchemeConstraint[];
  /** constraints on the IKE AUTH signature (explicit `ike:`, else a copy of the X.509 ones) */
  ikeSchemes: SchemeConstraint[];
  /** minimum key sizes per family (`rsa-2048`, `ecdsa-384`) */
  strengths: Partial<Record<KeyFamily, number[]>>;
  /** lines charon logs while parsing (`ignoring invalid auth token: 'x'`) */
  logs: string[];
}

export interface AuthParseOptions {
  /** swanctl (vici) or ipsec.conf (stroke): they accept slightly different words */
  source?: "swanctl" | "ipsec";
  /** strongswan.conf `charon.rsa_pss` (default no) */
  rsaPss?: boolean;
  /** strongswan.conf `charon.signature_authentication_constraints` (default yes) */
  signatureAuthenticationConstraints?: boolean;
  /** the release knows BLISS (removed in 6.0.0) */
  bliss?: boolean;
}

/** eap.c eap_type_from_string: the method words and charon's names for them. */
export const EAP_TYPES: Record<string, string> = {
  identity: "EAP_IDENTITY",
  md5: "EAP_MD5",
  otp: "EAP_OTP",
  gtc: "EAP_GTC",
  tls: "EAP_TLS",
  ttls: "EAP_TTLS",
  sim: "EAP_SIM",
  aka: "EAP_AKA",
  peap: "EAP_PEAP",
  mschapv2: "EAP_MSCHAPV2",
  tnc: "EAP_TNC",
  pt: "EAP_PT_EAP",
  dynamic: "EAP_DYNAMIC",
  radius: "EAP_RADIUS",
};

const EAP_NUMBERS: Record<number, string> = {
  1: "EAP_IDENTITY",
  4: "EAP_MD5",
  5: "EAP_OTP",
  6: "EAP_GTC",
  13: "EAP_TLS",
  18: "EAP_SIM",
  21: "EAP_TTLS",
  23: "EAP_AKA",
  25: "EAP_PEAP",
  26: "EAP_MSCHAPV2",
  38: "EAP_TNC",
  54: "EAP_PT_EAP",
};

/** hasher.c hash_algorithm_short_names (the words accepted after `rsa/pss-`). */
const HASH_WORDS = [
  "sha1",
  "sha256",
  "sha384",
  "sha512",
  "identity",
  "md2",
  "md4",
  "md5",
  "sha224",
  "sha3_224",
  "sha3_256",
  "sha3_384",
  "sha3_512",
];

/** auth_cfg.c add_pubkey_constraints: hash word → the schemes it allows, in the order charon adds them. */
const SCHEMES: Array<[word: string, scheme: string, key: KeyFamily]> = [
  ["md5", "RSA_EMSA_PKCS1_MD5", "RSA"],
  ["sha1", "RSA_EMSA_PKCS1_SHA1", "RSA"],
  ["sha224", "RSA_EMSA_PKCS1_SHA2_224", "RSA"],
  ["sha256", "RSA_EMSA_PKCS1_SHA2_256", "RSA"],
  ["sha384", "RSA_EMSA_PKCS1_SHA2_384", "RSA"],
  ["sha512", "RSA_EMSA_PKCS1_SHA2_512", "RSA"],
  ["sha1", "ECDSA_WITH_SHA1_DER", "ECDSA"],
  ["sha256", "ECDSA_WITH_SHA256_DER", "ECDSA"],
  ["sha384", "ECDSA_WITH_SHA384_DER", "ECDSA"],
  ["sha512", "ECDSA_WITH_SHA512_DER", "ECDSA"],
  ["sha256", "ECDSA_256", "ECDSA"],
  ["sha384", "ECDSA_384", "ECDSA"],
  ["sha512", "ECDSA_521", "ECDSA"],
  ["sha256", "BLISS_WITH_SHA2_256", "BLISS"],
  ["sha384", "BLISS_WITH_SHA2_384", "BLISS"],
  ["sha512", "BLISS_WITH_SHA2_512", "BLISS"],
  ["identity", "ED25519", "ED25519"],
  ["identity", "ED448", "ED448"],
];

const KEY_WORDS: Record<string, { key: KeyFamily | "ANY"; strength: boolean; pss?: boolean }> = {
  rsa: { key: "RSA", strength: true },
  "rsa/pss": { key: "RSA", strength: true, pss: true },
  ecdsa: { key: "ECDSA", strength: true },
  ed25519: { key: "ED25519", strength: false },
  ed448: { key: "ED448", strength: false },
  bliss: { key: "BLISS", strength: true },
  pubkey: { key: "ANY", strength: false },
};

function emptySpec(text: string, authClass: AuthSpec["authClass"]): AuthSpec {
  return {
    text,
    invalid: null,
    authClass,
    eapType: null,
    eapMethod: null,
    eapVendor: 0,
    xauthBackend: null,
    x509Schemes: [],
    ikeSchemes: [],
    strengths: {},
    logs: [],
  };
}

/**
 * add_pubkey_constraints: `-`-separated tokens; a key word (`rsa`, `ike:ecdsa`, `pubkey`) sets the
 * key type the following hash words apply to, a number after `rsa`/`ecdsa`/`bliss` is a minimum
 * strength; `ike:` tokens are ignored where `ike` is false (the `eap-...:` suffix).
 */
export function addPubkeyConstraints(
  spec: AuthSpec,
  constraints: string,
  ike: boolean,
  opts: AuthParseOptions,
): void {
  let keyToken: string | null = null;
  let expected: KeyFamily | "ANY" | null = null;
  let expectStrength: KeyFamily | null = null;
  let ikeAdded = false;
  const push = (c: SchemeConstraint) => {
    if (keyToken?.startsWith("ike:")) {
      spec.ikeSchemes.push(c);
      ikeAdded = true;
    } else spec.x509Schemes.push(c);
  };
  // enumerator_create_token(constraints, "-", ""): empty tokens are skipped
  for (const token of constraints.split("-").filter((t) => t !== "")) {
    if (expectStrength) {
      const n = Number.parseInt(token, 10);
      const strength = Number.isFinite(n) && /^\s*[+-]?\d/.test(token) ? n : 0;
      const family = expectStrength;
      expectStrength = null;
      if (strength) {
        spec.strengths[family] = [...(spec.strengths[family] ?? []), strength];
        continue;
      }
    }
    const bare = token.startsWith("ike:") ? token.slice(4) : token;
    const kw = KEY_WORDS[bare];
    if (kw && (opts.bliss !== false || bare !== "bliss")) {
      keyToken = token;
      expected = kw.key;
      if (kw.strength) expectStrength = kw.key as KeyFamily;
      continue;
    }
    if (keyToken?.startsWith("ike:") && !ike) continue;
    let found = false;
    if (keyToken?.endsWith("pss")) {
      if (HASH_WORDS.includes(token)) {
        push({ scheme: "RSA_EMSA_PSS", key: "RSA", pssHash: token });
        found = true;
      }
    } else {
      if (opts.rsaPss && (expected === "ANY" || expected === "RSA") && HASH_WORDS.includes(token)) {
        push({ scheme: "RSA_EMSA_PSS", key: "RSA", pssHash: token });
        found = true;
      }
      for (const [word, scheme, key] of SCHEMES) {
        if (word !== token) continue;
        if (key === "BLISS" && opts.bliss === false) continue;
        if (expected === "ANY" || expected === key) push({ scheme, key, pssHash: null });
        found = true;
      }
    }
    if (!found) spec.logs.push(`ignoring invalid auth token: '${token}'`);
  }
  // without explicit `ike:` constraints, the X.509 ones apply to IKE as well (unless disabled)
  if (ike && !ikeAdded && opts.signatureAuthenticationConstraints !== false)
    spec.ikeSchemes.push(...spec.x509Schemes.map((c) => ({ ...c })));
}

/** eap_vendor_type_from_string: `[eap-]type[-vendor]`; null type = any method. */
function eapType(spec: AuthSpec, text: string): void {
  let type: string | null = null;
  let method: string | null = null;
  let vendor = 0;
  for (const part of text.split("-").filter((p) => p !== "")) {
    if (type === null) {
      if (part === "eap") continue;
      const named = EAP_TYPES[part.toLowerCase()];
      if (named) {
        type = named;
        method = part.toLowerCase();
        continue;
      }
      const n = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(part) ? Number(part) : Number.NaN;
      if (Number.isNaN(n) || n === 0) {
        spec.logs.push(`unknown or invalid EAP method: ${part}`);
        break;
      }
      type = EAP_NUMBERS[n] ?? `(${n})`;
      method = part;
      continue;
    }
    const v = /^(0x[0-9a-f]+|\d+)$/i.test(part) ? Number(part) : Number.NaN;
    if (Number.isNaN(v) || v >= 0xfffffe) {
      spec.logs.push(`invalid EAP vendor: ${part}`);
      type = null;
      method = null;
    } else vendor = v;
    break;
  }
  spec.eapType = type;
  spec.eapMethod = method;
  spec.eapVendor = type ? vendor : 0;
}

/** Parse an `auth` value as charon does for the given side (local or remote). */
export function parseAuth(text: string, opts: AuthParseOptions = {}): AuthSpec {
  const swanctl = (opts.source ?? "swanctl") === "swanctl";
  // vici_stringify: at most 63 characters fit the buffer
  if (swanctl && text.length > 63) {
    const s = emptySpec(text, "unknown");
    s.invalid = "the value is longer than the 63 characters charon reads";
    return s;
  }
  const pubkeyPrefixes = ["ike:", "pubkey", "rsa", "ecdsa", ...(opts.bliss !== false ? ["bliss"] : [])];
  if (pubkeyPrefixes.some((p) => text.startsWith(p))) {
    const s = emptySpec(text, "pubkey");
    addPubkeyConstraints(s, text, true, opts);
    return s;
  }
  const lower = text.toLowerCase();
  if (swanctl ? lower === "psk" : text === "psk" || text === "secret") return emptySpec(text, "psk");
  if (swanctl ? lower.startsWith("xauth") : text.startsWith("xauth")) {
    const s = emptySpec(text, "xauth");
    const dash = text.indexOf("-");
    s.xauthBackend = dash >= 0 ? text.slice(dash + 1) : null;
    return s;
  }
  if (swanctl ? lower.startsWith("eap") : text.startsWith("eap")) {
    const s = emptySpec(text, "eap");
    const colon = text.indexOf(":");
    const method = colon >= 0 ? text.slice(0, colon) : text;
    if (colon >= 0) addPubkeyConstraints(s, text.slice(colon + 1), false, opts);
    eapType(s, method);
    return s;
  }
  if (!swanctl) {
    // stroke: anything else falls back to "any" (with a log line unless it is "any")
    const s = emptySpec(text, "any");
    if (text !== "any") s.logs.push(`authentication method ${text} unknown, fallback to any`);
    return s;
  }
  const s = emptySpec(text, "unknown");
  s.invalid = `'${text}' is none of pubkey, rsa, ecdsa${opts.bliss !== false ? ", bliss" : ""}, ike:..., psk, xauth[-backend] or eap[-method] (prefixes are case-sensitive except psk, xauth and eap)`;
  return s;
}

/** How charon prints a scheme in `authentication of ... with %N` (PSS with its hash and salt). */
export function schemeLogName(c: Pick<SchemeConstraint, "scheme" | "pssHash">): string {
  if (c.scheme !== "RSA_EMSA_PSS" || !c.pssHash) return c.scheme;
  const upper = c.pssHash
    .toUpperCase()
    .replace(/^SHA(\d{3})$/, "SHA2_$1")
    .replace(/^SHA3_/, "SHA3_");
  const salt = HASH_BYTES[c.pssHash] ?? 0;
  return `RSA_EMSA_PSS_${upper}_SALT_${salt}`;
}

/** Digest sizes in bytes (the default RSA-PSS salt length equals the hash length). */
export const HASH_BYTES: Record<string, number> = {
  md5: 16,
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
  sha3_224: 28,
  sha3_256: 32,
  sha3_384: 48,
  sha3_512: 64,
};

/** The hash a scheme uses (hasher_from_signature_scheme), `identity` for EdDSA. */
export function schemeHash(c: Pick<SchemeConstraint, "scheme" | "pssHash">): string {
  if (c.scheme === "RSA_EMSA_PSS") return c.pssHash ?? "unknown";
  if (c.scheme === "ED25519" || c.scheme === "ED448") return "identity";
  if (c.scheme === "ECDSA_256") return "sha256";
  if (c.scheme === "ECDSA_384") return "sha384";
  if (c.scheme === "ECDSA_521") return "sha512";
  const m = /(SHA3_\d+|SHA2_\d+|SHA\d+|MD5)/.exec(c.scheme);
  if (!m) return "unknown";
  return m[1]!.toLowerCase().replace(/^sha2_/, "sha");
}
