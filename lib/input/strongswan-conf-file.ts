/**
 * Reading strongswan.conf from disk (with its includes) for `audit` and `handshake`. Which file:
 * the one named (`--strongswan-conf`), else the one a default installation keeps beside the
 * configuration: `<swanctl folder>/../strongswan.conf` (/etc/swanctl → /etc/strongswan.conf), or
 * `strongswan.conf` beside ipsec.conf (both live in /etc). None found: charon's defaults apply.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseStrongswanConf, type StrongswanConf } from "../config/strongswan-conf.js";
import { fileReader } from "./config-files.js";
import type { LoadOptions } from "./load.js";

export function loadStrongswanConf(file: string, opts: LoadOptions = {}): StrongswanConf {
  const reader = fileReader();
  return parseStrongswanConf(reader.read(file), file, {
    reader,
    maxIncludeDepth: opts.limits?.maxIncludeDepth,
  });
}

/** The strongswan.conf that belongs to a configuration folder or file, or null when there is none. */
export function strongswanConfBeside(configPath: string): string | null {
  let dir = resolve(configPath);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    return null;
  }
  const ipsec = existsSync(join(dir, "ipsec.conf"));
  const candidate = ipsec ? join(dir, "strongswan.conf") : join(dirname(dir), "strongswan.conf");
  return existsSync(candidate) ? candidate : null;
}
