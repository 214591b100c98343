/**
 * Identities as charon PRINTS them in log lines (`%Y`, identification.c identity_to_string). Most
 * printed forms read back through `parseIdentity` to the same type (FQDNs, emails, addresses,
 * subnets, ranges, `%any`, DNs that round-trip); this module only adds what is specific to the
 * printed side, where reading the text as a configured id would give the wrong type:
 * - a DN that does not parse back (`O=DigiCert, Inc.`, `55:04:61=...`, see semantics §3) is still a DN;
 * - a key id that is not printable text is printed as colon hex, which stands for its bytes;
 * - a URI (ID_DER_ASN1_GN_URI) prints without its `uri:` prefix;
 * - placeholders: `(ASN.1 general name)`, `(invalid ID_IPV4_ADDR)`, `(unknown ID type: N)`.
 * An address id made from text (`ipv4:192.0.2.1` keeps the 9 text bytes) prints its first bytes as
 * an address (`49.57.50.46`): that is still ID_IPV4_ADDR, only its full encoding is not in the line.
 */
import { decodeOid } from "../asn1/der.js";
import { parseIdentity } from "../identity/parse.js";
import { type ReleaseLike, rulesFor } from "../rules.js";
import { dnAttributeName } from "../x509/dn-print.js";
import { ID_TYPES, idTypeName } from "../x509/types.js";

export interface ClassifiedIdentity {
  typeName: string;
  /** the bytes the printed form stands for, null where the line does not tell them */
  encoding: Uint8Array | null;
}

/** A printed DN starts with an attribute as printDn writes it: a name or a colon-hex OID, then `=`. */
const PRINTED_DN = /^(?:[A-Za-z][A-Za-z0-9]*|[0-9a-f]{2}(?::[0-9a-f]{2})+)=/;
const COLON_HEX = /^[0-9a-f]{2}(?::[0-9a-f]{2})+$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

function fromHex(colonHex: string): Uint8Array {
  return Uint8Array.from(colonHex.split(":"), (x) => Number.parseInt(x, 16));
}

/** The strongSwan type (and, where the line tells it, the encoding) of an identity printed by charon. */
export function classifyPrintedIdentity(printed: string, release?: ReleaseLike): ClassifiedIdentity {
  if (printed === "(ASN.1 general name)") return { typeName: "ID_DER_ASN1_GN", encoding: null };
  const invalid = /^\(invalid (ID_[A-Z0-9_]+)\)$/.exec(printed);
  if (invalid) return { typeName: invalid[1]!, encoding: null };
  const unknown = /^\(unknown ID type: (\d+)\)$/.exec(printed);
  if (unknown) return { typeName: idTypeName(Number(unknown[1])), encoding: null };
  if (URI.test(printed))
    return { typeName: "ID_DER_ASN1_GN_URI", encoding: new TextEncoder().encode(printed) };
  const id = parseIdentity(printed, { strongswan: release });
  if (COLON_HEX.test(printed) && id.type === ID_TYPES.ID_KEY_ID)
    return { typeName: "ID_KEY_ID", encoding: fromHex(printed) };
  if (id.type !== ID_TYPES.ID_DER_ASN1_DN && PRINTED_DN.test(printed))
    return { typeName: "ID_DER_ASN1_DN", encoding: null };
  return { typeName: id.typeName, encoding: id.encoding };
}

/** A DN attribute printed as its OID bytes (`55:04:61=`), at the start or after a `, `. */
const HEX_ATTRIBUTE = /(?:^|, )((?:[0-9a-f]{2}:)+[0-9a-f]{2})=/g;

/**
 * What a DN attribute printed as OID bytes says about the release that logged it: charon prints
 * an attribute it has no name for as hex, and such text does not read back as an id. When the
 * release whose rules apply does have a name for it, the line came from an older charon.
 */
export function unnamedAttributeHints(printed: string, release?: ReleaseLike): string[] {
  const out: string[] = [];
  const rules = rulesFor(release);
  for (const m of printed.matchAll(HEX_ATTRIBUTE)) {
    let oid: string;
    try {
      oid = decodeOid(fromHex(m[1]!));
    } catch {
      continue;
    }
    const named = dnAttributeName(oid, release);
    const later = dnAttributeName(oid);
    if (named)
      out.push(
        `'${m[1]}' is the attribute ${oid} (${named}), which strongSwan ${rules.release.text} prints by name: this line was logged by an older charon (check --strongswan); as an id, write '${named}=...' or asn1dn:#<DER of the DN> (ikecert inspect <cert.pem> prints it)`,
      );
    else
      out.push(
        `'${m[1]}' is the attribute ${oid}${later ? ` (${later})` : ""}, which strongSwan ${rules.release.text} has no name for, so it prints the OID's bytes; that text does not parse back as an id: write the DN as asn1dn:#<DER of the DN> (ikecert inspect <cert.pem> prints it)`,
      );
  }
  return out;
}
