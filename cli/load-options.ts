/**
 * Limits and passphrases of the input options, apart from cli/common.ts so that the fast start
 * (cli/fast-id.ts) does not load commander.
 */

import { IkecertError } from "../lib/errors.js";
import { readTextFile } from "../lib/input/files.js";
import { DEFAULT_LIMITS, type Limits, type LoadOptions, type PassphraseSource } from "../lib/input/load.js";

import type { Rules } from "../lib/rules.js";

/** A passphrase file holds one line; a larger one is refused (`/dev/zero` or a log by mistake). */
const MAX_PASSPHRASE_FILE = 64 * 1024;

/** The input options (a subset of CommonOptions). */
export interface InputOptions {
  passphraseFile?: string;
  maxFileSize?: string;
  maxPemBlocks?: string;
  maxKeys?: string;
  maxDepth?: string;
  maxIncludeDepth?: string;
  maxIncludeFiles?: string;
  /** whose rules apply (names print as that release's charon prints them) */
  release?: { rules: Rules };
}

/** A limit flag's value: a positive whole number, or the default when not given. */
export function positiveInt(name: string, v: string | undefined, dflt: number): number {
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
    maxIncludeFiles: positiveInt("--max-include-files", o.maxIncludeFiles, DEFAULT_LIMITS.maxIncludeFiles),
  };
}

/**
 * Passphrases: --passphrase-file, then IKECERT_PASSPHRASE, then a prompt when stdin is a TTY.
 * Never from argv. The value is read once and never printed.
 */
export function passphraseSource(o: InputOptions): PassphraseSource {
  let fromFile: string | undefined;
  if (o.passphraseFile) {
    const label = `--passphrase-file ${o.passphraseFile}`;
    fromFile = readTextFile(o.passphraseFile, { maxBytes: MAX_PASSPHRASE_FILE, label }).replace(/\r?\n$/, "");
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

/** --at: a time, or now. */
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
