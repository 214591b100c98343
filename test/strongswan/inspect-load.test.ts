import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectFiles, loadFile } from "../../lib/index.js";
import { needs } from "../needs.js";
import { Charon } from "./charon.js";

/**
 * Which key files swanctl --load-creds refuses, against inspect's load findings: a key behind an
 * EC PARAMETERS block in private/ and a PKCS#1 RSA PUBLIC KEY in pubkey/ fail to load; the same
 * keys written as SEC1 alone / SubjectPublicKeyInfo load.
 */
const run = needs(
  "key files swanctl loads (private charon)",
  ["charon", "swanctl", "openssl", "ip", "unshare", "mount"],
  {
    namespaces: true,
  },
);

const LOAD_FINDINGS = ["KEY_FILE_UNLOADABLE", "PUBKEY_PKCS1_UNLOADABLE"];

describe.runIf(run)("inspect vs swanctl --load-creds", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-cleanup-load-"));
  const files = {
    "private/ecparam.key": false,
    "private/plain-ec.key": true,
    "pubkey/rsa-pkcs1.pem": false,
    "pubkey/rsa-pkcs1.der": false,
    "pubkey/rsa-spki.pem": true,
  };
  let charon: Charon;
  let output = "";

  beforeAll(async () => {
    const p = (name: string) => join(dir, name);
    const ossl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
    mkdirSync(p("private"));
    mkdirSync(p("pubkey"));
    writeFileSync(p("swanctl.conf"), "");
    ossl("ecparam", "-name", "prime256v1", "-genkey", "-out", p("private/ecparam.key"));
    ossl("ec", "-in", p("private/ecparam.key"), "-out", p("private/plain-ec.key"));
    ossl("genrsa", "-out", p("rsa.key"), "2048");
    ossl("rsa", "-in", p("rsa.key"), "-RSAPublicKey_out", "-out", p("pubkey/rsa-pkcs1.pem"));
    ossl(
      "rsa",
      "-in",
      p("rsa.key"),
      "-RSAPublicKey_out",
      "-outform",
      "DER",
      "-out",
      p("pubkey/rsa-pkcs1.der"),
    );
    ossl("rsa", "-in", p("rsa.key"), "-pubout", "-out", p("pubkey/rsa-spki.pem"));
    charon = await Charon.start({ tag: "load" });
    const r = charon.loadCreds(dir);
    output = `${r.stdout}${r.stderr}`;
  }, 60_000);
  afterAll(() => {
    charon?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, loads] of Object.entries(files))
    it(`${name}: swanctl ${loads ? "loads it" : "refuses it"}, and inspect agrees`, async () => {
      const path = join(dir, name);
      expect(output).toContain(loads ? `from '${path}'` : `loading '${path}' failed`);
      const r = inspectFiles([await loadFile(path)]);
      const load = r.findings.filter((x) => LOAD_FINDINGS.includes(x.code));
      expect(load.length === 0).toBe(loads);
    });
});
