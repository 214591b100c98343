import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey, makeCertificate, privateKeyPem } from "../certs-fixtures/generator.js";

/** Spawn the BUILT binary as a user would (build first: npx tsc -p tsconfig.json). */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
function ikecert(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ikc-explain-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ikecert explain", () => {
  it("a known failure line: exit 1, slug, advice, the next command with the value", () => {
    const r = ikecert(["explain", "no trusted ECDSA public key found for 'vpn.example.com'"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^FAIL /);
    expect(r.stdout).toContain("no-trusted-public-key");
    expect(r.stdout).toContain("$ ikecert id <peer-cert.pem> vpn.example.com");
  });
  it("--json: one envelope with entries", () => {
    const r = ikecert([
      "explain",
      "--json",
      "looking for peer configs matching 10.0.0.1[vpn.example.com]...10.0.0.2[C=CH, CN=client]",
      "hello",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ikecert: 1, command: "explain", ok: true, findings: [] });
    expect(j.result.entries[0].faq).toBe("no-matching-peer-config");
    expect(j.result.entries[0].identities.map((i: { type: string }) => i.type)).toEqual([
      "ID_FQDN",
      "ID_DER_ASN1_DN",
    ]);
    expect(j.result.entries[1]).toMatchObject({
      line: "hello",
      faq: null,
      known: false,
      causes: [],
      next: [],
    });
  });
  it("--log FILE and --log - (stdin) give the same entries", () => {
    const log = [
      "Nov 27 10:00:01 gw charon: 08[CFG] <1> looking for peer configs matching 10.0.0.1[gw]...10.0.0.2[rw]",
      "Nov 27 10:00:01 gw charon: 08[CFG] <1> no matching peer config found",
      "Nov 27 10:00:05 gw charon: 09[CFG] <2> looking for peer configs matching 10.0.0.1[gw]...10.0.0.3[rw]",
      "Nov 27 10:00:05 gw charon: 09[CFG] <2> no matching peer config found",
    ].join("\n");
    const f = join(dir, "syslog");
    writeFileSync(f, log);
    const a = JSON.parse(ikecert(["explain", "--json", "--log", f]).stdout);
    const b = JSON.parse(ikecert(["explain", "--json", "--log", "-"], log).stdout);
    expect(a.result).toEqual(b.result);
    expect(a.result.entries).toHaveLength(1);
    expect(a.result.entries[0].ikeSas).toEqual([1, 2]);
    expect(a.ok).toBe(false);
    expect(a.findings[0]).toMatchObject({ code: "LOG_LINE_KNOWN_FAILURE", faq: "no-matching-peer-config" });
  });
  it("usage errors: exit 2, one line, no stack", () => {
    const r = ikecert(["explain"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ikecert: /);
    const m = ikecert(["explain", "--log", join(dir, "missing.log")]);
    expect(m.code).toBe(2);
    expect(m.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("ikecert size", () => {
  let cert: string;
  beforeAll(() => {
    cert = join(dir, "gw.pem");
    const key = generateKey("rsa2048");
    writeFileSync(join(dir, "gw.key"), privateKeyPem(key), { mode: 0o600 });
    const c = makeCertificate({
      subject: [
        { type: "C", value: "CH", string: "printable" },
        { type: "O", value: "Example", string: "utf8" },
        { type: "CN", value: "vpn.example.com", string: "utf8" },
      ],
      key,
      sans: ["vpn.example.com"],
    });
    writeFileSync(cert, c.pem);
  });
  it("--json: role, bytes, fragments, fragmentSize, payloads summing to bytes", () => {
    const r = ikecert(["size", cert, "--cacerts", "20", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.command).toBe("size");
    expect(j.result).toMatchObject({ role: "initiator", fragmentSize: 1280 });
    expect(j.result.payloads.reduce((n: number, p: { bytes: number }) => n + p.bytes, 0)).toBe(
      j.result.bytes,
    );
    expect(j.result.fragments).toBeGreaterThanOrEqual(2);
    expect(j.result.shrink.some((s: { what: string }) => /ECDSA/.test(s.what))).toBe(true);
  });
  it("no fragmentation over the MTU: exit 1 with the retransmissions FAQ", () => {
    const r = ikecert(["size", cert, "--cacerts", "20", "--no-fragmentation"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("IKE_AUTH_EXCEEDS_MTU_NO_FRAGMENTATION");
    expect(r.stdout).toContain("#_public_key_authentication_fails_with_retransmissions");
  });
  it("charon.fragment_size from --strongswan-conf (file:line shown); --fragment-size wins over it", () => {
    const conf = join(dir, "strongswan.conf");
    writeFileSync(conf, "charon {\n  fragment_size = 1400\n}\n");
    const j = (args: string[]) =>
      JSON.parse(ikecert(["size", cert, "--cacerts", "20", ...args, "--json"]).stdout);
    expect(j([]).result).toMatchObject({
      fragmentSize: 1280,
      fragmentSizeFrom: { source: "default", origin: null },
    });
    expect(j(["--strongswan-conf", conf]).result).toMatchObject({
      fragmentSize: 1400,
      fragmentSizeFrom: { source: "strongswan.conf", origin: `${conf}:2` },
    });
    expect(j(["--strongswan-conf", conf, "--fragment-size", "1200"]).result).toMatchObject({
      fragmentSize: 1200,
      fragmentSizeFrom: { source: "option", origin: null },
    });
    const text = ikecert(["size", cert, "--cacerts", "20", "--strongswan-conf", conf]).stdout;
    expect(text).toContain(`charon.fragment_size = 1400 (${conf}:2)`);
    // 6.0: the family's own setting first (ike_sa.c determine_fragment_size); 5.9 ignores it
    writeFileSync(conf, "charon {\n  fragment_size = 1400\n  fragment_size_v4 = 1300\n}\n");
    expect(j(["--strongswan-conf", conf, "--strongswan", "6.0.0"]).result).toMatchObject({
      fragmentSize: 1300,
      fragmentSizeFrom: { setting: "charon.fragment_size_v4", origin: `${conf}:3` },
    });
    expect(j(["--strongswan-conf", conf, "--strongswan", "6.0.0", "--ipv6"]).result.fragmentSize).toBe(1400);
    expect(j(["--strongswan-conf", conf, "--strongswan", "5.9.8"]).result.fragmentSize).toBe(1400);
    // 0 is the address family's default, as in charon's message.c
    expect(j(["--fragment-size", "0"]).result.fragmentSize).toBe(576);
    expect(j(["--fragment-size", "0", "--ipv6"]).result.fragmentSize).toBe(1280);
  });
  it("--config: the strongswan.conf beside the folder, as audit finds it", () => {
    const etc = join(dir, "etc");
    cpSync(new URL("../certs-fixtures/sample", import.meta.url).pathname, join(etc, "swanctl"), {
      recursive: true,
    });
    writeFileSync(join(etc, "strongswan.conf"), "charon {\n  fragment_size = 1100\n}\n");
    const r = ikecert(["size", "--config", join(etc, "swanctl"), "--json"]);
    expect(JSON.parse(r.stdout).result).toMatchObject({
      fragmentSize: 1100,
      fragmentSizeFrom: { source: "strongswan.conf", origin: `${join(etc, "strongswan.conf")}:2` },
    });
  });
  it("fragments larger than the path MTU: IKE_FRAGMENT_EXCEEDS_MTU", () => {
    const r = ikecert([
      "size",
      cert,
      "--cacerts",
      "20",
      "--fragment-size",
      "1400",
      "--mtu",
      "1300",
      "--json",
    ]);
    const codes = JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code);
    expect(codes).toContain("IKE_FRAGMENT_EXCEEDS_MTU");
    const fine = ikecert([
      "size",
      cert,
      "--cacerts",
      "20",
      "--fragment-size",
      "1300",
      "--mtu",
      "1300",
      "--json",
    ]);
    expect(JSON.parse(fine.stdout).findings.map((f: { code: string }) => f.code)).not.toContain(
      "IKE_FRAGMENT_EXCEEDS_MTU",
    );
  });
  it("bad numbers are usage errors", () => {
    expect(ikecert(["size", cert, "--mtu", "abc"]).code).toBe(2);
    expect(ikecert(["size", cert, "--fragment-size", "100"]).code).toBe(2);
    expect(ikecert(["size", join(dir, "gw.key")]).code).toBe(2);
  });
});

describe("ikecert psk: never prints the key", () => {
  const key = "Zebra7Quokka!Mango";
  const pieces = (out: string) => {
    for (let n = 0; n + 5 <= key.length; n++) expect(out).not.toContain(key.slice(n, n + 5));
  };
  it("--file, text and JSON", () => {
    const f = join(dir, "psk.txt");
    writeFileSync(f, `${key}\n`);
    const t = ikecert(["psk", "--file", f]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^(OK|FAIL) (weak|fair|strong) pre-shared key/);
    pieces(t.stdout + t.stderr);
    const j = ikecert(["psk", "--file", f, "--json"]);
    const doc = JSON.parse(j.stdout);
    expect(Object.keys(doc.result)).toEqual(expect.arrayContaining(["bits", "verdict", "reasons"]));
    pieces(j.stdout + j.stderr);
  });
  it("stdin; a weak key exits 1", () => {
    const r = ikecert(["psk", "--json"], "password123\n");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).result.verdict).toBe("weak");
    expect(r.stdout).not.toContain("password123");
  });
  it("errors never quote the key, and argv is not a way in", () => {
    const f = join(dir, "two.txt");
    writeFileSync(f, `${key}\nsecond ${key}\n`);
    const e = ikecert(["psk", "--file", f]);
    expect(e.code).toBe(2);
    pieces(e.stdout + e.stderr);
    const a = ikecert(["psk", key]);
    expect(a.code).toBe(2);
    pieces(a.stdout + a.stderr);
  });
  it("--generate prints a 264-bit base64 key and its swanctl line", () => {
    const r = ikecert(["psk", "--generate", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout).result;
    expect(j.bits).toBe(264);
    expect(j.swanctl).toBe(`secret = 0s${j.psk}`);
    expect(Buffer.from(j.psk, "base64")).toHaveLength(33);
    const back = JSON.parse(ikecert(["psk", "--json"], `${j.swanctl}\n`).stdout).result;
    expect(back.verdict).toBe("strong");
  });
});
