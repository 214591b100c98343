/**
 * A prepared pool of CA and intermediate certificates for buildChain: the strongSwan views,
 * duplicates removed, the certificates strongSwan cannot load set apart — done once, not once per
 * end entity, when many certificates are checked against the same CAs (`chain --batch`, `chain DIR
 * --ca DIR`). Issuer signatures between pool members are verified once as well (the memo of
 * signatureVerifies keeps them with the certificate objects, which the pool keeps alive).
 */

import { bytesEqual } from "../../bytes.js";
import type { RdnMatching } from "../../identity/dn.js";
import { type ReleaseLike, type Rules, rulesFor } from "../../rules.js";
import { hasSubjectDn, sameCert, subjectKeyId } from "./issuer.js";
import { loadProblems } from "./loadable.js";
import { verifySignatureAhead } from "./signature.js";
import type { ChainCertificate } from "./types.js";
import { strongswanView } from "./view.js";

export interface ChainPool {
  /** the trusted certificates as given (swanctl's x509ca/) */
  readonly trusted: readonly ChainCertificate[];
  /** the untrusted helpers as given (intermediates the peer sends) */
  readonly untrusted: readonly ChainCertificate[];
  /** trusted views strongSwan can load, without duplicates, in the order given */
  readonly trustedPool: readonly ChainCertificate[];
  /** untrusted views strongSwan can load, without duplicates of each other or of trusted ones */
  readonly untrustedPool: readonly ChainCertificate[];
  /** the certificates strongSwan refuses to load (trusted ones first), reported when relevant */
  readonly unloadable: readonly ChainCertificate[];
  /** the release rules the pool was prepared with (what loads depends on the release) */
  readonly rules: Rules;
}

function dedupe(certs: ChainCertificate[], seen: readonly ChainCertificate[]): ChainCertificate[] {
  const out: ChainCertificate[] = [];
  for (const c of certs)
    if (!seen.some((s) => sameCert(s, c)) && !out.some((s) => sameCert(s, c))) out.push(c);
  return out;
}

/**
 * Prepare `trusted` and `untrusted` once for any number of buildChain calls (pass it as `pool`,
 * with the same `strongswan` release: which certificates load depends on it).
 */
export function prepareChainPool(
  trusted: readonly ChainCertificate[],
  untrusted: readonly ChainCertificate[],
  strongswan?: ReleaseLike,
): ChainPool {
  const rules = rulesFor(strongswan);
  const unloadable: ChainCertificate[] = [];
  const usable = (c: ChainCertificate) => {
    if (loadProblems(c, rules).length === 0) return true;
    unloadable.push(c);
    return false;
  };
  const trustedPool = dedupe(trusted.map(strongswanView), []).filter(usable);
  const untrustedPool = dedupe(untrusted.map(strongswanView), trustedPool).filter(usable);
  return Object.freeze({
    trusted: Object.freeze([...trusted]),
    untrusted: Object.freeze([...untrusted]),
    trustedPool: Object.freeze(trustedPool),
    untrustedPool: Object.freeze(untrustedPool),
    unloadable: Object.freeze(unloadable),
    rules,
  });
}

/**
 * Start verifying, on libuv's thread pool, the signature of `cert` under each pool certificate that
 * could be its issuer (the name and key id tests of issued_by); buildChain then finds the verdicts
 * made. Only a head start: what is not verified ahead, buildChain verifies itself.
 */
export function verifyAhead(
  cert: ChainCertificate,
  pool: ChainPool,
  mode: RdnMatching = "strict",
): Promise<void> {
  const c = strongswanView(cert);
  const pending: Promise<void>[] = [];
  for (const cand of [...pool.trustedPool, ...pool.untrustedPool]) {
    if (cand.basicConstraints?.ca !== true || !hasSubjectDn(cand, c.issuer.der, mode)) continue;
    if (c.authorityKeyId && !bytesEqual(c.authorityKeyId, subjectKeyId(cand))) continue;
    pending.push(verifySignatureAhead(c, cand));
  }
  return pending.length ? Promise.all(pending).then(() => undefined) : Promise.resolve();
}
