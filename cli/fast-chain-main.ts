/**
 * Entry of dist/ikecert-chain.cjs: `ikecert chain CERT` and `ikecert chain --batch FILE|-`, each with
 * no option but `--ca PATH` and `--intermediate PATH` pairs, as cli/bin-loader.ts hands them over.
 * The lines and exit code of the full command (cli/commands/chain.ts with its defaults), without
 * commander and the other commands' code.
 */
import { DEFAULT_BATCH_INPUT } from "../lib/input/lines.js";
import { type AppliedRelease, chooseRelease } from "../lib/input/strongswan-release.js";
import { DEFAULT_BATCH_LINE_LIMIT } from "../lib/run/id-batch.js";
import { runChainBatch } from "./commands/chain-batch.js";
import { checkChain, loadTrust, readEndEntity } from "./commands/chain-check.js";
import { renderChain } from "./commands/chain-render.js";
import { failWith } from "./fail.js";
import { loadOptions } from "./load-options.js";
import { withRules } from "./render.js";
import { writeStdout } from "./stdout.js";

/** The full command's defaults when no option but --ca/--intermediate was given. */
function defaults(release: AppliedRelease) {
  return {
    check: {
      at: new Date(),
      rdnMatching: "strict",
      strongswan: release.release,
      revocation: "relaxed",
    } as const,
    load: loadOptions({ release }),
  };
}

async function main(args: string[]): Promise<void> {
  const ca: string[] = [];
  const intermediates: string[] = [];
  for (let i = args[1] === "--batch" ? 3 : 2; i + 1 < args.length; i += 2)
    (args[i] === "--ca" ? ca : intermediates).push(args[i + 1]!);
  try {
    const release = await chooseRelease();
    const { check, load } = defaults(release);
    if (args[1] === "--batch") {
      process.exitCode = await runChainBatch(
        args[2]!,
        { maxLine: DEFAULT_BATCH_LINE_LIMIT, maxInput: DEFAULT_BATCH_INPUT },
        undefined,
        { check, load, ca, intermediates, json: false, release },
      );
      return;
    }
    const cert = args[1]!;
    const inFile = await readEndEntity(cert, load);
    const c = checkChain(cert, inFile, await loadTrust(ca, intermediates, load, release.release, {}), check);
    writeStdout(withRules(renderChain(c.result, c.subject), release));
    process.exitCode = c.result.trusted ? 0 : 1;
  } catch (e) {
    failWith(e);
  }
}

void main(process.argv.slice(2));
