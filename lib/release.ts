/**
 * strongSwan release strings as users and distributions write them: `5.9.8`, `5.9`, `6.0.6`, and
 * package versions with a distribution revision (`5.9.8-5+deb12u6`, `5.9.13-2ubuntu4.1`). A short
 * form means the first release of that series (`6.0` = 6.0.0). Which behaviours a release has is
 * decided in one place, `rules.ts`; nothing else compares versions.
 */

/** The newest upstream release whose behaviours the rules cover. */
export const NEWEST_RELEASE = "6.0.6";
/** The release whose rules apply when none is given: the newest covered. */
export const DEFAULT_RELEASE = NEWEST_RELEASE;
/** The oldest release the rules describe; older ones get these rules with a note. */
export const OLDEST_RELEASE = "5.9.0";
/**
 * Releases whose behaviour was checked against the real binaries (the strongSwan test tier runs
 * Debian 12's 5.9.8 packages); everything else is modelled from strongSwan's source and history.
 */
export const VERIFIED_RELEASES: readonly string[] = ["5.9.8"];

export interface ParsedRelease {
  /** the upstream version, always three parts (`5.9.8`) */
  upstream: string;
  parts: [number, number, number];
  /** the whole package version when a distribution revision was given (`5.9.8-5+deb12u6`) */
  package?: string;
  /** the distribution revision (`5+deb12u6`), the part after the last `-` */
  revision?: string;
}

const RELEASE_RE =
  /^\s*(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?(?:(?:rc|dr)\d+)?(?:-([0-9A-Za-z.+~]{1,64}))?\s*$/;

export function parseRelease(v: string): ParsedRelease | null {
  const m = RELEASE_RE.exec(v);
  if (!m) return null;
  const parts: [number, number, number] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  const upstream = parts.join(".");
  const out: ParsedRelease = { upstream, parts };
  if (m[4]) {
    out.revision = m[4];
    out.package = `${upstream}-${m[4]}`;
  }
  return out;
}

/** Whether a string reads as a strongSwan release (`5.9.8`, `6.0`, `5.9.8-5+deb12u6`). */
export function isValidRelease(v: string): boolean {
  return parseRelease(v) !== null;
}

/** Upstream order of two release strings (revisions ignored); unparsable strings sort first. */
export function compareRelease(a: string, b: string): number {
  const pa = parseRelease(a)?.parts ?? [0, 0, 0];
  const pb = parseRelease(b)?.parts ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

// dpkg's version comparison (deb-version(7)): letters sort before non-letters, `~` before
// everything, even the end of the string; digit runs compare numerically.
function charOrder(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === "~") return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** Compare two Debian revisions (`5+deb12u4` vs `5+deb12u6`) the way dpkg does. */
export function compareDebianRevision(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let first = 0;
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const ac = i < a.length && !/\d/.test(a[i]!) ? a[i] : undefined;
      const bc = j < b.length && !/\d/.test(b[j]!) ? b[j] : undefined;
      const d = charOrder(ac) - charOrder(bc);
      if (d !== 0) return d;
      if (ac !== undefined) i++;
      if (bc !== undefined) j++;
    }
    while (a[i] === "0") i++;
    while (b[j] === "0") j++;
    while (i < a.length && /\d/.test(a[i]!) && j < b.length && /\d/.test(b[j]!)) {
      if (first === 0) first = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /\d/.test(a[i]!)) return 1;
    if (j < b.length && /\d/.test(b[j]!)) return -1;
    if (first !== 0) return first;
  }
  return 0;
}
