import { children, content, decodeOid, expectTlv, readTlv, TAG, type Tlv, whole } from "../asn1/der.js";
import { OTHERNAME_UPN, OTHERNAME_XMPP } from "../asn1/oids.js";
import type { ReleaseLike } from "../rules.js";
import { printableBytes, printDn } from "./dn-print.js";
import { printEncoding } from "./print.js";
import { ID_TYPES, type IdTypeName } from "./types.js";

/** The kind of a general name (SAN entry). */
export type GeneralNameKind =
  | "otherName"
  | "rfc822Name"
  | "dNSName"
  | "x400Address"
  | "directoryName"
  | "ediPartyName"
  | "uniformResourceIdentifier"
  | "iPAddress"
  | "registeredID";

const KINDS: GeneralNameKind[] = [
  "otherName",
  "rfc822Name",
  "dNSName",
  "x400Address",
  "directoryName",
  "ediPartyName",
  "uniformResourceIdentifier",
  "iPAddress",
  "registeredID",
];

/** A subjectAltName entry, typed the way strongSwan's x509 plugin types it (semantics §5). */
export interface GeneralName {
  kind: GeneralNameKind;
  /** the identity type strongSwan gives it, or null when the x509 plugin cannot represent it */
  idType: IdTypeName | null;
  /** human readable value (address text for iPAddress, DN as charon prints it, ...) */
  value: string;
  /** the identity encoding strongSwan compares (string bytes, address bytes, DER of a DN) */
  encoding: Uint8Array;
  /** otherName type-id */
  otherNameOid?: string;
  /** false when strongSwan's x509 plugin rejects the whole certificate because of this name */
  supported: boolean;
}

/** iPAddress lengths the x509 plugin represents (subnets only on newer releases, semantics §5). */
const IP_TYPES: Record<number, IdTypeName> = {
  4: "ID_IPV4_ADDR",
  16: "ID_IPV6_ADDR",
  8: "ID_IPV4_ADDR_SUBNET",
  32: "ID_IPV6_ADDR_SUBNET",
};

/** A GeneralName without its text: what matching needs (strongSwan compares the encoding). */
export type SanEntry = Omit<GeneralName, "value">;

/** The entry with the inner UTF8String of an otherName kept for its text. */
interface RawSan extends SanEntry {
  otherNameText?: Uint8Array | null;
}

/**
 * A GeneralName whose text is made on first use (a directoryName printed as `release` prints it, an
 * iPAddress as charon prints the identity). A class with private fields and one shared accessor, not
 * an object literal with a getter (a closure per name, which young-generation collections cannot
 * free); `value` stays an own enumerable property, where JSON, spreads and deep equality see it.
 */
class LazyName implements GeneralName {
  declare kind: GeneralNameKind;
  declare idType: IdTypeName | null;
  declare readonly value: string;
  declare encoding: Uint8Array;
  declare supported: boolean;
  declare otherNameOid?: string;
  #release: ReleaseLike | undefined;
  #value: string | undefined;
  static readonly #VALUE: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyName) {
      this.#value ??=
        this.kind === "directoryName"
          ? printDn(this.encoding, this.#release)
          : printEncoding(ID_TYPES[this.idType!], this.encoding);
      return this.#value;
    },
  };
  constructor(n: SanEntry, release: ReleaseLike | undefined) {
    this.kind = n.kind;
    this.idType = n.idType;
    Object.defineProperty(this, "value", LazyName.#VALUE);
    this.encoding = n.encoding;
    this.supported = n.supported;
    if (n.otherNameOid !== undefined) this.otherNameOid = n.otherNameOid;
    this.#release = release;
  }
}

function plain(n: RawSan, value: string): GeneralName {
  const out: GeneralName = {
    kind: n.kind,
    idType: n.idType,
    value,
    encoding: n.encoding,
    supported: n.supported,
  };
  if (n.otherNameOid !== undefined) out.otherNameOid = n.otherNameOid;
  return out;
}

/** The text of an entry, as parseGeneralNames gives it (a directoryName as `release` prints it). */
function withValue(e: RawSan, release?: ReleaseLike): GeneralName {
  const c = e.encoding;
  switch (e.kind) {
    case "rfc822Name":
    case "dNSName":
    case "uniformResourceIdentifier":
      return plain(e, printableBytes(c));
    case "directoryName":
      return new LazyName(e, release);
    case "iPAddress":
      // printed as charon prints the identity (glibc inet_ntop, netmask_to_cidr)
      if (e.idType) return new LazyName(e, release);
      return plain(e, `(${c.length}-byte address)`);
    case "otherName":
      if (e.supported) return plain(e, printableBytes(c));
      return plain(e, e.otherNameText ? printableBytes(e.otherNameText) : `otherName ${e.otherNameOid}`);
    default:
      return plain(e, `(${e.kind})`);
  }
}

/** Parse the DER value of a subjectAltName extension (GeneralNames). */
export function parseGeneralNames(v: Uint8Array, release?: ReleaseLike): GeneralName[] {
  return parseSanEntries(v).map((e) => withValue(e as RawSan, release));
}

/**
 * The entries of a subjectAltName extension without their texts (the identity hot path: no
 * strings made). Same checks and throws as parseGeneralNames.
 */
export function parseSanEntries(v: Uint8Array): SanEntry[] {
  const seq = expectTlv(v, 0, TAG.SEQUENCE, v.length, "GeneralNames");
  return children(v, seq).map((t) => parseGeneralNameAt(v, t));
}

/**
 * One GeneralName (the TLV `t` inside `v`), typed as the x509 plugin's parse_generalName types it:
 * also the base of a nameConstraints GeneralSubtree.
 */
export function parseGeneralNameAt(v: Uint8Array, t: Tlv): SanEntry {
  const n = t.tag & 0x1f;
  const kind = KINDS[n] ?? "registeredID";
  const c = content(v, t);
  switch (n) {
    case 1:
      return { kind, idType: "ID_RFC822_ADDR", encoding: c, supported: true };
    case 2:
      return { kind, idType: "ID_FQDN", encoding: c, supported: true };
    case 6:
      return { kind, idType: "ID_DER_ASN1_GN_URI", encoding: c, supported: true };
    case 4: {
      const name = readTlv(v, t.contentStart, t.end);
      return { kind, idType: "ID_DER_ASN1_DN", encoding: whole(v, name), supported: true };
    }
    case 7: {
      const idType = IP_TYPES[c.length];
      if (!idType) return { kind, idType: null, encoding: c, supported: false };
      return { kind, idType, encoding: c, supported: true };
    }
    case 0: {
      const kids = children(v, t);
      const oid = kids[0] && kids[0].tag === TAG.OID ? decodeOid(content(v, kids[0])) : "?";
      let text: Uint8Array | null = null;
      const wrapped = kids[1];
      if (wrapped && wrapped.tag === 0xa0) {
        const inner = readTlv(v, wrapped.contentStart, wrapped.end);
        if (inner.tag === TAG.UTF8String) text = content(v, inner);
      }
      if ((oid === OTHERNAME_XMPP || oid === OTHERNAME_UPN) && text)
        return { kind, idType: "ID_RFC822_ADDR", encoding: text, otherNameOid: oid, supported: true };
      return {
        kind,
        idType: null,
        encoding: c,
        otherNameOid: oid,
        supported: false,
        otherNameText: text,
      } as RawSan;
    }
    default:
      return { kind, idType: null, encoding: c, supported: false };
  }
}
