/**
 * createHash with node:crypto loaded on first use: the `id` fast start parses certificates but
 * never hashes one (fingerprints and key ids are computed when asked for), and loading node:crypto
 * with its streams is a noticeable part of a start-up.
 */
type NodeCrypto = typeof import("node:crypto");
let crypto: NodeCrypto | undefined;

/** node:crypto, loaded on first use (keys and PBE decryption need it; an `id` start does not). */
export function nodeCrypto(): NodeCrypto {
  crypto ??= process.getBuiltinModule("node:crypto") as NodeCrypto;
  return crypto;
}

export function createHash(algorithm: string): import("node:crypto").Hash {
  return nodeCrypto().createHash(algorithm);
}
