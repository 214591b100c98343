import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The ground-truth tier asks the real strongSwan. Locally it runs when the binaries exist and says
 * clearly when it is skipped; in CI (CI=true) missing binaries are an error, never a silent skip.
 */
export const PKI = "/usr/bin/pki";
export const CHARON = "/usr/lib/ipsec/charon";
export const SWANCTL = "/usr/sbin/swanctl";

export function haveBinary(path: string): boolean {
  return existsSync(path);
}

/** Binaries the namespace-based oracles (charon.ts, ike.ts) need besides strongSwan's. */
export const NAMESPACE_TOOLS = ["/bin/ip", "/usr/bin/unshare", "/bin/mount"];

/** Root with network and mount namespaces: what a private charon needs (charon.ts). */
export function namespacesUsable(): { ok: true } | { ok: false; why: string } {
  if (process.getuid?.() !== 0)
    return { ok: false, why: "root (private charon daemons in network and mount namespaces)" };
  const r = spawnSync("unshare", ["-m", "-n", "true"], { encoding: "utf8", timeout: 10_000 });
  if (r.status !== 0)
    return { ok: false, why: `network and mount namespaces (unshare -m -n failed: ${r.stderr.trim()})` };
  return { ok: true };
}

/**
 * True when the tier can run; throws in CI when it cannot; prints why it is skipped otherwise.
 * `namespaces: true` also requires root and working `unshare -m -n` (charon.ts, ike.ts).
 */
export function tierAvailable(
  what: string,
  binaries: string[],
  opts: { namespaces?: boolean; install?: string } = {},
): boolean {
  const missing = binaries.filter((b) => !haveBinary(b));
  let msg: string | null = null;
  if (missing.length > 0)
    msg = `strongSwan tier "${what}" needs ${missing.join(", ")} (apt-get install ${opts.install ?? "strongswan-pki strongswan-swanctl strongswan-charon"})`;
  else if (opts.namespaces) {
    const ns = namespacesUsable();
    if (!ns.ok) msg = `strongSwan tier "${what}" needs ${ns.why}`;
  }
  if (msg === null) return true;
  if (process.env.CI === "true") throw new Error(`${msg}: missing in CI`);
  process.stderr.write(`SKIPPED: ${msg}\n`);
  return false;
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
