import type { Command } from "commander";
import {
  buildChain,
  type Certificate,
  type ChainResult,
  type Finding,
  finding,
  IkecertError,
  type LoadedItem,
  loadFile,
} from "../../lib/index.js";
import { addCommonOptions, type CommonOptions, collect, envelope, loadOptions, parseAt } from "../common.js";
import { paint, renderFindings, verdict } from "../render.js";

type Cert = Certificate & { source: LoadedItem["source"] };
const isCert = (i: LoadedItem): i is Cert => i.kind === "certificate";

interface ChainCliOptions extends CommonOptions {
  ca: string[];
  intermediate: string[];
  policy: string[];
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

/** The chain as a tree from the root down; the failing link marked. */
export function renderChainTree(r: ChainResult): string {
  const lines: string[] = [];
  const top = [...r.chain].reverse();
  let depth = 0;
  if (r.missingIssuer) {
    const aki = r.missingIssuer.authorityKeyId
      ? ` keyid ${r.missingIssuer.authorityKeyId.replace(/(..)(?!$)/g, "$1:")}`
      : "";
    lines.push(`${paint("? missing", "red")} "${r.missingIssuer.dn}"${aki}`);
    depth = 1;
  }
  top.forEach((l, k) => {
    const i = r.chain.length - 1 - k;
    const failed = r.failedAt === i;
    const mark = failed
      ? paint("✗", "red")
      : r.trusted || l.trusted
        ? paint("✓", "green")
        : paint("·", "dim");
    const where = l.file ? `  [${l.file}]` : "";
    const role = `${l.role}${l.trusted ? ", trusted" : ""}`;
    const prefix = depth === 0 ? "" : `${"   ".repeat(depth - 1)}└─ `;
    lines.push(
      `${prefix}${mark} "${l.subject}" (${role})${where}${failed ? paint("  <- fails here", "red") : ""}`,
    );
    depth++;
  });
  return `${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

export function renderChain(r: ChainResult, subject: string): string {
  const head = r.trusted
    ? verdict(true, `charon can build a trusted chain for "${subject}"`)
    : verdict(false, `charon cannot build a trusted chain for "${subject}"`);
  const policies = r.certPolicies?.length
    ? `  certificate policies the chain carries (what cert_policy can require): ${r.certPolicies.join(", ")}\n`
    : "";
  return `${head}\n${renderChainTree(r)}${policies}${r.findings.length ? `\n${renderFindings(r.findings)}` : ""}`;
}

async function certsOf(paths: string[], o: ChainCliOptions): Promise<Cert[][]> {
  const { expandPaths } = await import("../paths.js");
  const out: Cert[][] = [];
  for (const f of await expandPaths(paths))
    out.push((await loadFile(f, loadOptions(o))).items.filter(isCert));
  return out;
}

export function registerChain(program: Command): void {
  const cmd = program
    .command("chain")
    .description(
      "can charon build a trusted chain for the certificate (issuer, CA flag, validity, pathlen, signature)",
    )
    .argument(
      "<cert>",
      "the end-entity certificate (further certificates in the file count as sent by the peer)",
    )
    .option("--ca <file|dir>", "a trusted CA certificate, like swanctl's x509ca/ (repeatable)", collect, [])
    .option(
      "--intermediate <file|dir>",
      "an untrusted intermediate the peer sends as CERT payload (repeatable)",
      collect,
      [],
    )
    .option(
      "--policy <oid>",
      "a certificate policy the connection requires, like swanctl's remote.cert_policy (repeatable)",
      collect,
      [],
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
  ikecert chain client.pem --ca root.pem --policy 1.3.6.1.4.1.36906.1.1 --strongswan 5.9.8

Name constraints and certificate policies are judged as strongSwan's constraints plugin of the
--strongswan release judges them (they changed in 5.9.12, 5.9.14, 6.0.1 and 6.0.6; Debian's
5.9.8-5+deb12u4 and later carry the 6.0.6 name-constraint fix).

Exit code 0 only when the chain ends at a trusted self-signed root and every step holds.`,
  );
  cmd.action(async (certFile: string, o: ChainCliOptions) => {
    const at = parseAt(o.at);
    const requiredPolicies = policyOids(o.policy);
    const loaded = await loadFile(certFile, loadOptions(o));
    const inFile = loaded.items.filter(isCert);
    const ee = inFile[0];
    if (!ee) throw new IkecertError("WRONG_KIND", `${certFile}: holds no certificate`, certFile);
    const pre: Finding[] = [];
    if (inFile.length > 1)
      pre.push(
        finding("CHAIN_FILE_MULTIPLE_CERTS", {
          message: `${certFile} holds ${inFile.length} certificates: strongSwan loads only the first ("${ee.subject.printed}") from it; ikecert treats the rest as sent by the peer, but charon needs each of them in a file of its own (x509ca/)`,
          file: certFile,
        }),
      );
    const trusted: Cert[] = [];
    for (const certs of await certsOf(o.ca, o)) {
      if (certs[0]) trusted.push(certs[0]);
      if (certs.length > 1)
        pre.push(
          finding("CHAIN_FILE_MULTIPLE_CERTS", {
            message: `${certs[0]!.source.file} holds ${certs.length} certificates: swanctl and pki load only the first ("${certs[0]!.subject.printed}") from x509ca/`,
            file: certs[0]!.source.file,
          }),
        );
    }
    const untrusted: Cert[] = [...inFile.slice(1), ...(await certsOf(o.intermediate, o)).flat()];
    const r = buildChain(ee, {
      trusted,
      untrusted,
      at,
      rdnMatching: o.rdnMatching ?? "strict",
      ...(o.strongswan ? { strongswan: o.strongswan } : {}),
      ...(requiredPolicies.length ? { requiredPolicies } : {}),
    });
    r.findings.unshift(...pre);
    const json = {
      trusted: r.trusted,
      decidedBy: r.decidedBy,
      chain: r.chain,
      missingIssuer: r.missingIssuer,
      certPolicies: r.certPolicies ?? [],
    };
    process.stdout.write(
      o.json ? envelope("chain", r.trusted, r.findings, json) : renderChain(r, ee.subject.printed),
    );
    process.exitCode = r.trusted ? 0 : 1;
  });
}
