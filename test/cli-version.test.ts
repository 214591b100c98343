import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { packageVersion } from "../cli/version.js";
import { ROOT, runCli } from "./cli-helper.js";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

describe("ikecert --version", () => {
  it("prints the version of package.json", async () => {
    for (const flag of ["--version", "-V"]) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });
  it("finds package.json from the source and the built module, and says unknown without one", () => {
    expect(packageVersion(pathToFileURL(join(ROOT, "cli", "version.ts")).href)).toBe(pkg.version);
    expect(packageVersion(pathToFileURL(join(ROOT, "dist", "cli", "version.js")).href)).toBe(pkg.version);
    const lonely = mkdtempSync(join(tmpdir(), "ikc-cleanup-version-"));
    try {
      expect(packageVersion(pathToFileURL(join(lonely, "a", "b", "main.js")).href)).toBe("unknown");
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  });
});
