/**
 * `ikecert/proposals`: IKE, ESP and AH proposals as charon reads, prints and selects them.
 *
 * @packageDocumentation
 * @module ikecert/proposals
 */
export type { TransformType } from "../proposals/algorithms.js";
export {
  type ConfiguredProposals,
  ipsecProposals,
  type ProposalError,
  swanctlProposals,
} from "../proposals/configured.js";
export { type ParseResult, parseProposal } from "../proposals/parse.js";
export {
  formatProposal,
  formatProposals,
  type Proposal,
  type Protocol,
  type Transform,
} from "../proposals/proposal.js";
export {
  type LogLine,
  type PairFailure,
  type SelectionFlags,
  type SelectionResult,
  selectProposal,
} from "../proposals/select.js";
export type { BEHAVIOURS, BehaviourName, ReleaseLike, ResolvedRelease, Rules } from "../rules.js";
