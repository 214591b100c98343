/**
 * The transforms of IKEv2 proposals as charon knows them: transform types, algorithm identifiers
 * (IANA numbers; 1024 and above are strongSwan's private range), the names charon prints in
 * `received proposals:` lines, and what the size model needs of each (IV, block and ICV sizes of
 * the SK payload, key exchange data lengths). Sources: src/libstrongswan/crypto/transform.{c,h},
 * crypters/crypter.{c,h}, signers/signer.{c,h}, prfs/prf.{c,h}, key_exchange.{c,h} of 5.9.8 and
 * 6.0.6; RFC 7296 §3.3.2, RFC 5903, RFC 8031, RFC 9370; FIPS 203 (ML-KEM sizes).
 */

/** Transform type numbers (RFC 7296 §3.3.2, RFC 9370 for the additional key exchanges). */
export const T = {
  ENCR: 1,
  PRF: 2,
  INTEG: 3,
  KE: 4,
  ESN: 5,
  /** ADDITIONAL_KEY_EXCHANGE_1; _N is ADDKE1 + N - 1 (6.0 and later) */
  ADDKE1: 6,
} as const;

export type TransformType = number;

/** Additional key exchange N (1..7) as a transform type. */
export const addKe = (n: number): TransformType => T.ADDKE1 + n - 1;

export const isKeType = (t: TransformType): boolean => t === T.KE || (t >= T.ADDKE1 && t <= T.ADDKE1 + 6);

/** transform_type_names; before 5.9.7 type 4 was DIFFIE_HELLMAN_GROUP */
export function transformTypeName(t: TransformType, keNames: boolean): string {
  switch (t) {
    case T.ENCR:
      return "ENCRYPTION_ALGORITHM";
    case T.PRF:
      return "PSEUDO_RANDOM_FUNCTION";
    case T.INTEG:
      return "INTEGRITY_ALGORITHM";
    case T.KE:
      return keNames ? "KEY_EXCHANGE_METHOD" : "DIFFIE_HELLMAN_GROUP";
    case T.ESN:
      return "EXTENDED_SEQUENCE_NUMBERS";
    default:
      return t >= T.ADDKE1 && t <= T.ADDKE1 + 6
        ? `ADDITIONAL_KEY_EXCHANGE_${t - T.ADDKE1 + 1}`
        : `UNKNOWN_TRANSFORM_TYPE_${t}`;
  }
}

/** SK payload parameters of an encryption algorithm (for AEADs the ICV too). */
export interface CipherShape {
  iv: number;
  /** padding block size: 1 for stream modes and AEADs */
  block: number;
  /** AEAD ICV; null = classic cipher (the ICV comes from the integrity algorithm) */
  icv: number | null;
}

interface AlgDef {
  id: number;
  name: string;
  /** encryption: SK framing */
  cipher?: CipherShape;
  /** integrity: truncated output length (ICV) */
  icv?: number;
  /** key exchange: [initiator's, responder's] KE data length */
  ke?: [number, number];
}

const ENCR: AlgDef[] = [
  { id: 1, name: "DES_IV64" },
  { id: 2, name: "DES_CBC", cipher: { iv: 8, block: 8, icv: null } },
  { id: 3, name: "3DES_CBC", cipher: { iv: 8, block: 8, icv: null } },
  { id: 4, name: "RC5_CBC" },
  { id: 5, name: "IDEA_CBC" },
  { id: 6, name: "CAST_CBC", cipher: { iv: 8, block: 8, icv: null } },
  { id: 7, name: "BLOWFISH_CBC", cipher: { iv: 8, block: 8, icv: null } },
  { id: 8, name: "3IDEA" },
  { id: 9, name: "DES_IV32" },
  { id: 11, name: "NULL", cipher: { iv: 0, block: 1, icv: null } },
  { id: 12, name: "AES_CBC", cipher: { iv: 16, block: 16, icv: null } },
  { id: 13, name: "AES_CTR", cipher: { iv: 8, block: 1, icv: null } },
  { id: 14, name: "AES_CCM_8", cipher: { iv: 8, block: 1, icv: 8 } },
  { id: 15, name: "AES_CCM_12", cipher: { iv: 8, block: 1, icv: 12 } },
  { id: 16, name: "AES_CCM_16", cipher: { iv: 8, block: 1, icv: 16 } },
  { id: 18, name: "AES_GCM_8", cipher: { iv: 8, block: 1, icv: 8 } },
  { id: 19, name: "AES_GCM_12", cipher: { iv: 8, block: 1, icv: 12 } },
  { id: 20, name: "AES_GCM_16", cipher: { iv: 8, block: 1, icv: 16 } },
  { id: 21, name: "NULL_AES_GMAC", cipher: { iv: 8, block: 1, icv: 16 } },
  { id: 23, name: "CAMELLIA_CBC", cipher: { iv: 16, block: 16, icv: null } },
  { id: 24, name: "CAMELLIA_CTR", cipher: { iv: 8, block: 1, icv: null } },
  { id: 25, name: "CAMELLIA_CCM_8", cipher: { iv: 8, block: 1, icv: 8 } },
  { id: 26, name: "CAMELLIA_CCM_12", cipher: { iv: 8, block: 1, icv: 12 } },
  { id: 27, name: "CAMELLIA_CCM_16", cipher: { iv: 8, block: 1, icv: 16 } },
  { id: 28, name: "CHACHA20_POLY1305", cipher: { iv: 8, block: 1, icv: 16 } },
  { id: 1024, name: "UNDEFINED" },
  { id: 1025, name: "DES_ECB" },
  { id: 1026, name: "SERPENT_CBC", cipher: { iv: 16, block: 16, icv: null } },
  { id: 1027, name: "TWOFISH_CBC", cipher: { iv: 16, block: 16, icv: null } },
  { id: 1028, name: "RC2_CBC" },
  { id: 1029, name: "AES_ECB" },
  { id: 1030, name: "AES_CFB" },
];

/** AEAD algorithms: no integrity algorithm is negotiated with them (encryption_algorithm_is_aead). */
const AEAD = new Set([14, 15, 16, 18, 19, 20, 21, 25, 26, 27, 28]);

const INTEG: AlgDef[] = [
  { id: 1, name: "HMAC_MD5_96", icv: 12 },
  { id: 2, name: "HMAC_SHA1_96", icv: 12 },
  { id: 3, name: "DES_MAC", icv: 8 },
  { id: 4, name: "KPDK_MD5", icv: 16 },
  { id: 5, name: "AES_XCBC_96", icv: 12 },
  { id: 6, name: "HMAC_MD5_128", icv: 16 },
  { id: 7, name: "HMAC_SHA1_160", icv: 20 },
  { id: 8, name: "AES_CMAC_96", icv: 12 },
  { id: 9, name: "AES_128_GMAC", icv: 16 },
  { id: 10, name: "AES_192_GMAC", icv: 16 },
  { id: 11, name: "AES_256_GMAC", icv: 16 },
  { id: 12, name: "HMAC_SHA2_256_128", icv: 16 },
  { id: 13, name: "HMAC_SHA2_384_192", icv: 24 },
  { id: 14, name: "HMAC_SHA2_512_256", icv: 32 },
  { id: 1024, name: "UNDEFINED" },
  { id: 1025, name: "HMAC_SHA1_128", icv: 16 },
  { id: 1026, name: "HMAC_SHA2_256_96", icv: 12 },
  { id: 1027, name: "HMAC_SHA2_256_256", icv: 32 },
  { id: 1028, name: "HMAC_SHA2_384_384", icv: 48 },
  { id: 1029, name: "HMAC_SHA2_512_512", icv: 64 },
  { id: 1030, name: "CAMELLIA_XCBC_96", icv: 12 },
];

const PRF: AlgDef[] = [
  { id: 1, name: "PRF_HMAC_MD5" },
  { id: 2, name: "PRF_HMAC_SHA1" },
  { id: 3, name: "PRF_HMAC_TIGER" },
  { id: 4, name: "PRF_AES128_XCBC" },
  { id: 5, name: "PRF_HMAC_SHA2_256" },
  { id: 6, name: "PRF_HMAC_SHA2_384" },
  { id: 7, name: "PRF_HMAC_SHA2_512" },
  { id: 8, name: "PRF_AES128_CMAC" },
  { id: 1024, name: "PRF_UNDEFINED" },
  { id: 1025, name: "PRF_FIPS_SHA1_160" },
  { id: 1026, name: "PRF_FIPS_DES" },
  { id: 1027, name: "PRF_KEYED_SHA1" },
  { id: 1028, name: "PRF_CAMELLIA128_XCBC" },
];

/** MODP groups send the public value as long as the prime; ECP groups x and y (RFC 5903 §7). */
const KE: AlgDef[] = [
  { id: 0, name: "KE_NONE" },
  { id: 1, name: "MODP_768", ke: [96, 96] },
  { id: 2, name: "MODP_1024", ke: [128, 128] },
  { id: 5, name: "MODP_1536", ke: [192, 192] },
  { id: 14, name: "MODP_2048", ke: [256, 256] },
  { id: 15, name: "MODP_3072", ke: [384, 384] },
  { id: 16, name: "MODP_4096", ke: [512, 512] },
  { id: 17, name: "MODP_6144", ke: [768, 768] },
  { id: 18, name: "MODP_8192", ke: [1024, 1024] },
  { id: 19, name: "ECP_256", ke: [64, 64] },
  { id: 20, name: "ECP_384", ke: [96, 96] },
  { id: 21, name: "ECP_521", ke: [132, 132] },
  { id: 22, name: "MODP_1024_160", ke: [128, 128] },
  { id: 23, name: "MODP_2048_224", ke: [256, 256] },
  { id: 24, name: "MODP_2048_256", ke: [256, 256] },
  { id: 25, name: "ECP_192", ke: [48, 48] },
  { id: 26, name: "ECP_224", ke: [56, 56] },
  { id: 27, name: "ECP_224_BP", ke: [56, 56] },
  { id: 28, name: "ECP_256_BP", ke: [64, 64] },
  { id: 29, name: "ECP_384_BP", ke: [96, 96] },
  { id: 30, name: "ECP_512_BP", ke: [128, 128] },
  { id: 31, name: "CURVE_25519", ke: [32, 32] },
  { id: 32, name: "CURVE_448", ke: [56, 56] },
  // 6.0: GOST R 34.10-2012 (RFC 9385: x and y of the point) and ML-KEM (FIPS 203: the initiator sends
  // the encapsulation key, the responder the ciphertext)
  { id: 33, name: "GOST3410_256", ke: [64, 64] },
  { id: 34, name: "GOST3410_512", ke: [128, 128] },
  { id: 35, name: "ML_KEM_512", ke: [800, 768] },
  { id: 36, name: "ML_KEM_768", ke: [1184, 1088] },
  { id: 37, name: "ML_KEM_1024", ke: [1568, 1568] },
  { id: 1024, name: "MODP_NULL" },
  { id: 1030, name: "NTRU_112" },
  { id: 1031, name: "NTRU_128" },
  { id: 1032, name: "NTRU_192" },
  { id: 1033, name: "NTRU_256" },
  { id: 1040, name: "NEWHOPE_128" },
];

const ESN: AlgDef[] = [
  { id: 0, name: "NO_EXT_SEQ" },
  { id: 1, name: "EXT_SEQ" },
];

function index(defs: AlgDef[]): Map<number, AlgDef> {
  return new Map(defs.map((d) => [d.id, d]));
}

const BY_TYPE = new Map<TransformType, Map<number, AlgDef>>([
  [T.ENCR, index(ENCR)],
  [T.PRF, index(PRF)],
  [T.INTEG, index(INTEG)],
  [T.KE, index(KE)],
  [T.ESN, index(ESN)],
]);

function defOf(type: TransformType, id: number): AlgDef | undefined {
  return BY_TYPE.get(isKeType(type) ? T.KE : type)?.get(id);
}

/** The name charon prints for an algorithm (`%N` of its type's enum), or null when it has none. */
export function algorithmName(type: TransformType, id: number, keNames: boolean): string | null {
  const d = defOf(type, id);
  if (!d) return null;
  if (type === T.KE || isKeType(type)) {
    if (id === 0 && !keNames) return "MODP_NONE";
  }
  return d.name;
}

export const isAead = (encr: number): boolean => AEAD.has(encr);

/** IV, padding block and AEAD ICV of an encryption algorithm in the SK payload. */
export function cipherShape(encr: number): CipherShape | null {
  return defOf(T.ENCR, encr)?.cipher ?? null;
}

/** ICV length of an integrity algorithm. */
export function integrityIcv(integ: number): number | null {
  return defOf(T.INTEG, integ)?.icv ?? null;
}

/** KE payload data length of a key exchange method for the initiator's or the responder's KE. */
export function keDataLength(ke: number, role: "initiator" | "responder"): number | null {
  const d = defOf(T.KE, ke)?.ke;
  return d ? d[role === "initiator" ? 0 : 1] : null;
}

/** 1024 and above: strongSwan's private range (PROPOSAL_SKIP_PRIVATE skips these for other peers). */
export const PRIVATE_USE = 1024;

/** Identifiers used by other modules. */
export const ALG = {
  ENCR_NULL: 11,
  ENCR_AES_CBC: 12,
  ENCR_AES_CTR: 13,
  ENCR_AES_CCM_ICV8: 14,
  ENCR_AES_CCM_ICV12: 15,
  ENCR_AES_CCM_ICV16: 16,
  ENCR_AES_GCM_ICV8: 18,
  ENCR_AES_GCM_ICV12: 19,
  ENCR_AES_GCM_ICV16: 20,
  ENCR_NULL_AUTH_AES_GMAC: 21,
  ENCR_CAMELLIA_CBC: 23,
  ENCR_CAMELLIA_CTR: 24,
  ENCR_CAMELLIA_CCM_ICV8: 25,
  ENCR_CAMELLIA_CCM_ICV12: 26,
  ENCR_CAMELLIA_CCM_ICV16: 27,
  ENCR_CHACHA20_POLY1305: 28,
  ENCR_3DES: 3,
  AUTH_HMAC_MD5_96: 1,
  AUTH_HMAC_SHA1_96: 2,
  AUTH_AES_XCBC_96: 5,
  AUTH_HMAC_MD5_128: 6,
  AUTH_HMAC_SHA1_160: 7,
  AUTH_AES_CMAC_96: 8,
  AUTH_AES_128_GMAC: 9,
  AUTH_AES_192_GMAC: 10,
  AUTH_AES_256_GMAC: 11,
  AUTH_HMAC_SHA2_256_128: 12,
  AUTH_HMAC_SHA2_384_192: 13,
  AUTH_HMAC_SHA2_512_256: 14,
  AUTH_CAMELLIA_XCBC_96: 1030,
  PRF_HMAC_MD5: 1,
  PRF_HMAC_SHA1: 2,
  PRF_AES128_XCBC: 4,
  PRF_HMAC_SHA2_256: 5,
  PRF_HMAC_SHA2_384: 6,
  PRF_HMAC_SHA2_512: 7,
  PRF_AES128_CMAC: 8,
  PRF_CAMELLIA128_XCBC: 1028,
  KE_NONE: 0,
  MODP_2048: 14,
  MODP_3072: 15,
  MODP_4096: 16,
  MODP_6144: 17,
  MODP_8192: 18,
  ECP_256: 19,
  ECP_384: 20,
  ECP_521: 21,
  ECP_256_BP: 28,
  ECP_384_BP: 29,
  ECP_512_BP: 30,
  CURVE_25519: 31,
  CURVE_448: 32,
  NO_EXT_SEQ: 0,
  EXT_SEQ: 1,
} as const;
