/**
 * Which plugin parses a certificate or a CRL. charon asks the registered builders in the order the
 * plugins were loaded and keeps the first result (credential_factory.c create): on Debian the x509
 * plugin comes before openssl, so openssl only sees what x509 refuses. A `charon.load` list or
 * plugin priorities in strongswan.conf (lib/config/strongswan-conf.ts) change that order, and with
 * it what is enforced: the openssl plugin hands the constraints plugin no certificate policies, and
 * no name constraints before 5.9.12; the x509 plugin drops every extension of a certificate with a
 * primitive unique id (view.ts).
 */

import type { Crl } from "../../input/crl.js";
import type { Rules } from "../../rules.js";
import type { Certificate } from "../../x509/certificate.js";
import { opensslCertificateRefusal, opensslCrlRefusal } from "./openssl-parser.js";
import { type ParseRefusal, x509CertificateRefusal, x509CrlRefusal } from "./x509-parser.js";

/** A plugin that parses X.509 certificates in charon: the x509 plugin or the openssl plugin. */
export type CertPlugin = "x509" | "openssl";

/** Debian's order (charon's built-in plugin list): x509 first, openssl after it. */
export const DEFAULT_CERT_PLUGINS: readonly CertPlugin[] = ["x509", "openssl"];

/** Which certificate plugins charon loads, in which order (from strongswan.conf, or Debian's default). */
export interface PluginSettings {
  /** the certificate-parsing plugins charon loaded, in its order (default x509, openssl) */
  order?: readonly CertPlugin[];
  /** `charon.x509.enforce_critical` (default yes): unknown critical extensions refuse a certificate */
  enforceCritical?: boolean;
  /**
   * the public key types the loaded plugins build (default all): RSA through pkcs1 with gmp/gcrypt
   * or openssl, ECDSA and Ed448 only through openssl, Ed25519 through curve25519 or openssl
   */
  keyTypes?: readonly string[];
}

export interface LoadAttempt {
  plugin: CertPlugin;
  refusal: ParseRefusal;
}

export interface PluginChoice {
  /** the plugin whose parser holds the certificate; null when every loaded one refuses it */
  plugin: CertPlugin | null;
  /** the plugins asked before (all of them when none loads it) and why each refused */
  refused: LoadAttempt[];
  /** what charon logs at level 1 while it loads it (in order) */
  logs: string[];
}

/** Key types the pkcs1, openssl and curve25519 plugins build public keys for. */
const LOADABLE_KEYS = new Set(["RSA", "RSA-PSS", "ECDSA", "ED25519", "ED448"]);

function keyRefusal(c: Certificate, plugin: CertPlugin, keyTypes?: readonly string[]): ParseRefusal | null {
  const alg = c.publicKey.algorithm;
  if (LOADABLE_KEYS.has(alg) && keyTypes && !keyTypes.includes(alg === "RSA-PSS" ? "RSA" : alg))
    return {
      reason: `no loaded plugin builds ${alg} public keys (${alg === "ECDSA" || alg === "ED448" ? "the openssl plugin does" : alg === "ED25519" ? "curve25519 or openssl does" : "pkcs1 with gmp, or openssl, does"})`,
      log: null,
    };
  if (LOADABLE_KEYS.has(alg)) return null;
  return {
    reason: `strongSwan cannot use its ${c.publicKey.algorithm === "UNKNOWN" ? c.publicKey.algorithmOid : c.publicKey.algorithm} public key`,
    log: plugin === "openssl" ? "unsupported public key algorithm" : null,
  };
}

function algorithmRefusal(c: Certificate, innerOid: string | null, plugin: CertPlugin): ParseRefusal | null {
  if (!innerOid || innerOid === c.signatureAlgorithm.oid) return null;
  return {
    reason: "its inner and outer signature algorithms differ",
    log: plugin === "x509" ? "  signature algorithms do not agree" : null,
  };
}

function choose<T>(
  item: T,
  order: readonly CertPlugin[],
  refusalOf: (plugin: CertPlugin, item: T) => ParseRefusal | null,
  kind: "X509" | "X509_CRL",
): PluginChoice {
  const refused: LoadAttempt[] = [];
  const logs: string[] = [];
  for (const plugin of order) {
    const refusal = refusalOf(plugin, item);
    if (!refusal) return { plugin, refused, logs };
    refused.push({ plugin, refusal });
    if (refusal.log) logs.push(refusal.log);
    if (plugin === "openssl" && kind === "X509") logs.push("OpenSSL X.509 parsing failed");
  }
  // credential_factory.c then logs "building CRED_CERTIFICATE - <kind> failed, tried N builders";
  // N counts every builder registered for the type (pem and others too), so it is left out here
  return { plugin: null, refused, logs };
}

/** A value computed once per object and key (results depend on the object and the settings). */
export function cachedPer<K extends object, V>(
  cache: WeakMap<K, Map<string, V>>,
  item: K,
  key: string,
  make: () => V,
): V {
  let m = cache.get(item);
  if (!m) {
    m = new Map();
    cache.set(item, m);
  }
  let v = m.get(key);
  if (v === undefined) {
    v = make();
    m.set(key, v);
  }
  return v;
}

const choices = new WeakMap<object, Map<string, PluginChoice>>();
const settingsKeys = new WeakMap<PluginSettings, string>();
const NO_SETTINGS: PluginSettings = {};

/** The plugin settings as a cache key, made once per settings object (they are never changed once made). */
function settingsKey(settings: PluginSettings): string {
  let k = settingsKeys.get(settings);
  if (k === undefined) {
    const order = settings.order ?? DEFAULT_CERT_PLUGINS;
    k = `${order.join(",")}|${settings.enforceCritical ?? true}|${settings.keyTypes?.join(",") ?? "*"}`;
    settingsKeys.set(settings, k);
  }
  return k;
}
const cached = (item: object, key: string, make: () => PluginChoice) => cachedPer(choices, item, key, make);

/**
 * The plugin that loads a certificate. `x509View` is the certificate as the x509 plugin's template
 * sees it (without extensions after a primitive unique id); `innerOid` the TBS signature algorithm.
 */
export function certificatePlugin(
  c: Certificate,
  x509View: Certificate,
  innerOid: string | null,
  rules: Rules,
  settings: PluginSettings = NO_SETTINGS,
): PluginChoice {
  const order = settings.order ?? DEFAULT_CERT_PLUGINS;
  const enforce = settings.enforceCritical ?? true;
  const key = `${settingsKey(settings)}|${rules.release.basis}|${rules.release.package ?? ""}`;
  return cached(c, key, () =>
    choose(
      c,
      order,
      (plugin) => {
        const cert = plugin === "x509" ? x509View : c;
        return (
          keyRefusal(cert, plugin, settings.keyTypes) ??
          algorithmRefusal(cert, innerOid, plugin) ??
          (plugin === "x509"
            ? x509CertificateRefusal(cert, rules, enforce)
            : opensslCertificateRefusal(cert, rules, enforce))
        );
      },
      "X509",
    ),
  );
}

/** The plugin that loads a CRL (both plugins build CERT_X509_CRL). */
export function crlPlugin(crl: Crl, settings: PluginSettings = {}): PluginChoice {
  const order = settings.order ?? DEFAULT_CERT_PLUGINS;
  const enforce = settings.enforceCritical ?? true;
  return cached(crl, `${order.join(",")}|${enforce}`, () =>
    choose(
      crl,
      order,
      (plugin) => (plugin === "x509" ? x509CrlRefusal(crl, enforce) : opensslCrlRefusal(crl, enforce)),
      "X509_CRL",
    ),
  );
}

/**
 * What the plugin in charge of a certificate hands the constraints plugin. The hook for the
 * name-constraint and policy checks: a certificate the openssl plugin holds has no policies
 * (openssl_x509.c returns empty enumerators) and, before 5.9.12, no name constraints.
 */
export function pluginEnforces(
  plugin: CertPlugin | null,
  rules: Rules,
): { nameConstraints: boolean; policies: boolean } {
  if (plugin === "openssl") return { nameConstraints: rules.opensslNameConstraints, policies: false };
  return { nameConstraints: plugin === "x509", policies: plugin === "x509" };
}
