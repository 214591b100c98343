/** `ikecert chain` as a user runs it: the BUILT binary (run `npx tsc -p tsconfig.json` first). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TestPki } from "./chain-pki.js";
import { makeScenarios } from "./chain-scenarios.js";

const BIN = join(import.meta.dirname, "..", "dist", "cli", "main.js");
function ikecert(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "ikecert-cli-chain-"));
const scenarios = makeScenarios(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const argsOf = (s: (typeof scenarios)[number]) => [
  "chain",
  s.ee,
  ...s.ca.flatMap((c) => ["--ca", c]),
  ...s.intermediates.flatMap((c) => ["--intermediate", c]),
  ...(s.at ? ["--at", s.at.toISOString()] : []),
];

describe("ikecert chain", () => {
  it.each(scenarios)("$name", (s) => {
    const text = ikecert(argsOf(s));
    expect(text.stderr).toBe("");
    expect(text.code).toBe(s.trusted ? 0 : 1);
    expect(text.stdout.split("\n")[0]).toMatch(
      s.trusted ? /^OK charon can build/ : /^FAIL charon cannot build/,
    );
    if (s.code) expect(text.stdout).toContain(s.code);
    if (!s.trusted) expect(text.stdout).toMatch(/<- fails here|CHAIN_NO_CA_GIVEN/);
    const json = ikecert([...argsOf(s), "--json"]);
    expect(json.code).toBe(text.code);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ ikecert: 1, command: "chain", ok: s.trusted });
    expect(Object.keys(doc.result).sort()).toEqual([
      "certPolicies",
      "chain",
      "decidedBy",
      "missingIssuer",
      "revocation",
      "trusted",
    ]);
    expect(doc.result.trusted).toBe(s.trusted);
    // an untrusted verdict names the mechanism that decided it; a trusted one none
    if (s.trusted) expect(doc.result.decidedBy).toBeNull();
    else
      expect(doc.result.decidedBy).toMatch(
        /^(issuer|validity|pathLength|pathLimit|keyUsage|unloadable|revocation)$/,
      );
    expect(doc.result.chain[0]).toMatchObject({ role: "end-entity", trusted: s.ca.includes(s.ee) });
    for (const l of doc.result.chain)
      expect(Object.keys(l).sort()).toEqual(["file", "issuer", "role", "subject", "trusted"]);
  });

  it("reads a certbot-style fullchain.pem: leaf first, intermediate after it", () => {
    const p = new TestPki(dir);
    p.cert("le-root", {
      cn: "ISRG Root X1",
      subject: "/C=US/O=Internet Security Research Group/CN=ISRG Root X1",
      ca: true,
    });
    p.cert("le-int", {
      cn: "R11",
      subject: "/C=US/O=Let's Encrypt/CN=R11",
      ca: true,
      pathlen: 0,
      issuer: "le-root",
    });
    p.cert("le-leaf", { cn: "vpn.example.org", subject: "/CN=vpn.example.org", issuer: "le-int", days: 90 });
    const full = join(dir, "fullchain.pem");
    writeFileSync(full, readFileSync(p.path("le-leaf"), "utf8") + readFileSync(p.path("le-int"), "utf8"));
    const ok = ikecert(["chain", full, "--ca", p.path("le-root")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('"C=US, O=Let\'s Encrypt, CN=R11" (intermediate)');
    expect(ok.stdout).toContain("CHAIN_FILE_MULTIPLE_CERTS");
    const noRoot = ikecert(["chain", full, "--json"]);
    expect(noRoot.code).toBe(1);
    const doc = JSON.parse(noRoot.stdout);
    expect(doc.result.missingIssuer.dn).toBe("C=US, O=Internet Security Research Group, CN=ISRG Root X1");
    expect(doc.findings.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(["CHAIN_FILE_MULTIPLE_CERTS", "CHAIN_NO_CA_GIVEN", "CHAIN_MISSING_ISSUER"]),
    );
  });

  it("takes a folder as --ca, like x509ca/", () => {
    const s = scenarios.find((x) => x.name === "valid: intermediate in x509ca too")!;
    const ca = join(dir, "x509ca");
    spawnSync("mkdir", ["-p", ca]);
    for (const f of s.ca) writeFileSync(join(ca, f.split("/").pop()!), readFileSync(f));
    expect(ikecert(["chain", s.ee, "--ca", ca]).code).toBe(0);
  });

  it("fails cleanly on unusable input", () => {
    const missing = ikecert(["chain", join(dir, "nope.pem")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ikecert: /);
    const bad = ikecert(["chain", scenarios[0]!.ee, "--rdn-matching", "loose"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--rdn-matching/);
    const at = ikecert(["chain", scenarios[0]!.ee, "--at", "yesterday"]);
    expect(at.code).toBe(2);
  });
  it("checks --strongswan as every command does", () => {
    const r = ikecert(["chain", scenarios[0]!.ee, "--strongswan", "banana"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ikecert: --strongswan "banana" is not a release; write e.g. 5.9.8 or 6.0\n');
  });
});
