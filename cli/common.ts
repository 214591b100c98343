import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import {
  DEFAULT_LIMITS,
  type Finding,
  IkecertError,
  type Limits,
  type LoadOptions,
  NEWEST_RELEASE,
  type PassphraseSource,
} from "../lib/index.js";
import { readPassphraseFromTty } from "./tty.js";

export interface CommonOptions {
  json?: boolean;
  strongswan?: string;
  at?: string;
  passphraseFile?: string;
  maxFileSize?: string;
  maxPemBlocks?: string;
  maxDepth?: string;
  maxIncludeDepth?: string;
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

/** Commands that read swanctl.conf / ipsec.conf take this too (with addInputOptions). */
export function addConfigLimitOptions(cmd: Command): Command {
  return cmd.addOption(
    new Option("--max-include-depth <n>", "deepest nesting of include in swanctl.conf / ipsec.conf").default(
      String(DEFAULT_LIMITS.maxIncludeDepth),
    ),
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

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new IkecertError("USAGE", `${name} needs a positive whole number, not "${v}"`);
  return Number(v);
}

export function limitsFrom(o: CommonOptions): Limits {
  return {
    maxFileSize: positiveInt("--max-file-size", o.maxFileSize, DEFAULT_LIMITS.maxFileSize),
    maxPemBlocks: positiveInt("--max-pem-blocks", o.maxPemBlocks, DEFAULT_LIMITS.maxPemBlocks),
    maxDepth: positiveInt("--max-depth", o.maxDepth, DEFAULT_LIMITS.maxDepth),
    maxIncludeDepth: positiveInt("--max-include-depth", o.maxIncludeDepth, DEFAULT_LIMITS.maxIncludeDepth),
  };
}

/**
 * Passphrases: --passphrase-file, then IKECERT_PASSPHRASE, then a prompt when stdin is a TTY.
 * Never from argv. The value is read once and never printed.
 */
export function passphraseSource(o: CommonOptions): PassphraseSource {
  let fromFile: string | undefined;
  if (o.passphraseFile) {
    try {
      fromFile = readFileSync(o.passphraseFile, "utf8").replace(/\r?\n$/, "");
    } catch (e) {
      throw new IkecertError(
        "FILE_UNREADABLE",
        `--passphrase-file ${o.passphraseFile}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  }
  let prompted: string | null | undefined;
  return async (file: string) => {
    if (fromFile !== undefined) return fromFile;
    const env = process.env.IKECERT_PASSPHRASE;
    if (env !== undefined) return env;
    if (!process.stdin.isTTY) return null;
    if (prompted === undefined) prompted = await readPassphraseFromTty(`Passphrase for ${file}: `);
    return prompted;
  };
}

export function loadOptions(o: CommonOptions): LoadOptions {
  return { passphrase: passphraseSource(o), limits: limitsFrom(o) };
}

/** The JSON envelope of design §3. */
export function envelope(command: string, ok: boolean, findings: Finding[], result: unknown): string {
  return `${JSON.stringify({ ikecert: 1, command, ok, findings, result }, null, 2)}\n`;
}
