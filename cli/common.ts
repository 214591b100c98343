import { type Command, Option } from "commander";
import { CONFIG_FORMATS, type ConfigFormat } from "../lib/config/format.js";
import type { Finding } from "../lib/findings/types.js";
import type { RdnMatching } from "../lib/identity/dn.js";
import { DEFAULT_LIMITS } from "../lib/input/load.js";
import {
  type AppliedRelease,
  chooseRelease,
  namedRelease,
  releaseJson,
} from "../lib/input/strongswan-release.js";
import { NEWEST_RELEASE } from "../lib/release.js";

export { limitsFrom, loadOptions, parseAt, passphraseSource } from "./load-options.js";

export interface CommonOptions {
  json?: boolean;
  /** --strongswan; once the command runs, the release whose rules apply (`release.release`) */
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
  /** --format: read the configuration as swanctl.conf or ipsec.conf, whatever it is called */
  format?: ConfigFormat;
  /** whose rules apply, chosen before the action runs (addReleaseOption) */
  release?: AppliedRelease;
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

/** Commands that read swanctl.conf / ipsec.conf take these too (with addInputOptions). */
export function addConfigLimitOptions(cmd: Command): Command {
  cmd.addOption(
    new Option("--max-include-depth <n>", "deepest nesting of include in swanctl.conf / ipsec.conf").default(
      String(DEFAULT_LIMITS.maxIncludeDepth),
    ),
  );
  addIncludeFilesOption(cmd);
  return cmd.addOption(
    new Option(
      "--format <format>",
      "read a configuration file as this, whatever its name (default: told by its content, then its name)",
    ).choices([...CONFIG_FORMATS]),
  );
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

/**
 * --strongswan, resolved before the command runs into `release` (CommonOptions): the option, else
 * IKECERT_STRONGSWAN, else the strongSwan installed here, else the newest covered release.
 * `installed: false` (ikecert live, where the running daemon says its release): only the option
 * and the variable; `release` stays unset when neither names one.
 */
export function addReleaseOption(cmd: Command, o: { installed?: boolean } = {}): Command {
  const fallback =
    o.installed === false
      ? "the running daemon's release"
      : `the installed strongSwan, else ${NEWEST_RELEASE}`;
  return cmd
    .option(
      "--strongswan <version>",
      `strongSwan release whose rules apply: 5.9.8, 6.0, a package version like 5.9.8-5+deb12u6 (default: IKECERT_STRONGSWAN, else ${fallback})`,
    )
    .hook("preAction", async (c) => {
      const option = c.opts<CommonOptions>().strongswan;
      const release = o.installed === false ? namedRelease({ option }) : await chooseRelease({ option });
      if (!release) return;
      c.setOptionValue("release", release);
      // code that reads `strongswan` gets the applied release, wherever it came from
      c.setOptionValue("strongswan", release.release);
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

/** The JSON envelope of design §3; `strongswan` says whose rules were applied, when any were. */
export function envelope(
  command: string,
  ok: boolean,
  findings: Finding[],
  result: unknown,
  release?: AppliedRelease,
): string {
  const strongswan = release ? { strongswan: releaseJson(release) } : {};
  return `${JSON.stringify({ ikecert: 1, command, ok, ...strongswan, findings, result }, null, 2)}\n`;
}
