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

/** A distribution package that carries a behaviour before its upstream release. */
export interface Backport {
  /** the first package version that carries it (`5.9.8-5+deb12u4`) */
  package: string;
  /** why: the advisory or patch */
  note: string;
}

/** One release-dependent behaviour: when it arrived, where it was backported, what it does, where strongSwan decides it. */
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

/** Every release-dependent rule: the release it arrived in and the distribution builds that carry it. */
export const BEHAVIOURS = {
  snIsSurname: {
    since: "5.9.2",
    summary:
      "`SN` names the surname (2.5.4.4) and `serialNumber` the serial number; before, `S` was the surname and `SN` the serial number",
    source: "src/libstrongswan/utils/identification.c x501rdns; src/libstrongswan/asn1/oid.txt",
  },
  includesRegularFilesOnly: {
    since: "5.9.1",
    summary:
      "swanctl.conf, strongswan.conf and ipsec.conf `include`s skip what is not a regular file (a FIFO still blocks: it is opened first); before, a device was read as a file",
    source: "src/libstrongswan/utils/parser_helper.c file_next (commit a59842eb95)",
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
  keyExchangeMethodLog: {
    since: "6.0.0",
    summary:
      "log lines name a `key exchange method` where 5.9 named a `DH group` (`configured DH group %N not supported`)",
    source: "src/libcharon/sa/ikev2/tasks/ike_init.c",
  },
  familyFragmentSize: {
    since: "6.0.0",
    summary:
      "`charon.fragment_size_v4` and `fragment_size_v6` set the IKE fragment size per address family, before `charon.fragment_size`",
    source: "src/libcharon/sa/ike_sa.c determine_fragment_size (commit 84bd011752)",
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
  blissRemoved: {
    since: "6.0.0",
    summary:
      "BLISS is gone: `auth = bliss...` is refused and `pubkey-sha256` no longer allows BLISS signatures",
    source:
      "src/libcharon/plugins/vici/vici_config.c parse_auth; src/libstrongswan/credentials/auth_cfg.c (commit 4833f29b15)",
  },
  eapIdentityAlwaysRequested: {
    since: "6.0.2",
    summary:
      "a configured `eap_id` always starts an EAP-Identity exchange, and an EAP identity that does not match moves the responder to another connection",
    source: "src/libcharon/sa/ikev2/authenticators/eap_authenticator.c, tasks/ike_auth.c (commit 2f2e4abe3c)",
  },
  crlSignerNeedsCrlSign: {
    since: "5.9.11",
    summary:
      "a CRL verifies only with a certificate whose keyUsage has cRLSign (a CA without keyUsage counts); before, the CA flag alone was enough",
    source:
      "src/libstrongswan/plugins/x509/x509_crl.c issued_by, x509_cert.c parse_certificate; openssl_crl.c, openssl_x509.c (commits 7d1f221211, 7414c06669, 01ec54afc9, d12a4f5d23)",
  },
  opensslNameConstraints: {
    since: "5.9.12",
    summary:
      "the openssl plugin reads nameConstraints, so its certificates are constrained too; before, it refused a critical nameConstraints extension and ignored a non-critical one",
    source:
      "src/libstrongswan/plugins/openssl/openssl_x509.c parse_extensions (commits f781b9d326, 1c3096fe50)",
  },
  aeadDefaultIcvKeywords: {
    since: "5.9.2",
    summary: "`aes128gcm`, `aes256ccm` (no ICV length) are proposal keywords for the 16-byte ICV",
    source: "src/libstrongswan/crypto/proposal/proposal_keywords_static.txt (commit 8b2b5a647b)",
  },
  espDefaultAeadEsn: {
    since: "5.9.6",
    summary: "the default AES-GCM ESP proposal carries a NO_EXT_SEQ transform",
    source: "src/libstrongswan/crypto/proposal/proposal.c proposal_create_default_aead (commit 956b25a4cc)",
  },
  keyExchangeNames: {
    since: "5.9.7",
    summary:
      "logs name transform type 4 KEY_EXCHANGE_METHOD and group 0 KE_NONE (before DIFFIE_HELLMAN_GROUP, MODP_NONE)",
    source: "src/libstrongswan/crypto/transform.c, key_exchange.c (commits 3af7c6db87, b7c167f972)",
  },
  additionalKeyExchanges: {
    since: "6.0.0",
    summary:
      "`ke1_`..`ke7_` proposal words (RFC 9370), IKE_INTERMEDIATE exchanges, every key exchange transform optional in ESP/AH, no method selected twice",
    source:
      "src/libstrongswan/crypto/key_exchange.c additional_key_exchange_parser; proposal.c select_algo (commits 0d49ddec2e, 9cc5f4a511, 012d99ecf4)",
  },
  mlKemKeywords: {
    since: "6.0.0",
    summary:
      "`mlkem512/768/1024` and `gost256/512` are key exchange keywords; `ntru*` and `newhope128` are gone",
    source:
      "src/libstrongswan/crypto/proposal/proposal_keywords_static.txt (commits 47de9ef9a1, 1265d78cac, 8e3a373e18)",
  },
  espDefaultKeywordAeadFirst: {
    since: "6.0.0",
    summary:
      "`esp_proposals = default` lists the AEAD default proposal first, as an unset esp_proposals does",
    source: "src/libcharon/plugins/vici/vici_config.c add_default_proposals (commit 8e020bc9e3)",
  },
  longProposalStrings: {
    since: "6.0.0",
    summary: "vici takes proposal strings of up to 2047 characters (before: cut at 511)",
    source: "src/libcharon/plugins/vici/vici_config.c MAX_PROPOSAL_LEN (commit d4fb07911f)",
  },
  espDefaultKeMethods: {
    since: "6.0.2",
    summary:
      "the default ESP/AH proposals list every supported key exchange method as optional (with KE_NONE)",
    source: "src/libstrongswan/crypto/proposal/proposal.c proposal_create_default (commit 9fe58c83fb)",
  },
  ipNameConstraints: {
    since: "5.9.12",
    summary:
      "iPAddress name constraints are parsed (address and mask) and matched against iPAddress SANs; before, the x509 plugin refused a CA that had one",
    source:
      "src/libstrongswan/plugins/constraints/constraints_validator.c (commit 1589f2d9ae); plugins/x509/x509_cert.c parse_generalName (ede96fe3db)",
  },
  rfc5280NameConstraints: {
    since: "5.9.14",
    summary:
      "name constraints are collected top-down from the root and narrowed as RFC 5280 says (one matching permitted subtree is enough, sub-CAs need not repeat them); before, each CA's constraints were applied to the certificate below it only, every permitted subtree of a type had to match, and a sub-CA had to repeat them",
    source: "src/libstrongswan/plugins/constraints/constraints_validator.c (commit b29be6029e)",
  },
  rootPoliciesOptional: {
    since: "6.0.1",
    summary:
      "a self-signed root without certificatePolicies is left out when the end entity's policies are checked against the chain; before, such a root made every policy 'not allowed by trustchain'",
    source:
      "src/libstrongswan/plugins/constraints/constraints_validator.c check_policy_constraints (commit 95dbd5c858)",
  },
  caseInsensitiveNameConstraints: {
    since: "6.0.6",
    backports: [{ package: "5.9.8-5+deb12u4", note: "Debian's fix for CVE-2026-35331" }],
    summary: "dNSName and rfc822Name constraints compare case-insensitively (CVE-2026-35331)",
    source:
      "src/libstrongswan/plugins/constraints/constraints_validator.c fqdn_matches, email_matches (commit c66143db48)",
  },
  excludedDnConstraintRejected: {
    since: "6.0.6",
    backports: [{ package: "5.9.8-5+deb12u4", note: "Debian's fix for CVE-2026-35331" }],
    summary:
      "an excluded directoryName name constraint is not supported: every certificate below such a CA fails (CVE-2026-35331)",
    source:
      "src/libstrongswan/plugins/constraints/constraints_validator.c collect_constraints (commit 64130ede5c)",
  },
} as const satisfies Record<string, BehaviourSpec>;

/** The name of a release-dependent rule. */
export type BehaviourName = keyof typeof BEHAVIOURS;

/** A release string resolved: version and distribution patch level. */
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

/** The release-dependent rules in force for one release (see `BEHAVIOURS`). */
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
