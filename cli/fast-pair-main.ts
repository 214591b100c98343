/**
 * Entry of dist/ikecert-pair.cjs: `ikecert pair CERT [KEY|DIR...]` with no option, as
 * cli/bin-loader.ts hands it over. The answer and exit code of the full command
 * (cli/commands/pair.ts with its defaults), without commander and the other commands' code.
 */
import { chooseRelease } from "../lib/input/strongswan-release.js";
import { renderPair, runPair } from "./commands/pair-run.js";
import { failWith } from "./fail.js";
import { loadOptions } from "./load-options.js";
import { withRules } from "./render.js";
import { writeStdout } from "./stdout.js";

async function main(args: string[]): Promise<void> {
  try {
    const release = await chooseRelease();
    const r = await runPair(args[1]!, args.slice(2), {}, loadOptions({ release }));
    writeStdout(withRules(renderPair(r, r.subject), release));
    process.exitCode = r.result.match ? 0 : 1;
  } catch (e) {
    failWith(e);
  }
}

void main(process.argv.slice(2));
