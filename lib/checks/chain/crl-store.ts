/**
 * The CRLs charon holds and what each one says, modelled from strongSwan 5.9.8:
 * - a CRL no loaded plugin parses is dropped (plugins.ts crlPlugin);
 * - the x509 plugin's template requires nextUpdate: without it, the next field is taken for it
 *   (x509_crl.c crlObjects), so the revoked list or the extensions are lost and the CRL is stale;
 * - mem_cred.c add_crl keeps one CRL per issuer (same authorityKeyIdentifier, else the same issuer
 *   DN): the newer by cRLNumber (chunk_compare: longer is newer) or, without numbers, by
 *   thisUpdate; a delta CRL is kept beside the base CRL it refers to;
 * - a CRL is looked up by the issuer's key id only (x509_crl.c has_issuer): one without an
 *   authorityKeyIdentifier is never found for a certificate, unless a distribution point of the
 *   certificate names its cRLIssuer;
 * - x509_crl.c issued_by: who may sign a CRL (crlSignerNeedsCrlSign), AKI against the signer's
 *   key id, else strict DN equality, then the signature.
 */
import { bytesEqual } from "../../bytes.js";
import { dnEquals } from "../../identity/dn.js";
import type { Certificate } from "../../input/certificate.js";
import type { Crl, RevokedCertificate } from "../../input/crl.js";
import type { Rules } from "../../rules.js";
import { subjectKeyId } from "./issuer.js";
import { type CertPlugin, crlPlugin, type PluginChoice, type PluginSettings } from "./plugins.js";
import { signatureVerifies } from "./signature.js";

/** A CRL as the plugin that parsed it sees it. */
export interface HeldCrl {
  crl: Crl;
  plugin: CertPlugin;
  revoked: RevokedCertificate[];
  authorityKeyId: Uint8Array | null;
  crlNumber: Uint8Array | null;
  deltaOf: Uint8Array | null;
  freshest: string[];
  /** null: undefined (charon prints dashes and the CRL is always stale) */
  nextUpdate: Date | null;
  /** why the parser's view differs from the CRL (nextUpdate missing), for messages */
  note: string | null;
}

export interface CrlStore {
  /** in the order charon enumerates them (the last one added first) */
  held: HeldCrl[];
  refused: { crl: Crl; choice: PluginChoice }[];
  /** CRLs mem_cred dropped for a newer one of the same issuer */
  replaced: { crl: Crl; by: Crl }[];
}

function heldCrl(crl: Crl, plugin: CertPlugin): HeldCrl {
  const h: HeldCrl = {
    crl,
    plugin,
    revoked: crl.revoked,
    authorityKeyId: crl.authorityKeyId,
    crlNumber: crl.crlNumber,
    deltaOf: crl.deltaCrlIndicator,
    freshest: crl.freshest,
    nextUpdate: crl.nextUpdate,
    note: null,
  };
  if (crl.nextUpdate || plugin !== "x509") return h;
  // x509_crl.c crlObjects: nextUpdate is not optional; the next field fills it
  if (crl.hasRevokedField) {
    h.revoked = [];
    h.note =
      "it has no nextUpdate, so strongSwan's x509 plugin reads its list of revoked certificates as the nextUpdate time and loses every entry";
  } else if (crl.extensions.length) {
    h.authorityKeyId = null;
    h.crlNumber = null;
    h.deltaOf = null;
    h.freshest = [];
    h.note =
      "it has no nextUpdate, so strongSwan's x509 plugin reads its extensions as the nextUpdate time and loses them (authorityKeyIdentifier, cRLNumber)";
  }
  return h;
}

const equalChunks = (a: Uint8Array | null, b: Uint8Array | null) => !!a && !!b && bytesEqual(a, b);

/** chunk_compare: the longer number is larger, equal lengths compare bytewise. */
function compareNumbers(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** crl.c crl_is_newer: by cRLNumber when both have one, else by thisUpdate. */
export function crlIsNewer(a: HeldCrl, b: HeldCrl): boolean {
  if (a.crlNumber && b.crlNumber) return compareNumbers(a.crlNumber, b.crlNumber) > 0;
  return a.crl.thisUpdate.getTime() > b.crl.thisUpdate.getTime();
}

/** Load CRLs the way swanctl hands them to charon, one after the other (mem_cred.c add_crl). */
export function crlStore(crls: Crl[], plugins?: PluginSettings): CrlStore {
  const store: CrlStore = { held: [], refused: [], replaced: [] };
  for (const crl of crls) {
    const choice = crlPlugin(crl, plugins);
    if (!choice.plugin) {
      store.refused.push({ crl, choice });
      continue;
    }
    const h = heldCrl(crl, choice.plugin);
    let added = true;
    for (const cur of [...store.held]) {
      const same =
        equalChunks(h.authorityKeyId, cur.authorityKeyId) || dnEquals(h.crl.issuer.der, cur.crl.issuer.der);
      if (!same) continue;
      if (
        h.deltaOf
          ? !cur.deltaOf && equalChunks(h.deltaOf, cur.crlNumber)
          : equalChunks(cur.deltaOf, h.crlNumber)
      )
        continue; // a base CRL and its delta are kept side by side
      added = crlIsNewer(h, cur);
      if (!added) {
        store.replaced.push({ crl, by: cur.crl });
        break;
      }
      store.held.splice(store.held.indexOf(cur), 1);
      store.replaced.push({ crl: cur.crl, by: crl });
    }
    if (added) store.held.unshift(h);
  }
  return store;
}

/**
 * x509_crl.c issued_by: may `signer` have signed the CRL? Its flags (the CA flag or cRLSign; from
 * 5.9.11 cRLSign only, a CA without keyUsage counting as having it), the AKI against its key id
 * (else the DNs must be equal), and the signature.
 */
export function crlSignedBy(h: HeldCrl, signer: Certificate, rules: Rules): boolean {
  const ca = signer.basicConstraints?.ca === true;
  const crlSign = signer.keyUsage ? signer.keyUsage.includes("cRLSign") : rules.crlSignerNeedsCrlSign && ca;
  if (!(rules.crlSignerNeedsCrlSign ? crlSign : ca || crlSign)) return false;
  if (h.authorityKeyId) {
    if (!bytesEqual(h.authorityKeyId, subjectKeyId(signer))) return false;
  } else if (!dnEquals(h.crl.issuer.der, signer.subject.der)) return false;
  return crlSignatureVerifies(h.crl, signer);
}

const verified = new WeakMap<Crl, WeakMap<Certificate, boolean>>();

/** The CRL's signature under the signer's key, computed once per pair (a CRL is checked per chain). */
function crlSignatureVerifies(crl: Crl, signer: Certificate): boolean {
  let m = verified.get(crl);
  if (!m) {
    m = new WeakMap();
    verified.set(crl, m);
  }
  let v = m.get(signer);
  if (v === undefined) {
    v = signatureVerifies(crl, signer);
    m.set(signer, v);
  }
  return v;
}

/** Whether the signer would pass the flag test alone (for saying why a CRL does not verify). */
export function crlSignerFlagsMissing(signer: Certificate, rules: Rules): string | null {
  const ca = signer.basicConstraints?.ca === true;
  const hasKu = !!signer.keyUsage;
  const crlSign = hasKu ? signer.keyUsage!.includes("cRLSign") : false;
  if (rules.crlSignerNeedsCrlSign) {
    if (hasKu && !crlSign)
      return "its keyUsage lacks cRLSign (required since strongSwan 5.9.11; a CA without keyUsage would do)";
    if (!hasKu && !ca) return "it is not a CA and has no keyUsage cRLSign";
    return null;
  }
  return ca || crlSign ? null : "it is neither a CA nor has keyUsage cRLSign";
}

/**
 * The CRL charon would use for certificates of `issuer` (found by its key id), and whether it gives
 * a good status: `good`, `stale`, `future` (thisUpdate ahead), `unverified`, or null when charon
 * holds none. For the audit's view of a revocation policy.
 */
export function crlOfIssuer(
  store: CrlStore,
  issuer: Certificate,
  signers: Certificate[],
  at: number,
  rules: Rules,
): { crl: Crl; state: "good" | "stale" | "future" | "unverified" } | null {
  const ski = subjectKeyId(issuer);
  const h = store.held.find((x) => !x.deltaOf && !!x.authorityKeyId && bytesEqual(x.authorityKeyId, ski));
  if (!h) return null;
  if (!signers.some((s) => dnEquals(s.subject.der, h.crl.issuer.der) && crlSignedBy(h, s, rules)))
    return { crl: h.crl, state: "unverified" };
  if (h.crl.thisUpdate.getTime() > at) return { crl: h.crl, state: "future" };
  const fresh = !!h.nextUpdate && at <= h.nextUpdate.getTime();
  return { crl: h.crl, state: fresh ? "good" : "stale" };
}
