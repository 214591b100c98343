/**
 * `ikecert/identity`: strongSwan's identity and DN primitives, for scripts that build or compare
 * identities themselves (the root `ikecert` has the checks that use them).
 *
 * @packageDocumentation
 * @module ikecert/identity
 */
export { certificateHasIdentity, type IdentityProof, viewHasIdentity } from "../identity/certificate.js";
export {
  type DnParse,
  type DnParseFailure,
  dnEquals,
  dnMatchLevel,
  parseDnString,
  type RdnMatching,
} from "../identity/dn.js";
export {
  identityContainsWildcards,
  identityEquals,
  identityHashKey,
  identityMatches,
  MATCH,
  type MatchOptions,
} from "../identity/match.js";
export {
  type Identity,
  type IdentityOptions,
  identityFromData,
  identityFromEncoding,
  parseIdentity,
} from "../identity/parse.js";
export type { BEHAVIOURS, BehaviourName, ReleaseLike, ResolvedRelease, Rules } from "../rules.js";
export { type CertificateView, certificateView, viewOf } from "../x509/cert-view.js";
export type { BasicConstraints, Certificate, Extension } from "../x509/certificate.js";
export { printDn } from "../x509/dn-print.js";
export type { GeneralName, GeneralNameKind, SanEntry } from "../x509/general-name.js";
export { printEncoding, printIdentity } from "../x509/print.js";
export type { KeyAlgorithm, KeyIds, PublicKeyInfo } from "../x509/spki.js";
export { ID_TYPES, type IdTypeName, idTypeName } from "../x509/types.js";
