import { type Command, Option } from "commander";
import {
  type Certificate,
  CLIENT_PROFILES,
  certificateIdentityFindings,
  checkIdentity,
  type Finding,
  finding,
  type IdentityCheck,
  IkecertError,
  loadFile,
  NEWEST_RELEASE,
} from "../../lib/index.js";
import { addCommonOptions, type CommonOptions, envelope, loadOptions } from "../common.js";
import { paint, renderFindings, verdict } from "../render.js";

interface IdOptions extends CommonOptions {
  client?: string;
}

function renderId(r: IdentityCheck): string {
  const mark = r.matches ? paint("proven", "green") : paint("NOT proven", "red");
  const l = [
    `  ${r.input}`,
    `    type:    ${r.type}${r.printed !== r.input ? ` (charon prints '${r.printed}')` : ""}`,
  ];
  l.push(`    verdict: ${mark} (match level ${r.level})`);
  if (r.via)
    l.push(
      `    by:      ${r.via.kind === "keyid" ? r.via.type : `${r.via.kind} ${r.via.type}`} '${r.via.value}'`,
    );
  return `${l.join("\n")}\n`;
}

export function registerId(program: Command): void {
  const cmd = program
    .command("id")
    .description("does the certificate prove each identity to strongSwan? near misses explained")
    .argument("<cert>", "the certificate (the first one of the file, as strongSwan loads it)")
    .argument("<id...>", "identities as written in swanctl.conf (local.id / remote.id)")
    .addOption(
      new Option("--client <profile>", "also apply a client's rules for the server id").choices([
        ...CLIENT_PROFILES,
      ]),
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

Exit codes: 0 every id is proven and no error finding, 1 otherwise, 2 unusable input.`,
  );
  cmd.action(async (certFile: string, ids: string[], o: IdOptions) => {
    const loaded = await loadFile(certFile, loadOptions(o));
    const certs = loaded.items.filter((i): i is Certificate & typeof i => i.kind === "certificate");
    if (certs.length === 0)
      throw new IkecertError("WRONG_KIND", `${certFile}: holds no certificate`, certFile);
    const cert = certs[0]!;
    const file = certFile;
    const opts = { strongswan: o.strongswan, rdnMatching: o.rdnMatching, regex: true, client: o.client };
    const certFindings: Finding[] = [];
    if (certs.length > 1)
      certFindings.push(
        finding("CHAIN_FILE_MULTIPLE_CERTS", {
          message: `${certFile} holds ${certs.length} certificates; strongSwan loads only the first ('${cert.subject.printed}'), which is the one checked`,
          file,
        }),
      );
    certFindings.push(...certificateIdentityFindings(cert, opts).map((f) => ({ ...f, file })));
    const results = ids.map((id) => checkIdentity(cert, id, opts));
    const findings = [...certFindings];
    for (const r of results)
      for (const f of r.findings) {
        const ff = { ...f, file };
        if (!findings.some((x) => x.code === ff.code && x.message === ff.message)) findings.push(ff);
      }
    const ok = results.every((r) => r.matches) && !findings.some((f) => f.severity === "error");
    const proven = results.filter((r) => r.matches).length;
    if (o.json) {
      process.stdout.write(
        envelope("id", ok, findings, {
          certificate: {
            file,
            subject: cert.subject.printed,
            sans: cert.sans.map((s) => ({ type: s.idType ?? s.kind, value: s.value })),
          },
          identities: results.map(({ findings: _f, ...r }) => r),
        }),
      );
    } else {
      let out = verdict(
        ok,
        `${proven} of ${results.length} identit${results.length === 1 ? "y" : "ies"} proven by ${file} ('${cert.subject.printed}')`,
      );
      out += `\n${results.map(renderId).join("")}`;
      if (findings.length) out += `\n${renderFindings(findings)}`;
      process.stdout.write(out);
    }
    process.exitCode = ok ? 0 : 1;
  });
}
