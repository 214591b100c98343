/** Concrete reissue commands for identity findings (`pki --issue ... --san ...` and openssl's SAN syntax). */
import { bytesText } from "../bytes.js";
import { parseIdentity } from "../identity/parse.js";
import { dnIdString, idStringFor } from "../identity/suggest.js";
import type { ReleaseLike } from "../rules.js";
import type { Certificate } from "../x509/certificate.js";
import { ID_TYPES } from "../x509/types.js";

/** openssl's subjectAltName entry for an id written as swanctl parses it (`vpn.example.com`, `192.0.2.1`). */
function opensslSan(v: string, release?: ReleaseLike): string | null {
  const id = parseIdentity(v, { strongswan: release });
  return opensslSanOf(id.type, bytesText(id.encoding, "utf8"), id.printed);
}

function opensslSanOf(type: number, text: string, printed: string): string | null {
  switch (type) {
    case ID_TYPES.ID_FQDN:
      return `DNS:${text}`;
    case ID_TYPES.ID_RFC822_ADDR:
      return `email:${text}`;
    case ID_TYPES.ID_IPV4_ADDR:
    case ID_TYPES.ID_IPV6_ADDR:
      return `IP:${printed}`;
    default:
      return null;
  }
}

function quote(s: string): string {
  return /^[A-Za-z0-9@._:=/-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, "\\$1")}"`;
}

/**
 * The command that reissues `cert` with its current SANs plus `add` (values written as swanctl/pki
 * parse them: `vpn.example.com`, `192.0.2.1`, `@192.0.2.1` for a dNSName holding an IP text).
 */
export function reissueFix(
  cert: Certificate,
  add: string[],
  flags: string[] = [],
  release?: ReleaseLike,
): string {
  const sans: string[] = [];
  const ossl: (string | null)[] = [];
  for (const s of cert.sans) {
    if (!s.idType || s.idType === "ID_DER_ASN1_DN") continue;
    const w = idStringFor(s.idType, s.value, s.encoding, release);
    if (sans.includes(w)) continue;
    sans.push(w);
    // written as it is (no prefix, no hex): it parses back to this SAN, no need to parse it
    ossl.push(
      w === s.value && w[0] !== "#" ? opensslSanOf(ID_TYPES[s.idType], w, w) : opensslSan(w, release),
    );
  }
  for (const a of add)
    if (!sans.includes(a)) {
      sans.push(a);
      ossl.push(opensslSan(a, release));
    }
  const dn = dnIdString(cert.subject.der, cert.subject.printed, release);
  const pki = [
    "pki --issue --cacert ca.crt --cakey ca.key --type pub --in server.pub",
    `--dn ${quote(dn)}`,
    ...sans.map((s) => `--san ${quote(s)}`),
    ...flags.map((f) => `--flag ${f}`),
  ].join(" ");
  const addext = ossl.filter((x): x is string => x !== null);
  return addext.length ? `${pki} (openssl: -addext "subjectAltName=${addext.join(",")}")` : pki;
}
