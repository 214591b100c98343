import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SKIP_LOG_VARIABLE, type Skip, skipSummary } from "../needs.js";

/**
 * Gathers the skips of every worker process (test/needs.ts appends one JSON line each to a file
 * named by the variable set here, before the workers start) and ends the run with one summary line.
 */
export default function setup(): () => void {
  const file = join(tmpdir(), `ikecert-test-skips-${process.pid}.jsonl`);
  rmSync(file, { force: true });
  process.env[SKIP_LOG_VARIABLE] = file;
  return () => {
    if (!existsSync(file)) return;
    const skips = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Skip);
    rmSync(file, { force: true });
    const line = skipSummary(skips);
    if (line) process.stdout.write(`\n${line}\n`);
  };
}
