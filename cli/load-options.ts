/**
 * Limits and passphrases of the input options, apart from cli/common.ts so that the fast start
 * (cli/fast-id.ts) does not load commander.
 */
import { readFileSync } from "node:fs";
import {
  DEFAULT_LIMITS,
  IkecertError,
  type Limits,
  type LoadOptions,
  type PassphraseSource,
  type Rules,
} from "../lib/index.js";

/** The input options (a subset of CommonOptions). */
export interface InputOptions {
  passphraseFile?: string;
  maxFileSize?: string;
  maxPemBlocks?: string;
  maxKeys?: string;
  maxDepth?: string;
  maxIncludeDepth?: string;
  /** whose rules apply (names print as that release's charon prints them) */
  release?: { rules: Rules };
}

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new IkecertError("USAGE", `${name} needs a positive whole number, not "${v}"`);
  return Number(v);
}

export function limitsFrom(o: InputOptions): Limits {
  return {
    maxFileSize: positiveInt("--max-file-size", o.maxFileSize, DEFAULT_LIMITS.maxFileSize),
    maxPemBlocks: positiveInt("--max-pem-blocks", o.maxPemBlocks, DEFAULT_LIMITS.maxPemBlocks),
    maxDepth: positiveInt("--max-depth", o.maxDepth, DEFAULT_LIMITS.maxDepth),
    maxIncludeDepth: positiveInt("--max-include-depth", o.maxIncludeDepth, DEFAULT_LIMITS.maxIncludeDepth),
    maxPrivateKeys: positiveInt("--max-keys", o.maxKeys, DEFAULT_LIMITS.maxPrivateKeys),
  };
}

/**
 * Passphrases: --passphrase-file, then IKECERT_PASSPHRASE, then a prompt when stdin is a TTY.
 * Never from argv. The value is read once and never printed.
 */
export function passphraseSource(o: InputOptions): PassphraseSource {
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
    if (prompted === undefined)
      prompted = await (await import("./tty.js")).readPassphraseFromTty(`Passphrase for ${file}: `);
    return prompted;
  };
}

export function loadOptions(o: InputOptions): LoadOptions {
  return {
    passphrase: passphraseSource(o),
    limits: limitsFrom(o),
    ...(o.release ? { strongswan: o.release.rules } : {}),
  };
}
