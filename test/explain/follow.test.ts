/**
 * The follower behind `ikecert live --follow` (lib/explain/follow.ts): log events in, the
 * explanations `explainLog` gives for the same lines out. The messages are a real charon 5.9.8
 * responder's (test/strongswan/live-follow.test.ts compares with the daemon itself).
 */
import { describe, expect, it } from "vitest";
import { explainLog, type FollowEvent, type FollowLog, LogFollower, logLines } from "../../lib/index.js";

/** charon 5.9.8, responder: bob asks for the gateway's DN, no connection has it */
const NO_PEER: FollowLog[] = [
  {
    group: "NET",
    level: 1,
    thread: 10,
    ikeSaUniqueId: 3,
    ikeSaName: "(unnamed)",
    msg: "received packet: from 192.0.2.100[4500] to 192.0.2.1[4500] (912 bytes)",
  },
  {
    group: "ENC",
    level: 1,
    thread: 10,
    ikeSaUniqueId: 3,
    ikeSaName: "(unnamed)",
    msg: "parsed IKE_AUTH request 1 [ IDi CERT N(INIT_CONTACT) CERTREQ IDr AUTH N(MOBIKE_SUP) N(NO_ADD_ADDR) N(MULT_AUTH) N(EAP_ONLY) N(MSG_ID_SYN_SUP) ]",
  },
  {
    group: "IKE",
    level: 1,
    thread: 10,
    ikeSaUniqueId: 3,
    ikeSaName: "(unnamed)",
    msg: 'received cert request for "C=CH, O=Example VPN, CN=Example VPN Root CA"',
  },
  {
    group: "IKE",
    level: 1,
    thread: 10,
    ikeSaUniqueId: 3,
    ikeSaName: "(unnamed)",
    msg: 'received end entity cert "C=CH, O=Example VPN, OU=Road Warriors, CN=bob@example.com"',
  },
  {
    group: "CFG",
    level: 1,
    thread: 10,
    ikeSaUniqueId: 3,
    ikeSaName: "(unnamed)",
    msg: "looking for peer configs matching 192.0.2.1[C=CH, O=Example VPN, CN=vpn.example.com]...192.0.2.100[bob@example.com]",
  },
  {
    group: "CFG",
    level: 1,
    thread: 10,
    ikeSaUniqueId: 3,
    ikeSaName: "(unnamed)",
    msg: "no matching peer config found",
  },
  {
    group: "ENC",
    level: 1,
    thread: 10,
    ikeSaUniqueId: 3,
    ikeSaName: "(unnamed)",
    msg: "generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
  },
];
const SA = { name: "(unnamed)", uniqueid: 3, localHost: "192.0.2.1", remoteHost: "192.0.2.100" };

const explained = (evs: FollowEvent[]) => evs.filter((e) => e.type === "explained");

describe("log lines as charon's file logger writes them", () => {
  it("prefixes thread, group and IKE_SA the way file_logger.c does", () => {
    expect(
      logLines({
        group: "CFG",
        level: 1,
        thread: 5,
        ikeSaName: "rw",
        ikeSaUniqueId: 12,
        msg: "selected peer config 'rw'",
      }),
    ).toEqual(["05[CFG] <rw|12> selected peer config 'rw'"]);
    // no config yet: only the unique id
    expect(logLines(NO_PEER[5]!)).toEqual(["10[CFG] <3> no matching peer config found"]);
    // outside an IKE_SA; a message of several lines gets the prefix on each
    expect(logLines({ group: "DMN", level: 0, thread: 0, msg: "a\nb" })).toEqual(["00[DMN] a", "00[DMN] b"]);
  });
});

describe("LogFollower", () => {
  it("explains an IKE_SA reported down once its lines settled, exactly as explainLog on them", () => {
    const f = new LogFollower({ settleMs: 500 });
    // ike-updown is raised at once, the log lines are queued: the event may come first
    expect(f.updown(false, SA, 1000)).toEqual([{ type: "ike-down", sa: SA }]);
    for (const [i, l] of NO_PEER.entries()) expect(f.log(l, 1001 + i)).toEqual([]);
    expect(f.tick(1300)).toEqual([]);
    const out = explained(f.tick(1600));
    expect(out).toHaveLength(1);
    const e = out[0]!;
    if (e.type !== "explained") throw new Error("unreachable");
    expect(e).toMatchObject({ trigger: "down", ikeSa: 3, connection: null });
    expect(e.explanation).toEqual(explainLog(NO_PEER.flatMap(logLines).join("\n")));
    expect(e.explanation.entries.map((x) => x.message)).toEqual(["no matching peer config found"]);
    expect(f.following).toBe(0);
    expect(f.end()).toEqual([]);
  });

  it("explains an IKE_SA that failed and then stayed quiet, without any event", () => {
    const f = new LogFollower({ quietMs: 3000 });
    for (const [i, l] of NO_PEER.entries()) f.log(l, i);
    expect(f.tick(2000)).toEqual([]);
    expect(explained(f.tick(3006))).toHaveLength(1);
  });

  it("says nothing about an IKE_SA that only succeeded", () => {
    const f = new LogFollower({ quietMs: 10 });
    f.log(
      {
        group: "IKE",
        level: 0,
        thread: 3,
        ikeSaName: "home",
        ikeSaUniqueId: 2,
        msg: "IKE_SA home[2] established between 192.0.2.100[bob@example.com]...192.0.2.1[vpn.example.com]",
      },
      0,
    );
    expect(f.updown(true, { name: "home", uniqueid: 2 }, 1)).toEqual([
      { type: "ike-up", sa: { name: "home", uniqueid: 2 } },
    ]);
    expect(f.tick(10_000)).toEqual([]);
    expect(f.following).toBe(1);
    expect(f.end()).toEqual([]);
  });

  it("explains a failing line outside any IKE_SA on its own", () => {
    const f = new LogFollower();
    const out = f.log({ group: "CFG", level: 1, thread: 4, msg: "no matching peer config found" }, 0);
    expect(explained(out)).toHaveLength(1);
  });

  it("follows a bounded number of IKE_SAs and lines", () => {
    const f = new LogFollower({ maxSas: 3, maxLinesPerSa: 4 });
    let evicted: FollowEvent[] = [];
    for (let id = 1; id <= 5; id++)
      for (const [i, l] of NO_PEER.entries())
        evicted = evicted.concat(f.log({ ...l, ikeSaUniqueId: id }, id * 100 + i));
    expect(f.following).toBe(3);
    // the two that were quiet longest were explained when they were dropped
    expect(
      explained(evicted).map((e) => (e.type === "explained" ? [e.ikeSa, e.trigger, e.lines.length] : null)),
    ).toEqual([
      [1, "evicted", 4],
      [2, "evicted", 4],
    ]);
    expect(explained(f.end()).map((e) => (e.type === "explained" ? e.ikeSa : null))).toEqual([3, 4, 5]);
  });
});
