/**
 * Identities printed the way charon prints them in its logs (`%Y`; identification.c
 * identity_to_string). Log lines ikecert quotes use these forms, so they must be exact.
 */

import { bytesText } from "../bytes.js";
import type { ReleaseLike } from "../rules.js";
import { printableBytes, printDn } from "./dn-print.js";
import { ID_TYPES, idTypeName } from "./types.js";

/** glibc inet_ntop for IPv4. */
function ntop4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** glibc inet_ntop for IPv6: the first longest run (>= 2) of zero groups becomes `::`; v4-mapped tails. */
export function ntop6(b: Uint8Array): string {
  const w: number[] = [];
  for (let i = 0; i < 16; i += 2) w.push((b[i]! << 8) | b[i + 1]!);
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (best >= 0 && i >= best && i < best + bestLen) {
      if (i === best) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && best === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      out += ntop4(b.subarray(12, 16));
      break;
    }
    out += w[i]!.toString(16);
  }
  if (best >= 0 && best + bestLen === 8) out += ":";
  return out;
}

/** netmask_to_cidr: whole 0xff bytes count 8, a partial byte its leading ones, stop at 0x00. */
export function netmaskBits(mask: Uint8Array): number {
  let bits = 0;
  for (let byte of mask) {
    if (byte === 0) break;
    if (byte === 0xff) bits += 8;
    else
      while (byte & 0x80) {
        bits++;
        byte = (byte << 1) & 0xff;
      }
  }
  return bits;
}

function colonHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");
}

function isPrintable(b: Uint8Array): boolean {
  for (const x of b) if (x < 0x20 || x > 0x7e) return false;
  return true;
}

function address(type: number, enc: Uint8Array): string {
  const v6 =
    type === ID_TYPES.ID_IPV6_ADDR ||
    type === ID_TYPES.ID_IPV6_ADDR_SUBNET ||
    type === ID_TYPES.ID_IPV6_ADDR_RANGE;
  const size = v6 ? 16 : 4;
  const single = type === ID_TYPES.ID_IPV4_ADDR || type === ID_TYPES.ID_IPV6_ADDR;
  if (enc.length < (single ? size : 2 * size)) return `(invalid ${idTypeName(type)})`;
  const ntop = v6 ? ntop6 : ntop4;
  const first = ntop(enc.subarray(0, size));
  if (single) return first;
  const second = enc.subarray(size, 2 * size);
  if (type === ID_TYPES.ID_IPV4_ADDR_SUBNET || type === ID_TYPES.ID_IPV6_ADDR_SUBNET)
    return `${first}/${netmaskBits(second)}`;
  return `${first}-${ntop(second)}`;
}

/**
 * How charon prints an identity of `type` with this encoding. A regex identity prints its pattern.
 * `release` picks the DN attribute names in force (e.g. `SN` meant serialNumber before 5.9.2).
 */
export function printEncoding(
  type: number,
  encoding: Uint8Array,
  opts: { release?: ReleaseLike; regex?: boolean } = {},
): string {
  if (opts.regex) return bytesText(encoding, "latin1");
  switch (type) {
    case ID_TYPES.ID_ANY:
      return "%any";
    case ID_TYPES.ID_IPV4_ADDR:
    case ID_TYPES.ID_IPV4_ADDR_SUBNET:
    case ID_TYPES.ID_IPV4_ADDR_RANGE:
    case ID_TYPES.ID_IPV6_ADDR:
    case ID_TYPES.ID_IPV6_ADDR_SUBNET:
    case ID_TYPES.ID_IPV6_ADDR_RANGE:
      return address(type, encoding);
    case ID_TYPES.ID_FQDN:
    case ID_TYPES.ID_RFC822_ADDR:
    case ID_TYPES.ID_DER_ASN1_GN_URI:
      return printableBytes(encoding);
    case ID_TYPES.ID_DER_ASN1_DN:
      return printDn(encoding, opts.release);
    case ID_TYPES.ID_DER_ASN1_GN:
      return "(ASN.1 general name)";
    case ID_TYPES.ID_KEY_ID:
      // text when every byte is printable and it is not SHA-1 sized, colon hex otherwise
      return isPrintable(encoding) && encoding.length !== 20
        ? bytesText(encoding, "latin1")
        : colonHex(encoding);
    default:
      return `(unknown ID type: ${type})`;
  }
}

/** `%Y` of a possibly missing identity, with printf width (`%-25Y`, `%5Y`). */
export function printIdentity(id: { printed: string } | null, width = 0, leftAlign = false): string {
  const s = id ? id.printed : "(null)";
  return leftAlign ? s.padEnd(width) : s.padStart(width);
}
