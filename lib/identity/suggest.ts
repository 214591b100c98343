import { decodeOid } from "../asn1/der.js";
import { bytesText } from "../bytes.js";
import type { ReleaseLike } from "../rules.js";
import { dnAttributeName, printableBytes } from "../x509/dn-print.js";
import { enumerateRdns } from "../x509/rdn.js";
import { ID_TYPES, type IdTypeName } from "../x509/types.js";
import { dnEquals } from "./dn.js";
import { type Identity, parseIdentity } from "./parse.js";

function parsesBackTo(text: string, der: Uint8Array, release?: ReleaseLike): boolean {
  const id = parseIdentity(text, { strongswan: release });
  return id.type === ID_TYPES.ID_DER_ASN1_DN && dnEquals(id.encoding, der);
}

/**
 * A DN as it can be written in swanctl.conf: its printed text when that parses back to the same DN,
 * else the `/`-separated form (a value may then hold a comma), else `asn1dn:#<hex DER>`.
 */
export function dnIdString(der: Uint8Array, printed: string, release?: ReleaseLike): string {
  // kept with the DER: a near-miss explanation writes the subject several times (fix, suggestions)
  const known = written.get(der);
  if (known?.printed === printed && known.release === release) return known.text;
  const text = dnIdStringOf(der, printed, release);
  written.set(der, { printed, release, text });
  return text;
}

const written = new WeakMap<Uint8Array, { printed: string; release: ReleaseLike; text: string }>();

function dnIdStringOf(der: Uint8Array, printed: string, release?: ReleaseLike): string {
  if (printed && parsesBackTo(printed, der, release)) return printed;
  const parts: string[] = [];
  for (const r of enumerateRdns(der)) {
    let oid = "";
    try {
      oid = decodeOid(r.oidBytes);
    } catch {
      break;
    }
    const name = dnAttributeName(oid, release);
    if (!name) break;
    parts.push(`${name}=${printableBytes(r.value)}`);
  }
  const slash = `/${parts.join("/")}`;
  if (parts.length && parsesBackTo(slash, der, release)) return slash;
  return `asn1dn:#${bytesText(der, "hex")}`;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * How to write an identity in swanctl.conf so that strongSwan parses it back to the same type
 * and value (semantics §2): e.g. a dNSName that looks like an IPv4 address needs `@`, an email with
 * `=` needs the `rfc822:` prefix, a DN that cannot be written as text needs `asn1dn:#hex`.
 */
export function idStringFor(
  type: IdTypeName,
  value: string,
  encoding: Uint8Array,
  release?: ReleaseLike,
): string {
  const hex = bytesText(encoding, "hex");
  switch (type) {
    case "ID_FQDN":
      if (
        value.includes("=") ||
        IPV4.test(value) ||
        value.includes(":") ||
        value === "" ||
        value.startsWith("@")
      )
        return `fqdn:${value}`;
      if (value.includes("@")) return `fqdn:${value}`;
      return value;
    case "ID_RFC822_ADDR":
      if (value.includes("=") || !value.includes("@") || value.startsWith("@")) return `rfc822:${value}`;
      return value;
    case "ID_IPV4_ADDR":
    case "ID_IPV6_ADDR":
    case "ID_IPV4_ADDR_SUBNET":
    case "ID_IPV6_ADDR_SUBNET":
      return value;
    case "ID_DER_ASN1_DN":
      return dnIdString(encoding, value, release);
    case "ID_DER_ASN1_GN_URI":
      return `uri:${value}`;
    case "ID_KEY_ID":
      return `keyid:#${hex}`;
    default:
      return `{${type}}:#${hex}`;
  }
}

/** Type prefixes whose value strongSwan keeps as text unless it starts with `#` (semantics §2). */
const TEXT_KEEPING_PREFIXES: Record<string, number> = {
  "ipv4:": ID_TYPES.ID_IPV4_ADDR,
  "ipv6:": ID_TYPES.ID_IPV6_ADDR,
  "ipv4net:": ID_TYPES.ID_IPV4_ADDR_SUBNET,
  "ipv6net:": ID_TYPES.ID_IPV6_ADDR_SUBNET,
  "ipv4range:": ID_TYPES.ID_IPV4_ADDR_RANGE,
  "ipv6range:": ID_TYPES.ID_IPV6_ADDR_RANGE,
  "asn1dn:": ID_TYPES.ID_DER_ASN1_DN,
};

/**
 * `ipv4:192.0.2.1`, `asn1dn:C=CH, ...`: a prefix form whose value strongSwan stores as the raw text,
 * so it matches nothing. Returns what the user meant (the text parsed without the prefix) and the
 * `prefix:#hex` form that does work; null when the id is not such a near miss.
 */
export function prefixStoredAsText(
  input: string,
  release?: ReleaseLike,
): { prefix: string; rest: string; intended: Identity; hexForm: string; what: "a DN" | "an address" } | null {
  const lower = input.toLowerCase();
  for (const [prefix, type] of Object.entries(TEXT_KEEPING_PREFIXES)) {
    if (!lower.startsWith(prefix) || input[prefix.length] === "#") continue;
    const rest = input.slice(prefix.length);
    const intended = parseIdentity(rest, { strongswan: release });
    if (intended.type !== type) continue;
    const hexForm = `${prefix}#${bytesText(intended.encoding, "hex")}`;
    return {
      prefix,
      rest,
      intended,
      hexForm,
      what: type === ID_TYPES.ID_DER_ASN1_DN ? "a DN" : "an address",
    };
  }
  return null;
}
