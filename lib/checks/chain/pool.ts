/**
 * A prepared pool of CA and intermediate certificates for buildChain: the strongSwan views,
 * duplicates removed, the certificates strongSwan cannot load set apart — done once, not once per
 * end entity, when many certificates are checked against the same CAs (`chain --batch`, `chain DIR
 * --ca DIR`). Issuer signatures between pool members are verified once as well (the memo of
 * signatureVerifies keeps them with the certificate objects, which the pool keeps alive).
 */

import { bytesEqual } from "../../bytes.js";
import type { RdnMatching } from "../../identity/dn.js";
import type { Crl } from "../../input/crl.js";
import { type ReleaseLike, type Rules, rulesFor } from "../../rules.js";
import { hasSubjectDn, sameCert, subjectKeyId } from "./issuer.js";
import { heldView, type LoadContext, loadProblems } from "./loadable.js";
import type { PluginSettings } from "./plugins.js";
import { storeOf } from "./revocation.js";
import { verifySignatureAhead } from "./signature.js";
import type { ChainCertificate } from "./types.js";

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
  /** the strongswan.conf plugin settings it was prepared with (which plugin loads each certificate) */
  readonly plugins: PluginSettings | undefined;
  /** the CRLs whose store (crl-store.ts) was prepared with it, given as buildChain's `crls` */
  readonly crls: Crl[] | undefined;
}

/** What else a pool is prepared for: strongswan.conf's plugins, and the CRLs charon holds. */
export interface ChainPoolExtras {
  plugins?: PluginSettings;
  crls?: Crl[];
}

function dedupe(certs: ChainCertificate[], seen: readonly ChainCertificate[]): ChainCertificate[] {
  const out: ChainCertificate[] = [];
  for (const c of certs)
    if (!seen.some((s) => sameCert(s, c)) && !out.some((s) => sameCert(s, c))) out.push(c);
  return out;
}

/**
 * Prepare `trusted` and `untrusted` once for any number of buildChain calls (pass it as `pool`,
 * with the same `strongswan` release, `plugins` and `crls`: which certificates load depends on the
 * first two; the CRLs are parsed into charon's store once).
 */
export function prepareChainPool(
  trusted: readonly ChainCertificate[],
  untrusted: readonly ChainCertificate[],
  strongswan?: ReleaseLike,
  extras: ChainPoolExtras = {},
): ChainPool {
  const rules = rulesFor(strongswan);
  const ctx: LoadContext = { strongswan: rules, plugins: extras.plugins };
  const unloadable: ChainCertificate[] = [];
  const usable = (c: ChainCertificate) => {
    if (loadProblems(c, ctx).length === 0) return true;
    unloadable.push(c);
    return false;
  };
  const held = (c: ChainCertificate) => heldView(c, ctx);
  const trustedPool = dedupe(trusted.map(held), []).filter(usable);
  const untrustedPool = dedupe(untrusted.map(held), trustedPool).filter(usable);
  if (extras.crls) storeOf(extras.crls, extras.plugins);
  return Object.freeze({
    trusted: Object.freeze([...trusted]),
    untrusted: Object.freeze([...untrusted]),
    trustedPool: Object.freeze(trustedPool),
    untrustedPool: Object.freeze(untrustedPool),
    unloadable: Object.freeze(unloadable),
    rules,
    plugins: extras.plugins,
    crls: extras.crls,
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
  const c = heldView(cert, { strongswan: pool.rules, plugins: pool.plugins });
  const pending: Promise<void>[] = [];
  for (const cand of [...pool.trustedPool, ...pool.untrustedPool]) {
    if (cand.basicConstraints?.ca !== true || !hasSubjectDn(cand, c.issuer.der, mode)) continue;
    if (c.authorityKeyId && !bytesEqual(c.authorityKeyId, subjectKeyId(cand))) continue;
    pending.push(verifySignatureAhead(c, cand));
  }
  return pending.length ? Promise.all(pending).then(() => undefined) : Promise.resolve();
}
