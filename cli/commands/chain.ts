import { stat } from "node:fs/promises";
import { type Command, Option } from "commander";
import { chainSettingsFromConf } from "../../lib/checks/chain/conf.js";
import type { RevocationPolicy } from "../../lib/checks/chain/revocation.js";
import { IkecertError } from "../../lib/errors.js";
import type { Crl } from "../../lib/input/crl.js";
import { loadCrlFile } from "../../lib/input/crl-file.js";
import { DEFAULT_BATCH_INPUT } from "../../lib/input/lines.js";
import type { LoadOptions } from "../../lib/input/load.js";
import { loadStrongswanConf } from "../../lib/input/strongswan-conf-file.js";
import { DEFAULT_BATCH_LINE_LIMIT } from "../../lib/run/id-batch.js";
import { addCommonOptions, type CommonOptions, collect, envelope, loadOptions, parseAt } from "../common.js";
import { positiveInt } from "../load-options.js";
import { withRules } from "../render.js";
import { runChainBatch, runChainFolders } from "./chain-batch.js";
import { checkChain, loadTrust, readEndEntity } from "./chain-check.js";
import { renderChain } from "./chain-render.js";

interface ChainCliOptions extends CommonOptions {
  ca: string[];
  intermediate: string[];
  batch?: string;
  maxLine?: string;
  maxInput?: string;
  policy: string[];
  crl: string[];
  revocation: RevocationPolicy;
  strongswanConf?: string;
}

/** --crl files and folders: the first CRL of each file, as charon loads x509crl/ (read once per run). */
async function crlsOf(paths: string[], o: LoadOptions): Promise<Crl[]> {
  const { expandPaths } = await import("../paths.js");
  const out: Crl[] = [];
  for (const f of await expandPaths(paths)) out.push((await loadCrlFile(f, o)).crl);
  return out;
}

/** --policy values: dotted OIDs, the text charon compares cert_policy with. */
function policyOids(values: string[]): string[] {
  for (const v of values)
    if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(v))
      throw new IkecertError(
        "USAGE",
        `--policy "${v}" is not a dotted OID; write it as in swanctl's cert_policy, e.g. 1.3.6.1.4.1.36906.1.1`,
      );
  return values;
}

export function registerChain(program: Command): void {
  const cmd = program
    .command("chain")
    .description(
      "can charon build a trusted chain for the certificate (issuer, CA flag, validity, pathlen, signature)",
    )
    .argument(
      "[cert]",
      "the end-entity certificate (further certificates in the file count as sent by the peer), or a folder of them",
    )
    .option("--ca <file|dir>", "a trusted CA certificate, like swanctl's x509ca/ (repeatable)", collect, [])
    .option(
      "--intermediate <file|dir>",
      "an untrusted intermediate the peer sends as CERT payload (repeatable)",
      collect,
      [],
    )
    .option(
      "--batch <file>",
      'JSON Lines of {"cert": "file", "ca": [...], "intermediates": [...], "at": "time"} ("-" = stdin)',
    )
    .addOption(
      new Option("--max-line <bytes>", "longest batch input line; longer lines become error records").default(
        String(DEFAULT_BATCH_LINE_LIMIT),
      ),
    )
    .addOption(
      new Option("--max-input <bytes>", "most bytes read from --batch").default(String(DEFAULT_BATCH_INPUT)),
    )
    .option(
      "--policy <oid>",
      "a certificate policy the connection requires, like swanctl's remote.cert_policy (repeatable)",
      collect,
      [],
    )
    .option(
      "--crl <file|dir>",
      "a CRL (PEM or DER) charon holds, like swanctl's x509crl/ (repeatable); turns on revocation checking with local CRLs",
      collect,
      [],
    )
    .addOption(
      new Option(
        "--revocation <policy>",
        "the verifying side's revocation policy: swanctl remote.revocation, ipsec.conf strictcrlpolicy",
      )
        .choices(["strict", "ifuri", "relaxed"])
        .default("relaxed"),
    )
    .option(
      "--strongswan-conf <file>",
      "the verifying side's strongswan.conf: which plugins parse certificates and in what order, revocation settings, rdn_matching",
    );
  addCommonOptions(cmd, { input: true, at: true, release: true, rdnMatching: true });
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert chain gateway.pem --ca /etc/swanctl/x509ca/
  ikecert chain fullchain.pem --ca isrg-root-x1.pem          certbot's leaf + intermediate file
  ikecert chain client.pem --intermediate sub-ca.pem --ca root.pem --at 2027-01-01
  ikecert chain gateway.pem --ca root.pem --json
  ikecert chain /etc/swanctl/x509 --ca /etc/swanctl/x509ca   one line per certificate of the folder
  ikecert chain --batch leaves.jsonl --ca x509ca/           JSON Lines in, JSON Lines out
  printf '{"cert":"gw.pem","ca":["root.pem"]}\\n' | ikecert chain --batch -
  ikecert chain client.pem --ca root.pem --policy 1.3.6.1.4.1.36906.1.1 --strongswan 5.9.8
  ikecert chain peer.pem --ca /etc/swanctl/x509ca/ --crl /etc/swanctl/x509crl/
  ikecert chain peer.pem --ca root.pem --crl root.crl --revocation strict
  ikecert chain peer.pem --ca root.pem --strongswan-conf /etc/strongswan.conf

Name constraints and certificate policies are judged as strongSwan's constraints plugin of the
--strongswan release judges them (they changed in 5.9.12, 5.9.14, 6.0.1 and 6.0.6; Debian's
5.9.8-5+deb12u4 and later carry the 6.0.6 name-constraint fix).

Batches and folders share one prepared CA pool per distinct set of --ca/--intermediate files and
write one line per certificate, in input order, as they go: with --batch or --json one JSON object
per line ({ikecert, command, line, cert, ok, findings, result} with the result of chain --json, or
{..., result: null, error: {code, message}} for a line or file that cannot be checked). A line
without "ca", "intermediates" or "at" takes --ca, --intermediate and --at.

With --crl, the revocation plugin is judged with those CRLs under the --revocation policy (CRLs and
--strongswan-conf are read once for a batch or folder). ikecert never fetches a CRL or asks an OCSP
responder; it says when charon would, and that the verdict then depends on the network.

Exit code 0 only when the chain ends at a trusted self-signed root and every step holds (and, with
--crl, no CRL revokes a certificate of it; batches and folders: 0 all trusted, 1 one is not, 2 a
line or file could not be checked).`,
  );
  cmd.action(async (certFile: string | undefined, o: ChainCliOptions) => {
    const at = parseAt(o.at);
    const requiredPolicies = policyOids(o.policy);
    const load = loadOptions(o);
    const conf = o.strongswanConf ? chainSettingsFromConf(loadStrongswanConf(o.strongswanConf, load)) : null;
    const check = {
      at,
      rdnMatching: o.rdnMatching ?? conf?.rdnMatching ?? "strict",
      strongswan: o.strongswan,
      ...(requiredPolicies.length ? { requiredPolicies } : {}),
      ...(conf ? { plugins: conf.plugins, revocationSettings: conf.revocationSettings } : {}),
      ...(o.crl.length ? { crls: await crlsOf(o.crl, load) } : {}),
      revocation: o.revocation,
    } as const;
    const run = {
      check,
      load,
      ca: o.ca,
      intermediates: o.intermediate,
      json: !!o.json,
      release: o.release,
    };
    if (o.batch !== undefined) {
      if (certFile !== undefined)
        throw new IkecertError("USAGE", "--batch reads the certificates from its lines; name no certificate");
      const limits = {
        maxLine: positiveInt("--max-line", o.maxLine, DEFAULT_BATCH_LINE_LIMIT),
        maxInput: positiveInt("--max-input", o.maxInput, DEFAULT_BATCH_INPUT),
      };
      process.exitCode = await runChainBatch(o.batch, limits, o.at, run);
      return;
    }
    if (certFile === undefined)
      throw new IkecertError(
        "USAGE",
        "name the end-entity certificate (or a folder of them, or use --batch)",
      );
    if ((await stat(certFile).catch(() => null))?.isDirectory()) {
      process.exitCode = await runChainFolders([certFile], run);
      return;
    }
    const inFile = await readEndEntity(certFile, run.load);
    const c = checkChain(
      certFile,
      inFile,
      await loadTrust(o.ca, o.intermediate, run.load, o.strongswan, {
        plugins: check.plugins,
        crls: check.crls,
      }),
      check,
    );
    const r = c.result;
    process.stdout.write(
      o.json
        ? envelope("chain", r.trusted, r.findings, c.json, o.release)
        : withRules(renderChain(r, c.subject), o.release),
    );
    process.exitCode = r.trusted ? 0 : 1;
  });
}
