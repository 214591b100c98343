/** Findings about an IKE_AUTH size estimate: over the path MTU, and whether fragmentation saves it. */
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import type { SizeOptions, SizeResult } from "./ike-auth.js";

export function sizeFindings(r: SizeResult, o: Pick<SizeOptions, "fragmentation" | "ikev1">): Finding[] {
  const out: Finding[] = [];
  if (!r.exceedsMtu) return out;
  if (o.fragmentation === false)
    out.push(
      finding(o.ikev1 ? "IKEV1_AUTH_EXCEEDS_MTU" : "IKE_AUTH_EXCEEDS_MTU_NO_FRAGMENTATION", {
        message: `the IKE_AUTH datagram (${r.datagram} bytes) exceeds the path MTU (${r.mtu}) and IKE fragmentation is off: the IP layer fragments it, and firewalls that drop IP fragments make IKE_AUTH retransmit until it gives up`,
      }),
    );
  else
    out.push(
      finding("IKE_AUTH_FRAGMENTED", {
        message: `the IKE_AUTH datagram (${r.datagram} bytes) exceeds the path MTU (${r.mtu}); with fragmentation (default yes, if the peer supports it) charon sends ${r.fragments} fragments of at most ${r.fragmentSize} bytes`,
        log:
          r.fragments > 1 ? `splitting IKE message (${r.bytes} bytes) into ${r.fragments} fragments` : null,
      }),
    );
  // charon sizes fragments by fragment_size alone (it knows no path MTU): larger ones are IP-fragmented
  if (o.fragmentation !== false && r.fragments > 1 && r.fragmentSize > r.mtu)
    out.push(
      finding("IKE_FRAGMENT_EXCEEDS_MTU", {
        message: `charon sends IKE fragments of up to ${r.fragmentSize} bytes (charon.fragment_size) over a path MTU of ${r.mtu}: the IP layer fragments each of them again, and firewalls that drop IP fragments stop IKE_AUTH as if IKE fragmentation were off`,
      }),
    );
  return out;
}
