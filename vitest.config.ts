import { defineConfig } from "vitest/config";
import { NEWEST_RELEASE } from "./lib/release.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // one summary line of the tests skipped for a missing program (test/needs.ts)
    globalSetup: ["test/setup/skips.ts"],
    // every CLI the tests start applies the same rules on every machine, whatever strongSwan is
    // installed; the tests of release detection unset it (test/release-detect.test.ts)
    env: { IKECERT_STRONGSWAN: NEWEST_RELEASE },
  },
});
