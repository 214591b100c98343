import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readTextFile } from "../lib/index.js";

/**
 * ikecert's version, read from its package.json: the nearest one named "ikecert" above this module
 * (dist/cli/ when built, cli/ from source, or wherever a bundler put it). One small file read (well
 * under a millisecond), so start-up does not notice; "unknown" if the file is missing.
 */
export function packageVersion(from: string = moduleFile()): string {
  let dir = dirname(from.startsWith("file:") ? fileURLToPath(from) : from);
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readTextFile(join(dir, "package.json"), { maxBytes: 1024 * 1024 })) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "ikecert" && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look one folder up
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return "unknown";
}

/** This module's file: import.meta.url as an ES module, __filename inside the CommonJS bundle. */
function moduleFile(): string {
  return typeof __filename === "string" ? __filename : import.meta.url;
}
