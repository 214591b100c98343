/**
 * The strongswan.conf model (lib/config/strongswan-conf.ts) feeding the other checks: the plugins it
 * loads against what a configuration needs (audit), charon.fragment_size in audit's size model, and
 * the responder's prefer_configured_proposals in `ikecert handshake`.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { auditConfig, loadConfig, parseStrongswanConf } from "../lib/index.js";
import { ROOT, runCli } from "./cli-helper.js";

const GW = join(ROOT, "certs-fixtures/sample");
const RW = join(ROOT, "certs-fixtures/handshake/road-warrior");
const tmp = mkdtempSync(join(tmpdir(), "ikc-conf-wiring-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const AT = new Date("2026-06-01T00:00:00Z");
const conf = (text: string) => parseStrongswanConf(text, join(tmp, "strongswan.conf"));

describe("audit with a strongswan.conf", () => {
  it("charon.fragment_size sets the fragments of the IKE_AUTH size (the default is 1280)", async () => {
    const { config, refs } = await loadConfig(GW);
    const plain = await auditConfig(config, { refs, at: AT, strongswan: "5.9.8" });
    const small = await auditConfig(config, {
      refs,
      at: AT,
      strongswan: "5.9.8",
      strongswanConf: conf("charon {\n  fragment_size = 576\n}\n"),
    });
    const rw = (r: typeof plain) => r.connections.find((c) => c.name === "rw")!.size!;
    expect(rw(plain).fragmentSize).toBe(1280);
    expect(rw(small).fragmentSize).toBe(576);
  });

  it("a charon.load list without curve25519 or openssl: x25519 in the proposals needs a plugin", async () => {
    const { config, refs } = await loadConfig(GW);
    const opts = { refs, at: AT, strongswan: "5.9.8" };
    const debian = await auditConfig(config, { ...opts, strongswanConf: conf("charon {\n}\n") });
    expect(debian.findings.filter((f) => f.code === "PLUGIN_MISSING")).toEqual([]);
    const r = await auditConfig(config, {
      ...opts,
      strongswanConf: conf(
        "charon {\n  load = random nonce aes sha2 hmac pem pkcs1 x509 revocation constraints pubkey gmp kernel-netlink socket-default vici\n}\n",
      ),
    });
    const missing = r.findings.filter((f) => f.code === "PLUGIN_MISSING");
    expect(missing.map((f) => f.message).join("\n")).toMatch(
      /key exchange x25519 in proposals of .rw. needs one of the plugins curve25519.*has not loaded any/,
    );
    expect(missing.some((f) => f.log === "configured DH group CURVE_25519 not supported")).toBe(true);
  });
});

describe("handshake with the responder's strongswan.conf", () => {
  const setup = (prefer: string | null) => {
    const dir = mkdtempSync(join(tmp, "hs-"));
    cpSync(GW, join(dir, "gw/swanctl"), { recursive: true });
    cpSync(RW, join(dir, "rw"), { recursive: true });
    const gwConf = join(dir, "gw/swanctl/swanctl.conf");
    writeFileSync(
      gwConf,
      readFileSync(gwConf, "utf8").replace(
        "proposals = aes256-sha256-x25519",
        "proposals = aes128-sha256-x25519, aes256-sha256-x25519",
      ),
    );
    const rwConf = join(dir, "rw/swanctl.conf");
    writeFileSync(
      rwConf,
      readFileSync(rwConf, "utf8").replace(
        "  home {\n",
        "  home {\n    proposals = aes256-sha256-x25519, aes128-sha256-x25519\n",
      ),
    );
    if (prefer !== null)
      writeFileSync(
        join(dir, "gw/strongswan.conf"),
        `charon {\n  prefer_configured_proposals = ${prefer}\n}\n`,
      );
    return dir;
  };
  const ike = async (dir: string) => {
    const r = await runCli([
      "handshake",
      "--initiator",
      `${join(dir, "rw")}:home`,
      "--responder",
      `${join(dir, "gw/swanctl")}:rw`,
      "--at",
      AT.toISOString(),
      "--strongswan",
      "5.9.8",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout).result.proposals.ike as string;
  };

  it("prefer_configured_proposals = no: the responder takes the initiator's first proposal", async () => {
    expect(await ike(setup(null))).toMatch(/AES_CBC_128/);
    expect(await ike(setup("yes"))).toMatch(/AES_CBC_128/);
    expect(await ike(setup("no"))).toMatch(/AES_CBC_256/);
  });
});
