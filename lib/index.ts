/**
 * ikecert's public API. Everything a provisioning script needs is exported from here; nothing else
 * in lib/ is public.
 */
export {
  type InspectItem,
  type InspectResult,
  inspectFiles,
  type ProvenIdentity,
  provenIdentities,
} from "./checks/inspect.js";
export {
  type CertCandidate,
  certificateOfKey,
  checkKeyPair,
  findPrivateKey,
  type KeyIdsHex,
  type KeyInput,
  keyFilePermissionFinding,
  type PairJson,
  type PairKeyDetail,
  type PairOptions,
  type PairResult,
  pairKeys,
  samePublicKey,
} from "./checks/keypair.js";
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
export type { Certificate } from "./input/certificate.js";
export { parseCertificate } from "./input/certificate.js";
export type { GeneralName } from "./input/general-name.js";
export { fastPrivateKey, publicKeyFromPrivateDer } from "./input/keyfast.js";
export type { PrivateKey, PublicKey } from "./input/keys.js";
export {
  type FolderLayout,
  type FolderScan,
  folderLayout,
  type ScannedFile,
  type ScanOptions,
  scanFile,
  scanKeyFolder,
  swanctlFolderOf,
} from "./input/keyscan.js";
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
export { DEFAULT_RELEASE, NEWEST_RELEASE } from "./release.js";
