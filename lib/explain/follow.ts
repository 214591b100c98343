/**
 * `ikecert live --follow`: the daemon's `log` and `ike-updown` events, turned into the same
 * explanations `ikecert explain --log` gives for the same log. Pure: events and a clock in,
 * explanations out; the CLI feeds it from the VICI client.
 *
 * The lines are rebuilt exactly as charon's file logger writes them without a time stamp
 * (`NN[GRP] <name|id> message`, or `<id>` while the IKE_SA has no config yet: file_logger.c), so
 * `explainLog` reads them as it reads a log file. They are kept per IKE_SA (its unique id); an
 * IKE_SA is explained once charon has reported it down (`ike-updown` without `up`) or up (what went
 * wrong before) and its lines have settled, when it has logged a failure and then stayed quiet for
 * `quietMs` (charon raises no event for an initiator that gives up while connecting: ike_sa.c only
 * calls ike_updown outside IKE_CONNECTING), and at the end. The vici plugin sends log messages up
 * to level 1 only (vici_logger.c get_level returns LEVEL_CTRL): a file log at level 1 holds the same
 * lines. It queues them for a worker thread (vici_logger.c queue_message) while it raises
 * `ike-updown` at once, so the event can arrive before the last lines of its IKE_SA: hence the
 * settling (`settleMs` without a new line) before an IKE_SA reported up or down is explained.
 *
 * Bounded: at most `maxSas` IKE_SAs are followed at once (the one quiet for longest is explained
 * and dropped first) and `maxLinesPerSa` lines each (older lines are dropped).
 */
import type { ViciLog } from "../vici/messages.js";
import { explainLine, explainLog, type LogExplanation } from "./index.js";

/** One `log` event of the daemon (subsystem, level, thread, IKE_SA name and unique id, message). */
export type FollowLog = ViciLog;

export interface FollowSa {
  name: string;
  uniqueid: number;
  state?: string;
  localHost?: string;
  localId?: string;
  remoteHost?: string;
  remoteId?: string;
}

export type FollowEvent =
  | { type: "ike-up"; sa: FollowSa }
  | { type: "ike-down"; sa: FollowSa }
  | {
      type: "explained";
      /** why it was explained now */
      trigger: "down" | "up" | "quiet" | "end" | "evicted" | "no-ike-sa";
      ikeSa: number | null;
      connection: string | null;
      /** the lines explained (as charon's file log writes them) */
      lines: string[];
      explanation: LogExplanation;
    };

export interface FollowOptions {
  maxSas?: number;
  maxLinesPerSa?: number;
  /** explain an IKE_SA that logged a failure and then nothing for this long (default 3 s) */
  quietMs?: number;
  /** after ike-updown, wait this long without a line of that IKE_SA before explaining (default 500 ms) */
  settleMs?: number;
}

/** charon's file-log form of one log message (one line per line of the message). */
export function logLines(l: FollowLog): string[] {
  const thread = String(Math.max(0, l.thread)).padStart(2, "0");
  const name =
    l.ikeSaUniqueId === undefined
      ? ""
      : l.ikeSaName && l.ikeSaName !== "(unnamed)"
        ? ` <${l.ikeSaName}|${l.ikeSaUniqueId}>`
        : ` <${l.ikeSaUniqueId}>`;
  return l.msg.split("\n").map((m) => `${thread}[${l.group}]${name} ${m}`);
}

interface Tracked {
  id: number;
  name: string | null;
  lines: string[];
  last: number;
  failed: boolean;
  /** reported up or down by ike-updown, waiting for its last lines */
  reported: { up: boolean; at: number } | null;
}

export class LogFollower {
  private readonly sas = new Map<number, Tracked>();
  private readonly maxSas: number;
  private readonly maxLines: number;
  private readonly quietMs: number;
  private readonly settleMs: number;

  constructor(opts: FollowOptions = {}) {
    this.maxSas = opts.maxSas ?? 256;
    this.maxLines = opts.maxLinesPerSa ?? 500;
    this.quietMs = opts.quietMs ?? 3000;
    this.settleMs = opts.settleMs ?? 500;
  }

  /** how many IKE_SAs are being followed */
  get following(): number {
    return this.sas.size;
  }

  log(l: FollowLog, now: number): FollowEvent[] {
    const lines = logLines(l);
    if (l.ikeSaUniqueId === undefined) {
      // a line outside any IKE_SA is explained on its own
      const explanation = explainLog(lines.join("\n"));
      return explanation.entries.some((e) => e.kind === "failure")
        ? [{ type: "explained", trigger: "no-ike-sa", ikeSa: null, connection: null, lines, explanation }]
        : [];
    }
    const out: FollowEvent[] = [];
    let t = this.sas.get(l.ikeSaUniqueId);
    if (!t) {
      if (this.sas.size >= this.maxSas) out.push(...this.evictOldest());
      t = { id: l.ikeSaUniqueId, name: null, lines: [], last: now, failed: false, reported: null };
      this.sas.set(t.id, t);
    }
    if (l.ikeSaName && l.ikeSaName !== "(unnamed)") t.name = l.ikeSaName;
    t.lines.push(...lines);
    if (t.lines.length > this.maxLines) t.lines.splice(0, t.lines.length - this.maxLines);
    t.last = now;
    if (!t.failed) t.failed = lines.some((x) => explainLine(x).kind === "failure");
    return out;
  }

  /** an ike-updown event: reported at once; the IKE_SA's lines are explained once they settled (tick) */
  updown(up: boolean, sa: FollowSa | null, now: number): FollowEvent[] {
    if (!sa) return [];
    const out: FollowEvent[] = [];
    let t = this.sas.get(sa.uniqueid);
    if (!t && !up) {
      // its lines may still be on their way
      if (this.sas.size >= this.maxSas) out.push(...this.evictOldest());
      t = { id: sa.uniqueid, name: null, lines: [], last: now, failed: false, reported: null };
      this.sas.set(t.id, t);
    }
    if (t) {
      if (!t.name && sa.name !== "(unnamed)") t.name = sa.name;
      t.reported = { up, at: now };
    }
    out.push({ type: up ? "ike-up" : "ike-down", sa });
    return out;
  }

  /**
   * Explain IKE_SAs reported up or down whose lines have settled, and those that logged a failure
   * and then stayed quiet for quietMs. Call it regularly (the CLI does, twice a second).
   */
  tick(now: number): FollowEvent[] {
    const out: FollowEvent[] = [];
    for (const t of [...this.sas.values()]) {
      const r = t.reported;
      if (r && now - Math.max(t.last, r.at) >= this.settleMs) {
        out.push(...this.explain(t, r.up ? "up" : "down"));
        if (r.up) {
          t.lines = [];
          t.reported = null;
        } else this.sas.delete(t.id);
      } else if (!r && t.failed && now - t.last >= this.quietMs) {
        out.push(...this.explain(t, "quiet"));
        this.sas.delete(t.id);
      }
    }
    return out;
  }

  /** at the end: explain every IKE_SA still followed */
  end(): FollowEvent[] {
    const out: FollowEvent[] = [];
    for (const t of [...this.sas.values()]) out.push(...this.explain(t, "end"));
    this.sas.clear();
    return out;
  }

  private evictOldest(): FollowEvent[] {
    // the one that has been quiet longest goes first
    let oldest: Tracked | null = null;
    for (const t of this.sas.values()) if (!oldest || t.last < oldest.last) oldest = t;
    if (!oldest) return [];
    this.sas.delete(oldest.id);
    return this.explain(oldest, "evicted");
  }

  private explain(t: Tracked, trigger: "down" | "up" | "quiet" | "end" | "evicted"): FollowEvent[] {
    if (t.lines.length === 0) return [];
    const explanation = explainLog(t.lines.join("\n"));
    t.failed = false;
    if (explanation.entries.length === 0) return [];
    return [
      {
        type: "explained",
        trigger,
        ikeSa: t.id,
        connection: t.name,
        lines: [...t.lines],
        explanation,
      },
    ];
  }
}
