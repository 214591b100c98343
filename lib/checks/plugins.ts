/**
 * Which plugins a configuration needs, against the plugins a daemon has loaded (FAQ "Plugin is
 * missing"). Pure: the configuration model and a list of plugin names in; findings out. `ikecert live`
 * passes the plugins charon reports (`stats`) and, where the daemon answers `get-algorithms`, the
 * algorithms themselves (then an algorithm is judged by its presence, not by a guess about which
 * plugin provides it). `ikecert audit` can pass the plugin list strongswan.conf loads.
 *
 * The providers are those that declare the feature in strongSwan 5.9.8
 * (src/libstrongswan/plugins/<name>/<name>_plugin.c PLUGIN_PROVIDE): e.g. CURVE_25519 by curve25519,
 * openssl, botan and wolfssl; RSASSA-PSS by gmp, openssl, gcrypt, botan and wolfssl; SHA-3 by sha3,
 * openssl, botan and wolfssl. EAP methods and XAuth backends are plugins of their own
 * (src/libcharon/plugins/eap-*, xauth-*). Revocation and name constraints are checked only when
 * the `revocation` and `constraints` plugins are loaded (they register as certificate validators).
 */
import type { Connection } from "../config/model.js";
import { type Finding, finding } from "../findings/index.js";
import type { FolderFile } from "../input/swanctl-dir.js";
import { type ReleaseLike, rulesFor } from "../rules.js";
import type { CertItem, KeyItem } from "./credentials.js";

export interface PluginNeed {
  /** what needs it, in a few words (`x25519 in proposals`) */
  what: string;
  /** where the configuration asks for it (file:line), or the file */
  where: string;
  /** any one of these plugins satisfies the need */
  anyOf: string[];
  /** a get-algorithms entry that satisfies it: [type, algorithm] (`dh` or `ke` for key exchange) */
  algorithm?: [string, string];
  /** error: charon fails; warning: it works but skips a check */
  severity: "error" | "warning";
  /** whether the loaded plugins satisfy it; null when unknown (no list given) */
  met: boolean | null;
  /** the plugin or algorithm provider that meets it */
  by: string | null;
}

export interface PluginCheckInput {
  /** the connections of the configuration (as charon loads them) */
  connections: Connection[];
  /** the credential files (certificates and keys) */
  files?: FolderFile[];
}

export interface PluginCheckOptions {
  /** charon's loaded plugins (`stats`, or strongswan.conf's charon.load) */
  plugins: string[];
  /** get-algorithms: type → algorithm → plugin */
  algorithms?: Record<string, Record<string, string>> | null;
}

const KE = ["dh", "ke"];
const EC = ["openssl", "botan", "wolfssl"];

/** Proposal keywords that need a provider (strongSwan's proposal_keywords.txt names). */
const PROPOSAL_TOKENS: {
  re: RegExp;
  what: (t: string) => string;
  anyOf: string[];
  alg: (t: string) => [string[], string];
}[] = [
  {
    re: /^(?:x25519|curve25519)$/,
    what: (t) => `key exchange ${t}`,
    anyOf: ["curve25519", ...EC],
    alg: () => [KE, "CURVE_25519"],
  },
  {
    re: /^(?:x448|curve448)$/,
    what: (t) => `key exchange ${t}`,
    anyOf: ["openssl", "wolfssl"],
    alg: () => [KE, "CURVE_448"],
  },
  {
    re: /^ecp(192|224|256|384|521)$/,
    what: (t) => `key exchange ${t}`,
    anyOf: EC,
    alg: (t) => [KE, `ECP_${t.slice(3)}`],
  },
  {
    re: /^ecp(224|256|384|512)bp$/,
    what: (t) => `key exchange ${t}`,
    anyOf: EC,
    alg: (t) => [KE, `ECP_${t.slice(3, -2)}_BP`],
  },
  {
    re: /^modp(768|1024|1536|2048|3072|4096|6144|8192)$/,
    what: (t) => `key exchange ${t}`,
    anyOf: ["gmp", "openssl", "gcrypt", "botan", "wolfssl"],
    alg: (t) => [KE, `MODP_${t.slice(4)}`],
  },
  {
    re: /^chacha20poly1305$/,
    what: (t) => `cipher ${t}`,
    anyOf: ["chapoly", ...EC],
    alg: () => [["aead"], "CHACHA20_POLY1305"],
  },
  {
    re: /^aes(128|192|256)?gcm(8|12|16|64|96|128)?$/,
    what: (t) => `cipher ${t}`,
    anyOf: ["gcm", ...EC],
    alg: (t) => {
      const icv = /gcm(\d+)$/.exec(t)?.[1] ?? "16";
      const bytes = { "64": "8", "96": "12", "128": "16" }[icv] ?? icv;
      return [["aead"], `AES_GCM_${bytes}`];
    },
  },
];

/** The plugins that provide a key exchange method, by charon's name for it (`CURVE_25519`, `ECP_256`, `MODP_2048`). */
export function keyExchangeProviders(name: string): string[] | null {
  for (const p of PROPOSAL_TOKENS) {
    if (!p.what("").startsWith("key exchange")) continue;
    const probe = name === "CURVE_25519" ? "x25519" : name === "CURVE_448" ? "x448" : keywordOf(name);
    if (probe && p.re.test(probe)) return p.anyOf;
  }
  return null;
}

/** `ECP_256` → ecp256, `ECP_256_BP` → ecp256bp, `MODP_2048` → modp2048. */
function keywordOf(name: string): string | null {
  const m = /^(ECP|MODP)_(\d+)(_BP)?$/.exec(name);
  return m ? `${m[1]!.toLowerCase()}${m[2]}${m[3] ? "bp" : ""}` : null;
}

const origin = (o: { file: string; line: number } | null | undefined) =>
  o ? `${o.file}:${o.line}` : "(default)";

function proposalNeeds(conn: Connection): Omit<PluginNeed, "met" | "by">[] {
  const out: Omit<PluginNeed, "met" | "by">[] = [];
  const lists: { values: string[]; where: string; label: string }[] = [];
  if (conn.proposals.origin)
    lists.push({ values: conn.proposals.value, where: origin(conn.proposals.origin), label: "proposals" });
  for (const c of conn.children)
    if (c.espProposals.origin)
      lists.push({
        values: c.espProposals.value,
        where: origin(c.espProposals.origin),
        label: `esp_proposals of '${c.name}'`,
      });
  for (const l of lists)
    for (const proposal of l.values)
      for (const raw of proposal.toLowerCase().split("-")) {
        // ESP ciphers are the kernel's; only key exchange methods (PFS) need a charon plugin there
        const t = raw.trim();
        for (const p of PROPOSAL_TOKENS) {
          if (!p.re.test(t)) continue;
          if (l.label.startsWith("esp") && !p.what(t).startsWith("key exchange")) continue;
          const [types, name] = p.alg(t);
          out.push({
            what: `${p.what(t)} in ${l.label} of '${conn.name}'`,
            where: l.where,
            anyOf: p.anyOf,
            algorithm: [types.join("|"), name],
            severity: "error",
          });
        }
      }
  return out;
}

const XAUTH: Record<string, string> = {
  xauth: "xauth-generic",
  "xauth-generic": "xauth-generic",
  "xauth-eap": "xauth-eap",
  "xauth-pam": "xauth-pam",
  "xauth-noauth": "xauth-noauth",
};

function authNeeds(conn: Connection): Omit<PluginNeed, "met" | "by">[] {
  const out: Omit<PluginNeed, "met" | "by">[] = [];
  for (const r of [...conn.local, ...conn.remote]) {
    const auth = r.auth.value.toLowerCase();
    const where = origin(r.auth.origin ?? r.origin);
    const label = `auth = ${r.auth.value} in '${conn.name}' ${r.name}`;
    const need = (what: string, anyOf: string[], severity: "error" | "warning" = "error") =>
      out.push({ what, where, anyOf, severity });
    const eap = /^eap-([a-z0-9-]+)/.exec(auth)?.[1];
    if (eap) {
      need(label, [`eap-${eap}`]);
      if (eap === "mschapv2") need(`MD4 for ${label}`, ["md4", "openssl", "gcrypt"]);
    }
    if (r.authClass === "xauth") need(label, [XAUTH[auth] ?? auth]);
    if (r.side === "remote" && r.authClass === "eap" && r.eapId?.value === "%any")
      out.push({
        what: `eap_id = %any in '${conn.name}' ${r.name} (charon asks the client for its EAP identity)`,
        where: origin(r.eapId.origin),
        anyOf: ["eap-identity"],
        severity: "error",
      });
    // signature schemes: rsa/pss, ...-sha3_256
    if (/(^|[-:])rsa\/pss/.test(auth) || /(^|-)pss(-|$)/.test(auth))
      need(`RSASSA-PSS signatures (${label})`, ["gmp", "openssl", "gcrypt", "botan", "wolfssl"]);
    if (/sha3_(224|256|384|512)/.test(auth)) need(`SHA-3 (${label})`, ["sha3", ...EC]);
    if (/(^|[-:])ed25519/.test(auth)) need(`Ed25519 (${label})`, ["curve25519", ...EC]);
    if (/(^|[-:])ed448/.test(auth)) need(`Ed448 (${label})`, ["openssl", "wolfssl"]);
    if (r.side === "remote" && r.revocation) {
      const strict = /^(strict|ifuri)$/i.test(r.revocation.value);
      if (strict)
        out.push({
          what: `revocation = ${r.revocation.value} in '${conn.name}' ${r.name}`,
          where: origin(r.revocation.origin),
          anyOf: ["revocation"],
          severity: r.revocation.value.toLowerCase() === "strict" ? "error" : "warning",
        });
    }
    if (r.settings.cert_policy)
      out.push({
        what: `cert_policy in '${conn.name}' ${r.name}`,
        where: origin(r.settings.cert_policy.origin),
        anyOf: ["constraints"],
        severity: "error",
      });
  }
  return out;
}

const certsOf = (f: FolderFile) => f.used.filter((i): i is CertItem => i.kind === "certificate");
const keysOf = (f: FolderFile) => f.used.filter((i): i is KeyItem => i.kind === "privateKey");

const OID_NAME_CONSTRAINTS = "2.5.29.30";
const OID_POLICY_CONSTRAINTS = "2.5.29.36";
const OID_CRL_DP = "2.5.29.31";
const OID_AIA = "1.3.6.1.5.5.7.1.1";

function fileNeeds(files: FolderFile[]): Omit<PluginNeed, "met" | "by">[] {
  const out: Omit<PluginNeed, "met" | "by">[] = [];
  const seen = new Set<string>();
  const once = (n: Omit<PluginNeed, "met" | "by">) => {
    const k = `${n.what}|${n.anyOf.join(",")}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(n);
  };
  for (const f of files) {
    for (const c of certsOf(f)) {
      once({ what: "X.509 certificates", where: f.path, anyOf: ["x509", "openssl"], severity: "error" });
      const alg = c.publicKey.algorithm;
      if (alg === "ED25519")
        once({ what: "Ed25519 keys", where: f.path, anyOf: ["curve25519", ...EC], severity: "error" });
      if (alg === "ED448")
        once({ what: "Ed448 keys", where: f.path, anyOf: ["openssl", "wolfssl"], severity: "error" });
      const oids = new Set(c.extensions.map((e) => e.oid));
      if (c.basicConstraints?.ca && (oids.has(OID_NAME_CONSTRAINTS) || oids.has(OID_POLICY_CONSTRAINTS)))
        once({
          what: `name or policy constraints of "${c.subject.printed}" (not enforced without the plugin)`,
          where: f.path,
          anyOf: ["constraints"],
          severity: "warning",
        });
      if (c.basicConstraints?.ca && (oids.has(OID_CRL_DP) || oids.has(OID_AIA)))
        once({
          what: `CRL/OCSP of certificates issued by "${c.subject.printed}" (not checked without the plugin)`,
          where: f.path,
          anyOf: ["revocation"],
          severity: "warning",
        });
    }
    for (const k of keysOf(f)) {
      const alg = k.publicKey.algorithm;
      if (alg === "ED25519")
        once({ what: "Ed25519 keys", where: f.path, anyOf: ["curve25519", ...EC], severity: "error" });
      if (alg === "ED448")
        once({ what: "Ed448 keys", where: f.path, anyOf: ["openssl", "wolfssl"], severity: "error" });
    }
  }
  return out;
}

/** Every plugin need of a configuration, each judged against the loaded plugins (and algorithms). */
export function pluginNeeds(input: PluginCheckInput, opts: PluginCheckOptions): PluginNeed[] {
  const loaded = new Set(opts.plugins.map((p) => p.toLowerCase()));
  const needs = [
    ...input.connections.filter((c) => c.enabled).flatMap((c) => [...proposalNeeds(c), ...authNeeds(c)]),
    ...fileNeeds(input.files ?? []),
  ];
  return needs.map((n) => {
    if (n.algorithm && opts.algorithms) {
      const [types, name] = n.algorithm;
      for (const t of types.split("|")) {
        const by = opts.algorithms[t]?.[name];
        if (by) return { ...n, met: true, by };
      }
      return { ...n, met: false, by: null };
    }
    const by = n.anyOf.find((p) => loaded.has(p)) ?? null;
    return { ...n, met: by !== null, by };
  });
}

/**
 * Findings for the needs the loaded plugins do not meet. A key exchange method charon cannot create
 * fails the IKE_SA with `configured DH group %N not supported` (5.9; 6.0 says `key exchange method`).
 */
export function pluginFindings(
  needs: PluginNeed[],
  opts: { rules?: ReleaseLike; daemon?: string } = {},
): Finding[] {
  const daemon = opts.daemon ?? "charon";
  const ke = rulesFor(opts.rules).keyExchangeMethodLog ? "key exchange method" : "DH group";
  return needs
    .filter((n) => n.met === false)
    .map((n) =>
      finding(n.severity === "error" ? "PLUGIN_MISSING" : "PLUGIN_MISSING_RISK", {
        log:
          n.algorithm && /^(dh|ke)\b/.test(n.algorithm[0])
            ? `configured ${ke} ${n.algorithm[1]} not supported`
            : null,
        message: `${n.what} needs ${n.anyOf.length === 1 ? `the ${n.anyOf[0]} plugin` : `one of the plugins ${n.anyOf.join(", ")}`}${n.algorithm ? ` (${n.algorithm[1]})` : ""}; ${daemon} has not loaded ${n.anyOf.length === 1 ? "it" : "any"}`,
        file: n.where,
        data: { anyOf: n.anyOf },
      }),
    );
}
