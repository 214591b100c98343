/**
 * Ground truth for `ikecert live`: a private charon 5.9.8 loads the sample gateway folder, then the
 * files change on disk without a reload (a renewed certificate and key, an edited id, a new
 * connection, a new CA, a removed key), the syntax breaks, a key disappears, and `live` must report
 * each. Where `live` predicts what a reload would do, the reload is done and `live` must then find
 * the daemon and the files the same.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectVici, explainLine, readSnapshot } from "../../lib/index.js";
import { READ_ONLY_COMMANDS, type ReadOnlyCommand } from "../../lib/vici/commands.js";
import { CLI, ROOT, runCli } from "../cli-helper.js";
import { Charon, parseListCerts } from "./charon.js";
import { CHARON, NAMESPACE_TOOLS, PKI, SWANCTL, tierAvailable } from "./env.js";
import { pkiKeyid } from "./pki.js";

/** The CLI with the running daemon's rules (the test environment's IKECERT_STRONGSWAN would win). */
const liveCli = (args: string[], o: Parameters<typeof runCli>[1] = {}) =>
  runCli(args, { ...o, env: { IKECERT_STRONGSWAN: undefined, ...o.env } });

const run = tierAvailable("live", [CHARON, SWANCTL, PKI, ...NAMESPACE_TOOLS], { namespaces: true });

const SAMPLE = join(ROOT, "certs-fixtures/sample");
const LIVE_FIX = join(ROOT, "certs-fixtures/live");
const AT = "2026-06-01";

interface LiveJson {
  ok: boolean;
  strongswan: { release: string; source: string; from?: string };
  findings: { code: string; severity: string; message: string; log: string | null }[];
  result: {
    release: { text: string; from: string };
    connections: {
      name: string;
      state: string;
      differences: { what: string; loaded: string; disk: string }[];
    }[];
    certificates: {
      subject: string;
      state: string;
      file: string | null;
      hasPrivkey: boolean | null;
      loadedNotAfter: string | null;
      diskNotAfter: string | null;
    }[];
    keys: { keyid: string; state: string; file: string | null }[] | null;
    secrets: { name: string; state: string }[] | null;
    plugins: { loaded: string[]; needs: { what: string; met: boolean }[] };
    audit: { connections: { name: string; ok: boolean }[] } | null;
  };
}

describe.runIf(run)("ikecert live against a private charon", () => {
  let gw: Charon;

  beforeAll(async () => {
    gw = await Charon.start({ tag: "live" });
  });
  afterAll(() => gw?.stop());

  /** A copy of the sample folder, loaded into the daemon (credentials cleared first). */
  function loaded(): string {
    const dir = mkdtempSync(join(gw.dir, "swanctl-"));
    cpSync(SAMPLE, dir, { recursive: true });
    gw.swanctlOk(["--load-creds", "--clear", "--noprompt", "--file", join(dir, "swanctl.conf")]);
    gw.swanctlOk(["--load-all", "--noprompt", "--file", join(dir, "swanctl.conf")]);
    return dir;
  }

  async function live(dir: string, ...args: string[]): Promise<{ code: number | null; json: LiveJson }> {
    const r = await liveCli(["live", "--vici", gw.vici, "--config", dir, "--at", AT, "--json", ...args]);
    if (r.stderr) throw new Error(r.stderr);
    return { code: r.code, json: JSON.parse(r.stdout) as LiveJson };
  }

  const codes = (j: LiveJson) =>
    j.findings
      .filter((f) => f.severity !== "info")
      .map((f) => f.code)
      .sort();

  it("knows every command of its allowlist on 5.9.8", async () => {
    const c = await connectVici({ socket: gw.vici });
    try {
      for (const cmd of Object.keys(READ_ONLY_COMMANDS) as ReadOnlyCommand[]) {
        const r = READ_ONLY_COMMANDS[cmd].streams ? c.stream(cmd) : c.request(cmd);
        await expect(r, cmd).resolves.toBeDefined();
      }
    } finally {
      c.close();
    }
  });

  it("reads what swanctl lists: the same certificates, connections, and keys as pki computes their ids", async () => {
    const dir = loaded();
    const c = await connectVici({ socket: gw.vici });
    const s = await readSnapshot(c).finally(() => c.close());
    expect(s.version).toMatchObject({ daemon: "charon", version: "5.9.8" });
    const listed = parseListCerts(gw.swanctlOk(["--list-certs"]).stdout);
    expect(s.certificates!.map((x) => x.cert!.subject.printed).sort()).toEqual(
      listed.map((x) => x.subject).sort(),
    );
    expect(s.certificates!.map((x) => x.cert!.serial).sort()).toEqual(listed.map((x) => x.serial).sort());
    const conns = gw.swanctlOk(["--list-conns"]).stdout;
    expect(s.connections!.map((x) => x.name).sort()).toEqual(
      [...conns.matchAll(/^(\S+): IKEv/gm)].map((m) => m[1]).sort(),
    );
    const keyids = ["gateway", "rw-ecdsa", "rw-ed25519", "rw-rsa"].map((n) => {
      const k = pkiKeyid(join(dir, "private", `${n}.key`), "priv");
      if (!k.ok) throw new Error(k.stderr);
      return k.subjkey;
    });
    expect([...s.keys!].sort()).toEqual(keyids.sort());
    expect(s.stats!.plugins).toContain("vici");
    expect(s.notes).toEqual([]);
  });

  it("finds a freshly loaded folder the same as the daemon", async () => {
    const dir = loaded();
    const { code, json } = await live(dir);
    expect(codes(json)).toEqual([]);
    expect(code).toBe(0);
    expect(json.result.release).toMatchObject({ text: "5.9.8", from: "daemon" });
    expect(json.strongswan).toMatchObject({ release: "5.9.8", source: "daemon" });
    expect(json.result.connections.map((c) => [c.name, c.state])).toEqual([
      ["rw", "same"],
      ["carol", "same"],
    ]);
    expect(json.result.certificates.every((c) => c.state === "same")).toBe(true);
    expect(json.result.keys!.every((k) => k.state === "same")).toBe(true);
    expect(json.result.audit!.connections.map((c) => c.ok)).toEqual([true, true]);
  });

  it("reports files changed without a reload, and a reload makes them the same", async () => {
    const dir = loaded();
    cpSync(join(LIVE_FIX, "gateway-renewed.pem"), join(dir, "x509/gateway.pem"));
    cpSync(join(LIVE_FIX, "gateway-renewed.key"), join(dir, "private/gateway.key"));
    cpSync(join(LIVE_FIX, "partner-root.pem"), join(dir, "x509ca/partner-root.pem"));
    unlinkSync(join(dir, "private/rw-rsa.key"));
    const conf = readFileSync(join(dir, "swanctl.conf"), "utf8");
    writeFileSync(
      join(dir, "swanctl.conf"),
      conf
        .replace("id = carol@example.com", "id = carol@example.org")
        .replace(
          /\npools \{/,
          "\nconnections {\n  site {\n    remote_addrs = 198.51.100.7\n    local {\n      auth = psk\n    }\n    remote {\n      auth = psk\n    }\n  }\n}\n\npools {",
        ),
    );
    const { code, json } = await live(dir);
    expect(code).toBe(1);
    const cert = json.result.certificates.find((c) => c.file === "x509/gateway.pem")!;
    expect(cert).toMatchObject({
      state: "replaced",
      loadedNotAfter: "2035-01-01T00:00:00.000Z",
      diskNotAfter: "2036-01-01T00:00:00.000Z",
    });
    expect(json.result.connections.map((c) => [c.name, c.state])).toEqual([
      ["rw", "same"],
      ["carol", "differs"],
      ["site", "not-loaded"],
    ]);
    expect(json.result.connections[1]!.differences).toEqual([
      { what: "remote-1 id", loaded: "carol@example.com", disk: "carol@example.org" },
    ]);
    expect(json.result.certificates.find((c) => c.file === "x509ca/partner-root.pem")?.state).toBe(
      "not-loaded",
    );
    const keys = Object.fromEntries(json.result.keys!.map((k) => [k.file ?? k.keyid, k.state]));
    expect(keys["private/gateway.key"]).toBe("not-loaded");
    expect(Object.values(keys).filter((s) => s === "not-on-disk")).toHaveLength(2);
    expect(codes(json)).toEqual([
      "LIVE_CA_NOT_LOADED",
      "LIVE_CERT_NOT_RELOADED",
      "LIVE_CONN_DIFFERS",
      "LIVE_CONN_NOT_LOADED",
      "LIVE_KEY_NOT_LOADED",
      "LIVE_KEY_NOT_ON_DISK",
      "LIVE_KEY_NOT_ON_DISK",
    ]);

    // what live predicted the files say is what charon has once it reloads them
    gw.swanctlOk(["--load-creds", "--clear", "--noprompt", "--file", join(dir, "swanctl.conf")]);
    gw.swanctlOk(["--load-all", "--noprompt", "--file", join(dir, "swanctl.conf")]);
    const after = await live(dir);
    expect(after.json.result.connections.map((c) => [c.name, c.state])).toEqual([
      ["rw", "same"],
      ["carol", "same"],
      ["site", "same"],
    ]);
    expect(after.json.result.certificates.filter((c) => c.state !== "same")).toEqual([]);
    expect(after.json.result.keys!.filter((k) => k.state !== "same")).toEqual([]);
    // the x509/rw-rsa.pem certificate is still loaded, its key is gone: no connection uses it
    expect(codes(after.json)).toEqual([]);
  });

  it("swanctl --load-creds alone: the old certificate stays loaded without its key beside the new one", async () => {
    const dir = loaded();
    cpSync(join(LIVE_FIX, "gateway-renewed.pem"), join(dir, "x509/gateway.pem"));
    cpSync(join(LIVE_FIX, "gateway-renewed.key"), join(dir, "private/gateway.key"));
    gw.swanctlOk(["--load-creds", "--noprompt", "--file", join(dir, "swanctl.conf")]);
    const { json } = await live(dir);
    const gwCerts = json.result.certificates.filter(
      (c) => c.subject === "C=CH, O=Example VPN, CN=vpn.example.com",
    );
    expect(gwCerts.map((c) => [c.state, c.hasPrivkey, c.loadedNotAfter?.slice(0, 4)]).sort()).toEqual([
      ["same", true, "2036"],
      ["superseded", false, "2035"],
    ]);
    // which of the two a connection holds, vici does not say; charon signs with the one that has a key
    // (live-follow.test.ts sees it in a real exchange), so this is no warning
    expect(codes(json)).toEqual([]);
  });

  it("a removed key: live warns before the reload, and charon has no key for the connection after it", async () => {
    const dir = loaded();
    unlinkSync(join(dir, "private/gateway.key"));
    const before = await live(dir);
    expect(codes(before.json)).toEqual(["LIVE_KEY_NOT_ON_DISK"]);
    gw.swanctlOk(["--load-creds", "--noprompt", "--file", join(dir, "swanctl.conf")]);
    const after = await live(dir);
    expect(after.code).toBe(1);
    expect(codes(after.json)).toEqual(["LIVE_CERT_NO_KEY", "LIVE_CERT_NO_KEY"]);
    expect(after.json.findings.map((f) => f.log).filter(Boolean)).toEqual([
      "no private key found for 'vpn.example.com'",
      "no private key found for '192.0.2.1'",
    ]);
    expect(after.json.result.audit!.connections.map((c) => c.ok)).toEqual([false, false]);
  });

  it("a syntax error: live says a reload unloads everything, and swanctl really does so and exits 0", async () => {
    const dir = loaded();
    const conf = readFileSync(join(dir, "swanctl.conf"), "utf8");
    writeFileSync(join(dir, "swanctl.conf"), conf.replace("  carol {", "  carol {{"));
    const { code, json } = await live(dir);
    expect(code).toBe(1);
    expect(codes(json)).toEqual(["LIVE_CONFIG_BROKEN"]);
    const broken = json.findings.find((f) => f.code === "LIVE_CONFIG_BROKEN")!;
    expect(broken.message).toMatch(/swanctl\.conf:\d+: syntax error/);
    expect(broken.log).toBe("no connections found, 2 unloaded");
    expect(json.result.connections.map((c) => c.state)).toEqual(["loaded", "loaded"]);
    // the truth: swanctl loads no connection, unloads both, and exits 0
    const r = gw.swanctl(["--load-conns", "--file", join(dir, "swanctl.conf")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(broken.log);
    expect(r.stderr).toMatch(/syntax error/);
    const c = await connectVici({ socket: gw.vici });
    expect(await c.getConns().finally(() => c.close())).toEqual([]);
  });

  it("warns about loaded certificates that expire within --warn-days", async () => {
    const dir = loaded();
    const r = await liveCli(["live", "--vici", gw.vici, "--config", dir, "--at", "2034-12-20", "--json"]);
    const json = JSON.parse(r.stdout) as LiveJson;
    const expiring = json.findings.filter((f) => f.code === "LIVE_CERT_EXPIRES").map((f) => f.message);
    expect(expiring).toHaveLength(4);
    expect(expiring[0]).toMatch(/expires in 12 days \(2035-01-01T00:00:00\.000Z\)/);
    const none = await liveCli([
      "live",
      "--vici",
      gw.vici,
      "--config",
      dir,
      "--at",
      "2034-12-20",
      "--warn-days",
      "5",
      "--json",
    ]);
    expect(
      JSON.parse(none.stdout).findings.filter((f: { code: string }) => f.code === "LIVE_CERT_EXPIRES"),
    ).toEqual([]);
  });

  it("one line and exit 2 when there is no daemon to ask", async () => {
    const r = await liveCli(["live", "--vici", join(gw.dir, "nope.vici"), "--config", SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^ikecert: \S+nope\.vici: no such socket: is charon running with the vici plugin\?.*\n$/,
    );
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  it("permission denied for a user who may not open the socket", () => {
    // the daemon's folder is 0700 root, as /var/run/charon.vici is root's on a gateway
    const r = spawnSync(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, CLI, "live", "--vici", gw.vici],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 20_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `ikecert: ${gw.vici}: permission denied: the vici socket is readable by root only by default (run as root, or with sudo)\n`,
    );
  });
});

describe.runIf(run)(
  "ikecert live: plugins the configuration needs, against a charon without curve25519",
  () => {
    // no curve25519 and no openssl: nothing provides CURVE_25519 (nor ECDSA keys)
    const PLUGINS = [
      "random",
      "nonce",
      "aes",
      "sha1",
      "sha2",
      "hmac",
      "gmp",
      "kdf",
      "vici",
      "kernel-netlink",
      "socket-default",
    ];
    let c: Charon;
    let dir: string;

    beforeAll(async () => {
      c = await Charon.start({ tag: "plug", plugins: PLUGINS });
      dir = mkdtempSync(join(c.dir, "swanctl-"));
      writeFileSync(
        join(dir, "swanctl.conf"),
        [
          "connections {",
          "  psk {",
          "    remote_addrs = 192.0.2.55",
          "    proposals = aes128-sha256-x25519",
          "    local {\n      auth = psk\n    }",
          "    remote {\n      auth = psk\n    }",
          "  }",
          "}",
          "secrets {",
          "  ike-psk {\n    secret = 0x00112233445566778899aabbccddeeff\n  }",
          "}",
          "",
        ].join("\n"),
      );
      c.swanctlOk(["--load-all", "--noprompt", "--file", join(dir, "swanctl.conf")]);
    });
    afterAll(() => c?.stop());

    it("says x25519 needs a plugin charon lacks, with the line charon logs when it tries", async () => {
      const r = await liveCli(["live", "--vici", c.vici, "--config", dir, "--json"]);
      const json = JSON.parse(r.stdout) as LiveJson;
      expect(r.code).toBe(1);
      expect(json.result.plugins.loaded).toEqual(["charon", ...PLUGINS]);
      const missing = json.findings.filter((f) => f.code === "PLUGIN_MISSING");
      expect(missing).toHaveLength(1);
      expect(missing[0]!.message).toMatch(
        /key exchange x25519 in proposals of 'psk' needs one of the plugins curve25519, openssl, botan, wolfssl \(CURVE_25519\)/,
      );
      expect(json.result.secrets).toEqual([{ name: "ike-psk", state: "same" }]);
      // the truth: charon loads the connection and fails the moment it needs the key exchange
      const init = c.swanctl(["--initiate", "--ike", "psk", "--timeout", "5"], 15_000);
      expect(init.status).not.toBe(0);
      const line = c.log().find((l) => l.endsWith(`[IKE] <psk|1> ${missing[0]!.log}`));
      expect(line).toBeDefined();
      // and explain knows the line
      expect(explainLine(line!.replace(/^\d\d:\d\d:\d\d /, ""))).toMatchObject({
        kind: "failure",
        faq: "plugin-missing",
        rule: "key-exchange-unsupported",
      });
    });
  },
);

describe.runIf(run)("examples/gateway-check.mjs (README library example) against a private charon", () => {
  let c: Charon;
  let pkg: string;
  beforeAll(async () => {
    c = await Charon.start({ tag: "example" });
    // the example imports "ikecert" as a user would: through node_modules
    pkg = mkdtempSync(join(c.dir, "example-"));
    cpSync(join(ROOT, "examples/gateway-check.mjs"), join(pkg, "gateway-check.mjs"));
    // a package of its own, so that no package.json further up (a stray /tmp/package.json) is used
    writeFileSync(join(pkg, "package.json"), '{ "name": "gateway-check", "type": "module" }\n');
    cpSync(join(ROOT, "package.json"), join(pkg, "node_modules/ikecert/package.json"), { recursive: true });
    symlinkSync(join(ROOT, "dist"), join(pkg, "node_modules/ikecert/dist"));
    symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules/ikecert/node_modules"));
  });
  afterAll(() => c?.stop());

  const example = (...args: string[]) =>
    spawnSync(process.execPath, [join(pkg, "gateway-check.mjs"), ...args], { encoding: "utf8", cwd: pkg });

  it("passes a gateway that runs its files, and names what differs after an edit", () => {
    const dir = mkdtempSync(join(c.dir, "swanctl-"));
    cpSync(SAMPLE, dir, { recursive: true });
    c.swanctlOk(["--load-all", "--noprompt", "--file", join(dir, "swanctl.conf")]);
    const ok = example(c.vici, dir);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toBe(
      "charon 5.9.8: 2 connections, 0 IKE_SAs up\nOK the gateway runs what its files say\n",
    );
    expect(ok.status).toBe(0);
    cpSync(join(LIVE_FIX, "partner-root.pem"), join(dir, "x509ca/partner-root.pem"));
    const bad = example(c.vici, dir);
    expect(bad.stdout).toMatch(
      /^error LIVE_CA_NOT_LOADED: x509ca\/partner-root\.pem .* is on disk but not loaded in charon$/m,
    );
    expect(bad.status).toBe(1);
    const none = example(join(c.dir, "nope.vici"), dir);
    expect(none.stderr).toMatch(/^gateway-check: \S+nope\.vici: no such socket/);
    expect(none.status).toBe(2);
  });
});
