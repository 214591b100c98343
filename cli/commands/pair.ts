import type { Command } from "commander";
import { addCommonOptions, collect, envelope, loadOptions } from "../common.js";
import { withRules } from "../render.js";
import { type PairOptionsCli, renderPair, runPair } from "./pair-run.js";

export function registerPair(program: Command): void {
  const cmd = program
    .command("pair")
    .description('does a private key belong to the certificate? (charon: "no private key found for ...")')
    .argument("<cert>", "the certificate (PEM, DER, PKCS#7 or a PKCS#12 that may also hold the key)")
    .argument("[keys...]", "key files or folders to search (swanctl, ipsec.d or any folder)")
    .option(
      "--certs <dir>",
      "certificates that may own a wrong key (repeatable); the cert's own swanctl folder is always used",
      collect,
    );
  addCommonOptions(cmd, { input: true, at: true, release: true });
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert pair x509/gateway.pem private/gateway.key      does this key belong to the certificate?
  ikecert pair /etc/swanctl/x509/gw.pem                  search that swanctl folder's key folders
  ikecert pair gw.pem /etc/swanctl/ --json               search a folder, answer as JSON
  ikecert pair gw.pem old.key --certs /etc/swanctl/x509  which certificate does old.key belong to?
  IKECERT_PASSPHRASE=... ikecert pair client.p12         pair inside a PKCS#12 bundle

Key ids are printed as \`pki --keyid\` prints them (subjkey, keyid). Exit 0 when a matching private
key was found, 1 when none was, 2 on unusable input (e.g. a wrong passphrase).`,
  );
  cmd.action(async (cert: string, keys: string[], o: PairOptionsCli) => {
    const opts = loadOptions(o);
    const r = await runPair(cert, keys, o, opts);
    process.stdout.write(
      o.json
        ? envelope("pair", r.result.match, r.findings, r.result, o.release)
        : withRules(renderPair(r, r.subject), o.release),
    );
    process.exitCode = r.result.match ? 0 : 1;
  });
}
