/**
 * The strongSwan release whose rules apply. Any release string (`5.9.8`, `5.9`, `6.0`, `6.0.6`) is
 * accepted; a short form means the first release of that series (`6.0` = 6.0.0).
 */
export const NEWEST_RELEASE = "6.0.6";
export const DEFAULT_RELEASE = NEWEST_RELEASE;

export function parseRelease(v: string): [number, number, number] | null {
  const m = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(v);
  if (!m) return null;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function compareRelease(a: string, b: string): number {
  const pa = parseRelease(a) ?? [0, 0, 0];
  const pb = parseRelease(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** Whether `release` (default: the newest covered) is `since` or later. */
export function releaseAtLeast(release: string | undefined, since: string): boolean {
  // called for every identity made: remember the answers per (release, rule date) without
  // building a key string each time
  const r = release ?? DEFAULT_RELEASE;
  let m = AT_LEAST.get(r);
  if (!m) {
    m = new Map();
    if (AT_LEAST.size < 256) AT_LEAST.set(r, m);
  }
  let v = m.get(since);
  if (v === undefined) {
    v = compareRelease(r, since) >= 0;
    m.set(since, v);
  }
  return v;
}

const AT_LEAST = new Map<string, Map<string, boolean>>();

export function isValidRelease(v: string): boolean {
  return parseRelease(v) !== null;
}
