import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** Ask for a passphrase on the terminal without echoing it. */
export function readPassphraseFromTty(prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    let muted = false;
    const out = new Writable({
      write(chunk, _enc, cb) {
        if (!muted) process.stderr.write(chunk);
        cb();
      },
    });
    const rl = createInterface({ input: process.stdin, output: out, terminal: true });
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    muted = true;
    rl.on("SIGINT", () => {
      rl.close();
      resolve(null);
    });
  });
}
