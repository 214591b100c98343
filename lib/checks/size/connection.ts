/**
 * The setup between two configured connections (or one and a default charon), sized message by
 * message: proposals, fragmentation, CERTREQs, MOBIKE and childless settings come from the
 * configurations, the IKE_AUTH contents from endpointSizeOptions (../audit/size.ts).
 */
import type { ReleaseLike } from "../../rules.js";
import { endpointSizeOptions } from "../audit/size.js";
import type { Endpoint } from "../endpoint.js";
import { connectionProposals } from "../proposals.js";
import { estimateSetup, type SetupResult, type SetupSide } from "./setup.js";

export interface ConnectionSetupOptions {
  strongswan?: ReleaseLike;
  mtu?: number;
  /** charon.fragment_size of both sides */
  fragmentSize?: number;
  ipv6?: boolean;
  /** the responder's charon.prefer_configured_proposals = no */
  preferSupplied?: boolean;
}

const setting = (e: Endpoint, key: string) => e.connection.settings[key]?.value.toLowerCase();

/** swanctl `mobike` (default yes); ipsec.conf `mobike` likewise */
const mobike = (e: Endpoint | null) => (e ? setting(e, "mobike") !== "no" : true);

/** swanctl `childless = force` (the initiator creates no CHILD_SA in IKE_AUTH) */
const childlessForce = (e: Endpoint) => setting(e, "childless") === "force";

function side(
  e: Endpoint | null,
  role: "initiator" | "responder",
  peer: Endpoint | null,
  o: ConnectionSetupOptions,
): SetupSide {
  if (!e) return { cas: 0 };
  const p = connectionProposals(e.connection, o.strongswan);
  const child = p.children[0];
  // what makes send_cert = ifasked send: the CERTREQ the other side sends (IKE_SA_INIT response
  // for the initiator, IKE_AUTH request for the responder); a default charon without CAs sends none
  const peerAsks = peer
    ? role === "initiator"
      ? peer.sendCertreq && peer.pool.trustedCas.length > 0
      : peer.certreqCas > 0
    : true;
  const auth = endpointSizeOptions(e, { role, peerSendsCertreq: peerAsks });
  const childless = role === "initiator" && childlessForce(e);
  return {
    ike: p.ike.error ? undefined : p.ike.proposals,
    child: childless || !child || child.configured.error ? null : child.configured.proposals,
    fragmentation: e.fragmentation,
    auth: auth
      ? {
          certificate: auth.certificate,
          intermediates: auth.intermediates,
          idi: auth.idi,
          idr: auth.idr,
          certreqCas: auth.certreqCas,
          authKey: auth.authKey,
          // MOBIKE notifies only when both have it on
          mobike: mobike(e) && mobike(peer),
          childless,
        }
      : null,
    cas: e.pool.trustedCas.length,
    sendCertreq: e.sendCertreq,
  };
}

/**
 * Every message between `initiator` and `responder` (either may be null: a charon with default
 * settings and no credentials). IKE_AUTH leaves UDP 500 for 4500 when the initiator has MOBIKE on.
 */
export function connectionSetup(
  initiator: Endpoint | null,
  responder: Endpoint | null,
  o: ConnectionSetupOptions = {},
): SetupResult {
  return estimateSetup({
    initiator: side(initiator, "initiator", responder, o),
    responder: side(responder, "responder", initiator, o),
    strongswan: o.strongswan,
    preferSupplied: o.preferSupplied,
    mtu: o.mtu,
    fragmentSize: o.fragmentSize,
    ipv6: o.ipv6,
    natt: mobike(initiator),
  });
}
