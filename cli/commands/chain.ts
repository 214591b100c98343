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
import { paint, renderFindings, verdict, withRules } from "../render.js";

type Cert = Certificate & { source: LoadedItem["source"] };
const isCert = (i: LoadedItem): i is Cert => i.kind === "certificate";

interface ChainCliOptions extends CommonOptions {
  ca: string[];
  intermediate: string[];
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
  return `${head}\n${renderChainTree(r)}${r.findings.length ? `\n${renderFindings(r.findings)}` : ""}`;
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

Exit code 0 only when the chain ends at a trusted self-signed root and every step holds.`,
  );
  cmd.action(async (certFile: string, o: ChainCliOptions) => {
    const at = parseAt(o.at);
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
      ...(o.release ? { strongswan: o.release.rules } : {}),
    });
    r.findings.unshift(...pre);
    const json = {
      trusted: r.trusted,
      decidedBy: r.decidedBy,
      chain: r.chain,
      missingIssuer: r.missingIssuer,
    };
    process.stdout.write(
      o.json
        ? envelope("chain", r.trusted, r.findings, json, o.release)
        : withRules(renderChain(r, ee.subject.printed), o.release),
    );
    process.exitCode = r.trusted ? 0 : 1;
  });
}
