/**
 * Message sizes of an IKEv2 setup (semantics §9): IKE_AUTH of one side (ike-auth.ts), and every
 * message between two configurations (setup.ts: IKE_SA_INIT, IKE_INTERMEDIATE, IKE_AUTH).
 */
export { sizeFindings } from "./findings.js";
export { estimateIkeAuthSize, type SizeOptions, type SizePayload, type SizeResult } from "./ike-auth.js";
export { signatureLength } from "./payloads.js";
export {
  type AuthOptions,
  estimateSetup,
  type MessageSize,
  type SetupOptions,
  type SetupResult,
  type SetupSide,
} from "./setup.js";
