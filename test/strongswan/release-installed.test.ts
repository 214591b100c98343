import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installedRelease, parseCertificate, rulesFor } from "../../lib/index.js";
import { runCli } from "../cli-helper.js";
import { needs } from "../needs.js";
import { PKI, pkiConf } from "./env.js";

/**
 * The strongSwan installed here decides the rules when nothing else does (issue 13): detected from
 * dpkg's database (`dpkg-query` is the oracle for the package version) and, without it, from what
 * the programs print; and `inspect` then prints a DN as that charon does — `pki --print` of the
 * installed release is the oracle for the printed subject.
 */
const run = needs("the installed strongSwan decides the rules", ["pki", "swanctl", "dpkg-query"]);
const dir = mkdtempSync(join(tmpdir(), "ikc-release-tier-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI as a user runs it: no IKECERT_STRONGSWAN (the test configuration sets one). */
const plain = { IKECERT_STRONGSWAN: undefined };

describe.runIf(run)("the installed strongSwan", () => {
  const dpkgVersion = () =>
    spawnSync("dpkg-query", ["-W", "-f=\u0024{Version}", "libstrongswan"], {
      encoding: "utf8",
    }).stdout.trim();

  it("is the libstrongswan package's version, as dpkg-query reports it", async () => {
    const version = dpkgVersion();
    expect(version).toMatch(/^\d+\.\d+\.\d+-/);
    expect((await installedRelease())?.release).toBe(version.replace(/^\d+:/, ""));
    const r = await runCli(["id", "certs-fixtures/sample/x509/gateway.pem", "vpn.example.com", "--json"], {
      env: plain,
    });
    expect(JSON.parse(r.stdout).strongswan).toEqual({
      release: version,
      source: "installed",
      from: "dpkg libstrongswan",
    });
  });

  it("without a package database, is what swanctl (or the next program) prints: the same upstream release", async () => {
    const upstream = rulesFor(dpkgVersion()).release.upstream;
    const found = await installedRelease({ dpkgStatus: join(dir, "no-status") });
    expect(found?.release).toBe(upstream);
    expect(found?.from).toMatch(/swanctl --version$/);
  });

  it("inspect without --strongswan prints an organizationIdentifier as the installed charon does; --strongswan 6.0.6 by name", async () => {
    // made by openssl (certs-fixtures/openssl/make.sh)
    const file = join(import.meta.dirname, "../../certs-fixtures/openssl/org-id.pem");
    const printed = spawnSync(PKI, ["--print", "--in", file], {
      env: { ...process.env, STRONGSWAN_CONF: pkiConf() },
      encoding: "utf8",
    });
    const pkiSubject = /subject:\s+"(.*)"/.exec(printed.stdout)?.[1];
    // 5.9.8 has no name for 2.5.4.97 (BEHAVIOURS.organizationIdentifierName: since 6.0.5)
    expect(pkiSubject).toBe("C=CH, 55:04:61=VATCH-123456789, O=openssl, CN=vpn.example.com");

    const installed = await runCli(["inspect", file], { env: plain });
    expect(installed.code, installed.stderr).toBe(0);
    const lines = installed.stdout.split("\n");
    expect(lines[1]).toBe(`rules of strongSwan ${dpkgVersion()} (installed: dpkg libstrongswan)`);
    expect(lines).toContain(`  subject:     ${pkiSubject}`);

    const newest = await runCli(["inspect", file, "--strongswan", "6.0.6"], { env: plain });
    expect(newest.stdout.split("\n")[1]).toMatch(/^rules of strongSwan 6\.0\.6 \(--strongswan\)/);
    expect(newest.stdout).toContain(
      "  subject:     C=CH, organizationIdentifier=VATCH-123456789, O=openssl, CN=vpn.example.com\n",
    );
    // the library's default (no release given) is the newest covered release
    const der = new Uint8Array(
      Buffer.from(readFileSync(file, "utf8").replace(/-----[^-]+-----|\s/g, ""), "base64"),
    );
    expect(parseCertificate(der).subject.printed).toBe(
      "C=CH, organizationIdentifier=VATCH-123456789, O=openssl, CN=vpn.example.com",
    );
  });
});
