/**
 * ikecert's public API: check certificates, private keys, identities and configurations the way
 * strongSwan does, task by task. At most 40 runtime exports (test/api.test.ts); the lower-level
 * pieces are behind the subpaths `ikecert/identity` (identity and DN primitives), `ikecert/config`
 * (configuration parsers and folder readers), `ikecert/proposals` (the proposal model),
 * `ikecert/release` (release strings and their readers) and `ikecert/vici` (the read-only VICI client and wire format). Nothing else in lib/ is public.
 *
 * @packageDocumentation
 * @module ikecert
 */

export {
  type AuditConfigOptions,
  type AuditConnection,
  type AuditOptions,
  type AuditResult,
  type AuditRoundSummary,
  auditConfig,
} from "./checks/audit/index.js";
export type { RoundNeed } from "./checks/audit/needs.js";
export type { SharedKey, SharedKeyType } from "./checks/auth/shared-keys.js";
export type { CertPlugin } from "./checks/chain/plugins.js";
export type { ValidationStatus } from "./checks/chain/revocation.js";
export {
  buildChain,
  type CertRevocation,
  type ChainCertificate,
  type ChainLink,
  type ChainMechanism,
  type ChainOptions,
  type ChainPool,
  type ChainPoolExtras,
  type ChainResult,
  type ChainRole,
  type PluginSettings,
  prepareChainPool,
  type RevocationPolicy,
  type RevocationSettings,
  verifyAhead,
} from "./checks/chain.js";
export type {
  CertItem,
  CredentialPool,
  KeyItem,
  LoadedConfig,
  RejectedCert,
  ResolvedRefs,
} from "./checks/credentials.js";
export {
  type CertRef,
  type Endpoint,
  type EndpointId,
  type EndpointOptions,
  type IdSource,
  type LocalRound,
  type RemoteRound,
  resolveEndpoints,
} from "./checks/endpoint.js";
export type { AuthSettings, RawKeyRef } from "./checks/endpoint-auth.js";
export type { OtherExtension } from "./checks/extensions.js";
export { type HandshakeConfig, handshakeConfigs } from "./checks/handshake/configs.js";
export {
  type FailureStep,
  type HandshakeConnection,
  type HandshakeHost,
  type HandshakeOptions,
  type HandshakeResult,
  type MessageView,
  type Side,
  simulateHandshake,
} from "./checks/handshake/index.js";
export type { HostSettings, PayloadView, RawKey, RoundView } from "./checks/handshake/types.js";
export { checkIdentity, type IdentityCheck, type IdentityCheckOptions } from "./checks/identity.js";
export {
  type CertificateItem,
  type CsrItem,
  type InspectItem,
  type InspectOptions,
  type InspectResult,
  inspectFiles,
  inspectFilesDetailed,
  type KeyIdsJson,
  type KeyItem as InspectKeyItem,
  type ProvenIdentity,
  type PublicKeyJson,
} from "./checks/inspect.js";
export { checkKeyPair, findPrivateKey } from "./checks/keypair.js";
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
export type { ChildNegotiation, IkeNegotiation } from "./checks/negotiate.js";
export type { PluginNeed } from "./checks/plugins.js";
export { checkPsk, type GeneratedPsk, generatePsk, type PskResult, pskFromText } from "./checks/psk.js";
export { type ConnectionSetupOptions, connectionSetup } from "./checks/size/connection.js";
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
} from "./checks/size/index.js";
export type { SigningKey } from "./checks/size/payloads.js";
export type { AuthOptions } from "./checks/size/setup.js";
export type { AuthSpec, KeyFamily, SchemeConstraint } from "./config/auth.js";
export type { ConfigFormat } from "./config/format.js";
export type { IpsecConf } from "./config/ipsec.js";
export type {
  AuthClass,
  Authority,
  AuthRound,
  ChildConfig,
  ConfigDiagnostic,
  Connection,
  FileRef,
  Fragmentation,
  KeySecret,
  KeySecretKind,
  Origin,
  Secret,
  SecretValue,
  SendCert,
  Setting,
  SharedSecret,
  SharedSecretKind,
} from "./config/model.js";
export type { IpsecSecrets } from "./config/secrets.js";
export type { SettingsKey, SettingsSection, SettingsTree } from "./config/settings.js";
export type { PluginLoad, StrongswanConf } from "./config/strongswan-conf.js";
export type { SwanctlConf } from "./config/swanctl.js";
export { IkecertError, type IkecertErrorCode, isIkecertError, type SpecialFileKind } from "./errors.js";
export {
  type ExplainEntry,
  type ExplainOptions,
  explainLine,
  explainLog,
  type IdentityInLine,
  type LogExplanation,
} from "./explain/index.js";
export { CATALOGUE, type Finding, type FindingDef, hasErrors, type Severity } from "./findings/index.js";
export { certificateHasIdentity, type IdentityProof } from "./identity/certificate.js";
export type { RdnMatching } from "./identity/dn.js";
export { identityMatches, type MatchOptions } from "./identity/match.js";
export { type Identity, type IdentityOptions, parseIdentity } from "./identity/parse.js";
export type { AcGroup, AttributeCertificate } from "./input/acert.js";
export type { Crl, RevokedCertificate } from "./input/crl.js";
export type { Csr } from "./input/csr.js";
export type { IpsecDir } from "./input/ipsec-dir.js";
export type { PrivateKey, PrivateKeyFormat, PublicKey } from "./input/keys.js";
export {
  type ItemSource,
  type Limits,
  type LoadedFile,
  type LoadedItem,
  type LoadOptions,
  loadFile,
  type PassphraseSource,
  parseBytes,
} from "./input/load.js";
export {
  type AppliedRelease,
  type ChooseOptions,
  chooseRelease,
  type DetectOptions,
  type InstalledRelease,
  installedRelease,
  type ReleaseSource,
  type VersionProgram,
} from "./input/strongswan-release.js";
export type { FolderFile, SWANCTL_FOLDERS, SwanctlDir, SwanctlFolder } from "./input/swanctl-dir.js";
export type { TransformType } from "./proposals/algorithms.js";
export type { Proposal, Protocol, Transform } from "./proposals/proposal.js";
export type { LogLine, PairFailure } from "./proposals/select.js";
export {
  type BEHAVIOURS,
  type BehaviourName,
  type ReleaseLike,
  type ResolvedRelease,
  type Rules,
  rulesFor,
} from "./rules.js";
export { type ConfigLoadOptions, loadConfig } from "./run/config-load.js";
export {
  type FolderLayout,
  type FolderScan,
  type ScannedFile,
  type ScanOptions,
  scanKeyFolder,
} from "./run/keyscan.js";
export { loadConfigForLive } from "./run/live-config.js";
export type { ViciClient, ViciCloseHandler, ViciConnectOptions, ViciEventHandler } from "./vici/client.js";
export type {
  READ_ONLY_COMMANDS,
  READ_ONLY_EVENTS,
  ReadOnlyCommand,
  ReadOnlyEvent,
} from "./vici/commands.js";
export { connectVici } from "./vici/connect.js";
export type {
  ViciAuthority,
  ViciAuthRound,
  ViciCertificate,
  ViciChildConfig,
  ViciChildSa,
  ViciConnection,
  ViciIkeSa,
  ViciStats,
  ViciVersion,
} from "./vici/messages.js";
export { type LiveCertificate, type LiveSnapshot, readSnapshot, type SnapshotNote } from "./vici/snapshot.js";
export type { ViciInput, ViciInputValue, ViciSection, ViciValue } from "./vici/wire.js";
export {
  type BasicConstraints,
  type Certificate,
  type CertificateParseOptions,
  type Extension,
  parseCertificate,
} from "./x509/certificate.js";
export type { GeneralName, GeneralNameKind } from "./x509/general-name.js";
export type { KeyAlgorithm, KeyIds, PublicKeyInfo } from "./x509/spki.js";
export type { ID_TYPES, IdTypeName } from "./x509/types.js";
