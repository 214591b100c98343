import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  type ExplainEntry,
  explainLine,
  explainLog,
  type Finding,
  finding,
  IkecertError,
} from "../../lib/index.js";
import { addCommonOptions, type CommonOptions, envelope } from "../common.js";
import { paint, verdict, withRules } from "../render.js";

interface ExplainOptions extends CommonOptions {
  log?: string;
}

async function readLog(path: string): Promise<string> {
  if (path === "-") {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new IkecertError("FILE_NOT_FOUND", `${path}: no such file`, path);
    if (code === "EISDIR")
      throw new IkecertError("IS_DIRECTORY", `${path}: is a folder, not a log file`, path);
    throw new IkecertError("FILE_UNREADABLE", `${path}: cannot read (${code ?? "error"})`, path);
  }
}

export function renderEntry(e: ExplainEntry, n: number): string {
  const l: string[] = [];
  const where =
    e.ikeSa != null
      ? `  (IKE_SA ${e.connection ? `${e.connection}[${e.ikeSa}]` : `#${e.ikeSa}`}${e.ikeSas && e.ikeSas.length > 1 ? `, also in ${e.ikeSas.length - 1} more: ${e.ikeSas.slice(1).join(", ")}` : ""})`
      : "";
  l.push(
    `[${n}] ${paint(e.message, e.kind === "failure" ? "red" : e.kind === "unknown" ? "dim" : "yellow")}${where}`,
  );
  if (!e.known) {
    l.push("    unknown line: ikecert does not know it and does not guess (no FAQ entry)");
    return `${l.join("\n")}\n`;
  }
  l.push(`    FAQ:     ${e.faq ? `${e.faq}  ${e.faqUrl}` : "(no FAQ entry covers this line)"}`);
  l.push(`    means:   ${e.meaning}`);
  for (const id of e.identities) l.push(`    id:      ${id.role}: '${id.printed}' is ${id.type}`);
  if (e.causes.length) {
    l.push("    likely causes, most likely first:");
    for (const [i, c] of e.causes.entries()) l.push(`      ${i + 1}. ${c}`);
  }
  if (e.next.length) {
    l.push("    next:");
    for (const c of e.next) l.push(`      $ ${c}`);
  }
  if (e.context && e.context.length > 1) {
    l.push("    log lines:");
    for (const c of e.context) l.push(`      | ${c}`);
  }
  return `${l.join("\n")}\n`;
}

function failureFindings(entries: ExplainEntry[]): Finding[] {
  return entries
    .filter((e) => e.kind === "failure")
    .map((e) => ({
      ...finding("LOG_LINE_KNOWN_FAILURE", { message: e.message, log: e.message, fix: e.next[0] ?? null }),
      faq: e.faq,
      faqUrl: e.faqUrl,
    }));
}

export function registerExplain(program: Command): void {
  const cmd = program
    .command("explain")
    .description(
      "explain strongSwan log lines: FAQ entry, meaning, likely causes, the ikecert command to run next",
    )
    .argument("[line...]", "log lines (quote each one)")
    .option(
      "--log <file>",
      "read a whole charon log (charon.log, syslog, journalctl, swanctl output; - for stdin)",
    );
  addCommonOptions(cmd, { release: true });
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert explain "no trusted ECDSA public key found for 'vpn.example.com'"
  ikecert explain "looking for peer configs matching 10.0.0.1[vpn.example.com]...10.0.0.2[C=CH, CN=client]"
  ikecert explain --log /var/log/charon.log
  journalctl -u strongswan --since today | ikecert explain --log -
  ikecert explain "no trusted RSA public key found for 'C=CH, 55:04:61=VATCH-1, CN=gw'" --strongswan 5.9.8
With --log, each IKE_SA is followed by its number (<conn|N>) and every failure is reported once,
with the lines of that IKE_SA that explain it. A line ikecert does not know is reported as unknown.
Exit code 1 when a failure line was found.`,
  );
  cmd.action(async (lines: string[], o: ExplainOptions) => {
    if (!o.log && lines.length === 0)
      throw new IkecertError("USAGE", "give log lines as arguments, or --log FILE (- for stdin)");
    const entries: ExplainEntry[] = [];
    const eopts = { strongswan: o.release?.rules };
    let summary = "";
    if (o.log) {
      const r = explainLog(await readLog(o.log), eopts);
      entries.push(...r.entries);
      summary = `${r.lines} line(s) read, ${r.ikeSas} IKE_SA(s)`;
    }
    for (const line of lines) entries.push(explainLine(line, eopts));
    const findings = failureFindings(entries);
    const ok = findings.length === 0;
    if (o.json) {
      process.stdout.write(envelope("explain", ok, findings, { entries }, o.release));
    } else {
      const unknown = entries.filter((e) => !e.known).length;
      const head = [
        summary,
        `${findings.length} failure(s)`,
        `${entries.length - unknown} known line(s)`,
        `${unknown} unknown`,
      ]
        .filter(Boolean)
        .join(", ");
      process.stdout.write(withRules(verdict(ok, head), o.release));
      if (o.log && entries.length === 0)
        process.stdout.write("\nno failure or warning line ikecert knows was found\n");
      entries.forEach((e, i) => {
        process.stdout.write(`\n${renderEntry(e, i + 1)}`);
      });
    }
    process.exitCode = ok ? 0 : 1;
  });
}
