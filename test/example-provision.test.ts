import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// The README's library example (examples/provision.mjs) runs against the built package as a user
// would import it ("ikecert" resolved through node_modules), so the README cannot drift from the API.
const root = resolve(import.meta.dirname, "..");
const S = join(root, "certs-fixtures", "sample");
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ikecert-example-"));
  cpSync(join(root, "examples", "provision.mjs"), join(dir, "provision.mjs"));
  cpSync(join(root, "package.json"), join(dir, "node_modules", "ikecert", "package.json"), {
    recursive: true,
  });
  symlinkSync(join(root, "dist"), join(dir, "node_modules", "ikecert", "dist"));
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules", "ikecert", "node_modules"));
});

function run(...args: string[]) {
  return spawnSync("node", [join(dir, "provision.mjs"), ...args], { encoding: "utf8", cwd: dir });
}

describe("examples/provision.mjs (README library example)", () => {
  const cas = `${S}/x509ca/root.pem,${S}/x509ca/intermediate.pem`;

  it("passes the sample gateway", () => {
    const r = run(`${S}/x509/gateway.pem`, `${S}/private/gateway.key`, cas, "vpn.example.com", "192.0.2.1");
    expect(r.stdout).toBe("OK C=CH, O=Example VPN, CN=vpn.example.com is ready (2 ids proven)\n");
    expect(r.status).toBe(0);
  });

  it("fails a CN-only certificate with the wrong key", () => {
    const r = run(
      `${root}/certs-fixtures/broken/cn-only.pem`,
      `${S}/private/gateway.key`,
      cas,
      "vpn.example.com",
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("is not the key of");
    expect(r.stdout).toContain("appears only in the subject");
  });

  it("exits 2 on an unusable input", () => {
    const r = run(`${S}/nonexistent.pem`, `${S}/private/gateway.key`, cas, "vpn.example.com");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^provision: .*no such file/);
  });
});
