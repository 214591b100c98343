import { execFileSync } from "node:child_process";

/**
 * The PKCS#12 kinds of certs-fixtures/pkcs12 (modern AES/PBKDF2, OpenSSL's -legacy, and a MAC-less
 * RC2-40 + 3DES file) made again with one key-derivation iteration, so that fuzzing and property
 * tests can open thousands of them quickly. Kinds openssl cannot make here are left out.
 */
const KINDS = [
  ["-keypbe", "AES-256-CBC", "-certpbe", "AES-256-CBC"],
  ["-legacy", "-provider", "legacy", "-provider", "default"],
  [
    "-nomac",
    "-certpbe",
    "PBE-SHA1-RC2-40",
    "-keypbe",
    "PBE-SHA1-3DES",
    "-provider",
    "legacy",
    "-provider",
    "default",
  ],
];

export function fastPkcs12Seeds(p12Dir: string, passphrase: string): Uint8Array[] {
  const base = ["pkcs12", "-export", "-inkey", "leaf.key.pem", "-in", "leaf.pem", "-certfile", "ca.pem"];
  const out: Uint8Array[] = [];
  for (const extra of KINDS) {
    try {
      const args = [...base, "-passout", `pass:${passphrase}`, "-noiter", "-nomaciter", ...extra];
      out.push(
        new Uint8Array(execFileSync("openssl", args, { stdio: ["ignore", "pipe", "ignore"], cwd: p12Dir })),
      );
    } catch {
      // this openssl cannot make that kind
    }
  }
  return out;
}
