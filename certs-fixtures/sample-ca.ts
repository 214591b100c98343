/**
 * The committed sample CAs with their keys, for tests that issue their own scenario certificates
 * under the sample root or intermediate (so they chain to certs-fixtures/sample/x509ca/).
 *
 *   const { intermediate } = sampleCa();
 *   const leaf = makeCertificate({ subject: "CN=x", key: generateKey("p256"), issuer: intermediate });
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { certificateFrom, type GeneratedCertificate } from "./generator.js";

export const FIXTURES_DIR = dirname(fileURLToPath(import.meta.url));

export function sampleCa(dir: string = FIXTURES_DIR): {
  root: GeneratedCertificate;
  intermediate: GeneratedCertificate;
} {
  const load = (name: string) =>
    certificateFrom(
      readFileSync(join(dir, "sample", "x509ca", `${name}.pem`), "latin1"),
      readFileSync(join(dir, "ca-keys", `${name}.key`), "latin1"),
    );
  return { root: load("root"), intermediate: load("intermediate") };
}
