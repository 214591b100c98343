/**
 * Log lines of strongSwan's constraints plugin (constraints_validator.c: name constraints and
 * certificate policies) and of auth_cfg.c complies for `cert_policy`. A chain refused here ends,
 * for the peer, in "no trusted ... public key found" (FAQ no-trusted-public-key).
 */
import { identity, type Rule, sh } from "./rule.js";

const CHAIN_NEXT = "ikecert chain <peer-cert.pem> --ca /etc/swanctl/x509ca/ --strongswan <release>";
const NC = "no-trusted-public-key";

export const CONSTRAINT_RULES: Rule[] = [
  {
    id: "name-constraint-permitted",
    faq: NC,
    kind: "failure",
    re: /^(?:certificate '(.*)' does not match permitted name constraint '(.*)'|(?:subject|subject alternative name '(.*)') of certificate '(.*)' does not match any permitted name constraints)$/,
    explain: (m) => {
      const cert = m[1] ?? m[4]!;
      const constraint = m[2];
      return {
        meaning: `a CA of the chain restricts the names of the certificates below it (nameConstraints, permitted subtrees)${constraint ? ` to '${constraint}'` : ""}, and ${m[3] ? `the SAN '${m[3]}' of ` : ""}"${cert}" lies outside: charon refuses the whole chain`,
        causes: [
          "a SAN or the subject DN of the certificate is not inside the CA's permitted subtrees (dNSName 'example.com' permits 'vpn.example.com', not 'vpn.example.org' nor 'badexample.com')",
          "before 5.9.14 every permitted subtree of a type must match each name of that type: a CA permitting both 'example.com' and 'example.org' accepts no certificate with a DNS name",
          "before 6.0.6 (and Debian's 5.9.8-5+deb12u4) dNSName and rfc822Name constraints compare case-sensitively; directoryName constraints always do",
          "the constraint is of a type strongSwan cannot match (URI, a single IP address), which it counts as no match",
        ],
        next: [CHAIN_NEXT, `ikecert inspect ${sh("<ca-cert.pem>")}`],
        identities: [identity("certificate", cert)],
      };
    },
  },
  {
    id: "name-constraint-excluded",
    faq: NC,
    kind: "failure",
    re: /^(?:certificate '(.*)' matches excluded name constraint '(.*)'|(?:subject|subject alternative name '(.*)') of certificate '(.*)' matches excluded name constraint '(.*)')$/,
    explain: (m) => {
      const cert = m[1] ?? m[4]!;
      const constraint = m[2] ?? m[5]!;
      return {
        meaning: `a CA of the chain excludes the names under '${constraint}' (nameConstraints, excluded subtrees), and ${m[3] ? `the SAN '${m[3]}' of ` : ""}"${cert}" has one: charon refuses the whole chain`,
        causes: [
          "the certificate was issued for a name the CA is not allowed to certify",
          "with Debian's 5.9.8-5+deb12u4 and later, or strongSwan 6.0.6, an excluded directoryName constraint cannot be enforced and rejects every certificate below that CA (the line then follows 'excluded ID_DER_ASN1_DN NameConstraint not supported')",
        ],
        next: [CHAIN_NEXT],
        identities: [identity("certificate", cert)],
      };
    },
  },
  {
    id: "name-constraint-not-inherited",
    faq: NC,
    kind: "failure",
    re: /^intermediate CA '(.*)' does not inherit (permitted|excluded) name constraint '(.*)'$/,
    explain: (m) => ({
      meaning: `strongSwan before 5.9.14 requires a sub-CA to repeat each ${m[2]} name constraint of its issuer ('${m[3]}'), equal or ${m[2] === "permitted" ? "narrower" : "wider"}; "${m[1]}" does not`,
      causes: [
        "the sub-CA was issued without nameConstraints (RFC 5280 does not require them: constraints of the CA above still apply)",
        "an rfc822Name host constraint ('example.com') is never taken as inherited before 5.9.14, even when repeated verbatim",
        "strongSwan 5.9.14 and later follow RFC 5280 and accept such a chain",
      ],
      next: [CHAIN_NEXT],
      identities: [identity("sub-CA", m[1]!)],
    }),
  },
  {
    id: "name-constraint-unsupported",
    faq: NC,
    kind: "failure",
    re: /^(excluded )?(ID_\w+) NameConstraint (not supported|matching not implemented)$/,
    explain: (m) => ({
      meaning:
        m[3] === "not supported"
          ? `a CA of the chain has a${m[1] ? "n excluded" : ""} name constraint of type ${m[2]}, which strongSwan cannot enforce: it refuses every certificate below that CA`
          : `strongSwan cannot match names against a ${m[2]} name constraint: as a permitted constraint it fails every name of that type, as an excluded one it is not enforced (before 5.9.14)`,
      causes: [
        m[1]
          ? "excluded directoryName constraints are refused since 6.0.6 and Debian's 5.9.8-5+deb12u4 (CVE-2026-35331): case and string type make them impossible to enforce reliably"
          : "only dNSName, rfc822Name, directoryName and iPAddress (5.9.12+) constraints are supported; URI, otherName and single-address iPAddress constraints are not",
      ],
      next: [CHAIN_NEXT, "ikecert inspect <ca-cert.pem>"],
    }),
  },
  {
    id: "name-constraint-widened",
    faq: null,
    kind: "warning",
    re: /^ignoring name constraint '(.*)' in certificate '(.*)' that's not permitted by parent CAs$/,
    explain: (m) => ({
      meaning: `the sub-CA "${m[2]}" permits '${m[1]}', which the CAs above it do not permit; strongSwan keeps only the subtrees inside its issuers' ones`,
      causes: ["the sub-CA's permitted subtrees were not derived from its issuer's"],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "policy-missing",
    faq: NC,
    kind: "failure",
    re: /^policy (\S+) missing in issuing certificate '(.*)'$/,
    explain: (m) => ({
      meaning: `a requireExplicitPolicy is in force, so every policy a certificate lists must also be listed (or mapped, or allowed by anyPolicy) by its issuer "${m[2]}"; ${m[1]} is not`,
      causes: [
        "the issuing CA lists other policies than the certificate below it",
        "strongSwan reads requireExplicitPolicy only in the encoding its own `pki --issue --policy-explicit` writes",
      ],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "policy-mapping-missing",
    faq: NC,
    kind: "failure",
    re: /^certificate '(.*)' maps policy from (\S+), but issuer misses it$/,
    explain: (m) => ({
      meaning: `"${m[1]}" maps the policy ${m[2]} of its issuer, but its issuer does not list that policy (checked while requireExplicitPolicy is in force)`,
      causes: ["the policyMappings of the sub-CA do not fit the policies of the CA above it"],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "policy-inhibited",
    faq: NC,
    kind: "failure",
    re: /^found (policyMapping|anyPolicy) in certificate '(.*)', but (inhibitPolicyMapping|inhibitAnyPolicy) in effect$/,
    explain: (m) => ({
      meaning: `a CA above "${m[2]}" sets ${m[3]}, which forbids ${m[1]} in the certificates that far below it; "${m[2]}" has one`,
      causes: [
        `the CA hierarchy's ${m[3]} SkipCerts value is smaller than the depth at which ${m[1]} is used`,
      ],
      next: [CHAIN_NEXT],
    }),
  },
  {
    id: "policy-not-allowed",
    faq: null,
    kind: "warning",
    re: /^certificate policy (\S+) for '(.*)' not allowed by trustchain, ignored$/,
    explain: (m) => ({
      meaning: `the certificate "${m[2]}" lists the policy ${m[1]}, but not every CA of its chain carries it, so charon does not count it; this matters only when a connection requires it (cert_policy)`,
      causes: [
        "a CA of the chain lists neither the policy nor anyPolicy, nor maps to it",
        "before strongSwan 6.0.1 the root must carry the policy too; most roots list no policies at all",
      ],
      next: [`${CHAIN_NEXT} --policy ${m[1]}`],
    }),
  },
  {
    id: "cert-policy-required",
    faq: "constraint-check-failed",
    kind: "failure",
    re: /^constraint requires cert policy (\S+)$/,
    explain: (m) => ({
      meaning: `the connection requires the certificate policy ${m[1]} (swanctl remote.cert_policy, ipsec.conf rightcertpolicy), and the peer's certificate does not carry it through its chain; charon then rejects the connection ("constraint checking failed")`,
      causes: [
        "the peer's certificate does not list the policy (anyPolicy does not count)",
        "a CA of the chain, or before 6.0.1 the root, does not carry the policy (look for 'not allowed by trustchain' above)",
        "a typo in cert_policy: the OID is compared as text",
      ],
      next: [`${CHAIN_NEXT} --policy ${m[1]}`],
    }),
  },
];
