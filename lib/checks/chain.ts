/** Chain completeness, judged with charon's rules (semantics §7.2). The parts live in chain/. */
export { buildChain, MAX_TRUST_PATH_LEN } from "./chain/build.js";
export { type ChainConfSettings, chainSettingsFromConf } from "./chain/conf.js";
export { loadChoice, loadProblems } from "./chain/loadable.js";
export {
  type CertPlugin,
  DEFAULT_CERT_PLUGINS,
  type PluginChoice,
  type PluginSettings,
  pluginEnforces,
} from "./chain/plugins.js";
export { type ChainPool, type ChainPoolExtras, prepareChainPool, verifyAhead } from "./chain/pool.js";
export type {
  CertRevocation,
  RevocationPolicy,
  RevocationSettings,
  ValidationStatus,
} from "./chain/revocation.js";
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
