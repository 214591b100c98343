import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { needs, PROGRAMS, type ProgramName } from "../needs.js";

/**
 * The ground-truth tier asks the real strongSwan. Locally it runs when the binaries exist and says
 * clearly when it is skipped (test/needs.ts); in CI (CI=true) missing binaries are an error.
 */
export const PKI = "/usr/bin/pki";
export const CHARON = "/usr/lib/ipsec/charon";
export const SWANCTL = "/usr/sbin/swanctl";

export function haveBinary(path: string): boolean {
  return existsSync(path);
}

/** Binaries the namespace-based oracles (charon.ts, ike.ts) need besides strongSwan's. */
export const NAMESPACE_TOOLS = ["/bin/ip", "/usr/bin/unshare", "/bin/mount"];

export { namespacesUsable } from "../needs.js";

/**
 * The strongSwan tier's name for `needs` (test/needs.ts), which every test that needs a program from
 * outside npm uses: true when the binaries are there; under CI=true a missing one is an error;
 * elsewhere the group is skipped with one line naming what is missing and the apt-get that brings it.
 * `namespaces: true` also requires root and working `unshare -m -n` (charon.ts, ike.ts).
 */
export function tierAvailable(
  what: string,
  binaries: string[],
  opts: { namespaces?: boolean; install?: string } = {},
): boolean {
  const names: ProgramName[] = [];
  const files: string[] = [];
  for (const b of binaries) {
    const name = basename(b);
    if (name in PROGRAMS) names.push(name as ProgramName);
    else if (b.startsWith("/") && opts.install) files.push(b);
    else
      throw new Error(
        `${b}: not a program test/needs.ts knows; add it to PROGRAMS (or name its package in install)`,
      );
  }
  return needs(what, [...new Set(names)], {
    namespaces: opts.namespaces,
    ...(files.length ? { files: { paths: files, apt: opts.install! } } : {}),
  });
}

let confPath: string | null = null;

/** A strongswan.conf for pki with only the plugins it needs (also silences the tpm plugin). */
export function pkiConf(): string {
  if (confPath) return confPath;
  const dir = join(tmpdir(), `ikecert-pki-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  confPath = join(dir, "strongswan.conf");
  writeFileSync(
    confPath,
    "pki {\n  load = pem pkcs1 pkcs8 pkcs12 x509 pubkey openssl gmp curve25519 sha1 sha2 random drbg revocation constraints nonce\n}\n",
  );
  return confPath;
}

export function strongswanVersion(): string {
  try {
    const out = execFileSync(PKI, ["--help"], {
      env: { ...process.env, STRONGSWAN_CONF: pkiConf() },
      encoding: "utf8",
    });
    return /strongSwan (\S+)/.exec(out)?.[1] ?? "unknown";
  } catch (e) {
    const out = String((e as { stdout?: string }).stdout ?? "");
    return /strongSwan (\S+)/.exec(out)?.[1] ?? "unknown";
  }
}
