/**
 * A proposal as charon holds it (src/libstrongswan/crypto/proposal/proposal.c): a protocol, its
 * transforms in configured order, and the set of transform types it has, kept sorted as charon
 * sorts them (encryption, integrity, PRF, key exchange, ESN, additional key exchanges: integrity
 * and PRF swapped, "to not change the previous order when printing"). The set is what printing and
 * selection walk, so a transform whose type is missing from it is neither printed nor compared
 * (it happens to AH proposals made only of `aes*gmac`, see parse.ts).
 */
import { algorithmName, T, type TransformType } from "./algorithms.js";

export type Protocol = "IKE" | "ESP" | "AH";

export interface Transform {
  type: TransformType;
  alg: number;
  /** key length in bits (a Key Length attribute on the wire), 0 = none */
  keySize: number;
}

export interface Proposal {
  protocol: Protocol;
  transforms: Transform[];
  /** transform types, sorted as charon sorts them */
  types: TransformType[];
}

const sortKey = (t: TransformType) => (t === T.PRF ? T.INTEG : t === T.INTEG ? T.PRF : t);

export function addType(types: TransformType[], t: TransformType): void {
  if (types.includes(t)) return;
  types.push(t);
  types.sort((a, b) => sortKey(a) - sortKey(b));
}

export function emptyProposal(protocol: Protocol): Proposal {
  return { protocol, transforms: [], types: [] };
}

export function addTransform(p: Proposal, type: TransformType, alg: number, keySize = 0): void {
  p.transforms.push({ type, alg, keySize });
  addType(p.types, type);
}

/** The transforms of one type, in order. */
export function transformsOf(p: Proposal, type: TransformType): Transform[] {
  return p.transforms.filter((t) => t.type === type);
}

/** The first algorithm of a type (proposal.c get_algorithm), or null. */
export function firstOf(p: Proposal, type: TransformType): Transform | null {
  return p.transforms.find((t) => t.type === type) ?? null;
}

export function cloneProposal(p: Proposal): Proposal {
  return { protocol: p.protocol, transforms: p.transforms.map((t) => ({ ...t })), types: [...p.types] };
}

/** Both types merged, sorted (proposal.c merge_types). */
export function mergeTypes(a: Proposal, b: Proposal): TransformType[] {
  const out: TransformType[] = [];
  for (const t of a.types) addType(out, t);
  for (const t of b.types) addType(out, t);
  return out;
}

/** proposal.c equals: per type, the same algorithms and key sizes in the same order. */
export function proposalsEqual(a: Proposal, b: Proposal): boolean {
  for (const type of mergeTypes(a, b)) {
    const x = transformsOf(a, type);
    const y = transformsOf(b, type);
    if (x.length !== y.length) return false;
    if (x.some((t, i) => t.alg !== y[i]!.alg || t.keySize !== y[i]!.keySize)) return false;
  }
  return true;
}

/** Move an algorithm to the front of the proposal (proposal.c promote_transform; drops its key size). */
export function promoteTransform(p: Proposal, type: TransformType, alg: number): boolean {
  const kept = p.transforms.filter((t) => !(t.type === type && t.alg === alg));
  if (kept.length === p.transforms.length) return false;
  p.transforms = [{ type, alg, keySize: 0 }, ...kept];
  return true;
}

/**
 * The proposal as charon prints it with `%P` (`IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/
 * CURVE_25519`): per type in the sorted order, each algorithm's name and its key size; from 6.0
 * additional key exchanges carry a `KE1_` prefix.
 */
export function formatProposal(p: Proposal, opts: { keNames?: boolean } = {}): string {
  const keNames = opts.keNames ?? true;
  const parts: string[] = [];
  for (const type of p.types) {
    for (const t of p.transforms) {
      if (t.type !== type) continue;
      const prefix = type >= T.ADDKE1 && type <= T.ADDKE1 + 6 ? `KE${type - T.ADDKE1 + 1}_` : "";
      const name = algorithmName(type, t.alg, keNames);
      // a type charon has names for prints an unknown algorithm as `(N)` (enum.c), others as UNKNOWN_
      const text =
        name ?? (type >= T.ENCR && type <= T.ADDKE1 + 6 ? `(${t.alg})` : `UNKNOWN_${type}_${t.alg}`);
      parts.push(`${prefix}${text}${t.keySize ? `_${t.keySize}` : ""}`);
    }
  }
  return `${p.protocol}:${parts.join("/")}`;
}

/** A list as charon prints it with `%#P`: the proposals joined by ", ". */
export function formatProposals(list: Proposal[], opts: { keNames?: boolean } = {}): string {
  return list.map((p) => formatProposal(p, opts)).join(", ");
}

/**
 * A CHILD_SA's proposals as sent without key exchange (IKE_AUTH, rekeying without PFS): charon
 * clones each without its key exchange transforms and drops the ones that became equal to an
 * earlier one (child_cfg.c get_proposals with strip_ke).
 */
export function withoutKeyExchange(list: Proposal[]): Proposal[] {
  const out: Proposal[] = [];
  for (const p of list) {
    // clone() rebuilds the type set from the transforms it keeps
    const c = emptyProposal(p.protocol);
    for (const t of p.transforms)
      if (!(t.type === T.KE || t.type >= T.ADDKE1)) addTransform(c, t.type, t.alg, t.keySize);
    if (!out.some((o) => proposalsEqual(o, c))) out.push(c);
  }
  return out;
}
