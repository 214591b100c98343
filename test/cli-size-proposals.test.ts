/**
 * Proposals through the CLI, as a user runs it: `size` with proposals and with two configurations,
 * `audit` on a proposal charon refuses, `handshake` between configurations whose proposals differ.
 * The byte figures themselves are checked against charon in test/strongswan/size-diff.test.ts.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-helper.js";

const SAMPLE = "certs-fixtures/sample";
let dir: string;

interface Message {
  exchange: string;
  from: string;
  what: string;
  bytes: number;
  fragments: number;
  payloads: { name: string; bytes: number }[];
}

/** a road-warrior folder: bob's RSA certificate, the sample's CAs, its own proposals */
function client(name: string, proposals: string | null, esp: string | null = null): string {
  const d = join(dir, name);
  mkdirSync(join(d, "x509"), { recursive: true });
  cpSync(join(SAMPLE, "x509ca"), join(d, "x509ca"), { recursive: true });
  mkdirSync(join(d, "private"));
  cpSync(join(SAMPLE, "x509/rw-rsa.pem"), join(d, "x509/rw-rsa.pem"));
  cpSync(join(SAMPLE, "private/rw-rsa.key"), join(d, "private/rw-rsa.key"));
  writeFileSync(
    join(d, "swanctl.conf"),
    `connections {
  home {
    remote_addrs = 192.0.2.1
    ${proposals ? `proposals = ${proposals}` : ""}
    local { auth = pubkey
      certs = rw-rsa.pem
      id = alice@example.com }
    remote { auth = pubkey
      id = vpn.example.com }
    children { home { remote_ts = 10.1.0.0/16
      ${esp ? `esp_proposals = ${esp}` : ""} } }
  }
}
`,
  );
  return d;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ikc-size-prop-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ikecert size with proposals", () => {
  it("--config with --peer: every message of both sides, each with its payloads, and the negotiated proposals", async () => {
    const home = client("home", "aes256-sha256-x25519", "aes256gcm16");
    const r = await runCli([
      "size",
      "--config",
      `${home}:home`,
      "--role",
      "initiator",
      "--peer",
      `${SAMPLE}:rw`,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.result.proposals).toEqual({
      ike: "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519",
      esp: "ESP:AES_GCM_16_256/NO_EXT_SEQ",
    });
    const ms = j.result.messages as Message[];
    expect(ms.map((m) => `${m.exchange} ${m.from}`)).toEqual([
      "IKE_SA_INIT initiator",
      "IKE_SA_INIT responder",
      "IKE_AUTH initiator",
      "IKE_AUTH responder",
    ]);
    for (const m of ms) expect(m.payloads.reduce((n, p) => n + p.bytes, 0)).toBe(m.bytes);
    // the initiator's IKE_AUTH is the command's figure
    expect(ms[2]!.bytes).toBe(j.result.bytes);
    expect(ms[2]!.payloads.find((p) => p.name.startsWith("SA"))).toEqual({
      name: "SA (1 ESP proposal)",
      bytes: 36,
    });
  });

  it("--peer without a common IKE proposal: exit 1, NO_PROPOSAL_CHOSEN_IKE, IKE_SA_INIT and its refusal", async () => {
    const home = client("home2", "aes128-sha256-ecp256");
    const r = await runCli(["size", "--config", home, "--peer", `${SAMPLE}:rw`, "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.findings[0]).toMatchObject({
      code: "NO_PROPOSAL_CHOSEN_IKE",
      faq: "no-proposal-chosen",
      log: "received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256",
    });
    expect((j.result.messages as Message[]).map((m) => [m.from, m.what, m.bytes])).toEqual([
      ["initiator", "request", 272],
      ["responder", "NO_PROPOSAL_CHOSEN response", 36],
    ]);
  });

  it("a KE that pushes IKE_SA_INIT over the MTU is an error of its own", async () => {
    const r = await runCli([
      "size",
      `${SAMPLE}/x509/rw-rsa.pem`,
      "--proposals",
      "aes256-sha384-modp8192",
      "--mtu",
      "1200",
      "--childless",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL /);
    expect(r.stdout).toContain(
      "error IKE_SA_INIT_EXCEEDS_MTU: the initiator's IKE_SA_INIT request is a 1260-byte datagram",
    );
    expect(r.stdout).toContain("IKE_SA_INIT      initiator ──▶ request");
  });

  it("a proposal charon refuses is a usage error with charon's reason", async () => {
    const r = await runCli(["size", `${SAMPLE}/x509/rw-rsa.pem`, "--proposals", "aes128-sha256-modp2048!"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("algorithm 'modp2048!' not recognized");
  });
});

describe("audit and handshake with proposals", () => {
  it("audit: an unparsable proposal makes charon refuse the connection", async () => {
    const d = client("bad", "AES128-sha256-ecp256");
    const r = await runCli(["audit", d, "--json"]);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).result.connections[0].findings.find(
      (x: { code: string }) => x.code === "PROPOSAL_INVALID",
    );
    expect(f).toMatchObject({
      severity: "error",
      log: "loading connection 'home' failed: invalid value for: proposals, config discarded",
      data: { item: "AES128-sha256-ecp256", charon: ["algorithm 'AES128' not recognized"] },
    });
    expect(f.file).toMatch(/swanctl\.conf:4$/);
  });

  it("handshake: the gateway's other connection accepts the IKE proposal, but its ids do not fit", async () => {
    const home = client("hs", "aes128-sha256-ecp256");
    const r = await runCli(["handshake", "--initiator", home, "--responder", SAMPLE, "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.result.responder.logs).toContain("no matching proposal found, trying alternative config");
    expect(j.result.responder.logs).toContain(
      "selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256",
    );
    expect(j.result.proposals.ike).toBe("IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256");
    expect(j.findings[0].code).toBe("HANDSHAKE_NO_PEER_CONFIG");
    expect(j.findings[0].message).toContain("'rw' does not offer the selected IKE proposal");
  });

  it("handshake: no IKE proposal at all in common stops at IKE_SA_INIT", async () => {
    const home = client("hs2", "aes128-sha1-modp1024");
    const r = await runCli(["handshake", "--initiator", home, "--responder", SAMPLE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ ike-proposals: received proposals unacceptable");
    expect(r.stdout).toContain("N(NO_PROPOSAL_CHOSEN)");
    expect(r.stdout).toContain("error NO_PROPOSAL_CHOSEN_IKE");
    expect(r.stdout).toContain("#_no_proposal_chosen_returned_by_zyxel_linksys_x_router");
  });
});
