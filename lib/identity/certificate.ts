/**
 * Does a certificate "have" an identity, for charon (semantics §5; plugins/x509/x509_cert.c
 * has_subject, parse_generalName; plugins/openssl/openssl_x509.c general_name2id)?
 */
import { bytesEqual, bytesText } from "../bytes.js";
import { type ReleaseLike, rulesFor } from "../rules.js";
import type { CertificateView } from "../x509/cert-view.js";
import type { Certificate } from "../x509/certificate.js";
import type { SanEntry } from "../x509/general-name.js";
import { ID_TYPES } from "../x509/types.js";
import { identityMatches, MATCH, type MatchOptions, typesMayMatch } from "./match.js";
import { type Identity, type IdentityOptions, identityFromEncoding } from "./parse.js";

/** How a certificate proves an identity: the match level and the subject or SAN that matched. */
export interface IdentityProof {
  level: number;
  via: { kind: "san" | "subject" | "keyid"; type: string; value: string } | null;
}

const OTHERNAME_XMPP = "1.3.6.1.5.5.7.8.5";

function hex(b: Uint8Array): string {
  return bytesText(b, "hex");
}

/** Whether the x509 plugin can represent this SAN in `release` (subnet iPAddress SANs since 5.9.12). */
export function sanSupportedByX509Plugin(s: SanEntry, release?: ReleaseLike): boolean {
  if (!s.supported || !s.idType) return false;
  if (
    (s.idType === "ID_IPV4_ADDR_SUBNET" || s.idType === "ID_IPV6_ADDR_SUBNET") &&
    !rulesFor(release).subnetSansInX509
  )
    return false;
  return true;
}

/**
 * The SANs charon ends up with. The x509 plugin refuses a certificate with a SAN it cannot
 * represent; Debian's default plugin list then lets the openssl plugin parse it, which skips such
 * names and does not map xmppAddr otherNames.
 */
export function effectiveSans<T extends SanEntry>(cert: { sans: T[] }, release?: ReleaseLike): T[] {
  const x509Ok = cert.sans.every((s) => sanSupportedByX509Plugin(s, release));
  if (x509Ok) return cert.sans;
  return cert.sans.filter((s) => sanSupportedByX509Plugin(s, release) && s.otherNameOid !== OTHERNAME_XMPP);
}

/** Whether the x509 plugin refuses this certificate (a SAN it cannot represent). */
export function rejectedByX509Plugin(cert: Certificate, release?: ReleaseLike): boolean {
  return !cert.sans.every((s) => sanSupportedByX509Plugin(s, release));
}

/** The identity a SAN becomes in charon. */
export function sanIdentity(s: SanEntry, opts: IdentityOptions = {}): Identity | null {
  if (!s.idType) return null;
  return identityFromEncoding(ID_TYPES[s.idType], s.encoding, opts);
}

/** The certificate's subject as an identity. */
export function subjectIdentity(cert: Certificate, opts: IdentityOptions = {}): Identity {
  return identityFromEncoding(ID_TYPES.ID_DER_ASN1_DN, cert.subject.der, opts);
}

/**
 * has_subject: the best match level of `id` (the pattern) against the certificate, and what proved
 * it. A KEY_ID id matches the SHA-1 of the DER certificate, the subjectKeyIdentifier, either key
 * identifier of the public key, or the serial number's bytes.
 */
export function certificateHasIdentity(
  cert: Certificate,
  id: Identity,
  opts: IdentityOptions & MatchOptions = {},
): IdentityProof {
  if (id.type === ID_TYPES.ID_KEY_ID && !id.regex) {
    const e = id.encoding;
    const keyIds: Array<[string, Uint8Array | null]> = [
      ["certificate SHA-1", Buffer.from(cert.fingerprints.sha1.replace(/:/g, ""), "hex")],
      ["subjectKeyIdentifier", cert.subjectKeyId],
      ["subjkey (SHA-1 of subjectPublicKey)", cert.publicKey.keyIds.subjkey],
      ["keyid (SHA-1 of SubjectPublicKeyInfo)", cert.publicKey.keyIds.keyid],
      ["serial", cert.serialBytes],
    ];
    for (const [type, bytes] of keyIds) {
      if (bytes && bytes.length > 0 && bytesEqual(bytes, e))
        return { level: MATCH.PERFECT, via: { kind: "keyid", type, value: hex(bytes) } };
    }
  }
  return subjectOrSanMatch(cert.subject.der, cert, id, opts);
}

/**
 * certificateHasIdentity over a lazy view (lib/x509/cert-view.ts): the same answer, with the full
 * parse (and its hashing) only for KEY_ID ids.
 */
export function viewHasIdentity(
  view: CertificateView,
  id: Identity,
  opts: IdentityOptions & MatchOptions = {},
): IdentityProof {
  if (id.type === ID_TYPES.ID_KEY_ID && !id.regex)
    return certificateHasIdentity(view.certificate(), id, opts);
  return subjectOrSanMatch(view.subjectDer, { sans: view.sanEntries }, id, opts);
}

function subjectOrSanMatch(
  subjectDer: Uint8Array,
  cert: { sans: SanEntry[] },
  id: Identity,
  opts: IdentityOptions & MatchOptions,
): IdentityProof {
  let level = 0;
  let via: IdentityProof["via"] = null;
  if (typesMayMatch(ID_TYPES.ID_DER_ASN1_DN, id)) {
    const subject = identityFromEncoding(ID_TYPES.ID_DER_ASN1_DN, subjectDer, opts);
    level = identityMatches(subject, id, opts);
    if (level > 0) via = { kind: "subject", type: "ID_DER_ASN1_DN", value: subject.printed };
  }
  let best: SanEntry | null = null;
  for (const s of effectiveSans(cert, opts.strongswan)) {
    if (!s.idType || !typesMayMatch(ID_TYPES[s.idType], id)) continue;
    // only a regex pattern reads the printed form of the id it is matched against: for any other
    // pattern the hot loop matches a bare identity and prints only the winner
    const sid: Identity = id.regex
      ? sanIdentity(s, opts)!
      : { type: ID_TYPES[s.idType], typeName: s.idType, encoding: s.encoding, printed: "", input: null };
    const m = identityMatches(sid, id, opts);
    if (m > level) {
      level = m;
      best = s;
    }
  }
  if (best) {
    const sid = sanIdentity(best, opts)!;
    via = { kind: "san", type: sid.typeName, value: sid.printed };
  }
  return { level, via };
}
