/**
 * ikecert's public API. Everything a provisioning script needs is exported from here; nothing else
 * in lib/ is public.
 */

export {
  type AuditConfigOptions,
  type AuditConnection,
  type AuditResult,
  type AuditRoundSummary,
  auditConfig,
} from "./checks/audit/index.js";
export { type EndpointSizeOptions, endpointSize, endpointSizeOptions } from "./checks/audit/size.js";
export {
  buildChain,
  type CertPlugin,
  type CertRevocation,
  type ChainCertificate,
  type ChainConfSettings,
  type ChainLink,
  type ChainMechanism,
  type ChainOptions,
  type ChainPool,
  type ChainPoolExtras,
  type ChainResult,
  type ChainRole,
  chainSettingsFromConf,
  charonTime,
  DEFAULT_CERT_PLUGINS,
  loadChoice,
  MAX_TRUST_PATH_LEN,
  type PluginChoice,
  type PluginSettings,
  pluginEnforces,
  prepareChainPool,
  type RevocationPolicy,
  type RevocationSettings,
  type ValidationStatus,
  verifyAhead,
} from "./checks/chain.js";
export {
  type CertItem,
  type CredentialPool,
  configConnections,
  configKind,
  credentialPool,
  type KeyItem,
  type LoadedConfig,
  type RejectedCert,
  type ResolvedRefs,
  refKey,
} from "./checks/credentials.js";
export {
  type CertRef,
  type Endpoint,
  type EndpointId,
  type EndpointOptions,
  type IdSource,
  type LocalRound,
  type RemoteRound,
  resolveCertRef,
  resolveEndpoint,
  resolveEndpoints,
} from "./checks/endpoint.js";
export type { OtherExtension } from "./checks/extensions.js";
export { type HandshakeConfig, handshakeConfigs } from "./checks/handshake/configs.js";
export { handshakeConnection, handshakeHost } from "./checks/handshake/endpoint.js";
export {
  type HandshakeConnection,
  type HandshakeHost,
  type HandshakeOptions,
  type HandshakeResult,
  identityConstraintLog,
  type MessageView,
  signatureScheme,
  simulateHandshake,
} from "./checks/handshake/index.js";
export {
  CLIENT_PROFILES,
  certificateIdentityFindings,
  checkIdentity,
  type IdentityCheck,
  type IdentityCheckOptions,
  noTrustedKeyLog,
} from "./checks/identity.js";
export {
  type CertificateIdsResult,
  checkCertificateIds,
  quickCertificateIds,
} from "./checks/identity-batch.js";
export {
  type InspectItem,
  type InspectOptions,
  type InspectResult,
  inspectFiles,
  inspectFilesDetailed,
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
export {
  type ConnectionDifference,
  checkLive,
  type LiveCertReport,
  type LiveCertState,
  type LiveConnection,
  type LiveConnectionState,
  type LiveKeyReport,
  type LiveOptions,
  type LiveResult,
  type LiveSa,
  type LiveSaSide,
  type LiveSecretReport,
} from "./checks/live/index.js";
export {
  type ChildNegotiation,
  type IkeNegotiation,
  negotiateChild,
  negotiateIke,
} from "./checks/negotiate.js";
export {
  type PluginCheckInput,
  type PluginCheckOptions,
  type PluginNeed,
  pluginFindings,
  pluginNeeds,
} from "./checks/plugins.js";

export { type ConnectionProposals, connectionProposals } from "./checks/proposals.js";
export {
  checkPsk,
  type GeneratedPsk,
  generatePsk,
  type PskResult,
  pskFromText,
} from "./checks/psk.js";
export { type ConnectionSetupOptions, connectionSetup, endpointSetup } from "./checks/size/connection.js";
export {
  estimateIkeAuthSize,
  estimateSetup,
  type MessageSize,
  type SetupOptions,
  type SetupResult,
  type SetupSide,
  type SizeOptions,
  type SizePayload,
  type SizeResult,
  signatureLength,
  sizeFindings,
} from "./checks/size/index.js";
export {
  CONFIG_FORMATS,
  type ConfigFormat,
  configFormatOf,
  configFormatOfName,
} from "./config/format.js";
export { type IpsecConf, type IpsecConfOptions, parseIpsecConf } from "./config/ipsec.js";
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
  type Origin,
  revealSecret,
  type Secret,
  SecretValue,
  type SendCert,
  type Setting,
  type SharedSecret,
  secretBytes,
} from "./config/model.js";
export { type ConfigReader, memoryReader } from "./config/reader.js";
export { type IpsecSecrets, parseIpsecSecrets, type SecretsOptions } from "./config/secrets.js";
export {
  keysAt,
  parseSettings,
  type SettingsKey,
  type SettingsSection,
  type SettingsTree,
  sectionNamesAt,
  valueAt,
} from "./config/settings.js";
export {
  DEBIAN_CHARON_PLUGINS,
  type PluginLoad,
  parseStrongswanConf,
  pluginOrder,
  type StrongswanConf,
  type StrongswanConfOptions,
} from "./config/strongswan-conf.js";
export { parseSwanctlConf, type SwanctlConf, type SwanctlOptions } from "./config/swanctl.js";
export {
  IkecertError,
  type IkecertErrorCode,
  isIkecertError,
  NotRegularFileError,
  type SpecialFileKind,
} from "./errors.js";
export {
  type FollowEvent,
  type FollowLog,
  type FollowOptions,
  type FollowSa,
  LogFollower,
  logLines,
} from "./explain/follow.js";
export { type ClassifiedIdentity, classifyPrintedIdentity } from "./explain/identity.js";
export {
  type ExplainEntry,
  type ExplainOptions,
  explainLine,
  explainLog,
  type IdentityInLine,
  type LogExplanation,
  parseLogLine,
  RULES,
} from "./explain/index.js";
export {
  CATALOGUE,
  FAQ,
  type Finding,
  type FindingDef,
  finding,
  hasErrors,
  type Severity,
} from "./findings/index.js";
export { certificateHasIdentity, type IdentityProof, viewHasIdentity } from "./identity/certificate.js";
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
export {
  type FirstCertificate,
  readCertificates,
  readFirstCertificate,
  type SmallFileReader,
  type SourcedCertificate,
} from "./input/cert-file.js";
export { type CertificateView, certificateView, viewOf } from "./input/cert-view.js";
export type { Certificate } from "./input/certificate.js";
export { parseCertificate } from "./input/certificate.js";
export {
  type ChainBatchDefaults,
  type ChainBatchRequest,
  parseChainBatchLine,
} from "./input/chain-batch.js";
export { fileReader } from "./input/config-files.js";
export { type ConfigLoadOptions, loadConfig, resolveConfigRefs } from "./input/config-load.js";
export { type Crl, crlReasonLogName, parseCrl, type RevokedCertificate } from "./input/crl.js";
export { type LoadedCrlFile, loadCrlFile, parseCrlBytes } from "./input/crl-file.js";
export {
  type LineOptions,
  type ReadOptions,
  readAll,
  readChunks,
  readLines,
  readRegularFile,
  readRegularFileAsync,
  readTextFile,
  STDIN,
  type StreamOptions,
} from "./input/files.js";
export {
  type EntryKind,
  type FolderEntry,
  listFolder,
  MAX_FOLDER_ENTRIES,
  pathKind,
} from "./input/folders.js";
export type { GeneralName } from "./input/general-name.js";
export {
  type BatchLine,
  type BatchOptions,
  type BatchRecord,
  type BatchRequest,
  checkBatchRequest,
  DEFAULT_BATCH_LINE_LIMIT,
  errorRecord,
  errorRecordOf,
  mapOrdered,
  parseBatchLine,
  requestObject,
  splitLines,
} from "./input/id-batch.js";
export { type IpsecDir, loadIpsecDir } from "./input/ipsec-dir.js";
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
export { DEFAULT_BATCH_INPUT, DEFAULT_LINE_LIMIT, DEFAULT_LOG_INPUT } from "./input/lines.js";
export { loadConfigForLive } from "./input/live-config.js";
export {
  DEFAULT_LIMITS,
  type Limits,
  type LoadedFile,
  type LoadedItem,
  type LoadOptions,
  loadFile,
  type PassphraseSource,
  parseBytes,
  readInputFileAsync,
} from "./input/load.js";
export { colonHex, type KeyIds, type PublicKeyInfo } from "./input/spki.js";
export { loadStrongswanConf, strongswanConfBeside } from "./input/strongswan-conf-file.js";
export {
  type AppliedRelease,
  type ChooseOptions,
  chooseRelease,
  type DetectOptions,
  daemonRelease,
  describeApplied,
  dpkgRelease,
  type InstalledRelease,
  installedRelease,
  namedRelease,
  PROGRAMS as VERSION_PROGRAMS,
  type ReleaseSource,
  releaseJson,
  type VersionProgram,
  versionInOutput,
} from "./input/strongswan-release.js";
export {
  type FolderFile,
  loadSwanctlDir,
  resolveFileRef,
  SWANCTL_FOLDERS,
  type SwanctlDir,
  type SwanctlDirOptions,
  type SwanctlFolder,
} from "./input/swanctl-dir.js";
export { lazyImport } from "./lazy-import.js";
export {
  formatProposal,
  formatProposals,
  ipsecProposals,
  type Proposal,
  type Protocol,
  parseProposal,
  selectProposal,
  swanctlProposals,
} from "./proposals/index.js";
export { DEFAULT_RELEASE, isValidRelease, NEWEST_RELEASE, VERIFIED_RELEASES } from "./release.js";
export {
  BEHAVIOURS,
  type BehaviourName,
  describeRules,
  type ReleaseLike,
  type ResolvedRelease,
  type Rules,
  rulesFor,
} from "./rules.js";
export {
  ViciClient,
  type ViciCloseHandler,
  type ViciConnectOptions,
  type ViciEventHandler,
} from "./vici/client.js";
export {
  type CommandSpec,
  isReadOnlyCommand,
  isReadOnlyEvent,
  READ_ONLY_COMMANDS,
  READ_ONLY_EVENTS,
  type ReadOnlyCommand,
  type ReadOnlyEvent,
} from "./vici/commands.js";
export { connectVici, DEFAULT_VICI_SOCKET, socketPath } from "./vici/connect.js";
export {
  parseAlgorithms,
  parseAuthorities,
  parseCertificate as parseViciCertificate,
  parseConnections,
  parseIkeSas,
  parseIkeUpdown,
  parseKeys,
  parseLog,
  parseNames,
  parseStats,
  parseVersion,
  type ViciAuthority,
  type ViciAuthRound,
  type ViciCertificate,
  type ViciChildConfig,
  type ViciChildSa,
  type ViciConnection,
  type ViciIkeSa,
  type ViciIkeUpdown,
  type ViciLog,
  type ViciStats,
  type ViciVersion,
} from "./vici/messages.js";
export { type LiveCertificate, type LiveSnapshot, readSnapshot, type SnapshotNote } from "./vici/snapshot.js";
export {
  decodeMessage,
  decodePacket,
  encodeMessage,
  encodePacket,
  PACKET,
  PacketReader,
  VICI_MAX_PACKET,
  type ViciInput,
  type ViciInputValue,
  ViciProtocolError,
  type ViciSection,
  type ViciValue,
} from "./vici/wire.js";
