/**
 * Ground truth for `ikecert live --follow` and for what `live` says about IKE_SAs: two private
 * charons over a veth pair, the sample gateway (certs-fixtures/sample, 192.0.2.1) and road warrior
 * bob (certs-fixtures/handshake/road-warrior, 192.0.2.100).
 * - `--follow` on both daemons while bob asks for the gateway's DN (`by-dn`: no matching peer
 *   config): its explanations equal `ikecert explain --log` on the same daemon's log file;
 * - the gateway's certificate renewed and only `swanctl --load-creds` run: the connection still
 *   holds the old certificate, whose key is gone, and charon signs with the new one;
 * - the README's examples of `live` and `live --follow` are this gateway's real output
 *   (`IKECERT_UPDATE_README=1` rewrites them; paths are shown as on a real gateway).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExplainEntry, explainLog } from "../../lib/index.js";
import { CLI, ROOT, runCli } from "../cli-helper.js";
import type { Charon } from "./charon.js";
import { CHARON, NAMESPACE_TOOLS, SWANCTL, tierAvailable } from "./env.js";
import { settle, startPair } from "./ike.js";

/** The CLI with the running daemon's rules (the test environment's IKECERT_STRONGSWAN would win). */
const liveCli = (args: string[], o: Parameters<typeof runCli>[1] = {}) =>
  runCli(args, { ...o, env: { IKECERT_STRONGSWAN: undefined, ...o.env } });

const run = tierAvailable("live --follow", [CHARON, SWANCTL, ...NAMESPACE_TOOLS], { namespaces: true });

const GW_ADDR = "192.0.2.1";
const RW_ADDR = "192.0.2.100";
const README = join(ROOT, "README.md");
const SHOWN_SOCKET = "/var/run/charon.vici";
const SHOWN_CONFIG = "/etc/swanctl";

/** `ikecert live --follow` on a daemon, until stop() sends SIGINT. */
function follow(
  c: Charon,
  json: boolean,
): { ready: Promise<void>; stop: () => Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [CLI, "live", "--follow", "--quiet", "1", "--vici", c.vici, ...(json ? ["--json"] : [])],
    { env: { ...process.env, NO_COLOR: "1", COLUMNS: "100", IKECERT_STRONGSWAN: "" } },
  );
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      if (stdout.includes("\n")) resolve();
    });
    child.once("exit", () => reject(new Error(`live --follow exited early: ${stderr}`)));
  });
  const closed = new Promise<number | null>((r) => child.once("close", (code) => r(code)));
  return {
    ready,
    stop: async () => {
      child.kill("SIGINT");
      const code = await closed;
      return { code, stdout, stderr };
    },
  };
}

const logText = (c: Charon) =>
  c
    .log()
    .map((l) => l.replace(/^\d\d:\d\d:\d\d /, ""))
    .join("\n");

/** charon's worker thread numbers (`12[CFG]`) differ from run to run; nothing else may. */
const threadless = (s: string) => s.replace(/\b\d{2}\[([A-Z]{3})\]/g, "NN[$1]");

/** Replace a README block `<!-- live: NAME -->` with `text`, or say whether it is the same. */
function readmeBlock(name: string, text: string): { same: boolean; current: string | null } {
  const readme = readFileSync(README, "utf8");
  const re = new RegExp(`(<!-- live: ${name} -->\\n\`\`\`text\\n)([\\s\\S]*?)(\`\`\`)`);
  const m = re.exec(readme);
  if (process.env.IKECERT_UPDATE_README === "1" && m) {
    writeFileSync(
      README,
      readme.replace(re, (_w, a, _b, c) => `${a}${text}${c}`),
    );
    return { same: true, current: text };
  }
  return { same: m !== null && threadless(m[2]!) === threadless(text), current: m?.[2] ?? null };
}

describe.runIf(run)("ikecert live --follow and IKE_SAs against two private charons", () => {
  let rw: Charon;
  let gw: Charon;
  let gwDir: string;
  let rwDir: string;

  const shown = (s: string) => s.split(gw.vici).join(SHOWN_SOCKET).split(gwDir).join(SHOWN_CONFIG);

  beforeAll(async () => {
    ({ ini: rw, res: gw } = await startPair(
      { tag: "rw", charonConf: "  retransmit_tries = 2\n  retransmit_timeout = 0.5" },
      { tag: "gw" },
      [RW_ADDR, GW_ADDR],
    ));
    gwDir = mkdtempSync(join(gw.dir, "swanctl-"));
    rwDir = mkdtempSync(join(rw.dir, "swanctl-"));
    cpSync(join(ROOT, "certs-fixtures/sample"), gwDir, { recursive: true });
    cpSync(join(ROOT, "certs-fixtures/handshake/road-warrior"), rwDir, { recursive: true });
    gw.swanctlOk(["--load-all", "--noprompt", "--file", join(gwDir, "swanctl.conf")]);
    rw.swanctlOk(["--load-all", "--noprompt", "--file", join(rwDir, "swanctl.conf")]);
  });
  afterAll(() => {
    rw?.stop();
    gw?.stop();
  });

  it("README: `live` on the gateway with bob connected, after files changed on disk", async () => {
    const up = rw.swanctl(["--initiate", "--ike", "home", "--timeout", "10"], 20_000);
    expect(up.status, `${up.stdout}${up.stderr}`).toBe(0);
    cpSync(join(ROOT, "certs-fixtures/live/gateway-renewed.pem"), join(gwDir, "x509/gateway.pem"));
    cpSync(join(ROOT, "certs-fixtures/live/gateway-renewed.key"), join(gwDir, "private/gateway.key"));
    cpSync(join(ROOT, "certs-fixtures/live/partner-root.pem"), join(gwDir, "x509ca/partner-root.pem"));
    const conf = readFileSync(join(gwDir, "swanctl.conf"), "utf8");
    writeFileSync(
      join(gwDir, "swanctl.conf"),
      conf.replace("id = carol@example.com", "id = carol@example.org"),
    );
    unlinkSync(join(gwDir, "private/rw-rsa.key"));
    const r = await liveCli(["live", "--vici", gw.vici, "--config", gwDir, "--at", "2026-06-01"], {
      env: { COLUMNS: "100" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const text = `$ ikecert live --at 2026-06-01\n${shown(r.stdout)}(exit 1)\n`;
    expect(r.stdout).toMatch(
      /ESTABLISHED\s+rw\[1\] 192\.0\.2\.1\[vpn\.example\.com\] with "C=CH, O=Example VPN, CN=vpn\.example\.com" <= 192\.0\.2\.100\[bob@example\.com\] with "C=CH, O=Example VPN, OU=Road Warriors, CN=bob@example\.com"/,
    );
    // put the gateway back as loaded before judging the README, so that a stale example does not
    // fail the tests after this one
    cpSync(join(ROOT, "certs-fixtures/sample"), gwDir, { recursive: true });
    unlinkSync(join(gwDir, "x509ca/partner-root.pem"));
    rw.swanctl(["--terminate", "--ike", "home", "--timeout", "5"], 15_000);
    const block = readmeBlock("gateway", text);
    expect(block.current, "README.md has a `<!-- live: gateway -->` block").not.toBeNull();
    expect(block.same, `README's live example is stale; rerun with IKECERT_UPDATE_README=1:\n${text}`).toBe(
      true,
    );
  });

  it("--follow explains each failing IKE_SA as explain --log does on the same log", async () => {
    await settle(gw);
    await settle(rw);
    const gwBefore = gw.log().length;
    const rwBefore = rw.log().length;
    const fg = follow(gw, true);
    const fr = follow(rw, true);
    await Promise.all([fg.ready, fr.ready]);
    const r = rw.swanctl(["--initiate", "--ike", "by-dn", "--timeout", "10"], 20_000);
    expect(r.status).not.toBe(0);
    await settle(gw);
    await settle(rw);
    await new Promise((res) => setTimeout(res, 1500));
    const [g, i] = await Promise.all([fg.stop(), fr.stop()]);
    for (const [who, out, c, before] of [
      ["gateway", g, gw, gwBefore],
      ["road warrior", i, rw, rwBefore],
    ] as const) {
      expect(out.code, `${who}: ${out.stderr}`).toBe(0);
      expect(out.stderr).toBe("");
      const events = out.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(events[0]).toMatchObject({ event: "following", daemon: { name: "charon", version: "5.9.8" } });
      const followed: ExplainEntry[] = events
        .filter((e) => e.event === "explained")
        .flatMap((e) => e.entries);
      const logged = explainLog(logText(c).split("\n").slice(before).join("\n")).entries;
      expect(followed.length, who).toBeGreaterThan(0);
      expect(followed, who).toEqual(logged);
    }
    const gwFailures = g.stdout.split("\n").filter((l) => l.includes('"explained"'));
    expect(gwFailures.join("\n")).toContain("no matching peer config found");
  });

  it("README: `live --follow` on the gateway while bob asks for its DN", async () => {
    const f = follow(gw, false);
    await f.ready;
    rw.swanctl(["--initiate", "--ike", "by-dn", "--timeout", "10"], 20_000);
    await settle(gw);
    await new Promise((res) => setTimeout(res, 1500));
    const out = await f.stop();
    expect(out.code).toBe(0);
    const text = `$ ikecert live --follow\n${shown(out.stdout)}^C\n`;
    expect(out.stdout).toMatch(/FAIL {2}IKE_SA #\d+: 1 failure\(s\)/);
    const block = readmeBlock("follow", text);
    expect(block.current, "README.md has a `<!-- live: follow -->` block").not.toBeNull();
    expect(block.same, `README's follow example is stale; rerun with IKECERT_UPDATE_README=1:\n${text}`).toBe(
      true,
    );
  });

  it("a renewed certificate with only --load-creds: charon signs with the new one; live names it on both ends", async () => {
    cpSync(join(ROOT, "certs-fixtures/live/gateway-renewed.pem"), join(gwDir, "x509/gateway.pem"));
    cpSync(join(ROOT, "certs-fixtures/live/gateway-renewed.key"), join(gwDir, "private/gateway.key"));
    gw.swanctlOk(["--load-creds", "--noprompt", "--file", join(gwDir, "swanctl.conf")]);
    const up = rw.swanctl(["--initiate", "--ike", "home", "--timeout", "10"], 20_000);
    expect(up.status, `${up.stdout}${up.stderr}\n${gw.describeFailure()}`).toBe(0);
    // the new key is ECDSA (the old one RSA): bob verified an ECDSA signature
    expect(
      rw
        .log()
        .some((l) => /authentication of 'vpn\.example\.com' with ECDSA_WITH_SHA256_DER successful/.test(l)),
    ).toBe(true);
    const onGw = JSON.parse((await liveCli(["live", "--vici", gw.vici, "--config", gwDir, "--json"])).stdout);
    const sa = onGw.result.sas.find(
      (s: { connection: string; state: string }) => s.connection === "rw" && s.state === "ESTABLISHED",
    );
    expect(sa.local).toMatchObject({ id: "vpn.example.com", certificateSerial: "1002" });
    const onRw = JSON.parse((await liveCli(["live", "--vici", rw.vici, "--config", rwDir, "--json"])).stdout);
    const rsa = onRw.result.sas.find((s: { connection: string }) => s.connection === "home");
    // bob's charon caches the gateway certificates it verified (list-certs lists the cache): the one
    // of the first exchange (1001) and the renewed one (1002); so live names no single one
    expect(rsa.remote).toMatchObject({ id: "vpn.example.com", certificate: null });
    expect(rsa.remote.candidates.map((c: { serial: string }) => c.serial).sort()).toEqual(["1001", "1002"]);
    expect(rsa.local).toMatchObject({
      id: "bob@example.com",
      certificate: "C=CH, O=Example VPN, OU=Road Warriors, CN=bob@example.com",
    });
  });
});
