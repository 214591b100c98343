import type { KeyObject } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFile } from "../lib/index.js";
import { privateKeyObject } from "../lib/input/keys.js";
import { ROOT, runCli } from "./cli-helper.js";
import { keyFixtures, P12_DIR, PASSPHRASE, PASSPHRASE_FILE, p12Fixtures } from "./input/fixtures.js";

/**
 * Acceptance point 4 of issue 2: no private key bytes and no passphrase in any output. Every key and
 * PKCS#12 fixture is inspected (text and --json, passphrase from the environment and from a file),
 * and stdout + stderr are searched for the key in every encoding a careless renderer could use.
 */
const FILES = [...keyFixtures().map((f) => f.file), ...p12Fixtures()];

function b64url(s: string): Buffer {
  return Buffer.from(s, "base64url");
}

/** The secret values of a key: whole encodings and the private scalars / RSA d, p, q, ... */
function secretsOf(k: KeyObject): Buffer[] {
  const out: Buffer[] = [k.export({ type: "pkcs8", format: "der" })];
  if (k.asymmetricKeyType === "rsa") out.push(k.export({ type: "pkcs1", format: "der" }));
  if (k.asymmetricKeyType === "ec") out.push(k.export({ type: "sec1", format: "der" }));
  const jwk = k.export({ format: "jwk" }) as Record<string, string | undefined>;
  for (const c of ["d", "p", "q", "dp", "dq", "qi"]) if (jwk[c]) out.push(b64url(jwk[c]!));
  return out;
}

/** The strings a secret could appear as. Prefixes too, so that a partial dump is caught. */
function needles(secret: Buffer): string[] {
  const hex = secret.toString("hex");
  const head = secret.subarray(0, 16);
  const n = [
    secret.toString("base64"),
    secret.toString("base64url"),
    hex,
    hex.toUpperCase(),
    hex.replace(/(..)(?!$)/g, "$1:"),
    head.toString("hex"),
    head.toString("hex").replace(/(..)(?!$)/g, "$1:"),
    secret.toString("base64").slice(0, 24),
    BigInt(`0x${hex}`).toString(10),
    BigInt(`0x${hex}`).toString(10).slice(0, 30),
  ];
  // the lines of a PEM body
  for (const line of secret.toString("base64").match(/.{64}/g) ?? []) n.push(line);
  return n;
}

describe("no private key material and no passphrase in any output", async () => {
  const secrets: Buffer[] = [];
  for (const f of FILES) {
    const loaded = await loadFile(f, { passphrase: async () => PASSPHRASE });
    for (const it of loaded.items)
      if (it.kind === "privateKey") secrets.push(...secretsOf(privateKeyObject(it)));
  }
  const all = [...new Set(secrets.flatMap(needles))];

  it("has keys to look for", () => {
    // 6 openssl algorithms, 4 pki keys, the 2 keys of certs-fixtures/pkcs12 (via the .p12 files)
    expect(secrets.length).toBeGreaterThan(30);
    expect(all.every((s) => s.length >= 24)).toBe(true);
  });

  it("would notice a leak (the search is not vacuous)", () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${secrets[0]!.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PRIVATE KEY-----`;
    expect(all.some((s) => pem.includes(s))).toBe(true);
    const d = secrets.find((x) => x.length === 32)!;
    expect(all.some((s) => `d = ${BigInt(`0x${d.toString("hex")}`)}`.includes(s))).toBe(true);
    expect(all.some((s) => `d: ${d.toString("hex").replace(/(..)(?!$)/g, "$1:")}`.includes(s))).toBe(true);
  });

  const runs: Array<[string, string[], Record<string, string>]> = [
    ["text, IKECERT_PASSPHRASE", [], { IKECERT_PASSPHRASE: PASSPHRASE }],
    ["--json, IKECERT_PASSPHRASE", ["--json"], { IKECERT_PASSPHRASE: PASSPHRASE }],
    ["text, --passphrase-file", ["--passphrase-file", PASSPHRASE_FILE], {}],
    ["--json, --passphrase-file", ["--json", "--passphrase-file", PASSPHRASE_FILE], {}],
  ];
  it.each(runs)(
    "inspect %s on every key and PKCS#12 fixture",
    async (_n, opts, env) => {
      const r = await runCli(["inspect", ...opts, ...FILES], { env, timeoutMs: 60_000 });
      // the only errors: the bare PKCS#1 public keys (*.rsapub.*), which swanctl cannot load
      const pkcs1 = FILES.filter((f) => /\.rsapub\./.test(f));
      expect(pkcs1.length).toBeGreaterThan(0);
      expect(r.code, r.stderr).toBe(1);
      const output = r.stdout + r.stderr;
      // the output does describe the keys (so the search below searches something)
      expect(output.match(/private key|"privateKey"/g)?.length).toBeGreaterThan(60);
      if (opts.includes("--json")) {
        const errors = (
          JSON.parse(r.stdout) as { findings: { code: string; severity: string; file: string }[] }
        ).findings.filter((x) => x.severity === "error");
        expect(errors.map((x) => x.code)).toEqual(pkcs1.map(() => "PUBKEY_PKCS1_UNLOADABLE"));
        expect(errors.map((x) => x.file).sort()).toEqual([...pkcs1].sort());
      } else expect(output.match(/^error /gm)).toHaveLength(pkcs1.length);
      expect(output).not.toContain(PASSPHRASE);
      const found = all.filter((s) => output.includes(s));
      expect(found).toEqual([]);
    },
    90_000,
  );

  // Issue 10: every command, not only inspect, on the key and PKCS#12 fixtures (audit and handshake join
  // this list when they land). Exit codes are the commands' verdicts; 2 would mean nothing was read.
  const p12 = (n: string) => join(P12_DIR, n);
  const encryptedKeys = FILES.filter((f) => /\.(pkcs8-|trad-)/.test(f));
  const commands: Array<[string, string[], number]> = [
    ["id (PKCS#12 holding the key)", ["id", p12("chain.p12"), "@vpn.example.com", "CN=leaf"], 1],
    [
      "pair (every encrypted key and every PKCS#12)",
      ["pair", p12("leaf.pem"), ...encryptedKeys, ...p12Fixtures()],
      0,
    ],
    ["chain (PKCS#12 as the certificate)", ["chain", p12("chain.p12"), "--ca", p12("ca.pem")], 0],
    ["size (PKCS#12 as the certificate)", ["size", p12("modern.p12"), "--ca", p12("ca.pem")], 0],
    ["inspect (PKCS#12 with a CA)", ["inspect", p12("legacy-3des.p12"), p12("nomac-legacy.p12")], 0],
  ];
  const modes: Array<[string, string[], Record<string, string>]> = [
    ["text, IKECERT_PASSPHRASE", [], { IKECERT_PASSPHRASE: PASSPHRASE }],
    ["--json, --passphrase-file", ["--json", "--passphrase-file", PASSPHRASE_FILE], {}],
  ];
  const everyRun = commands.flatMap(([name, args, code]) =>
    modes.map(
      ([mode, opts, env]) => [`${name}, ${mode}`, [args[0]!, ...opts, ...args.slice(1)], code, env] as const,
    ),
  );
  it.each(everyRun)(
    "%s",
    async (_n, args, code, env) => {
      const r = await runCli([...args], { env, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(code);
      const output = r.stdout + r.stderr;
      if (args.includes("--json")) expect(JSON.parse(r.stdout).ikecert).toBe(1);
      expect(output).not.toContain(PASSPHRASE);
      expect(all.filter((s) => output.includes(s))).toEqual([]);
    },
    90_000,
  );

  it("the passphrase stays out of failures too", async () => {
    const wrong = `${PASSPHRASE}-but-wrong`;
    for (const f of [
      FILES.find((x) => x.endsWith("rsa2048.pkcs8-aes256.pem"))!,
      FILES.find((x) => x.endsWith("modern.p12"))!,
    ]) {
      const r = await runCli(["inspect", "--json", f], { env: { IKECERT_PASSPHRASE: wrong } });
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).not.toContain(PASSPHRASE);
    }
  });
});

describe("explain and psk: no pre-shared key in any output", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-robust-secrets-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const PSK = "Xq7-known-PSK-value-Zt9wLm4Rv2Kp8Ns";
  const needlesOf = (psk: string) => {
    const b = Buffer.from(psk);
    return [
      psk,
      psk.slice(0, 12),
      psk.slice(-12),
      b.toString("base64").slice(0, 16),
      b.toString("hex").slice(0, 24),
    ];
  };

  it.each([
    ["psk --file (a swanctl `secret = ...` line)", ["psk", "--file"], `secret = "${PSK}"\n`],
    ["psk --json --file", ["psk", "--json", "--file"], `${PSK}\n`],
    ["psk --file (0x hex)", ["psk", "--file"], `0x${Buffer.from(PSK).toString("hex")}\n`],
    [
      "psk --json --file (0s base64)",
      ["psk", "--json", "--file"],
      `0s${Buffer.from(PSK).toString("base64")}\n`,
    ],
  ])("%s", async (name, args, content) => {
    const f = join(dir, `${name.length}-${args.length}.txt`);
    writeFileSync(f, content);
    const r = await runCli([...args, f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bits|strong/);
    const output = r.stdout + r.stderr;
    for (const n of [...needlesOf(PSK), content.trim().slice(2, 20)]) expect(output).not.toContain(n);
  });

  it("psk from stdin (the way a script passes it)", async () => {
    const r = await runCli(["psk", "--json"], { input: PSK });
    expect(r.code, r.stderr).toBe(0);
    for (const n of needlesOf(PSK)) expect(r.stdout + r.stderr).not.toContain(n);
  });

  it("explain on a log, with a PSK in the environment: nothing of it in the output", async () => {
    const log = join(dir, "charon.log");
    writeFileSync(
      log,
      "Nov 27 10:00:01 08[IKE] <1> no trusted ECDSA public key found for 'rw.example.com'\nNov 27 10:00:01 08[CFG] <1> no matching peer config found\n",
    );
    for (const json of [[], ["--json"]]) {
      const r = await runCli(["explain", ...json, "--log", log], { env: { IKECERT_PASSPHRASE: PSK } });
      expect(r.code, r.stderr).toBe(1);
      for (const n of needlesOf(PSK)) expect(r.stdout + r.stderr).not.toContain(n);
    }
  });
});

describe("passphrases and keys are never taken from argv", () => {
  it.each([["inspect"], ["id"], ["pair"], ["chain"], ["size"]])(
    "%s --passphrase is refused (exit 2) without echoing it",
    async (cmd) => {
      const r = await runCli([cmd, "--passphrase", "hunter2-secret", join(P12_DIR, "modern.p12"), "@x"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe("ikecert: unknown option '--passphrase' (see --help)\n");
      const help = await runCli([cmd, "--help"]);
      expect(help.stdout).toContain("--passphrase-file");
      expect(help.stdout).not.toMatch(/--passphrase[ =<]/);
    },
  );

  it("psk takes no key on the command line (exit 2) and does not echo it", async () => {
    const r = await runCli(["psk", "hunter2-secret"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("hunter2");
    expect(r.stderr).toMatch(/^ikecert: too many arguments for 'psk'/);
  });
});

describe("audit and handshake: no key material and no PSK from the configurations in any output", async () => {
  const fx = (p: string) => join(ROOT, "certs-fixtures", p);
  const keyDirs = [
    "audit/swanctl/private",
    "audit/ipsec/ipsec.d/private",
    "sample/private",
    "handshake/road-warrior/private",
  ];
  const secrets: Buffer[] = [];
  for (const d of keyDirs)
    for (const n of readdirSync(fx(d))) {
      const loaded = await loadFile(join(fx(d), n)).catch(() => null);
      for (const it of loaded?.items ?? [])
        if (it.kind === "privateKey") secrets.push(...secretsOf(privateKeyObject(it)));
    }
  // the PSKs written in the fixtures' ipsec.secrets and swanctl.conf
  const b64Psk = "q83bp0J0hEGJ1jvUKyyGzUQFa7JIp3vybLW1MFsKd3k=";
  const psks = [
    b64Psk,
    b64Psk.slice(0, 16),
    Buffer.from(b64Psk, "base64").toString("hex").slice(0, 24),
    '"secret123"',
    "= secret123",
  ];
  const all = [...new Set(secrets.flatMap(needles)), ...psks];

  it("has keys to look for", () => {
    expect(secrets.length).toBeGreaterThan(10);
  });

  const AT = ["--at", "2026-06-01T00:00:00Z"];
  it.each([
    ["audit swanctl", ["audit", ...AT, fx("audit/swanctl")], 1],
    ["audit ipsec.conf", ["audit", ...AT, fx("audit/ipsec")], 1],
    ["audit sample", ["audit", ...AT, fx("sample")], 0],
    [
      "handshake",
      [
        "handshake",
        ...AT,
        "--initiator",
        `${fx("handshake/road-warrior")}:home`,
        "--responder",
        `${fx("sample")}:rw`,
      ],
      0,
    ],
  ])("%s", async (_n, args, code) => {
    for (const json of [[], ["--json"]]) {
      const r = await runCli([args[0]!, ...json, ...args.slice(1)], {
        env: { IKECERT_PASSPHRASE: PASSPHRASE },
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(code);
      const output = r.stdout + r.stderr;
      expect(output.length).toBeGreaterThan(100);
      expect(output).not.toContain(PASSPHRASE);
      expect(all.filter((x) => output.includes(x))).toEqual([]);
    }
  });
});

describe("PSKs and EAP passwords of the auth fixtures stay out of handshake and audit output", () => {
  const fx = (p: string) => join(ROOT, "certs-fixtures", "auth", p);
  // every `secret = ...` of the fixtures, as written and decoded, whole and in pieces
  const values = readdirSync(fx("."))
    .flatMap((d) => {
      try {
        return [...readFileSync(join(fx(d), "swanctl.conf"), "utf8").matchAll(/secret = "?([^"\n]+)"?/g)];
      } catch {
        return [];
      }
    })
    .map((m) => m[1]!);
  const needlesOfSecret = (v: string): string[] => {
    const bytes = v.startsWith("0s") ? Buffer.from(v.slice(2), "base64") : Buffer.from(v);
    return [
      v,
      v.slice(0, 12),
      v.slice(-12),
      bytes.toString("hex"),
      bytes.toString("hex").slice(0, 16),
      bytes.toString("base64").slice(0, 16),
    ];
  };
  const all = [...new Set(values.flatMap(needlesOfSecret))].filter((n) => n.length >= 8);

  it("has secrets to look for (PSKs and EAP passwords)", () => {
    expect(values.length).toBeGreaterThanOrEqual(8);
  });

  const AT = ["--at", "2026-06-01T00:00:00Z", "--strongswan", "5.9.8"];
  const pair = (i: string, r: string) => ["handshake", ...AT, "--initiator", fx(i), "--responder", fx(r)];
  it.each([
    ["handshake PSK (established)", pair("psk-client:home", "psk-gateway"), 0],
    ["handshake PSK (MAC mismatch, names the secrets)", pair("psk-client:carol", "psk-gateway"), 1],
    ["handshake EAP-MS-CHAPv2 (established)", pair("eap-client:home", "eap-gateway"), 0],
    [
      "handshake EAP-MS-CHAPv2 (wrong password, names the secrets)",
      pair("eap-client:laptop", "eap-gateway"),
      1,
    ],
    ["audit PSK gateway", ["audit", ...AT, fx("psk-gateway")], 0],
    ["audit PSK client", ["audit", ...AT, fx("psk-client")], 0],
    ["audit EAP gateway", ["audit", ...AT, fx("eap-gateway")], 0],
    ["audit EAP client", ["audit", ...AT, fx("eap-client")], 0],
  ])("%s", async (_n, args, code) => {
    for (const json of [[], ["--json"]]) {
      const r = await runCli([args[0]!, ...json, ...args.slice(1)], { timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(code);
      const output = r.stdout + r.stderr;
      expect(output).toMatch(/secret|pre-shared key|EAP/);
      expect(all.filter((x) => output.includes(x))).toEqual([]);
    }
  });
});
