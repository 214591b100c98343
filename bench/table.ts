/** The rows of `npm run bench` and how they are printed (bench/index.ts, bench/whole.ts). */
import { spawnSync } from "node:child_process";

export interface Stats {
  min: number;
  median: number;
  max: number;
}

export const stats = (values: number[]): Stats => {
  const xs = [...values].sort((a, b) => a - b);
  return { min: xs[0]!, median: xs[Math.floor(xs.length / 2)]!, max: xs[xs.length - 1]! };
};

export interface Row {
  section: string;
  what: string;
  value: string;
  ratio: Stats | null;
  ratioLabel: string;
  target: string;
  met: boolean | null;
}

export const fmt = (x: number, d = 2) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(d));
export const tri = (s: Stats, d = 2, unit = "") =>
  `${fmt(s.min, d)} / ${fmt(s.median, d)} / ${fmt(s.max, d)}${unit}`;
export const say = (s: string) => process.stderr.write(`${s}\n`);

export function printTable(rows: Row[], repeats: number): void {
  const uptime = spawnSync("uptime", { encoding: "utf8" }).stdout.trim();
  console.log(
    `ikecert bench — node ${process.version}, ${repeats} repeats; load: ${uptime.replace(/.*load average: /, "")}`,
  );
  console.log("ratios: min / median / max over the repeats; 'met' judges the median\n");
  let section = "";
  const w = Math.max(...rows.map((r) => r.what.length));
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      console.log(`\n${section}`);
    }
    const ratio = r.ratio ? `${tri(r.ratio)} ${r.ratioLabel}` : r.ratioLabel === "1" ? "(baseline)" : "";
    const met = r.met === null ? "" : r.met ? "met" : "NOT met";
    console.log(
      `  ${r.what.padEnd(w)}  ${r.value.padStart(22)}  ${ratio.padEnd(30)} ${r.target ? `${r.target} ${met}` : ""}`,
    );
  }
}
