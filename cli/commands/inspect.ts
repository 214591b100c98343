import type { Command } from "commander";
import { type InspectItem, type InspectResult, inspectFilesDetailed } from "../../lib/checks/inspect.js";
import { loadFile } from "../../lib/input/load.js";
import { addCommonOptions, type CommonOptions, envelope, loadOptions, parseAt } from "../common.js";
import { renderFindings, verdict, withRules } from "../render.js";

function colon(hex: string): string {
  return hex.replace(/(..)(?!$)/g, "$1:");
}

function renderItem(it: InspectItem): string {
  const l: string[] = [];
  const where = `${it.file}${it.index > 0 ? ` #${it.index + 1}` : ""}`;
  if (it.kind === "certificate") {
    l.push(`${where}: certificate${it.ca ? " (CA)" : ""}${it.selfSigned ? ", self-signed" : ""}`);
    l.push(`  subject:     ${it.subject}`);
    l.push(`  issuer:      ${it.issuer}`);
    l.push(`  serial:      ${colon(it.serial)}`);
    l.push(`  validity:    ${it.notBefore} .. ${it.notAfter}`);
    const pk = it.publicKey;
    l.push(
      `  key:         ${pk.algorithm}${pk.curve ? ` ${pk.curve}` : ` ${pk.bits} bits`}, signed with ${it.signatureAlgorithm}`,
    );
    l.push(`  subjkey:     ${colon(pk.keyids.subjkey)}`);
    l.push(`  keyid:       ${colon(pk.keyids.keyid)}`);
    if (it.ca) l.push(`  CA:          yes${it.pathLen !== null ? `, pathLen ${it.pathLen}` : ""}`);
    if (it.keyUsage) l.push(`  keyUsage:    ${it.keyUsage.join(", ") || "(none)"}`);
    if (it.extKeyUsage) l.push(`  extKeyUsage: ${it.extKeyUsage.join(", ")}`);
    if (it.subjectKeyId) l.push(`  SKI:         ${colon(it.subjectKeyId)}`);
    if (it.authorityKeyId) l.push(`  AKI:         ${colon(it.authorityKeyId)}`);
    l.push(`  SHA-256:     ${colon(it.fingerprints.sha256)}`);
    if (it.otherExtensions?.length) {
      l.push("  other extensions:");
      for (const e of it.otherExtensions) {
        l.push(`    ${e.name ?? `unknown ${e.oid}`}${e.critical ? " (critical)" : ""}: ${e.value}`);
        if (e.strongswan) l.push(`      strongSwan: ${e.strongswan}`);
      }
    }
    l.push(`  identities this certificate proves to strongSwan:`);
    for (const id of it.identities)
      l.push(`    ${id.type.padEnd(15)} ${id.value}  (${id.from}; write: ${id.write})`);
    for (const s of it.sans.filter((s) => !s.supported)) l.push(`    (unusable)      ${s.kind} ${s.value}`);
    l.push(`  belongs in:  ${it.folder}/`);
  } else if (it.kind === "csr") {
    l.push(`${where}: certificate request`);
    l.push(`  subject:     ${it.subject}`);
    l.push(
      `  key:         ${it.publicKey.algorithm}${it.publicKey.curve ? ` ${it.publicKey.curve}` : ` ${it.publicKey.bits} bits`}`,
    );
  } else {
    const pk = it.publicKey;
    const fmt = it.format ? ` (${it.format}${it.encrypted ? ", encrypted" : ""})` : "";
    l.push(`${where}: ${it.kind === "privateKey" ? "private key" : "public key"}${fmt}`);
    l.push(`  key:         ${pk.algorithm}${pk.curve ? ` ${pk.curve}` : ` ${pk.bits} bits`}`);
    l.push(`  subjkey:     ${colon(pk.keyids.subjkey)}`);
    l.push(`  keyid:       ${colon(pk.keyids.keyid)}`);
  }
  return `${l.join("\n")}\n`;
}

export function renderInspect(r: InspectResult): string {
  const certs = r.items.filter((i) => i.kind === "certificate").length;
  const keys = r.items.length - certs;
  const errors = r.findings.filter((f) => f.severity === "error").length;
  const head = verdict(
    errors === 0,
    `${certs} certificate(s), ${keys} key(s) or request(s); ${r.findings.length} finding(s)`,
  );
  return `${head}\n${r.items.map(renderItem).join("\n")}${r.findings.length ? `\n${renderFindings(r.findings)}` : ""}`;
}

export function registerInspect(program: Command): void {
  const cmd = program
    .command("inspect")
    .description("show every certificate and key in the files, and the identities each certificate proves")
    .argument(
      "<file...>",
      "PEM, DER, PKCS#7 (.p7b, DER or BER) or PKCS#12 files (a folder: every file in it)",
    );
  addCommonOptions(cmd, { input: true, at: true, release: true });
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert inspect gateway.pem                 what strongSwan sees in the file
  ikecert inspect fullchain.pem --json        every certificate, as JSON
  ikecert inspect /etc/swanctl/x509ca/        every file of a folder
  ikecert inspect ca-bundle.p7b               the certificates of a PKCS#7 bundle
  ikecert inspect gateway.pem --strongswan 5.9.8   names as charon 5.9.8 prints them
  IKECERT_PASSPHRASE=... ikecert inspect client.p12

Besides the fields strongSwan's identity and chain checks use, each certificate's other extensions
(CRL distribution points, OCSP and CA issuer URIs, policies, name constraints, unknown ones) are
listed under "other extensions:" (--json: otherExtensions), with what charon does with them.`,
  );
  cmd.action(async (files: string[], o: CommonOptions) => {
    const at = parseAt(o.at);
    const opts = loadOptions(o);
    const { expandPaths } = await import("../paths.js");
    const loaded = [];
    for (const f of await expandPaths(files)) loaded.push(await loadFile(f, opts));
    const r = await inspectFilesDetailed(loaded, at, { strongswan: o.release?.rules });
    const ok = !r.findings.some((f) => f.severity === "error");
    process.stdout.write(
      o.json
        ? envelope("inspect", ok, r.findings, { items: r.items }, o.release)
        : withRules(renderInspect(r), o.release),
    );
    process.exitCode = ok ? 0 : 1;
  });
}
