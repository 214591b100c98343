import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IkecertError, loadFile } from "../lib/index.js";
import { type CliResult, runCli } from "./cli-helper.js";
import { KEYS_DIR, P12_DIR, PASSPHRASE_FILE } from "./input/fixtures.js";

/** Exit 2, nothing on stdout, exactly one line on stderr, `ikecert: ` first, no stack trace. */
function expectOneLineError(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(lines[0]).toMatch(/^ikecert: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(lines[0]).toMatch(pattern);
}

// The table of bad inputs (missing, empty, garbage, truncated, PEM, passphrases, PKCS#12, limits, ...) is
// test/cli-bad-input.test.ts, which also writes docs/robustness.md.

describe("the CLI on unusable input: exit 2, one line on stderr, no stack trace", () => {
  it("the passphrase never appears in the error", async () => {
    const r = await runCli(["inspect", join(P12_DIR, "legacy-3des.p12")], {
      env: { IKECERT_PASSPHRASE: "Sup3r-S3cret-Wr0ng" },
    });
    expectOneLineError(r, /wrong password/);
    expect(r.stderr).not.toContain("Sup3r-S3cret-Wr0ng");
  });

  it("opens the same files with the right passphrase (the errors above are not the CLI's only answer)", async () => {
    const r = await runCli([
      "inspect",
      "--passphrase-file",
      PASSPHRASE_FILE,
      join(P12_DIR, "legacy-rc2-40.p12"),
      join(KEYS_DIR, "rsa2048.trad-des3.pem"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("loadFile on a folder", () => {
  it("is IS_DIRECTORY with a one-line message naming the folder", async () => {
    const err = await loadFile(KEYS_DIR).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IkecertError);
    expect((err as IkecertError).code).toBe("IS_DIRECTORY");
    expect((err as IkecertError).message).toBe(
      `${KEYS_DIR}: is a folder; name the files in it, or use a command that takes folders`,
    );
    expect((err as IkecertError).file).toBe(KEYS_DIR);
  });
});
