import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { auditConfig, type Finding, loadConfig } from "../../lib/index.js";
import { ROOT, runCli } from "../cli-helper.js";
import { everyCommand, SAMPLE_LOG } from "../every-command.js";

/**
 * A predicted log line is a line charon prints: never a placeholder (`<KEY>`, `%N`, `%T`). Where
 * charon's `no trusted %N public key found` names a key type ikecert cannot know (the peer's
 * certificate), the line names the types it can be (issue 13).
 */
const FX = join(ROOT, "certs-fixtures");
const AT = new Date("2030-01-01T00:00:00Z");
const dir = mkdtempSync(join(tmpdir(), "ikc-logs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PLACEHOLDER = /<[^<>]*>|%[A-Za-z]/;

/** The noca fixture (no CA loaded) with this swanctl.conf. */
async function auditWith(name: string, conf: string): Promise<Finding[]> {
  const d = join(dir, name);
  cpSync(join(FX, "audit/noca"), d, { recursive: true });
  writeFileSync(join(d, "swanctl.conf"), conf);
  const { config, refs } = await loadConfig(d);
  const r = await auditConfig(config, { refs, at: AT });
  return [...r.findings, ...r.connections.flatMap((c) => c.findings)];
}

const conf = (local: string, remote: string) => `connections {
  rw {
    local {
      auth = pubkey
      certs = gw.pem
      id = ${local}
    }
    remote {
      ${remote}
    }
  }
}
`;

describe("no trusted %N public key found: the key type named", () => {
  it("a remote round with auth = pubkey: the peer's key decides, every type charon can name is listed", async () => {
    const f = (
      await auditWith("pubkey", conf("gw.example.com", "auth = pubkey\n      id = *@example.com"))
    ).find((x) => x.code === "REMOTE_NO_TRUSTED_CA")!;
    expect(f.log).toBe(
      "no trusted RSA public key found for the identity the peer sends (or ECDSA, ED25519, ED448: charon names the key type of the peer's certificate)",
    );
  });

  it("a remote round whose auth pins the key type, with an exact id: that one line", async () => {
    const f = (
      await auditWith("ecdsa", conf("gw.example.com", "auth = ecdsa-sha384\n      id = carol@example.com"))
    ).find((x) => x.code === "REMOTE_NO_TRUSTED_CA")!;
    expect(f.log).toBe("no trusted ECDSA public key found for 'carol@example.com'");
  });

  it("a local id no certificate proves: the peer names this host's key type (gw.pem: ECDSA)", async () => {
    const f = (await auditWith("local", conf("ipv4:192.0.2.1", "auth = pubkey"))).find(
      (x) => x.code === "ID_PREFIX_STORED_AS_TEXT",
    )!;
    expect(f.log).toBe("no trusted ECDSA public key found for '49.57.50.46' (logged by the peer)");
  });
});

describe("no placeholder in any predicted log line", () => {
  it("the pattern finds the placeholders it is meant to", () => {
    for (const bad of ["no trusted <KEY> public key found", "found for '<peer id>'", "valid from %T to %T"])
      expect(bad).toMatch(PLACEHOLDER);
    expect("no trusted RSA public key found for 'C=CH, CN=a'").not.toMatch(PLACEHOLDER);
  });

  const log = join(dir, "charon.log");
  writeFileSync(log, SAMPLE_LOG);
  const runs = [
    ...everyCommand(FX, join(FX, "keys/PASSPHRASE.txt"))
      .filter((i) => i.args.includes("--json"))
      .map((i) => ({ ...i, args: i.args.map((a) => (a.endsWith("charon-robust.log") ? log : a)) })),
    ...["audit/noca", "audit/swanctl", "audit/ipsec"].map((d) => ({
      name: `audit ${d}`,
      args: ["audit", "--json", "--at", "2030-01-01", join(FX, d)],
    })),
    {
      name: "inspect broken/ (expired, not yet valid, ...)",
      args: [
        "inspect",
        "--json",
        "--at",
        "2030-01-01",
        ...[
          "expired",
          "not-yet-valid",
          "cn-only",
          "wildcard-san",
          "unsupported-san",
          "sha1-signed",
          "rsa1024",
        ].map((n) => join(FX, `broken/${n}.pem`)),
      ],
    },
    {
      name: "id near misses",
      args: [
        "id",
        "--json",
        join(FX, "broken/cn-only.pem"),
        "vpn.example.com",
        "ipv4:192.0.2.1",
        "C=CH, Og=x",
      ],
    },
    {
      name: "chain of an expired certificate",
      args: ["chain", "--json", join(FX, "broken/expired.pem"), "--ca", join(FX, "sample/x509ca")],
    },
  ];

  it.each(runs.map((r) => [r.name, r] as const))("%s", async (_n, inv) => {
    const r = await runCli(inv.args, { input: "input" in inv ? inv.input : undefined, timeoutMs: 60_000 });
    const doc = JSON.parse(r.stdout);
    const findings: Finding[] = [
      ...doc.findings,
      ...((doc.result?.connections ?? []) as { findings: Finding[] }[]).flatMap((c) => c.findings),
    ];
    const logs = [
      ...findings.map((f) => f.log),
      ...((doc.result?.initiator?.logs ?? []) as string[]),
      ...((doc.result?.responder?.logs ?? []) as string[]),
    ].filter((l): l is string => typeof l === "string");
    expect(logs.filter((l) => PLACEHOLDER.test(l))).toEqual([]);
  });
});
