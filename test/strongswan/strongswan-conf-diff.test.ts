/**
 * Differential tier for the plugin order of strongswan.conf: charon, swanctl and pki share the
 * plugin loader (plugin_loader.c modular_pluginlist), each under its own section. swanctl prints the
 * plugins it loaded (`swanctl --help`: "loaded plugins: ..."), so the same body written under
 * `swanctl { }` for swanctl and under `charon { }` for ikecert must give the same order. swanctl
 * cannot load every plugin charon can (daemon plugins fail in it), so the comparison is on the
 * plugins swanctl loaded: the same ones, in the same order, all predicted by ikecert.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStrongswanConf } from "../../lib/config/strongswan-conf.js";
import { fileReader } from "../../lib/input/config-files.js";
import { SWANCTL, tierAvailable } from "./env.js";

const run = tierAvailable("strongswan.conf plugin order", [SWANCTL]);

/** swanctl's built-in list (its PLUGINS), as `swanctl --help` shows it with an empty strongswan.conf. */
function loadedBySwanctl(confFile: string): string[] {
  const r = spawnSync(SWANCTL, ["--help"], {
    env: { ...process.env, STRONGSWAN_CONF: confFile },
    encoding: "utf8",
    timeout: 30_000,
  });
  const line = `${r.stdout}${r.stderr}`.split("\n").find((l) => l.startsWith("loaded plugins: "));
  if (!line) throw new Error(`swanctl printed no plugin list:\n${r.stdout}${r.stderr}`);
  return line.slice("loaded plugins: ".length).trim().split(/\s+/);
}

describe.runIf(run)("plugin order: ikecert's model against swanctl's plugin loader", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikecert-sconf-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // asked in a hook: a skipped group is still collected, and must collect without swanctl
  let builtin: string[] = [];
  beforeAll(() => {
    const empty = join(dir, "empty.conf");
    writeFileSync(empty, "");
    builtin = loadedBySwanctl(empty);
  });

  const bodies: Record<string, string> = {
    "a load list with priorities and load = no": [
      "load = random nonce x509 revocation pem pkcs1 openssl pubkey sha1 sha2",
      "plugins {",
      "  openssl { load = 5 }",
      "  x509 { load = no }",
      "  pem { load = 2 }",
      "}",
    ].join("\n"),
    "load_modular with a priority for openssl": [
      "load_modular = yes",
      "plugins {",
      "  x509 { load = yes }",
      "  openssl { load = 3 }",
      "  pem { load = yes }",
      "  sha1 { load = yes }",
      "  sha2 { load = yes }",
      "  random { load = 2 }",
      "  pkcs1 { load = no }",
      "  pubkey { }",
      "}",
    ].join("\n"),
    "load_modular without a list: ties broken by the built-in list and by name": [
      "load_modular = yes",
      "plugins {",
      "  sha2 { load = yes }",
      "  x509 { load = yes }",
      "  openssl { load = yes }",
      "  curve25519 { load = yes }",
      "  aes { load = yes }",
      "}",
    ].join("\n"),
  };
  if (existsSync("/etc/strongswan.d/charon/x509.conf"))
    bodies["Debian's own strongswan.d/charon/*.conf, with charon's built-in list"] = [
      "load_modular = yes",
      "plugins {",
      "  include /etc/strongswan.d/charon/*.conf",
      "}",
    ].join("\n");

  it.each(Object.entries(bodies))("%s", (name, body) => {
    const file = join(dir, `${name.replace(/\W+/g, "-")}.conf`);
    // the same body under swanctl's section for swanctl and under charon's for ikecert
    const debian = name.startsWith("Debian");
    writeFileSync(file, `swanctl {\n${body}\n}\n`);
    const swanctl = loadedBySwanctl(file);
    const ikecert = parseStrongswanConf(`charon {\n${body}\n}\n`, join(dir, "x.conf"), {
      reader: fileReader(),
      builtinPlugins: builtin,
    }).loaded;
    expect(ikecert.filter((p) => swanctl.includes(p))).toEqual(swanctl);
    if (debian) {
      // and with charon's own built-in list: x509 before openssl, revocation and constraints loaded
      const charon = parseStrongswanConf(`charon {\n${body}\n}\n`, join(dir, "y.conf"), {
        reader: fileReader(),
      });
      expect(charon.loaded.indexOf("x509")).toBeLessThan(charon.loaded.indexOf("openssl"));
      expect(charon.loaded).toEqual(expect.arrayContaining(["revocation", "constraints", "curl"]));
    }
  });
});
