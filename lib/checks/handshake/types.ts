import type { Finding } from "../../findings/types.js";
import type { Identity } from "../../identity/parse.js";
import type { Certificate } from "../../input/certificate.js";
import type { Crl } from "../../input/crl.js";
import type { PrivateKey } from "../../input/keys.js";
import type { Proposal } from "../../proposals/index.js";
import type { ReleaseLike } from "../../rules.js";
import type { RevocationPolicy } from "../chain/revocation.js";

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
}

export type Side = "initiator" | "responder";

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
    | "N(NO_PROPOSAL_CHOSEN)";
  /** id text, certificate subject, CA names */
  detail: string | null;
}

export interface MessageView {
  exchange: "IKE_SA_INIT" | "IKE_AUTH";
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
  | "not-simulated";

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
