/**
 * Signature schemes in IKE_AUTH (RFC 7427): which one a signer picks, and which ones a certificate
 * chain was signed with (the X.509 schemes `remote.auth = pubkey-sha384` constrains).
 *
 * Sources: src/libcharon/sa/ikev2/authenticators/pubkey_authenticator.c select_signature_schemes;
 * src/libstrongswan/credentials/keys/public_key.c signature_schemes_for_key,
 * signature_scheme_from_oid; credential_manager.c verify_trust_chain / get_key_strength.
 * Both sides are assumed to be strongSwan. In IKE_SA_INIT a responder announces every hash IKEv2
 * knows (sha256, sha384, sha512, identity: it has no peer config yet), an initiator only the hashes of
 * its remote rounds' IKE signature constraints when it has any (ike_init.c
 * send_supported_hash_algorithms) — so `remote.auth = pubkey-sha384` on the initiator makes the
 * responder sign with SHA-384 (seen against charon 5.9.8).
 */
import { type SchemeConstraint, schemeHash } from "../../../config/auth.js";
import type { Certificate } from "../../../x509/certificate.js";
import type { PublicKeyInfo } from "../../../x509/spki.js";
import { keyTypeLogName } from "../../../x509/spki.js";

/** The hashes a strongSwan peer accepts for IKE signatures (hasher_algorithm_for_ikev2). */
export const PEER_HASHES = ["sha256", "sha384", "sha512", "identity"];

/**
 * The hashes an initiator announces: those of the IKE signature constraints of its remote rounds
 * (explicit `ike:` ones, and the copied X.509 ones unless signature_authentication_constraints = no)
 * that IKEv2 knows, else all of them.
 */
export function announcedHashes(
  remoteIkeSchemes: readonly Pick<SchemeConstraint, "scheme" | "pssHash">[],
): string[] {
  const hashes = [...new Set(remoteIkeSchemes.map(schemeHash).filter((h) => PEER_HASHES.includes(h)))];
  return hashes.length ? hashes : PEER_HASHES;
}

export type SchemeUse = Pick<SchemeConstraint, "scheme" | "pssHash">;

/** The key family charon's key_type_t gives a key (an RSA-PSS key is an RSA key). */
export function keyFamily(k: Pick<PublicKeyInfo, "algorithm">): string {
  return keyTypeLogName(k.algorithm);
}

/** signature_schemes_for_key: the schemes for a key of this size, best first (PSS only when enabled). */
export function defaultSchemes(k: Pick<PublicKeyInfo, "algorithm" | "bits">, rsaPss: boolean): SchemeUse[] {
  switch (k.algorithm) {
    case "RSA":
    case "RSA-PSS": {
      const hashes = k.bits <= 3072 ? ["256", "384", "512"] : k.bits <= 7680 ? ["384", "512"] : ["512"];
      const pss = hashes.map((h) => ({ scheme: "RSA_EMSA_PSS", pssHash: `sha${h}` }));
      const pkcs1 = hashes.map((h) => ({ scheme: `RSA_EMSA_PKCS1_SHA2_${h}`, pssHash: null }));
      const out = rsaPss || k.algorithm === "RSA-PSS" ? [...pss, ...pkcs1] : pkcs1;
      // pubkey_authenticator.c: for RSA also SHA-384 and SHA-256 are tried
      for (const h of ["384", "256"])
        if (!out.some((s) => s.scheme === `RSA_EMSA_PKCS1_SHA2_${h}`))
          out.push({ scheme: `RSA_EMSA_PKCS1_SHA2_${h}`, pssHash: null });
      return out;
    }
    case "ECDSA": {
      const hashes = k.bits <= 256 ? ["256", "384", "512"] : k.bits <= 384 ? ["384", "512"] : ["512"];
      return hashes.map((h) => ({ scheme: `ECDSA_WITH_SHA${h}_DER`, pssHash: null }));
    }
    case "ED25519":
      return [{ scheme: "ED25519", pssHash: null }];
    case "ED448":
      return [{ scheme: "ED448", pssHash: null }];
    default:
      return [];
  }
}

/**
 * The scheme a signer uses: with IKE constraints (`ike:...`, or the plain ones copied), the first
 * one for its key type whose hash the peer supports; otherwise the best default for the key. Null:
 * charon logs "no common hash algorithm found to create signature with %N key" and fails.
 */
export function selectIkeScheme(
  k: Pick<PublicKeyInfo, "algorithm" | "bits">,
  ikeConstraints: readonly SchemeConstraint[],
  rsaPss: boolean,
  peerHashes: readonly string[] = PEER_HASHES,
): SchemeUse | null {
  const family = keyFamily(k);
  if (ikeConstraints.length) {
    for (const c of ikeConstraints)
      if (c.key === family && peerHashes.includes(schemeHash(c)))
        return { scheme: c.scheme, pssHash: c.pssHash };
    return null;
  }
  return defaultSchemes(k, rsaPss).find((s) => peerHashes.includes(schemeHash(s))) ?? null;
}

const OID_SCHEMES: Record<string, string> = {
  "1.2.840.113549.1.1.4": "RSA_EMSA_PKCS1_MD5",
  "1.2.840.113549.1.1.5": "RSA_EMSA_PKCS1_SHA1",
  "1.2.840.113549.1.1.14": "RSA_EMSA_PKCS1_SHA2_224",
  "1.2.840.113549.1.1.11": "RSA_EMSA_PKCS1_SHA2_256",
  "1.2.840.113549.1.1.12": "RSA_EMSA_PKCS1_SHA2_384",
  "1.2.840.113549.1.1.13": "RSA_EMSA_PKCS1_SHA2_512",
  "2.16.840.1.101.3.4.3.13": "RSA_EMSA_PKCS1_SHA3_224",
  "2.16.840.1.101.3.4.3.14": "RSA_EMSA_PKCS1_SHA3_256",
  "2.16.840.1.101.3.4.3.15": "RSA_EMSA_PKCS1_SHA3_384",
  "2.16.840.1.101.3.4.3.16": "RSA_EMSA_PKCS1_SHA3_512",
  "1.2.840.113549.1.1.10": "RSA_EMSA_PSS",
  "1.2.840.10045.4.1": "ECDSA_WITH_SHA1_DER",
  "1.2.840.10045.4.3.2": "ECDSA_WITH_SHA256_DER",
  "1.2.840.10045.4.3.3": "ECDSA_WITH_SHA384_DER",
  "1.2.840.10045.4.3.4": "ECDSA_WITH_SHA512_DER",
  "1.3.101.112": "ED25519",
  "1.3.101.113": "ED448",
};

/** signature_scheme_from_oid: the scheme a certificate is signed with, null when charon knows none. */
export function certificateScheme(
  c: Pick<Certificate, "signatureAlgorithm">,
  pssHash?: string | null,
): SchemeUse | null {
  const scheme = OID_SCHEMES[c.signatureAlgorithm.oid];
  if (!scheme) return null;
  return { scheme, pssHash: scheme === "RSA_EMSA_PSS" ? (pssHash ?? "sha256") : null };
}

/** The key strengths charon records for a chain (get_key_strength: RSA and ECDSA keys only). */
export function chainStrengths(certs: readonly Certificate[]): { family: string; bits: number }[] {
  const out: { family: string; bits: number }[] = [];
  for (const c of certs) {
    const f = keyFamily(c.publicKey);
    if (f === "RSA" || f === "ECDSA") out.push({ family: f, bits: c.publicKey.bits });
  }
  return out;
}
