import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needs } from "../needs.js";
import { opensslReq } from "./gen.js";
import { pkiKeyid, pkiVerify } from "./pki.js";

const run = needs("pki oracles", ["pki", "openssl", "faketime"]);

describe.runIf(run)("pki oracles can fail", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikecert-oracle-"));
  const mk = (name: string, subj: string) =>
    opensslReq(join(dir, `${name}.key`), join(dir, `${name}.pem`), subj);
  // in a hook: a skipped group's body still runs to collect its tests
  beforeAll(() => {
    mk("a", "/CN=a");
    mk("b", "/CN=b");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("pki --keyid answers for a certificate and fails for garbage", () => {
    const r = pkiKeyid(join(dir, "a.pem"), "x509");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.subjkey).toMatch(/^[0-9a-f]{40}$/);
    writeFileSync(join(dir, "junk.pem"), "not a certificate");
    expect(pkiKeyid(join(dir, "junk.pem"), "x509").ok).toBe(false);
  });

  it("pki --verify trusts a root given as its own CA and rejects a foreign one", () => {
    expect(pkiVerify(join(dir, "a.pem"), [join(dir, "a.pem")]).trusted).toBe(true);
    const bad = pkiVerify(join(dir, "a.pem"), [join(dir, "b.pem")]);
    expect(bad.trusted).toBe(false);
    expect(bad.output).toMatch(/no issuer certificate found|not trusted|self-signed/);
  });
});
