/**
 * The words of a proposal string and what each adds, per release. strongSwan keeps them in a gperf
 * table (src/libstrongswan/crypto/proposal/proposal_keywords_static.txt, looked up case-sensitively
 * by proposal_keywords.c) plus, from 6.0, a parser for `ke1_`..`ke7_` prefixes
 * (src/libstrongswan/crypto/key_exchange.c additional_key_exchange_parser). The table here is built
 * from the same facts, written as families.
 */
import type { Rules } from "../rules.js";
import { addKe, T, type TransformType } from "./algorithms.js";

export interface Token {
  type: TransformType;
  alg: number;
  keySize: number;
}

type Entry = [string, TransformType, number, number];

const SIZES = [128, 192, 256] as const;

function cipherFamily(prefix: string, cbc: number | null, ctr: number | null): Entry[] {
  const out: Entry[] = [];
  if (cbc !== null) {
    out.push([prefix, T.ENCR, cbc, 128]);
    for (const s of SIZES) out.push([`${prefix}${s}`, T.ENCR, cbc, s]);
  }
  if (ctr !== null) for (const s of SIZES) out.push([`${prefix}${s}ctr`, T.ENCR, ctr, s]);
  return out;
}

/** `<prefix><size><mode><icv>` with the ICV in bytes (8/12/16) or bits (64/96/128). */
function aeadFamily(prefix: string, mode: string, icv8: number): Entry[] {
  const out: Entry[] = [];
  for (const s of SIZES)
    for (const [i, bytes, bits] of [
      [0, 8, 64],
      [1, 12, 96],
      [2, 16, 128],
    ] as const) {
      out.push([`${prefix}${s}${mode}${bytes}`, T.ENCR, icv8 + i, s]);
      out.push([`${prefix}${s}${mode}${bits}`, T.ENCR, icv8 + i, s]);
    }
  return out;
}

const COMMON: Entry[] = [
  ["null", T.ENCR, 11, 0],
  ["des", T.ENCR, 2, 0],
  ["3des", T.ENCR, 3, 0],
  ...cipherFamily("aes", 12, 13),
  ...aeadFamily("aes", "ccm", 14),
  ...aeadFamily("aes", "gcm", 18),
  ...SIZES.map((s): Entry => [`aes${s}gmac`, T.ENCR, 21, s]),
  ["chacha20poly1305", T.ENCR, 28, 0],
  ["chacha20poly1305compat", T.ENCR, 28, 256],
  ...cipherFamily("blowfish", 7, null),
  ...cipherFamily("camellia", 23, 24),
  ...aeadFamily("camellia", "ccm", 25),
  ["cast128", T.ENCR, 6, 128],
  ...cipherFamily("serpent", 1026, null),
  ...cipherFamily("twofish", 1027, null),
  ["sha", T.INTEG, 2, 0],
  ["sha1", T.INTEG, 2, 0],
  ["sha1_160", T.INTEG, 7, 0],
  ["sha256", T.INTEG, 12, 0],
  ["sha2_256", T.INTEG, 12, 0],
  ["sha256_96", T.INTEG, 1026, 0],
  ["sha2_256_96", T.INTEG, 1026, 0],
  ["sha384", T.INTEG, 13, 0],
  ["sha2_384", T.INTEG, 13, 0],
  ["sha512", T.INTEG, 14, 0],
  ["sha2_512", T.INTEG, 14, 0],
  ["md5", T.INTEG, 1, 0],
  ["md5_128", T.INTEG, 6, 0],
  ["aesxcbc", T.INTEG, 5, 0],
  ["camelliaxcbc", T.INTEG, 1030, 0],
  ["aescmac", T.INTEG, 8, 0],
  ["prfsha1", T.PRF, 2, 0],
  ["prfsha256", T.PRF, 5, 0],
  ["prfsha384", T.PRF, 6, 0],
  ["prfsha512", T.PRF, 7, 0],
  ["prfmd5", T.PRF, 1, 0],
  ["prfaesxcbc", T.PRF, 4, 0],
  ["prfcamelliaxcbc", T.PRF, 1028, 0],
  ["prfaescmac", T.PRF, 8, 0],
  ["none", T.KE, 0, 0],
  ["modpnone", T.KE, 0, 0],
  ["modpnull", T.KE, 1024, 0],
  ["modp768", T.KE, 1, 0],
  ["modp1024", T.KE, 2, 0],
  ["modp1536", T.KE, 5, 0],
  ["modp2048", T.KE, 14, 0],
  ["modp3072", T.KE, 15, 0],
  ["modp4096", T.KE, 16, 0],
  ["modp6144", T.KE, 17, 0],
  ["modp8192", T.KE, 18, 0],
  ["ecp192", T.KE, 25, 0],
  ["ecp224", T.KE, 26, 0],
  ["ecp256", T.KE, 19, 0],
  ["ecp384", T.KE, 20, 0],
  ["ecp521", T.KE, 21, 0],
  ["modp1024s160", T.KE, 22, 0],
  ["modp2048s224", T.KE, 23, 0],
  ["modp2048s256", T.KE, 24, 0],
  ["ecp224bp", T.KE, 27, 0],
  ["ecp256bp", T.KE, 28, 0],
  ["ecp384bp", T.KE, 29, 0],
  ["ecp512bp", T.KE, 30, 0],
  ["curve25519", T.KE, 31, 0],
  ["x25519", T.KE, 31, 0],
  ["curve448", T.KE, 32, 0],
  ["x448", T.KE, 32, 0],
  ["noesn", T.ESN, 0, 0],
  ["esn", T.ESN, 1, 0],
];

/** 5.9.2: `aes128gcm`, `aes128ccm` (no ICV length) mean the 16-byte ICV */
const AEAD_DEFAULT_ICV: Entry[] = SIZES.flatMap((s): Entry[] => [
  [`aes${s}ccm`, T.ENCR, 16, s],
  [`aes${s}gcm`, T.ENCR, 20, s],
]);

/** legacy post-quantum methods, removed in 6.0 */
const LEGACY_PQ: Entry[] = [
  ["ntru112", T.KE, 1030, 0],
  ["ntru128", T.KE, 1031, 0],
  ["ntru192", T.KE, 1032, 0],
  ["ntru256", T.KE, 1033, 0],
  ["newhope128", T.KE, 1040, 0],
];

/** 6.0: GOST and ML-KEM */
const KE_60: Entry[] = [
  ["gost256", T.KE, 33, 0],
  ["gost512", T.KE, 34, 0],
  ["mlkem512", T.KE, 35, 0],
  ["mlkem768", T.KE, 36, 0],
  ["mlkem1024", T.KE, 37, 0],
];

const TABLES = new Map<string, Map<string, Token>>();

function table(rules: Rules): Map<string, Token> {
  const key = `${rules.aeadDefaultIcvKeywords}${rules.mlKemKeywords}`;
  let t = TABLES.get(key);
  if (t) return t;
  const entries = [
    ...COMMON,
    ...(rules.aeadDefaultIcvKeywords ? AEAD_DEFAULT_ICV : []),
    ...(rules.mlKemKeywords ? KE_60 : LEGACY_PQ),
  ];
  t = new Map(entries.map(([n, type, alg, keySize]) => [n, { type, alg, keySize }]));
  TABLES.set(key, t);
  return t;
}

/**
 * The 6.0 parser for additional key exchanges: `ke<1-7>_<method>` (the prefix in any case, the
 * method a KE keyword), read with sscanf("%2s%1u_%255s").
 */
function additionalKe(word: string, rules: Rules): Token | null {
  const m = /^(\S{2})(\d)_(\S{1,255})/.exec(word);
  if (!m || m[1]!.toLowerCase() !== "ke") return null;
  const n = Number(m[2]);
  if (n < 1 || n > 7) return null;
  const base = lookupKeyword(m[3]!, rules);
  if (!base || base.type !== T.KE) return null;
  return { type: addKe(n), alg: base.alg, keySize: base.keySize };
}

/** What a word of a proposal string adds, or null (`algorithm '%s' not recognized`). */
export function lookupKeyword(word: string, rules: Rules): Token | null {
  const t = table(rules).get(word);
  if (t) return t;
  return rules.additionalKeyExchanges ? additionalKe(word, rules) : null;
}

/** Every keyword of a release (for suggestions and documentation). */
export function keywords(rules: Rules): string[] {
  return [...table(rules).keys()];
}
