/**
 * Audit of revocation and of strongswan.conf's certificate plugins for a loaded configuration:
 * - the CRLs in x509crl/ (ipsec.d/crls/) as charon holds them: unloadable, replaced, unverifiable,
 *   stale ones, and what they revoke among the certificates charon has loaded: an intermediate CA
 *   in x509ca/ (every peer below it then fails), the own certificate, a peer's pinned certificate;
 * - each connection's `remote.revocation` against the CRLs charon holds;
 * - the plugin order strongswan.conf sets, where it changes which plugin parses a certificate.
 * Pure: the folder and strongswan.conf are read beforehand (lib/input).
 */
import type { StrongswanConf } from "../../config/strongswan-conf.js";
import { type Finding, finding } from "../../findings/index.js";
import type { Crl } from "../../input/crl.js";
import { type ReleaseLike, rulesFor } from "../../rules.js";
import { chainSettingsFromConf } from "../chain/conf.js";
import { crlOfIssuer } from "../chain/crl-store.js";
import { selfSigned } from "../chain/issuer.js";
import { describeRefusals, loadChoice } from "../chain/loadable.js";
import { cachedPer, DEFAULT_CERT_PLUGINS, pluginEnforces } from "../chain/plugins.js";
import { type RevocationPolicy, storeOf } from "../chain/revocation.js";
import type { ChainOptions } from "../chain/types.js";
import { hasPrimitiveUniqueId } from "../chain/view.js";
import { buildChain, type ChainResult } from "../chain.js";
import type { CertItem, CredentialPool, LoadedConfig } from "../credentials.js";
import type { Endpoint } from "../endpoint.js";

export interface RevocationAuditOptions {
  at: Date;
  strongswan?: ReleaseLike;
  /** the strongswan.conf charon reads, or null/undefined for its defaults */
  conf?: StrongswanConf | null;
}

/** The CRLs charon loads from the configuration's CRL folder, in file order. */
export function configCrls(config: LoadedConfig): Crl[] {
  return config.files.flatMap((f) => (f.crl ? [f.crl] : []));
}

const CRL_CODES = new Set([
  "CRL_UNLOADABLE",
  "CRL_REPLACED",
  "CRL_NO_AKI",
  "CRL_STALE",
  "CRL_NOT_YET_VALID",
  "CRL_NOT_VERIFIED",
]);

function chainOptions(
  config: LoadedConfig,
  pool: CredentialPool,
  opts: RevocationAuditOptions,
): ChainOptions {
  const s = opts.conf ? chainSettingsFromConf(opts.conf) : null;
  return {
    trusted: pool.trustedCas,
    untrusted: [],
    at: opts.at,
    strongswan: opts.strongswan,
    crls: configCrls(config),
    ...(s ? { plugins: s.plugins, revocationSettings: s.revocationSettings } : {}),
    ...(s?.rdnMatching ? { rdnMatching: s.rdnMatching } : {}),
  };
}

const memo = new WeakMap<CertItem, Map<string, ChainResult>>();

function chainOf(c: CertItem, o: ChainOptions, key: string): ChainResult {
  return cachedPer(memo, c, key, () => buildChain(c, o));
}

const optsKey = (o: RevocationAuditOptions) => `${o.at.getTime()}|${String(o.strongswan)}|${opts2(o.conf)}`;
const opts2 = (c: StrongswanConf | null | undefined) => (c ? `${c.file}:${c.loaded.join(",")}` : "-");

/** What the CRLs in the folder do to the CA certificates charon trusts, and what is wrong with them. */
export function revocationConfigFindings(
  config: LoadedConfig,
  pool: CredentialPool,
  opts: RevocationAuditOptions,
): Finding[] {
  const crls = configCrls(config);
  if (crls.length === 0) return [];
  const o = chainOptions(config, pool, opts);
  const out: Finding[] = [];
  const seen = new Set<string>();
  const keep = (f: Finding) => {
    const k = `${f.code}|${f.file ?? ""}|${f.message}`;
    if (CRL_CODES.has(f.code) && !seen.has(k)) {
      seen.add(k);
      out.push(f);
    }
  };
  const folder = pool.kind === "swanctl" ? "x509ca/" : "ipsec.d/cacerts/";
  for (const ca of pool.trustedCas) {
    if (selfSigned(ca)) continue;
    const r = chainOf(ca, o, optsKey(opts));
    r.findings.forEach(keep);
    const revoked = r.findings.find((f) => f.code === "CRL_REVOKED");
    if (revoked)
      out.push({
        ...revoked,
        message: `the CA certificate ${ca.source?.file ?? `"${ca.subject.printed}"`} in ${folder} is revoked: ${revoked.message}; every peer whose certificate it issued fails authentication (charon logs "no trusted ... public key found")`,
      });
  }
  for (const ee of pool.endEntities) chainOf(ee, o, optsKey(opts)).findings.forEach(keep);
  return out;
}

/** The certificates of a connection against the CRLs, and its revocation policy. */
export function revocationConnectionFindings(
  e: Endpoint,
  config: LoadedConfig,
  opts: RevocationAuditOptions,
): Finding[] {
  const out: Finding[] = [];
  const pool = e.pool;
  const crls = configCrls(config);
  const o = chainOptions(config, pool, opts);
  const s = opts.conf ? chainSettingsFromConf(opts.conf) : null;
  for (const r of e.local) {
    if (!r.certificate || crls.length === 0) continue;
    const revoked = chainOf(r.certificate, o, optsKey(opts)).findings.find((f) => f.code === "CRL_REVOKED");
    if (revoked)
      out.push({
        ...revoked,
        message: `local round '${r.round.name}': this gateway's own certificate is listed as revoked by a CRL in its CRL folder: ${revoked.message}; every peer that holds this CRL (or fetches it) refuses it`,
      });
  }
  for (const r of e.remote) {
    if (r.auth !== "pubkey") continue;
    const label = `remote round '${r.round.name}'`;
    const policy = (r.round.revocation?.value ?? "relaxed") as RevocationPolicy;
    for (const ref of r.round.certs) {
      const f = config.files.find((x) => x.path === ref.path || x.path === `x509/${ref.path}`);
      const cert = f?.used.find((i) => i.kind === "certificate") as CertItem | undefined;
      if (!cert) continue;
      const chain = buildChain(cert, { ...o, revocation: policy });
      const bad = chain.findings.find((x) => x.code === "CRL_REVOKED" || x.code === "REVOCATION_POLICY");
      if (bad)
        out.push({
          ...bad,
          message: `${label}: the peer's certificate ${f!.path}: ${bad.message}; this connection can never authenticate it`,
        });
    }
    if (policy === "relaxed") continue;
    const where = r.round.revocation?.origin
      ? `${r.round.revocation.origin.file}:${r.round.revocation.origin.line}`
      : undefined;
    if (
      s &&
      (!s.revocationSettings.loaded || (!s.revocationSettings.enableCrl && !s.revocationSettings.enableOcsp))
    ) {
      out.push(
        finding("REVOCATION_NOT_ENFORCED", {
          message: `${label}: revocation = ${policy}, but ${s.revocationSettings.loaded ? "the revocation plugin checks neither CRLs nor OCSP (enable_crl = enable_ocsp = no)" : "strongswan.conf does not load the revocation plugin"}: charon records no status, so the policy never fails and no certificate is ever checked`,
          ...(where ? { file: where } : {}),
        }),
      );
      continue;
    }
    const rules = rulesFor(opts.strongswan);
    const store = storeOf(crls, o.plugins);
    const cas = r.anchors.length
      ? pool.trustedCas.filter((c) => isUnder(c, r.anchors, pool))
      : pool.trustedCas;
    for (const ca of cas) {
      // a revoked CA is reported for the whole folder already
      if (!selfSigned(ca) && chainOf(ca, o, optsKey(opts)).decidedBy === "revocation") continue;
      const held = crlOfIssuer(store, ca, pool.trustedCas, opts.at.getTime(), rules);
      const state = held?.state ?? "none";
      if (
        state === "good" ||
        (policy === "ifuri" && (state === "none" || state === "unverified" || state === "future"))
      )
        continue;
      out.push(
        finding("REVOCATION_POLICY_UNMET", {
          message: `${label}: revocation = ${policy}, but ${state === "none" ? `there is no CRL of "${ca.subject.printed}" in the CRL folder` : `the CRL of "${ca.subject.printed}" (${held!.crl.source?.file ?? "?"}) is ${{ stale: "past its nextUpdate", future: "not valid yet", unverified: "not verifiable with a loaded CA" }[state as "stale" | "future" | "unverified"]}`}: every certificate it issued gets the status ${state === "stale" ? "STALE" : "SKIPPED"} unless charon fetches a CRL from the certificate's distribution point (or asks its OCSP responder) when the peer connects, so the peer is refused then`,
          log: `constraint check failed: RULE_CRL_VALIDATION is ${state === "stale" ? "STALE" : "SKIPPED"}, but requires at least ${policy === "strict" ? "GOOD" : "SKIPPED"}`,
          ...(where ? { file: where } : {}),
        }),
      );
    }
  }
  return out;
}

/** Is `c` one of the anchors or issued (directly or through others) by one of them. */
function isUnder(c: CertItem, anchors: CertItem[], pool: CredentialPool): boolean {
  const seen = new Set<CertItem>();
  let cur: CertItem | undefined = c;
  while (cur && !seen.has(cur)) {
    if (anchors.includes(cur)) return true;
    seen.add(cur);
    const issuerDer: Uint8Array = cur.issuer.der;
    cur = pool.trustedCas.find(
      (x) => x !== cur && Buffer.compare(Buffer.from(x.subject.der), Buffer.from(issuerDer)) === 0,
    );
  }
  return false;
}

/**
 * strongswan.conf's plugin order against Debian's (x509 before openssl): the certificates whose
 * parser changes, and what that does.
 */
export function pluginOrderFindings(pool: CredentialPool, opts: RevocationAuditOptions): Finding[] {
  if (!opts.conf) return [];
  const s = chainSettingsFromConf(opts.conf);
  const order = s.plugins.order ?? [];
  const out: Finding[] = [];
  const rules = rulesFor(opts.strongswan);
  const where = opts.conf.load?.origin
    ? `${opts.conf.load.origin.file}:${opts.conf.load.origin.line}`
    : opts.conf.file;
  for (const c of [...pool.trustedCas, ...pool.endEntities]) {
    const mine = loadChoice(c, { strongswan: opts.strongswan, plugins: s.plugins });
    const usual = loadChoice(c, { strongswan: opts.strongswan, plugins: { order: DEFAULT_CERT_PLUGINS } });
    if (mine.plugin === usual.plugin) continue;
    const name = c.source?.file ?? `"${c.subject.printed}"`;
    if (!mine.plugin) {
      out.push(
        finding("CHAIN_CERT_UNLOADABLE", {
          message: `with the plugins strongswan.conf loads (${order.join(", ") || "neither x509 nor openssl"}), nothing parses ${name}: ${describeRefusals(mine) || "no certificate plugin is loaded"}`,
          log: `loading '${c.source?.file ?? c.subject.printed}' failed: parsing X509 certificate failed`,
          file: where,
        }),
      );
      continue;
    }
    const lost: string[] = [];
    const has = (oid: string) => c.extensions.some((x) => x.oid === oid);
    const enf = pluginEnforces(mine.plugin, rules);
    if (has("2.5.29.30") && !enf.nameConstraints) lost.push("its name constraints are not enforced");
    if (["2.5.29.32", "2.5.29.33", "2.5.29.36", "2.5.29.54"].some(has) && !enf.policies)
      lost.push("its certificate policies are ignored (a required cert_policy can never match)");
    if (hasPrimitiveUniqueId(c))
      lost.push(
        mine.plugin === "openssl"
          ? "its extensions count (the x509 plugin drops them all for its unique id, its CA flag too)"
          : "its extensions are dropped for its unique id (the CA flag too)",
      );
    if (lost.length === 0) continue;
    out.push(
      finding("PLUGIN_ORDER_CHANGES", {
        message: `strongswan.conf loads ${order.join(" before ")}: ${name} is parsed by the ${mine.plugin} plugin instead of ${usual.plugin ?? "none"}${lost.length ? `, so ${lost.join(" and ")}` : ""}`,
        file: where,
      }),
    );
  }
  return out;
}
