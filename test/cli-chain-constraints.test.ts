/**
 * `ikecert chain` on the committed constraint fixtures (certs-fixtures/constraints/): name
 * constraints and `--policy` per release, `decidedBy` in --json, bad --policy values.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-helper.js";

const F = "certs-fixtures/constraints";
const POLICY = "1.3.6.1.4.1.36906.1.1";
const chain = (cert: string, ca: string, ...more: string[]) =>
  runCli(["chain", `${F}/${cert}`, "--ca", `${F}/${ca}`, ...more]);

describe("ikecert chain: name constraints and policies", () => {
  it("a name outside the permitted subtree: exit 1, decidedBy nameConstraints, charon's line per release", async () => {
    const old = await chain("vpn-other.pem", "corp-root.pem", "--strongswan", "5.9.8", "--json");
    expect(old.code).toBe(1);
    const j = JSON.parse(old.stdout);
    expect(j.result.decidedBy).toBe("nameConstraints");
    expect(j.findings.map((f: { log: string }) => f.log)).toContain(
      "certificate 'C=CH, O=Example Corp, CN=vpn.example.org' does not match permitted name constraint 'corp.example'",
    );
    const now = JSON.parse(
      (await chain("vpn-other.pem", "corp-root.pem", "--strongswan", "6.0.6", "--json")).stdout,
    );
    expect(now.findings[0].log).toBe(
      "subject alternative name 'vpn.example.org' of certificate 'C=CH, O=Example Corp, CN=vpn.example.org' does not match any permitted name constraints",
    );
  });

  it("inside the subtree: exit 0; under the excluded subtree: exit 1", async () => {
    expect((await chain("vpn-corp.pem", "corp-root.pem")).code).toBe(0);
    const lab = await chain("vpn-lab.pem", "corp-root.pem", "--strongswan", "5.9.8");
    expect(lab.code).toBe(1);
    expect(lab.stdout).toContain("CHAIN_NAME_EXCLUDED");
  });

  it("a name in other case: refused by 5.9.8, accepted by Debian's 5.9.8-5+deb12u6 (CVE-2026-35331 backport)", async () => {
    const old = await chain("vpn-case.pem", "corp-root.pem", "--strongswan", "5.9.8");
    expect(old.code).toBe(1);
    expect(old.stdout).toMatch(/matches when case is ignored/);
    expect((await chain("vpn-case.pem", "corp-root.pem", "--strongswan", "5.9.8-5+deb12u6")).code).toBe(0);
    expect((await chain("vpn-case.pem", "corp-root.pem", "--strongswan", "6.0.6")).code).toBe(0);
  });

  it("--policy: a root without policies carries none before 6.0.1", async () => {
    const old = await chain(
      "policy-client.pem",
      "policy-root.pem",
      "--policy",
      POLICY,
      "--strongswan",
      "5.9.8",
      "--json",
    );
    expect(old.code).toBe(1);
    const j = JSON.parse(old.stdout);
    expect(j.result.decidedBy).toBe("policy");
    expect(j.result.certPolicies).toEqual([]);
    expect(j.findings.map((f: { code: string }) => f.code)).toEqual([
      "CHAIN_POLICY_NOT_ALLOWED",
      "CHAIN_POLICY_REQUIRED",
    ]);
    const now = await chain(
      "policy-client.pem",
      "policy-root.pem",
      "--policy",
      POLICY,
      "--strongswan",
      "6.0.6",
    );
    expect(now.code).toBe(0);
    expect(now.stdout).toContain(
      `certificate policies the chain carries (what cert_policy can require): ${POLICY}`,
    );
  });

  it("a --policy that is not a dotted OID is a usage error (exit 2, one line)", async () => {
    const r = await chain("vpn-corp.pem", "corp-root.pem", "--policy", "gold");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--policy "gold" is not a dotted OID/);
  });

  it("--help names the option and the releases", async () => {
    const r = await runCli(["chain", "--help"]);
    expect(r.stdout).toMatch(/--policy <oid>/);
    expect(r.stdout).toMatch(/5\.9\.8-5\+deb12u4/);
  });
});
