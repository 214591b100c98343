/**
 * The setup between two configured connections (or one and a default charon), sized message by
 * message: proposals, fragmentation, CERTREQs, MOBIKE and childless settings come from the
 * configurations, the IKE_AUTH contents (own certificate, intermediates, ids, CERTREQ) from the
 * resolved endpoint.
 */

import type { ReleaseLike } from "../../rules.js";
import { ID_TYPES } from "../../x509/types.js";
import type { Endpoint } from "../endpoint.js";
import { connectionProposals } from "../proposals.js";
import { estimateIkeAuthSize, type SizeOptions, type SizeResult } from "./ike-auth.js";
import { estimateSetup, type SetupResult, type SetupSide } from "./setup.js";

export interface EndpointSizeOptions {
  role?: "initiator" | "responder";
  /** CAs the peer's CERTREQ lists / whether it asks (from `--peer`); default: asks */
  peerSendsCertreq?: boolean;
  fragmentSize?: number;
  mtu?: number;
}

/** The size model's options for one endpoint (first local round), or null without a certificate. */
export function endpointSizeOptions(e: Endpoint, o: EndpointSizeOptions = {}): SizeOptions | null {
  const local = e.local[0];
  if (!local?.certificate || local.auth !== "pubkey") return null;
  const role =
    o.role ??
    (e.connection.remoteAddrs.value.some((a) => a !== "%any" && a !== "%any6") ? "initiator" : "responder");
  const sends = e.sendCert === "always" || (e.sendCert === "ifasked" && o.peerSendsCertreq !== false);
  const remote = e.remote[0]?.id.identity;
  const sendIdr =
    role === "initiator" &&
    remote &&
    remote.type !== ID_TYPES.ID_ANY &&
    !remote.regex &&
    !/[*?]/.test(remote.printed);
  return {
    role,
    certificate: sends ? local.certificate : null,
    intermediates: sends ? local.intermediates : [],
    authKey: local.certificate.publicKey,
    idi: local.id.identity?.printed ?? local.id.text,
    ...(sendIdr ? { idr: remote!.printed } : {}),
    certreqCas: role === "initiator" ? e.certreqCas : 0,
    fragmentation: e.fragmentation !== "no",
    ikev1: e.version === 1,
    ...(o.fragmentSize !== undefined ? { fragmentSize: o.fragmentSize } : {}),
    ...(o.mtu ? { mtu: o.mtu } : {}),
  };
}

/** Options of `connectionSetup`: the release and the path (MTU, fragment size, IPv6). */
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

/**
 * One connection's own IKE_AUTH (first local round, role by its addresses unless given), in the
 * setup with `peer` (null: a charon with default proposals); IKEv1 sizes Main Mode's message alone.
 * Null without a local certificate.
 */
export function endpointSetup(
  e: Endpoint,
  peer: Endpoint | null,
  o: EndpointSizeOptions & { strongswan?: ReleaseLike } = {},
): { opts: SizeOptions; setup: SetupResult | null; result: SizeResult } | null {
  const opts = endpointSizeOptions(e, o);
  if (!opts) return null;
  const initiator = opts.role === "initiator";
  const setup = opts.ikev1
    ? null
    : connectionSetup(initiator ? e : peer, initiator ? peer : e, {
        strongswan: o.strongswan,
        mtu: opts.mtu,
        fragmentSize: opts.fragmentSize,
      });
  return { opts, setup, result: setup?.auth[opts.role] ?? estimateIkeAuthSize(opts) };
}
