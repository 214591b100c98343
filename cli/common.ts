import { type Command, Option } from "commander";
import {
  DEFAULT_LIMITS,
  type Finding,
  IkecertError,
  isValidRelease,
  NEWEST_RELEASE,
  type RdnMatching,
} from "../lib/index.js";

export { limitsFrom, loadOptions, passphraseSource } from "./load-options.js";

export interface CommonOptions {
  json?: boolean;
  strongswan?: string;
  at?: string;
  passphraseFile?: string;
  maxFileSize?: string;
  maxPemBlocks?: string;
  maxKeys?: string;
  maxDepth?: string;
  maxIncludeDepth?: string;
  maxIncludeFiles?: string;
  rdnMatching?: RdnMatching;
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
      new Option("--max-keys <n>", "most private keys in one file").default(
        String(DEFAULT_LIMITS.maxPrivateKeys),
      ),
    )
    .addOption(
      new Option("--max-depth <n>", "deepest ASN.1 nesting").default(String(DEFAULT_LIMITS.maxDepth)),
    );
}

/** Commands that read swanctl.conf / ipsec.conf take this too (with addInputOptions). */
export function addConfigLimitOptions(cmd: Command): Command {
  cmd.addOption(
    new Option("--max-include-depth <n>", "deepest nesting of include in swanctl.conf / ipsec.conf").default(
      String(DEFAULT_LIMITS.maxIncludeDepth),
    ),
  );
  return addIncludeFilesOption(cmd);
}

/** With --max-include-depth (addConfigLimitOptions): how many files the includes of one configuration may read. */
export function addIncludeFilesOption(cmd: Command): Command {
  return cmd.addOption(
    new Option("--max-include-files <n>", "most files the includes of one configuration read").default(
      String(DEFAULT_LIMITS.maxIncludeFiles),
    ),
  );
}

export function addJsonOption(cmd: Command): Command {
  return cmd.option("--json", "write one JSON document to stdout");
}

/** --strongswan, checked before the command runs: a release the rules know (5.9.8, 5.9, 6.0, 6.0.6). */
export function addReleaseOption(cmd: Command): Command {
  return cmd
    .option("--strongswan <version>", `strongSwan release whose rules apply (default ${NEWEST_RELEASE})`)
    .hook("preAction", (c) => {
      const v = c.opts<CommonOptions>().strongswan;
      if (v !== undefined && !isValidRelease(v))
        throw new IkecertError("USAGE", `--strongswan "${v}" is not a release; write e.g. 5.9.8 or 6.0`);
    });
}

export function addRdnMatchingOption(cmd: Command): Command {
  return cmd.addOption(
    new Option("--rdn-matching <mode>", "charon.rdn_matching of strongswan.conf")
      .choices(["strict", "reordered", "relaxed"])
      .default("strict"),
  );
}

export function addAtOption(cmd: Command): Command {
  return cmd.option("--at <time>", "the moment validity is judged at, ISO 8601 (default: now)");
}

/** Which of the shared options (design §3) a command takes; --json always. */
export interface OptionSet {
  input?: boolean;
  /** reads swanctl.conf / ipsec.conf: --max-include-depth */
  config?: boolean;
  at?: boolean;
  release?: boolean;
  rdnMatching?: boolean;
}

/** Add the shared options a command takes, in the same order for every command. */
export function addCommonOptions(cmd: Command, set: OptionSet): Command {
  if (set.input) addInputOptions(cmd);
  if (set.config) addConfigLimitOptions(cmd);
  if (set.at) addAtOption(cmd);
  if (set.release) addReleaseOption(cmd);
  if (set.rdnMatching) addRdnMatchingOption(cmd);
  return addJsonOption(cmd);
}

/** Option value collector for repeatable options (`--ca a --ca b`). */
export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
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
