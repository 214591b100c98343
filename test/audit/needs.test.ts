import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type AuditResult,
  auditConfig,
  type Finding,
  type LoadedConfig,
  loadConfig,
} from "../../lib/index.js";

/** Issue 19: per connection, what each round needs, whether it is there, and charon's line when not. */

const FIX = join(import.meta.dirname, "../../certs-fixtures/auth");
const AT = new Date("2026-06-01T00:00:00Z");
const codes = (fs: Finding[]) => fs.map((f) => f.code);

async function audit(dir: string, edit?: (c: LoadedConfig) => void): Promise<AuditResult> {
  const { config, refs } = await loadConfig(join(FIX, dir));
  edit?.(config);
  return auditConfig(config, { refs, at: AT, strongswan: "5.9.8" });
}

describe("audit: what each round needs", () => {
  it("PSK: the secret charon picks for a concrete peer id; all candidates for a pattern", async () => {
    const r = await audit("psk-client");
    const home = r.connections.find((c) => c.name === "home")!;
    const local = home.rounds.find((x) => x.side === "local")!;
    expect(local.needs).toEqual([
      expect.objectContaining({
        kind: "psk",
        have: expect.stringMatching(
          /^secret 'ike-gw' \(.*swanctl\.conf:\d+, for 'bob@example.com', 'vpn.example.com'\)$/,
        ),
      }),
    ]);
    const gw = (await audit("psk-gateway")).connections[0]!;
    expect(gw.rounds.find((x) => x.side === "remote")!.needs[0]!.have).toMatch(/'ike-bob'.*'ike-carol'/);
  });

  it("a PSK round without a secret: MISSING with charon's line (and PSK_MISSING)", async () => {
    const r = await audit("psk-client", (c) => {
      (c.conf as { secrets: unknown[] }).secrets = [];
    });
    const home = r.connections.find((c) => c.name === "home")!;
    const need = home.rounds.find((x) => x.side === "local")!.needs[0]!;
    expect(need).toMatchObject({
      have: null,
      log: "no shared key found for 'bob@example.com' - 'vpn.example.com'",
    });
    expect(codes(home.findings)).toContain("PSK_MISSING");
    expect(home.ok).toBe(false);
  });

  it("EAP client: the EAP secret for its eap_id; EAP server: secrets for the identities clients send", async () => {
    const client = (await audit("eap-client")).connections.find((c) => c.name === "home")!;
    expect(client.rounds.find((x) => x.side === "local")!.needs[0]).toMatchObject({
      kind: "eap-secret",
      have: expect.stringMatching(/^secret 'eap-bob'/),
    });
    const server = (await audit("eap-gateway")).connections[0]!;
    expect(server.rounds.find((x) => x.side === "remote")!.needs[0]!.have).toMatch(
      /'eap-bob'.*'eap-bob-laptop'/,
    );
  });

  it("an EAP server without any password: an error with charon's line", async () => {
    const r = await audit("eap-gateway", (c) => {
      (c.conf as { secrets: unknown[] }).secrets = [];
    });
    const f = r.connections[0]!.findings.find((x) => x.code === "AUTH_ROUND_MISSING")!;
    expect(f.log).toBe("no EAP key found for hosts 'vpn.example.com' - '<EAP identity>'");
    expect(r.ok).toBe(false);
  });

  it("a bare `eap` in a remote round serves no client", async () => {
    const r = await audit("eap-gateway", (c) => {
      c.conf!.connections[0]!.remote[0]!.auth = { value: "eap", origin: null };
    });
    expect(r.connections[0]!.findings.find((x) => x.code === "AUTH_ROUND_MISSING")?.log).toBe(
      "peer requested EAP, config unacceptable",
    );
  });

  it("raw public keys: the key files and the private key; no certificate or CA is asked for", async () => {
    const c = (await audit("rawkey-gateway")).connections[0]!;
    expect(c.ok).toBe(true);
    expect(codes(c.findings)).not.toContain("LOCAL_NO_CERT");
    expect(codes(c.findings)).not.toContain("REMOTE_NO_TRUSTED_CA");
    expect(c.rounds.flatMap((r) => r.needs.map((n) => [n.kind, n.have]))).toEqual([
      ["raw-key", "pubkey/gateway.pub"],
      ["private-key", expect.stringMatching(/private\/gateway\.key$/)],
      ["raw-key", "pubkey/bob.pub"],
    ]);
  });

  it("groups: the attribute certificates held, and a warning that only the acert plugin reads them", async () => {
    const gw = await audit("acert-gateway");
    const sales = gw.connections.find((c) => c.name === "sales")!;
    const f = sales.findings.find((x) => x.code === "AUTH_GROUPS_NEED_ACERT")!;
    expect(f.severity).toBe("warning");
    expect(f.log).toBe("constraint check failed: group membership to 'sales' required");
    expect(sales.rounds.find((x) => x.side === "remote")!.needs.at(-1)).toMatchObject({
      kind: "attribute-certificate",
      have: null,
    });
  });

  it("auth values charon refuses or ignores in part", async () => {
    const r = await audit("psk-gateway", (c) => {
      c.conf!.connections[0]!.local[0]!.auth = { value: "PubKey", origin: null };
      c.conf!.connections[0]!.remote[0]!.auth = { value: "pubkey-sha999", origin: null };
    });
    const fs = r.connections[0]!.findings;
    expect(codes(fs)).toContain("AUTH_INVALID");
    expect(fs.find((x) => x.code === "AUTH_TOKEN_IGNORED")?.log).toBe(
      "ignoring invalid auth token: 'sha999'",
    );
  });

  it("a local auth whose schemes the key cannot make", async () => {
    const r = await audit("rawkey-gateway", (c) => {
      c.conf!.connections[0]!.local[0]!.auth = { value: "ecdsa-sha256", origin: null };
    });
    expect(r.connections[0]!.findings.find((x) => x.code === "HANDSHAKE_NO_SIGNATURE_SCHEME")?.log).toBe(
      "no common hash algorithm found to create signature with RSA key",
    );
  });
});
