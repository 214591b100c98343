import type { AuthSpec } from "../../config/auth.js";
import type { Finding } from "../../findings/types.js";
import type { Identity } from "../../identity/parse.js";
import type { AttributeCertificate } from "../../input/acert.js";
import type { Crl } from "../../input/crl.js";
import type { PrivateKey } from "../../input/keys.js";
import type { Proposal } from "../../proposals/index.js";
import type { ReleaseLike } from "../../rules.js";
import type { Certificate } from "../../x509/certificate.js";
import type { PublicKeyInfo } from "../../x509/spki.js";

import type { SharedKey } from "../auth/shared-keys.js";
import type { RevocationPolicy } from "../chain/revocation.js";

/** A raw public key charon trusts, with the identity it stands for (its subject). */
export interface RawKey {
  key: PublicKeyInfo;
  subject: Identity;
}

/** One authentication round of a connection, as the auth modules need it. */
export interface RoundView {
  /** the `auth` value as charon reads it; a missing spec means plain `pubkey` */
  spec: AuthSpec;
  /** swanctl `eap_id` / ipsec.conf `eap_identity` (`%any`: ask the peer with EAP-Identity) */
  eapId: Identity | null;
  /** `aaa_id`: the identity the EAP server proves instead of the IKE identity */
  aaaId: Identity | null;
  /** remote `groups`: the peer must be a member of one of them */
  groups: Identity[];
  /** raw public keys of the round (local: the one to sign with first) */
  rawKeys: RawKey[];
}

/**
 * What the handshake simulation needs of one connection: the resolved view charon has of it once it
 * is loaded (ids with their defaults, the local certificate and the private key found for it, the
 * remote constraints). `fromEndpoint` (endpoint.ts) builds it from `resolveEndpoint`.
 */
export interface HandshakeConnection {
  name: string;
  /** 0 = any, 1 = IKEv1, 2 = IKEv2 */
  version: number;
  /** auth classes of the first local and remote rounds; only `pubkey` is simulated */
  localAuth: string;
  remoteAuth: string;
  localCert: Certificate | null;
  /** the loaded private key charon would sign with (null: none pairs with the local certificate) */
  privateKey: PrivateKey | null;
  /** the local id charon uses (after its default); null: none (the IP address is sent) */
  localId: Identity | null;
  /** the local id came from the default (certificate subject), not from the configuration */
  localIdDefaulted: boolean;
  /** configured remote id; null = not configured (%any) */
  remoteId: Identity | null;
  /** ipsec.conf `rightid=%...`: the certificate only has to contain the id */
  remoteIdLoose: boolean;
  /** remote `cacerts` / `rightca` as certificates: the peer must chain to one of them */
  remoteCacerts: Certificate[];
  /** remote `revocation` (default relaxed) */
  revocation?: RevocationPolicy;
  /** remote `cert_policy` / `rightcertpolicy`: policy OIDs the peer's chain must carry */
  remotePolicies?: string[];
  sendCert: "always" | "ifasked" | "never";
  sendCertreq: boolean;
  /** IKE proposals as written (`default` when none) */
  proposals: string[];
  /** the IKE proposals charon loads (absent: its defaults) */
  ikeProposals?: Proposal[];
  /** why charon refuses the connection's IKE proposals (it does not load it) */
  proposalError?: string;
  /** the first child's ESP/AH proposals (absent: charon's defaults; null: no CHILD_SA in IKE_AUTH) */
  childProposals?: Proposal[] | null;
  localAddrs: string[];
  remoteAddrs: string[];
  /** the first local and remote rounds (auth value, EAP ids, groups, raw keys); default plain pubkey */
  localRound?: RoundView;
  remoteRound?: RoundView;
  /** rounds configured beyond the first (simulated only as far as the first) */
  extraRounds?: { local: number; remote: number };
  /** IKEv1 aggressive mode */
  aggressive?: boolean;
}

/** strongswan.conf settings and plugins of one host that the authentication depends on. */
export interface HostSettings {
  /** `charon.rsa_pss` (default no) */
  rsaPss?: boolean;
  /** the acert plugin is loaded (Debian's packages do not ship it; upstream builds it only on request) */
  acert?: boolean;
  /** `charon.i_dont_care_about_security_and_use_aggressive_mode_psk` (default no) */
  aggressivePsk?: boolean;
  /** `charon.signature_authentication_constraints` (default yes): no leaves the IKE signature unconstrained */
  signatureAuthenticationConstraints?: boolean;
}

/** One side: every connection it has loaded and the credentials charon holds. */
export interface HandshakeHost {
  /** a label for output (the folder) */
  label: string;
  connections: HandshakeConnection[];
  /** every certificate loaded (x509/, x509ca/, ...): charon's trusted store */
  certs: Certificate[];
  /** CRLs loaded (x509crl/): the revocation plugin checks the peer's chain against them */
  crls?: Crl[];
  keys: PrivateKey[];
  /** PSKs and EAP/XAuth passwords (never printed) */
  sharedKeys?: SharedKey[];
  /** raw public keys loaded from pubkey/ (their subject is their key id) */
  rawKeys?: RawKey[];
  /** attribute certificates (x509ac/) and attribute authorities (x509aa/) */
  acerts?: AttributeCertificate[];
  aaCerts?: Certificate[];
  settings?: HostSettings;
}

/** The side of an IKE exchange. */
export type Side = "initiator" | "responder";

/** Options of a simulated handshake: the release, the moment, rdn_matching, the addresses. */
export interface HandshakeOptions {
  /** the moment validity is judged at (default now) */
  at?: Date;
  /** target strongSwan release (log wording) */
  strongswan?: ReleaseLike;
  rdnMatching?: "strict" | "reordered" | "relaxed";
  /** the responder's charon.prefer_configured_proposals = no (strongswan.conf; default yes) */
  preferSupplied?: boolean;
  /** addresses printed in log lines (default: the connections' single addresses, else a placeholder) */
  initiatorAddr?: string;
  responderAddr?: string;
  /** strongswan.conf settings of each side (also settable per host) */
  initiatorSettings?: HostSettings;
  responderSettings?: HostSettings;
}

/** One payload of a message as the picture shows it. */
export interface PayloadView {
  name:
    | "IDi"
    | "IDr"
    | "CERT"
    | "CERTREQ"
    | "AUTH"
    | "N(AUTHENTICATION_FAILED)"
    | "SA"
    | "N(NO_PROPOSAL_CHOSEN)"
    | "EAP"
    | "ID"
    | "HASH"
    | "KE"
    | "SIG";
  /** id text, certificate subject, CA names */
  detail: string | null;
}

/** One message of a simulated exchange, as the handshake picture shows it. */
export interface MessageView {
  exchange: "IKE_SA_INIT" | "IKE_AUTH" | "ID_PROT" | "AGGRESSIVE" | "INFORMATIONAL";
  from: Side;
  payloads: PayloadView[];
}

/** The step where the exchange stops. */
export type FailureStep =
  | "ike-proposals"
  | "initiator-private-key"
  | "peer-config"
  | "responder-verifies-initiator"
  | "responder-constraints"
  | "responder-private-key"
  | "initiator-verifies-responder"
  | "initiator-constraints"
  | "initiator-psk"
  | "responder-psk"
  | "responder-eap"
  | "initiator-eap"
  | "not-simulated";

/** What a simulated handshake returns: whether the IKE_SA is established, each side's log lines, the failing step. */
export interface HandshakeResult {
  established: boolean;
  initiator: { connection: string; logs: string[] };
  responder: { connection: string | null; logs: string[] };
  /** IDi and IDr as sent (printed as charon prints them) with their types */
  ids: {
    idi: { printed: string; type: string };
    idr: { printed: string; type: string } | null;
    responderId: { printed: string; type: string } | null;
  };
  messages: MessageView[];
  failure: { step: FailureStep; side: Side; log: string | null } | null;
  /** the negotiated proposals (null: not reached); child null: no CHILD_SA in IKE_AUTH */
  proposals?: { ike: string | null; child: string | null; childEstablished: boolean | null };
  /** the line of each side's log that decides the outcome (what a differential test looks for) */
  keyLine: { side: Side; line: string };
  findings: Finding[];
}
