import { spawnSync } from "node:child_process";
import { PKI, pkiConf } from "./env.js";

/** Oracle: the key ids `pki --keyid` prints, lowercase hex without separators. */
export function pkiKeyid(
  file: string,
  type: "x509" | "priv" | "pub" | "rsa" | "ecdsa" | "pkcs10",
): { ok: true; subjkey: string; keyid: string } | { ok: false; stderr: string } {
  const r = spawnSync(PKI, ["--keyid", "--type", type, "--in", file], {
    env: { ...process.env, STRONGSWAN_CONF: pkiConf() },
    encoding: "utf8",
    timeout: 20_000,
  });
  if (r.status !== 0) return { ok: false, stderr: `${r.stderr}${r.stdout}` };
  const m = /subjkey[^\n]*:\s*\n\s*([0-9a-f:]+)\s*\nkeyid[^\n]*:\s*\n\s*([0-9a-f:]+)/.exec(r.stdout);
  if (!m) return { ok: false, stderr: `unexpected pki output: ${r.stdout}` };
  return { ok: true, subjkey: m[1]!.replace(/:/g, ""), keyid: m[2]!.replace(/:/g, "") };
}

export interface PkiVerifyResult {
  trusted: boolean;
  /** pki's exit code (0 trusted, 1 untrusted) */
  status: number | null;
  /** what pki printed (the reason is on stderr) */
  output: string;
}

/**
 * Oracle: `pki --verify --in CERT --cacert ... [--crl ...]`. `at` runs pki under faketime (package
 * faketime); `crls` turns on its revocation checking with local CRLs; `conf` is another
 * strongswan.conf (another plugin list). Note pki's quirk: with no usable --cacert it trusts the
 * input certificate itself.
 */
export function pkiVerify(
  cert: string,
  cacerts: string[],
  opts: { at?: Date; crls?: string[]; conf?: string } = {},
): PkiVerifyResult {
  const args = [
    "--verify",
    "--in",
    cert,
    ...cacerts.flatMap((c) => ["--cacert", c]),
    ...(opts.crls ?? []).flatMap((c) => ["--crl", c]),
  ];
  const env = { ...process.env, STRONGSWAN_CONF: opts.conf ?? pkiConf(), TZ: "UTC" };
  const r = opts.at
    ? spawnSync("faketime", [`@${Math.floor(opts.at.getTime() / 1000)}`, PKI, ...args], {
        env,
        encoding: "utf8",
        timeout: 20_000,
      })
    : spawnSync(PKI, args, { env, encoding: "utf8", timeout: 20_000 });
  return { trusted: r.status === 0, status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}
