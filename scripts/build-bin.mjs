#!/usr/bin/env node
// npm run build:bin — the `ikecert` binary, made by esbuild (docs/speed.md):
//   dist/ikecert.cjs       cli/bin-loader.ts: picks a bundle, loads it with its V8 code cache
//   dist/ikecert-id.cjs    cli/fast-id-main.ts: `ikecert id CERT ID...` and `ikecert id --batch FILE`
//   dist/ikecert-chain.cjs cli/fast-chain-main.ts: `ikecert chain CERT|--batch FILE [--ca P] [--intermediate P]`
//   dist/ikecert-pair.cjs  cli/fast-pair-main.ts: `ikecert pair CERT [KEY|DIR...]`
//   dist/ikecert-main.cjs  cli/main.ts: every command
//   dist/ikecert-*.cache   the V8 code cache of each bundle (ikecert-id has two: one-certificate
//                          `id`, and `id --batch` under its V8 flag): the bytecode of every function the
//                          common commands compile, from training runs over the sample fixtures
//                          (each starting from the cache of the one before, writing it anew at exit)
// No cache is written for a bundle that calls import() anywhere but lib/lazy-import.ts (import()
// has no loader inside a vm.Script on Node 20): test/startup.test.ts then fails and says why.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "warning",
  logOverride: { "empty-import-meta": "silent" },
  // loaded from node_modules by the few commands that use them (design §6)
  external: ["@zxcvbn-ts/*", "pkijs", "asn1js", "@peculiar/x509", "reflect-metadata"],
};
await build({ ...common, entryPoints: [join(root, "cli/main.ts")], outfile: join(dist, "ikecert-main.cjs") });
await build({
  ...common,
  entryPoints: [join(root, "cli/fast-id-main.ts")],
  outfile: join(dist, "ikecert-id.cjs"),
});
await build({
  ...common,
  entryPoints: [join(root, "cli/fast-chain-main.ts")],
  outfile: join(dist, "ikecert-chain.cjs"),
});
await build({
  ...common,
  entryPoints: [join(root, "cli/fast-pair-main.ts")],
  outfile: join(dist, "ikecert-pair.cjs"),
});
await build({
  ...common,
  entryPoints: [join(root, "cli/bin-loader.ts")],
  outfile: join(dist, "ikecert.cjs"),
  banner: { js: "#!/usr/bin/env node" },
});
chmodSync(join(dist, "ikecert.cjs"), 0o755);

const S = "certs-fixtures/sample";
const B = "certs-fixtures/broken";
const jsonl = (xs) => `${xs.map((x) => JSON.stringify(x)).join("\n")}\n`;
const idLines = [
  { cert: `${S}/x509/gateway.pem`, ids: ["vpn.example.com", "192.0.2.1"] },
  { cert: `${S}/x509/gateway.pem`, ids: ["other.example.com", "198.51.100.7"] },
  { cert: `${S}/x509/rw-rsa.pem`, ids: ["alice@example.com", "C=CH, O=Example VPN, CN=vpn.example.com"] },
  { cert: `${B}/wildcard-san.pem`, ids: ["vpn.example.com"] },
  { cert: `${B}/cn-only.pem`, ids: ["vpn.example.com"] },
];
const chainLines = ["gateway", "rw-rsa", "rw-ecdsa", "rw-ed25519"].map((n) => ({
  cert: `${S}/x509/${n}.pem`,
}));
const training = {
  "ikecert-id": [
    [["id", `${S}/x509/gateway.pem`, "vpn.example.com"]],
    [["id", `${S}/x509/gateway.pem`, "other.example.com", "192.0.2.1"]],
  ],
  // the same bundle under the batch's V8 flags (cli/bin-loader.ts), so a cache of its own
  "ikecert-id-batch": [[["id", "--batch", "-"], jsonl(idLines)]],
  "ikecert-chain": [
    [["chain", `${S}/x509/gateway.pem`, "--ca", `${S}/x509ca`]],
    [["chain", `${S}/x509/rw-rsa.pem`]],
    [["chain", `${B}/wildcard-san.pem`, "--ca", `${S}/x509ca`, "--intermediate", `${S}/x509`]],
  ],
  "ikecert-chain-batch": [
    [["chain", "--batch", "-", "--ca", `${S}/x509ca`], jsonl(chainLines)],
    [
      ["chain", "--batch", "-"],
      jsonl([...chainLines.map((l) => ({ ...l, ca: [`${S}/x509ca`] })), { cert: `${B}/wildcard-san.pem` }]),
    ],
  ],
  "ikecert-pair": [
    [["pair", `${S}/x509/gateway.pem`, `${S}/private/gateway.key`]],
    [["pair", `${S}/x509/gateway.pem`, `${S}/private`]],
    [["pair", `${S}/x509/rw-rsa.pem`, `${S}/private/gateway.key`]],
  ],
  "ikecert-main": [
    [["id", "--batch", "-", "--jobs", "1"], jsonl(idLines)],
    [["id", `${S}/x509/gateway.pem`, "other.example.com", "--json"]],
    [["chain", "--batch", "-", "--ca", `${S}/x509ca`], jsonl(chainLines)],
    [["chain", `${S}/x509/gateway.pem`, "--ca", `${S}/x509ca`]],
    [["pair", `${S}/x509/gateway.pem`, `${S}/private/gateway.key`]],
  ],
};

const bundleOf = (cacheName) => cacheName.replace(/-batch$/, "");
for (const [name, runs] of Object.entries(training)) {
  const cache = join(dist, `${name}.cache`);
  rmSync(cache, { force: true });
  const source = readFileSync(join(dist, `${bundleOf(name)}.cjs`), "utf8");
  const stray = [...source.matchAll(/\bimport\(([^)]*)\)/g)]
    .map((m) => m[1])
    .filter((a) => a !== "specifier");
  if (stray.length) {
    process.stderr.write(
      `build-bin: dist/${bundleOf(name)}.cjs calls import(${stray.join("), import(")}); use lazyImport (lib/lazy-import.ts): no code cache written\n`,
    );
    continue;
  }
  for (const [args, input] of runs) {
    const r = spawnSync(process.execPath, [join(dist, "ikecert.cjs"), ...args], {
      cwd: root,
      input: input ?? "",
      stdio: ["pipe", "ignore", "pipe"],
      env: { ...process.env, IKECERT_CODE_CACHE_TRAIN: "1", NO_COLOR: "1" },
    });
    if (r.status === null || r.status > 1) {
      rmSync(cache, { force: true });
      throw new Error(
        `build-bin: training run 'ikecert ${args.join(" ")}' failed (${r.status}): ${r.stderr}`,
      );
    }
  }
  if (!existsSync(cache)) throw new Error(`build-bin: no code cache was written for ${name}`);
}
