import type { KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadFile } from "../lib/index.js";
import { privateKeyObject } from "../lib/input/keys.js";
import { runCli } from "./cli-helper.js";
import { keyFixtures, PASSPHRASE, PASSPHRASE_FILE, p12Fixtures } from "./input/fixtures.js";

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
