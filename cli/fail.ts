/** The one way the CLI ends on an error: one line on stderr, exit code 2, never a stack trace. */
import { isIkecertError } from "../lib/errors.js";

export function failWith(e: unknown): never {
  const message = isIkecertError(e)
    ? e.message
    : `internal error: ${e instanceof Error ? e.message.split("\n")[0] : String(e)} (please report this)`;
  process.stderr.write(`ikecert: ${message}\n`);
  process.exit(2);
}
