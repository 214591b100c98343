/**
 * Reading a proposal string as charon does (src/libstrongswan/crypto/proposal/proposal.c
 * proposal_create_from_string and check_proposal): split into words at `-`, look each word up,
 * then check and complete the proposal. A failure yields the line charon logs (level 1, `cfg`).
 */
import { type ReleaseLike, type Rules, rulesFor } from "../rules.js";
import { ALG, isAead, T } from "./algorithms.js";
import { lookupKeyword } from "./keywords.js";
import {
  addTransform,
  emptyProposal,
  firstOf,
  type Proposal,
  type Protocol,
  transformsOf,
} from "./proposal.js";

/**
 * enumerator_create_token(str, "-", " ") (src/libstrongswan/collections/enumerator.c): leading
 * separators and spaces are skipped, a word may be quoted with `"` or `'` (then it runs to the
 * matching quote, dashes included), trailing spaces are trimmed, empty words never appear.
 */
export function splitWords(text: string, sep = "-", trim = " "): string[] {
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && (trim.includes(text[pos]!) || sep.includes(text[pos]!))) pos++;
    const q = text[pos];
    if ((q === '"' || q === "'") && text.indexOf(q, pos + 1) >= 0) {
      const end = text.indexOf(q, pos + 1);
      out.push(text.slice(pos + 1, end));
      pos = end + 1;
      continue;
    }
    let next = -1;
    for (const s of sep) {
      const i = text.indexOf(s, pos);
      if (i >= 0 && (next < 0 || i < next)) next = i;
    }
    let word = next >= 0 ? text.slice(pos, next) : text.slice(pos);
    let end = word.length;
    while (end > 0 && trim.includes(word[end - 1]!)) end--;
    word = word.slice(0, end);
    if (next < 0) {
      if (word.length > 0) out.push(word);
      return out;
    }
    out.push(word);
    pos = next + 1;
  }
}

/** Integrity algorithm → the PRF of the same construction (proposal.c integ_prf_map). */
const INTEG_PRF = new Map<number, number>([
  [ALG.AUTH_HMAC_SHA1_96, ALG.PRF_HMAC_SHA1],
  [ALG.AUTH_HMAC_SHA1_160, ALG.PRF_HMAC_SHA1],
  [ALG.AUTH_HMAC_SHA2_256_128, ALG.PRF_HMAC_SHA2_256],
  [ALG.AUTH_HMAC_SHA2_384_192, ALG.PRF_HMAC_SHA2_384],
  [ALG.AUTH_HMAC_SHA2_512_256, ALG.PRF_HMAC_SHA2_512],
  [ALG.AUTH_HMAC_MD5_96, ALG.PRF_HMAC_MD5],
  [ALG.AUTH_HMAC_MD5_128, ALG.PRF_HMAC_MD5],
  [ALG.AUTH_AES_XCBC_96, ALG.PRF_AES128_XCBC],
  [ALG.AUTH_CAMELLIA_XCBC_96, ALG.PRF_CAMELLIA128_XCBC],
  [ALG.AUTH_AES_CMAC_96, ALG.PRF_AES128_CMAC],
]);

const GMAC_INTEG: Record<number, number> = {
  128: ALG.AUTH_AES_128_GMAC,
  192: ALG.AUTH_AES_192_GMAC,
  256: ALG.AUTH_AES_256_GMAC,
};

export type ParseResult =
  | { ok: true; proposal: Proposal }
  /** `log`: the line charon logs, null when it fails silently (an empty string) */
  | { ok: false; log: string | null; word: string | null };

function removeType(p: Proposal, type: number): void {
  p.transforms = p.transforms.filter((t) => t.type !== type);
  p.types = p.types.filter((t) => t !== type);
}

/** check_proposal: PRF inference, mandatory transforms, AEAD vs integrity, ESN default. */
function check(p: Proposal): string | null {
  if (p.protocol === "IKE") {
    if (!firstOf(p, T.PRF)) {
      // no PRF given: one per integrity algorithm that has a PRF of the same kind
      for (const t of transformsOf(p, T.INTEG)) {
        const prf = INTEG_PRF.get(t.alg);
        if (prf !== undefined) addTransform(p, T.PRF, prf);
      }
    }
    if (!firstOf(p, T.PRF)) return "a PRF algorithm is mandatory in IKE proposals";
    p.transforms = p.transforms.filter((t) => !(t.type === T.KE && t.alg === ALG.KE_NONE));
    if (!firstOf(p, T.KE)) return "a DH group is mandatory in IKE proposals";
  } else removeType(p, T.PRF);

  if (p.protocol === "IKE" || p.protocol === "ESP") {
    const enc = transformsOf(p, T.ENCR);
    const aead = enc.filter((t) => isAead(t.alg)).length;
    if (enc.length === 0) return `an encryption algorithm is mandatory in ${p.protocol} proposals`;
    if (aead > 0 && aead < enc.length)
      return `classic and combined-mode (AEAD) encryption algorithms can't be contained in the same ${p.protocol} proposal`;
    if (aead === enc.length) removeType(p, T.INTEG);
    else if (p.protocol === "IKE" && !firstOf(p, T.INTEG))
      return `an integrity algorithm is mandatory in ${p.protocol} proposals with classic (non-AEAD) encryption algorithms`;
  } else {
    // AH: AES-GMAC words become integrity algorithms (in place: the type set is not updated),
    // every other encryption algorithm is dropped
    const kept = [];
    for (const t of p.transforms) {
      if (t.type !== T.ENCR) kept.push(t);
      else if (t.alg === ALG.ENCR_NULL_AUTH_AES_GMAC && GMAC_INTEG[t.keySize] !== undefined)
        kept.push({ type: T.INTEG, alg: GMAC_INTEG[t.keySize]!, keySize: 0 });
    }
    p.transforms = kept;
    p.types = p.types.filter((t) => t !== T.ENCR);
    if (!firstOf(p, T.INTEG)) return "an integrity algorithm is mandatory in AH proposals";
  }
  if ((p.protocol === "AH" || p.protocol === "ESP") && !firstOf(p, T.ESN))
    addTransform(p, T.ESN, ALG.NO_EXT_SEQ);
  return null;
}

/** One proposal string (`aes128-sha256-x25519`) for IKE, ESP or AH. */
export function parseProposal(protocol: Protocol, text: string, release?: ReleaseLike): ParseResult {
  const rules: Rules = rulesFor(release);
  const p = emptyProposal(protocol);
  const words = splitWords(text);
  if (words.length === 0) return { ok: false, log: null, word: null };
  for (const w of words) {
    const tok = lookupKeyword(w, rules);
    if (!tok) return { ok: false, log: `algorithm '${w}' not recognized`, word: w };
    addTransform(p, tok.type, tok.alg, tok.keySize);
  }
  const err = check(p);
  return err ? { ok: false, log: err, word: null } : { ok: true, proposal: p };
}
