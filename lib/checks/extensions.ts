/**
 * The certificate extensions ikecert does not model itself (CRL distribution points, authority info
 * access, policies, name constraints, issuer alternative names, unknown ones), described for
 * `inspect` with @peculiar/x509's readable forms. Loaded lazily (lib/checks/inspect.ts
 * `inspectFilesDetailed`): @peculiar/x509 and reflect-metadata stay off the start-up path of `id`,
 * `pair` and `chain`. Never throws: a value peculiar cannot read is shown as hex.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { children, content, decodeOid, encodeOid, encodeTlv, readTlv, TAG, type Tlv } from "../asn1/der.js";
import type { Certificate, Extension } from "../input/certificate.js";
import { unsupportedCriticalExtension } from "./chain/loadable.js";

export interface OtherExtension {
  oid: string;
  /** the extension's name, null when it is unknown */
  name: string | null;
  critical: boolean;
  /** readable value, one line */
  value: string;
  /** what strongSwan does with it, when that matters; null otherwise */
  strongswan: string | null;
}

/** Extensions ikecert models and shows in its own fields (SKI, keyUsage, SAN, basicConstraints, AKI, EKU). */
const MODELLED = new Set(["2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.35", "2.5.29.37"]);

const NOTES: Record<string, string> = {
  "2.5.29.31":
    "charon's revocation plugin fetches these CRLs when it checks revocation online (with a fetcher plugin such as curl)",
  "1.3.6.1.5.5.7.1.1":
    "charon's revocation plugin asks the OCSP responder(s) named here when it checks revocation online",
  "2.5.29.30": "charon's constraints plugin checks the certificates below this CA against these",
  "2.5.29.36":
    "charon's constraints plugin enforces these below this CA only as `pki --issue` writes them ([0] { INTEGER }); the RFC 5280 form ([0] IMPLICIT INTEGER) is skipped",
  "2.5.29.32": "swanctl's remote.cert_policy can require these policy OIDs",
};

const STRING_TAGS = new Set<number>([TAG.UTF8String, TAG.IA5String, TAG.PrintableString, TAG.VisibleString]);

const hexBytes = (b: Uint8Array, max = 32) =>
  `${Buffer.from(b.subarray(0, max))
    .toString("hex")
    .replace(/(..)(?!$)/g, "$1:")}${b.length > max ? `… (${b.length} bytes)` : ""}`;

/** The DER of the whole Extension (what ExtensionFactory reads). */
function extensionDer(e: Extension): Uint8Array {
  const parts = [encodeTlv(TAG.OID, encodeOid(e.oid))];
  if (e.critical) parts.push(Uint8Array.of(TAG.BOOLEAN, 1, 0xff));
  parts.push(encodeTlv(TAG.OCTET_STRING, e.value));
  return encodeTlv(TAG.SEQUENCE, new Uint8Array(Buffer.concat(parts)));
}

/** peculiar's text form, one line: the header dropped, group headers ("Distribution Point:") too. */
function oneLine(t: x509.TextObject): string {
  return x509.TextConverter.serialize(t)
    .split("\n")
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l && !l.endsWith(":"))
    .join("; ");
}

const generalName = (v: Uint8Array, t: Tlv) =>
  x509.TextConverter.serialize(new x509.GeneralName(v.subarray(t.start, t.end)).toTextObject()).trim();

const smallInt = (v: Uint8Array, t: Tlv) =>
  Number.parseInt(Buffer.from(content(v, t)).toString("hex") || "0", 16);

/** Values peculiar models only as bytes, decoded with its GeneralName and the strict DER reader. */
function decodeKnown(e: Extension): string | null {
  const v = e.value;
  const top = readTlv(v, 0);
  switch (e.oid) {
    case "2.5.29.30": // nameConstraints: [0] permitted, [1] excluded GeneralSubtrees
      return children(v, top)
        .map((s) => {
          const kind = s.tag === 0xa0 ? "permitted" : s.tag === 0xa1 ? "excluded" : "?";
          const bases = children(v, s).map((sub) => generalName(v, children(v, sub)[0]!));
          return `${kind}: ${bases.join(", ")}`;
        })
        .join("; ");
    case "2.5.29.36": // policyConstraints: [0] requireExplicitPolicy, [1] inhibitPolicyMapping
      return children(v, top)
        .map((t) => {
          const name = (t.tag & 0x1f) === 0 ? "requireExplicitPolicy" : "inhibitPolicyMapping";
          // RFC 5280 writes [n] IMPLICIT INTEGER; strongSwan's pki writes [n] { INTEGER }
          const n = t.tag & 0x20 ? smallInt(v, children(v, t)[0]!) : smallInt(v, t);
          return `${name} ${n}${t.tag & 0x20 ? " (strongSwan's encoding)" : ""}`;
        })
        .join(", ");
    case "2.5.29.54": // inhibitAnyPolicy: SkipCerts
      return `skipCerts ${smallInt(v, top)}`;
    case "2.5.29.33": // policyMappings
      return children(v, top)
        .map((m) => {
          const [a, b] = children(v, m);
          return `${decodeOid(content(v, a!))} → ${decodeOid(content(v, b!))}`;
        })
        .join("; ");
  }
  // a plain string (nsComment and friends)
  if (STRING_TAGS.has(top.tag) && top.end === v.length)
    return JSON.stringify(Buffer.from(content(v, top)).toString("utf8"));
  return null;
}

function describe(e: Extension): string {
  try {
    const ext = x509.ExtensionFactory.create(extensionDer(e));
    // a class of its own (CRL distribution points, AIA, policies, issuerAltName, ...) reads the value
    if (ext.constructor !== x509.Extension) {
      const line = oneLine(ext.toTextObject());
      if (line) return line;
    }
  } catch {
    // peculiar could not read it: decode or show the bytes below
  }
  try {
    return decodeKnown(e) ?? hexBytes(e.value);
  } catch {
    return hexBytes(e.value);
  }
}

/** Every extension of `c` that ikecert does not show in a field of its own, in certificate order. */
export function otherExtensions(c: Certificate): OtherExtension[] {
  return c.extensions
    .filter((e) => !MODELLED.has(e.oid))
    .map((e) => {
      const refused = unsupportedCriticalExtension(e);
      return {
        oid: e.oid,
        name: e.name,
        critical: e.critical,
        value: describe(e),
        strongswan: refused
          ? `critical and not supported: charon refuses to load this certificate ("${refused.log}")`
          : (NOTES[e.oid] ?? null),
      };
    });
}
