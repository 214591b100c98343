/**
 * IKE_AUTH size of a connection (semantics §9): own certificate and the intermediates it sends, the
 * ids, the CAs its CERTREQ lists; against the fragment size and path MTU. Pure.
 */
import { formatOrigin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import { ID_TYPES } from "../../identity/types.js";
import type { ReleaseLike } from "../../rules.js";
import type { Endpoint } from "../endpoint.js";
import { estimateIkeAuthSize, type SizeOptions, type SizeResult, sizeFindings } from "../size.js";

export interface EndpointSizeOptions {
  role?: "initiator" | "responder";
  /** CAs the peer's CERTREQ lists / whether it asks (from `--peer`); default: asks */
  peerSendsCertreq?: boolean;
  fragmentSize?: number;
  mtu?: number;
  /** the release whose charon parses the ids */
  strongswan?: ReleaseLike;
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
    ...(o.fragmentSize ? { fragmentSize: o.fragmentSize } : {}),
    ...(o.mtu ? { mtu: o.mtu } : {}),
    ...(o.strongswan ? { strongswan: o.strongswan } : {}),
  };
}

export function endpointSize(
  e: Endpoint,
  o: EndpointSizeOptions = {},
): { result: SizeResult; findings: Finding[] } | null {
  const opts = endpointSizeOptions(e, o);
  if (!opts) return null;
  const result = estimateIkeAuthSize(opts);
  // with fragmentation on, an oversized IKE_AUTH is normal: say how it travels (info), not a warning
  const raw = opts.fragmentation
    ? [
        finding("IKE_AUTH_SIZE", {
          message: `${result.bytes} bytes (IP datagram ${result.datagram}, path MTU ${result.mtu}), ${result.fragments > 1 ? `split into ${result.fragments} fragments of at most ${result.fragmentSize} bytes if the peer supports IKE fragmentation` : "sent unfragmented"}`,
          log:
            result.fragments > 1
              ? `splitting IKE message (${result.bytes} bytes) into ${result.fragments} fragments`
              : null,
          fix: null,
        }),
      ]
    : sizeFindings(result, opts);
  const findings = raw.map((f) => ({
    ...f,
    message: `connection '${e.name}' (${opts.role}): ${f.message}`,
    file: formatOrigin(e.connection.origin),
  }));
  return { result, findings };
}
