/** Concrete reissue commands for identity findings (`pki --issue ... --san ...` and openssl's SAN syntax). */
import { parseIdentity } from "../identity/parse.js";
import { dnIdString, idStringFor } from "../identity/suggest.js";
import { ID_TYPES } from "../identity/types.js";
import type { Certificate } from "../input/certificate.js";
import type { ReleaseLike } from "../rules.js";

function opensslSan(v: string): string | null {
  const id = parseIdentity(v);
  const text = Buffer.from(id.encoding).toString("utf8");
  switch (id.type) {
    case ID_TYPES.ID_FQDN:
      return `DNS:${text}`;
    case ID_TYPES.ID_RFC822_ADDR:
      return `email:${text}`;
    case ID_TYPES.ID_IPV4_ADDR:
    case ID_TYPES.ID_IPV6_ADDR:
      return `IP:${id.printed}`;
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
  for (const s of cert.sans) {
    if (!s.idType || s.idType === "ID_DER_ASN1_DN") continue;
    const w = idStringFor(s.idType, s.value, s.encoding, release);
    if (!sans.includes(w)) sans.push(w);
  }
  for (const a of add) if (!sans.includes(a)) sans.push(a);
  const dn = dnIdString(cert.subject.der, cert.subject.printed, release);
  const pki = [
    "pki --issue --cacert ca.crt --cakey ca.key --type pub --in server.pub",
    `--dn ${quote(dn)}`,
    ...sans.map((s) => `--san ${quote(s)}`),
    ...flags.map((f) => `--flag ${f}`),
  ].join(" ");
  const ossl = sans.map(opensslSan).filter((x): x is string => x !== null);
  return ossl.length ? `${pki} (openssl: -addext "subjectAltName=${ossl.join(",")}")` : pki;
}
