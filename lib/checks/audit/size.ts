/**
 * IKE_AUTH size of a connection (semantics §9): own certificate and the intermediates it sends, the
 * ids, the CAs its CERTREQ lists, the proposals it negotiates with a peer that has charon's defaults;
 * against the fragment size and path MTU; its own IKE_SA_INIT messages over the MTU. Pure.
 */
import { formatOrigin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import type { ReleaseLike } from "../../rules.js";
import type { Endpoint } from "../endpoint.js";
import { type EndpointSizeOptions, endpointSetup } from "../size/connection.js";
import { type SetupResult, type SizeResult, sizeFindings } from "../size/index.js";

export { type EndpointSizeOptions, endpointSizeOptions } from "../size/connection.js";

export function endpointSize(
  e: Endpoint,
  o: EndpointSizeOptions & { strongswan?: ReleaseLike } = {},
): { result: SizeResult; findings: Finding[]; setup: SetupResult | null } | null {
  const sized = endpointSetup(e, null, o);
  if (!sized) return null;
  const { opts, setup, result } = sized;
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
  // its own IKE_SA_INIT over the path MTU (IP fragments only)
  for (const f of setup?.findings ?? [])
    if (f.code === "IKE_SA_INIT_EXCEEDS_MTU" && f.message.startsWith(`the ${opts.role}'s`)) raw.push(f);
  const findings = raw.map((f) => ({
    ...f,
    message: `connection '${e.name}' (${opts.role}): ${f.message}`,
    file: formatOrigin(e.connection.origin),
  }));
  return { result, findings, setup };
}
