/**
 * `ikecert id CERT ID...` without commander: the same answer as the full command (cli/commands/id.ts)
 * for the plain form of a file (the binary sends folders and every other command line to the full
 * program). Bundled on its own (dist/ikecert-id.cjs, entry cli/fast-id-main.ts) so that this
 * common case loads only what it uses.
 */
import { checkCertificateIds } from "../lib/checks/identity-batch.js";
import { readFirstCertificate } from "../lib/input/cert-file.js";
import { DEFAULT_BATCH_INPUT } from "../lib/input/lines.js";
import { chooseRelease } from "../lib/input/strongswan-release.js";
import { DEFAULT_BATCH_LINE_LIMIT } from "../lib/run/id-batch.js";

import { runIdBatch } from "./commands/id-batch.js";
import { renderIdText } from "./commands/id-render.js";
import { failWith } from "./fail.js";
import { loadOptions } from "./load-options.js";
import { withRules } from "./render.js";
import { writeStdout } from "./stdout.js";

/**
 * The full command's defaults when no option was given: the release from IKECERT_STRONGSWAN, else the
 * installed strongSwan, else the newest; strict RDN matching; regular expressions in ids allowed.
 */
async function defaults() {
  const release = await chooseRelease();
  const check = { rdnMatching: "strict" as const, regex: true, strongswan: release.rules };
  return { release, check, load: loadOptions({ release }) };
}

export async function fastId(certArg: string, ids: string[]): Promise<void> {
  try {
    const { release, check, load } = await defaults();
    const { cert, count } = await readFirstCertificate(certArg, load);
    const r = checkCertificateIds(cert, ids, check, { file: certArg, certCount: count });
    writeStdout(withRules(renderIdText(r, certArg), release));
    process.exitCode = r.ok ? 0 : 1;
  } catch (e) {
    failWith(e);
  }
}

/**
 * `ikecert id --batch FILE|-` with no other option but `--jobs N`: the lines and exit code of the full command
 * (cli/commands/id.ts with its defaults), without commander and the other commands' code.
 */
export async function fastIdBatch(source: string, jobs = 1): Promise<void> {
  try {
    const { release, check, load } = await defaults();
    const options = { ...check, ...load };
    process.exitCode = await runIdBatch(
      source,
      { maxLine: DEFAULT_BATCH_LINE_LIMIT, maxInput: DEFAULT_BATCH_INPUT },
      [],
      {
        options,
        jobs,
        json: false,
        release,
      },
    );
  } catch (e) {
    failWith(e);
  }
}
