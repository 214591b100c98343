/**
 * A small, self-contained two-charon IKEv2 runner for the size tier.
 *
 * TO BE MERGED into the shared IKE oracle (`test/strongswan/ike.ts`, built by the ground-truth helper)
 * once that lands on main; it exists only because the oracle was not there when the size model was
 * calibrated. Each daemon runs in its own network namespace (`ikc-explain-<pid>-i|r`, joined by a veth
 * pair) and its own mount namespace (a private /run), with its own vici socket. Everything it starts is
 * stopped by PID and every namespace it made is deleted in `close()`.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHARON, SWANCTL } from "./env.js";

const PLUGINS =
  "random nonce openssl pem pkcs1 pkcs8 x509 pubkey revocation constraints sha1 sha2 hmac gmp curve25519 aes kdf vici kernel-netlink socket-default";

export interface Side {
  /** files for x509/, x509ca/, private/: [name, bytes] */
  x509: Array<[string, Buffer]>;
  x509ca: Array<[string, Buffer]>;
  private: Array<[string, Buffer]>;
  /** the `connections.c { ... }` body lines for this side */
  conn: string;
  /** extra strongswan.conf lines inside `charon { }` */
  charon?: string;
}

export interface Exchange {
  initiatorLog: string;
  responderLog: string;
}

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: "pipe" });
}

export class TwoCharons {
  readonly ns: { i: string; r: string };
  readonly addr = { i: "10.213.0.1", r: "10.213.0.2" };
  private readonly dir: string;
  private procs: ChildProcess[] = [];

  constructor(dir: string) {
    this.dir = dir;
    const id = `ikc-explain-${process.pid}`;
    this.ns = { i: `${id}-i`, r: `${id}-r` };
    const vi = `ikx${process.pid}i`.slice(0, 15);
    const vr = `ikx${process.pid}r`.slice(0, 15);
    ip("netns", "add", this.ns.i);
    ip("netns", "add", this.ns.r);
    ip("link", "add", vi, "netns", this.ns.i, "type", "veth", "peer", "name", vr, "netns", this.ns.r);
    for (const [ns, dev, a] of [
      [this.ns.i, vi, this.addr.i],
      [this.ns.r, vr, this.addr.r],
    ] as const) {
      ip("-n", ns, "addr", "add", `${a}/24`, "dev", dev);
      ip("-n", ns, "link", "set", dev, "up");
      ip("-n", ns, "link", "set", "lo", "up");
    }
  }

  private async startSide(name: "i" | "r", side: Side, run: string): Promise<string> {
    const d = join(run, name);
    for (const sub of ["x509", "x509ca", "private", "run"]) mkdirSync(join(d, sub), { recursive: true });
    for (const sub of ["x509", "x509ca", "private"] as const)
      for (const [f, b] of side[sub]) writeFileSync(join(d, sub, f), b);
    const vici = join(d, "vici.sock");
    writeFileSync(
      join(d, "strongswan.conf"),
      `charon {
  load = ${PLUGINS}
  install_routes = no
  retransmit_tries = 2
  retransmit_timeout = 1
  ${side.charon ?? ""}
  filelog {
    main {
      path = ${join(d, "charon.log")}
      default = 1
      net = 1
      enc = 1
      ike = 1
      cfg = 2
      ike_name = yes
    }
  }
  plugins {
    vici {
      socket = unix://${vici}
    }
  }
}
`,
    );
    writeFileSync(join(d, "swanctl.conf"), `connections {\n  c {\n${side.conn}\n  }\n}\n`);
    const p = spawn(
      "ip",
      [
        "netns",
        "exec",
        this.ns[name],
        "unshare",
        "-m",
        "sh",
        "-c",
        `mount --bind '${join(d, "run")}' /run && exec ${CHARON}`,
      ],
      { env: { ...process.env, STRONGSWAN_CONF: join(d, "strongswan.conf") }, stdio: "ignore" },
    );
    this.procs.push(p);
    for (let i = 0; i < 100 && !existsSync(vici); i++) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(vici)) throw new Error(`charon ${name} did not start`);
    const r = spawnSync(
      SWANCTL,
      ["--load-all", "--noprompt", "--uri", `unix://${vici}`, "--file", join(d, "swanctl.conf")],
      { encoding: "utf8", timeout: 20_000 },
    );
    if (r.status !== 0) throw new Error(`swanctl --load-all (${name}) failed: ${r.stdout}${r.stderr}`);
    return vici;
  }

  /** Start both daemons, initiate `c` from the initiator, stop both, return their logs. */
  async exchange(label: string, initiator: Side, responder: Side, child: boolean): Promise<Exchange> {
    const run = join(this.dir, label);
    rmSync(run, { recursive: true, force: true });
    try {
      await this.startSide("r", responder, run);
      const vici = await this.startSide("i", initiator, run);
      spawnSync(
        SWANCTL,
        [
          "--initiate",
          "--uri",
          `unix://${vici}`,
          ...(child ? ["--child", "c"] : ["--ike", "c"]),
          "--timeout",
          "8",
        ],
        { encoding: "utf8", timeout: 20_000 },
      );
    } finally {
      await this.stop();
    }
    return {
      initiatorLog: readFileSync(join(run, "i", "charon.log"), "utf8"),
      responderLog: readFileSync(join(run, "r", "charon.log"), "utf8"),
    };
  }

  private async stop(): Promise<void> {
    const procs = this.procs;
    this.procs = [];
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            const t = setTimeout(() => p.kill("SIGKILL"), 3000);
            p.once("exit", () => {
              clearTimeout(t);
              resolve();
            });
            p.kill("SIGTERM");
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await this.stop();
    for (const ns of [this.ns.i, this.ns.r]) spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
  }
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
