import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The package as users get it: `npm pack`, installed from the tarball in an empty folder, used from
 * the command line, from an ES module, from a CommonJS script (`require`, Node 20.19+ loads the ES
 * module) and from TypeScript (a CommonJS project under `moduleResolution: nodenext`, and `bundler`).
 *
 * Offline: the package's dependencies are already installed for this checkout; they are linked into
 * the empty folder first, so `npm install --offline` finds every one of them there and only unpacks
 * the tarball (it fails rather than fetch anything). Node resolves a linked package's own
 * dependencies from where it really lies.
 */
const root = resolve(import.meta.dirname, "..");
const out = mkdtempSync(join(tmpdir(), "ikecert-pack-"));
const app = join(out, "app");
const GATEWAY = join(root, "certs-fixtures/sample/x509/gateway.pem");
const TSC = join(root, "node_modules/typescript/bin/tsc");
afterAll(() => rmSync(out, { recursive: true, force: true }));

function link(name: string): void {
  const to = join(app, "node_modules", name);
  mkdirSync(dirname(to), { recursive: true });
  symlinkSync(join(root, "node_modules", name), to);
}

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: app, encoding: "utf8", timeout: 60_000 });
}

function tsc(project: string) {
  return spawnSync(process.execPath, [TSC, "-p", project], { cwd: app, encoding: "utf8", timeout: 240_000 });
}

beforeAll(() => {
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", out], {
    cwd: root,
    stdio: "ignore",
  });
  const tgz = readdirSync(out).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error("npm pack wrote no tarball");
  mkdirSync(app);
  // a CommonJS project (no "type"), as most provisioning scripts are
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  for (const dep of Object.keys(pkg.dependencies)) link(dep);
  execFileSync(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(out, tgz)],
    { cwd: app, stdio: "pipe" },
  );
  // the TypeScript consumer's own development dependency (npm would prune it as extraneous)
  link("@types/node");
  writeFileSync(
    join(app, "use.ts"),
    `import { IkecertError, loadFile, parseIdentity } from "ikecert";
const typeName: string = parseIdentity("vpn.example.com").typeName;
loadFile(process.argv[2]!).then((f) => {
  const subject = f.items[0]?.kind === "certificate" ? f.items[0].subject.printed : "";
  console.log(typeName, subject, new IkecertError("USAGE", "x") instanceof Error);
});
`,
  );
  // a wrong use: the types are real, not \`any\`
  writeFileSync(
    join(app, "wrong.ts"),
    `import { parseIdentity } from "ikecert";
export const n: number = parseIdentity("vpn.example.com").typeName;
`,
  );
}, 300_000);

describe("npm package", () => {
  it("installs from the tarball offline; npx ikecert --help works", () => {
    const help = spawnSync("npx", ["--no-install", "ikecert", "--help"], { cwd: app, encoding: "utf8" });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain("Usage: ikecert");
    expect(help.stdout).toContain("inspect");
  });

  it("ships both bundles of the binary with their code caches, and each answers with its cache", () => {
    const dist = join(app, "node_modules/ikecert/dist");
    for (const f of [
      "ikecert.cjs",
      "ikecert-id.cjs",
      "ikecert-id.cache",
      "ikecert-main.cjs",
      "ikecert-main.cache",
    ])
      expect(existsSync(join(dist, f)), f).toBe(true);
    const env = { ...process.env, IKECERT_CODE_CACHE_REPORT: "1", IKECERT_STRONGSWAN: "6.0.6" };
    const run = (args: string[]) =>
      spawnSync("npx", ["--no-install", "ikecert", ...args], { cwd: app, encoding: "utf8", env });
    // the plain `id CERT ID` goes to dist/ikecert-id.cjs, everything else to dist/ikecert-main.cjs
    const id = run(["id", GATEWAY, "vpn.example.com"]);
    expect(id.status, id.stderr).toBe(0);
    expect(id.stdout).toMatch(
      /^OK 1 of 1 identity proven .*\nrules of strongSwan 6\.0\.6 \(IKECERT_STRONGSWAN\)/,
    );
    expect(id.stderr).toBe("ikecert: code cache used\n");
    const inspect = run(["inspect", GATEWAY, "--strongswan", "5.9.8"]);
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(inspect.stdout).toContain("\nrules of strongSwan 5.9.8 (--strongswan)\n");
    expect(inspect.stderr).toBe("ikecert: code cache used\n");
  });

  it("an .mjs script imports it", () => {
    writeFileSync(
      join(app, "use.mjs"),
      `import { loadFile, parseIdentity } from "ikecert";
const f = await loadFile(process.argv[2]);
console.log(parseIdentity("192.0.2.1").typeName, f.items[0].subject.printed);
`,
    );
    const r = node(["use.mjs", GATEWAY]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ID_IPV4_ADDR C=CH, O=Example VPN, CN=vpn.example.com\n");
  });

  it("a .cjs script requires it: the same module as import (one IkecertError class), no warning", () => {
    writeFileSync(
      join(app, "use.cjs"),
      `const ikecert = require("ikecert");
ikecert.loadFile(process.argv[2]).then(async (f) => {
  const esm = await import("ikecert");
  console.log(ikecert.parseIdentity("alice@example.com").typeName, f.items[0].subject.printed);
  console.log(ikecert.IkecertError === esm.IkecertError, typeof ikecert.inspectFilesDetailed);
  // the lazily imported parts (pkijs, @peculiar/x509) load from a required module too
  const r = await ikecert.inspectFilesDetailed([f]);
  console.log(Array.isArray(r.items[0].otherExtensions));
});
`,
    );
    const r = node(["use.cjs", GATEWAY]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ID_RFC822_ADDR C=CH, O=Example VPN, CN=vpn.example.com\ntrue function\ntrue\n");
  });

  it("TypeScript, a CommonJS project under moduleResolution nodenext: types resolve, the output runs", () => {
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "nodenext", moduleResolution: "nodenext", strict: true, outDir: "out" },
        files: ["use.ts", "wrong.ts"],
      }),
    );
    const r = tsc("tsconfig.json");
    // exactly the one wrong line is refused; everything else type-checks against ikecert's .d.ts
    expect(r.stdout.trim()).toBe(
      "wrong.ts(2,14): error TS2322: Type 'string' is not assignable to type 'number'.",
    );
    expect(readFileSync(join(app, "out/use.js"), "utf8")).toContain('require("ikecert")');
    const run = node(["out/use.js", GATEWAY]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("ID_FQDN C=CH, O=Example VPN, CN=vpn.example.com true\n");
  }, 300_000);

  it("TypeScript under moduleResolution bundler: types resolve", () => {
    writeFileSync(
      join(app, "tsconfig.bundler.json"),
      JSON.stringify({
        compilerOptions: { module: "preserve", moduleResolution: "bundler", strict: true, noEmit: true },
        files: ["use.ts", "wrong.ts"],
      }),
    );
    const r = tsc("tsconfig.bundler.json");
    expect(r.stdout.trim()).toBe(
      "wrong.ts(2,14): error TS2322: Type 'string' is not assignable to type 'number'.",
    );
  }, 300_000);
  it("the README's provisioning example and the subpaths type-check against the installed package; the subpaths load from require and import", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const start = readme.indexOf("A provisioning step that refuses to deploy");
    const example = /```js\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
    expect(example).toContain('from "ikecert"');
    writeFileSync(join(app, "provision.mjs"), example!);
    writeFileSync(
      join(app, "subpaths.ts"),
      [
        'import { parseSwanctlConf, type SwanctlConf } from "ikecert/config";',
        'import { type Identity, MATCH, parseIdentity } from "ikecert/identity";',
        'import { formatProposal, swanctlProposals } from "ikecert/proposals";',
        'import { type InstalledRelease, versionInOutput } from "ikecert/release";',
        'import { encodeMessage, isReadOnlyCommand } from "ikecert/vici";',
        'const c: SwanctlConf = parseSwanctlConf("connections {}", "swanctl.conf");',
        'const id: Identity = parseIdentity("vpn.example.com");',
        'const p = swanctlProposals("IKE", ["aes128-sha256-ecp256"]).proposals.map((x) => formatProposal(x));',
        "const r: InstalledRelease | null = null;",
        "export const all = [c, id, MATCH.PERFECT, p, encodeMessage({}), isReadOnlyCommand('version'), r, versionInOutput('')];",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(app, "tsconfig.provision.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          strict: true,
          allowJs: true,
          checkJs: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["provision.mjs", "subpaths.ts"],
      }),
    );
    const ok = tsc("tsconfig.provision.json");
    expect(ok.stdout + ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    // ... and a type error in it is caught (the check is real)
    writeFileSync(
      join(app, "provision.mjs"),
      example!.replace("checkKeyPair(cert, key)", "checkKeyPair(cert)"),
    );
    const bad = tsc("tsconfig.provision.json");
    expect(bad.stdout).toMatch(/provision\.mjs.*error TS2554/);
    // every subpath loads from CommonJS and from an ES module, as the same module
    writeFileSync(
      join(app, "subpaths.cjs"),
      `const names = ["identity", "config", "proposals", "release", "vici"];
Promise.all(names.map((n) => import("ikecert/" + n))).then((esm) => {
  console.log(names.map((n, i) => {
    const cjs = require("ikecert/" + n);
    return Object.keys(cjs).length > 3 && Object.keys(cjs).every((k) => cjs[k] === esm[i][k]);
  }).join(" "));
});
`,
    );
    const r = node(["subpaths.cjs"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("true true true true true\n");
  }, 300_000);
});
