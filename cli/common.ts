import { type Command, Option } from "commander";
import { DEFAULT_LIMITS, type Finding, IkecertError, NEWEST_RELEASE } from "../lib/index.js";

export { limitsFrom, loadOptions, passphraseSource } from "./load-options.js";

export interface CommonOptions {
  json?: boolean;
  strongswan?: string;
  at?: string;
  passphraseFile?: string;
  maxFileSize?: string;
  maxPemBlocks?: string;
  maxDepth?: string;
}

/** Every command that reads files takes these. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option(
      "--passphrase-file <file>",
      "read the passphrase of encrypted keys and PKCS#12 files from this file",
    )
    .addOption(
      new Option("--max-file-size <bytes>", "largest file read").default(String(DEFAULT_LIMITS.maxFileSize)),
    )
    .addOption(
      new Option("--max-pem-blocks <n>", "most PEM blocks in one file").default(
        String(DEFAULT_LIMITS.maxPemBlocks),
      ),
    )
    .addOption(
      new Option("--max-depth <n>", "deepest ASN.1 nesting").default(String(DEFAULT_LIMITS.maxDepth)),
    );
}

export function addJsonOption(cmd: Command): Command {
  return cmd.option("--json", "write one JSON document to stdout");
}

export function addReleaseOption(cmd: Command): Command {
  return cmd.option(
    "--strongswan <version>",
    `strongSwan release whose rules apply (default ${NEWEST_RELEASE})`,
  );
}

export function addAtOption(cmd: Command): Command {
  return cmd.option("--at <time>", "the moment validity is judged at, ISO 8601 (default: now)");
}

export function parseAt(at: string | undefined): Date {
  if (!at) return new Date();
  const d = new Date(at);
  if (Number.isNaN(d.getTime()))
    throw new IkecertError(
      "USAGE",
      `--at "${at}" is not a time; write e.g. 2026-01-31 or 2026-01-31T12:00:00Z`,
    );
  return d;
}

/** The JSON envelope of design §3. */
export function envelope(command: string, ok: boolean, findings: Finding[], result: unknown): string {
  return `${JSON.stringify({ ikecert: 1, command, ok, findings, result }, null, 2)}\n`;
}
