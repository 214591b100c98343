/**
 * strongswan.conf → the settings charon reads, typed, with where each was written. Parsed with the
 * settings grammar (settings.ts: `include` of strongswan.d/ and charon/ relative to the including
 * file, sections merged, later values win), then:
 * - the plugins charon loads, in its order, from `charon.load` (or the built-in list), `load_modular`
 *   and each plugin's `load = yes|no|<priority>` (plugin_loader.c modular_pluginlist; settings.c
 *   settings_value_as_int/_bool);
 * - the charon settings people set (conf/options/charon.opt), each null when not written.
 * Only the `charon` section is read (charon-systemd falls back to it, charon-nm and pki have their own).
 */
import type { ConfigDiagnostic, Origin, Setting } from "./model.js";
import type { ConfigReader } from "./reader.js";
import { parseSettings, type SettingsKey, type SettingsTree, sectionNamesAt, valueAt } from "./settings.js";
import { parseBool } from "./values.js";

/**
 * charon's built-in plugin list (the PLUGINS define) of Debian 12's strongSwan 5.9.8 packages, as
 * `/usr/lib/ipsec/charon` holds it. With load_modular it only breaks ties between priorities.
 */
export const DEBIAN_CHARON_PLUGINS: readonly string[] =
  "test-vectors ldap pkcs11 tpm aesni aes rc2 sha2 sha1 md5 mgf1 rdrand random nonce x509 revocation constraints pubkey pkcs1 pkcs7 pkcs12 pgp dnskey sshkey pem openssl gcrypt pkcs8 af-alg fips-prf gmp curve25519 agent chapoly xcbc cmac hmac kdf ctr ccm gcm drbg curl attr kernel-libipsec kernel-netlink resolve socket-default bypass-lan connmark forecast farp stroke vici updown eap-identity eap-aka eap-md5 eap-gtc eap-mschapv2 eap-radius eap-tls eap-ttls eap-tnc xauth-generic xauth-eap xauth-pam tnc-tnccs dhcp ha lookip error-notify certexpire led addrblock unity counters".split(
    " ",
  );

/** A plugin charon loads, with where its load setting came from. */
export interface PluginLoad {
  name: string;
  /** `charon.plugins.<name>.load` as written, or null */
  load: Setting<string> | null;
  /** what `load` says: 0 = no, 1 = yes, n = priority n; null when unset or unreadable (then the default applies) */
  priority: number | null;
}

/** strongswan.conf as far as ikecert uses it: plugins and charon settings. */
export interface StrongswanConf {
  file: string;
  /** every file read, the main file first */
  files: string[];
  diagnostics: ConfigDiagnostic[];
  /** the parsed tree, for settings this model does not name */
  tree: SettingsTree;
  /** `charon.load_modular` (default no) */
  loadModular: Setting<boolean>;
  /** `charon.load`, or null: the built-in list */
  load: Setting<string[]> | null;
  /** the plugin sections under charon.plugins, in the order first written */
  plugins: PluginLoad[];
  /** the plugins charon loads, in its order */
  loaded: string[];
  /** charon settings, null when not written (the comment gives charon's default) */
  settings: {
    /** 1280; 0: 576 on IPv4, 1280 on IPv6 */
    fragmentSize: Setting<number> | null;
    /** 6.0.0+: per address family, before fragment_size (0: not set) */
    fragmentSizeV4: Setting<number> | null;
    fragmentSizeV6: Setting<number> | null;
    /** 10000 */
    maxPacket: Setting<number> | null;
    /** no */
    rsaPss: Setting<boolean> | null;
    /** yes: `auth = pubkey-sha256`-style constraints also bind the IKE signature, not only the chain */
    signatureAuthenticationConstraints: Setting<boolean> | null;
    /** strict */
    rdnMatching: Setting<"strict" | "reordered" | "relaxed"> | null;
    /** no */
    cacheCrls: Setting<boolean> | null;
    /** yes: `charon.x509.enforce_critical` */
    enforceCritical: Setting<boolean> | null;
    /** no (5.9.12+) */
    rejectTrustedEndEntity: Setting<boolean> | null;
    /** no in 5.9.x, yes in 6.0.x */
    makeBeforeBreak: Setting<boolean> | null;
    /** no */
    sendVendorId: Setting<boolean> | null;
    /** yes: the responder picks from its own proposals first (no: from the initiator's) */
    preferConfiguredProposals: Setting<boolean> | null;
    /** 5, 4.0 s, 1.8 */
    retransmitTries: Setting<number> | null;
    retransmitTimeout: Setting<number> | null;
    retransmitBase: Setting<number> | null;
    /** charon.plugins.revocation: yes, yes, 10 s */
    revocationEnableCrl: Setting<boolean> | null;
    revocationEnableOcsp: Setting<boolean> | null;
    revocationTimeout: Setting<number> | null;
  };
}

/** Options of `parseStrongswanConf`: a reader for includes, limits. */
export interface StrongswanConfOptions {
  reader?: ConfigReader;
  maxIncludeDepth?: number;
  /** the built-in plugin list (default Debian 12's) */
  builtinPlugins?: readonly string[];
}

const at = (k: SettingsKey): Origin => k.origin;

/** settings_value_as_int: strtoul of the whole value (0x for hex); anything else is the default. */
export function settingsInt(value: string | null | undefined): number | null {
  if (!value) return null;
  const hex = value.startsWith("0x");
  const body = hex ? value.slice(2) : value;
  if (!(hex ? /^[0-9a-f]+$/i : /^\s*[+-]?\d+$/).test(body)) return null;
  const n = Number.parseInt(body, hex ? 16 : 10);
  return Number.isFinite(n) ? n : null;
}

function setting<T>(tree: SettingsTree, path: string, parse: (v: string) => T | null): Setting<T> | null {
  const k = valueAt(tree, path);
  if (!k || k.value === null) return null;
  const v = parse(k.value);
  return v === null ? null : { value: v, origin: at(k) };
}

/** timespan_from_string: a number with an optional s/m/h/d suffix, in seconds. */
function seconds(v: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/.exec(v);
  if (!m) return null;
  return Number(m[1]) * ({ "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!] ?? 1);
}

/**
 * plugin_loader.c modular_pluginlist: the plugins charon loads, in order. `given` is charon.load or
 * the built-in list; with load_modular the candidates are the plugin sections, else the list itself
 * (a plugin's `load` defaulting to yes). Sorted by priority, then by position in `given` (the first
 * entry ties with plugins not in it), then by name.
 */
export function pluginOrder(
  given: readonly string[],
  modular: boolean,
  priorityOf: (name: string) => number | null,
  sections: readonly string[],
): string[] {
  const names = given.map((n) => n.replace(/!$/, ""));
  const maxPrio = names.length + 1;
  const candidates = modular ? sections : names;
  const final: { name: string; prio: number; def: number }[] = [];
  for (const name of candidates) {
    // get_int, else get_bool with the default: no for load_modular, yes for a list entry
    const prio = priorityOf(name) ?? (modular ? 0 : 1);
    if (prio === 0) continue;
    const i = names.indexOf(name);
    final.push({ name, prio, def: i < 0 ? maxPrio : maxPrio - i });
  }
  final.sort((a, b) => b.prio - a.prio || b.def - a.def || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return final.map((f) => f.name).filter((n, i, all) => all.indexOf(n) === i);
}

/** Parse strongswan.conf text; `file` anchors relative includes. */
export function parseStrongswanConf(
  text: string,
  file = "strongswan.conf",
  opts: StrongswanConfOptions = {},
): StrongswanConf {
  const tree = parseSettings(text, file, { reader: opts.reader, maxIncludeDepth: opts.maxIncludeDepth });
  return strongswanConfFromSettings(tree, file, opts.builtinPlugins);
}

export function strongswanConfFromSettings(
  tree: SettingsTree,
  file: string,
  builtin: readonly string[] = DEBIAN_CHARON_PLUGINS,
): StrongswanConf {
  const bool = (path: string) => setting(tree, path, parseBool);
  const int = (path: string) => setting(tree, path, settingsInt);
  const num = (path: string) =>
    setting(tree, path, (v) => (/^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : null));
  const loadModular = bool("charon.load_modular") ?? { value: false, origin: null };
  const load = setting(tree, "charon.load", (v) => v.split(/\s+/).filter(Boolean));
  const plugins: PluginLoad[] = sectionNamesAt(tree, "charon.plugins").map(({ name }) => {
    const k = valueAt(tree, `charon.plugins.${name}.load`);
    const value = k?.value ?? null;
    const n = settingsInt(value);
    const b = value === null ? null : parseBool(value);
    const priority = n ? n : b === null ? null : b ? 1 : 0;
    return { name, load: k && value !== null ? { value, origin: at(k) } : null, priority };
  });
  const priorityOf = (name: string) => plugins.find((x) => x.name === name)?.priority ?? null;
  const loaded = pluginOrder(
    load?.value ?? builtin,
    loadModular.value,
    priorityOf,
    plugins.map((p) => p.name),
  );
  return {
    file,
    files: tree.files,
    diagnostics: tree.diagnostics,
    tree,
    loadModular,
    load,
    plugins,
    loaded,
    settings: {
      fragmentSize: int("charon.fragment_size"),
      fragmentSizeV4: int("charon.fragment_size_v4"),
      fragmentSizeV6: int("charon.fragment_size_v6"),
      maxPacket: int("charon.max_packet"),
      rsaPss: bool("charon.rsa_pss"),
      signatureAuthenticationConstraints: bool("charon.signature_authentication_constraints"),
      rdnMatching: setting(tree, "charon.rdn_matching", (v) =>
        v === "strict" || v === "reordered" || v === "relaxed" ? v : null,
      ),
      cacheCrls: bool("charon.cache_crls"),
      enforceCritical: bool("charon.x509.enforce_critical"),
      rejectTrustedEndEntity: bool("charon.reject_trusted_end_entity"),
      makeBeforeBreak: bool("charon.make_before_break"),
      sendVendorId: bool("charon.send_vendor_id"),
      preferConfiguredProposals: bool("charon.prefer_configured_proposals"),
      retransmitTries: int("charon.retransmit_tries"),
      retransmitTimeout: num("charon.retransmit_timeout"),
      retransmitBase: num("charon.retransmit_base"),
      revocationEnableCrl: bool("charon.plugins.revocation.enable_crl"),
      revocationEnableOcsp: bool("charon.plugins.revocation.enable_ocsp"),
      revocationTimeout: setting(tree, "charon.plugins.revocation.timeout", seconds),
    },
  };
}
