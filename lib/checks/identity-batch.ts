/**
 * The `id` command's answer for one certificate and a list of ids, shared by `ikecert id`, its
 * batch mode and folder scans, and `quickCertificateIds`: the same answer from the lazy view
 * (lib/x509/cert-view.ts) when it needs no explanation — every id proven, no finding possible —
 * which is what thousands of certificates in a provisioning run mostly are. Pure: no I/O.
 */
import { type Finding, finding } from "../findings/index.js";
import { sanSupportedByX509Plugin, viewHasIdentity } from "../identity/certificate.js";
import { identityContainsWildcards } from "../identity/match.js";
import { parseIdentity } from "../identity/parse.js";
import type { CertificateView } from "../x509/cert-view.js";
import type { Certificate } from "../x509/certificate.js";
import { printDn } from "../x509/dn-print.js";
import type { GeneralName } from "../x509/general-name.js";
import { ID_TYPES } from "../x509/types.js";
import {
  certificateIdentityFindings,
  checkIdentity,
  type IdentityCheck,
  type IdentityCheckOptions,
} from "./identity.js";

export interface CertificateIdsResult {
  ok: boolean;
  findings: Finding[];
  certificate: { file: string; subject: string; sans: { type: string; value: string }[] };
  identities: Omit<IdentityCheck, "findings">[];
}

const sanJson = (sans: GeneralName[]) => sans.map((s) => ({ type: s.idType ?? s.kind, value: s.value }));

/**
 * Check every id against the first certificate of a file (strongSwan loads only that one);
 * `certCount` is how many certificates the file holds.
 */
export function checkCertificateIds(
  cert: Certificate,
  ids: string[],
  opts: IdentityCheckOptions,
  where: { file: string; certCount?: number },
): CertificateIdsResult {
  const file = where.file;
  const certFindings: Finding[] = [];
  if ((where.certCount ?? 1) > 1)
    certFindings.push(
      finding("CHAIN_FILE_MULTIPLE_CERTS", {
        message: `${file} holds ${where.certCount} certificates; strongSwan loads only the first ('${cert.subject.printed}'), which is the one checked`,
        file,
      }),
    );
  certFindings.push(...certificateIdentityFindings(cert, opts).map((f) => ({ ...f, file })));
  const results = ids.map((id) => checkIdentity(cert, id, opts));
  const findings = [...certFindings];
  for (const r of results)
    for (const f of r.findings) {
      const ff = { ...f, file };
      if (!findings.some((x) => x.code === ff.code && x.message === ff.message)) findings.push(ff);
    }
  const ok = results.every((r) => r.matches) && !findings.some((f) => f.severity === "error");
  return {
    ok,
    findings,
    certificate: { file, subject: cert.subject.printed, sans: sanJson(cert.sans) },
    identities: results.map(({ findings: _f, ...r }) => r),
  };
}

/**
 * The answer of checkCertificateIds from the lazy view, or null when the full model is needed:
 * an id that is not proven (near misses to explain), %any, a wildcard or KEY_ID id, a client
 * profile, an id that does not parse, or a SAN the x509 plugin cannot represent.
 */
export function quickCertificateIds(
  view: CertificateView,
  ids: string[],
  opts: IdentityCheckOptions,
  file: string,
): CertificateIdsResult | null {
  if (opts.client || ids.length === 0) return null;
  for (const s of view.sanEntries) if (!sanSupportedByX509Plugin(s, opts.strongswan)) return null;
  const popts = { strongswan: opts.strongswan, regex: opts.regex ?? true, rdnMatching: opts.rdnMatching };
  const identities: Omit<IdentityCheck, "findings">[] = [];
  for (const text of ids) {
    let id: ReturnType<typeof parseIdentity>;
    try {
      id = parseIdentity(text, popts);
    } catch {
      return null;
    }
    if (id.type === ID_TYPES.ID_ANY || id.type === ID_TYPES.ID_KEY_ID || identityContainsWildcards(id))
      return null;
    const proof = viewHasIdentity(view, id, popts);
    if (proof.level === 0) return null;
    identities.push({
      input: text,
      type: id.typeName,
      printed: id.printed,
      matches: true,
      level: proof.level,
      via: proof.via,
    });
  }
  return {
    ok: true,
    findings: [],
    certificate: { file, subject: printDn(view.subjectDer, opts.strongswan), sans: sanJson(view.sans) },
    identities,
  };
}
