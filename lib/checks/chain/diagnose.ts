/** Why no issuer was found for a certificate, in charon's terms, and the warnings about a chain. */

import { bytesEqual } from "../../bytes.js";
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import type { RdnMatching } from "../../identity/dn.js";
import type { Certificate } from "../../x509/certificate.js";
import { colonHex } from "../../x509/spki.js";
import { hasSubjectDn, issuedByFailure, sameCert, selfSigned, subjectKeyId } from "./issuer.js";
import { describeRefusals, type LoadContext, loadChoice } from "./loadable.js";
import { UNVERIFIABLE_SIGNATURES } from "./signature.js";
import type { ChainCertificate } from "./types.js";

export const fileOf = (c: ChainCertificate): string | null => c.source?.file ?? null;
const fileOpt = (c: ChainCertificate) => (c.source?.file ? { file: c.source.file } : {});

/** Where the missing certificate belongs, said once for every "no issuer" diagnosis. */
function whereItBelongs(child: Certificate, isEndEntity: boolean): string {
  const aki = child.authorityKeyId ? ` (its SKI must be ${colonHex(child.authorityKeyId)})` : "";
  return `get the CA certificate "${child.issuer.printed}"${aki}: if it is the root, put it in x509ca/ of the verifying side (--ca here); if it is an intermediate, either put it in x509ca/ of the verifying side too or have the peer send it (the peer keeps it in its x509ca/ and sends it with ${isEndEntity ? "its certificate" : "the chain"}; --intermediate here)`;
}

/**
 * The findings for "no issuer certificate found for child": each certificate that carries the
 * issuer's name is examined for the reason issued_by() refused it.
 */
export function diagnoseMissingIssuer(
  child: ChainCertificate,
  all: { cert: ChainCertificate; trusted: boolean }[],
  unloadable: ChainCertificate[],
  mode: RdnMatching,
  isEndEntity: boolean,
  ctx: LoadContext = {},
): Finding[] {
  const log = `no issuer certificate found for "${child.subject.printed}"`;
  // charon follows this line with `  issuer is "<issuer DN>"`; the messages name the issuer instead
  const logs = log;
  const out: Finding[] = [];
  for (const u of unloadable) {
    if (!hasSubjectDn(u, child.issuer.der, mode)) continue;
    const choice = loadChoice(u, ctx);
    out.push(
      finding("CHAIN_CERT_UNLOADABLE", {
        message: `the issuer "${u.subject.printed}" cannot be loaded by strongSwan: ${describeRefusals(choice)}`,
        log: choice.logs[0] ?? null,
        ...fileOpt(u),
      }),
    );
  }
  for (const { cert: cand, trusted } of all) {
    if (sameCert(cand, child) || !hasSubjectDn(cand, child.issuer.der, mode)) continue;
    const why = issuedByFailure(child, cand);
    const name = `"${cand.subject.printed}"`;
    if (why === "not-ca") {
      out.push(
        finding("CHAIN_ISSUER_NOT_CA", {
          message: `the issuer ${name} has no basicConstraints CA=TRUE${cand.basicConstraints ? " (CA=FALSE)" : " (no basicConstraints extension)"}, so strongSwan does not accept it as the issuer of "${child.subject.printed}"`,
          log: logs,
          ...fileOpt(cand),
        }),
      );
      if (trusted)
        out.push(
          finding("CHAIN_CA_REJECTED_AT_LOAD", {
            message: `${name} was given as a CA (--ca), but swanctl refuses to load a certificate without CA=TRUE from x509ca/`,
            ...fileOpt(cand),
          }),
        );
    } else if (why === "aki-mismatch")
      out.push(
        finding("CHAIN_AKI_MISMATCH", {
          message: `"${child.subject.printed}" names the issuer key ${colonHex(child.authorityKeyId!)} (authorityKeyIdentifier), but ${name} has the key id ${colonHex(subjectKeyId(cand))}`,
          log: logs,
          ...fileOpt(cand),
        }),
      );
    else if (why === "bad-signature")
      out.push(
        finding("CHAIN_BAD_SIGNATURE", {
          message: UNVERIFIABLE_SIGNATURES.has(child.signatureAlgorithm.oid)
            ? `"${child.subject.printed}" is signed with ${child.signatureAlgorithm.name}, which strongSwan cannot verify (it has no signature scheme for ECDSA with SHA-224 or SHA-3), so ${name} is never found as its issuer`
            : `the key of ${name} does not verify the signature (${child.signatureAlgorithm.name}) of "${child.subject.printed}"`,
          log: logs,
          ...fileOpt(child),
        }),
      );
    else if (why === "dn-mismatch")
      out.push(
        finding("CHAIN_MISSING_ISSUER", {
          message: `${name} matches the issuer name only under rdn_matching=${mode}; without an authorityKeyIdentifier strongSwan needs the issuer DN to equal the CA's subject exactly (RDN order, string types)`,
          log: logs,
          fix: "reissue the certificate with an authorityKeyIdentifier, or from a CA whose subject is encoded exactly like the certificate's issuer",
          ...fileOpt(child),
        }),
      );
  }
  if (out.some((f) => f.severity === "error")) return out;
  // Nothing carries the name. A certificate with the right key but another name is a likely mix-up.
  const aki = child.authorityKeyId;
  const byKey = aki
    ? all.find(({ cert }) => !sameCert(cert, child) && bytesEqual(subjectKeyId(cert), aki))
    : undefined;
  const norm = (t: string) =>
    t
      .toLowerCase()
      .replace(/\s+/g, " ")
      .replace(/\s*([=,])\s*/g, "$1")
      .trim();
  const near = all.find(
    ({ cert }) => !sameCert(cert, child) && norm(cert.subject.printed) === norm(child.issuer.printed),
  );
  const hint = near
    ? ` "${near.cert.subject.printed}" differs from the issuer name only in case, spacing or string type: strongSwan ignores case only between two PrintableStrings and never folds spaces (RFC 4518 matching does)`
    : byKey
      ? ` "${byKey.cert.subject.printed}"${byKey.cert.source ? ` (${byKey.cert.source.file})` : ""} has the key id the certificate names, but strongSwan looks issuers up by name first and its subject differs`
      : "";
  out.push(
    finding("CHAIN_MISSING_ISSUER", {
      message: `no certificate named "${child.issuer.printed}"${aki ? ` with key id ${colonHex(aki)}` : ""} issued "${child.subject.printed}".${hint}`,
      log: logs,
      fix: whereItBelongs(child, isEndEntity),
      ...fileOpt(child),
    }),
  );
  return out;
}

/** Warnings about the certificates of a chain, whatever the verdict. */
export function chainWarnings(chain: ChainCertificate[]): Finding[] {
  const out: Finding[] = [];
  const tolerated = (c: ChainCertificate, what: string) =>
    out.push(
      finding("CHAIN_RFC5280_TOLERATED", {
        message: `"${c.subject.printed}": ${what}; strongSwan tolerates this`,
        ...fileOpt(c),
      }),
    );
  chain.forEach((c, i) => {
    const root = selfSigned(c);
    if (c.signatureAlgorithm.weak && !root)
      out.push(
        finding("WEAK_SIGNATURE", {
          message: `"${c.subject.printed}" is signed with ${c.signatureAlgorithm.name}`,
          ...fileOpt(c),
        }),
      );
    if ((c.publicKey.algorithm === "RSA" || c.publicKey.algorithm === "RSA-PSS") && c.publicKey.bits < 2048)
      out.push(
        finding("WEAK_RSA_KEY", {
          message: `"${c.subject.printed}" has an RSA key of ${c.publicKey.bits} bits`,
          ...fileOpt(c),
        }),
      );
    for (const s of c.sans.filter((s) => !s.supported))
      out.push(
        finding("SAN_UNSUPPORTED_KIND", {
          message: `"${c.subject.printed}" has a SAN the x509 plugin cannot represent (${s.kind}${s.otherNameOid ? ` ${s.otherNameOid}` : ""}); it loads only with the openssl plugin`,
          ...fileOpt(c),
        }),
      );
    if (i === 0) return;
    // c is used as an issuer from here on (RFC 5280 §4.2.1.3, §4.2.1.9, §4.2.1.1, §4.2.1.2)
    if (c.keyUsage && !c.keyUsage.includes("keyCertSign"))
      tolerated(c, "a CA certificate whose keyUsage lacks keyCertSign (RFC 5280 4.2.1.3)");
    if (c.basicConstraints?.ca && !c.basicConstraints.critical)
      tolerated(c, "basicConstraints of a CA certificate is not marked critical (RFC 5280 4.2.1.9)");
    if (!c.subjectKeyId) tolerated(c, "a CA certificate without subjectKeyIdentifier (RFC 5280 4.2.1.2)");
  });
  for (const c of chain.slice(0, -1))
    if (!c.authorityKeyId && !selfSigned(c))
      tolerated(c, "a certificate without authorityKeyIdentifier (RFC 5280 4.2.1.1)");
  return out;
}
