import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chooseRelease, IkecertError, installedRelease, parseCertificate } from "../lib/index.js";
import { describeApplied, dpkgRelease, versionInOutput } from "../lib/input/strongswan-release.js";
import { NEWEST_RELEASE } from "../lib/release.js";
import { runCli } from "./cli-helper.js";
import { everyCommand, SAMPLE_LOG } from "./every-command.js";

const dir = mkdtempSync(join(tmpdir(), "ikc-release-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stanza(pkg: string, status: string, version: string, arch = "amd64"): string {
  return `Package: ${pkg}\nStatus: ${status}\nPriority: optional\nArchitecture: ${arch}\nVersion: ${version}\nDescription: x\n more text\n`;
}

function statusFile(name: string, stanzas: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, `${stanzas.join("\n")}\n`);
  return f;
}

/** `n` filler stanzas named `<prefix>NNNN`, to push libstrongswan across read chunks. */
function filler(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    stanza(`${prefix}${String(i).padStart(5, "0")}`, "install ok installed", "1.0-1"),
  );
}

describe("the installed release from dpkg's status database", () => {
  it("the version of an installed libstrongswan, wherever it sits in the file", () => {
    const at = (stanzas: string[]) => dpkgRelease(statusFile("status", stanzas));
    const lib = stanza("libstrongswan", "install ok installed", "5.9.8-5+deb12u6");
    expect(at([lib])).toEqual({ release: "5.9.8-5+deb12u6", from: "dpkg libstrongswan" });
    expect(at([...filler("a", 3000), lib, ...filler("z", 3000)])?.release).toBe("5.9.8-5+deb12u6");
    expect(at([...filler("a", 3000), lib])?.release).toBe("5.9.8-5+deb12u6");
    // packages with the name as prefix are other packages
    expect(
      at([
        stanza("libstrongswan-extra-plugins", "install ok installed", "9.9.9-1"),
        stanza("libstrongswan", "install ok installed", "6.0.1-1~bpo12+1"),
      ])?.release,
    ).toBe("6.0.1-1~bpo12+1");
  });

  it("sorted as dpkg writes it, it is found by bisection; long stanzas and absence too", () => {
    const at = (stanzas: string[]) => dpkgRelease(statusFile("status-big", stanzas));
    const lib = stanza("libstrongswan", "install ok installed", "5.9.8-5+deb12u6");
    const long = (name: string) =>
      `${stanza(name, "install ok installed", "1.0-1")}${" a long description line of the package\n".repeat(900)}`;
    expect(at([lib, ...filler("m", 5000)])?.release).toBe("5.9.8-5+deb12u6");
    expect(
      at([...filler("a", 2000), long("libreoffice"), lib, long("libt"), ...filler("z", 2000)])?.release,
    ).toBe("5.9.8-5+deb12u6");
    expect(
      at([
        ...filler("a", 2000),
        stanza("libstrongswan", "deinstall ok config-files", "5.9.1-1", "i386"),
        lib,
        stanza("libstrongswan-extra-plugins", "install ok installed", "5.9.8-5+deb12u6"),
        ...filler("z", 2000),
      ])?.release,
    ).toBe("5.9.8-5+deb12u6");
    expect(
      at([
        ...filler("a", 3000),
        long("libstrongswam"),
        long("libstrongswan-extra-plugins"),
        ...filler("z", 3000),
      ]),
    ).toBeNull();
    expect(at(filler("a", 6000))).toBeNull();
    expect(at(filler("z", 6000))).toBeNull();
  });

  it("a removed package (configuration files left) does not count; an epoch is dropped", () => {
    const f = (s: string[]) => dpkgRelease(statusFile("status2", s));
    expect(f([stanza("libstrongswan", "deinstall ok config-files", "5.9.8-5")])).toBeNull();
    expect(f([stanza("libstrongswan", "install ok half-configured", "5.9.8-5")])).toBeNull();
    expect(f([stanza("strongswan-pki", "install ok installed", "5.9.8-5")])).toBeNull();
    expect(f([stanza("libstrongswan", "install ok installed", "1:5.9.13-2ubuntu4")])?.release).toBe(
      "5.9.13-2ubuntu4",
    );
    // one stanza per architecture: the installed one counts
    expect(
      f([
        stanza("libstrongswan", "deinstall ok config-files", "5.9.1-1", "i386"),
        stanza("libstrongswan", "install ok installed", "5.9.8-5+deb12u6", "amd64"),
      ])?.release,
    ).toBe("5.9.8-5+deb12u6");
    expect(dpkgRelease(join(dir, "no-such-status"))).toBeNull();
  });

  it("read through the one reading path: a folder or a FIFO in its place is no database, and nothing waits", () => {
    expect(dpkgRelease(dir)).toBeNull();
    const fifo = join(dir, "status-fifo");
    execFileSync("mkfifo", [fifo]);
    expect(dpkgRelease(fifo)).toBeNull();
  });
});

describe("the installed release from what strongSwan's programs print", () => {
  it.each([
    // as strongSwan 5.9.8's programs print them (swanctl without a daemon prints its usage)
    ["strongSwan 5.9.8 swanctl\nusage:\n  swanctl --version", "5.9.8"],
    ["strongSwan swanctl 6.0.1", "6.0.1"],
    ["Linux strongSwan U5.9.8/K6.1.0-18-amd64\nUniversity of Applied Sciences Rapperswil", "5.9.8"],
    ["Linux strongSwan 5.9.8", "5.9.8"],
    ["plugin 'tpm': failed to load\nstrongSwan 5.9.8 PKI tool\nusage:\n  pki --help", "5.9.8"],
    ["strongSwan 6.0.0rc1 swanctl", "6.0.0rc1"],
    ["command not found", null],
  ])("%j → %s", (out, v) => {
    expect(versionInOutput(out)).toBe(v);
  });

  it("asks the first program that exists, in order, without a package database", async () => {
    const bin = join(dir, "bin");
    rmSync(bin, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(bin);
    const fake = (name: string, out: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\necho '${out}'\nexit 2\n`);
      chmodSync(join(bin, name), 0o755);
    };
    fake("ikc-fake-ipsec", "Linux strongSwan U5.9.14/K6.1");
    fake("ikc-fake-pki", "strongSwan 6.0.1 PKI tool");
    const programs = [
      { name: "ikc-fake-swanctl", args: ["--version"] },
      { name: "ikc-fake-ipsec", args: ["--version"] },
      { name: "ikc-fake-pki", args: ["--help"] },
    ];
    const none = join(dir, "no-status");
    expect(await installedRelease({ dpkgStatus: none, programs, path: bin })).toEqual({
      release: "5.9.14",
      from: `${join(bin, "ikc-fake-ipsec")} --version`,
    });
    // a program that prints no version is passed over
    fake("ikc-fake-ipsec", "usage: ipsec");
    expect((await installedRelease({ dpkgStatus: none, programs, path: bin }))?.release).toBe("6.0.1");
    // the package database answers first, without starting anything
    const db = statusFile("status3", [stanza("libstrongswan", "install ok installed", "5.9.8-5+deb12u4")]);
    expect((await installedRelease({ dpkgStatus: db, programs, path: bin }))?.release).toBe(
      "5.9.8-5+deb12u4",
    );
    expect(await installedRelease({ dpkgStatus: none, programs: [], path: bin })).toBeNull();
  });
});

describe("whose rules apply: option, then IKECERT_STRONGSWAN, then the installed, then the newest", () => {
  const installed = async () => ({ release: "5.9.8-5+deb12u6", from: "dpkg libstrongswan" });
  const nothing = async () => null;

  it("in that order", async () => {
    const env = { IKECERT_STRONGSWAN: "5.9.13" };
    expect(await chooseRelease({ option: "6.0", env, detect: installed })).toMatchObject({
      release: "6.0",
      source: "option",
    });
    const v = await chooseRelease({ env, detect: installed });
    expect(v).toMatchObject({ release: "5.9.13", source: "variable" });
    expect(v.note).toMatch(/5\.9\.13 has the rules of 5\.9\.12/);
    expect(v.rules.uriIdPrefix).toBe(true);
    const i = await chooseRelease({ env: {}, detect: installed });
    expect(i).toMatchObject({ release: "5.9.8-5+deb12u6", source: "installed", from: "dpkg libstrongswan" });
    expect(i.note).toBeUndefined();
    expect(i.rules.organizationIdentifierName).toBe(false);
    expect(await chooseRelease({ env: { IKECERT_STRONGSWAN: " " }, detect: nothing })).toMatchObject({
      release: NEWEST_RELEASE,
      source: "default",
    });
  });

  it("a bad option or variable is a usage error that says what to write", async () => {
    await expect(chooseRelease({ option: "latest", env: {}, detect: nothing })).rejects.toThrow(
      /--strongswan "latest" is not a release; write e.g. 5.9.8/,
    );
    const e = await chooseRelease({ env: { IKECERT_STRONGSWAN: "7.x" }, detect: nothing }).catch((x) => x);
    expect(e).toBeInstanceOf(IkecertError);
    expect(e.code).toBe("USAGE");
    expect(e.message).toMatch(/IKECERT_STRONGSWAN="7.x" is not a release/);
  });

  it("the header line names the release and why", async () => {
    expect(describeApplied(await chooseRelease({ env: {}, detect: installed }))).toBe(
      "rules of strongSwan 5.9.8-5+deb12u6 (installed: dpkg libstrongswan)",
    );
    expect(describeApplied(await chooseRelease({ env: {}, detect: nothing }))).toMatch(
      new RegExp(`^rules of strongSwan ${NEWEST_RELEASE} \\(the newest covered; no strongSwan found`),
    );
    expect(describeApplied(await chooseRelease({ option: "5.8.4" }))).toMatch(
      /^rules of strongSwan 5\.8\.4 \(--strongswan\); 5\.8\.4 is older than the rules cover/,
    );
  });
});

describe("the CLI says whose rules it applied, and applies them", () => {
  // organizationIdentifier (2.5.4.97) has a name in charon only since 6.0.5 (BEHAVIOURS); made by openssl
  const pem = join(import.meta.dirname, "../certs-fixtures/openssl/org-id.pem");
  const subjectDer = parseCertificate(
    new Uint8Array(Buffer.from(readFileSync(pem, "utf8").replace(/-----[^-]+-----|\s/g, ""), "base64")),
  ).subject.der;

  it("inspect: 5.9.8 prints the attribute as hex and writes the id as asn1dn:#; 6.0.6 names it", async () => {
    const old = await runCli(["inspect", pem], { env: { IKECERT_STRONGSWAN: "5.9.8" } });
    expect(old.code, old.stderr).toBe(0);
    const lines = old.stdout.split("\n");
    expect(lines[1]).toBe("rules of strongSwan 5.9.8 (IKECERT_STRONGSWAN)");
    expect(old.stdout).toContain(
      "  subject:     C=CH, 55:04:61=VATCH-123456789, O=openssl, CN=vpn.example.com\n",
    );
    expect(old.stdout).toContain(`(subject; write: asn1dn:#${Buffer.from(subjectDer).toString("hex")})`);
    const now = await runCli(["inspect", pem, "--strongswan", "6.0.6"], {
      env: { IKECERT_STRONGSWAN: "5.9.8" },
    });
    expect(now.stdout.split("\n")[1]).toMatch(/^rules of strongSwan 6\.0\.6 \(--strongswan\)/);
    expect(now.stdout).toContain(
      "  subject:     C=CH, organizationIdentifier=VATCH-123456789, O=openssl, CN=vpn.example.com\n",
    );
    expect(now.stdout).toContain(
      "write: C=CH, organizationIdentifier=VATCH-123456789, O=openssl, CN=vpn.example.com)",
    );
  });

  it("id and the fast start agree on the release; a DN id with the name parses only where charon has it", async () => {
    const id = "C=CH, organizationIdentifier=VATCH-123456789, O=openssl, CN=vpn.example.com";
    const old = await runCli(["id", pem, id], { env: { IKECERT_STRONGSWAN: "5.9.8" } });
    expect(old.code).toBe(1);
    expect(old.stdout.split("\n")[1]).toBe("rules of strongSwan 5.9.8 (IKECERT_STRONGSWAN)");
    const now = await runCli(["id", pem, id], { env: { IKECERT_STRONGSWAN: "6.0.5" } });
    expect(now.code, now.stdout).toBe(0);
    const json = await runCli(["id", pem, id, "--json", "--strongswan", "6.0.5"]);
    expect(JSON.parse(json.stdout).strongswan).toEqual({
      release: "6.0.5",
      source: "option",
      note: expect.any(String),
    });
  });

  it("explain reads a hex attribute in a logged DN by the release's rules", async () => {
    const line = "no trusted ECDSA public key found for 'C=CH, 55:04:61=VATCH-123456, CN=gw.example.com'";
    const cause = async (v: string) => {
      const r = await runCli(["explain", line, "--json", "--strongswan", v]);
      return (JSON.parse(r.stdout).result.entries[0].causes as string[]).at(-1);
    };
    expect(await cause("5.9.8")).toMatch(/strongSwan 5\.9\.8 has no name for, so it prints the OID's bytes/);
    expect(await cause("6.0.6")).toMatch(
      /strongSwan 6\.0\.6 prints by name: this line was logged by an older charon/,
    );
  });

  it("a bad IKECERT_STRONGSWAN stops every command that applies rules with exit 2 and one line", async () => {
    const r = await runCli(["inspect", pem], { env: { IKECERT_STRONGSWAN: "latest" } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      'ikecert: IKECERT_STRONGSWAN="latest" is not a release; set it to e.g. 5.9.8 or 6.0, or unset it to use the installed strongSwan\n',
    );
  });

  describe("every command that applies rules carries them in its header and JSON envelope", () => {
    const fx = join(import.meta.dirname, "../certs-fixtures");
    writeFileSync(join(dir, "charon-robust.log"), SAMPLE_LOG);
    const all = everyCommand(fx, join(fx, "keys/PASSPHRASE.txt")).filter((i) => i.args[0] !== "psk");
    // the log of everyCommand sits beside the fixtures folder; give it one of our own
    for (const i of all)
      i.args = i.args.map((a) => (a.endsWith("charon-robust.log") ? join(dir, "charon-robust.log") : a));

    it.each(all.map((i) => [i.name, i] as const))("%s", async (_n, inv) => {
      const args = [inv.args[0]!, "--strongswan", "5.9.8-5+deb12u4", ...inv.args.slice(1)];
      const r = await runCli(args, { env: inv.env, input: inv.input, timeoutMs: 60_000 });
      expect(r.code, r.stderr).not.toBe(2);
      if (args.includes("--json"))
        expect(JSON.parse(r.stdout).strongswan).toEqual({ release: "5.9.8-5+deb12u4", source: "option" });
      else expect(r.stdout.split("\n")[1]).toBe("rules of strongSwan 5.9.8-5+deb12u4 (--strongswan)");
    });

    it.each([
      ["chain DIR", ["chain", join(fx, "sample/x509"), "--ca", join(fx, "sample/x509ca")]],
      ["id DIR", ["id", join(fx, "sample/x509"), "--id", "vpn.example.com"]],
    ])("%s: the first text line, and every JSON Lines record", async (_n, args) => {
      const opt = ["--strongswan", "5.9.8-5+deb12u4"];
      const text = await runCli([...args, ...opt]);
      expect(text.code, text.stderr).not.toBe(2);
      const lines = text.stdout.split("\n").filter(Boolean);
      expect(lines[0]).toBe("rules of strongSwan 5.9.8-5+deb12u4 (--strongswan)");
      expect(lines.slice(1).every((l) => !l.startsWith("rules of"))).toBe(true);
      const json = await runCli([...args, ...opt, "--json"]);
      const recs = json.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(recs.length).toBe(lines.length - 1);
      for (const r of recs) expect(r.strongswan).toEqual({ release: "5.9.8-5+deb12u4", source: "option" });
    });

    it("chain --batch: every record, the variable's release when no option is given", async () => {
      const input = `${JSON.stringify({ cert: join(fx, "sample/x509/gateway.pem"), ca: [join(fx, "sample/x509ca")] })}\n`;
      const r = await runCli(["chain", "--batch", "-"], { input, env: { IKECERT_STRONGSWAN: "5.9.8" } });
      expect(JSON.parse(r.stdout).strongswan).toEqual({ release: "5.9.8", source: "variable" });
    });

    it("chain --crl/--revocation/--strongswan-conf and audit --strongswan-conf: the same verdict, and whose rules", async () => {
      const F = join(fx, "revocation");
      const conf = join(dir, "strongswan.conf");
      writeFileSync(
        conf,
        "charon {\n  load = random nonce x509 openssl pem pkcs1 pubkey sha1 sha2 revocation\n}\n",
      );
      const chain = [
        "chain",
        join(F, "peers/alice.pem"),
        "--ca",
        join(F, "x509ca"),
        "--crl",
        join(F, "x509crl"),
        "--revocation",
        "strict",
        "--strongswan-conf",
        conf,
      ];
      const json = await runCli([...chain, "--strongswan", "5.9.8", "--json"]);
      expect(json.code, json.stderr).toBe(1);
      const doc = JSON.parse(json.stdout);
      expect(doc.strongswan).toEqual({ release: "5.9.8", source: "option" });
      expect(doc.result.decidedBy).toBe("revocation");
      expect(doc.findings.map((f: { code: string }) => f.code)).toContain("CRL_REVOKED");
      const text = await runCli(chain, { env: { IKECERT_STRONGSWAN: "5.9.8-5+deb12u6" } });
      expect(text.code, text.stderr).toBe(1);
      expect(text.stdout.split("\n")[1]).toBe("rules of strongSwan 5.9.8-5+deb12u6 (IKECERT_STRONGSWAN)");
      const audit = await runCli(["audit", F, "--strongswan-conf", conf, "--strongswan", "6.0.6", "--json"]);
      expect(audit.code, audit.stderr).toBe(1);
      const a = JSON.parse(audit.stdout);
      expect(a.strongswan).toMatchObject({ release: "6.0.6", source: "option" });
      expect(a.result.strongswanConf).toBe(conf);
      expect(a.result.findings.map((f: { code: string }) => f.code)).toContain("CRL_REVOKED");
    });

    it("psk applies no release rule: no --strongswan, no strongswan member", async () => {
      const r = await runCli(["psk", "--json"], { input: "correct horse battery staple\n" });
      expect(JSON.parse(r.stdout)).not.toHaveProperty("strongswan");
      expect((await runCli(["psk", "--strongswan", "5.9.8"], { input: "x\n" })).code).toBe(2);
    });
  });
});
