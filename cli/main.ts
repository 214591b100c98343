#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { NEWEST_RELEASE } from "../lib/release.js";
import { registerAudit } from "./commands/audit.js";
import { registerChain } from "./commands/chain.js";
import { registerExplain } from "./commands/explain.js";
import { registerHandshake } from "./commands/handshake.js";
import { registerId } from "./commands/id.js";
import { serveIdBatchWorker } from "./commands/id-batch.js";
import { registerInspect } from "./commands/inspect.js";
import { registerLive } from "./commands/live.js";
import { registerPair } from "./commands/pair.js";
import { registerPsk } from "./commands/psk.js";
import { registerSize } from "./commands/size.js";
import { failWith } from "./fail.js";
import { guardStdout } from "./stdout.js";
import { packageVersion } from "./version.js";
import { WORKER_ARG } from "./worker-arg.js";

// `id --batch --jobs N` runs this same script in worker threads (cli/commands/id-batch.ts).
// No top-level await: the bundle (dist/ikecert.cjs) is CommonJS, whose loader starts faster.
if (process.argv[2] === WORKER_ARG) void serveIdBatchWorker();
else void main();

async function main(): Promise<void> {
  // the full program writes through process.stdout: a reader that goes away ends it quietly
  guardStdout();
  const program = new Command();
  program
    .name("ikecert")
    .description(
      `Check certificates, private keys and IKE identities the way strongSwan does (rules up to strongSwan ${NEWEST_RELEASE}).`,
    )
    .version(packageVersion())
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // usage errors as every other error: one line, `ikecert: ` first (commander's own are two lines)
      outputError: (s, write) =>
        write(
          `ikecert: ${s
            .replace(/^error: /, "")
            .trim()
            .replace(/\s*\n\s*/g, " ")} (see --help)\n`,
        ),
    });

  registerInspect(program);
  registerId(program);
  registerPair(program);
  registerChain(program);
  registerExplain(program);
  registerSize(program);
  registerPsk(program);
  registerAudit(program);
  registerHandshake(program);
  registerLive(program);

  program.addHelpText(
    "after",
    `
Exit codes: 0 every check passed, 1 a check failed, 2 usage error or unusable input.
Passphrases: --passphrase-file FILE, the IKECERT_PASSPHRASE variable, or a prompt on a terminal.
Whose rules: --strongswan VERSION, else IKECERT_STRONGSWAN, else the strongSwan installed here
(dpkg's libstrongswan, else what swanctl/ipsec/charon/pki print), else ${NEWEST_RELEASE}.`,
  );

  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        process.exit(0);
      process.exit(2);
    }
    failWith(e);
  }
}
