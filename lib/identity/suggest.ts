import type { IdTypeName } from "./types.js";

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * How to write an identity in swanctl.conf so that strongSwan parses it back to the same type
 * and value (semantics §2): e.g. a dNSName that looks like an IPv4 address needs `@`, an email with
 * `=` needs the `rfc822:` prefix, a DN that cannot be written as text needs `asn1dn:#hex`.
 */
export function idStringFor(type: IdTypeName, value: string, encoding: Uint8Array): string {
  const hex = Buffer.from(encoding).toString("hex");
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
      return `asn1dn:#${hex}`;
    case "ID_DER_ASN1_GN_URI":
      return `uri:${value}`;
    case "ID_KEY_ID":
      return `keyid:#${hex}`;
    default:
      return `{${type}}:#${hex}`;
  }
}
