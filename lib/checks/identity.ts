/**
 * checkIdentity: does a certificate prove an identity to charon, and when it does not, which near
 * miss explains it (semantics §2-§5, §12). Pure: no I/O.
 */
import { bytesText } from "../bytes.js";
import { IkecertError } from "../errors.js";
import { type Finding, finding } from "../findings/index.js";
import {
  certificateHasIdentity,
  effectiveSans,
  type IdentityProof,
  rejectedByX509Plugin,
  sanIdentity,
  sanSupportedByX509Plugin,
  subjectIdentity,
} from "../identity/certificate.js";
import { dnMatchLevel, parseDnString } from "../identity/dn.js";
import { identityContainsWildcards, identityMatches } from "../identity/match.js";
import {
  type Identity,
  type IdentityOptions,
  identityFromEncoding,
  parseIdentity,
} from "../identity/parse.js";
import { dnIdString, idStringFor, prefixStoredAsText } from "../identity/suggest.js";
import { rulesFor } from "../rules.js";
import type { Certificate } from "../x509/certificate.js";
import { enumerateRdns } from "../x509/rdn.js";
import { keyTypeLogName } from "../x509/spki.js";
import { ID_TYPES, type IdTypeName } from "../x509/types.js";
import { clientFindings } from "./identity-clients.js";
import { reissueFix } from "./identity-fix.js";

/** Options of `checkIdentity`: the identity parser's options and a client profile. */
export type IdentityCheckOptions = IdentityOptions & { client?: string };

/** What `checkIdentity` returns: whether the certificate proves the identity, the proof, and near misses as findings. */
export interface IdentityCheck {
  input: string;
  type: string;
  printed: string;
  matches: boolean;
  level: number;
  via: IdentityProof["via"];
  findings: Finding[];
}

export const CLIENT_PROFILES = ["android", "apple", "windows", "networkmanager", "strongswan"] as const;

const T = ID_TYPES;
const enc = new TextEncoder();

/** The log line the peer prints when no certificate proves the id it received. */
export function noTrustedKeyLog(cert: Certificate, id: Identity): string {
  return `no trusted ${keyTypeLogName(cert.publicKey.algorithm)} public key found for '${id.printed}'`;
}

function constraintLog(id: Identity, got: Identity): string {
  return `constraint check failed: identity '${id.printed}' (${id.typeName}) required, not matched by '${got.printed}' (${got.typeName})`;
}

function cnValues(cert: Certificate): string[] {
  return enumerateRdns(cert.subject.der)
    .filter((r) => bytesText(r.oidBytes, "hex") === "550403")
    .map((r) => bytesText(r.value, "utf8"));
}

function emailInSubject(cert: Certificate): string[] {
  return enumerateRdns(cert.subject.der)
    .filter((r) => bytesText(r.oidBytes, "hex") === "2a864886f70d010901")
    .map((r) => bytesText(r.value, "utf8"));
}

function text(id: Identity): string {
  return bytesText(id.encoding, "utf8");
}

function sanOpts(id: Identity): string | null {
  if (id.type === T.ID_FQDN) return text(id);
  if (id.type === T.ID_IPV4_ADDR || id.type === T.ID_IPV6_ADDR) return id.printed;
  if (id.type === T.ID_RFC822_ADDR) return text(id);
  return null;
}

const DN_NAMES = [
  "C",
  "ST",
  "L",
  "O",
  "OU",
  "CN",
  "E",
  "SN",
  "serialNumber",
  "DC",
  "UID",
  "STREET",
  "T",
  "G",
  "I",
];

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return d[a.length]![b.length]!;
}

/** Lowercase every value of a DN (to tell a case-only difference from a real one). */
function foldDnCase(der: Uint8Array): Uint8Array {
  const out = Uint8Array.from(der);
  for (const r of enumerateRdns(der)) {
    const start = r.end - r.value.length;
    for (let i = start; i < r.end; i++) if (out[i]! >= 0x41 && out[i]! <= 0x5a) out[i] = out[i]! + 0x20;
  }
  return out;
}

interface Ctx {
  cert: Certificate;
  id: Identity;
  input: string;
  opts: IdentityCheckOptions;
  log: string;
}

/** Near misses of an id the certificate does not prove; the first that applies explains it. */
function nearMisses(c: Ctx): Finding[] {
  const { cert, id, input, opts } = c;
  const release = opts.strongswan;
  const out: Finding[] = [];
  const sans = effectiveSans(cert, release);
  // a prefix that keeps the text
  const textual = prefixStoredAsText(input, release);
  if (textual) {
    const proves = certificateHasIdentity(cert, textual.intended, opts).level > 0;
    out.push(
      finding("ID_PREFIX_STORED_AS_TEXT", {
        message: `'${input}' is an ${id.typeName} whose value is the ${id.encoding.length} bytes of the text '${textual.rest}', not ${textual.what}; it matches nothing`,
        log: c.log,
        fix: `write '${textual.rest}' (or '${textual.hexForm}')${proves ? "; the certificate proves that" : ""}`,
      }),
    );
    return out;
  }
  // a DN with a typo: KEY_ID
  if (id.type === T.ID_KEY_ID && input.includes("=") && !/^(keyid:|@#|\{)/i.test(input)) {
    const parsed = parseDnString(enc.encode(input), release);
    const bad = parsed.unknown ?? "";
    const near = DN_NAMES.filter((n) => distance(n.toLowerCase(), bad.toLowerCase()) <= 1 && bad.length > 0);
    const why =
      parsed.failure === "unknown-attribute"
        ? `strongSwan ${release === undefined ? "" : rulesFor(release).release.text} does not know the attribute name '${bad}'`.replace(
            "  ",
            " ",
          )
        : parsed.failure === "too-many-rdns"
          ? "it has more than 20 RDNs"
          : "it ends inside an attribute name";
    const renamed =
      bad === "S" || bad.toLowerCase() === "s" ? "; `S` (surname) was removed in 5.9.2, write `SN`" : "";
    out.push(
      finding("DN_TYPO_BECOMES_KEYID", {
        message: `'${input}' is not a DN for strongSwan (${why}), so it becomes ID_KEY_ID '${id.printed}'${renamed}`,
        log: c.log,
        fix: near.length
          ? `did you mean ${near.map((n) => `'${n}'`).join(" or ")}? The certificate's subject is written '${dnIdString(cert.subject.der, cert.subject.printed, opts.strongswan)}'`
          : `write the certificate's subject as '${dnIdString(cert.subject.der, cert.subject.printed, opts.strongswan)}'`,
      }),
    );
    return out;
  }
  if (id.type === T.ID_DER_ASN1_DN && !id.regex) {
    const subjects = [
      cert.subject.der,
      ...sans.filter((s) => s.idType === "ID_DER_ASN1_DN").map((s) => s.encoding),
    ];
    for (const dn of subjects) {
      const written = dnIdString(dn, identityFromEncoding(T.ID_DER_ASN1_DN, dn, opts).printed, release);
      if ((opts.rdnMatching ?? "strict") === "strict" && dnMatchLevel(dn, id.encoding, "reordered") > 0) {
        out.push(
          finding("DN_RDN_ORDER", {
            message: `the certificate has these RDNs in the order '${written}'; with rdn_matching = strict the order must be the same`,
            log: c.log,
            fix: `write '${written}', or set charon.rdn_matching = reordered in strongswan.conf`,
          }),
        );
        return out;
      }
      if (dnMatchLevel(foldDnCase(dn), foldDnCase(id.encoding), opts.rdnMatching) > 0) {
        out.push(
          finding("DN_CASE_UTF8", {
            message: `the DN differs from the certificate's '${written}' only in case, in a value the certificate stores as UTF8String (compared byte for byte)`,
            log: c.log,
            fix: `write '${written}' with the certificate's exact case`,
          }),
        );
        return out;
      }
    }
  }
  const value = sanOpts(id);
  if (value !== null) {
    const lv = value.toLowerCase();
    // trailing dot
    const other = lv.endsWith(".") ? lv.slice(0, -1) : `${lv}.`;
    const dotted = sans.find((s) => s.idType && T[s.idType] === id.type && s.value.toLowerCase() === other);
    if (dotted) {
      out.push(
        finding("ID_TRAILING_DOT", {
          message: `the certificate has '${dotted.value}', the id is '${value}': the trailing dot makes them different`,
          log: c.log,
          fix: `write '${idStringFor(dotted.idType as IdTypeName, dotted.value, dotted.encoding, release)}'`,
        }),
      );
      return out;
    }
    // a wildcard SAN that would cover it if wildcards worked in certificates
    for (const s of sans) {
      if (s.idType !== "ID_FQDN" && s.idType !== "ID_RFC822_ADDR") continue;
      if (!s.value.startsWith("*")) continue;
      const asPattern = parseIdentity(`${s.idType === "ID_FQDN" ? "fqdn" : "rfc822"}:${s.value}`);
      if (identityMatches(id, asPattern) > 0) {
        out.push(
          finding("WILDCARD_CERT_SAN", {
            message: `the certificate's SAN '${s.value}' is a wildcard; strongSwan compares it as the literal text '${s.value}', so it does not cover '${value}'`,
            log: c.log,
            fix: `reissue with the exact name: ${reissueFix(cert, [value], [], release)}; or, where the id is a remote id, configure it as '${s.value}' (a configured wildcard matches the SAN's literal text)`,
          }),
        );
        return out;
      }
    }
    // the same text under another type
    for (const s of sans) {
      if (!s.idType || T[s.idType] === id.type) continue;
      const sid = sanIdentity(s, opts);
      if (!sid || sid.printed.toLowerCase() !== lv) continue;
      const write = idStringFor(s.idType, s.value, s.encoding, opts.strongswan);
      out.push(
        finding("ID_TYPE_MISMATCH", {
          message: `'${input}' is an ${id.typeName}, but the certificate holds '${s.value}' as a ${s.kind} SAN (${s.idType}); types never match each other`,
          log: c.log,
          fix: `write the id as '${write}' (${s.idType}), or reissue with a SAN of type ${id.typeName}: ${reissueFix(cert, [id.type === T.ID_FQDN && /^[\d.]+$|:/.test(value) ? `@${value}` : value], [], release)}`,
        }),
      );
      return out;
    }
    // only in the subject CN (or the E= attribute for an email)
    const inSubject = [...cnValues(cert), ...(id.type === T.ID_RFC822_ADDR ? emailInSubject(cert) : [])];
    if (inSubject.some((v) => v.toLowerCase() === lv)) {
      const dn = dnIdString(cert.subject.der, cert.subject.printed, opts.strongswan);
      out.push(
        finding("ID_ONLY_IN_CN", {
          message: `'${value}' appears only in the subject ('${cert.subject.printed}'); strongSwan matches an ${id.typeName} only against SANs`,
          log: c.log,
          fix: `reissue with a SAN: ${reissueFix(cert, [id.type === T.ID_FQDN && /^[\d.]+$|:/.test(value) ? `@${value}` : value], [], release)}; or configure the DN '${dn}' as the id`,
        }),
      );
      return out;
    }
  }
  return out;
}

function proves(cert: Certificate, opts: IdentityCheckOptions): string {
  const list: string[] = [];
  for (const s of effectiveSans(cert, opts.strongswan))
    if (s.idType) list.push(idStringFor(s.idType, s.value, s.encoding, opts.strongswan));
  list.push(dnIdString(cert.subject.der, cert.subject.printed, opts.strongswan));
  return list.map((x) => `'${x}'`).join(", ");
}

/** Check one configured identity against a certificate. */
export function checkIdentity(
  cert: Certificate,
  idText: string,
  opts: IdentityCheckOptions = {},
): IdentityCheck {
  const popts = { strongswan: opts.strongswan, regex: opts.regex ?? true, rdnMatching: opts.rdnMatching };
  let id: Identity;
  try {
    id = parseIdentity(idText, popts);
  } catch (e) {
    // an invalid regex is swanctl refusing the config (a finding); anything else is unusable input
    if (!(e instanceof IkecertError) || !e.message.startsWith("invalid regular expression")) throw e;
    return {
      input: idText,
      type: "(invalid)",
      printed: idText,
      matches: false,
      level: 0,
      via: null,
      findings: [finding("ID_REGEX_INVALID", { message: e.message, log: e.message })],
    };
  }
  const proof = certificateHasIdentity(cert, id, popts);
  const findings: Finding[] = [];
  const wild = identityContainsWildcards(id);
  if (id.type === T.ID_ANY)
    findings.push(
      finding("ID_ANY_MATCHES_ALL", {
        message: `'${idText}' is %any: it matches every certificate, this one included`,
      }),
    );
  else if (wild && !id.regex && (id.type === T.ID_FQDN || id.type === T.ID_RFC822_ADDR)) {
    const e = id.encoding;
    if (e[0] === 0x2a && e.length > 1 && e[1] !== 0x2e && e[1] !== 0x40)
      findings.push(
        finding("WILDCARD_NO_DOT_BOUNDARY", {
          message: `'${id.printed}' matches every name ending in '${text(id).slice(1)}', e.g. 'bad${text(id).slice(1)}'`,
          fix: `write '*.${text(id).slice(1).replace(/^\./, "")}' to match only names below it`,
        }),
      );
  }
  if (proof.level === 0) {
    // the log line charon prints, needed only to explain a miss
    const log =
      wild && id.type !== T.ID_ANY
        ? constraintLog(id, subjectIdentity(cert, popts))
        : noTrustedKeyLog(cert, id);
    const near = nearMisses({ cert, id, input: idText, opts: popts, log });
    if (near.length) findings.push(...near);
    else
      findings.push(
        finding("ID_NOT_IN_CERT", {
          message: `the certificate does not prove the ${id.typeName} '${id.printed}'${rejectedByX509Plugin(cert, opts.strongswan) ? " (of its SANs only those the openssl plugin reads count)" : ""}`,
          log,
          fix: `configure one of ${proves(cert, popts)}, or reissue: ${reissueFix(cert, sanOpts(id) ? [sanOpts(id)!] : [], [], opts.strongswan)}`,
        }),
      );
  }
  if (opts.client) findings.push(...clientFindings(cert, id, idText, opts.client, proof, popts));
  return {
    input: idText,
    type: id.typeName,
    printed: id.printed,
    matches: proof.level > 0,
    level: proof.level,
    via: proof.via,
    findings,
  };
}

/** Findings about the certificate itself that matter for every id (once per certificate). */
export function certificateIdentityFindings(cert: Certificate, opts: IdentityOptions = {}): Finding[] {
  return cert.sans
    .filter((s) => !sanSupportedByX509Plugin(s, opts.strongswan))
    .map((s) =>
      finding("SAN_UNSUPPORTED_KIND", {
        message: `the SAN ${s.kind} ${s.value} cannot be represented by the x509 plugin${opts.strongswan ? ` of strongSwan ${rulesFor(opts.strongswan).release.text}` : ""}: it refuses the whole certificate; the openssl plugin (loaded by Debian's default) reads it and skips that name`,
      }),
    );
}
