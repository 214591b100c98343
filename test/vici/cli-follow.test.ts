/**
 * `ikecert live --follow` as a user runs it, against the scripted VICI server (no strongSwan needed):
 * JSON Lines, SIGTERM (unregister, close, exit 0), a daemon that goes away (one line, exit 2).
 * The real daemon is followed in test/strongswan/live-follow.test.ts.
 */
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { PACKET } from "../../lib/index.js";
import { CLI } from "../cli-helper.js";
import { event, type FakeServer, fakeServer, response, scripted } from "./fake-server.js";

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const LINES = [
  [
    "CFG",
    "looking for peer configs matching 192.0.2.1[C=CH, O=Example VPN, CN=vpn.example.com]...192.0.2.100[bob@example.com]",
  ],
  ["CFG", "no matching peer config found"],
  ["ENC", "generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]"],
];

function startFollow(path: string) {
  const child = spawn(process.execPath, [CLI, "live", "--follow", "--json", "--vici", path], {
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const closed = new Promise<number | null>((r) => child.once("close", (c) => r(c)));
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
  };
  return { child, closed, out: () => stdout, err: () => stderr, until };
}

describe("live --follow against a scripted daemon", () => {
  it("writes JSON Lines, explains the failing IKE_SA, and unregisters on SIGTERM", async () => {
    let sock: import("node:net").Socket | null = null;
    server = await fakeServer(
      scripted({
        version: (_p, s) => {
          sock = s;
          s.write(response({ daemon: "charon", version: "5.9.8" }));
        },
      }),
    );
    const f = startFollow(server.path);
    await f.until(() => f.out().includes("\n"));
    // ike-updown first, then the queued log lines of the same IKE_SA, as charon sends them
    sock!.write(
      event("ike-updown", {
        "(unnamed)": { uniqueid: "3", state: "CONNECTING", "remote-host": "192.0.2.100" },
      }),
    );
    for (const [group, msg] of LINES)
      sock!.write(
        event("log", {
          group: group!,
          level: "1",
          thread: "12",
          "ikesa-name": "(unnamed)",
          "ikesa-uniqueid": "3",
          msg: msg!,
        }),
      );
    await f.until(() => f.out().includes('"explained"'));
    f.child.kill("SIGTERM");
    expect(await f.closed).toBe(0);
    expect(f.err()).toBe("");
    const events = f
      .out()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.event)).toEqual(["following", "ike-down", "explained"]);
    expect(events[0]).toMatchObject({
      ikecert: 1,
      command: "live",
      daemon: { name: "charon", version: "5.9.8" },
    });
    expect(events[2]).toMatchObject({ trigger: "down", ikeSa: 3, connection: null, ok: false });
    expect(events[2].entries.map((e: { message: string; faq: string }) => [e.message, e.faq])).toEqual([
      ["no matching peer config found", "no-matching-peer-config"],
    ]);
    const kinds = server.received.map((r) => `${r.type}:${r.name}`);
    expect(kinds).toEqual([
      `${PACKET.CMD_REQUEST}:version`,
      `${PACKET.EVENT_REGISTER}:log`,
      `${PACKET.EVENT_REGISTER}:ike-updown`,
      `${PACKET.EVENT_UNREGISTER}:log`,
      `${PACKET.EVENT_UNREGISTER}:ike-updown`,
    ]);
  });

  it("one line and exit 2 when the daemon goes away", async () => {
    let sock: import("node:net").Socket | null = null;
    server = await fakeServer(
      scripted({
        version: (_p, s) => {
          sock = s;
          s.write(response({ daemon: "charon", version: "5.9.8" }));
        },
      }),
    );
    const f = startFollow(server.path);
    await f.until(() => f.out().includes("\n"));
    sock!.destroy();
    expect(await f.closed).toBe(2);
    expect(f.err()).toMatch(/^ikecert: \S+charon\.vici: charon closed the connection\n$/);
  });
});
