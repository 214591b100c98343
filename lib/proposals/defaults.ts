/**
 * charon's default proposals (src/libstrongswan/crypto/proposal/proposal.c proposal_create_default,
 * proposal_create_default_aead). For IKE they list what the loaded crypto plugins offer, in rounds
 * of decreasing strength and in the order the plugins registered the algorithms, so they depend on
 * the plugin set: these are the lists of Debian's packages with their stock plugin configuration
 * (`load_modular`, every plugin of /etc/strongswan.d/charon/ with its default `load`), as a 5.9.8
 * charon prints them (checked in test/strongswan/proposals-load.test.ts). ESP and AH defaults are
 * fixed lists. Release differences are behaviours in lib/rules.ts.
 */
import type { Rules } from "../rules.js";
import { ALG, T } from "./algorithms.js";
import { addTransform, emptyProposal, type Proposal, type Protocol } from "./proposal.js";

const SIZES = [128, 192, 256];
const each = (alg: number) => SIZES.map((s) => [alg, s] as const);

/** key exchange methods of the default IKE proposals (add_supported_ke_methods, stock plugins) */
const KE_METHODS = [
  ALG.CURVE_25519,
  ALG.CURVE_448,
  ALG.ECP_256,
  ALG.ECP_384,
  ALG.ECP_521,
  ALG.ECP_256_BP,
  ALG.ECP_384_BP,
  ALG.ECP_512_BP,
  ALG.MODP_3072,
  ALG.MODP_4096,
  ALG.MODP_6144,
  ALG.MODP_8192,
  ALG.MODP_2048,
];

const PRFS = [
  ALG.PRF_HMAC_SHA2_256,
  ALG.PRF_HMAC_SHA2_384,
  ALG.PRF_HMAC_SHA2_512,
  ALG.PRF_AES128_XCBC,
  ALG.PRF_AES128_CMAC,
  ALG.PRF_HMAC_SHA1,
];

function ikeClassic(): Proposal {
  const p = emptyProposal("IKE");
  for (const alg of [ALG.ENCR_AES_CBC, ALG.ENCR_AES_CTR, ALG.ENCR_CAMELLIA_CBC, ALG.ENCR_CAMELLIA_CTR])
    for (const [a, s] of each(alg)) addTransform(p, T.ENCR, a, s);
  addTransform(p, T.ENCR, ALG.ENCR_3DES);
  for (const a of [
    ALG.AUTH_HMAC_SHA2_256_128,
    ALG.AUTH_HMAC_SHA2_384_192,
    ALG.AUTH_HMAC_SHA2_512_256,
    ALG.AUTH_AES_XCBC_96,
    ALG.AUTH_AES_CMAC_96,
    ALG.AUTH_HMAC_SHA1_96,
  ])
    addTransform(p, T.INTEG, a);
  for (const a of PRFS) addTransform(p, T.PRF, a);
  for (const a of KE_METHODS) addTransform(p, T.KE, a);
  return p;
}

function ikeAead(): Proposal {
  const p = emptyProposal("IKE");
  for (const alg of [ALG.ENCR_AES_CCM_ICV16, ALG.ENCR_AES_GCM_ICV16])
    for (const [a, s] of each(alg)) addTransform(p, T.ENCR, a, s);
  addTransform(p, T.ENCR, ALG.ENCR_CHACHA20_POLY1305);
  for (const [a, s] of each(ALG.ENCR_CAMELLIA_CCM_ICV16)) addTransform(p, T.ENCR, a, s);
  for (const alg of [
    ALG.ENCR_AES_CCM_ICV8,
    ALG.ENCR_AES_CCM_ICV12,
    ALG.ENCR_AES_GCM_ICV8,
    ALG.ENCR_AES_GCM_ICV12,
    ALG.ENCR_CAMELLIA_CCM_ICV8,
    ALG.ENCR_CAMELLIA_CCM_ICV12,
  ])
    for (const [a, s] of each(alg)) addTransform(p, T.ENCR, a, s);
  for (const a of PRFS) addTransform(p, T.PRF, a);
  for (const a of KE_METHODS) addTransform(p, T.KE, a);
  return p;
}

/** 6.0.2: the ESP/AH defaults offer every supported method, optionally (KE_NONE last). */
function addOptionalKe(p: Proposal, rules: Rules): void {
  if (!rules.espDefaultKeMethods) return;
  for (const a of KE_METHODS) addTransform(p, T.KE, a);
  addTransform(p, T.KE, ALG.KE_NONE);
}

/** the integrity algorithms, ESN and (6.0.2) key exchanges of the classic ESP and the AH default */
function childIntegrity(p: Proposal, rules: Rules): Proposal {
  for (const a of [
    ALG.AUTH_HMAC_SHA2_256_128,
    ALG.AUTH_HMAC_SHA2_384_192,
    ALG.AUTH_HMAC_SHA2_512_256,
    ALG.AUTH_HMAC_SHA1_96,
    ALG.AUTH_AES_XCBC_96,
  ])
    addTransform(p, T.INTEG, a);
  addTransform(p, T.ESN, ALG.NO_EXT_SEQ);
  addOptionalKe(p, rules);
  return p;
}

function espClassic(rules: Rules): Proposal {
  const p = emptyProposal("ESP");
  for (const [a, s] of each(ALG.ENCR_AES_CBC)) addTransform(p, T.ENCR, a, s);
  return childIntegrity(p, rules);
}

function espAead(rules: Rules): Proposal {
  const p = emptyProposal("ESP");
  for (const [a, s] of each(ALG.ENCR_AES_GCM_ICV16)) addTransform(p, T.ENCR, a, s);
  if (rules.espDefaultAeadEsn) addTransform(p, T.ESN, ALG.NO_EXT_SEQ);
  addOptionalKe(p, rules);
  return p;
}

function ahClassic(rules: Rules): Proposal {
  const p = emptyProposal("AH");
  return childIntegrity(p, rules);
}

/** proposal_create_default (classic algorithms). */
export function defaultProposal(protocol: Protocol, rules: Rules): Proposal {
  return protocol === "IKE" ? ikeClassic() : protocol === "ESP" ? espClassic(rules) : ahClassic(rules);
}

/** proposal_create_default_aead; AH has none. */
export function defaultAeadProposal(protocol: Protocol, rules: Rules): Proposal | null {
  return protocol === "IKE" ? ikeAead() : protocol === "ESP" ? espAead(rules) : null;
}
