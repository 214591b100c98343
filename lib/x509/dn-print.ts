import { children, content, decodeOid, readTlv, TAG } from "../asn1/der.js";
import { DN_ATTRIBUTE_NAMES, DN_ATTRIBUTE_NAMES_SINCE } from "../asn1/oids.js";
import { type ReleaseLike, rulesFor } from "../rules.js";
import { enumerateRdns } from "./rdn.js";

/** One attribute of a DN, in encoding order (multi-valued RDNs are flattened, as strongSwan does). */
export interface Rdn {
  oid: string;
  /** the OID's content bytes */
  oidBytes: Uint8Array;
  /** the ASN.1 string tag of the value (0x13 PrintableString, 0x0c UTF8String, 0x16 IA5String ...) */
  tag: number;
  value: Uint8Array;
}

/** Split a DER Name into its attributes; throws IkecertError on malformed DER. */
export function parseRdns(der: Uint8Array): Rdn[] {
  const seq = readTlv(der, 0);
  const out: Rdn[] = [];
  for (const set of children(der, seq)) {
    for (const atv of children(der, set)) {
      const [oidT, valT] = children(der, atv);
      if (!oidT || !valT || oidT.tag !== TAG.OID) continue;
      const oidBytes = content(der, oidT);
      out.push({ oid: decodeOid(oidBytes), oidBytes, tag: valT.tag, value: content(der, valT) });
    }
  }
  return out;
}

/** The name charon prints for a DN attribute, or null when it prints the OID bytes in hex. */
export function dnAttributeName(oid: string, release?: ReleaseLike): string | null {
  const rules = rulesFor(release);
  // oid.txt before 5.9.2 named the surname `S` and the serialNumber `SN`
  if (!rules.snIsSurname) {
    if (oid === "2.5.4.4") return "S";
    if (oid === "2.5.4.5") return "SN";
  }
  const n = DN_ATTRIBUTE_NAMES[oid];
  if (n) return n;
  const later = DN_ATTRIBUTE_NAMES_SINCE[oid];
  if (later && rules[later.when]) return later.name;
  return null;
}

function hexColon(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");
}

/** Bytes as charon prints them: printable ASCII kept, everything else `?` (isprint in the C locale). */
export function printableBytes(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : "?";
  return s;
}

/**
 * A DER DN printed the way charon logs it (`%Y`, identification.c dntoa): `NAME=value` joined by ", ".
 * Unknown attributes print as the OID body in colon hex; non-printable value bytes print as `?`;
 * a malformed tail prints as `(invalid ID_DER_ASN1_DN)` after the attributes read so far.
 */
export function printDn(der: Uint8Array, release?: ReleaseLike): string {
  const rdns = enumerateRdns(der);
  if (rdns.length === 0) return "";
  let out = "";
  let finished = false;
  for (const r of rdns) {
    const name = dnAttributeName(decodeOidLenient(r.oidBytes), release) ?? hexColon(r.oidBytes);
    out += `${name}=${printableBytes(r.value)}`;
    if (r.end === der.length) {
      finished = true;
      break;
    }
    out += ", ";
  }
  return finished ? out : `${out}(invalid ID_DER_ASN1_DN)`;
}

function decodeOidLenient(b: Uint8Array): string {
  try {
    return decodeOid(b);
  } catch {
    return "";
  }
}
