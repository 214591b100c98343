import { encodeOid, encodeTlv, TAG } from "../asn1/der.js";
import { DN_ATTRIBUTE_NAMES } from "../asn1/oids.js";

/**
 * A small stand-in for the identity helper's `parseIdentity` (semantics §2), kept in this ONE
 * function so it can be swapped for `parseIdentity(text, { regex: false })` once that is on main.
 * It types an identity string the way `identification_create_from_string` does for the common forms
 * (DN, FQDN, email, IPv4/IPv6, key id, %any) and gives its wire encoding (for the size model).
 */
export interface ClassifiedIdentity {
  typeName: string;
  encoding: Uint8Array;
}

const ALIASES: Record<string, string> = {
  email: "1.2.840.113549.1.9.1",
  emailaddress: "1.2.840.113549.1.9.1",
  en: "2.16.840.1.113730.3.1.3",
  un: "1.2.840.113549.1.9.2",
  ua: "1.2.840.113549.1.9.8",
};
const IA5 = new Set(["1.2.840.113549.1.9.1", "1.2.840.113549.1.9.2"]);

function attributeOid(name: string): string | null {
  const n = name.toLowerCase();
  if (ALIASES[n]) return ALIASES[n];
  for (const [oid, printed] of Object.entries(DN_ATTRIBUTE_NAMES))
    if (printed.toLowerCase() === n && oid !== "2.5.4.72") return oid;
  return null;
}

/** atodn-like: one RDN per `K=V`, `,` or `/` separated, no escaping; null when it does not parse. */
function dnToDer(text: string): Uint8Array | null {
  const t = text.trim();
  const sep = t.startsWith("/") ? "/" : ",";
  const parts = (sep === "/" ? t.slice(1) : t)
    .split(sep)
    .filter((p, i, a) => !(i === a.length - 1 && !p.trim()));
  if (parts.length === 0 || parts.length > 20) return null;
  const rdns: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const p of parts) {
    const m = /^\s*([^\s=]+)[\s=]*(.*?)\s*$/.exec(p);
    if (!m || !p.includes("=")) return null;
    const oid = attributeOid(m[1]!);
    if (!oid) return null;
    const value = enc.encode(m[2]!);
    const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(m[2]!);
    const tag = IA5.has(oid) ? TAG.IA5String : printable ? TAG.PrintableString : TAG.UTF8String;
    const atv = encodeTlv(TAG.SEQUENCE, concat([encodeTlv(TAG.OID, encodeOid(oid)), encodeTlv(tag, value)]));
    rdns.push(encodeTlv(TAG.SET, atv));
  }
  return encodeTlv(TAG.SEQUENCE, concat(rdns));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function ipv4(text: string): Uint8Array | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? new Uint8Array(b) : null;
}

function ipv6(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:]+$/.test(text) || !text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s ? s.split(":") : []);
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array(Math.max(fill, 0)).fill("0"), ...tail];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const v = Number.parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

function hex(text: string): Uint8Array {
  const h = text.length % 2 ? `0${text}` : text;
  return new Uint8Array((h.match(/../g) ?? []).map((x) => Number.parseInt(x, 16)));
}

/** Type an identity string as strongSwan's string parser would (common forms only, see above). */
export function classifyIdentity(text: string): ClassifiedIdentity {
  const raw = new TextEncoder().encode(text);
  if (["", "%any", "%any6", "0.0.0.0", "*", "::", "0::0"].includes(text))
    return { typeName: "ID_ANY", encoding: new Uint8Array() };
  if (text.includes("=")) {
    const der = dnToDer(text);
    return der ? { typeName: "ID_DER_ASN1_DN", encoding: der } : { typeName: "ID_KEY_ID", encoding: raw };
  }
  if (!text.includes("@")) {
    if (!text.includes(":")) {
      const a = ipv4(text);
      return a ? { typeName: "ID_IPV4_ADDR", encoding: a } : { typeName: "ID_FQDN", encoding: raw };
    }
    const a = ipv6(text);
    return a ? { typeName: "ID_IPV6_ADDR", encoding: a } : { typeName: "ID_KEY_ID", encoding: raw };
  }
  if (text.startsWith("@#")) return { typeName: "ID_KEY_ID", encoding: hex(text.slice(2)) };
  if (text.startsWith("@@")) return { typeName: "ID_RFC822_ADDR", encoding: raw.slice(2) };
  if (text.startsWith("@")) return { typeName: "ID_FQDN", encoding: raw.slice(1) };
  return { typeName: "ID_RFC822_ADDR", encoding: raw };
}

/**
 * An identity as charon PRINTS it in a log line (`%Y`): printed DNs, FQDNs, addresses, `%any`.
 * Printed key ids are colon hex (20 bytes) and GNs print as `(ASN.1 general name)`.
 */
export function classifyPrintedIdentity(printed: string): ClassifiedIdentity {
  if (printed === "(ASN.1 general name)") return { typeName: "ID_DER_ASN1_GN", encoding: new Uint8Array() };
  if (/^[0-9a-f]{2}(:[0-9a-f]{2}){19}$/.test(printed))
    return { typeName: "ID_KEY_ID", encoding: hex(printed.replace(/:/g, "")) };
  return classifyIdentity(printed);
}
