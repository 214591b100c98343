/**
 * Configuration-wide audit findings: what happens when the folder is loaded, before any connection
 * is used (config diagnostics, unreadable files, refused CA certificates, expiring certificates,
 * key files charon does not load). Pure.
 */
import { type ConfigDiagnostic, formatOrigin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import type { CertItem, CredentialPool, LoadedConfig } from "../credentials.js";

const DAY = 86_400_000;

/** The connection a diagnostic is about (`connection 'x': ...`, `conn 'x': ...`), or null. */
export function diagnosticConnection(d: ConfigDiagnostic): string | null {
  return /^(?:connection|conn) '([^']*)'/.exec(d.message)?.[1] ?? null;
}

export function diagnosticFinding(d: ConfigDiagnostic): Finding {
  const invalid = /invalid value|invalid section|refuse|not loaded/i.test(d.message);
  return finding(invalid ? "CONFIG_INVALID" : "CONFIG_WARNING", {
    message: d.message,
    file: formatOrigin(d.origin),
  });
}

/** Expired, not yet valid, or expiring within 30 days (at `at`). */
export function expiryFindings(c: CertItem, at: Date, role: string): Finding[] {
  const t = at.getTime();
  const file = c.source?.file;
  const where = file ? { file } : {};
  if (t > c.notAfter.getTime())
    return [
      finding("CERT_EXPIRED", {
        message: `${role} "${c.subject.printed}" expired on ${c.notAfter.toISOString()}`,
        ...where,
      }),
    ];
  if (t < c.notBefore.getTime())
    return [
      finding("CERT_NOT_YET_VALID", {
        message: `${role} "${c.subject.printed}" is valid only from ${c.notBefore.toISOString()}`,
        ...where,
      }),
    ];
  const days = Math.floor((c.notAfter.getTime() - t) / DAY);
  if (days < 30)
    return [
      finding("CERT_EXPIRES_SOON", {
        message: `${role} "${c.subject.printed}" expires in ${days} day${days === 1 ? "" : "s"} (${c.notAfter.toISOString()})`,
        ...where,
      }),
    ];
  return [];
}

export function globalFindings(config: LoadedConfig, pool: CredentialPool, at: Date): Finding[] {
  const out: Finding[] = [];
  for (const d of config.conf?.diagnostics ?? [])
    if (!diagnosticConnection(d) && !d.special) out.push(diagnosticFinding(d));
  if ("secrets" in config)
    for (const d of config.secrets?.diagnostics ?? []) if (!d.special) out.push(diagnosticFinding(d));
  for (const f of config.files) {
    if (f.error)
      out.push(
        finding(
          f.folder === "private" || ["rsa", "ecdsa", "pkcs8"].includes(f.folder)
            ? "KEY_FILE_SKIPPED"
            : "CONFIG_FILE_UNREADABLE",
          {
            message: `${f.path}: ${f.error.message}`,
            file: f.path,
          },
        ),
      );
    else if (f.loaded && f.used.length === 0 && f.loaded.items.length > 0)
      out.push(
        finding("CONFIG_FILE_UNREADABLE", {
          message: `${f.path} holds no ${f.folder.startsWith("x509") || f.folder.endsWith("certs") ? "certificate" : "item of the kind this folder is for"}; strongSwan skips it`,
          file: f.path,
        }),
      );
    else if (f.ignored.some((i) => i.kind === "certificate") && f.used.some((i) => i.kind === "certificate"))
      out.push(
        finding("CHAIN_FILE_MULTIPLE_CERTS", {
          message: `${f.path} holds ${f.ignored.filter((i) => i.kind === "certificate").length + 1} certificates; strongSwan loads only the first ("${(f.used[0] as CertItem).subject.printed}")`,
          file: f.path,
        }),
      );
  }
  for (const r of pool.rejected)
    out.push(
      finding("CHAIN_CA_REJECTED_AT_LOAD", {
        message: `${r.file.path}: "${r.cert.subject.printed}" has no CA=TRUE basic constraint; ${pool.kind === "swanctl" ? "swanctl" : "charon"} refuses it as a CA certificate${r.cert.selfIssued ? "" : " (an end-entity certificate belongs in x509/)"}`,
        log: r.log,
        file: r.file.path,
      }),
    );
  for (const c of pool.trustedCas) out.push(...expiryFindings(c, at, "the CA certificate"));
  for (const f of pool.unusedKeyFiles)
    if (!f.error)
      out.push(
        finding("KEY_NOT_LOADED", {
          message: `${f.path} is not named in ipsec.secrets; charon does not load it`,
          file: f.path,
        }),
      );
  return out;
}
