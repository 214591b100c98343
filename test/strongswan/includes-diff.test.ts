import { execFileSync } from "node:child_process";
import { closeSync, constants, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditConfig, type Finding, fileReader, loadConfig, parseSwanctlConf } from "../../lib/index.js";
import { swanctlLoadConns } from "../config/vici-oracle.js";
import { specialPaths } from "../special-paths.js";
import { CERT_PLUGINS, Charon } from "./charon.js";
import { CHARON, SWANCTL, tierAvailable } from "./env.js";

/**
 * Issue 20, against strongSwan 5.9.8: what swanctl and charon do with an include that names a
 * device, a socket or a FIFO — the facts behind INCLUDE_NOT_REGULAR_FILE and INCLUDE_FIFO_BLOCKS
 * (lib/checks/audit/includes.ts). ikecert itself never opens them.
 * - swanctl.conf (parser_helper.c file_next): a device or socket is skipped, the rest loads; a FIFO
 *   is opened before fstat is asked, so swanctl blocks until a writer comes — and then skips it.
 * - ipsec.secrets (stroke_cred.c load_secrets, chunk_map): a device reads as an empty file; a FIFO
 *   blocks charon's start until a writer comes, and then reads as an empty file too.
 * "Blocks until a writer comes" is shown without a clock: swanctl and charon open the FIFO with a
 * blocking open(2), which returns only once a writer has it open too; a write end opened with
 * O_NONBLOCK succeeds only while a reader holds the FIFO (fifo(7)). The test's write end is the only
 * one, so when it opens, strongSwan is the reader waiting in open(), and it finishes only after.
 */
const { dir, sock } = specialPaths("ikc-includes-diff-");

function mkfifo(name: string): string {
  const p = join(dir, name);
  execFileSync("mkfifo", [p]);
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wait until someone holds the FIFO open for reading (a write end opened with O_NONBLOCK fails with
 * ENXIO until then), then open the write end — which lets the reader's open() return — and close it.
 */
async function unblockFifo(path: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENXIO") throw e;
      await sleep(20);
    }
  }
  throw new Error(`nobody opened ${path} for reading`);
}

/** What ikecert's audit says about the includes of a swanctl.conf written to a folder. */
async function oursSwanctl(name: string, conf: string): Promise<{ conns: string[]; findings: Finding[] }> {
  const d = join(dir, name);
  execFileSync("mkdir", ["-p", d]);
  writeFileSync(join(d, "swanctl.conf"), conf);
  const { config, refs } = await loadConfig(d);
  const a = await auditConfig(config, { refs, strongswan: "5.9.8" });
  const reader = fileReader();
  const tree = parseSwanctlConf(reader.read(join(d, "swanctl.conf")), join(d, "swanctl.conf"), { reader });
  return {
    conns: tree.connections.map((c) => c.name),
    findings: a.findings.filter((f) => f.code.startsWith("INCLUDE_")),
  };
}

const connNames = (conns: [string, unknown][][]) => conns.map((c) => c[0]![0]);

describe.runIf(tierAvailable("includes of devices and FIFOs (swanctl)", [SWANCTL]))(
  "swanctl.conf includes of special files: ikecert agrees with swanctl 5.9.8",
  () => {
    it.each([
      ["/dev/zero", () => "/dev/zero"],
      ["/dev/urandom", () => "/dev/urandom"],
      ["a unix socket", () => sock],
    ])(
      "include %s: swanctl skips it and loads the rest; ikecert warns and reads nothing",
      async (_n, path) => {
        const conf = `include ${path()}\nconnections {\n  a {\n    version = 2\n  }\n}\n`;
        const real = await swanctlLoadConns(conf);
        expect(real.stderr).not.toMatch(/invalid config/);
        expect(connNames(real.conns as [string, unknown][][])).toEqual(["a"]);
        const ours = await oursSwanctl(`skip-${_n.replace(/\W/g, "")}`, conf);
        expect(ours.conns).toEqual(["a"]);
        expect(ours.findings.map((f) => [f.code, f.severity])).toEqual([
          ["INCLUDE_NOT_REGULAR_FILE", "warning"],
        ]);
      },
    );

    it("include of a FIFO: swanctl blocks in open() until a writer comes, then skips it", async () => {
      const fifo = mkfifo("swanctl.fifo");
      const conf = `include ${fifo}\nconnections {\n  a {\n    version = 2\n  }\n}\n`;
      const real = await swanctlLoadConns(conf, {}, () => unblockFifo(fifo));
      // swanctl was waiting in open() (our write end could open), finished only after we opened it,
      // and then skipped the FIFO: fstat after the open says it is no regular file
      expect(connNames(real.conns as [string, unknown][][])).toEqual(["a"]);
      const ours = await oursSwanctl("fifo-include", conf);
      expect(ours.conns).toEqual(["a"]);
      expect(ours.findings.map((f) => [f.code, f.severity])).toEqual([["INCLUDE_FIFO_BLOCKS", "error"]]);
    });
  },
);

describe.runIf(
  tierAvailable("includes of devices and FIFOs (charon, stroke)", [CHARON], { namespaces: true }),
)("ipsec.secrets includes of special files: ikecert agrees with charon 5.9.8", () => {
  /** charon with the stroke plugin reading `secrets` as its ipsec.secrets */
  const withSecrets = (name: string, secrets: string) => {
    const file = join(dir, `${name}.secrets`);
    writeFileSync(file, secrets);
    return {
      file,
      start: () =>
        Charon.start({
          tag: `inc-${name}`,
          plugins: [...CERT_PLUGINS, "stroke"],
          logLevels: { cfg: 1 },
          charonConf: `  plugins {\n    stroke {\n      secrets_file = ${file}\n    }\n  }\n`,
        }),
    };
  };
  const secretLines = (c: Charon) => c.log().filter((l) => /secrets|secret for/.test(l));

  it("include /dev/zero: charon reads it as an empty file and loads the secret after it", async () => {
    const s = withSecrets("zero", 'include /dev/zero\n: PSK "the-secret-after-the-include-0123456789"\n');
    const c = await s.start();
    try {
      const lines = secretLines(c).map((l) => l.replace(/^.*\[CFG\] /, ""));
      expect(lines).toEqual([
        `loading secrets from '${s.file}'`,
        "loading secrets from '/dev/zero'",
        "  loaded IKE secret for %any",
      ]);
    } finally {
      c.stop();
    }
    const d = join(dir, "ipsec-zero");
    execFileSync("mkdir", ["-p", d]);
    writeFileSync(join(d, "ipsec.conf"), "conn a\n  right=192.0.2.1\n  authby=psk\n  auto=add\n");
    writeFileSync(join(d, "ipsec.secrets"), 'include /dev/zero\n: PSK "x"\n');
    const { config, refs } = await loadConfig(d);
    const a = await auditConfig(config, { refs, strongswan: "5.9.8" });
    const f = a.findings.filter((x) => x.code.startsWith("INCLUDE_"));
    expect(f.map((x) => [x.code, x.severity, x.log])).toEqual([
      ["INCLUDE_NOT_REGULAR_FILE", "warning", "loading secrets from '/dev/zero'"],
    ]);
  }, 60_000);

  it("include of a FIFO: charon's start blocks until a writer comes, then reads it as empty", async () => {
    const fifo = mkfifo("secrets.fifo");
    const s = withSecrets("fifo", `include ${fifo}\n`);
    const started = s.start();
    await unblockFifo(fifo);
    const c = await started;
    try {
      const lines = secretLines(c).map((l) => l.replace(/^.*\[CFG\] /, ""));
      // no secret: chunk_map() maps st_size (0) bytes of the FIFO
      expect(lines).toEqual([`loading secrets from '${s.file}'`, `loading secrets from '${fifo}'`]);
    } finally {
      c.stop();
    }
  }, 60_000);
});
