/**
 * What changes between strongSwan releases, as named behaviours. Each behaviour carries the upstream
 * release it arrived in (`since`, found with `git tag --contains` on strongSwan's history) and the
 * distribution builds that backport it. A release string is resolved once, at the edge, into a
 * `Rules` value; checks read `rules.someBehaviour`, never a version.
 */
import {
  compareDebianRevision,
  compareRelease,
  NEWEST_RELEASE,
  OLDEST_RELEASE,
  type ParsedRelease,
  parseRelease,
  VERIFIED_RELEASES,
} from "./release.js";

export interface Backport {
  /** the first package version that carries it (`5.9.8-5+deb12u4`) */
  package: string;
  /** why: the advisory or patch */
  note: string;
}

export interface BehaviourSpec {
  /** the upstream release it arrived in */
  since: string;
  /** distribution builds of older releases that carry it */
  backports?: readonly Backport[];
  /** one line: what charon does from then on */
  summary: string;
  /** where in strongSwan it is decided */
  source: string;
}

export const BEHAVIOURS = {
  snIsSurname: {
    since: "5.9.2",
    summary:
      "`SN` names the surname (2.5.4.4) and `serialNumber` the serial number; before, `S` was the surname and `SN` the serial number",
    source: "src/libstrongswan/utils/identification.c x501rdns; src/libstrongswan/asn1/oid.txt",
  },
  dnValidatedFromData: {
    since: "5.9.2",
    summary: "binary ids are DNs only when they parse as a well-formed DN",
    source: "src/libstrongswan/utils/identification.c identification_create_from_data",
  },
  uriIdPrefix: {
    since: "5.9.12",
    summary: "the `uri:` id prefix",
    source: "src/libstrongswan/utils/identification.c",
  },
  subnetSansInX509: {
    since: "5.9.12",
    summary: "the x509 plugin accepts iPAddress SANs that hold a subnet",
    source: "src/libstrongswan/plugins/x509/x509_cert.c parse_generalName",
  },
  rangeMatchesRange: {
    since: "5.9.14",
    summary: "subnet and range ids match subnet and range patterns",
    source: "src/libstrongswan/utils/identification.c matches_range",
  },
  typedConstraintLog: {
    since: "5.9.14",
    summary: "`constraint check failed: identity ... required` names the id types",
    source: "src/libstrongswan/credentials/auth_cfg.c complies",
  },
  defaultIdFromCertSubject: {
    since: "6.0.0",
    summary: "an unset IKE id defaults to the certificate's subject DN rather than the IP address",
    source: "src/libcharon/sa/ikev2/tasks/ike_auth.c",
  },
  regexIds: {
    since: "6.0.2",
    summary: "swanctl ids of the form `fqdn:^...$` are regular expressions",
    source: "src/libstrongswan/utils/identification.c identification_create_from_string_with_regex",
  },
  organizationIdentifierName: {
    since: "6.0.5",
    summary:
      "organizationIdentifier (2.5.4.97) has a name: parsed in ids and printed by name instead of `55:04:61`",
    source: "src/libstrongswan/asn1/oid.txt; src/libstrongswan/utils/identification.c x501rdns",
  },
} as const satisfies Record<string, BehaviourSpec>;

export type BehaviourName = keyof typeof BEHAVIOURS;

export interface ResolvedRelease {
  /** the release as given (`5.9.8-5+deb12u6`), or the default */
  text: string;
  /** its upstream version (`5.9.8`) */
  upstream: string;
  /** the package version when a distribution revision was given */
  package?: string;
  /** the newest release at or before it that changed a rule: whose behaviour it gets */
  basis: string;
  /** whether this upstream release was checked against the real binaries */
  verified: boolean;
  /** said when the release lies outside what was verified or covered */
  note?: string;
}

export type Rules = { readonly [K in BehaviourName]: boolean } & { readonly release: ResolvedRelease };

/** A release string, already resolved rules, or nothing (the newest covered release). */
export type ReleaseLike = string | Rules | undefined;

function backported(spec: BehaviourSpec, r: ParsedRelease): Backport | undefined {
  if (!r.revision || !spec.backports) return undefined;
  for (const b of spec.backports) {
    const p = parseRelease(b.package);
    if (!p?.revision || p.upstream !== r.upstream) continue;
    if (compareDebianRevision(r.revision, p.revision) >= 0) return b;
  }
  return undefined;
}

function resolve(text: string, r: ParsedRelease): Rules {
  const flags: Record<string, boolean> = {};
  let basis = OLDEST_RELEASE;
  for (const [name, spec] of Object.entries(BEHAVIOURS) as [BehaviourName, BehaviourSpec][]) {
    const on = compareRelease(r.upstream, spec.since) >= 0;
    flags[name] = on || backported(spec, r) !== undefined;
    if (on && compareRelease(spec.since, basis) > 0) basis = spec.since;
  }
  const release: ResolvedRelease = {
    text,
    upstream: r.upstream,
    basis,
    verified: VERIFIED_RELEASES.includes(r.upstream),
  };
  if (r.package) release.package = r.package;
  if (compareRelease(r.upstream, OLDEST_RELEASE) < 0)
    release.note = `${r.upstream} is older than the rules cover (${OLDEST_RELEASE} to ${NEWEST_RELEASE}); the ${OLDEST_RELEASE} rules were applied`;
  else if (compareRelease(r.upstream, NEWEST_RELEASE) > 0)
    release.note = `${r.upstream} is newer than the rules cover (up to ${NEWEST_RELEASE}); the ${NEWEST_RELEASE} rules were applied`;
  else if (!release.verified)
    release.note = `${r.upstream} ${basis === r.upstream ? "has rules" : `has the rules of ${basis}`} modelled from strongSwan's source (checked against the binaries: ${VERIFIED_RELEASES.join(", ")})`;
  return Object.freeze({ ...flags, release: Object.freeze(release) }) as Rules;
}

const CACHE = new Map<string, Rules>();

/**
 * The rules of a release: `5.9.8`, `6.0`, `5.9.8-5+deb12u6` (a Debian build with its backports),
 * or nothing for the newest covered release. Throws on a string that is not a release; callers at
 * the edge check with `isValidRelease` first.
 */
export function rulesFor(release?: ReleaseLike): Rules {
  if (release !== undefined && typeof release !== "string") return release;
  const text = release ?? NEWEST_RELEASE;
  let rules = CACHE.get(text);
  if (rules) return rules;
  const parsed = parseRelease(text);
  if (!parsed) throw new TypeError(`not a strongSwan release: ${JSON.stringify(text)}`);
  rules = resolve(text, parsed);
  if (CACHE.size < 256) CACHE.set(text, rules);
  return rules;
}

/** The behaviours a release has and lacks, with how it got each (for --help, docs and JSON). */
export function describeRules(
  release?: ReleaseLike,
): { name: BehaviourName; on: boolean; since: string; via?: string; summary: string }[] {
  const rules = rulesFor(release);
  const parsed = parseRelease(rules.release.text);
  return (Object.entries(BEHAVIOURS) as [BehaviourName, BehaviourSpec][]).map(([name, spec]) => {
    const bp = parsed ? backported(spec, parsed) : undefined;
    const upstreamOn = compareRelease(rules.release.upstream, spec.since) >= 0;
    return {
      name,
      on: rules[name],
      since: spec.since,
      ...(!upstreamOn && bp ? { via: `${bp.package}: ${bp.note}` } : {}),
      summary: spec.summary,
    };
  });
}
