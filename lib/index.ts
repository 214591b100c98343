/**
 * ikecert's public API. Everything a provisioning script needs is exported from here; nothing else
 * in lib/ is public.
 */

export {
  CLIENT_PROFILES,
  certificateIdentityFindings,
  checkIdentity,
  type IdentityCheck,
  type IdentityCheckOptions,
  noTrustedKeyLog,
} from "./checks/identity.js";
export {
  type InspectItem,
  type InspectResult,
  inspectFiles,
  type ProvenIdentity,
  provenIdentities,
} from "./checks/inspect.js";
export { IkecertError, type IkecertErrorCode, isIkecertError } from "./errors.js";
export {
  CATALOGUE,
  FAQ,
  type Finding,
  type FindingDef,
  finding,
  hasErrors,
  type Severity,
} from "./findings/index.js";
export { certificateHasIdentity, type IdentityProof } from "./identity/certificate.js";
export { dnEquals, dnMatchLevel, parseDnString, type RdnMatching } from "./identity/dn.js";
export {
  identityContainsWildcards,
  identityEquals,
  identityHashKey,
  identityMatches,
  MATCH,
  type MatchOptions,
} from "./identity/match.js";
export {
  type Identity,
  type IdentityOptions,
  identityFromData,
  identityFromEncoding,
  parseIdentity,
} from "./identity/parse.js";
export { printEncoding, printIdentity } from "./identity/print.js";
export { ID_TYPES, idTypeName } from "./identity/types.js";
export type { Certificate } from "./input/certificate.js";
export { parseCertificate } from "./input/certificate.js";
export type { GeneralName } from "./input/general-name.js";
export type { PrivateKey, PublicKey } from "./input/keys.js";
export {
  DEFAULT_LIMITS,
  type Limits,
  type LoadedFile,
  type LoadedItem,
  type LoadOptions,
  loadFile,
  type PassphraseSource,
  parseBytes,
} from "./input/load.js";
export { colonHex, type KeyIds, type PublicKeyInfo } from "./input/spki.js";
export { DEFAULT_RELEASE, isValidRelease, NEWEST_RELEASE } from "./release.js";
