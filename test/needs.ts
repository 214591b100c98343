import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync } from "node:fs";
import { basename, delimiter, join } from "node:path";
import { executable } from "../lib/input/strongswan-release.js";

/**
 * Tests that need a program from outside npm (strongSwan's pki/charon/swanctl, openssl, faketime,
 * ip/unshare) or root ask here first. On a machine without it they skip, with one line that names
 * what is missing and the `apt-get install` that brings it; the run ends with one summary line of
 * everything skipped (test/setup/skips.ts). Under CI=true nothing may be skipped: a missing program
 * is an error there.
 */
export interface Program {
  /** the file the tests run; a bare name is looked up on PATH */
  path: string;
  /** the Debian package that brings it */
  apt: string;
}

export const PROGRAMS = {
  pki: { path: "/usr/bin/pki", apt: "strongswan-pki" },
  charon: { path: "/usr/lib/ipsec/charon", apt: "strongswan-charon" },
  swanctl: { path: "/usr/sbin/swanctl", apt: "strongswan-swanctl" },
  openssl: { path: "openssl", apt: "openssl" },
  faketime: { path: "faketime", apt: "faketime" },
  ip: { path: "ip", apt: "iproute2" },
  unshare: { path: "unshare", apt: "util-linux" },
  mount: { path: "mount", apt: "mount" },
  "dpkg-query": { path: "dpkg-query", apt: "dpkg" },
  script: { path: "script", apt: "bsdutils" },
} as const satisfies Record<string, Program>;

export type ProgramName = keyof typeof PROGRAMS;

const found = new Map<string, boolean>();

/** Whether the program is installed: its fixed path, or a bare name anywhere on PATH. */
export function installed(name: ProgramName): boolean {
  const { path } = PROGRAMS[name];
  let ok = found.get(path);
  if (ok === undefined) {
    ok = path.startsWith("/")
      ? executable(path)
      : (process.env.PATH ?? "")
          .split(delimiter)
          .filter(Boolean)
          .some((d) => executable(join(d, path)));
    found.set(path, ok);
  }
  return ok;
}

let namespaces: { ok: true } | { ok: false; why: string } | undefined;

/** Root with network and mount namespaces: what a private charon needs (test/strongswan/charon.ts). */
export function namespacesUsable(): { ok: true } | { ok: false; why: string } {
  if (namespaces) return namespaces;
  if (process.getuid?.() !== 0)
    namespaces = { ok: false, why: "root (private daemons in network and mount namespaces)" };
  else {
    const r = spawnSync("unshare", ["-m", "-n", "true"], { encoding: "utf8", timeout: 10_000 });
    namespaces =
      r.status === 0
        ? { ok: true }
        : { ok: false, why: `network and mount namespaces (unshare -m -n failed: ${r.stderr?.trim()})` };
  }
  return namespaces;
}

export interface Skip {
  what: string;
  /** the missing programs (empty when only root or namespaces are missing) */
  programs: ProgramName[];
  /** the Debian packages that bring them */
  packages: string[];
  /** what else is missing (root, namespaces) */
  also?: string;
  line: string;
}

/** The line a skipped group prints (and the record the summary gathers). */
export function skipOf(what: string, programs: ProgramName[], also?: string): Skip {
  const packages = [...new Set(programs.map((p) => PROGRAMS[p].apt))];
  const parts: string[] = [];
  if (programs.length) parts.push(`${programs.join(", ")} (apt-get install ${packages.join(" ")})`);
  if (also) parts.push(also);
  return {
    what,
    programs,
    packages,
    ...(also ? { also } : {}),
    line: `"${what}" needs ${parts.join(" and ")}`,
  };
}

/** Where the skips of this run are gathered (set by test/setup/skips.ts). */
export const SKIP_LOG_VARIABLE = "IKECERT_TEST_SKIP_LOG";

/**
 * True when the programs (and, with `namespaces`, root and namespaces) are there. Otherwise: under
 * CI=true throws; elsewhere prints `SKIPPED: ...` once and records it for the summary, and returns
 * false (use it with `describe.runIf`, `it.runIf` or `describe.skipIf(!...)`).
 */
export function needs(
  what: string,
  programs: ProgramName[],
  opts: { namespaces?: boolean; files?: { paths: string[]; apt: string } } = {},
): boolean {
  const missing = programs.filter((p) => !installed(p));
  let also: string | undefined;
  // other files a group needs (e.g. plugin libraries) and the packages that bring them
  const absent = (opts.files?.paths ?? []).filter((f) => !existsSync(f));
  if (absent.length)
    also = `${absent.map((f) => basename(f)).join(", ")} (apt-get install ${opts.files!.apt})`;
  if (opts.namespaces && missing.length === 0 && also === undefined) {
    const ns = namespacesUsable();
    if (!ns.ok) also = ns.why;
  }
  if (missing.length === 0 && also === undefined) return true;
  const skip = skipOf(what, missing, also);
  if (process.env.CI === "true") throw new Error(`${skip.line}: missing in CI, where nothing may be skipped`);
  process.stderr.write(`SKIPPED: ${skip.line}\n`);
  const log = process.env[SKIP_LOG_VARIABLE];
  if (log) appendFileSync(log, `${JSON.stringify(skip)}\n`);
  return false;
}

/** One line for the whole run: how many groups were skipped, what is missing, the one apt-get line. */
export function skipSummary(skips: Skip[]): string | null {
  const byWhat = new Map(skips.map((s) => [s.what, s]));
  if (byWhat.size === 0) return null;
  const all = [...byWhat.values()];
  const programs = [...new Set(all.flatMap((s) => s.programs))];
  const packages = [...new Set(all.flatMap((s) => s.packages))];
  const other = [...new Set(all.flatMap((s) => (s.also ? [s.also] : [])))];
  const missing = [
    ...(programs.length ? [`${programs.join(", ")} (apt-get install ${packages.join(" ")})`] : []),
    ...other,
  ];
  return `SKIPPED ${all.length} ${all.length === 1 ? "test group that needs" : "test groups that need"} what this machine lacks: ${missing.join("; ")} — ${all.map((s) => s.what).join(", ")}`;
}
