/**
 * `ikecert/config`: the configuration parsers (swanctl.conf, ipsec.conf, ipsec.secrets,
 * strongswan.conf) and the folder readers, without the credential resolution `loadConfig` adds.
 *
 * @packageDocumentation
 * @module ikecert/config
 */
export { CONFIG_FORMATS, type ConfigFormat, configFormatOf, configFormatOfName } from "../config/format.js";
export { type IpsecConf, type IpsecConfOptions, parseIpsecConf } from "../config/ipsec.js";
export {
  type AuthClass,
  type Authority,
  type AuthRound,
  type ChildConfig,
  type ConfigDiagnostic,
  type Connection,
  type FileRef,
  type Fragmentation,
  formatOrigin,
  type KeySecret,
  type KeySecretKind,
  type Origin,
  revealSecret,
  type Secret,
  SecretValue,
  type SendCert,
  type Setting,
  type SharedSecret,
  type SharedSecretKind,
  secretBytes,
} from "../config/model.js";
export { type ConfigReader, memoryReader } from "../config/reader.js";
export { type IpsecSecrets, parseIpsecSecrets, type SecretsOptions } from "../config/secrets.js";
export {
  keysAt,
  type ParseSettingsOptions,
  parseSettings,
  type SettingsKey,
  type SettingsSection,
  type SettingsTree,
  sectionNamesAt,
  valueAt,
} from "../config/settings.js";
export {
  DEBIAN_CHARON_PLUGINS,
  type PluginLoad,
  parseStrongswanConf,
  pluginOrder,
  type StrongswanConf,
  type StrongswanConfOptions,
} from "../config/strongswan-conf.js";
export { parseSwanctlConf, type SwanctlConf, type SwanctlOptions } from "../config/swanctl.js";
export type { IkecertError, IkecertErrorCode, SpecialFileKind } from "../errors.js";
export type { AcGroup, AttributeCertificate } from "../input/acert.js";
export { fileReader } from "../input/config-files.js";
export type { Crl, RevokedCertificate } from "../input/crl.js";
export type { Csr } from "../input/csr.js";
export { type IpsecDir, loadIpsecDir } from "../input/ipsec-dir.js";
export type { PrivateKey, PrivateKeyFormat, PublicKey } from "../input/keys.js";
export type {
  ItemSource,
  Limits,
  LoadedFile,
  LoadedItem,
  LoadOptions,
  PassphraseSource,
} from "../input/load.js";
export { loadStrongswanConf, strongswanConfBeside } from "../input/strongswan-conf-file.js";
export {
  type FolderFile,
  loadSwanctlDir,
  SWANCTL_FOLDERS,
  type SwanctlDir,
  type SwanctlDirOptions,
  type SwanctlFolder,
} from "../input/swanctl-dir.js";
export type { BEHAVIOURS, BehaviourName, ReleaseLike, ResolvedRelease, Rules } from "../rules.js";
export type { BasicConstraints, Certificate, Extension } from "../x509/certificate.js";
export type { GeneralName, GeneralNameKind } from "../x509/general-name.js";
export type { KeyAlgorithm, KeyIds, PublicKeyInfo } from "../x509/spki.js";
export type { ID_TYPES, IdTypeName } from "../x509/types.js";
