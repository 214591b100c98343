/**
 * Whose rules apply: the release named by the caller (`--strongswan`), else the `IKECERT_STRONGSWAN`
 * variable, else the strongSwan installed on this machine, else the newest release the rules cover.
 *
 * Finding the installed one is I/O, so it lives here and runs only when nothing was named. It is
 * cheap on purpose (start-up of `ikecert id` is measured against `node -e 0`): dpkg's database
 * answers with a few small reads, and with the package version, whose revision says which fixes
 * were backported (`5.9.8-5+deb12u6`); only without it is a program started (`swanctl --version`,
 * `ipsec --version`, `charon --version`, `pki --help`, the first that exists).
 */
import { statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { IkecertError } from "../errors.js";
import { lazyImport } from "../lazy-import.js";
import { DEFAULT_RELEASE, isValidRelease } from "../release.js";
import { type Rules, rulesFor } from "../rules.js";
import { withRegularFile } from "./files.js";

/**
 * Where the release came from: `--strongswan`, `IKECERT_STRONGSWAN`, the strongSwan installed here,
 * the newest covered; `daemon` for `ikecert live`, whose rules are those of the running charon.
 */
export type ReleaseSource = "option" | "variable" | "installed" | "daemon" | "default";

/** The strongSwan found on this machine. */
export interface InstalledRelease {
  /** the package version (`5.9.8-5+deb12u6`), or the version the program printed (`5.9.8`) */
  release: string;
  /** where it was found: `dpkg libstrongswan`, `/usr/sbin/swanctl --version`, ... */
  from: string;
}

/** The release whose rules were applied, and why that one. */
export interface AppliedRelease {
  release: string;
  source: ReleaseSource;
  /** for `installed`: where it was found; for `daemon`: which daemon said so */
  from?: string;
  /** when the release lies outside what was verified or covered (`rules.release.note`) */
  note?: string;
  rules: Rules;
}

/** Where `installedRelease` looks: the dpkg database, then the programs that print a version. */
export interface DetectOptions {
  /** dpkg's status database; default /var/lib/dpkg/status */
  dpkgStatus?: string;
  /** the programs to ask, in order; default `PROGRAMS` */
  programs?: readonly VersionProgram[];
  /** the PATH the programs are looked for in (default process.env.PATH; sbin folders are added) */
  path?: string;
}

/** A program that prints strongSwan's version, and how to call it. */
export interface VersionProgram {
  name: string;
  args: string[];
  /** absolute places looked at before PATH (charon is not on PATH) */
  places?: string[];
}

/** The programs that print strongSwan's version, in the order they are asked. */
export const PROGRAMS: readonly VersionProgram[] = [
  { name: "swanctl", args: ["--version"] },
  { name: "ipsec", args: ["--version"] },
  {
    name: "charon",
    args: ["--version"],
    places: [
      "/usr/lib/ipsec/charon",
      "/usr/libexec/ipsec/charon",
      "/usr/libexec/strongswan/charon",
      "/usr/local/libexec/ipsec/charon",
    ],
  },
  { name: "pki", args: ["--help"] },
];

/** sbin folders are missing from the PATH of ordinary users on Debian, but swanctl and ipsec live there. */
const EXTRA_DIRS = ["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin"];

const DPKG_STATUS = "/var/lib/dpkg/status";
const NAME = "libstrongswan";
const HEADER = Buffer.from("\nPackage: ");
const STANZA = Buffer.from(`\nPackage: ${NAME}\n`);
const STANZA_END = Buffer.from("\n\nPackage: ");
/** bisection stops at this span; reads are BLOCK bytes (a stanza is about 1 KiB), then CHUNK */
const WINDOW = 32 * 1024;
const BLOCK = 4 * 1024;
const CHUNK = 32 * 1024;
/** a status database larger than this is not searched (a desktop's is a few MiB) */
const MAX_STATUS = 256 * 1024 * 1024;

/**
 * The installed version of Debian's `libstrongswan` package (every strongSwan program depends on
 * it) from dpkg's status database, or null. Only a stanza whose status is `install ok installed`
 * counts (removed packages keep a stanza with their configuration files).
 */
export function dpkgRelease(statusFile: string = DPKG_STATUS): InstalledRelease | null {
  const data = readStanzas(statusFile);
  if (!data) return null;
  let at = data.indexOf(STANZA);
  while (at >= 0) {
    const end = data.indexOf("\n\n", at + 1);
    const stanza = data.subarray(at, end < 0 ? undefined : end).toString("latin1");
    const status = /\nStatus: (.*)/.exec(stanza)?.[1]?.trim().split(/\s+/);
    const version = /\nVersion: (.*)/.exec(stanza)?.[1]?.trim();
    if (status?.[2] === "installed" && version) {
      // an epoch (`1:5.9.8-5`) is not part of the release
      const release = version.replace(/^\d+:/, "");
      if (isValidRelease(release)) return { release, from: "dpkg libstrongswan" };
    }
    if (end < 0) break;
    at = data.indexOf(STANZA, end);
  }
  return null;
}

/** Whether the libstrongswan stanzas from `at` on (one per architecture) are followed by another package's. */
function stanzasComplete(data: Buffer, at: number): boolean {
  for (let p = at; ; ) {
    const e = data.indexOf(STANZA_END, p + 1);
    if (e < 0) return false;
    if (!data.subarray(e + 1, e + 1 + STANZA.length).equals(STANZA)) return true;
    p = e + 1;
  }
}

/**
 * The part of the status database that holds the libstrongswan stanzas, with a newline before it
 * (so every stanza starts with `\nPackage: `); null when the file cannot be read. dpkg writes the
 * database sorted by package name (lib/dpkg/dump.c writedb), so the stanzas are found by bisection
 * with a few small reads, not by reading the whole file (megabytes on a desktop).
 */
function readStanzas(file: string): Buffer | null {
  try {
    return withRegularFile(file, { maxBytes: MAX_STATUS }, (f) => {
      const size = f.size;
      const read = (pos: number, len: number): Buffer => {
        const u = f.read(pos, len);
        return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
      };
      // the first stanza header at or after `pos` (a `\nPackage: ` there), before `end`
      const headerAfter = (pos: number, end: number): { at: number; name: string } | null => {
        for (let len = BLOCK; pos < end; len *= 4) {
          const b = read(pos, Math.min(len, end - pos + HEADER.length + 256));
          const i = b.indexOf(HEADER);
          if (i >= 0) {
            const nl = b.indexOf(10, i + HEADER.length);
            if (nl >= 0) return { at: pos + i, name: b.subarray(i + HEADER.length, nl).toString("latin1") };
          }
          if (pos + b.length >= size || len >= size) return null;
        }
        return null;
      };
      // `lo` only ever moves past a stanza sorted before libstrongswan: the stanzas are at or after it
      // (correctness rests on that alone; `hi` only guides the halving)
      let lo = 0;
      let hi = size;
      for (let step = 0; hi - lo > WINDOW && step < 64; step++) {
        const mid = lo + Math.floor((hi - lo) / 2);
        const h = headerAfter(mid, hi);
        if (!h || h.at >= hi) hi = mid;
        else if (h.name < NAME) lo = h.at + 1;
        else if (h.at + 1 < hi) hi = h.at + 1;
        else break;
      }
      // from there, read on until the stanzas are complete (or a later package shows they are absent)
      const chunks: Buffer[] = [Buffer.from("\n")];
      for (let pos = lo; pos < size; ) {
        const b = read(pos, CHUNK);
        if (b.length === 0) break;
        chunks.push(b);
        pos += b.length;
        const seen = Buffer.concat(chunks);
        const found = seen.indexOf(STANZA);
        if (found >= 0 ? stanzasComplete(seen, found) : pastName(seen)) return seen;
      }
      return Buffer.concat(chunks);
    });
  } catch {
    // unreadable, not a regular file, or larger than any status database: nothing found there
    return null;
  }
}

/** Whether the region already holds a stanza of a package sorted after libstrongswan (it is not there). */
function pastName(seen: Buffer): boolean {
  for (let i = seen.indexOf(HEADER); i >= 0; i = seen.indexOf(HEADER, i + 1)) {
    const nl = seen.indexOf(10, i + HEADER.length);
    if (nl < 0) return false;
    if (seen.subarray(i + HEADER.length, nl).toString("latin1") > NAME) return true;
  }
  return false;
}

/** The version in what a strongSwan program prints: `strongSwan swanctl 5.9.8`, `Linux strongSwan U5.9.8/K6.1`. */
export function versionInOutput(out: string): string | null {
  const m = /strongSwan (?:swanctl )?U?(\d+\.\d+(?:\.\d+)?(?:(?:rc|dr)\d+)?)\b/.exec(out);
  return m && isValidRelease(m[1]!) ? m[1]! : null;
}

/** Whether `file` exists and may be executed. */
export function executable(file: string): boolean {
  try {
    const st = statSync(file);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function locate(p: VersionProgram, path: string): string | null {
  for (const f of p.places ?? []) if (executable(f)) return f;
  if (p.places) return null;
  const dirs = [...path.split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const d of dirs) {
    const f = join(d, p.name);
    if (executable(f)) return f;
  }
  return null;
}

/** Ask the first of the programs that exists for its version. */
async function programRelease(
  programs: readonly VersionProgram[],
  path: string,
): Promise<InstalledRelease | null> {
  let spawnSync: typeof import("node:child_process").spawnSync | undefined;
  for (const p of programs) {
    const file = locate(p, path);
    if (!file) continue;
    spawnSync ??= (await lazyImport<typeof import("node:child_process")>("node:child_process")).spawnSync;
    // swanctl prints its version in the usage text even when no daemon answers
    const r = spawnSync(file, p.args, {
      encoding: "utf8",
      timeout: 5_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const v = versionInOutput(`${r.stdout ?? ""}\n${r.stderr ?? ""}`);
    if (v) return { release: v, from: `${file} ${p.args.join(" ")}` };
  }
  return null;
}

/** The strongSwan installed on this machine: its package version, else what its programs print. */
export async function installedRelease(o: DetectOptions = {}): Promise<InstalledRelease | null> {
  return (
    dpkgRelease(o.dpkgStatus) ??
    (await programRelease(o.programs ?? PROGRAMS, o.path ?? process.env.PATH ?? ""))
  );
}

/** What `chooseRelease` weighs: the option, the environment, and how to find the installed release. */
export interface ChooseOptions {
  /** `--strongswan` */
  option?: string;
  /** the environment (IKECERT_STRONGSWAN); default process.env */
  env?: Record<string, string | undefined>;
  /** how to find the installed release; default `installedRelease()` */
  detect?: () => Promise<InstalledRelease | null>;
}

function applied(release: string, source: ReleaseSource, from?: string): AppliedRelease {
  const rules = rulesFor(release);
  return {
    release,
    source,
    ...(from ? { from } : {}),
    ...(rules.release.note ? { note: rules.release.note } : {}),
    rules,
  };
}

/** The release the caller named: the option, else the variable; null when neither names one. */
export function namedRelease(o: Pick<ChooseOptions, "option" | "env"> = {}): AppliedRelease | null {
  if (o.option !== undefined) {
    if (!isValidRelease(o.option))
      throw new IkecertError("USAGE", `--strongswan "${o.option}" is not a release; write e.g. 5.9.8 or 6.0`);
    return applied(o.option.trim(), "option");
  }
  const v = (o.env ?? process.env).IKECERT_STRONGSWAN;
  if (v !== undefined && v.trim() !== "") {
    if (!isValidRelease(v))
      throw new IkecertError(
        "USAGE",
        `IKECERT_STRONGSWAN="${v}" is not a release; set it to e.g. 5.9.8 or 6.0, or unset it to use the installed strongSwan`,
      );
    return applied(v.trim(), "variable");
  }
  return null;
}

/** Whose rules apply: the option, the variable, the installed strongSwan, the newest covered. */
export async function chooseRelease(o: ChooseOptions = {}): Promise<AppliedRelease> {
  const named = namedRelease(o);
  if (named) return named;
  const found = await (o.detect ?? installedRelease)();
  if (found) return applied(found.release, "installed", found.from);
  return applied(DEFAULT_RELEASE, "default");
}

/** The rules a daemon reports it runs (`ikecert live`): `version` as VICI's version command gives it. */
export function daemonRelease(version: string, from: string): AppliedRelease {
  return applied(version, "daemon", from);
}

/** The `strongswan` member of the JSON envelope: whose rules were applied (without the rules). */
export function releaseJson(a: AppliedRelease): {
  release: string;
  source: ReleaseSource;
  from?: string;
  note?: string;
} {
  return {
    release: a.release,
    source: a.source,
    ...(a.from ? { from: a.from } : {}),
    ...(a.note ? { note: a.note } : {}),
  };
}

/** One line saying whose rules were applied, for the text header. */
export function describeApplied(a: AppliedRelease): string {
  const why =
    a.source === "option"
      ? "--strongswan"
      : a.source === "variable"
        ? "IKECERT_STRONGSWAN"
        : a.source === "installed"
          ? `installed: ${a.from}`
          : a.source === "daemon"
            ? `the running daemon: ${a.from}`
            : "the newest covered; no strongSwan found on this machine";
  return `rules of strongSwan ${a.release} (${why})${a.note ? `; ${a.note}` : ""}`;
}
