/**
 * Audit of a local authentication round: the certificate charon loads for it (first certificate of
 * each file), the private key, the chain it can send, and whether the local id is one the certificate
 * proves (semantics §6). Pure.
 */
import { formatOrigin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import { type ReleaseLike, rulesFor } from "../../rules.js";
import type { Endpoint, LocalRound } from "../endpoint.js";
import { checkIdentity } from "../identity.js";
import { expiryFindings } from "./global.js";

/** The options every audit check takes (release, moment, resolved file references). */
export interface AuditOptions {
  strongswan?: ReleaseLike;
  at?: Date;
}

/** Chain findings that concern the peer's view and are replaced by LOCAL_CHAIN_INCOMPLETE here. */
const PEER_SIDE = new Set([
  "CHAIN_MISSING_ISSUER",
  "CHAIN_UNTRUSTED_ROOT",
  "CHAIN_NO_CA_GIVEN",
  "CHAIN_INCOMPLETE_TRUSTED",
]);

export function localRoundFindings(e: Endpoint, r: LocalRound, opts: AuditOptions): Finding[] {
  const out: Finding[] = [];
  const at = opts.at ?? new Date();
  const where = formatOrigin(r.round.origin);
  const label = `local round '${r.round.name}'`;
  for (const c of r.certs) {
    const file = formatOrigin(c.ref.origin);
    if (!c.certificate) {
      out.push(
        finding("LOCAL_CERT_MISSING", {
          message: `${label}: certificate '${c.ref.text}': ${c.error}${e.kind === "swanctl" ? "; swanctl does not load the connection" : ""}`,
          log: c.file
            ? null
            : e.kind === "swanctl"
              ? `loading certs certificate '${c.ref.path ?? c.ref.text}' failed: No such file or directory`
              : null,
          file,
        }),
      );
      continue;
    }
    const extra = c.ignored.filter((i) => i.kind === "certificate").length;
    const keys = c.ignored.filter((i) => i.kind === "privateKey").length;
    if (extra > 0 || keys > 0)
      out.push(
        finding(extra > 0 ? "CHAIN_FILE_MULTIPLE_CERTS" : "FILE_MIXES_CERT_AND_KEY", {
          message: `${label}: '${c.ref.text}' also holds ${[extra ? `${extra} more certificate${extra > 1 ? "s" : ""}` : "", keys ? `${keys} private key${keys > 1 ? "s" : ""}` : ""].filter(Boolean).join(" and ")}; charon loads only the first certificate ("${c.certificate.subject.printed}")`,
          file,
        }),
      );
  }
  if (r.auth !== "pubkey") return out;
  const idText = r.id.identity?.printed ?? r.id.text;
  if (!r.certificate) {
    // a raw public key (pubkeys) replaces the certificate; audit/needs.ts checks its key
    if (r.certs.length === 0 && r.pubkeys.length === 0)
      out.push(
        finding("LOCAL_NO_CERT", {
          message: `${label}: auth = ${r.round.auth.value} without a certificate, and no loaded certificate with a key proves '${idText}'`,
          log: `no private key found for '${idText}'`,
          file: where,
        }),
      );
    return out;
  }
  const cert = r.certificate;
  const certFile = cert.source?.file ?? where;
  if (!r.privateKey)
    out.push(
      finding("LOCAL_NO_PRIVATE_KEY", {
        message: `${label}: no loaded private key belongs to "${cert.subject.printed}"${e.kind === "ipsec" ? " (charon loads only the keys ipsec.secrets names)" : ""}`,
        log: `no private key found for '${idText}'`,
        file: certFile,
      }),
    );
  out.push(...expiryFindings(cert, at, "the local certificate"));
  if (r.chain) {
    for (const f of r.chain.findings)
      if (!PEER_SIDE.has(f.code) && f.code !== "CHAIN_EXPIRED" && f.code !== "CHAIN_NOT_YET_VALID")
        out.push({ ...f, message: `${label}: ${f.message}` });
    for (const f of r.chain.findings)
      if (
        (f.code === "CHAIN_EXPIRED" || f.code === "CHAIN_NOT_YET_VALID") &&
        !/^the certificate /.test(f.message)
      )
        out.push({ ...f, message: `${label}: ${f.message}` });
    const missing = r.chain.missingIssuer;
    if (missing)
      out.push(
        finding("LOCAL_CHAIN_INCOMPLETE", {
          message: `${label}: the issuer "${missing.dn}" of "${r.chain.chain.at(-1)?.subject}" is not loaded; charon sends ${r.intermediates.length ? r.intermediates.map((c) => `"${c.subject.printed}"`).join(", ") : "no intermediate"}, so the peer must hold "${missing.dn}" itself`,
          file: certFile,
        }),
      );
    if (r.intermediates.length && e.sendCert !== "never")
      out.push(
        finding("LOCAL_SENDS_INTERMEDIATES", {
          message: `${label}: sends "${cert.subject.printed}" with ${r.intermediates.map((c) => `"${c.subject.printed}" (${c.source?.file ?? "loaded"})`).join(", ")}${e.sendCert === "ifasked" ? " when the peer sends a CERTREQ" : ""}`,
          log: r.intermediates.map((c) => `sending issuer cert "${c.subject.printed}"`).join("\n"),
          fix: null,
        }),
      );
  }
  // the local id
  if (r.id.source === "replaced-by-subject")
    out.push(
      finding("LOCAL_ID_REPLACED", {
        message: `${label}: ${r.id.configured ? `leftid '${r.id.configured.value}'` : "the default id (the address)"} is not in "${cert.subject.printed}"; charon uses the subject DN '${r.id.text}' instead`,
        log: r.id.log,
        file: r.id.configured ? formatOrigin(r.id.configured.origin) : where,
      }),
    );
  else if (r.id.source === "cert-subject" || r.id.source === "ip-address" || r.id.source === "any")
    out.push(
      finding("LOCAL_ID_DEFAULT", {
        message: `${label}: no id configured; charon${opts.strongswan ? ` ${rulesFor(opts.strongswan).release.text}` : ""} uses ${r.id.source === "cert-subject" ? `the certificate's subject '${r.id.text}'` : `the IP address (${r.id.text})`}`,
        log: r.id.log,
        file: where,
      }),
    );
  else if (r.id.configured && e.kind === "swanctl" && /^[\x20-\x7e]*$/.test(r.id.configured.value)) {
    const check = checkIdentity(cert, r.id.configured.value, { strongswan: opts.strongswan, regex: false });
    for (const f of check.findings)
      if (f.severity !== "info")
        out.push({
          ...f,
          message: `${label}: the local id is not checked by charon here, the PEER fails: ${f.message}`,
          file: formatOrigin(r.id.configured.origin),
        });
  }
  return out;
}
