/**
 * IKE, ESP and AH proposals as charon reads, prints and selects them. Pure; release-aware through
 * lib/rules.ts.
 */
export {
  algorithmName,
  cipherShape,
  integrityIcv,
  isAead,
  isKeType,
  keDataLength,
  T,
  type TransformType,
  transformTypeName,
} from "./algorithms.js";
export {
  type ConfiguredProposals,
  ipsecProposals,
  type ProposalError,
  swanctlProposals,
} from "./configured.js";
export { defaultAeadProposal, defaultProposal } from "./defaults.js";
export { keywords, lookupKeyword } from "./keywords.js";
export { type ParseResult, parseProposal, splitWords } from "./parse.js";
export {
  cloneProposal,
  firstOf,
  formatProposal,
  formatProposals,
  type Proposal,
  type Protocol,
  promoteTransform,
  proposalsEqual,
  type Transform,
  transformsOf,
  withoutKeyExchange,
} from "./proposal.js";
export {
  type LogLine,
  type PairFailure,
  proposalsMatch,
  type SelectionFlags,
  type SelectionResult,
  selectAlgorithms,
  selectProposal,
} from "./select.js";
