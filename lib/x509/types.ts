/** strongSwan's identity types (src/libstrongswan/utils/identification.h), by their names. */
export const ID_TYPES = {
  ID_ANY: 0,
  ID_IPV4_ADDR: 1,
  ID_FQDN: 2,
  ID_RFC822_ADDR: 3,
  ID_IPV4_ADDR_SUBNET: 4,
  ID_IPV6_ADDR: 5,
  ID_IPV6_ADDR_SUBNET: 6,
  ID_IPV4_ADDR_RANGE: 7,
  ID_IPV6_ADDR_RANGE: 8,
  ID_DER_ASN1_DN: 9,
  ID_DER_ASN1_GN: 10,
  ID_KEY_ID: 11,
  ID_DER_ASN1_GN_URI: 201,
} as const;

/** strongSwan's name of an identity type. */
export type IdTypeName = keyof typeof ID_TYPES;

const NAMES = new Map<number, string>(Object.entries(ID_TYPES).map(([k, v]) => [v, k]));

/** strongSwan's name of an identity type number. */
export function idTypeName(n: number): string {
  return NAMES.get(n) ?? `(unknown ID type: ${n})`;
}
