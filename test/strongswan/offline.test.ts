import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, ROOT } from "../cli-helper.js";
import { everyCommand, SAMPLE_LOG } from "../every-command.js";
import { needs } from "../needs.js";

/**
 * Issue 10: ikecert never needs the network (no AIA, OCSP, CRL or DNS). Every command runs once
 * normally and once inside a fresh network namespace (`unshare -n`: only a loopback that is down, no
 * route, no resolver reachable); stdout, stderr and the exit code must be byte-identical.
 */
const run = needs("offline (network namespace)", ["unshare", "ip"], {
  namespaces: true,
});

describe.runIf(run)("offline: every command gives the same answer without any network", () => {
  const work = mkdtempSync(join(tmpdir(), `ikc-robust-${process.pid}-offline-`));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const fx = join(work, "certs-fixtures");
  cpSync(join(ROOT, "certs-fixtures"), fx, { recursive: true });
  writeFileSync(join(work, "charon-robust.log"), SAMPLE_LOG);

  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.IKECERT_PASSPHRASE;
  delete env.FORCE_COLOR;
  const exec = (prefix: string[], args: string[], extra?: Record<string, string>, input?: string) => {
    const argv = [...prefix, process.execPath, CLI, ...args];
    const r = spawnSync(argv[0]!, argv.slice(1), {
      cwd: work,
      env: { ...env, ...extra },
      input: input ?? "",
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
  };

  it("the namespace really has no network: no interface up, no address but nothing routable", () => {
    const links = spawnSync("unshare", ["-n", "ip", "-o", "link"], { encoding: "utf8" });
    expect(links.status).toBe(0);
    const lines = links.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^1: lo: <LOOPBACK>/);
    expect(lines[0]).not.toMatch(/[<,]UP[,>]/);
    const route = spawnSync("unshare", ["-n", "ip", "route", "get", "192.0.2.1"], { encoding: "utf8" });
    expect(route.status).not.toBe(0);
    expect(route.stderr).toMatch(/unreachable/i);
  });

  it.each(everyCommand(fx, join(fx, "keys/PASSPHRASE.txt")).map((i) => [i.name, i] as const))(
    "%s",
    (_n, inv) => {
      const online = exec([], inv.args, inv.env, inv.input);
      const offline = exec(["unshare", "-n"], inv.args, inv.env, inv.input);
      expect(online.code, online.stderr).not.toBe(2);
      expect(online.stdout.length).toBeGreaterThan(0);
      expect(offline).toEqual(online);
    },
    120_000,
  );
});
