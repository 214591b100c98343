import { fstatSync, statSync } from "node:fs";
import type { Finding } from "../lib/findings/types.js";
import { type AppliedRelease, describeApplied } from "../lib/input/strongswan-release.js";

/**
 * Whether stdout is a terminal, without making `process.stdout` when fd 1 cannot be one (a pipe, a
 * file, /dev/null as in `ikecert id ... >/dev/null && ...`): setting up that stream costs a
 * short-lived command several ms of CPU (docs/speed.md).
 */
function stdoutIsTty(): boolean {
  try {
    const st = fstatSync(1);
    if (!st.isCharacterDevice() || st.rdev === statSync("/dev/null").rdev) return false;
  } catch {
    return false;
  }
  return !!process.stdout.isTTY;
}

/** Colour only on a TTY, and never with NO_COLOR set. */
export function useColour(stream?: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined || process.env.TERM === "dumb") return false;
  return stream ? !!stream.isTTY : stdoutIsTty();
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof CODES;

export function paint(text: string, colour: Colour, on = useColour()): string {
  return on ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}

const MARK: Record<Finding["severity"], [string, Colour]> = {
  error: ["error", "red"],
  warning: ["warning", "yellow"],
  info: ["info", "blue"],
};

/** Findings as text: one headline each, then the log line, the fix and the FAQ link, indented. */
export function renderFindings(findings: Finding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    const [word, colour] = MARK[f.severity];
    lines.push(`${paint(word, colour)} ${f.code}: ${f.message}`);
    if (f.log) lines.push(`    charon logs: ${f.log}`);
    if (f.fix) lines.push(`    fix: ${f.fix}`);
    if (f.faqUrl) lines.push(`    FAQ: ${f.faqUrl}`);
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/**
 * Text output with the line that says whose rules were applied, right under the verdict line.
 * Without a release (a command no strongSwan rule applies to) the text is returned as it is.
 */
export function withRules(text: string, release: AppliedRelease | undefined): string {
  if (!release) return text;
  const nl = text.indexOf("\n");
  const line = paint(describeApplied(release), "dim");
  return nl < 0 ? `${text}\n${line}\n` : `${text.slice(0, nl + 1)}${line}\n${text.slice(nl + 1)}`;
}

/** The verdict line every text output starts with. */
export function verdict(ok: boolean, text: string): string {
  return `${ok ? paint("OK", "green") : paint("FAIL", "red")} ${text}\n`;
}
