import type { Finding } from "../../findings/types.js";
import type { RdnMatching } from "../../identity/dn.js";
import type { Certificate } from "../../input/certificate.js";
import type { Crl } from "../../input/crl.js";
import type { ReleaseLike } from "../../rules.js";
import type { PluginSettings } from "./plugins.js";
import type { ChainPool } from "./pool.js";
import type { CertRevocation, RevocationPolicy, RevocationSettings } from "./revocation.js";

/** A certificate, optionally with the file it came from (what loadFile/parseBytes attach). */
export type ChainCertificate = Certificate & { source?: { file: string; index: number } };

export interface ChainOptions {
  /** trusted certificates: swanctl's x509ca/ (and locally loaded x509/ certificates) */
  trusted: ChainCertificate[];
  /** untrusted helpers: intermediates the peer sends as CERT payloads */
  untrusted: ChainCertificate[];
  /** the moment validity is judged at (default now) */
  at?: Date;
  /** charon.rdn_matching (default strict) */
  rdnMatching?: RdnMatching;
  /** target strongSwan release (name constraints and policies changed in 5.9.12, 5.9.14, 6.0.1, 6.0.6) */
  strongswan?: ReleaseLike;
  /** CRLs charon holds (swanctl x509crl/, ipsec.d/crls/, `--crl`), for the revocation plugin */
  crls?: Crl[];
  /** the connection's policy: swanctl `remote.revocation`, ipsec.conf `strictcrlpolicy` (default relaxed) */
  revocation?: RevocationPolicy;
  /** strongswan.conf: whether the revocation plugin is loaded and checks CRLs and OCSP */
  revocationSettings?: RevocationSettings;
  /** strongswan.conf: the certificate-parsing plugins in charon's order, x509.enforce_critical */
  plugins?: PluginSettings;
  /** `trusted` and `untrusted` prepared once (prepareChainPool, chain/pool.ts) for many calls */
  pool?: ChainPool;
  /** certificate policy OIDs the connection requires (swanctl remote.cert_policy, ipsec.conf rightcertpolicy) */
  requiredPolicies?: readonly string[];
}

export type ChainRole = "end-entity" | "intermediate" | "root";

export interface ChainLink {
  subject: string;
  issuer: string;
  role: ChainRole;
  file: string | null;
  trusted: boolean;
}

/**
 * The mechanism that decided an untrusted verdict, so scripts can tell them apart: no issuer or an
 * untrusted root (`issuer`), a lifetime (`validity`), a pathLenConstraint (`pathLength`), the issuer
 * loop or depth limit (`pathLimit`), the end entity's keyUsage (`keyUsage`), a certificate charon
 * cannot load (`unloadable`), and the constraints and revocation plugins (`nameConstraints`,
 * `policy`, `revocation`).
 */
export type ChainMechanism =
  | "issuer"
  | "validity"
  | "pathLength"
  | "pathLimit"
  | "keyUsage"
  | "unloadable"
  | "nameConstraints"
  | "policy"
  | "revocation";

export interface ChainResult {
  trusted: boolean;
  /** from the end entity up to the last certificate charon found */
  chain: ChainLink[];
  missingIssuer: { dn: string; authorityKeyId: string | null } | null;
  findings: Finding[];
  /** index in `chain` of the certificate whose step failed (for drawing), or null */
  failedAt: number | null;
  /** what decided an untrusted verdict; null when trusted */
  decidedBy: ChainMechanism | null;
  /** the revocation plugin's outcome per certificate, end entity first ([] when it did not run) */
  revocation: CertRevocation[];
  /**
   * the end entity's certificate policies the chain carries (what charon adds to the
   * authentication and `cert_policy` can require); empty when the chain did not reach a root
   */
  certPolicies?: string[];
}
