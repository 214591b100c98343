const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/**
 * A time as charon prints `%T` (utils/utils/time.c time_printf_hook): `Jan 01 00:00:00 2020`.
 * charon uses the daemon's local time zone; ikecert prints UTC, which is what a daemon running in
 * UTC logs. With `utc` (the `%#T` form, e.g. a revocation date) charon prints `UTC` before the year.
 * An undefined time (0, e.g. a CRL without nextUpdate) prints as dashes.
 */
export function charonTime(d: Date | null, utc = false): string {
  const sep = utc ? " UTC " : " ";
  if (!d || d.getTime() === 0) return `--- -- --:--:--${sep}----`;
  return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}${sep}${String(d.getUTCFullYear()).padStart(4, "0")}`;
}
