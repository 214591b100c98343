/**
 * Entry of dist/ikecert-chain.cjs: `ikecert chain --batch FILE|-`, optionally with `--ca PATH` and
 * `--intermediate PATH` pairs, as cli/bin-loader.ts hands it over. The lines and exit code of the full
 * command (cli/commands/chain.ts with its defaults), without commander and the other commands' code.
 */
import { DEFAULT_BATCH_INPUT } from "../lib/input/lines.js";
import { chooseRelease } from "../lib/input/strongswan-release.js";
import { DEFAULT_BATCH_LINE_LIMIT } from "../lib/run/id-batch.js";
import { runChainBatch } from "./commands/chain-batch.js";
import { failWith } from "./fail.js";
import { loadOptions } from "./load-options.js";

async function main(args: string[]): Promise<void> {
  const ca: string[] = [];
  const intermediates: string[] = [];
  for (let i = 3; i + 1 < args.length; i += 2) (args[i] === "--ca" ? ca : intermediates).push(args[i + 1]!);
  try {
    const release = await chooseRelease();
    process.exitCode = await runChainBatch(
      args[2]!,
      { maxLine: DEFAULT_BATCH_LINE_LIMIT, maxInput: DEFAULT_BATCH_INPUT },
      undefined,
      {
        check: { at: new Date(), rdnMatching: "strict", strongswan: release.release, revocation: "relaxed" },
        load: loadOptions({ release }),
        ca,
        intermediates,
        json: false,
        release,
      },
    );
  } catch (e) {
    failWith(e);
  }
}

void main(process.argv.slice(2));
