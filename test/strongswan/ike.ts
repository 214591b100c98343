import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { CERT_PLUGINS, Charon, type CharonOptions, ipIn, STOCK_PLUGINS_CONF } from "./charon.js";

/**
 * Oracle: a real IKEv2 exchange between two private charons, each in its own network and mount
 * namespace, joined by a veth pair whose addresses exist only inside those namespaces. IKE_SA only
 * (`childless = force`): this kernel has no ESP. Short retransmits keep failures to a few seconds.
 * The one runner of the tier: the identity/handshake scenarios describe a side with files and ids,
 * the size and explain tiers give raw bytes and a connection body of their own (`files`, `connBody`).
 */

export const INITIATOR_ADDR = "198.51.100.1";
export const RESPONDER_ADDR = "198.51.100.2";

export interface IkeSide {
  /** files copied into x509/ (the first one is the local certificate unless `localCert` says otherwise) */
  x509?: string[];
  /** files copied into x509ca/ */
  x509ca?: string[];
  /** private keys copied into private/ */
  private?: string[];
  /** CRLs copied into x509crl/ */
  x509crl?: string[];
  /** basename of the local certificate in x509/; null: configure no `certs` line */
  localCert?: string | null;
  localId?: string;
  remoteId?: string;
  /** extra lines for the connection, local and remote sections */
  conn?: string[];
  local?: string[];
  remote?: string[];
  /** files copied into pubkey/ (raw public keys), x509ac/ (attribute certificates) */
  pubkey?: string[];
  x509ac?: string[];
  /** files copied into x509aa/ (attribute authorities) */
  x509aa?: string[];
  /** files given as bytes: [name, content] per folder (besides or instead of the paths above) */
  files?: Partial<Record<Folder, Array<[string, Uint8Array]>>>;
  /** `auth` of the generated local and remote rounds (default `pubkey`) */
  localAuth?: string;
  remoteAuth?: string;
  /** the body of swanctl.conf's `secrets { }` (PSKs, EAP passwords), raw text */
  secrets?: string;
  /** plugins loaded besides the others (e.g. eap-identity, eap-md5) */
  extraPlugins?: string[];
  /** a whole swanctl folder to copy (a fixture), and the swanctl.conf text to write over its own */
  folder?: string;
  swanctlConf?: string;
  /** the whole body of the connection (replaces everything generated from the fields above) */
  connBody?: string;
  /** extra lines inside this daemon's `charon { }` of strongswan.conf */
  charonConf?: string;
  /** more connections, raw swanctl.conf text placed inside `connections { }` after the generated one */
  extraConns?: string;
  /** plugins to load instead of CERT_PLUGINS; "stock": Debian's stock set (STOCK_PLUGINS_CONF) */
  plugins?: string[] | "stock";
}

export interface IkeResult {
  established: boolean;
  initiatorLog: string[];
  responderLog: string[];
  /** swanctl --initiate's own output */
  initiate: string;
}

type Folder = "x509" | "x509ca" | "private" | "x509crl" | "pubkey" | "x509ac" | "x509aa";
const FOLDERS: Folder[] = ["x509", "x509ca", "private", "x509crl", "pubkey", "x509ac", "x509aa"];

const LOG_LEVELS = { default: 1, cfg: 2, ike: 2, net: 1, enc: 1, knl: 0 };
const CHARON_CONF = ["  retransmit_tries = 2", "  retransmit_timeout = 0.5", "  retransmit_base = 1.4"].join(
  "\n",
);

/** Write a side as a swanctl folder (swanctl.conf, x509/, x509ca/, private/) with one connection. */
export function writeSide(dir: string, side: IkeSide, role: "initiator" | "responder", name = "ikc"): void {
  if (side.folder) {
    cpSync(side.folder, dir, { recursive: true });
    if (side.swanctlConf !== undefined) writeFileSync(join(dir, "swanctl.conf"), side.swanctlConf);
    return;
  }
  for (const sub of FOLDERS) {
    mkdirSync(join(dir, sub), { recursive: true });
    for (const [f, b] of side.files?.[sub] ?? []) writeFileSync(join(dir, sub, f), b);
    for (const f of side[sub] ?? []) copyFileSync(f, join(dir, sub, basename(f)));
  }
  const secrets = side.secrets ? `secrets {\n${side.secrets}\n}\n` : "";
  if (side.connBody !== undefined) {
    writeFileSync(
      join(dir, "swanctl.conf"),
      `connections {\n  ${name} {\n${side.connBody}\n  }\n}\n${secrets}`,
    );
    return;
  }
  const cert =
    side.localCert === undefined ? (side.x509?.[0] ? basename(side.x509[0]) : null) : side.localCert;
  const [me, peer] =
    role === "initiator" ? [INITIATOR_ADDR, RESPONDER_ADDR] : [RESPONDER_ADDR, INITIATOR_ADDR];
  const lines = [
    "connections {",
    `  ${name} {`,
    "    version = 2",
    `    local_addrs = ${me}`,
    `    remote_addrs = ${peer}`,
    "    mobike = no",
    ...(role === "initiator" ? ["    childless = force"] : []),
    ...(side.conn ?? []).map((l) => `    ${l}`),
    "    local {",
    `      auth = ${side.localAuth ?? "pubkey"}`,
    ...(cert ? [`      certs = ${cert}`] : []),
    ...(side.localId !== undefined ? [`      id = "${side.localId}"`] : []),
    ...(side.local ?? []).map((l) => `      ${l}`),
    "    }",
    "    remote {",
    `      auth = ${side.remoteAuth ?? "pubkey"}`,
    ...(side.remoteId !== undefined ? [`      id = "${side.remoteId}"`] : []),
    ...(side.remote ?? []).map((l) => `      ${l}`),
    "    }",
    "  }",
    ...(side.extraConns ? [side.extraConns] : []),
    "}",
    secrets,
  ];
  writeFileSync(join(dir, "swanctl.conf"), lines.join("\n"));
}

/** Wait until a log stops growing (the peer's last lines arrive shortly after swanctl returns). */
export async function settle(c: Charon): Promise<void> {
  let n = -1;
  for (let i = 0; i < 20; i++) {
    const len = c.log().length;
    if (len === n) return;
    n = len;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Two private charons joined by a veth pair: the initiator at `addrs[0]`, the responder at
 * `addrs[1]` (default INITIATOR_ADDR, RESPONDER_ADDR). The caller stops both.
 */
export async function startPair(
  initiator: CharonOptions,
  responder: CharonOptions,
  addrs: [string, string] = [INITIATOR_ADDR, RESPONDER_ADDR],
): Promise<{ ini: Charon; res: Charon }> {
  const ini = await Charon.start({ tag: "i", ...initiator });
  try {
    const res = await Charon.start({
      tag: "r",
      ...responder,
      setupNetns: (ns) => {
        ipIn(ns, ["link", "add", "ikc1", "type", "veth", "peer", "name", "ikc0", "netns", ini.netns]);
        ipIn(ns, ["addr", "add", `${addrs[1]}/24`, "dev", "ikc1"]);
        ipIn(ns, ["link", "set", "ikc1", "up"]);
        ipIn(ini.netns, ["addr", "add", `${addrs[0]}/24`, "dev", "ikc0"]);
        ipIn(ini.netns, ["link", "set", "ikc0", "up"]);
      },
    });
    return { ini, res };
  } catch (e) {
    ini.stop();
    throw e;
  }
}

/** Start a fresh pair, run one IKE_SA setup, tear everything down (also on failure). */
export async function runIke(opts: {
  initiator: IkeSide;
  responder: IkeSide;
  timeoutSeconds?: number;
  /** connection name (default `ikc`) */
  name?: string;
  /** initiate the CHILD_SA of that name (the connection body must define it) instead of the IKE_SA only */
  child?: boolean;
}): Promise<IkeResult> {
  const name = opts.name ?? "ikc";
  const conf = (side: IkeSide) => ({
    plugins:
      side.plugins === "stock" ? [] : [...(side.plugins ?? CERT_PLUGINS), ...(side.extraPlugins ?? [])],
    logLevels: LOG_LEVELS,
    charonConf: [CHARON_CONF, side.plugins === "stock" ? STOCK_PLUGINS_CONF : "", side.charonConf ?? ""].join(
      "\n",
    ),
  });
  let ini: Charon | null = null;
  let res: Charon | null = null;
  try {
    ({ ini, res } = await startPair(conf(opts.initiator), conf(opts.responder)));
    const iniDir = join(ini.dir, "swanctl");
    const resDir = join(res.dir, "swanctl");
    writeSide(iniDir, opts.initiator, "initiator", name);
    writeSide(resDir, opts.responder, "responder", name);
    res.swanctlOk(["--load-all", "--noprompt", "--file", join(resDir, "swanctl.conf")]);
    ini.swanctlOk(["--load-all", "--noprompt", "--file", join(iniDir, "swanctl.conf")]);
    const t = opts.timeoutSeconds ?? 10;
    const r = ini.swanctl(
      ["--initiate", opts.child ? "--child" : "--ike", name, "--timeout", String(t)],
      (t + 5) * 1000,
    );
    await settle(res);
    await settle(ini);
    const initiatorLog = ini.log();
    const established =
      initiatorLog.some((l) => l.includes(`IKE_SA ${name}[`) && / established between /.test(l)) &&
      (r.status === 0 || !!opts.child);
    return { established, initiatorLog, responderLog: res.log(), initiate: `${r.stdout}${r.stderr}` };
  } catch (e) {
    const more = [ini, res].map((c) => c?.describeFailure() ?? "").join("\n");
    throw new Error(`${(e as Error).message}\n${more}`);
  } finally {
    ini?.stop();
    res?.stop();
  }
}

/** The message part of a charon log line: after `HH:MM:SS NN[XXX] ` and an optional `<conn|n> `. */
export function messageOf(line: string): string {
  const m = /^(?:\S+ )?\d+\[\w+\] (?:<[^>]*> )?(.*)$/.exec(line);
  return m ? m[1]! : line;
}

/**
 * Whether a predicted line is among a log's messages. EAP identifiers are random (charon picks
 * them per request): a prediction writes them `0x??`, which stands for any two hex digits here.
 */
export function lineFound(messages: string[], predicted: string): boolean {
  if (!predicted.includes("0x??")) return messages.includes(predicted);
  const [head, ...rest] = predicted.split("0x??");
  return messages.some((m) => {
    if (!m.startsWith(head!)) return false;
    let at = head!.length;
    for (const part of rest) {
      if (!/^0x[0-9A-F]{2}$/i.test(m.slice(at, at + 4))) return false;
      at += 4;
      if (m.slice(at, at + part.length) !== part) return false;
      at += part.length;
    }
    return at === m.length;
  });
}

/** A prediction (ikecert handshake) against what the two daemons logged. */
export interface Comparison {
  logs: { initiator: string[]; responder: string[] };
  keyFound: boolean;
  /** predicted lines, and how many of them charon printed; the ones it did not */
  lines: number;
  found: number;
  missing: string[];
}

export function compareWithCharon(
  predicted: { keyLine: { side: "initiator" | "responder"; line: string } } & Record<
    "initiator" | "responder",
    { logs: string[] }
  >,
  truth: IkeResult,
): Comparison {
  const logs = { initiator: truth.initiatorLog.map(messageOf), responder: truth.responderLog.map(messageOf) };
  const missing: string[] = [];
  let lines = 0;
  for (const side of ["initiator", "responder"] as const)
    for (const l of predicted[side].logs) {
      lines++;
      if (!lineFound(logs[side], l)) missing.push(`${side}: ${l}`);
    }
  return {
    logs,
    keyFound: lineFound(logs[predicted.keyLine.side], predicted.keyLine.line),
    lines,
    found: lines - missing.length,
    missing,
  };
}

/** The lines of a log that name a decision (for assertion messages and reports). */
export function keyLines(log: string[]): string[] {
  return log.filter((l) =>
    /established|no matching|no trusted|no private key|constraint check|authentication of|no issuer|invalid|not trusted|selected peer config|looking for peer configs|received AUTHENTICATION_FAILED|fail/i.test(
      l,
    ),
  );
}

/** The IKE_AUTH message the log's daemon sent: its size as charon logged it and the fragment count. */
export function loggedIkeAuth(
  log: string,
  role: "initiator" | "responder",
): { bytes: number; fragments: number } | null {
  const kind = role === "initiator" ? "request" : "response";
  const lines = log.split("\n");
  const at = lines.findIndex((l) => new RegExp(`generating IKE_AUTH ${kind} \\d+ `).test(l));
  if (at < 0) return null;
  for (let i = at; i < Math.min(lines.length, at + 40); i++) {
    const split = /splitting IKE message \((\d+) bytes\) into (\d+) fragments/.exec(lines[i]!);
    if (split) return { bytes: Number(split[1]), fragments: Number(split[2]) };
    const sent = /sending packet: from \S+\[(\d+)\] to \S+\[(\d+)\] \((\d+) bytes\)/.exec(lines[i]!);
    if (sent) return { bytes: Number(sent[3]), fragments: 1 };
  }
  return null;
}
