/**
 * The fast starts of the bin (dist/ikecert.cjs), beyond test/startup.test.ts: `id --batch FILE|-`
 * without other options runs the small id bundle (no commander, no other command) and answers like
 * the tsc build, and so do `chain CERT` and `chain --batch FILE|-` (with only --ca/--intermediate) on
 * the chain bundle and `pair CERT [KEY|DIR...]` on the pair bundle; the one-certificate `id` loads
 * neither node:crypto nor node:v8 nor the stream classes (node's own `process.stdout` included) when
 * stdout is a pipe, a file or /dev/null; its answer is whole however long it is. Build first:
 * `npm run build`.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CLI, ROOT } from "./cli-helper.js";

const S = "certs-fixtures/sample";
const tmp = mkdtempSync(join(tmpdir(), "ikc-speed-fast-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Stdout = "pipe" | "devnull" | "file";
function run(
  script: string,
  args: string[],
  o: { input?: string; env?: Record<string, string>; stdout?: Stdout; node?: string[] } = {},
) {
  const where = o.stdout ?? "pipe";
  const outFile = join(tmp, "stdout.txt");
  const fd =
    where === "devnull" ? openSync("/dev/null", "w") : where === "file" ? openSync(outFile, "w") : null;
  try {
    const r = spawnSync(process.execPath, [...(o.node ?? []), script, ...args], {
      cwd: ROOT,
      encoding: "utf8",
      input: o.input ?? "",
      maxBuffer: 1 << 26,
      stdio: ["pipe", fd ?? "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", IKECERT_PASSPHRASE: undefined, ...o.env },
    });
    return {
      code: r.status,
      stdout: where === "file" ? readFileSync(outFile, "utf8") : (r.stdout ?? ""),
      stderr: r.stderr,
    };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A bin (the loader) beside only these files of dist/: a route to any other bundle fails. */
function binWith(name: string, files: string[]): string {
  const only = join(tmp, name);
  rmSync(only, { recursive: true, force: true });
  mkdirSync(only);
  for (const f of ["ikecert.cjs", ...files]) copyFileSync(join(ROOT, "dist", f), join(only, f));
  return join(only, "ikecert.cjs");
}

/** A bin without the full program fails on `args` naming its bundle: the loader routed them there. */
function expectFullProgram(bin: string, args: string[], input = ""): void {
  const r = run(bin, args, { input });
  expect(r.stderr, args.join(" ")).toContain("ikecert-main.cjs");
  expect(r.stdout).toBe("");
}

const lines = [
  { cert: `${S}/x509/gateway.pem`, ids: ["vpn.example.com", "other.example.com"] },
  { cert: `${S}/x509/rw-rsa.pem`, ids: ["alice@example.com"] },
  { cert: "certs-fixtures/broken/wildcard-san.pem", ids: ["vpn.example.com"] },
  { cert: `${S}/x509/missing.pem`, ids: ["vpn.example.com"] },
]
  .map((x) => JSON.stringify(x))
  .concat(["not json", ""])
  .join("\n");

describe("id --batch through the fast bundle", () => {
  // a bin with the id bundle only: whatever it answers, the id bundle answered
  const bin = binWith("only-id", ["ikecert-id.cjs", "ikecert-id.cache", "ikecert-id-batch.cache"]);

  test("stdin and a file: the lines, stderr and exit code of the tsc build", () => {
    const req = join(tmp, "req.jsonl");
    writeFileSync(req, lines);
    for (const [args, input] of [
      [["id", "--batch", "-"], lines],
      [["id", "--batch", req], ""],
      [["id", "--batch", join(tmp, "no-such.jsonl")], ""],
    ] as const) {
      const a = run(bin, [...args], { input });
      expect(a, args.join(" ")).toEqual(run(CLI, [...args], { input }));
    }
    expect(run(bin, ["id", "--batch", "-"], { input: lines }).code).toBe(2);
  }, 60_000);

  test("--jobs N: the worker threads check with the id bundle too, and answer like the tsc build", () => {
    const args = ["id", "--batch", "-", "--jobs", "2"];
    // this bin has no main bundle: a worker routed there could not start, and the lines would differ
    expect(run(bin, args, { input: lines })).toEqual(run(CLI, args, { input: lines }));
    // every thread that reports loaded the id bundle with its cache (a worker's report travels to
    // stderr through the main thread and may be cut off when the batch ends, so only the main
    // thread's is certain)
    const r = run(bin, args, { input: lines, env: { IKECERT_CODE_CACHE_REPORT: "1" } });
    const reports = r.stderr.split("\n").filter(Boolean);
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(new Set(reports)).toEqual(new Set(["ikecert: code cache used"]));
  }, 60_000);

  test("with its own code cache (made under the batch's V8 flag)", () => {
    const r = run(bin, ["id", "--batch", "-"], { input: lines, env: { IKECERT_CODE_CACHE_REPORT: "1" } });
    expect(r.stderr).toBe("ikecert: code cache used\n");
  });

  test("any other option goes to the full program (missing from this bin)", () => {
    for (const args of [
      ["id", "--batch", "-", "--jobs", "1", "--json"],
      ["id", "--batch", "-", "--jobs=2"],
      ["id", "--batch", "--json"],
      ["id", "--batch=-"],
    ])
      expectFullProgram(bin, args, lines);
  });
});

describe("chain and chain --batch through the chain bundle", () => {
  // a bin with the chain bundle only: whatever it answers, the chain bundle answered
  const bin = binWith("only-chain", [
    "ikecert-chain.cjs",
    "ikecert-chain.cache",
    "ikecert-chain-batch.cache",
  ]);
  const chains = [
    { cert: `${S}/x509/gateway.pem`, ca: [`${S}/x509ca`] },
    { cert: `${S}/x509/rw-rsa.pem` },
    { cert: "certs-fixtures/broken/wildcard-san.pem", ca: [`${S}/x509ca/ca.pem`] },
    { cert: `${S}/x509/missing.pem` },
  ]
    .map((x) => JSON.stringify(x))
    .concat(["not json", ""])
    .join("\n");

  test("stdin and a file, with --ca and --intermediate: the tsc build's lines, stderr and exit code", () => {
    const req = join(tmp, "chains.jsonl");
    writeFileSync(req, chains);
    for (const [args, input] of [
      [["chain", "--batch", "-"], chains],
      [["chain", "--batch", req, "--ca", `${S}/x509ca`], ""],
      [["chain", "--batch", "-", "--ca", `${S}/x509ca`, "--intermediate", `${S}/x509`], chains],
      [["chain", "--batch", join(tmp, "no-such.jsonl")], ""],
    ] as const) {
      const a = run(bin, [...args], { input });
      expect(a.stdout.split("\n").length, args.join(" ")).toBeGreaterThan(input ? 5 : 0);
      expect(a, args.join(" ")).toEqual(run(CLI, [...args], { input }));
    }
  }, 60_000);

  test("with its own code cache", () => {
    const r = run(bin, ["chain", "--batch", "-"], { input: chains, env: { IKECERT_CODE_CACHE_REPORT: "1" } });
    expect(r.stderr).toBe("ikecert: code cache used\n");
  });

  test("one certificate, with --ca and --intermediate: the tsc build's answer, stderr and exit code", () => {
    const cases = [
      ["chain", `${S}/x509/gateway.pem`, "--ca", `${S}/x509ca`],
      ["chain", `${S}/x509/rw-rsa.pem`],
      [
        "chain",
        "certs-fixtures/broken/wildcard-san.pem",
        "--ca",
        `${S}/x509ca`,
        "--intermediate",
        `${S}/x509`,
      ],
      ["chain", `${S}/x509/missing.pem`, "--ca", `${S}/x509ca`],
      ["chain", `${S}/x509/gateway.pem`, "--ca", `${S}/no-such-ca`],
    ];
    for (const args of cases) expect(run(bin, args), args.join(" ")).toEqual(run(CLI, args));
    const r = run(bin, cases[0]!, { env: { IKECERT_CODE_CACHE_REPORT: "1" } });
    expect(r.stderr).toBe("ikecert: code cache used\n");
    expect(r.code).toBe(0);
  }, 60_000);

  test("any other option goes to the full program (missing from this bin)", () => {
    for (const args of [
      ["chain", "--batch", "-", "--at", "2030-01-01"],
      ["chain", "--batch", "-", "--ca"],
      ["chain", "--batch", "-", "--json"],
      ["chain", "--batch", "-", "--ca", "--json"],
      ["chain", "--batch=-"],
      ["chain", `${S}/x509/gateway.pem`, "--json"],
      ["chain", `${S}/x509`, "--ca", `${S}/x509ca`],
      ["chain", `${S}/x509/gateway.pem`, "--at", "2030-01-01"],
    ])
      expectFullProgram(bin, args, chains);
  });
});

describe("pair through the pair bundle", () => {
  // a bin with the pair bundle only: whatever it answers, the pair bundle answered
  const bin = binWith("only-pair", ["ikecert-pair.cjs", "ikecert-pair.cache"]);
  const K = "certs-fixtures/keys";
  const passphrase = readFileSync(join(ROOT, K, "PASSPHRASE.txt"), "utf8").trim();

  test("keys, folders, PKCS#12 and passphrases: the tsc build's answer, stderr and exit code", () => {
    const cases: [string[], Record<string, string>][] = [
      [["pair", `${S}/x509/gateway.pem`, `${S}/private/gateway.key`], {}],
      [["pair", `${S}/x509/gateway.pem`], {}],
      [["pair", `${S}/x509/rw-rsa.pem`, `${S}/private`], {}],
      [["pair", `${S}/x509`, `${S}/private`], {}],
      [["pair", `${K}/p256.cert.pem`, `${K}/p256.pkcs8-aes256.pem`], { IKECERT_PASSPHRASE: passphrase }],
      [["pair", `${K}/p256.cert.pem`, `${K}/p256.pkcs8-aes256.pem`], { IKECERT_PASSPHRASE: "wrong" }],
      [["pair", "certs-fixtures/pkcs12/legacy-rc2-40.p12"], { IKECERT_PASSPHRASE: passphrase }],
      [["pair", `${S}/x509/gateway.pem`, "no/such.key"], {}],
    ];
    for (const [args, env] of cases) {
      const a = run(bin, args, { env });
      expect(a.code, args.join(" ")).not.toBeNull();
      expect(a, args.join(" ")).toEqual(run(CLI, args, { env }));
    }
    expect(run(bin, cases[0]![0]).code).toBe(0);
  }, 60_000);

  test("with its own code cache", () => {
    const r = run(bin, ["pair", `${S}/x509/gateway.pem`, `${S}/private/gateway.key`], {
      env: { IKECERT_CODE_CACHE_REPORT: "1" },
    });
    expect(r.stderr).toBe("ikecert: code cache used\n");
  });

  test("any option goes to the full program (missing from this bin)", () => {
    for (const args of [
      ["pair", `${S}/x509/gateway.pem`, "--json"],
      ["pair", `${S}/x509/gateway.pem`, `${S}/private`, "--certs", `${S}/x509`],
    ])
      expectFullProgram(bin, args);
  });
});

describe("what the one-certificate id start loads", () => {
  const probe = join(tmp, "modules.cjs");
  writeFileSync(
    probe,
    `process.on("exit", () => require("fs").writeSync(2, "\\nMODULES " + process.moduleLoadList.join(",") + "\\n"));\n`,
  );
  const modules = (stderr: string) =>
    (stderr.split("\n").find((l) => l.startsWith("MODULES ")) ?? "").slice(8).split(",");

  test.each(["pipe", "devnull", "file"] as const)(
    "stdout a %s: no node:crypto, node:v8 or streams",
    (stdout) => {
      const args = ["id", `${S}/x509/gateway.pem`, "vpn.example.com", "other.example.com"];
      const r = run(join(ROOT, "dist/ikecert.cjs"), args, { node: ["-r", probe], stdout });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(stdout === "devnull" ? "" : run(CLI, args).stdout);
      const m = modules(r.stderr);
      expect(m).toContain("NativeModule fs"); // the probe saw the list
      for (const name of ["NativeModule crypto", "NativeModule v8", "NativeModule stream"])
        expect(m, `${name} with stdout a ${stdout}`).not.toContain(name);
    },
  );

  test("id --batch loads no node:crypto either", () => {
    const r = run(join(ROOT, "dist/ikecert.cjs"), ["id", "--batch", "-"], {
      node: ["-r", probe],
      input: lines,
    });
    expect(modules(r.stderr)).not.toContain("NativeModule crypto");
  });

  test("an answer longer than a pipe's buffer is written whole", () => {
    const ids = Array.from({ length: 1500 }, (_, i) => `host${i}.example.com`);
    const args = ["id", `${S}/x509/gateway.pem`, ...ids];
    const a = run(join(ROOT, "dist/ikecert.cjs"), args);
    expect(a.stdout.length).toBeGreaterThan(200_000);
    expect(a).toEqual(run(CLI, args));
  }, 60_000);
});
