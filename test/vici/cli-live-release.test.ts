/**
 * Whose rules `ikecert live` applies, against the scripted VICI server (no strongSwan needed): the
 * running daemon's release (source "daemon"), unless --strongswan or IKECERT_STRONGSWAN names one;
 * never the strongSwan installed on this machine, which may not be the one running.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../cli-helper.js";
import { type FakeServer, fakeServer, response, scripted } from "./fake-server.js";

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const CONFIG = "certs-fixtures/sample";

async function daemon(version: string): Promise<FakeServer> {
  server = await fakeServer(
    scripted({ version: (_p, s) => s.write(response({ daemon: "charon", version, sysname: "Linux" })) }),
  );
  return server;
}

interface LiveJson {
  strongswan: { release: string; source: string; from?: string; note?: string };
  result: { release: { text: string; from: string } };
}

async function live(path: string, args: string[], env: Record<string, string | undefined>) {
  const r = await runCli(["live", "--vici", path, "--config", CONFIG, ...args], { env });
  return { ...r, json: args.includes("--json") ? (JSON.parse(r.stdout) as LiveJson) : null };
}

describe("live: whose rules apply", () => {
  it("the daemon's release when nothing names one", async () => {
    const s = await daemon("5.9.8");
    const r = await live(s.path, ["--json"], { IKECERT_STRONGSWAN: undefined });
    expect(r.json!.strongswan).toEqual({
      release: "5.9.8",
      source: "daemon",
      from: `charon 5.9.8 at ${s.path}`,
    });
    expect(r.json!.result.release).toMatchObject({ text: "5.9.8", from: "daemon" });
    const text = await live(s.path, [], { IKECERT_STRONGSWAN: undefined });
    expect(text.stdout).toMatch(/\nrelease: +5\.9\.8 \(as the daemon reports it\)\n/);
  });

  it("a daemon of a release past the covered ones: the newest rules, with the note", async () => {
    const s = await daemon("6.1.0");
    const r = await live(s.path, ["--json"], { IKECERT_STRONGSWAN: undefined });
    expect(r.json!.strongswan).toMatchObject({ release: "6.1.0", source: "daemon" });
    expect(r.json!.strongswan.note).toMatch(/^6\.1\.0 is newer than the rules cover/);
  });

  it("IKECERT_STRONGSWAN, then --strongswan, name a build instead", async () => {
    const s = await daemon("5.9.8");
    const byVariable = await live(s.path, ["--json"], { IKECERT_STRONGSWAN: "5.9.8-5+deb12u6" });
    expect(byVariable.json!.strongswan).toEqual({ release: "5.9.8-5+deb12u6", source: "variable" });
    expect(byVariable.json!.result.release).toMatchObject({ text: "5.9.8-5+deb12u6", from: "variable" });
    const text = await live(s.path, [], { IKECERT_STRONGSWAN: "5.9.8-5+deb12u6" });
    expect(text.stdout).toMatch(/\nrelease: +5\.9\.8-5\+deb12u6 \(IKECERT_STRONGSWAN\)\n/);
    const byOption = await live(s.path, ["--json", "--strongswan", "6.0"], { IKECERT_STRONGSWAN: "5.9.8" });
    expect(byOption.json!.strongswan).toMatchObject({ release: "6.0", source: "option" });
    expect(byOption.json!.result.release).toMatchObject({ text: "6.0", from: "option" });
  });
});
