import {
  type FollowEvent,
  type FollowSa,
  IkecertError,
  LogFollower,
  parseIkeUpdown,
  parseLog,
  type ViciClient,
  type ViciIkeSa,
} from "../../lib/index.js";
import { paint } from "../render.js";
import { renderEntry } from "./explain.js";

export interface FollowCliOptions {
  json?: boolean;
  /** explain an IKE_SA that logged a failure and then stayed quiet this long (ms) */
  quietMs: number;
}

function saOf(sa: ViciIkeSa): FollowSa {
  return {
    name: sa.name,
    uniqueid: sa.uniqueid,
    state: sa.state,
    ...(sa.localHost ? { localHost: sa.localHost } : {}),
    ...(sa.localId ? { localId: sa.localId } : {}),
    ...(sa.remoteHost ? { remoteHost: sa.remoteHost } : {}),
    ...(sa.remoteId ? { remoteId: sa.remoteId } : {}),
  };
}

const saText = (s: FollowSa) =>
  `${s.name === "(unnamed)" ? `#${s.uniqueid}` : `${s.name}[${s.uniqueid}]`} ${s.localHost ?? "?"}[${s.localId ?? "?"}] <=> ${s.remoteHost ?? "?"}[${s.remoteId ?? "?"}]`;

export function renderFollowEvent(e: FollowEvent): string {
  if (e.type === "ike-up") return `${paint("up", "green")}    IKE_SA ${saText(e.sa)}\n`;
  if (e.type === "ike-down") return `${paint("down", "yellow")}  IKE_SA ${saText(e.sa)}\n`;
  const entries = e.explanation.entries;
  const failures = entries.filter((x) => x.kind === "failure").length;
  const head = `${failures ? paint("FAIL", "red") : paint("WARN", "yellow")}  ${e.ikeSa === null ? "no IKE_SA" : `IKE_SA ${e.connection ? `${e.connection}[${e.ikeSa}]` : `#${e.ikeSa}`}`}: ${failures} failure(s), ${entries.length - failures} warning(s)`;
  return `${head}\n${entries.map((x, i) => renderEntry(x, i + 1)).join("\n")}\n`;
}

export function followJson(e: FollowEvent): string {
  const base = { ikecert: 1, command: "live" };
  if (e.type === "explained")
    return `${JSON.stringify({
      ...base,
      event: "explained",
      trigger: e.trigger,
      ikeSa: e.ikeSa,
      connection: e.connection,
      ok: !e.explanation.entries.some((x) => x.kind === "failure"),
      entries: e.explanation.entries,
    })}\n`;
  return `${JSON.stringify({ ...base, event: e.type, sa: e.sa })}\n`;
}

/**
 * Follow the daemon until SIGINT/SIGTERM (then unregister, close, resolve) or until the daemon
 * closes the connection (then reject with a one-line error).
 */
export async function followLive(
  client: ViciClient,
  o: FollowCliOptions,
  daemon: { name: string; version: string } | null,
): Promise<void> {
  const follower = new LogFollower({ quietMs: o.quietMs });
  const write = (events: FollowEvent[]) => {
    for (const e of events) process.stdout.write(o.json ? followJson(e) : renderFollowEvent(e));
  };
  let stopping = false;
  const done = new Promise<void>((resolve, reject) => {
    client.onEvent((name, msg) => {
      const now = Date.now();
      if (name === "log") write(follower.log(parseLog(msg), now));
      else if (name === "ike-updown") {
        const u = parseIkeUpdown(msg);
        write(follower.updown(u.up, u.sa ? saOf(u.sa) : null, now));
      }
    });
    client.onClose((err) => {
      write(follower.end());
      if (stopping) resolve();
      else
        reject(err ?? new IkecertError("VICI_UNAVAILABLE", `${client.path}: charon closed the connection`));
    });
    const stop = () => {
      if (stopping) return;
      stopping = true;
      const close = () => client.close();
      // unregister politely, but never hang on a daemon that stopped answering
      const t = setTimeout(close, 2000);
      Promise.allSettled([client.unregister("log"), client.unregister("ike-updown")]).then(() => {
        clearTimeout(t);
        close();
      });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await client.register("log");
  await client.register("ike-updown");
  if (o.json)
    process.stdout.write(
      `${JSON.stringify({ ikecert: 1, command: "live", event: "following", socket: client.path, daemon })}\n`,
    );
  else
    process.stdout.write(
      `following ${daemon ? `${daemon.name} ${daemon.version}` : "charon"} at ${client.path} (log, ike-updown); Ctrl-C to stop\n`,
    );
  const tick = setInterval(() => write(follower.tick(Date.now())), 200);
  try {
    await done;
  } finally {
    clearInterval(tick);
  }
}
