/**
 * What `ikecert pair` does and prints, without commander (the pair bundle runs it too:
 * cli/fast-pair-main.ts).
 */
import { stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import {
  type CertCandidate,
  checkKeyPair,
  type KeyInput,
  type PairResult,
  pairKeys,
} from "../../lib/checks/keypair.js";
import { IkecertError } from "../../lib/errors.js";
import type { PrivateKey } from "../../lib/input/keys.js";
import type { LoadOptions } from "../../lib/input/load.js";
import {
  type FolderScan,
  type ScannedFile,
  scanFile,
  scanKeyFolder,
  swanctlFolderOf,
} from "../../lib/run/keyscan.js";
import type { Certificate } from "../../lib/x509/certificate.js";
import type { CommonOptions } from "../common.js";
import { parseAt } from "../load-options.js";
import { paint, renderFindings, verdict } from "../render.js";

export interface PairOptionsCli extends CommonOptions {
  certs?: string[];
}

const KEY_DIRS = new Set(["private", "rsa", "ecdsa", "pkcs8"]);

function certificatesOf(f: ScannedFile): CertCandidate[] {
  const certs = f.items.filter(
    (i): i is Certificate & ScannedFile["items"][number] => i.kind === "certificate",
  );
  return certs.map((cert, i) => ({ file: certs.length > 1 ? `${f.file}#${i + 1}` : f.file, cert }));
}

function keysOf(f: ScannedFile, explicit: boolean): KeyInput[] {
  return f.items
    .filter((i) => i.kind === "privateKey" || i.kind === "publicKey")
    .map((item) => ({
      file: f.file,
      item: item as KeyInput["item"],
      mode: f.mode,
      explicit,
      firstPemLabel: f.firstPemLabel,
    }));
}

/** A file named as a key, or found in a key folder, holding only certificates: offered as a (wrong) key. */
function certificatesAsKeys(f: ScannedFile, explicit: boolean): KeyInput[] {
  return f.items
    .filter((i) => i.kind === "certificate")
    .slice(0, 1)
    .map((item) => ({ file: f.file, item: item as Certificate, mode: f.mode, explicit }));
}

interface Gathered {
  inputs: KeyInput[];
  candidates: CertCandidate[];
  skipped: IkecertError[];
}

function addFolder(scan: FolderScan, g: Gathered): void {
  for (const f of scan.keyFiles) {
    if (f.error) {
      g.skipped.push(f.error);
      continue;
    }
    const keys = keysOf(f, scan.layout !== "plain");
    g.inputs.push(...keys);
    // a certificate lying in private/ (etc.) is a mistake worth naming; elsewhere it may own a key
    if (keys.length === 0 && scan.layout !== "plain" && KEY_DIRS.has(basename(dirname(f.file))))
      g.inputs.push(...certificatesAsKeys(f, false));
    else g.candidates.push(...certificatesOf(f));
  }
  for (const f of scan.certFiles) if (!f.error) g.candidates.push(...certificatesOf(f));
}

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    throw new IkecertError("FILE_NOT_FOUND", `${p}: no such file or folder`, p);
  }
}

export async function runPair(
  certFile: string,
  keyArgs: string[],
  o: PairOptionsCli,
  opts: LoadOptions,
): Promise<PairResult & { subject: string }> {
  if (await isFolder(certFile))
    throw new IkecertError(
      "USAGE",
      `${certFile}: is a folder; name the certificate file first, then keys or folders`,
    );
  const certScan = await scanFile(certFile, opts);
  const certs = certificatesOf(certScan);
  if (certs.length === 0)
    throw new IkecertError(
      "WRONG_KIND",
      `${certFile}: holds no certificate; give the certificate first, then the key (ikecert pair CERT KEY)`,
      certFile,
    );
  // a bundle (PKCS#12, or PEM with the key) may list CA certificates first: the certificate checked
  // is the one whose key the bundle carries, else the first one (strongSwan's choice for a PEM file)
  const own = keysOf(certScan, true);
  const chosen = certs.find((c) => own.some((k) => checkKeyPair(c.cert, k.item as PrivateKey))) ?? certs[0]!;
  const cert = chosen.cert;
  const g: Gathered = { inputs: own, candidates: certs.filter((c) => c !== chosen), skipped: [] };
  const swanctl = await swanctlFolderOf(certFile);
  for (const k of keyArgs) {
    if (await isFolder(k)) addFolder(await scanKeyFolder(k, opts), g);
    else {
      const f = await scanFile(k, opts);
      const keys = keysOf(f, true);
      g.inputs.push(...(keys.length ? keys : certificatesAsKeys(f, true)));
      if (keys.length) g.candidates.push(...certificatesOf(f));
    }
  }
  if (keyArgs.length === 0 && g.inputs.length === 0) {
    if (!swanctl)
      throw new IkecertError(
        "USAGE",
        `${certFile} holds no private key; name the key file or a folder of keys: ikecert pair ${certFile} KEY|DIR`,
      );
    addFolder(await scanKeyFolder(swanctl, { ...opts, only: "keys" }), g);
  }
  if (swanctl) addFolder(await scanKeyFolder(swanctl, { ...opts, only: "certs" }), g);
  for (const c of o.certs ?? []) {
    if (await isFolder(c)) {
      const scan = await scanKeyFolder(c, opts);
      for (const f of [...scan.keyFiles, ...scan.certFiles])
        if (!f.error) g.candidates.push(...certificatesOf(f));
    } else g.candidates.push(...certificatesOf(await scanFile(c, opts)));
  }
  const seen = new Set<string>();
  const candidates = g.candidates.filter((c) => !seen.has(c.file) && !!seen.add(c.file));
  const r = pairKeys(chosen.file, cert, g.inputs, candidates, { at: parseAt(o.at), skipped: g.skipped });
  return { ...r, subject: cert.subject.printed };
}

const colon = (hex: string) => hex.replace(/(..)(?!$)/g, "$1:");

export function renderPair(r: PairResult, certSubject: string): string {
  const { result, details } = r;
  const l: string[] = [];
  const matched = result.keys.filter((k) => k.match).map((k) => k.file);
  l.push(
    verdict(
      result.match,
      result.match
        ? `${[...new Set(matched)].join(", ")} holds the private key of ${result.certificate.file}`
        : `no private key for ${result.certificate.file} among ${result.keys.length} key(s) given`,
    ).trimEnd(),
  );
  l.push("");
  l.push(`certificate ${result.certificate.file}: "${certSubject}"`);
  l.push(`  subjkey: ${colon(result.certificate.keyids.subjkey)}`);
  l.push(`  keyid:   ${colon(result.certificate.keyids.keyid)}`);
  let quiet = 0;
  result.keys.forEach((k, i) => {
    const d = details[i]!;
    // a folder of many keys: show the ones that say something, count the rest
    if (!k.match && !d.owner && d.kind === "privateKey" && result.keys.length > 10) {
      quiet++;
      return;
    }
    const what =
      d.kind === "privateKey"
        ? `${d.description} private key (${d.format}${d.encrypted && !d.format?.includes("encrypted") ? ", encrypted" : ""})`
        : d.kind === "publicKey"
          ? `${d.description} PUBLIC key`
          : `${d.description} CERTIFICATE`;
    const status = k.match
      ? paint("match", "green")
      : d.owner
        ? `${paint("no match", "red")}: ${d.kind === "publicKey" && d.owner.file === result.certificate.file ? "the public key of" : "belongs to"} "${d.owner.cert.subject.printed}" (${d.owner.file}${d.ownerExpired ? `, expired ${d.owner.cert.notAfter.toISOString()}` : ""})`
        : paint("no match", "red");
    l.push("");
    l.push(`${k.file}: ${what}: ${status}`);
    l.push(`  subjkey: ${colon(k.keyids.subjkey)}`);
    l.push(`  keyid:   ${colon(k.keyids.keyid)}`);
  });
  if (quiet) l.push("", `(${quiet} other private key(s) do not match and belong to no known certificate)`);
  const f = renderFindings(r.findings);
  return `${l.join("\n")}\n${f ? `\n${f}` : ""}`;
}
