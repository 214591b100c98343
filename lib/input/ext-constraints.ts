/**
 * The extensions strongSwan's constraints plugin reads, parsed the way the x509 plugin parses them
 * (src/libstrongswan/plugins/x509/x509_cert.c parse_nameConstraints, parse_certificatePolicies,
 * parse_policyMappings, parse_policyConstraints, parse_constraint): nameConstraints,
 * certificatePolicies, policyMappings, policyConstraints and inhibitAnyPolicy.
 *
 * Two things strongSwan does differently from RFC 5280, and which are kept here as facts:
 * - policyConstraints: the x509 plugin's ASN.1 template expects `[0] { INTEGER }` (constructed, the
 *   way its own `pki --issue` writes it); the RFC 5280 encoding `[0] IMPLICIT INTEGER` (what
 *   OpenSSL, PKITS and most CAs write) does not match the template and is skipped without a word.
 * - SkipCerts values are read from one content byte only: 0..127, anything else means "none".
 */
import { children, content, decodeOid, expectTlv, TAG, type Tlv } from "../asn1/der.js";
import { type GeneralNameKind, parseGeneralNameAt, type SanEntry } from "./general-name.js";

export type NameConstraint = SanEntry;

export interface PolicyMapping {
  /** issuerDomainPolicy, dotted */
  issuer: string;
  /** subjectDomainPolicy, dotted */
  subject: string;
}

export interface SkipCerts {
  requireExplicitPolicy: number | null;
  inhibitPolicyMapping: number | null;
}

export interface CertConstraints {
  /** null when the certificate has no nameConstraints extension */
  nameConstraints: { permitted: NameConstraint[]; excluded: NameConstraint[]; critical: boolean } | null;
  /** certificatePolicies OIDs, dotted, in order (null: no extension) */
  policies: string[] | null;
  policiesCritical: boolean;
  mappings: PolicyMapping[];
  /** policyConstraints as strongSwan reads them ([0]/[1] with an INTEGER inside) */
  policyConstraints: SkipCerts;
  /** policyConstraints written as RFC 5280 says ([0]/[1] IMPLICIT): strongSwan skips these */
  skippedPolicyConstraints: SkipCerts | null;
  inhibitAnyPolicy: number | null;
  /** critical extensions of these five (the openssl plugin refuses a certificate with any of them) */
  critical: string[];
  /** why the x509 plugin fails to parse one of these extensions in any release (malformed DER) */
  malformed: string | null;
}

export const ANY_POLICY = "2.5.29.32.0";

const EXT = {
  nameConstraints: "2.5.29.30",
  certificatePolicies: "2.5.29.32",
  policyMappings: "2.5.29.33",
  policyConstraints: "2.5.29.36",
  inhibitAnyPolicy: "2.5.29.54",
} as const;

const NAMES: Record<string, string> = Object.fromEntries(Object.entries(EXT).map(([n, o]) => [o, n]));

/** x509_cert.c parse_constraint: an INTEGER's content bytes as a SkipCerts value, or null (none). */
export function skipCertsValue(c: Uint8Array): number | null {
  if (c.length === 0) return 0;
  if (c.length === 1) return c[0]! & 0x80 ? null : c[0]!;
  return null;
}

function intContent(v: Uint8Array, t: Tlv, what: string): Uint8Array {
  if (t.tag !== TAG.INTEGER) throw new Error(`${what} is not an INTEGER`);
  return content(v, t);
}

function parseNameConstraints(v: Uint8Array): { permitted: NameConstraint[]; excluded: NameConstraint[] } {
  const top = expectTlv(v, 0, TAG.SEQUENCE, v.length, "nameConstraints");
  const out = { permitted: [] as NameConstraint[], excluded: [] as NameConstraint[] };
  for (const subtrees of children(v, top)) {
    const list = subtrees.tag === 0xa0 ? out.permitted : subtrees.tag === 0xa1 ? out.excluded : null;
    if (!list) throw new Error("nameConstraints holds something other than [0] or [1] subtrees");
    for (const st of children(v, subtrees)) {
      if (st.tag !== TAG.SEQUENCE) throw new Error("a GeneralSubtree is not a SEQUENCE");
      const base = children(v, st)[0];
      if (!base) throw new Error("a GeneralSubtree without base");
      list.push(parseGeneralNameAt(v, base));
    }
  }
  return out;
}

function parsePolicies(v: Uint8Array): string[] {
  const top = expectTlv(v, 0, TAG.SEQUENCE, v.length, "certificatePolicies");
  return children(v, top).map((info) => {
    const id = info.tag === TAG.SEQUENCE ? children(v, info)[0] : undefined;
    if (!id || id.tag !== TAG.OID) throw new Error("a PolicyInformation without policyIdentifier");
    return decodeOid(content(v, id));
  });
}

function parseMappings(v: Uint8Array): PolicyMapping[] {
  const top = expectTlv(v, 0, TAG.SEQUENCE, v.length, "policyMappings");
  return children(v, top).map((m) => {
    const [a, b] = m.tag === TAG.SEQUENCE ? children(v, m) : [];
    if (a?.tag !== TAG.OID || b?.tag !== TAG.OID) throw new Error("a policyMapping is not two OIDs");
    return { issuer: decodeOid(content(v, a)), subject: decodeOid(content(v, b)) };
  });
}

/**
 * The x509 plugin's template reads `[0]` then `[1]`, each optional and constructed around an
 * INTEGER; an element that does not fit stops nothing but is never read, and neither is anything
 * after it.
 */
function parsePolicyConstraints(v: Uint8Array): { read: SkipCerts; skipped: SkipCerts | null } {
  const top = expectTlv(v, 0, TAG.SEQUENCE, v.length, "policyConstraints");
  const kids = children(v, top);
  const read: SkipCerts = { requireExplicitPolicy: null, inhibitPolicyMapping: null };
  let i = 0;
  for (const [tag, key] of [
    [0xa0, "requireExplicitPolicy"],
    [0xa1, "inhibitPolicyMapping"],
  ] as const) {
    const k = kids[i];
    if (k?.tag !== tag) continue;
    const inner = children(v, k)[0];
    if (!inner) throw new Error(`${key} is empty`);
    read[key] = skipCertsValue(intContent(v, inner, key));
    i++;
  }
  const skipped: SkipCerts = { requireExplicitPolicy: null, inhibitPolicyMapping: null };
  let any = false;
  for (const k of kids.slice(i)) {
    if (k.tag !== 0x80 && k.tag !== 0x81) continue;
    skipped[k.tag === 0x80 ? "requireExplicitPolicy" : "inhibitPolicyMapping"] = Number.parseInt(
      Buffer.from(content(v, k)).toString("hex") || "0",
      16,
    );
    any = true;
  }
  return { read, skipped: any ? skipped : null };
}

/** What a certificate without any of these extensions has (and what the openssl plugin reports). */
export function noConstraints(): CertConstraints {
  return {
    nameConstraints: null,
    policies: null,
    policiesCritical: false,
    mappings: [],
    policyConstraints: { requireExplicitPolicy: null, inhibitPolicyMapping: null },
    skippedPolicyConstraints: null,
    inhibitAnyPolicy: null,
    critical: [],
    malformed: null,
  };
}

const cache = new WeakMap<object, CertConstraints>();

/** The constraint extensions of a certificate (cached per certificate object). */
export function certConstraints(cert: {
  extensions: { oid: string; critical: boolean; value: Uint8Array }[];
}): CertConstraints {
  let c = cache.get(cert);
  if (c) return c;
  c = noConstraints();
  for (const e of cert.extensions) {
    const name = NAMES[e.oid];
    if (!name) continue;
    if (e.critical) c.critical.push(name);
    try {
      const v = e.value;
      if (e.oid === EXT.nameConstraints)
        c.nameConstraints = { ...parseNameConstraints(v), critical: e.critical };
      else if (e.oid === EXT.certificatePolicies) {
        c.policies = parsePolicies(v);
        c.policiesCritical = e.critical;
      } else if (e.oid === EXT.policyMappings) c.mappings = parseMappings(v);
      else if (e.oid === EXT.policyConstraints) {
        const pc = parsePolicyConstraints(v);
        c.policyConstraints = pc.read;
        c.skippedPolicyConstraints = pc.skipped;
      } else if (e.oid === EXT.inhibitAnyPolicy) {
        const t = expectTlv(v, 0, TAG.INTEGER, v.length, "inhibitAnyPolicy");
        c.inhibitAnyPolicy = skipCertsValue(content(v, t));
      }
    } catch (err) {
      c.malformed ??= `its ${name} extension is malformed (${err instanceof Error ? err.message : String(err)})`;
    }
  }
  cache.set(cert, c);
  return c;
}

/** The name kinds a nameConstraints base may have that the x509 plugin cannot parse. */
export function unparsableConstraintKinds(
  c: CertConstraints,
  ipRangesParsed: boolean,
): { kind: GeneralNameKind; detail: string }[] {
  const nc = c.nameConstraints;
  if (!nc) return [];
  const out: { kind: GeneralNameKind; detail: string }[] = [];
  for (const n of [...nc.permitted, ...nc.excluded]) {
    if (!n.supported || !n.idType)
      out.push({
        kind: n.kind,
        detail: n.otherNameOid ? `otherName ${n.otherNameOid}` : `${n.kind} (${n.encoding.length} bytes)`,
      });
    else if ((n.idType === "ID_IPV4_ADDR_SUBNET" || n.idType === "ID_IPV6_ADDR_SUBNET") && !ipRangesParsed)
      out.push({ kind: n.kind, detail: "iPAddress range (address and mask)" });
  }
  return out;
}
