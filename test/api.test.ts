import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as config from "../lib/entry/config.js";
import * as identity from "../lib/entry/identity.js";
import * as proposals from "../lib/entry/proposals.js";
import * as release from "../lib/entry/release.js";
import * as vici from "../lib/entry/vici.js";
import * as api from "../lib/index.js";

/**
 * Issue 18: the public API is small enough to read in one sitting, and the README defends it.
 * The surface itself (types included) is guarded by `npm run lint` (scripts/api.mjs, etc/*.api.md).
 */
const root = resolve(import.meta.dirname, "..");
const readme = readFileSync(resolve(root, "README.md"), "utf8");
const library = readme.slice(
  readme.indexOf("\n## Library"),
  readme.indexOf("\n## ", readme.indexOf("\n## Library") + 1),
);

describe("public API", () => {
  const runtime = Object.keys(api).sort();

  it("the root exports at most 40 runtime values", () => {
    expect(runtime.length).toBeGreaterThan(20);
    expect(runtime.length).toBeLessThanOrEqual(40);
  });

  it("the README's library section names every runtime export of the root", () => {
    expect(library.length).toBeGreaterThan(500);
    expect(runtime.filter((name) => !library.includes(`\`${name}`))).toEqual([]);
  });

  it("the README names each subpath, and each subpath has runtime exports of its own", () => {
    const subpaths = { identity, config, proposals, release, vici };
    for (const [name, mod] of Object.entries(subpaths)) {
      expect(library, `README names ikecert/${name}`).toContain(`ikecert/${name}`);
      expect(Object.keys(mod).filter((k) => !(k in api)).length, name).toBeGreaterThan(3);
    }
  });

  it("package.json maps each subpath to its entry with the same conditions as the root", () => {
    const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
      exports: Record<string, Record<string, string> | string>;
    };
    const shape = Object.keys(pkg.exports["."] as Record<string, string>);
    for (const name of ["identity", "config", "proposals", "release", "vici"]) {
      const entry = pkg.exports[`./${name}`] as Record<string, string>;
      expect(Object.keys(entry), name).toEqual(shape);
      for (const target of Object.values(entry))
        expect(target).toMatch(new RegExp(`^\\./dist/lib/entry/${name}\\.`));
    }
  });
});
