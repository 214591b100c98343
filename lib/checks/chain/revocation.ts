/**
 * The revocation plugin as charon runs it once a chain is trusted (credential_manager.c
 * verify_trust_chain → revocation_validator.c validate_online, strongSwan 5.9.8): for every link
 * from the end entity up to the certificate below the root, OCSP first (only online: the subject's
 * OCSP URIs), then CRLs (check_crl): the held CRLs found by the issuer's key id, then by the cRLIssuer
 * of a distribution point, then the distribution points fetched (online), then a delta CRL for the
 * base CRL found. A revoked (or on-hold) certificate fails the chain at once; the other outcomes
 * are recorded (AUTH_RULE_CRL_VALIDATION) and judged later against the connection's `revocation`
 * policy (auth_cfg.c complies): strict wants GOOD everywhere, ifuri GOOD or SKIPPED, relaxed
 * nothing. ikecert stays offline: every fetch "fails", and it says when the outcome depends on it.
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { dnMatchLevel, type RdnMatching } from "../../identity/dn.js";
import type { Crl } from "../../input/crl.js";
import type { Rules } from "../../rules.js";
import { type CrlStore, crlStore } from "./crl-store.js";
import { crlName, fileOf, fileOpt, LinkCheck } from "./crl-walk.js";
import { cachedPer, type PluginSettings } from "./plugins.js";
import type { ChainCertificate } from "./types.js";

export type RevocationPolicy = "strict" | "ifuri" | "relaxed";
/** cert_validation_t, in charon's order (auth_cfg get() takes the highest, i.e. worst, value) */
export type ValidationStatus = "GOOD" | "SKIPPED" | "STALE" | "FAILED" | "ON_HOLD" | "REVOKED";
const RANK: Record<ValidationStatus, number> = {
  GOOD: 0,
  SKIPPED: 1,
  STALE: 2,
  FAILED: 3,
  ON_HOLD: 4,
  REVOKED: 5,
};

/** strongswan.conf `charon.plugins.revocation.*` and whether the plugin is loaded at all. */
export interface RevocationSettings {
  loaded?: boolean;
  enableCrl?: boolean;
  enableOcsp?: boolean;
}

export interface CertRevocation {
  subject: string;
  file: string | null;
  /** what charon records as AUTH_RULE_CRL_VALIDATION for this certificate */
  status: ValidationStatus;
  ocsp: ValidationStatus;
  /** the CRL that decided, if any */
  crl: { issuer: string; file: string | null } | null;
  revokedOn: Date | null;
  reason: string | null;
  /** URIs charon fetches for this certificate (CDP, OCSP, freshestCRL): online, the outcome may differ */
  fetches: string[];
  logs: string[];
}

export interface RevocationInput {
  /** end entity first; `issuer` of the last link is the trusted root */
  links: { subject: ChainCertificate; issuer: ChainCertificate }[];
  crls: Crl[];
  /** every certificate charon could use to verify a CRL (trusted first), and whether its chain is trusted */
  signers: { cert: ChainCertificate; trusted: boolean }[];
  at: number;
  rules: Rules;
  mode: RdnMatching;
  plugins?: PluginSettings;
  settings?: RevocationSettings;
  /** `crls` were given (x509crl/ or --crl): say more about what they did */
  crlsGiven: boolean;
}

export interface RevocationResult {
  checked: CertRevocation[];
  /** index in `links` of the revoked certificate that fails the chain, or null */
  revokedAt: number | null;
  findings: Finding[];
}

const stores = new WeakMap<Crl[], Map<string, CrlStore>>();

/** The CRL store for a list of CRLs and plugin settings, built once. */
export function storeOf(crls: Crl[], plugins?: PluginSettings): CrlStore {
  return cachedPer(stores, crls, JSON.stringify(plugins ?? {}), () => crlStore(crls, plugins));
}

/** validate_online for every link, with charon's lines and ikecert's explanations. */
export function checkRevocation(input: RevocationInput): RevocationResult {
  const out: RevocationResult = { checked: [], revokedAt: null, findings: [] };
  const settings = input.settings ?? {};
  const enableOcsp = settings.enableOcsp ?? true;
  const enableCrl = settings.enableCrl ?? true;
  if (settings.loaded === false || (!enableOcsp && !enableCrl)) return out;
  const store = storeOf(input.crls, input.plugins);
  let worstOcsp: ValidationStatus | null = null;
  for (const [i, { subject, issuer }] of input.links.entries()) {
    const check = new LinkCheck(input, store, subject, issuer);
    check.logs.push(`checking certificate status of "${subject.subject.printed}"`);
    let ocsp: ValidationStatus = "SKIPPED";
    if (enableOcsp) {
      ocsp = check.ocsp();
      if (ocsp === "FAILED") check.logs.push("ocsp check failed, fallback to crl");
    }
    worstOcsp = worstOcsp && RANK[worstOcsp] > RANK[ocsp] ? worstOcsp : ocsp;
    const entry: CertRevocation = {
      subject: subject.subject.printed,
      file: fileOf(subject),
      status: worstOcsp,
      ocsp,
      crl: null,
      revokedOn: null,
      reason: null,
      fetches: check.fetches,
      logs: check.logs,
    };
    if (enableCrl) {
      const r = check.crl();
      entry.crl = r.decided ? { issuer: r.decided.crl.issuer.printed, file: fileOf(r.decided.crl) } : null;
      entry.status = r.valid === "SKIPPED" ? worstOcsp : r.valid;
      entry.revokedOn = r.revokedOn;
      entry.reason = r.reason;
      const line = {
        GOOD: "certificate status is good",
        FAILED: "certificate status is not available",
        SKIPPED: "certificate status is not available",
        STALE: "certificate status is unknown, crl is stale",
      }[r.valid as "GOOD" | "FAILED" | "SKIPPED" | "STALE"];
      if (line) check.logs.push(line);
    }
    out.findings.push(...check.findings);
    out.checked.push(entry);
    if (entry.status === "REVOKED" || entry.status === "ON_HOLD") {
      out.revokedAt = i;
      out.findings.push(
        finding("CRL_REVOKED", {
          message: `"${entry.subject}" ${entry.status === "ON_HOLD" ? "is on hold (certificateHold)" : "was revoked"} on ${entry.revokedOn!.toISOString()}, reason: ${entry.reason}, says the CRL of "${entry.crl!.issuer}"${entry.crl!.file ? ` (${entry.crl!.file})` : ""}; charon refuses it${i > 0 ? " as an issuer, so every certificate below it fails" : ""}`,
          log: check.logs.find((l) => l.startsWith("certificate was revoked on")) ?? null,
          ...fileOpt(subject),
        }),
      );
      break;
    }
  }
  out.findings.push(...storeFindings(store, input));
  const fetched = out.checked.flatMap((c) => c.fetches.map((u) => ({ c, u })));
  if (fetched.length)
    out.findings.push(
      finding("REVOCATION_ONLINE", {
        message: `charon would fetch ${[...new Set(fetched.map((f) => f.u))].map((u) => `'${u}'`).join(", ")} while checking ${[...new Set(fetched.map((f) => `"${f.c.subject}"`))].join(", ")}; ikecert stays offline, so the verdict then depends on the network (what the server returns, or a timeout of charon.plugins.revocation.timeout, 10 s, per URI)`,
      }),
    );
  return out;
}

/** What the given CRLs did overall: refused ones, replaced ones, ones that never match a certificate. */
function storeFindings(store: CrlStore, input: RevocationInput): Finding[] {
  if (!input.crlsGiven) return [];
  const out: Finding[] = [];
  for (const { crl, choice } of store.refused)
    out.push(
      finding("CRL_UNLOADABLE", {
        message: `strongSwan cannot load the CRL of "${crl.issuer.printed}": ${choice.refused.map((r) => `${r.plugin}: ${r.refusal.reason}`).join("; ")}`,
        log: choice.logs[0] ?? null,
        ...fileOpt(crl),
      }),
    );
  for (const { crl, by } of store.replaced)
    out.push(
      finding("CRL_REPLACED", {
        message: `${crl.source?.file ?? "a CRL"} and ${by.source?.file ?? "another CRL"} are both CRLs of "${crl.issuer.printed}"; charon keeps only the newer (${by.source?.file ?? "the other"})`,
        ...fileOpt(crl),
      }),
    );
  for (const h of store.held) {
    if (h.note && h.nextUpdate === null && h.revoked.length === 0 && h.crl.revoked.length > 0)
      out.push(finding("CRL_STALE", { message: `${crlName(h)}: ${h.note}`, ...fileOpt(h.crl) }));
    if (
      !h.authorityKeyId &&
      input.links.some((l) => dnMatchLevel(h.crl.issuer.der, l.issuer.subject.der, input.mode) > 0)
    )
      out.push(
        finding("CRL_NO_AKI", {
          message: `${crlName(h)} has no authorityKeyIdentifier${h.note ? " strongSwan can read" : ""}: charon looks CRLs up by the issuer's key id only, so it never uses this one (unless a certificate's distribution point names its cRLIssuer)`,
          ...fileOpt(h.crl),
        }),
      );
  }
  return out;
}

/**
 * auth_cfg.c complies: each recorded CRL status against the connection's `revocation` policy.
 * Returns charon's line for every failing status, with the certificate's index.
 */
export function policyFailures(
  checked: CertRevocation[],
  policy: RevocationPolicy,
): { index: number; line: string }[] {
  if (policy === "relaxed") return [];
  const need: ValidationStatus = policy === "strict" ? "GOOD" : "SKIPPED";
  return checked.flatMap((c, index) =>
    c.status === "GOOD" || (policy === "ifuri" && c.status === "SKIPPED")
      ? []
      : [
          {
            index,
            line: `constraint check failed: RULE_CRL_VALIDATION is ${c.status}, but requires at least ${need}`,
          },
        ],
  );
}

export interface RevocationStep {
  checked: CertRevocation[];
  findings: Finding[];
  /** index in the chain of a revoked certificate, or null */
  revokedAt: number | null;
  /** the policy's verdict, judged after authentication: a finding and the index it points at */
  policy: { finding: Finding; at: number } | null;
}

/**
 * The revocation step of buildChain: `certs` is the chain found, end entity first; every
 * consecutive pair is checked. Only trusted certificates (or ones inside the chain) sign CRLs.
 */
export function revocationStep(
  certs: ChainCertificate[],
  opts: {
    crls?: Crl[];
    revocation?: RevocationPolicy;
    revocationSettings?: RevocationSettings;
    plugins?: PluginSettings;
  },
  env: { trusted: ChainCertificate[]; at: number; mode: RdnMatching; rules: Rules },
): RevocationStep {
  const valid = (c: ChainCertificate) =>
    c.selfIssued || (env.at >= c.notBefore.getTime() && env.at <= c.notAfter.getTime());
  const signers = [
    ...env.trusted.map((c) => ({ cert: c, trusted: valid(c) })),
    ...certs.slice(1).map((c) => ({ cert: c, trusted: true })),
  ];
  const r = checkRevocation({
    links: certs.slice(0, -1).map((subject, i) => ({ subject, issuer: certs[i + 1]! })),
    crls: opts.crls ?? [],
    signers,
    at: env.at,
    rules: env.rules,
    mode: env.mode,
    plugins: opts.plugins,
    settings: opts.revocationSettings,
    crlsGiven: opts.crls !== undefined,
  });
  const fails = policyFailures(r.checked, opts.revocation ?? "relaxed");
  let policy: RevocationStep["policy"] = null;
  if (r.revokedAt === null && fails.length) {
    const bad = fails.map((f) => r.checked[f.index]!);
    policy = {
      at: fails[0]!.index,
      finding: finding("REVOCATION_POLICY", {
        message: `revocation = ${opts.revocation} needs ${opts.revocation === "strict" ? "a good status (a valid CRL that does not list it)" : "a good status or no revocation information at all"} for every certificate of the chain, but ${bad.map((c) => `"${c.subject}" is ${c.status}${c.fetches.length ? " (charon's fetch of its CRL/OCSP failed here, offline)" : ""}`).join(", ")}; charon authenticates the peer, then rejects the connection`,
        log: fails[0]!.line,
      }),
    };
  }
  return { checked: r.checked, findings: r.findings, revokedAt: r.revokedAt, policy };
}
