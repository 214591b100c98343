/**
 * `npm run bench:hang`: every input of issue 20 that used to hang, run through the built binary
 * (dist/ikecert.cjs) as a user would, with what each run cost: wall time, CPU time (user + system)
 * and the bytes the process read — the kernel's `rchar` (every byte read(2) returned, module
 * loading included), taken at exit by a preloaded hook. `extra` is rchar over the same command
 * given a file that does not exist (or stdin from /dev/null): the start-up's own reads taken away,
 * what is left is what the hostile input made it read.
 * Figures, not tests: the tests (test/files.test.ts, test/cli-bad-input.test.ts) assert the bounds.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname ?? ".", "..");
const BIN = join(ROOT, "dist/ikecert.cjs");
const tmp = mkdtempSync(join(tmpdir(), "ikc-bench-hang-"));
const hook = join(tmp, "hook.cjs");
writeFileSync(
  hook,
  `process.on("exit", () => {
  const io = require("node:fs").readFileSync("/proc/self/io", "utf8");
  const c = process.cpuUsage();
  require("node:fs").writeFileSync(process.env.IKC_BENCH_OUT, JSON.stringify({
    rchar: Number(/rchar: (\\d+)/.exec(io)[1]), cpuMs: (c.user + c.system) / 1000 }));
});\n`,
);

interface Case {
  name: string;
  args: string[];
  /** stdin: a file to redirect (default /dev/null) */
  stdin?: string;
  /** the same command on a missing file (stdin: /dev/null): start-up reads to subtract */
  baseline: string[];
}

const dir = (name: string, files: Record<string, string>) => {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  for (const [f, t] of Object.entries(files)) writeFileSync(join(d, f), t);
  return d;
};
const fifo = join(tmp, "fifo");
execFileSync("mkfifo", [fifo]);
symlinkSync(join(tmp, "l2"), join(tmp, "l1"));
symlinkSync(join(tmp, "l1"), join(tmp, "l2"));
const MISSING = join(tmp, "missing");
const fifoCerts = dir("fifo-certs", {});
execFileSync("mkfifo", [join(fifoCerts, "b.pem")]);
const KEY = join(ROOT, "certs-fixtures/keys/p256.pkcs8.pem");
const CERT = join(ROOT, "certs-fixtures/keys/p256.cert.pem");
const PSK = "0sK3ZiY2FmZWJhYmVkZWFkYmVlZmZlZWRmYWNlYmFkZ29vZDAx";
const swanctl = (name: string, line: string) => dir(name, { "swanctl.conf": `${line}\nconnections {}\n` });
const ipsec = (name: string, conf: string, secrets: string) =>
  dir(name, {
    "ipsec.conf": `${conf}\nconn a\n  right=192.0.2.1\n  authby=psk\n  auto=add\n`,
    "ipsec.secrets": `${secrets}\n: PSK ${PSK}\n`,
  });
const plainSwanctl = swanctl("plain-swanctl", "");
const plainIpsec = ipsec("plain-ipsec", "", "");
const cycle = dir("cycle", {
  "swanctl.conf": "include other.conf\n",
  "other.conf": "include swanctl.conf\n",
});

const CASES: Case[] = [
  { name: "inspect FIFO", args: ["inspect", fifo], baseline: ["inspect", MISSING] },
  { name: "pair FIFO KEY", args: ["pair", fifo, KEY], baseline: ["pair", MISSING, KEY] },
  { name: "pair CERT FIFO", args: ["pair", CERT, fifo], baseline: ["pair", CERT, MISSING] },
  { name: "inspect /dev/zero", args: ["inspect", "/dev/zero"], baseline: ["inspect", MISSING] },
  { name: "inspect symlink loop", args: ["inspect", join(tmp, "l1")], baseline: ["inspect", MISSING] },
  ...(
    [
      ["swanctl.conf: include /dev/zero", swanctl("zs", "include /dev/zero"), plainSwanctl],
      ["swanctl.conf: include /dev/urandom", swanctl("us", "include /dev/urandom"), plainSwanctl],
      ["swanctl.conf: include FIFO", swanctl("fs", `include ${fifo}`), plainSwanctl],
      ["swanctl.conf: include /*/*/*", swanctl("gs", "include /*/*/*"), plainSwanctl],
      ["swanctl.conf: include cycle", cycle, plainSwanctl],
      ["ipsec.conf: include /dev/zero", ipsec("zi", "include /dev/zero", ""), plainIpsec],
      ["ipsec.conf: include /dev/urandom", ipsec("ui", "include /dev/urandom", ""), plainIpsec],
      ["ipsec.secrets: include /dev/zero", ipsec("zt", "", "include /dev/zero"), plainIpsec],
      ["ipsec.secrets: include /dev/urandom", ipsec("ut", "", "include /dev/urandom"), plainIpsec],
      ["ipsec.secrets: include FIFO", ipsec("ft", "", `include ${fifo}`), plainIpsec],
    ] as const
  ).map(([name, d, base]) => ({ name: `audit ${name}`, args: ["audit", d], baseline: ["audit", base] })),
  {
    name: "explain --log /dev/zero",
    args: ["explain", "--log", "/dev/zero"],
    baseline: ["explain", "--log", "-"],
  },
  {
    name: "explain --log - < /dev/zero",
    args: ["explain", "--log", "-"],
    stdin: "/dev/zero",
    baseline: ["explain", "--log", "-"],
  },
  {
    name: "explain --log - < /dev/urandom",
    args: ["explain", "--log", "-"],
    stdin: "/dev/urandom",
    baseline: ["explain", "--log", "-"],
  },
  {
    name: "id --batch - < /dev/zero",
    args: ["id", "--batch", "-"],
    stdin: "/dev/zero",
    baseline: ["id", "--batch", "-"],
  },
  {
    name: "chain --batch - < /dev/zero",
    args: ["chain", "--batch", "-"],
    stdin: "/dev/zero",
    baseline: ["chain", "--batch", "-"],
  },
  { name: "chain --batch FIFO", args: ["chain", "--batch", fifo], baseline: ["chain", "--batch", MISSING] },
  {
    name: "chain DIR holding a FIFO",
    args: ["chain", fifoCerts, "--ca", CERT],
    baseline: ["chain", dir("no-certs", {}), "--ca", CERT],
  },
  { name: "psk < /dev/zero", args: ["psk"], stdin: "/dev/zero", baseline: ["psk"] },
];

interface Run {
  code: number | null;
  wallMs: number;
  cpuMs: number;
  rchar: number;
  stderr: string;
}

function run(args: string[], stdin = "/dev/null"): Run {
  const out = join(tmp, "out.json");
  const fd = openSync(stdin, "r");
  const t = performance.now();
  const r = spawnSync(process.execPath, ["--require", hook, BIN, ...args], {
    stdio: [fd, "pipe", "pipe"],
    env: { ...process.env, IKC_BENCH_OUT: out, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  const wallMs = performance.now() - t;
  closeSync(fd);
  const m = JSON.parse(readFileSync(out, "utf8")) as { rchar: number; cpuMs: number };
  return { code: r.status, wallMs, ...m, stderr: r.stderr };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const rows: string[] = [];
rows.push(
  `${"case".padEnd(40)} exit  wall ms  cpu ms  rchar bytes  extra bytes  (median of ${REPEATS})  the one line`,
);
for (const c of CASES) {
  const runs = Array.from({ length: REPEATS }, () => run(c.args, c.stdin));
  const base = Array.from({ length: REPEATS }, () => run(c.baseline));
  const r = runs[0]!;
  const rchar = median(runs.map((x) => x.rchar));
  const extra = rchar - median(base.map((x) => x.rchar));
  const onStdout = c.args[0] === "audit" ? "(finding on stdout)" : "(error record on stdout)";
  const line = (r.stderr.trim() || onStdout).replaceAll(tmp, "<tmp>").slice(0, 110);
  rows.push(
    `${c.name.padEnd(40)} ${String(r.code).padStart(4)} ${median(runs.map((x) => x.wallMs))
      .toFixed(0)
      .padStart(8)} ${median(runs.map((x) => x.cpuMs))
      .toFixed(0)
      .padStart(7)} ${String(rchar).padStart(12)} ${String(extra).padStart(12)}  ${line}`,
  );
}
process.stdout.write(`${rows.join("\n")}\n`);
rmSync(tmp, { recursive: true, force: true });
