import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configFormatOf, configFormatOfName } from "../../lib/config/format.js";
import { ROOT, runCli } from "../cli-helper.js";

/**
 * swanctl.conf or ipsec.conf by content (issue 13): an ipsec.conf kept under another name
 * (`moon.ipsec.conf`, `gateway.conf`) is read as ipsec.conf, and `--format` overrides.
 */
const FX = join(ROOT, "certs-fixtures");
const read = (p: string) => readFileSync(join(FX, p), "utf8");
const dir = mkdtempSync(join(tmpdir(), "ikc-format-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("configFormatOf", () => {
  it("tells the fixtures apart", () => {
    expect(configFormatOf(read("audit/ipsec/ipsec.conf"))).toBe("ipsec");
    expect(configFormatOf(read("audit/swanctl/swanctl.conf"))).toBe("swanctl");
    expect(configFormatOf(read("sample/swanctl.conf"))).toBe("swanctl");
  });

  it.each([
    ["config setup\n    charondebug=all\n", "ipsec"],
    ["# comment\nconn %default\n\tkeyexchange=ikev2\n", "ipsec"],
    ["ca strongswan\n  cacert=ca.pem\n  auto=add\n", "ipsec"],
    ["version 2\n", "ipsec"],
    ["connections {\n}\n", "swanctl"],
    ["secrets { ike-a { secret = x } }\n", "swanctl"],
    ["  pools{\n  }\n", "swanctl"],
    ["connections.rw.version = 2\n", null],
    ["# only a comment\ninclude conf.d/*.conf\n", null],
    ["", null],
    ["conn a\n  left=1.2.3.4\nconnections {\n}\n", null],
  ])("%j is %s", (text, format) => {
    expect(configFormatOf(text)).toBe(format);
  });

  it("the name decides when the content does not", () => {
    expect(configFormatOfName("ipsec.conf")).toBe("ipsec");
    expect(configFormatOfName("moon.ipsec.conf")).toBe("ipsec");
    expect(configFormatOfName("swanctl.conf")).toBe("swanctl");
    expect(configFormatOfName("gateway.conf")).toBe("swanctl");
    expect(configFormatOfName("myipsec.conf")).toBe("swanctl");
  });
});

describe("commands that read a configuration", () => {
  // the ipsec.conf fixture folder with its ipsec.conf renamed, as people keep them in a repository
  const ipsec = join(dir, "ipsec");
  cpSync(join(FX, "audit/ipsec"), ipsec, { recursive: true });
  renameSync(join(ipsec, "ipsec.conf"), join(ipsec, "moon.ipsec.conf"));
  writeFileSync(join(ipsec, "gateway.conf"), readFileSync(join(ipsec, "moon.ipsec.conf")));
  const names = (stdout: string) =>
    (JSON.parse(stdout).result.connections as { name: string }[]).map((c) => c.name);

  it("audit reads moon.ipsec.conf and gateway.conf as ipsec.conf, as it reads the folder's ipsec.conf", async () => {
    const folder = await runCli(["audit", join(FX, "audit/ipsec"), "--json", "--at", "2026-06-01"]);
    for (const f of ["moon.ipsec.conf", "gateway.conf"]) {
      const r = await runCli(["audit", join(ipsec, f), "--json", "--at", "2026-06-01"]);
      expect(r.code, r.stderr).toBe(folder.code);
      expect(JSON.parse(r.stdout).result.kind).toBe("ipsec");
      expect(names(r.stdout)).toEqual(names(folder.stdout));
    }
    const text = await runCli(["audit", join(ipsec, "gateway.conf")]);
    expect(text.stdout.split("\n")[0]).toMatch(/connections in .* \(ipsec\.conf\)/);
  });

  it("--format swanctl reads it as swanctl.conf, and the error says what it reads like", async () => {
    const r = await runCli(["audit", join(ipsec, "gateway.conf"), "--format", "swanctl"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /gateway\.conf:2: syntax error, .*\(the file reads like an ipsec\.conf: --format ipsec\)\n$/,
    );
    const bad = await runCli(["audit", join(ipsec, "gateway.conf"), "--format", "strongswan"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format .*swanctl, ipsec/);
  });

  it("--format ipsec reads a swanctl-looking name as ipsec.conf; a folder without that file is a usage error", async () => {
    writeFileSync(join(ipsec, "swanctl.conf"), readFileSync(join(ipsec, "moon.ipsec.conf")));
    const r = await runCli(["audit", join(ipsec, "swanctl.conf"), "--format", "ipsec", "--json"]);
    expect(JSON.parse(r.stdout).result.kind).toBe("ipsec");
    const none = await runCli(["audit", join(FX, "sample"), "--format", "ipsec"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/sample: no ipsec\.conf in this folder \(--format ipsec\)/);
  });

  it("handshake and size --config take --format too", async () => {
    const hs = await runCli([
      "handshake",
      "--initiator",
      join(ipsec, "gateway.conf"),
      "--responder",
      join(FX, "sample"),
      "--format",
      "swanctl",
    ]);
    expect(hs.code).toBe(2);
    expect(hs.stderr).toMatch(/--format ipsec\)/);
    const size = await runCli(["size", "--config", `${join(ipsec, "gateway.conf")}:good`, "--json"]);
    expect(size.code, size.stderr).not.toBe(2);
    expect(JSON.parse(size.stdout).result.connection).toBe("good");
  });
});
