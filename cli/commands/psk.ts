import type { Command } from "commander";
import {
  checkPsk,
  generatePsk,
  IkecertError,
  pskFromText,
  readAll,
  readTextFile,
  STDIN,
} from "../../lib/index.js";
import { addCommonOptions, envelope } from "../common.js";
import { renderFindings, verdict } from "../render.js";
import { readPassphraseFromTty } from "../tty.js";

interface PskOptions {
  json?: boolean;
  file?: string;
  generate?: boolean;
}

/** A pre-shared key input is one line; more than this is no key (the bound keeps `< /dev/zero` short). */
const MAX_PSK_INPUT = 64 * 1024;

/** The key is read from a file, from stdin, or from a prompt without echo; never from argv. */
async function readKey(o: PskOptions): Promise<string> {
  if (o.file)
    return readTextFile(o.file, { maxBytes: MAX_PSK_INPUT, pipeHint: "to read a pipe, feed it on stdin" });
  if (process.stdin.isTTY) {
    const k = await readPassphraseFromTty("Pre-shared key: ");
    if (k === null) throw new IkecertError("USAGE", "no pre-shared key given");
    return k;
  }
  const bytes = await readAll(STDIN, { maxBytes: MAX_PSK_INPUT, label: "the pre-shared key input on stdin" });
  return Buffer.from(bytes).toString("utf8");
}

export function registerPsk(program: Command): void {
  const cmd = program
    .command("psk")
    .description(
      "how strong is a pre-shared key (read from a file or stdin, never printed); --generate a new one",
    )
    .option("--file <file>", "read the key from this file (one line; a `secret = ...` line works too)")
    .option("--generate", "print a new random key: 264 bits, base64, and its swanctl.conf line");
  addCommonOptions(cmd, {});
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert psk --file /etc/swanctl/psk.txt
  printf '%s' "$PSK" | ikecert psk
  ikecert psk --generate
The key is never taken from the command line and never printed. Exit code 1 for a weak key.`,
  );
  cmd.action(async (o: PskOptions) => {
    if (o.generate) {
      if (o.file) throw new IkecertError("USAGE", "--generate makes a new key; it does not read --file");
      const g = generatePsk();
      const r = await checkPsk(g.psk);
      if (o.json)
        process.stdout.write(
          envelope("psk", true, [], {
            bits: g.bits,
            verdict: r.verdict,
            reasons: [`${g.bits} random bits from the system's CSPRNG, base64-encoded`],
            psk: g.psk,
            swanctl: g.swanctl,
          }),
        );
      else
        process.stdout.write(
          `${verdict(true, `generated a ${g.bits}-bit pre-shared key`)}\n${g.psk}\n\nin swanctl.conf (secrets { ike-NAME { id = ...  ${g.swanctl} } }):\n  ${g.swanctl}\n`,
        );
      return;
    }
    const psk = pskFromText(await readKey(o));
    const r = await checkPsk(psk);
    const ok = !r.findings.some((f) => f.severity === "error");
    if (o.json) {
      const { findings, ...result } = r;
      process.stdout.write(envelope("psk", ok, findings, result));
    } else {
      const l = [verdict(ok, `${r.verdict} pre-shared key: about ${r.bits} bits`)];
      l.push(...r.reasons.map((x) => `  ${x}\n`));
      l.push("\nwhat an attacker can do with a pre-shared key:\n");
      l.push(...r.attacks.map((x) => `  - ${x}\n`));
      if (r.findings.length) l.push(`\n${renderFindings(r.findings)}`);
      process.stdout.write(l.join(""));
    }
    process.exitCode = ok ? 0 : 1;
  });
}
