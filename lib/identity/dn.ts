/**
 * Distinguished names as strongSwan reads, compares and matches them (semantics §3, §4.2;
 * src/libstrongswan/utils/identification.c atodn, compare_dn, match_dn, rdn_equals).
 */
import { encodeOid, encodeTlv } from "../asn1/der.js";
import { bytesEqual, bytesText, caseEqualN } from "../bytes.js";
import { type BehaviourName, type ReleaseLike, rulesFor } from "../rules.js";
import { ASN1, enumerateRdns, type RawRdn } from "../x509/rdn.js";

/** charon.rdn_matching: how DN identities compare their RDNs. */
export type RdnMatching = "strict" | "reordered" | "relaxed";

interface AttributeSpec {
  names: string[];
  oid: string;
  tag: number;
  /** known only with this behaviour */
  when?: BehaviourName;
  /** known only without it */
  unless?: BehaviourName;
}

const P = ASN1.PRINTABLE;
const IA5 = ASN1.IA5;

/** The attribute names atodn accepts (x501rdns), with the releases that changed them. */
const ATTRIBUTES: AttributeSpec[] = [
  { names: ["ND"], oid: "0.2.262.1.10.7.20", tag: P },
  { names: ["UID"], oid: "0.9.2342.19200300.100.1.1", tag: P },
  { names: ["DC"], oid: "0.9.2342.19200300.100.1.25", tag: P },
  { names: ["CN"], oid: "2.5.4.3", tag: P },
  // before 5.9.2 `S` was the surname and `SN` the serialNumber; since then `SN` is the surname
  { names: ["S"], oid: "2.5.4.4", tag: P, unless: "snIsSurname" },
  { names: ["SN"], oid: "2.5.4.5", tag: P, unless: "snIsSurname" },
  { names: ["SN"], oid: "2.5.4.4", tag: P, when: "snIsSurname" },
  { names: ["serialNumber"], oid: "2.5.4.5", tag: P },
  { names: ["C"], oid: "2.5.4.6", tag: P },
  { names: ["L"], oid: "2.5.4.7", tag: P },
  { names: ["ST"], oid: "2.5.4.8", tag: P },
  { names: ["STREET"], oid: "2.5.4.9", tag: P },
  { names: ["O"], oid: "2.5.4.10", tag: P },
  { names: ["OU"], oid: "2.5.4.11", tag: P },
  { names: ["organizationIdentifier"], oid: "2.5.4.97", tag: P, when: "organizationIdentifierName" },
  { names: ["T"], oid: "2.5.4.12", tag: P },
  { names: ["D"], oid: "2.5.4.13", tag: P },
  { names: ["postalAddress"], oid: "2.5.4.16", tag: P },
  { names: ["postalCode"], oid: "2.5.4.17", tag: P },
  { names: ["N"], oid: "2.5.4.41", tag: P },
  { names: ["G"], oid: "2.5.4.42", tag: P },
  { names: ["I"], oid: "2.5.4.43", tag: P },
  { names: ["dnQualifier"], oid: "2.5.4.46", tag: P },
  { names: ["dmdName"], oid: "2.5.4.54", tag: P },
  { names: ["pseudonym"], oid: "2.5.4.65", tag: P },
  { names: ["ID"], oid: "2.5.4.45", tag: P },
  { names: ["EN", "employeeNumber"], oid: "2.16.840.1.113730.3.1.3", tag: P },
  { names: ["E", "Email", "emailAddress"], oid: "1.2.840.113549.1.9.1", tag: IA5 },
  { names: ["UN", "unstructuredName"], oid: "1.2.840.113549.1.9.2", tag: IA5 },
  { names: ["UA", "unstructuredAddress"], oid: "1.2.840.113549.1.9.8", tag: P },
  { names: ["TCGID"], oid: "1.3.6.1.4.1.1201.1.1.2.2.75", tag: P },
];

/** The attribute a name stands for in `release`, or null when atodn does not know it. */
export function dnAttributeByName(name: string, release?: ReleaseLike): { oid: string; tag: number } | null {
  const rules = rulesFor(release);
  let known = attributesByName.get(rules);
  if (!known) {
    known = new Map();
    attributesByName.set(rules, known);
  }
  let a = known.get(name);
  if (a === undefined) {
    a = findAttribute(name, rules);
    if (known.size < 256) known.set(name, a);
  }
  return a;
}

// per release's rules, the names looked up so far (a DN parse looks up every attribute name)
const attributesByName = new WeakMap<object, Map<string, { oid: string; tag: number } | null>>();

function findAttribute(
  name: string,
  rules: ReturnType<typeof rulesFor>,
): { oid: string; tag: number } | null {
  const lower = name.toLowerCase();
  for (const a of ATTRIBUTES) {
    if (a.when && !rules[a.when]) continue;
    if (a.unless && rules[a.unless]) continue;
    if (a.names.some((n) => n.toLowerCase() === lower)) return { oid: a.oid, tag: a.tag };
  }
  return null;
}

const PRINTABLE_SET = new Set(
  Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?", (c) =>
    c.charCodeAt(0),
  ),
);

/** asn1_is_printablestring */
export function isPrintableString(b: Uint8Array): boolean {
  for (const x of b) if (!PRINTABLE_SET.has(x)) return false;
  return true;
}

/** SET { SEQUENCE { OID, value } }: one single-valued RDN, encoded with our own DER writer. */
function encodeRdn(oid: string, tag: number, value: Uint8Array): Uint8Array {
  let oidTlv = oidTlvs.get(oid);
  if (!oidTlv) {
    oidTlv = encodeTlv(0x06, encodeOid(oid));
    oidTlvs.set(oid, oidTlv);
  }
  const attr = encodeTlv(0x30, concatBytes([oidTlv, encodeTlv(tag, value)]));
  return encodeTlv(0x31, attr);
}

/** The encoded OIDs of the attribute table (a bounded set), made once each. */
const oidTlvs = new Map<string, Uint8Array>();

function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}

/** Why a DN string did not parse. */
export type DnParseFailure = "unknown-attribute" | "unterminated-attribute" | "too-many-rdns";

/** The result of `parseDnString`: the DER or why it failed. */
export interface DnParse {
  der: Uint8Array | null;
  /** why atodn failed (strongSwan then makes the string an ID_KEY_ID) */
  failure?: DnParseFailure;
  /** the attribute name atodn did not know */
  unknown?: string;
}

const RDN_MAX = 20;
const SPACE = 0x20;
const EQ = 0x3d;

/**
 * atodn: the DN string (as bytes) → DER, strongSwan's state machine step by step: the separator is
 * `/` if the first non-space byte is `/`, else `,`; no escaping; trailing spaces of a value trimmed.
 */
export function parseDnString(src: Uint8Array, release?: ReleaseLike): DnParse {
  enum S {
    SearchOid,
    ReadOid,
    SearchName,
    ReadName,
    UnknownOid,
  }
  let state = S.SearchOid;
  let sep = 0;
  let oidStart = 0;
  let oidLen = 0;
  let nameStart = 0;
  let nameLen = 0;
  let whitespace = 0;
  let attr: { oid: string; tag: number } | null = null;
  const rdns: Uint8Array[] = [];
  let failure: DnParseFailure | undefined;
  let unknown: string | undefined;
  const finishRdn = () => {
    nameLen -= whitespace;
    if (rdns.length < RDN_MAX) {
      const value = src.subarray(nameStart, nameStart + nameLen);
      const a = attr!;
      const tag = a.tag === P && !isPrintableString(value) ? ASN1.UTF8 : a.tag;
      rdns.push(encodeRdn(a.oid, tag, value));
    } else failure ??= "too-many-rdns";
    state = S.SearchOid;
  };
  for (let i = 0; i <= src.length; i++) {
    const c = i < src.length ? src[i]! : 0;
    switch (state) {
      case S.SearchOid:
        if (!sep && c === 0x2f) {
          sep = 0x2f;
          break;
        }
        if (c !== SPACE && c !== 0) {
          if (!sep) sep = 0x2c;
          oidStart = i;
          oidLen = 1;
          state = S.ReadOid;
        }
        break;
      case S.ReadOid:
        if (c !== SPACE && c !== EQ) oidLen++;
        else {
          const name = bytesText(src.subarray(oidStart, oidStart + oidLen), "latin1");
          attr = dnAttributeByName(name, release);
          if (!attr) {
            failure = "unknown-attribute";
            unknown = bytesText(src.subarray(oidStart, oidStart + oidLen), "utf8");
            state = S.UnknownOid;
            break;
          }
          state = S.SearchName;
        }
        break;
      case S.SearchName:
        if (c === SPACE || c === EQ) break;
        if (c !== sep && c !== 0) {
          nameStart = i;
          nameLen = 1;
          whitespace = 0;
          state = S.ReadName;
          break;
        }
        // an empty value: the separator or the end right after the name
        nameStart = i;
        nameLen = 0;
        whitespace = 0;
        finishRdn();
        break;
      case S.ReadName:
        if (c !== sep && c !== 0) {
          nameLen++;
          whitespace = c === SPACE ? whitespace + 1 : 0;
        } else finishRdn();
        break;
      case S.UnknownOid:
        break;
    }
    // an unknown attribute decides the outcome: nothing after it is read (a long input stays cheap)
    if ((state as S) === S.UnknownOid) break;
  }
  if (state === S.ReadOid) failure ??= "unterminated-attribute";
  if (failure) return { der: null, failure, ...(unknown !== undefined ? { unknown } : {}) };
  return { der: encodeTlv(0x30, concatBytes(rdns)) };
}

const EMAIL_OID = Uint8Array.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01]);

/** rdn_equals: case-insensitive only when both values are PrintableString, or both IA5 emailAddress. */
export function rdnValuesEqual(a: RawRdn, b: RawRdn): boolean {
  if (a.value.length !== b.value.length) return false;
  if (a.tag === b.tag && (a.tag === P || (a.tag === IA5 && bytesEqual(a.oidBytes, EMAIL_OID))))
    return caseEqualN(a.value, 0, b.value, 0, a.value.length);
  return bytesEqual(a.value, b.value);
}

function isWildcard(v: Uint8Array): boolean {
  return v.length === 1 && v[0] === 0x2a;
}

/** compare_dn: equality when `wildcards` is null, in-order matching with `*` values otherwise. */
function compareDn(t: Uint8Array, o: Uint8Array, wildcards: { n: number } | null): boolean {
  if (!wildcards && t.length !== o.length) return false;
  if (bytesEqual(t, o)) return true;
  const tr = enumerateRdns(t);
  const or = enumerateRdns(o);
  let finished = false;
  for (let i = 0; ; i++) {
    const tn = tr[i];
    const on = or[i];
    if (!tn && !on) break;
    finished = false;
    if (!tn || !on) break;
    if (!bytesEqual(tn.oidBytes, on.oidBytes)) break;
    if (wildcards && isWildcard(on.value)) wildcards.n++;
    else if (!rdnValuesEqual(tn, on)) break;
    if (tn.end === t.length && on.end === o.length) finished = true;
  }
  return finished;
}

/** match_dn: RDNs in any order; with `allowUnmatched` extra RDNs of `t` count as wildcards. */
function matchDnUnordered(
  t: Uint8Array,
  o: Uint8Array,
  wildcards: { n: number },
  allowUnmatched: boolean,
): boolean {
  if (bytesEqual(t, o)) return true;
  const pattern = enumerateRdns(o);
  if (!pattern.some((r) => r.end === o.length)) return false;
  // exact pattern RDNs are tried before wildcard ones
  const ordered = [
    ...pattern.filter((r) => !isWildcard(r.value)),
    ...pattern.filter((r) => isWildcard(r.value)),
  ];
  const used = new Array<boolean>(ordered.length).fill(false);
  let finished = false;
  for (const rdn of enumerateRdns(t)) {
    let found = false;
    for (let i = 0; i < ordered.length; i++) {
      const p = ordered[i]!;
      if (used[i] || !bytesEqual(p.oidBytes, rdn.oidBytes)) continue;
      if (isWildcard(p.value)) wildcards.n++;
      else if (!rdnValuesEqual(rdn, p)) continue;
      used[i] = true;
      found = true;
      break;
    }
    if (!found) {
      if (!allowUnmatched) break;
      wildcards.n++;
    }
    if (rdn.end === t.length) finished = true;
  }
  return finished && used.every(Boolean);
}

/** DN equality as identification_t.equals does it for two DNs. */
export function dnEquals(a: Uint8Array, b: Uint8Array): boolean {
  return compareDn(a, b, null);
}

/** DN match level (0 or 20 - wildcards, at least 3) under the given rdn_matching. */
export function dnMatchLevel(t: Uint8Array, o: Uint8Array, mode: RdnMatching = "strict"): number {
  const wc = { n: 0 };
  const ok = mode === "strict" ? compareDn(t, o, wc) : matchDnUnordered(t, o, wc, mode === "relaxed");
  if (!ok) return 0;
  return 20 - Math.min(wc.n, 17);
}

/** OIDs whose `*` value counts as a wildcard for contains_wildcards (the part enumerator's list). */
const PART_OIDS = new Set(
  [
    "2.5.4.3",
    "2.5.4.4",
    "2.5.4.5",
    "2.5.4.6",
    "2.5.4.7",
    "2.5.4.8",
    "2.5.4.10",
    "2.5.4.11",
    "2.5.4.12",
    "2.5.4.13",
    "2.5.4.41",
    "2.5.4.42",
    "2.5.4.43",
    "2.5.4.46",
    "2.5.4.54",
    "2.5.4.65",
    "2.5.4.45",
    "1.2.840.113549.1.9.1",
    "2.16.840.1.113730.3.1.3",
  ].map((o) => bytesText(encodeOid(o), "hex")),
);

export function dnContainsWildcards(dn: Uint8Array): boolean {
  return enumerateRdns(dn).some((r) => isWildcard(r.value) && PART_OIDS.has(bytesText(r.oidBytes, "hex")));
}

/** hash_dn ignores the value tags: two DNs with equal OIDs and value bytes hash alike. */
export function dnHashKey(dn: Uint8Array): string {
  return enumerateRdns(dn)
    .map((r) => `${bytesText(r.oidBytes, "hex")}=${bytesText(r.value, "hex")}`)
    .join(",");
}

/** RDNs of a DER DN, as (oid bytes, tag, value) in order; used to explain near misses. */
export { enumerateRdns };
