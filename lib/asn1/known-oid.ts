/**
 * asn1_known_oid() (src/libstrongswan/asn1/asn1.c) over strongSwan's OID table: the name charon
 * prints for an OID. It walks the DER bytes of the OID through the table and stops at the first
 * node without children, so an OID below a leaf takes the leaf's name (every OID under
 * 1.3.6.1.4.1.36906.1.1 is 'strongSwan'). Unknown OIDs have no name (charon prints "unknown").
 */
import { encodeOid } from "./der.js";
import { OID_NODES_5, OID_NODES_6, type OidNode } from "./oid-txt.js";

export function knownOidName(oid: string, opts: { before6?: boolean } = {}): string | null {
  const nodes: readonly OidNode[] = opts.before6 ? OID_NODES_5 : OID_NODES_6;
  let bytes: Uint8Array;
  try {
    bytes = encodeOid(oid);
  } catch {
    return null;
  }
  let i = 0;
  let at = 0;
  while (at < bytes.length) {
    const node = nodes[i];
    if (!node) return null;
    if (node[0] === bytes[at]) {
      at++;
      if (at === bytes.length || node[2] === 0) return node[3];
      i++;
    } else if (node[1]) i = node[1];
    else return null;
  }
  return null;
}
