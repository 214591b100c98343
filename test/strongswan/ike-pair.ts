import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { Charon, ipIn, STOCK_PLUGINS_CONF } from "./charon.js";
import { type IkeSide, INITIATOR_ADDR, RESPONDER_ADDR, settle, writeSide } from "./ike.js";

/**
 * Two charons kept running for many exchanges (ike.ts starts a fresh pair per exchange): each case
 * writes both swanctl folders, loads them (`--load-all --clear`, which also unloads the previous
 * case's connections), initiates, and takes the log lines written since it began. Debian's stock
 * plugins plus kernel-libipsec (listed before kernel-netlink, so userspace ESP installs the
 * CHILD_SA this kernel cannot) with `policies = no` in the children.
 */

const LOG_LEVELS = { default: 1, cfg: 2, ike: 2, net: 1, enc: 1, knl: 0 };
const CHARON_CONF = [
  "  retransmit_tries = 2",
  "  retransmit_timeout = 0.5",
  "  retransmit_base = 1.4",
  STOCK_PLUGINS_CONF,
  "  plugins {\n    kernel-libipsec {\n      load = yes\n    }\n  }",
].join("\n");

export interface PairResult {
  established: boolean;
  initiatorLog: string[];
  responderLog: string[];
  /** the folders the case was written to (for reading them back with ikecert's loader) */
  initiatorDir: string;
  responderDir: string;
}

export class IkePair {
  private n = 0;
  private constructor(
    readonly ini: Charon,
    readonly res: Charon,
  ) {}

  static async start(charonConf = ""): Promise<IkePair> {
    const conf = { plugins: [], logLevels: LOG_LEVELS, charonConf: `${CHARON_CONF}\n${charonConf}` };
    const ini = await Charon.start({ ...conf, tag: "pi" });
    try {
      const res = await Charon.start({
        ...conf,
        tag: "pr",
        setupNetns: (ns) => {
          ipIn(ns, ["link", "add", "ikc1", "type", "veth", "peer", "name", "ikc0", "netns", ini.netns]);
          ipIn(ns, ["addr", "add", `${RESPONDER_ADDR}/24`, "dev", "ikc1"]);
          ipIn(ns, ["link", "set", "ikc1", "up"]);
          ipIn(ini.netns, ["addr", "add", `${INITIATOR_ADDR}/24`, "dev", "ikc0"]);
          ipIn(ini.netns, ["link", "set", "ikc0", "up"]);
        },
      });
      return new IkePair(ini, res);
    } catch (e) {
      ini.stop();
      throw e;
    }
  }

  /**
   * One setup: `name` is the connection (its child is `name` too when `child`); `after` runs
   * more swanctl commands on the initiator before the logs are taken (e.g. a rekeying).
   */
  async exchange(opts: {
    initiator: IkeSide;
    responder: IkeSide;
    name: string;
    child?: boolean;
    after?: (ini: Charon) => Promise<void>;
  }): Promise<PairResult> {
    this.n++;
    const iDir = mkdtempSync(join(this.ini.dir, `case${this.n}-`));
    const rDir = mkdtempSync(join(this.res.dir, `case${this.n}-`));
    writeSide(iDir, opts.initiator, "initiator", opts.name);
    writeSide(rDir, opts.responder, "responder", opts.name);
    const iMark = this.ini.log().length;
    const rMark = this.res.log().length;
    this.res.swanctlOk(["--load-all", "--clear", "--noprompt", "--file", join(rDir, "swanctl.conf")]);
    this.ini.swanctlOk(["--load-all", "--clear", "--noprompt", "--file", join(iDir, "swanctl.conf")]);
    this.ini.swanctl(["--initiate", opts.child ? "--child" : "--ike", opts.name, "--timeout", "10"], 15_000);
    await opts.after?.(this.ini);
    await settle(this.res);
    await settle(this.ini);
    const initiatorLog = this.ini.log().slice(iMark);
    const responderLog = this.res.log().slice(rMark);
    // close what came up, so the next case starts from nothing
    for (const c of [this.ini, this.res])
      c.swanctl(["--terminate", "--ike", opts.name, "--force", "--timeout", "2"]);
    await settle(this.res);
    return {
      established: initiatorLog.some(
        (l) => / IKE_SA \S+ established between /.test(l) || /IKE_SA .* established between/.test(l),
      ),
      initiatorLog,
      responderLog,
      initiatorDir: iDir,
      responderDir: rDir,
    };
  }

  stop(): void {
    this.ini.stop();
    this.res.stop();
  }
}

export interface LoggedMessage {
  exchange: string;
  kind: "request" | "response";
  /** payload names as charon lists them (`SA KE No N(NATD_S_IP) ...`) */
  payloads: string[];
  bytes: number;
  fragments: number;
}

/** Every message a daemon sent, in order, with the size charon logged (net 1, enc 1). */
export function loggedMessages(log: string[]): LoggedMessage[] {
  const out: LoggedMessage[] = [];
  for (let i = 0; i < log.length; i++) {
    const g = /generating (\S+) (request|response) \d+ \[ (.*) \]$/.exec(log[i]!);
    if (!g || g[3]!.startsWith("EF(")) continue;
    for (let j = i + 1; j < Math.min(log.length, i + 40); j++) {
      const split = /splitting IKE message \((\d+) bytes\) into (\d+) fragments/.exec(log[j]!);
      const sent = /sending packet: from \S+ to \S+ \((\d+) bytes\)/.exec(log[j]!);
      if (split || sent) {
        out.push({
          exchange: g[1]!,
          kind: g[2] as "request" | "response",
          payloads: g[3]!.split(" "),
          bytes: Number(split ? split[1] : sent![1]),
          fragments: split ? Number(split[2]) : 1,
        });
        break;
      }
    }
  }
  return out;
}
