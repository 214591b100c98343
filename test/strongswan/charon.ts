import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHARON, SWANCTL } from "./env.js";

/**
 * One private charon daemon: its own network namespace (`ip netns`), its own mount namespace with a
 * private folder bound over /run (pid file), its own strongswan.conf (STRONGSWAN_CONF) with only the
 * plugins it needs, its own vici socket and a file log. swanctl talks to it through that socket from
 * outside the namespaces (a unix socket in a temp folder). See /work/shared/strongswan-in-tests.md.
 */

/** Plugins for certificate work (has-identity). kernel-netlink and socket-default are needed to start. */
export const CERT_PLUGINS = [
  "random",
  "nonce",
  "x509",
  "pem",
  "pkcs1",
  "pkcs8",
  "openssl",
  "pubkey",
  "revocation",
  "constraints",
  "sha1",
  "sha2",
  "hmac",
  "gmp",
  "curve25519",
  "kdf",
  "vici",
  "kernel-netlink",
  "socket-default",
];

/**
 * Debian's stock plugin set (what /etc/strongswan.conf loads): every plugin of
 * /etc/strongswan.d/charon/ with its default `load`. Pass with `plugins: []` as `charonConf`.
 */
export const STOCK_PLUGINS_CONF =
  "  load_modular = yes\n  plugins {\n    include /etc/strongswan.d/charon/*.conf\n  }\n";

export interface CharonOptions {
  /** a short tag that ends up in the namespace name (`ikc-truth-<pid>-<n>-<tag>`) */
  tag?: string;
  plugins?: string[];
  /** charon log levels per subsystem; `default` applies to the rest */
  logLevels?: Record<string, number>;
  /** extra lines inside `charon { ... }` */
  charonConf?: string;
  /** commands run inside the network namespace before charon starts (e.g. addresses, links) */
  setupNetns?: (netns: string) => void;
  /** whole-start timeout */
  startTimeoutMs?: number;
}

export interface SwanctlResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface ListedCertificate {
  subject: string;
  issuer: string;
  /** serial as charon prints it, lowercase hex without colons */
  serial: string;
  altNames: string[];
}

const CALL_TIMEOUT_MS = 15_000;
let counter = 0;
const live = new Set<Charon>();

function sh(cmd: string, args: string[], timeout = CALL_TIMEOUT_MS): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: "utf8", timeout });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Lines of a `swanctl --list-certs` output, split into certificates. */
export function parseListCerts(out: string): ListedCertificate[] {
  const certs: ListedCertificate[] = [];
  let cur: ListedCertificate | null = null;
  let inAlt = false;
  for (const line of out.split("\n")) {
    const m = /^\s{2}(\w+):\s+(.*)$/.exec(line);
    if (m) {
      const [, key, value] = m as unknown as [string, string, string];
      inAlt = false;
      if (key === "subject") {
        cur = { subject: unquote(value), issuer: "", serial: "", altNames: [] };
        certs.push(cur);
      } else if (cur && key === "issuer") cur.issuer = unquote(value);
      else if (cur && key === "serial") cur.serial = value.trim().replace(/:/g, "").toLowerCase();
      else if (cur && key === "altNames") {
        cur.altNames.push(...value.split(", ").filter(Boolean));
        inAlt = true;
      }
    } else if (inAlt && cur && /^\s{13}\S/.test(line)) {
      cur.altNames.push(...line.trim().split(", ").filter(Boolean));
    } else inAlt = false;
  }
  return certs;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

export class Charon {
  readonly dir: string;
  readonly netns: string;
  readonly vici: string;
  readonly logFile: string;
  pid = 0;
  private stopped = false;

  private constructor(
    readonly name: string,
    private readonly opts: CharonOptions,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `${name}-`));
    this.netns = name;
    this.vici = join(this.dir, "charon.vici");
    this.logFile = join(this.dir, "charon.log");
  }

  /** Start a private charon; resolves once its vici socket answers. */
  static async start(opts: CharonOptions = {}): Promise<Charon> {
    counter += 1;
    const name = `ikc-truth-${process.pid}-${counter}${opts.tag ? `-${opts.tag}` : ""}`;
    const c = new Charon(name, opts);
    live.add(c);
    try {
      await c.boot();
    } catch (e) {
      c.stop();
      throw e;
    }
    return c;
  }

  private async boot(): Promise<void> {
    const levels = { default: 1, ...(this.opts.logLevels ?? {}) };
    const plugins = this.opts.plugins ?? CERT_PLUGINS;
    mkdirSync(join(this.dir, "run"));
    const conf = join(this.dir, "strongswan.conf");
    writeFileSync(
      conf,
      [
        "charon {",
        `  load = ${plugins.join(" ")}`,
        "  install_routes = no",
        "  install_virtual_ip = no",
        `  plugins {\n    vici {\n      socket = unix://${this.vici}\n    }\n  }`,
        "  filelog {",
        "    ikc {",
        `      path = ${this.logFile}`,
        "      time_format = %H:%M:%S",
        "      ike_name = yes",
        "      flush_line = yes",
        ...Object.entries(levels).map(([k, v]) => `      ${k} = ${v}`),
        "    }",
        "  }",
        "  syslog {\n    daemon {\n      default = -1\n    }\n  }",
        this.opts.charonConf ?? "",
        "}",
        "",
      ].join("\n"),
    );
    const r = sh("ip", ["netns", "add", this.netns]);
    if (r.status !== 0) throw new Error(`ip netns add ${this.netns} failed: ${r.stderr}`);
    sh("ip", ["-n", this.netns, "link", "set", "lo", "up"]);
    this.opts.setupNetns?.(this.netns);
    const out = openSync(join(this.dir, "charon.out"), "w");
    const child = spawn(
      "ip",
      [
        "netns",
        "exec",
        this.netns,
        "unshare",
        "-m",
        "--propagation",
        "private",
        "sh",
        "-c",
        `mount --bind '${join(this.dir, "run")}' /run && exec ${CHARON}`,
      ],
      { env: { ...process.env, STRONGSWAN_CONF: conf }, stdio: ["ignore", out, out], detached: true },
    );
    closeSync(out);
    child.unref();
    // ip netns exec, unshare and sh all exec: the child's pid is charon's pid
    this.pid = child.pid ?? 0;
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 15_000);
    while (Date.now() < deadline) {
      if (existsSync(this.vici) && this.swanctl(["--stats"], 5_000).status === 0) return;
      if (child.exitCode !== null) break;
      await sleep(50);
    }
    throw new Error(`charon ${this.name} did not start\n${this.describeFailure()}`);
  }

  /** Run swanctl against this daemon's vici socket (from outside the namespaces). */
  swanctl(args: string[], timeout = CALL_TIMEOUT_MS): SwanctlResult {
    const r = sh(SWANCTL, [...args, "--uri", `unix://${this.vici}`], timeout);
    return {
      status: r.status,
      stdout: r.stdout ?? "",
      stderr: `${r.stderr ?? ""}${r.error ? String(r.error) : ""}`,
    };
  }

  /** Like swanctl(), but a non-zero exit throws with the relevant charon log lines. */
  swanctlOk(args: string[], timeout = CALL_TIMEOUT_MS): SwanctlResult {
    const r = this.swanctl(args, timeout);
    if (r.status !== 0)
      throw new Error(
        `swanctl ${args.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}\n${this.describeFailure()}`,
      );
    return r;
  }

  /** `swanctl --load-creds --clear` from a swanctl folder (x509/, x509ca/, private/ beside swanctl.conf). */
  loadCreds(dir: string): SwanctlResult {
    const conf = join(dir, "swanctl.conf");
    if (!existsSync(conf)) writeFileSync(conf, "");
    return this.swanctlOk(["--load-creds", "--clear", "--noprompt", "--file", conf]);
  }

  /**
   * Every loaded certificate charon finds for this identity (`swanctl --list-certs --subject ID`).
   * vici drops a string value that is not printable ASCII (vici_message.c `vget_str` checks
   * `chunk_printable` and returns the default), so such a subject would silently list EVERY
   * certificate: refused here. Ask `asn1dn:#<hex>` instead.
   */
  listCerts(idText: string): ListedCertificate[] {
    if (!isViciPrintable(idText))
      throw new Error(`vici cannot carry the id ${JSON.stringify(idText)} (not printable ASCII)`);
    return parseListCerts(this.swanctlOk(["--list-certs", "--subject", idText]).stdout);
  }

  /** Serials (lowercase hex) of the loaded certificates charon finds for this identity. */
  hasIdentity(idText: string): { found: string[] } {
    return { found: this.listCerts(idText).map((c) => c.serial) };
  }

  /**
   * Batch mode: load the certificates once (a folder, or files copied into a fresh swanctl folder),
   * then ask every id once. Returns, per id, the serials charon lists for it. One swanctl call per id
   * (about 40 ms), independent of the number of certificates.
   */
  hasIdentities(certFiles: string[] | string, ids: string[]): Map<string, string[]> {
    if (typeof certFiles === "string") this.loadCreds(certFiles);
    else {
      const folder = mkdtempSync(join(this.dir, "creds-"));
      mkdirSync(join(folder, "x509"));
      certFiles.forEach((f, i) => {
        writeFileSync(join(folder, "x509", `c${i}.pem`), readFileSync(f));
      });
      this.loadCreds(folder);
    }
    const out = new Map<string, string[]>();
    for (const id of ids) out.set(id, this.hasIdentity(id).found);
    return out;
  }

  log(): string[] {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8").split("\n").filter(Boolean) : [];
  }

  /** The log lines that usually explain a failure, plus the daemon's own stdout/stderr. */
  describeFailure(): string {
    const lines = this.log();
    const important = lines.filter((l) =>
      /fail|error|no |not |unable|invalid|reject|constraint|unmet|loading|unacceptable/i.test(l),
    );
    const outFile = join(this.dir, "charon.out");
    const out = existsSync(outFile) ? readFileSync(outFile, "utf8").trim() : "";
    return [
      `--- charon ${this.name} (pid ${this.pid}) log, relevant lines:`,
      ...important.slice(-40),
      "--- last lines:",
      ...lines.slice(-15),
      ...(out ? ["--- stdout/stderr:", out] : []),
    ].join("\n");
  }

  /** Kill by PID (SIGTERM, then SIGKILL), delete the namespace and the temp folder. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    if (this.pid > 0) {
      try {
        process.kill(this.pid, "SIGTERM");
        const deadline = Date.now() + 3_000;
        while (Date.now() < deadline && alive(this.pid)) spawnSync("sleep", ["0.05"]);
        if (alive(this.pid)) process.kill(this.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    sh("ip", ["netns", "del", this.netns]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What vici's chunk_printable accepts: bytes 0x20..0x7e (C locale isprint). */
export function isViciPrintable(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \([^)]*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Safety net: a test run that dies without afterAll still kills its daemons and namespaces. */
process.once("exit", () => {
  for (const c of [...live]) c.stop();
});

/** Namespaces helpers shared with ike.ts. */
export function ipIn(netns: string, args: string[]): void {
  const r = sh("ip", ["-n", netns, ...args]);
  if (r.status !== 0) throw new Error(`ip -n ${netns} ${args.join(" ")} failed: ${r.stderr}`);
}
