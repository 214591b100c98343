/**
 * Object identifiers ikecert names. DN attribute names follow strongSwan's oid.txt, because charon
 * prints DNs with those names (semantics §3); the rest follow RFC 5280 / the usual OpenSSL names.
 */

import type { BehaviourName } from "../rules.js";

/** DN attribute OID → the name charon prints (src/libstrongswan/asn1/oid.txt). */
export const DN_ATTRIBUTE_NAMES: Record<string, string> = {
  "0.2.262.1.10.7.20": "ND",
  "0.9.2342.19200300.100.1.1": "UID",
  "0.9.2342.19200300.100.1.25": "DC",
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "STREET",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "T",
  "2.5.4.13": "D",
  "2.5.4.16": "postalAddress",
  "2.5.4.17": "postalCode",
  "2.5.4.41": "N",
  "2.5.4.42": "G",
  "2.5.4.43": "I",
  "2.5.4.45": "ID",
  "2.5.4.46": "dnQualifier",
  "2.5.4.54": "dmdName",
  "2.5.4.65": "pseudonym",
  "2.5.4.72": "role",
  "2.16.840.1.113730.3.1.3": "employeeNumber",
  "1.2.840.113549.1.9.1": "E",
  "1.2.840.113549.1.9.2": "unstructuredName",
  "1.2.840.113549.1.9.8": "unstructuredAddress",
  "1.3.6.1.4.1.1201.1.1.2.2.75": "TCGID",
};

/** Names strongSwan prints only from a given release on (semantics §3): the behaviour that brings each. */
export const DN_ATTRIBUTE_NAMES_SINCE: Record<string, { name: string; when: BehaviourName }> = {
  "2.5.4.97": { name: "organizationIdentifier", when: "organizationIdentifierName" },
};

export const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.5": "ipsecEndSystem",
  "1.3.6.1.5.5.7.3.6": "ipsecTunnel",
  "1.3.6.1.5.5.7.3.7": "ipsecUser",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "1.3.6.1.5.5.7.3.17": "ipsecIKE",
  "1.3.6.1.5.5.8.2.2": "ikeIntermediate",
  "1.3.6.1.4.1.311.20.2.2": "msSmartcardLogin",
  "2.5.29.37.0": "anyExtendedKeyUsage",
};

export const EXTENSION_NAMES: Record<string, string> = {
  "2.5.29.14": "subjectKeyIdentifier",
  "2.5.29.15": "keyUsage",
  "2.5.29.17": "subjectAltName",
  "2.5.29.18": "issuerAltName",
  "2.5.29.19": "basicConstraints",
  "2.5.29.30": "nameConstraints",
  "2.5.29.31": "cRLDistributionPoints",
  "2.5.29.32": "certificatePolicies",
  "2.5.29.33": "policyMappings",
  "2.5.29.35": "authorityKeyIdentifier",
  "2.5.29.36": "policyConstraints",
  "2.5.29.37": "extKeyUsage",
  "2.5.29.54": "inhibitAnyPolicy",
  "1.3.6.1.5.5.7.1.1": "authorityInfoAccess",
  "1.3.6.1.5.5.7.1.12": "logotype",
  "1.3.6.1.4.1.11129.2.4.2": "ctPrecertificateSCTs",
  "1.3.6.1.5.5.7.1.7": "ipAddrBlocks",
  "2.16.840.1.113730.1.1": "nsCertType",
  "2.16.840.1.113730.1.13": "nsComment",
};

export const KEY_USAGE_BITS = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;

export const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string | null; weak?: boolean }> = {
  "1.2.840.113549.1.1.4": { name: "md5WithRSAEncryption", hash: "md5", weak: true },
  "1.2.840.113549.1.1.5": { name: "sha1WithRSAEncryption", hash: "sha1", weak: true },
  "1.2.840.113549.1.1.10": { name: "rsassaPss", hash: null },
  "1.2.840.113549.1.1.11": { name: "sha256WithRSAEncryption", hash: "sha256" },
  "1.2.840.113549.1.1.12": { name: "sha384WithRSAEncryption", hash: "sha384" },
  "1.2.840.113549.1.1.13": { name: "sha512WithRSAEncryption", hash: "sha512" },
  "1.2.840.113549.1.1.14": { name: "sha224WithRSAEncryption", hash: "sha224" },
  "1.2.840.10045.4.1": { name: "ecdsa-with-SHA1", hash: "sha1", weak: true },
  "1.2.840.10045.4.3.1": { name: "ecdsa-with-SHA224", hash: "sha224" },
  "1.2.840.10045.4.3.2": { name: "ecdsa-with-SHA256", hash: "sha256" },
  "1.2.840.10045.4.3.3": { name: "ecdsa-with-SHA384", hash: "sha384" },
  "1.2.840.10045.4.3.4": { name: "ecdsa-with-SHA512", hash: "sha512" },
  "2.16.840.1.101.3.4.3.9": { name: "id-ecdsa-with-sha3-224", hash: "sha3-224" },
  "2.16.840.1.101.3.4.3.10": { name: "id-ecdsa-with-sha3-256", hash: "sha3-256" },
  "2.16.840.1.101.3.4.3.11": { name: "id-ecdsa-with-sha3-384", hash: "sha3-384" },
  "2.16.840.1.101.3.4.3.12": { name: "id-ecdsa-with-sha3-512", hash: "sha3-512" },
  "2.16.840.1.101.3.4.3.13": { name: "id-rsassa-pkcs1v15-with-sha3-224", hash: "sha3-224" },
  "2.16.840.1.101.3.4.3.14": { name: "id-rsassa-pkcs1v15-with-sha3-256", hash: "sha3-256" },
  "2.16.840.1.101.3.4.3.15": { name: "id-rsassa-pkcs1v15-with-sha3-384", hash: "sha3-384" },
  "2.16.840.1.101.3.4.3.16": { name: "id-rsassa-pkcs1v15-with-sha3-512", hash: "sha3-512" },
  "1.3.101.112": { name: "Ed25519", hash: null },
  "1.3.101.113": { name: "Ed448", hash: null },
};

export const KEY_ALGORITHMS: Record<
  string,
  "RSA" | "ECDSA" | "ED25519" | "ED448" | "RSA-PSS" | "DSA" | "X25519" | "X448"
> = {
  "1.2.840.113549.1.1.1": "RSA",
  "1.2.840.113549.1.1.10": "RSA-PSS",
  "1.2.840.10045.2.1": "ECDSA",
  "1.3.101.112": "ED25519",
  "1.3.101.113": "ED448",
  "1.3.101.110": "X25519",
  "1.3.101.111": "X448",
  "1.2.840.10040.4.1": "DSA",
};

export const CURVES: Record<string, { name: string; bits: number; node: string }> = {
  "1.2.840.10045.3.1.7": { name: "P-256", bits: 256, node: "prime256v1" },
  "1.3.132.0.34": { name: "P-384", bits: 384, node: "secp384r1" },
  "1.3.132.0.35": { name: "P-521", bits: 521, node: "secp521r1" },
  "1.3.132.0.10": { name: "secp256k1", bits: 256, node: "secp256k1" },
  "1.3.36.3.3.2.8.1.1.7": { name: "brainpoolP256r1", bits: 256, node: "brainpoolP256r1" },
  "1.3.36.3.3.2.8.1.1.11": { name: "brainpoolP384r1", bits: 384, node: "brainpoolP384r1" },
  "1.3.36.3.3.2.8.1.1.13": { name: "brainpoolP512r1", bits: 512, node: "brainpoolP512r1" },
};

/** otherName type-ids strongSwan's x509 plugin maps to an identity (semantics §5). */
export const OTHERNAME_XMPP = "1.3.6.1.5.5.7.8.5";
export const OTHERNAME_UPN = "1.3.6.1.4.1.311.20.2.3";
