import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

describe("npm package", () => {
  it("packs into a tarball that installs in an empty folder, where npx ikecert --help works", () => {
    const out = mkdtempSync(join(tmpdir(), "ikecert-pack-"));
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", out], {
      cwd: root,
      stdio: "ignore",
    });
    const tgz = readdirSync(out).find((f) => f.endsWith(".tgz"));
    expect(tgz).toBeDefined();
    const app = join(out, "app");
    execFileSync("mkdir", ["-p", app]);
    execFileSync("npm", ["init", "-y"], { cwd: app, stdio: "ignore" });
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(out, tgz!)], {
      cwd: app,
      stdio: "ignore",
    });
    const help = spawnSync("npx", ["--no-install", "ikecert", "--help"], { cwd: app, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: ikecert");
    expect(help.stdout).toContain("inspect");
    // the library entry point resolves through the exports map
    const lib = spawnSync(
      "node",
      [
        "--input-type=module",
        "-e",
        "import('ikecert').then(m => console.log(typeof m.loadFile, typeof m.inspectFiles))",
      ],
      { cwd: app, encoding: "utf8" },
    );
    expect(lib.stdout.trim()).toBe("function function");

    // the README's provisioning example and the subpaths type-check against the installed package
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
        'import { encodeMessage, isReadOnlyCommand } from "ikecert/vici";',
        'const c: SwanctlConf = parseSwanctlConf("connections {}", "swanctl.conf");',
        'const id: Identity = parseIdentity("vpn.example.com");',
        'const p = swanctlProposals("IKE", ["aes128-sha256-ecp256"]).proposals.map((x) => formatProposal(x));',
        "export const all = [c, id, MATCH.PERFECT, p, encodeMessage({}), isReadOnlyCommand('version')];",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(app, "tsconfig.json"),
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
          typeRoots: [join(root, "node_modules/@types")],
          types: ["node"],
        },
        files: ["provision.mjs", "subpaths.ts"],
      }),
    );
    const tsc = spawnSync("node", [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: app,
      encoding: "utf8",
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    // ... and a type error in it is caught (the check is real)
    writeFileSync(
      join(app, "provision.mjs"),
      example!.replace("checkKeyPair(cert, key)", "checkKeyPair(cert)"),
    );
    const bad = spawnSync("node", [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: app,
      encoding: "utf8",
    });
    expect(bad.stdout).toMatch(/provision\.mjs.*error TS2554/);
  }, 240_000);
});
