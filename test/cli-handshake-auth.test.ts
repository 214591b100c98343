import { describe, expect, it } from "vitest";
import { runCli } from "./cli-helper.js";

/** `ikecert handshake` through the built CLI for the other authentication classes (issue 19). */

const A = "certs-fixtures/auth";
const AT = ["--at", "2026-06-01T00:00:00Z", "--strongswan", "5.9.8"];

describe("ikecert handshake: PSK, EAP, raw keys, groups", () => {
  it("--help no longer says only certificates are simulated, and names what is not", async () => {
    const r = await runCli(["handshake", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/only certificate \(pubkey\) authentication is simulated/);
    for (const w of [
      "pre-shared keys",
      "EAP-MS-CHAPv2",
      "raw public keys",
      "eap-radius (the RADIUS server)",
      "--set",
    ])
      expect(r.stdout).toContain(w);
  });

  it("a PSK mismatch: exit 1, the finding and charon's line, as JSON too", async () => {
    const args = [
      "handshake",
      "--initiator",
      `${A}/psk-client:carol`,
      "--responder",
      `${A}/psk-gateway`,
      ...AT,
    ];
    const text = await runCli(args);
    expect(text.code).toBe(1);
    expect(text.stdout.split("\n")[0]).toBe(
      "FAIL IKE_SA not established: responder-verifies-initiator (responder logs: tried 2 shared keys for 'vpn.example.com' - 'carol@example.com', but MAC mismatched)",
    );
    const json = await runCli([...args, "--json"]);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ command: "handshake", ok: false });
    expect(doc.findings.map((f: { code: string }) => f.code)).toEqual(["HANDSHAKE_PSK_MISMATCH"]);
    expect(doc.result.failure.side).toBe("responder");
  });

  it("EAP: the EAP messages are drawn, EAP identifiers written 0x??", async () => {
    const r = await runCli([
      "handshake",
      "--initiator",
      `${A}/eap-client:home`,
      "--responder",
      `${A}/eap-gateway`,
      ...AT,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("EAP EAP/REQ/ID");
    expect(r.stdout).toContain("  server requested EAP_MSCHAPV2 authentication (id 0x??)");
  });

  it("--set turns on a side's setting (the acert plugin) and changes the responder's connection", async () => {
    const base = [
      "handshake",
      "--initiator",
      `${A}/acert-client`,
      "--responder",
      `${A}/acert-gateway`,
      ...AT,
    ];
    expect((await runCli(base)).stdout.split("\n")[0]).toBe("OK IKE_SA established (home → staff)");
    const on = await runCli([...base, "--set", "responder:charon.plugins.acert.load=yes"]);
    expect(on.stdout.split("\n")[0]).toBe("OK IKE_SA established (home → sales)");
  });

  it("--set with an unknown setting: one line on stderr, exit 2", async () => {
    const r = await runCli([
      "handshake",
      "--initiator",
      `${A}/psk-client`,
      "--responder",
      `${A}/psk-gateway`,
      "--set",
      "charon.nope=yes",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^ikecert: --set "charon.nope=yes": write \[initiator:\|responder:\]SETTING=yes\|no, SETTING one of charon\.rsa_pss, .*\n$/,
    );
  });
});
