/**
 * Proposal selection as charon does it (src/libstrongswan/crypto/proposal/proposal.c select_algo,
 * select_algos, select_proposal, proposal_select), with the lines it logs (`cfg` subsystem):
 * - the preferred list is walked in order (the configured one unless prefer_configured_proposals =
 *   no), each of its proposals against every proposal of the other list: the first pair that
 *   matches wins, and within a pair the preferred proposal's algorithm order decides;
 * - a pair matches when every transform type either side has finds an algorithm (and key size)
 *   both list, type by type in the order encryption, integrity (skipped after an AEAD), PRF, key
 *   exchange, ESN; the first type that finds none is logged as `no acceptable <TYPE> found`;
 * - key exchange transforms are optional in ESP/AH (and, from 6.0, additional key exchanges in
 *   IKE): a side without them matches a side that lists KE_NONE; in IKE_AUTH they are skipped;
 * - algorithms of the private range (1024 and up) are skipped unless the peer is a strongSwan
 *   that sent its vendor id (or accept_private_algs is set).
 */
import { type ReleaseLike, type Rules, rulesFor } from "../rules.js";
import { isAead, isKeType, PRIVATE_USE, T, type TransformType, transformTypeName } from "./algorithms.js";
import {
  addTransform,
  emptyProposal,
  formatProposals,
  mergeTypes,
  type Proposal,
  transformsOf,
} from "./proposal.js";

export interface SelectionFlags {
  /** prefer_configured_proposals = no: walk the received list first */
  preferSupplied?: boolean;
  /** IKE_AUTH's CHILD_SA (and rekeyings without PFS): ignore key exchange transforms */
  skipKe?: boolean;
  /** the peer is not known to be strongSwan: skip algorithms of the private range */
  skipPrivate?: boolean;
}

export interface LogLine {
  /** charon log level the line is printed at */
  level: 1 | 2;
  text: string;
}

/** Why one pair of proposals did not match: the first transform type without a common algorithm. */
export interface PairFailure {
  /** index of the preferred list's proposal and of the other list's */
  preferred: number;
  other: number;
  /** null: the protocols differ */
  type: TransformType | null;
  typeName: string;
}

export interface SelectionResult {
  selected: Proposal | null;
  logs: LogLine[];
  /** every pair tried before the match (all of them when nothing matched) */
  failures: PairFailure[];
}

function selectAlgo(
  self: Proposal,
  other: Proposal,
  type: TransformType,
  flags: SelectionFlags,
  kes: Set<number>,
  rules: Rules,
  logs: LogLine[] | null,
): { found: boolean; alg: number; keySize: number } {
  const optional =
    isKeType(type) && (self.protocol !== "IKE" || (rules.additionalKeyExchanges && type !== T.KE));
  const mine = transformsOf(self, type);
  const theirs = transformsOf(other, type);
  let found = false;
  if (mine.length === 0) found = theirs.length === 0 || (optional && theirs.some((t) => t.alg === 0));
  else if (theirs.length === 0) found = optional && mine.some((t) => t.alg === 0);
  if (found) return { found, alg: 0, keySize: 0 };
  for (const a of mine) {
    if (rules.additionalKeyExchanges && isKeType(type) && kes.has(a.alg)) continue;
    for (const b of theirs) {
      if (a.alg !== b.alg || a.keySize !== b.keySize) continue;
      if (flags.skipPrivate && a.alg >= PRIVATE_USE) {
        logs?.push({
          level: 1,
          text: "an algorithm from private space would match, but peer implementation is unknown, skipped",
        });
        continue;
      }
      return { found: true, alg: a.alg, keySize: a.keySize };
    }
  }
  return { found: false, alg: 0, keySize: 0 };
}

/**
 * proposal.c select_algos: the common proposal of `self` (whose order wins) and `other`, or the
 * transform type that found no common algorithm.
 */
export function selectAlgorithms(
  self: Proposal,
  other: Proposal,
  flags: SelectionFlags,
  release?: ReleaseLike,
  logs: LogLine[] | null = null,
): { selected: Proposal } | { failed: TransformType } {
  const rules = rulesFor(release);
  const selected = emptyProposal(self.protocol);
  const kes = new Set<number>();
  let skipIntegrity = false;
  for (const type of mergeTypes(self, other)) {
    if (type === T.INTEG && skipIntegrity) continue;
    if (isKeType(type) && flags.skipKe) continue;
    const r = selectAlgo(self, other, type, flags, kes, rules, logs);
    if (!r.found) {
      logs?.push({
        level: 2,
        text: `  no acceptable ${transformTypeName(type, rules.keyExchangeNames)} found`,
      });
      return { failed: type };
    }
    if (r.alg === 0 && type !== T.ESN) continue;
    addTransform(selected, type, r.alg, r.keySize);
    if (isKeType(type)) kes.add(r.alg);
    if (type === T.ENCR && isAead(r.alg)) skipIntegrity = true;
  }
  return { selected };
}

/** Do two proposals have a common selection (proposal.c matches; ike_cfg has_proposal)? */
export function proposalsMatch(
  a: Proposal,
  b: Proposal,
  flags: SelectionFlags,
  release?: ReleaseLike,
): boolean {
  return a.protocol === b.protocol && "selected" in selectAlgorithms(a, b, flags, release);
}

/**
 * proposal_select: the proposal charon selects from the configured list and the received one,
 * with the lines it logs (level 2 for each pair tried; on success the lists at level 2 and
 * `selected proposal:` at 1; on failure both lists at level 1).
 */
export function selectProposal(
  configured: Proposal[],
  supplied: Proposal[],
  flags: SelectionFlags = {},
  release?: ReleaseLike,
): SelectionResult {
  const rules = rulesFor(release);
  const keNames = { keNames: rules.keyExchangeNames };
  const logs: LogLine[] = [];
  const failures: PairFailure[] = [];
  const [prefer, match] = flags.preferSupplied ? [supplied, configured] : [configured, supplied];
  for (const [i, p] of prefer.entries()) {
    for (const [j, m] of match.entries()) {
      logs.push({ level: 2, text: "selecting proposal:" });
      if (p.protocol !== m.protocol) {
        logs.push({ level: 2, text: "  protocol mismatch, skipping" });
        failures.push({ preferred: i, other: j, type: null, typeName: "protocol" });
        continue;
      }
      const r = selectAlgorithms(p, m, flags, rules, logs);
      if ("failed" in r) {
        failures.push({
          preferred: i,
          other: j,
          type: r.failed,
          typeName: transformTypeName(r.failed, rules.keyExchangeNames),
        });
        continue;
      }
      logs.push({ level: 2, text: "  proposal matches" });
      logs.push({ level: 2, text: `received proposals: ${formatProposals(supplied, keNames)}` });
      logs.push({ level: 2, text: `configured proposals: ${formatProposals(configured, keNames)}` });
      logs.push({ level: 1, text: `selected proposal: ${formatProposals([r.selected], keNames)}` });
      return { selected: r.selected, logs, failures };
    }
  }
  logs.push({ level: 1, text: `received proposals: ${formatProposals(supplied, keNames)}` });
  logs.push({ level: 1, text: `configured proposals: ${formatProposals(configured, keNames)}` });
  return { selected: null, logs, failures };
}
