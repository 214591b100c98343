import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
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
  }, 180_000);
});
