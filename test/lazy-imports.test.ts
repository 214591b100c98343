/**
 * pkijs, asn1js and @peculiar/x509 stay off the start-up path (design §6): `id`, `pair` and `chain`
 * never load them; `inspect` loads @peculiar/x509 (other extensions) and a PKCS#7 bundle loads
 * pkijs + asn1js. Observed with a module resolve hook on the built CLI (`npx tsc` first).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { pkcs7CertsOnly } from "../certs-fixtures/generator.js";
import { CLI, ROOT } from "./cli-helper.js";

const tmp = mkdtempSync(join(tmpdir(), "ikc-stack-lazy-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LOG = join(tmp, "resolved.log");
writeFileSync(
  join(tmp, "hooks.mjs"),
  `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(LOG)}, r.url + "\\n");
  return r;
}
`,
);
writeFileSync(
  join(tmp, "register.mjs"),
  `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
);

/** The packages of node_modules the CLI resolved while running `args`. */
function packagesLoaded(args: string[]): Set<string> {
  writeFileSync(LOG, "");
  const r = spawnSync(process.execPath, ["--import", join(tmp, "register.mjs"), CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", IKECERT_PASSPHRASE: undefined },
  });
  expect(r.status, r.stderr).not.toBe(2);
  const pkgs = readFileSync(LOG, "utf8")
    .split("\n")
    .map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1])
    .filter((p): p is string => !!p);
  return new Set(pkgs);
}

const S = "certs-fixtures/sample";
const HEAVY = ["pkijs", "asn1js", "@peculiar/x509", "reflect-metadata"];

describe("the required libraries are loaded only where they are used", () => {
  test.each([
    ["id", `${S}/x509/gateway.pem`, "vpn.example.com"],
    ["pair", `${S}/x509/gateway.pem`, `${S}/private/gateway.key`],
    ["chain", `${S}/x509/gateway.pem`, "--ca", `${S}/x509ca`],
  ])("%s loads none of them", (...args) => {
    const loaded = packagesLoaded(args);
    expect(loaded.has("commander")).toBe(true); // the hook sees packages at all
    for (const p of HEAVY) expect(loaded.has(p), p).toBe(false);
  });

  test("inspect of a PEM certificate loads @peculiar/x509 but not pkijs", () => {
    const loaded = packagesLoaded(["inspect", `${S}/x509/gateway.pem`]);
    expect(loaded.has("@peculiar/x509")).toBe(true);
    expect(loaded.has("reflect-metadata")).toBe(true);
    expect(loaded.has("pkijs")).toBe(false);
  });

  test("a PKCS#7 bundle loads pkijs and asn1js", () => {
    const p7b = join(tmp, "chain.p7b");
    // what `openssl crl2pkcs7 -nocrl -certfile gateway.pem -outform DER` writes
    const pem = readFileSync(join(ROOT, S, "x509/gateway.pem"), "utf8");
    const cert = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
    writeFileSync(p7b, pkcs7CertsOnly([cert]));
    const loaded = packagesLoaded(["pair", p7b, `${S}/private/gateway.key`]);
    expect(loaded.has("pkijs")).toBe(true);
    expect(loaded.has("asn1js")).toBe(true);
    expect(loaded.has("@peculiar/x509")).toBe(false);
  });
});
