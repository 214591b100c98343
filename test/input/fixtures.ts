import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { IkecertError } from "../../lib/index.js";

/** Paths and passphrase of the key and PKCS#12 fixtures (certs-fixtures/keys, certs-fixtures/pkcs12). */
export const KEYS_DIR = join(import.meta.dirname, "../../certs-fixtures/keys");
export const P12_DIR = join(import.meta.dirname, "../../certs-fixtures/pkcs12");
export const PASSPHRASE_FILE = join(KEYS_DIR, "PASSPHRASE.txt");
export const PASSPHRASE = readFileSync(PASSPHRASE_FILE, "utf8").replace(/\r?\n$/, "");

/** Every key file (private or public) in certs-fixtures/keys, with the certificate of the same key. */
export function keyFixtures(): Array<{ file: string; cert: string; encrypted: boolean; isPrivate: boolean }> {
  return readdirSync(KEYS_DIR)
    .filter((n) => /\.(pem|der)$/.test(n) && !n.endsWith(".cert.pem"))
    .sort()
    .map((n) => ({
      file: join(KEYS_DIR, n),
      cert: join(KEYS_DIR, `${n.split(".")[0]}.cert.pem`),
      encrypted: /\.(pkcs8-|trad-)/.test(n),
      isPrivate: !/\.(spki|rsapub)\./.test(n),
    }));
}

export function p12Fixtures(): string[] {
  return readdirSync(P12_DIR)
    .filter((n) => n.endsWith(".p12"))
    .sort()
    .map((n) => join(P12_DIR, n));
}

/** A passphrase source that always answers `p`. */
export const pass = (p: string | null) => async () => p;

/** The IkecertError code a promise rejects with, or "no error". */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "no error";
  } catch (e) {
    expect(e).toBeInstanceOf(IkecertError);
    return (e as IkecertError).code;
  }
}
