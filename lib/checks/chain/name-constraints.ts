/**
 * Name constraints as strongSwan's constraints plugin applies them
 * (src/libstrongswan/plugins/constraints/constraints_validator.c), in its two generations:
 *
 * - up to 5.9.13 (`nameConstraintsStep`): at every step of the chain the issuer's constraints are
 *   applied to the certificate below it. Every permitted subtree must match every name of its type
 *   (so two permitted subtrees of one type exclude each other), and a sub-CA must repeat each
 *   constraint of its issuer (equal or narrower), else "does not inherit".
 * - from 5.9.14 (`nameConstraintsPath`, RFC 5280 6.1): once the chain reaches the trusted root, the
 *   constraints are collected from the root down, narrowed level by level, and every certificate
 *   below a constraining CA is checked against the set in force; one matching permitted subtree is
 *   enough and sub-CAs may add their own or none.
 *
 * The names of a certificate are its subject DN (for directoryName constraints) and every SAN the
 * x509 plugin parsed. A certificate the x509 plugin could not parse (then read by the openssl
 * plugin) has no constraints at all: `ownConstraints` returns null for it.
 */
import { bytesEqual } from "../../bytes.js";
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { effectiveSans } from "../../identity/certificate.js";
import { printEncoding } from "../../identity/print.js";
import { idTypeName } from "../../identity/types.js";
import { certConstraints, type NameConstraint } from "../../input/ext-constraints.js";
import type { Rules } from "../../rules.js";
import { nameConstraintsRead } from "./constraint-load.js";
import { dnMatches, emailMatches, fqdnMatches, ipMatches, matchOne, T } from "./nc-match.js";
import type { ChainCertificate } from "./types.js";

interface Name {
  type: number;
  encoding: Uint8Array;
  isSubject: boolean;
}

export interface NameConstraintOutcome {
  /** the failure, or null */
  error: Finding | null;
  /** lines charon logs without failing (constraints it skips or cannot match) */
  notes: Finding[];
  /** the certificate charon blames (CRED_HOOK_POLICY_VIOLATION), when it fails */
  violator: ChainCertificate | null;
}

const fileOpt = (c: ChainCertificate) => (c.source?.file ? { file: c.source.file } : {});
const typeOf = (n: NameConstraint) => (n.idType ? T[n.idType] : -1);
const printed = (type: number, enc: Uint8Array, rules: Rules) => printEncoding(type, enc, { release: rules });
const isCa = (c: ChainCertificate) => c.basicConstraints?.ca === true;

const namesCache = new WeakMap<ChainCertificate, { rules: Rules; names: Name[] }>();

/** The SANs charon has of a certificate, as names (cached: asked once per constraint). */
function namesOf(cert: ChainCertificate, rules: Rules): Name[] {
  const hit = namesCache.get(cert);
  if (hit?.rules === rules) return hit.names;
  const names: Name[] = [];
  for (const s of effectiveSans(cert, rules))
    if (s.idType) names.push({ type: T[s.idType], encoding: s.encoding, isSubject: false });
  namesCache.set(cert, { rules, names });
  return names;
}

/** The certificate's own constraints as the x509 plugin parsed them, or null (openssl plugin). */
export function ownConstraints(
  cert: ChainCertificate,
  rules: Rules,
): { permitted: NameConstraint[]; excluded: NameConstraint[] } | null {
  if (!nameConstraintsRead(cert, rules)) return null;
  return certConstraints(cert).nameConstraints;
}

function describeName(n: Name, rules: Rules): string {
  return n.isSubject ? "its subject" : `its SAN '${printed(n.type, n.encoding, rules)}'`;
}

// ------------------------------------------------------------------------------------------------
// Up to 5.9.13: the issuer's constraints on the certificate below it

function typeMatchesLegacy(constraint: number, id: number, rules: Rules): boolean {
  if (!rules.ipNameConstraints) return constraint === id;
  if (constraint === T.ID_IPV4_ADDR_SUBNET) return id === T.ID_IPV4_ADDR;
  if (constraint === T.ID_IPV6_ADDR_SUBNET) return id === T.ID_IPV6_ADDR;
  return constraint === id && (id === T.ID_FQDN || id === T.ID_RFC822_ADDR || id === T.ID_DER_ASN1_DN);
}

function notImplemented(type: number, notes: string[]): false {
  notes.push(`${idTypeName(type)} NameConstraint matching not implemented`);
  return false;
}

/** name_constraint_matches (5.9.8): the names of `cert` against one constraint. */
function legacyMatches(
  c: NameConstraint,
  cert: ChainCertificate,
  permitted: boolean,
  rules: Rules,
  lines: string[],
): { matches: boolean; name: Name | null } {
  const type = typeOf(c);
  if (!permitted && type === T.ID_DER_ASN1_DN && rules.excludedDnConstraintRejected) {
    lines.push("excluded ID_DER_ASN1_DN NameConstraint not supported");
    return { matches: true, name: null };
  }
  let matches = permitted;
  if (type === T.ID_DER_ASN1_DN) {
    matches = dnMatches(c.encoding, cert.subject.der);
    if (matches !== permitted)
      return { matches, name: { type, encoding: cert.subject.der, isSubject: true } };
  }
  for (const n of namesOf(cert, rules)) {
    if (typeMatchesLegacy(type, n.type, rules)) {
      if (type === T.ID_FQDN || type === T.ID_RFC822_ADDR || type === T.ID_DER_ASN1_DN)
        matches = matchOne(type, c.encoding, n.type, n.encoding, rules);
      else if (rules.ipNameConstraints && (type === T.ID_IPV4_ADDR_SUBNET || type === T.ID_IPV6_ADDR_SUBNET))
        matches = ipMatches(n.type, n.encoding, type, c.encoding, rules);
      else matches = notImplemented(type, lines);
    }
    if (matches !== permitted) return { matches, name: n };
  }
  return { matches, name: null };
}

/** name_constraint_inherited (5.9.8): a sub-CA must carry each constraint, equal or narrower. */
function legacyInherited(
  c: NameConstraint,
  subject: ChainCertificate,
  permitted: boolean,
  rules: Rules,
  lines: string[],
): boolean {
  if (!isCa(subject)) return true;
  const own = ownConstraints(subject, rules);
  const type = typeOf(c);
  for (const id of own ? (permitted ? own.permitted : own.excluded) : []) {
    if (typeOf(id) !== type) continue;
    const [a, b] = permitted ? [c, id] : [id, c];
    let inherited: boolean;
    if (type === T.ID_FQDN) inherited = fqdnMatches(a.encoding, b.encoding, rules);
    else if (type === T.ID_RFC822_ADDR) inherited = emailMatches(a.encoding, b.encoding, rules);
    else if (type === T.ID_DER_ASN1_DN) inherited = dnMatches(a.encoding, b.encoding);
    else inherited = notImplemented(type, lines);
    if (inherited) return true;
  }
  return false;
}

/** check_name_constraints of 5.9.8 .. 5.9.13: `issuer`'s constraints on `subject`. */
export function nameConstraintsStep(
  subject: ChainCertificate,
  issuer: ChainCertificate,
  rules: Rules,
): NameConstraintOutcome {
  const out: NameConstraintOutcome = { error: null, notes: [], violator: null };
  const nc = ownConstraints(issuer, rules);
  if (!nc) return out;
  const fail = (code: string, lines: string[], message: string) => {
    out.error = finding(code, { message, log: lines.join("\n"), ...fileOpt(subject) });
    out.violator = subject;
    return out;
  };
  for (const [permitted, list] of [
    [true, nc.permitted],
    [false, nc.excluded],
  ] as const) {
    for (const c of list) {
      const lines: string[] = [];
      const m = legacyMatches(c, subject, permitted, rules, lines);
      const matchFails = permitted ? !m.matches : m.matches;
      const inherited = matchFails || legacyInherited(c, subject, permitted, rules, lines);
      if (!matchFails && inherited && lines.length === 0) continue;
      // a failure or a note: the names are printed only now
      const subj = subject.subject.printed;
      const shown = c.idType ? printed(typeOf(c), c.encoding, rules) : c.kind;
      const where = m.name ? ` (${describeName(m.name, rules)})` : "";
      if (permitted && !m.matches) {
        lines.push(`certificate '${subj}' does not match permitted name constraint '${shown}'`);
        return fail(
          "CHAIN_NAME_NOT_PERMITTED",
          lines,
          `"${subj}"${where} lies outside the permitted name constraint '${shown}' of "${issuer.subject.printed}"${lines.length > 1 ? ` (strongSwan cannot match a ${c.kind} constraint against such a name at all)` : ""}`,
        );
      }
      if (!permitted && m.matches) {
        lines.push(`certificate '${subj}' matches excluded name constraint '${shown}'`);
        return fail(
          "CHAIN_NAME_EXCLUDED",
          lines,
          m.name
            ? `"${subj}"${where} falls under the excluded name constraint '${shown}' of "${issuer.subject.printed}"`
            : `"${issuer.subject.printed}" excludes the directoryName '${shown}'; this strongSwan build cannot enforce excluded directoryName constraints (CVE-2026-35331) and so rejects every certificate below that CA`,
        );
      }
      if (!inherited) {
        const kind = permitted ? "permitted" : "excluded";
        lines.push(`intermediate CA '${subj}' does not inherit ${kind} name constraint '${shown}'`);
        return fail(
          "CHAIN_NAME_CONSTRAINT_NOT_INHERITED",
          lines,
          `the sub-CA "${subj}" does not repeat the ${kind} name constraint '${shown}' of "${issuer.subject.printed}" (${permitted ? "the same or a narrower subtree" : "the same or a wider subtree"}); strongSwan before 5.9.14 requires that`,
        );
      }
      if (lines.length > 0)
        out.notes.push(
          finding("CHAIN_NAME_CONSTRAINT_IGNORED", {
            message: `the ${permitted ? "permitted" : "excluded"} ${c.kind} constraint '${shown}' of "${issuer.subject.printed}" cannot be matched by strongSwan and is not enforced for "${subj}"`,
            log: lines.join("\n"),
            ...fileOpt(issuer),
          }),
        );
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// From 5.9.14: RFC 5280 top-down processing at the trust anchor

type ConstraintSet = Map<number, NameConstraint[]>;

const COLLECTABLE = new Set<number>([
  T.ID_FQDN,
  T.ID_RFC822_ADDR,
  T.ID_DER_ASN1_DN,
  T.ID_IPV4_ADDR_SUBNET,
  T.ID_IPV6_ADDR_SUBNET,
]);

/** collect_constraints: the constraints of one kind by type; null with the log line when unsupported. */
function collect(list: NameConstraint[], permitted: boolean, rules: Rules): ConstraintSet | string {
  const out: ConstraintSet = new Map();
  for (const c of list) {
    const type = typeOf(c);
    if (type === T.ID_DER_ASN1_DN && !permitted && rules.excludedDnConstraintRejected)
      return "excluded ID_DER_ASN1_DN NameConstraint not supported";
    if (!COLLECTABLE.has(type)) return `${idTypeName(type)} NameConstraint not supported`;
    const l = out.get(type);
    if (l) l.push(c);
    else out.set(type, [c]);
  }
  return out;
}

/** name_constraint_matches (5.9.14): is `next` equal to or narrower (permitted) / wider (excluded)? */
function narrows(existing: NameConstraint, next: NameConstraint, permitted: boolean, rules: Rules): boolean {
  const [a, b] = permitted ? [existing, next] : [next, existing];
  const type = typeOf(existing);
  if (type === T.ID_IPV4_ADDR_SUBNET || type === T.ID_IPV6_ADDR_SUBNET)
    return ipMatches(typeOf(b), b.encoding, typeOf(a), a.encoding, rules);
  return matchOne(type, a.encoding, type, b.encoding, rules);
}

function merge(
  cert: ChainCertificate,
  existing: NameConstraint[],
  next: NameConstraint[],
  permitted: boolean,
  rules: Rules,
  notes: Finding[],
): void {
  if (permitted) {
    const kept: NameConstraint[] = [];
    let rest = [...next];
    for (const c of existing) {
      kept.push(...rest.filter((n) => narrows(c, n, true, rules)));
      rest = rest.filter((n) => !kept.includes(n));
    }
    existing.splice(0, existing.length, ...kept);
    for (const n of rest) {
      const shown = printed(typeOf(n), n.encoding, rules);
      notes.push(
        finding("CHAIN_NAME_CONSTRAINT_WIDENED", {
          message: `"${cert.subject.printed}" permits '${shown}', which its issuers do not permit; strongSwan ignores that subtree${existing.length === 0 ? ` and, as none of this CA's ${idTypeName(typeOf(n))} subtrees lies inside its issuers' ones, no name of that type is permitted below it` : ""}`,
          log: `ignoring name constraint '${shown}' in certificate '${cert.subject.printed}' that's not permitted by parent CAs`,
          ...fileOpt(cert),
        }),
      );
    }
    return;
  }
  for (const c of [...existing])
    if (next.some((n) => narrows(c, n, false, rules))) existing.splice(existing.indexOf(c), 1);
  existing.push(...next);
}

/** update_name_constraints: add a CA's constraints to the set in force; a string is the failure. */
function update(
  cert: ChainCertificate,
  set: { permitted: ConstraintSet | null; excluded: ConstraintSet | null },
  permitted: boolean,
  rules: Rules,
  notes: Finding[],
): string | null {
  if (!isCa(cert)) return null;
  const own = ownConstraints(cert, rules);
  const collected = collect(own ? (permitted ? own.permitted : own.excluded) : [], permitted, rules);
  if (typeof collected === "string") return collected;
  if (collected.size === 0) return null;
  const key = permitted ? "permitted" : "excluded";
  const existing = set[key];
  if (!existing) {
    set[key] = collected;
    return null;
  }
  for (const [type, list] of collected) {
    const ex = existing.get(type);
    if (ex) merge(cert, ex, list, permitted, rules, notes);
    else existing.set(type, list);
  }
  return null;
}

/** id_matches_constraints: one name against the constraints of its type; the log line on failure. */
function nameAgainst(
  cert: ChainCertificate,
  n: Name,
  list: NameConstraint[],
  permitted: boolean,
  rules: Rules,
): { matches: boolean; log: string | null; constraint: NameConstraint | null } {
  const isSubject = n.isSubject || (n.type === T.ID_DER_ASN1_DN && bytesEqual(n.encoding, cert.subject.der));
  const shown = () => printed(n.type, n.encoding, rules);
  for (const c of list) {
    const matches =
      n.type === T.ID_IPV4_ADDR || n.type === T.ID_IPV6_ADDR
        ? ipMatches(n.type, n.encoding, typeOf(c), c.encoding, rules)
        : matchOne(n.type, c.encoding, n.type, n.encoding, rules);
    if (!matches) continue;
    if (permitted) return { matches, log: null, constraint: c };
    const subj = cert.subject.printed;
    const cs = printed(typeOf(c), c.encoding, rules);
    return {
      matches,
      constraint: c,
      log: isSubject
        ? `subject of certificate '${subj}' matches excluded name constraint '${cs}'`
        : `subject alternative name '${shown()}' of certificate '${subj}' matches excluded name constraint '${cs}'`,
    };
  }
  if (!permitted) return { matches: false, log: null, constraint: null };
  const subj = cert.subject.printed;
  return {
    matches: false,
    constraint: null,
    log: isSubject
      ? `subject of certificate '${subj}' does not match any permitted name constraints`
      : `subject alternative name '${shown()}' of certificate '${subj}' does not match any permitted name constraints`,
  };
}

const constraintTypeOf = (t: number) =>
  t === T.ID_IPV4_ADDR ? T.ID_IPV4_ADDR_SUBNET : t === T.ID_IPV6_ADDR ? T.ID_IPV6_ADDR_SUBNET : t;

/** cert_matches_constraints: the first name that decides, or null when the set lets it pass. */
function certAgainst(
  cert: ChainCertificate,
  set: ConstraintSet,
  permitted: boolean,
  rules: Rules,
): { name: Name; log: string; constraint: NameConstraint | null } | null {
  const names: Name[] = [];
  if (set.has(T.ID_DER_ASN1_DN))
    names.push({ type: T.ID_DER_ASN1_DN, encoding: cert.subject.der, isSubject: true });
  names.push(...namesOf(cert, rules));
  for (const n of names) {
    const list = set.get(constraintTypeOf(n.type));
    if (!list) continue;
    const r = nameAgainst(cert, n, list, permitted, rules);
    if (r.matches !== permitted) return { name: n, log: r.log!, constraint: r.constraint };
  }
  return null;
}

function constraintSummary(set: ConstraintSet, type: number, rules: Rules): string {
  const list = set.get(type) ?? [];
  return list.length ? list.map((c) => `'${printed(type, c.encoding, rules)}'`).join(", ") : "none";
}

/**
 * check_name_constraints of 5.9.14 and later, run when the chain reaches its trusted root: `path`
 * is the chain from the end entity up to the anchor.
 */
export function nameConstraintsPath(path: ChainCertificate[], rules: Rules): NameConstraintOutcome {
  const out: NameConstraintOutcome = { error: null, notes: [], violator: null };
  const set: { permitted: ConstraintSet | null; excluded: ConstraintSet | null } = {
    permitted: null,
    excluded: null,
  };
  const topDown = [...path].reverse();
  for (const [len, cert] of topDown.entries()) {
    if (len > 0) {
      const bad =
        (set.permitted && certAgainst(cert, set.permitted, true, rules)) ||
        (set.excluded && certAgainst(cert, set.excluded, false, rules));
      if (bad) {
        const subj = cert.subject.printed;
        const permittedFail = !!set.permitted && !bad.constraint;
        const what = describeName(bad.name, rules);
        const type = constraintTypeOf(bad.name.type);
        out.error = finding(permittedFail ? "CHAIN_NAME_NOT_PERMITTED" : "CHAIN_NAME_EXCLUDED", {
          message: permittedFail
            ? `"${subj}": ${what} lies outside the permitted ${idTypeName(type)} subtrees in force (${constraintSummary(set.permitted!, type, rules)})`
            : `"${subj}": ${what} falls under the excluded subtree '${printed(type, bad.constraint!.encoding, rules)}'`,
          log: bad.log,
          ...fileOpt(cert),
        });
        out.violator = cert;
        return out;
      }
    }
    for (const permitted of [true, false]) {
      const why = update(cert, set, permitted, rules, out.notes);
      if (why) {
        const subj = cert.subject.printed;
        out.error = finding("CHAIN_NAME_CONSTRAINT_UNSUPPORTED", {
          message: `"${subj}" has a${permitted ? " permitted" : "n excluded"} name constraint of a type strongSwan cannot enforce, so every certificate below it fails${why.startsWith("excluded ID_DER") ? " (excluded directoryName constraints are refused since 6.0.6, CVE-2026-35331)" : ""}`,
          log: why,
          ...fileOpt(cert),
        });
        out.violator = cert;
        return out;
      }
    }
  }
  return out;
}

/** Whether any certificate of the path brings name constraints (the fast path skips the rest). */
export function pathHasNameConstraints(path: ChainCertificate[]): boolean {
  return path.some((c) => c.extensions.some((e) => e.oid === "2.5.29.30"));
}
