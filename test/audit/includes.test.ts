import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditConfig, loadConfig } from "../../lib/index.js";
import { specialPaths } from "../special-paths.js";

/**
 * Issue 20: what the audit says about includes of FIFOs, devices and sockets, per reader and release
 * (lib/checks/audit/includes.ts). 5.9.8 is checked against the binaries in
 * test/strongswan/includes-diff.test.ts; the releases before 5.9.1 and the socket in ipsec.secrets
 * are modelled from strongSwan's source (parser_helper.c before commit a59842eb95 fopen()s and reads
 * whatever glob(3) names; chunk_map()'s open(2) of a socket fails with ENXIO).
 */
const { dir, fifo, sock } = specialPaths("ikc-audit-includes-");

let n = 0;
async function includes(files: Record<string, string>, strongswan: string) {
  const d = join(dir, `c${n++}`);
  mkdirSync(d);
  for (const [f, t] of Object.entries(files)) writeFileSync(join(d, f), t);
  const { config, refs } = await loadConfig(d);
  const a = await auditConfig(config, { refs, strongswan });
  return a.findings
    .filter((f) => f.code.startsWith("INCLUDE_"))
    .map((f) => ({ code: f.code, severity: f.severity, log: f.log }));
}

const swanctl = (path: string) => ({ "swanctl.conf": `include ${path}\nconnections {}\n` });
const ipsecConf = (path: string) => ({
  "ipsec.conf": `include ${path}\nconn a\n  right=192.0.2.1\n  auto=add\n`,
});
const secrets = (path: string) => ({
  "ipsec.conf": "conn a\n  right=192.0.2.1\n  auto=add\n",
  "ipsec.secrets": `include ${path}\n`,
});

describe("includes of special files, by reader and release", () => {
  it("swanctl.conf and ipsec.conf, a device: read as a file before 5.9.1 (modelled from source), skipped since", async () => {
    for (const files of [swanctl("/dev/zero"), ipsecConf("/dev/urandom")]) {
      expect(await includes(files, "5.9.0")).toEqual([
        { code: "INCLUDE_DEVICE_READ", severity: "error", log: null },
      ]);
      for (const release of ["5.9.1", "5.9.8", "6.0.6"])
        expect(await includes(files, release)).toEqual([
          { code: "INCLUDE_NOT_REGULAR_FILE", severity: "warning", log: null },
        ]);
    }
  });

  it("swanctl.conf, a socket: fopen() fails in every release, the include is skipped", async () => {
    for (const release of ["5.9.0", "6.0.6"])
      expect(await includes(swanctl(sock), release)).toEqual([
        { code: "INCLUDE_NOT_REGULAR_FILE", severity: "warning", log: null },
      ]);
  });

  it("a FIFO blocks every reader in every release", async () => {
    for (const release of ["5.9.0", "6.0.6"])
      for (const files of [swanctl(fifo), ipsecConf(fifo), secrets(fifo)])
        expect(await includes(files, release)).toEqual([
          { code: "INCLUDE_FIFO_BLOCKS", severity: "error", log: null },
        ]);
  });

  it("ipsec.secrets: a device reads as empty, a socket cannot be opened (modelled from source)", async () => {
    expect(await includes(secrets("/dev/zero"), "5.9.0")).toEqual([
      { code: "INCLUDE_NOT_REGULAR_FILE", severity: "warning", log: "loading secrets from '/dev/zero'" },
    ]);
    expect(await includes(secrets(sock), "6.0.6")).toEqual([
      {
        code: "INCLUDE_NOT_REGULAR_FILE",
        severity: "warning",
        log: `opening secrets file '${sock}' failed: No such device or address`,
      },
    ]);
  });
});
