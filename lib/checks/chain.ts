/** Chain completeness, judged with charon's rules (semantics §7.2). The parts live in chain/. */
export { buildChain, MAX_TRUST_PATH_LEN } from "./chain/build.js";
export { loadProblems } from "./chain/loadable.js";
export { type ChainPool, prepareChainPool, verifyAhead } from "./chain/pool.js";
export { signatureVerifies } from "./chain/signature.js";
export { charonTime } from "./chain/time.js";
export type {
  ChainCertificate,
  ChainLink,
  ChainMechanism,
  ChainOptions,
  ChainResult,
  ChainRole,
} from "./chain/types.js";
