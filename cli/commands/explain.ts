import { type Command, Option } from "commander";
import { IkecertError } from "../../lib/errors.js";
import { type ExplainEntry, explainLine, explainLog } from "../../lib/explain/index.js";
import { finding } from "../../lib/findings/index.js";
import type { Finding } from "../../lib/findings/types.js";
import { readLines, STDIN } from "../../lib/input/files.js";
import { DEFAULT_LINE_LIMIT, DEFAULT_LOG_INPUT } from "../../lib/input/lines.js";
import { addCommonOptions, type CommonOptions, envelope } from "../common.js";
import { positiveInt } from "../load-options.js";
import { paint, verdict, withRules } from "../render.js";

interface ExplainOptions extends CommonOptions {
  log?: string;
  maxLine?: string;
  maxInput?: string;
}

/**
 * A whole log, from a regular file or stdin (`-`), within --max-input bytes; a line longer than
 * --max-line is no log line: reading stops there (so `- < /dev/zero` ends at once).
 */
async function readLog(path: string, maxLine: number, maxInput: number): Promise<string> {
  const lines: string[] = [];
  const label = path === STDIN ? "stdin" : path;
  for await (const l of readLines(path, {
    maxLine,
    maxBytes: maxInput,
    limitFlag: "--max-input",
    stopAtTooLong: true,
  })) {
    if ("tooLong" in l)
      throw new IkecertError(
        "LINE_TOO_LONG",
        `${label}: line ${l.line} is over the line limit of ${maxLine} bytes, not a log line (raise it with --max-line)`,
        path,
      );
    lines.push(l.text);
  }
  return lines.join("\n");
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
    )
    .addOption(
      new Option("--max-line <bytes>", "longest log line; a longer one ends the reading (exit 2)").default(
        String(DEFAULT_LINE_LIMIT),
      ),
    )
    .addOption(
      new Option("--max-input <bytes>", "most bytes read from --log").default(String(DEFAULT_LOG_INPUT)),
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
      const r = explainLog(
        await readLog(
          o.log,
          positiveInt("--max-line", o.maxLine, DEFAULT_LINE_LIMIT),
          positiveInt("--max-input", o.maxInput, DEFAULT_LOG_INPUT),
        ),
        eopts,
      );
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
