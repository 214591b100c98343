import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

describe("README", () => {
  it("shows the real output of every example (node scripts/readme.mjs refreshes them)", () => {
    const r = spawnSync("node", ["scripts/readme.mjs", "--check"], { cwd: root, encoding: "utf8" });
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);

  it("shows the set-up and test commands, and every command of the CLI", () => {
    const readme = readFileSync(resolve(root, "README.md"), "utf8");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
    const help = spawnSync("node", ["dist/cli/main.js", "--help"], { cwd: root, encoding: "utf8" }).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((c) => c !== "help");
    expect(commands.length).toBeGreaterThan(5);
    for (const c of commands) expect(readme, `README documents ${c}`).toContain(`### \`ikecert ${c}`);
  });
});
