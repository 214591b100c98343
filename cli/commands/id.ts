import { stat } from "node:fs/promises";
import { type Command, Option } from "commander";
import { CLIENT_PROFILES } from "../../lib/checks/identity.js";
import { checkCertificateIds } from "../../lib/checks/identity-batch.js";
import { IkecertError } from "../../lib/errors.js";
import { readFirstCertificate } from "../../lib/input/cert-file.js";
import { DEFAULT_BATCH_INPUT } from "../../lib/input/lines.js";
import { NEWEST_RELEASE } from "../../lib/release.js";
import { DEFAULT_BATCH_LINE_LIMIT } from "../../lib/run/id-batch.js";
import { addCommonOptions, type CommonOptions, collect, envelope, loadOptions } from "../common.js";
import { positiveInt } from "../load-options.js";
import { withRules } from "../render.js";
import { type BatchRun, runIdBatch, runIdFolders } from "./id-batch.js";
import { renderIdText } from "./id-render.js";

interface IdOptions extends CommonOptions {
  client?: string;
  batch?: string;
  id?: string[];
  jobs?: string;
  maxLine?: string;
  maxInput?: string;
}

export function registerId(program: Command): void {
  const cmd = program
    .command("id")
    .description("does the certificate prove each identity to strongSwan? near misses explained")
    .argument(
      "[cert]",
      "the certificate (the first one of the file, as strongSwan loads it), or a folder of them",
    )
    .argument("[id...]", "identities as written in swanctl.conf (local.id / remote.id)")
    .addOption(
      new Option("--client <profile>", "also apply a client's rules for the server id").choices([
        ...CLIENT_PROFILES,
      ]),
    )
    .option(
      "--batch <file>",
      'JSON Lines of {"cert": "file", "ids": ["id", ...]} ("-" = stdin); one JSON line out per line in',
    )
    .option(
      "--id <id>",
      "an id to check (repeatable): for folders, and the default of batch lines without ids",
      collect,
    )
    .addOption(new Option("--jobs <n>", "worker threads for batches and folders (1 = none)").default("1"))
    .addOption(
      new Option("--max-line <bytes>", "longest batch input line; longer lines become error records").default(
        String(DEFAULT_BATCH_LINE_LIMIT),
      ),
    )
    .addOption(
      new Option("--max-input <bytes>", "most bytes read from --batch").default(String(DEFAULT_BATCH_INPUT)),
    );
  addCommonOptions(cmd, { input: true, release: true, rdnMatching: true });
  cmd.addHelpText(
    "after",
    `
Ids are parsed as swanctl parses them (rules up to strongSwan ${NEWEST_RELEASE}; --strongswan picks a release):
  vpn.example.com  @vpn.example.com  192.0.2.1  alice@example.com  "C=CH, O=Org, CN=gw"
  keyid:#<hex>  @#<hex>  ipv4:#c0000201  fqdn:^vpn[0-9]\\.example\\.com$ (6.0.2+)  %any

Examples:
  ikecert id gateway.pem vpn.example.com            is the name in a SAN?
  ikecert id gateway.pem 192.0.2.1 --client windows what Windows clients need for an IP server
  ikecert id gateway.pem "C=CH, O=Org, CN=gw" --rdn-matching reordered
  ikecert id gateway.pem vpn.example.com --json     one JSON document
  ikecert id /etc/swanctl/x509 --id vpn.example.com one line per certificate of the folder
  ikecert id --batch checks.jsonl --jobs 2          JSON Lines in, JSON Lines out (see docs/speed.md)
  printf '{"cert":"gw.pem","ids":["vpn.example.com"]}\\n' | ikecert id --batch -

Batches and folders write one line per certificate, in input order, as they go: with --batch or
--json one JSON object per line ({ikecert, command, line, cert, ok, findings, result} or, for a line
or file that cannot be checked, {..., ok: false, result: null, error: {code, message}}); a bad line
never stops the run. Progress goes to stderr on a terminal only.

Exit codes: 0 every id is proven and no error finding, 1 otherwise, 2 unusable input
(batches and folders: 2 when a line or file could not be checked).`,
  );
  cmd.action(async (certArg: string | undefined, idArgs: string[], o: IdOptions) => {
    const opts = { strongswan: o.release?.rules, rdnMatching: o.rdnMatching, regex: true, client: o.client };
    const run: BatchRun = {
      options: { ...opts, ...loadOptions(o) },
      passphraseFile: o.passphraseFile,
      jobs: positiveInt("--jobs", o.jobs, 1),
      json: !!o.json,
      release: o.release,
    };
    if (o.batch !== undefined) {
      if (certArg !== undefined)
        throw new IkecertError(
          "USAGE",
          "--batch reads the certificates and ids from its lines; name no certificate",
        );
      process.exitCode = await runIdBatch(
        o.batch,
        {
          maxLine: positiveInt("--max-line", o.maxLine, DEFAULT_BATCH_LINE_LIMIT),
          maxInput: positiveInt("--max-input", o.maxInput, DEFAULT_BATCH_INPUT),
        },
        o.id ?? [],
        run,
      );
      return;
    }
    if (certArg === undefined)
      throw new IkecertError("USAGE", "name a certificate and the ids to check (or use --batch)");
    const ids = [...idArgs, ...(o.id ?? [])];
    if ((await stat(certArg).catch(() => null))?.isDirectory()) {
      if (ids.length === 0) throw new IkecertError("USAGE", `${certArg} is a folder: give the ids with --id`);
      process.exitCode = await runIdFolders([certArg], ids, { ...run, text: !o.json });
      return;
    }
    if (ids.length === 0) throw new IkecertError("USAGE", "name the ids to check after the certificate");
    const { cert, count } = await readFirstCertificate(certArg, loadOptions(o));
    const r = checkCertificateIds(cert, ids, opts, { file: certArg, certCount: count });
    if (o.json) {
      process.stdout.write(
        envelope("id", r.ok, r.findings, { certificate: r.certificate, identities: r.identities }, o.release),
      );
    } else {
      process.stdout.write(withRules(renderIdText(r, certArg), o.release));
    }
    process.exitCode = r.ok ? 0 : 1;
  });
}
