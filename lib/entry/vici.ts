/**
 * `ikecert/vici`: a read-only client for charon's VICI socket and its wire format. It sends only
 * the commands of `READ_ONLY_COMMANDS`; `ikecert live` is built on it.
 *
 * @packageDocumentation
 * @module ikecert/vici
 */
export type { ChainCertificate } from "../checks/chain/types.js";
export type { CertItem } from "../checks/credentials.js";
export type { IkecertError, IkecertErrorCode } from "../errors.js";
export type { Csr } from "../input/csr.js";
export type { PrivateKey, PrivateKeyFormat, PublicKey } from "../input/keys.js";
export type { ItemSource, LoadedItem } from "../input/load.js";
export {
  ViciClient,
  type ViciCloseHandler,
  type ViciConnectOptions,
  type ViciEventHandler,
} from "../vici/client.js";
export {
  type CommandSpec,
  isReadOnlyCommand,
  isReadOnlyEvent,
  READ_ONLY_COMMANDS,
  READ_ONLY_EVENTS,
  type ReadOnlyCommand,
  type ReadOnlyEvent,
} from "../vici/commands.js";
export { connectVici, DEFAULT_VICI_SOCKET, socketPath } from "../vici/connect.js";
export type {
  ViciAuthority,
  ViciAuthRound,
  ViciCertificate,
  ViciChildConfig,
  ViciChildSa,
  ViciConnection,
  ViciIkeSa,
  ViciIkeUpdown,
  ViciLog,
  ViciStats,
  ViciVersion,
} from "../vici/messages.js";
export {
  type LiveCertificate,
  type LiveSnapshot,
  readSnapshot,
  type SnapshotNote,
} from "../vici/snapshot.js";
export {
  decodeMessage,
  decodePacket,
  encodeMessage,
  encodePacket,
  PACKET,
  type Packet,
  PacketReader,
  type PacketType,
  VICI_MAX_PACKET,
  type ViciInput,
  type ViciInputValue,
  ViciProtocolError,
  type ViciSection,
  type ViciValue,
} from "../vici/wire.js";
export type { BasicConstraints, Certificate, Extension } from "../x509/certificate.js";
export type { GeneralName, GeneralNameKind } from "../x509/general-name.js";
export type { KeyAlgorithm, KeyIds, PublicKeyInfo } from "../x509/spki.js";
export type { ID_TYPES, IdTypeName } from "../x509/types.js";
