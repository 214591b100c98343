/**
 * buildChain: charon's trust chain walk (credential_manager.c verify_trust_chain) with the reason
 * for every failure. Pure: certificates in, a result with findings out.
 */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { certConstraints } from "../../input/ext-constraints.js";
import { type Rules, rulesFor } from "../../rules.js";
import { constraintsAtStep } from "./constraints.js";
import { chainWarnings, diagnoseMissingIssuer, fileOf } from "./diagnose.js";
import { findIssuer, sameCert, selfSigned } from "./issuer.js";
import { describeRefusals, heldView, type LoadContext, loadChoice, loadProblems } from "./loadable.js";
import { requiredPolicyFinding } from "./policies.js";
import { type ChainPool, prepareChainPool } from "./pool.js";
import { type RevocationStep, revocationStep } from "./revocation.js";
import { charonTime } from "./time.js";
import type { ChainCertificate, ChainLink, ChainMechanism, ChainOptions, ChainResult } from "./types.js";
import { hasPrimitiveUniqueId } from "./view.js";

/** credential_manager.c MAX_TRUST_PATH_LEN */
export const MAX_TRUST_PATH_LEN = 7;

const fileOpt = (c: ChainCertificate) => (c.source?.file ? { file: c.source.file } : {});

/**
 * opts.pool when it was prepared from exactly opts.trusted and opts.untrusted, for the same release,
 * plugin settings and CRLs; else a new one.
 */
const poolOf = (opts: ChainOptions, rules: Rules): ChainPool =>
  opts.pool &&
  opts.pool.trusted === opts.trusted &&
  opts.pool.untrusted === opts.untrusted &&
  opts.pool.rules === rules &&
  opts.pool.plugins === opts.plugins &&
  opts.pool.crls === opts.crls
    ? opts.pool
    : prepareChainPool(opts.trusted, opts.untrusted, rules, { plugins: opts.plugins, crls: opts.crls });

/** check_lifetime(): notBefore <= at <= notAfter, whole seconds, both ends inclusive. */
function lifetimeFinding(c: ChainCertificate, label: "subject" | "issuer", at: number): Finding | null {
  const nb = c.notBefore.getTime();
  const na = c.notAfter.getTime();
  if (at >= nb && at <= na) return null;
  const expired = at > na;
  return finding(expired ? "CHAIN_EXPIRED" : "CHAIN_NOT_YET_VALID", {
    message: `${label === "subject" ? "the certificate" : "the issuer"} "${c.subject.printed}" ${expired ? `expired on ${c.notAfter.toISOString()}` : `is valid only from ${c.notBefore.toISOString()}`}`,
    log: `${label} certificate invalid (valid from ${charonTime(c.notBefore)} to ${charonTime(c.notAfter)})`,
    ...fileOpt(c),
  });
}

/**
 * Build the chain of `cert` the way charon does: trusted certificates are searched before
 * untrusted ones, the first issuer found is taken (no backtracking), the chain ends only at a
 * trusted self-signed root, and at most MAX_TRUST_PATH_LEN + 1 issuers are followed (which also
 * stops loops of cross-signed CAs).
 */
export function buildChain(input: ChainCertificate, opts: ChainOptions): ChainResult {
  const rules = rulesFor(opts.strongswan);
  const ctx: LoadContext = { strongswan: rules, plugins: opts.plugins };
  const cert = heldView(input, ctx);
  const at = Math.floor((opts.at ?? new Date()).getTime() / 1000) * 1000;
  const mode = opts.rdnMatching ?? "strict";
  const findings: Finding[] = [];
  // the end entity's policies the chain carries, once it reaches a root (constraints.ts)
  let certPolicies: string[] = [];
  const link = (c: ChainCertificate, role: ChainLink["role"], trusted: boolean): ChainLink => ({
    subject: c.subject.printed,
    issuer: c.issuer.printed,
    role,
    file: fileOf(c),
    trusted,
  });
  const chain: ChainLink[] = [link(cert, "end-entity", false)];
  if (opts.trusted.some((c) => sameCert(c, cert))) chain[0] = link(cert, "end-entity", true);
  const certs: ChainCertificate[] = [cert];
  let revocation: RevocationStep | null = null;
  const result = (
    chainTrusted: boolean,
    chainFailedAt: number | null,
    chainDecidedBy: ChainMechanism | null,
    missingIssuer: ChainResult["missingIssuer"] = null,
  ): ChainResult => {
    let [trusted, failedAt, decidedBy] = [chainTrusted, chainFailedAt, chainDecidedBy];
    // auth_cfg.c complies, after the chain: the policies the connection requires (cert_policy)
    const required = trusted && opts.requiredPolicies?.length ? opts.requiredPolicies : null;
    const missing =
      required && requiredPolicyFinding(required, certPolicies, cert, certConstraints(cert).policies);
    if (missing) [trusted, failedAt, decidedBy] = [false, 0, "policy"];
    findings.push(...chainWarnings(certs));
    for (const c of certs)
      if (hasPrimitiveUniqueId(c))
        findings.push(
          finding("CHAIN_UNIQUE_ID", {
            message: `"${c.subject.printed}" carries an issuer/subject unique identifier; strongSwan's x509 plugin then skips all its extensions (no CA flag, key identifiers, keyUsage or SANs)`,
            ...fileOpt(c),
          }),
        );
    if (missing) findings.push(missing);
    return {
      trusted,
      chain,
      missingIssuer,
      findings,
      failedAt,
      decidedBy: trusted ? null : decidedBy,
      certPolicies: trusted ? certPolicies : [],
      revocation: revocation?.checked ?? [],
    };
  };

  const eeProblems = loadProblems(cert, ctx);
  if (eeProblems.length > 0) {
    findings.push(
      finding("CHAIN_CERT_UNLOADABLE", {
        message: `strongSwan cannot load "${cert.subject.printed}": ${describeRefusals(loadChoice(cert, ctx))}`,
        log: loadChoice(cert, ctx).logs[0] ?? null,
        ...fileOpt(cert),
      }),
    );
    return result(false, 0, "unloadable");
  }

  // Certificates strongSwan refuses to load take no part in the search (reported when relevant).
  const { trustedPool, untrustedPool, unloadable } = poolOf(opts, rules);
  // revocation_validator.c validate_online, once the chain is trusted (revocation.ts)
  const checkRevocation = () => revocationStep(certs, opts, { trusted: [...trustedPool], at, mode, rules });
  const pretrusted = trustedPool.some((c) => sameCert(c, cert));
  if (opts.trusted.length === 0)
    findings.push(
      finding("CHAIN_NO_CA_GIVEN", {
        message: `no --ca was given: charon trusts "${cert.subject.printed}" only through a self-signed root it has loaded (or the certificate itself in x509/); \`pki --verify\` without --cacert would trust the certificate itself and say nothing about its chain`,
      }),
    );
  // mem_cred enumerates the most recently added certificate first
  const trustedOrder = [...trustedPool].reverse();
  // the untrusted enumeration sees every certificate: received ones, the end entity, trusted ones
  const anyOrder = [...[...untrustedPool].reverse(), ...(pretrusted ? [] : [cert]), ...trustedOrder];
  const everything = [
    ...trustedPool.map((c) => ({ cert: c, trusted: true })),
    ...untrustedPool.map((c) => ({ cert: c, trusted: false })),
  ];

  if (pretrusted && selfSigned(cert)) {
    // A trusted self-signed certificate is accepted as it is (trusted_enumerate); ikecert still
    // wants it valid, as `pki --verify` does for its exit code.
    chain[0] = link(cert, "end-entity", true);
    const bad = lifetimeFinding(cert, "subject", at);
    if (bad) findings.push(bad);
    return result(!bad, bad ? 0 : null, "validity");
  }

  let trusted = pretrusted;
  let current = cert;
  let pathlen = 0;
  for (; pathlen <= MAX_TRUST_PATH_LEN; pathlen++) {
    let issuer = findIssuer(current, trustedOrder, mode);
    let anchor = false;
    if (issuer) {
      anchor = selfSigned(issuer);
      chain.push(link(issuer, anchor ? "root" : "intermediate", true));
    } else {
      issuer = findIssuer(current, anyOrder, mode);
      if (issuer && sameCert(issuer, current)) {
        if (chain.length > 1) chain[chain.length - 1] = { ...chain[chain.length - 1]!, role: "root" };
        findings.push(
          finding("CHAIN_UNTRUSTED_ROOT", {
            message: `the chain ends at the self-signed "${current.subject.printed}", which is not among the trusted CAs`,
            log: `  self-signed certificate "${current.subject.printed}" is not trusted`,
            ...fileOpt(current),
          }),
        );
        return result(false, chain.length - 1, "issuer");
      }
      if (!issuer) {
        const missing = {
          dn: current.issuer.printed,
          authorityKeyId: current.authorityKeyId ? Buffer.from(current.authorityKeyId).toString("hex") : null,
        };
        if (trusted) {
          findings.push(
            finding("CHAIN_INCOMPLETE_TRUSTED", {
              message: `"${cert.subject.printed}" was itself given with --ca; charon accepts it although the issuer of "${current.subject.printed}" is missing`,
              log: `  reached end of incomplete trust chain for trusted certificate "${cert.subject.printed}"`,
            }),
          );
          revocation = checkRevocation();
          findings.push(...revocation.findings);
          if (revocation.revokedAt !== null)
            return result(false, revocation.revokedAt, "revocation", missing);
          if (revocation.policy) findings.push(revocation.policy.finding);
          return result(!revocation.policy, revocation.policy?.at ?? null, "revocation", missing);
        }
        const why = diagnoseMissingIssuer(current, everything, [...unloadable], mode, pathlen === 0, ctx);
        findings.push(...why);
        // an issuer that is there but cannot be loaded decides it, not a missing one
        const decided = why.some((f) => f.code === "CHAIN_CERT_UNLOADABLE") ? "unloadable" : "issuer";
        return result(false, chain.length - 1, decided, missing);
      }
      chain.push(link(issuer, "intermediate", false));
    }
    certs.push(issuer);
    // check_certificate(): lifetimes of subject and issuer, then the constraints plugin
    const bad = lifetimeFinding(current, "subject", at) ?? lifetimeFinding(issuer, "issuer", at);
    if (bad) {
      findings.push(bad);
      return result(
        false,
        lifetimeFinding(current, "subject", at) ? chain.length - 2 : chain.length - 1,
        "validity",
      );
    }
    const constraint = issuer.basicConstraints?.ca ? issuer.basicConstraints.pathLen : null;
    if (constraint !== null && pathlen > constraint) {
      const selfIssued = certs.slice(1, -1).filter((c) => c.selfIssued).length;
      findings.push(
        finding("CHAIN_PATHLEN", {
          message: `"${issuer.subject.printed}" allows ${constraint} intermediate(s) below it, but ${pathlen} sit between it and the end entity${selfIssued ? ` (strongSwan counts the ${selfIssued} self-issued one(s) too, unlike RFC 5280 6.1.4)` : ""}`,
          log: `path length of ${pathlen} violates constraint of ${constraint}`,
          ...fileOpt(issuer),
        }),
      );
      return result(false, chain.length - 1, "pathLength");
    }
    // the rest of the constraints plugin: name constraints and certificate policies
    const plugin = constraintsAtStep(certs, anchor, rules, opts.plugins);
    findings.push(...plugin.findings);
    if (plugin.decidedBy) return result(false, plugin.failedAt, plugin.decidedBy);
    if (plugin.policies) certPolicies = plugin.policies;
    current = issuer;
    if (anchor) {
      trusted = true;
      break;
    }
  }
  if (pathlen > MAX_TRUST_PATH_LEN) {
    const loops = certs.some((c, i) => certs.findIndex((d) => sameCert(c, d)) !== i);
    findings.push(
      finding("CHAIN_TOO_LONG", {
        message: loops
          ? `the issuers form a loop (${certs.map((c) => `"${c.subject.printed}"`).join(" → ")}): charon follows it until the limit`
          : `more than ${MAX_TRUST_PATH_LEN} issuers above "${cert.subject.printed}" without reaching a trusted root`,
        log: `maximum path length of ${MAX_TRUST_PATH_LEN} exceeded`,
      }),
    );
    return result(trusted, trusted ? null : chain.length - 1, "pathLimit");
  }
  if (trusted) {
    revocation = checkRevocation();
    findings.push(...revocation.findings);
    if (revocation.revokedAt !== null) return result(false, revocation.revokedAt, "revocation");
  }
  // pubkey_authenticator.c is_compliant_cert(): the end entity's keyUsage, if any (CA certificates
  // checked on their own are left alone).
  if (trusted && cert.keyUsage && !cert.basicConstraints?.ca) {
    if (!cert.keyUsage.includes("digitalSignature") && !cert.keyUsage.includes("nonRepudiation")) {
      findings.push(
        finding("CHAIN_KEY_USAGE", {
          message: `the keyUsage of "${cert.subject.printed}" is ${cert.keyUsage.join(", ") || "empty"}: charon refuses it for IKE authentication (pki --verify does not check this)`,
          ...fileOpt(cert),
        }),
      );
      return result(false, 0, "keyUsage");
    }
  }
  // auth_cfg.c complies(), after authentication: the connection's revocation policy
  if (revocation?.policy) {
    findings.push(revocation.policy.finding);
    return result(false, revocation.policy.at, "revocation");
  }
  const intermediates = chain.filter((l) => l.role === "intermediate").length;
  if (trusted && intermediates >= 2)
    findings.push(
      finding("CHAIN_DEEP", {
        message: `the chain has ${intermediates} intermediate CAs`,
      }),
    );
  return result(trusted, null, "issuer");
}
