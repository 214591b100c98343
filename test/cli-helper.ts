import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The built CLI (`npm run build` / `npx tsc` first; `npm test` builds). */
export const CLI = join(import.meta.dirname, "../dist/cli/main.js");
export const ROOT = join(import.meta.dirname, "..");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** added to the environment; a value of undefined removes the variable */
  env?: Record<string, string | undefined>;
  /** written to stdin (a pipe, never a TTY), then stdin is closed */
  input?: string | Uint8Array;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * Run `node dist/cli/main.js ...args` as a user would, but with a clean environment: no
 * IKECERT_PASSPHRASE unless given, NO_COLOR set, stdin a pipe (so the CLI must not prompt).
 */
export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -p tsconfig.json)`);
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
  delete env.IKECERT_PASSPHRASE;
  delete env.FORCE_COLOR;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.on("error", () => {}); // the CLI may exit before reading stdin
    child.stdin.end(opts.input ?? "");
  });
}

/** One record of a batch or folder scan (`id --batch`, `chain --batch`, `--json` of a folder). */
export interface BatchRec {
  ikecert?: number;
  command?: string;
  line?: number;
  cert: string | null;
  ok: boolean;
  /** whose rules were applied, as in the single command's envelope */
  strongswan?: { release: string; source: string; from?: string; note?: string };
  findings: unknown[];
  result: unknown;
  error?: { code: string; message: string };
}

/** The records of JSON Lines output. */
export const jsonLines = (s: string): BatchRec[] =>
  s
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BatchRec);
