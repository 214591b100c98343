/**
 * ikecert's models of strongSwan's two certificate parsers and of their order
 * (lib/checks/chain/plugins.ts): the cases of plugin-cases.ts (checked against pki in the strongSwan
 * tier, plugins-diff.test.ts), and the rule changes after 5.9.8, modelled from the source.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { loadChoice } from "../lib/checks/chain/loadable.js";
import { pluginEnforces } from "../lib/checks/chain/plugins.js";
import { buildChain, loadFile } from "../lib/index.js";
import type { Certificate } from "../lib/input/certificate.js";
import { rulesFor } from "../lib/rules.js";
import { makeParserCases } from "./plugin-cases.js";

const dir = mkdtempSync(join(tmpdir(), "ikecert-plugins-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { cases, root } = makeParserCases(dir);
const cert = async (f: string) =>
  (await loadFile(f)).items.find((i) => i.kind === "certificate") as Certificate;

describe("each parser on its own (5.9.8)", () => {
  it.each(cases)("$name", async (k) => {
    const c = await cert(k.file);
    expect(loadChoice(c, { strongswan: "5.9.8", plugins: { order: ["x509"] } }).plugin).toBe(
      k.x509 ? "x509" : null,
    );
    expect(loadChoice(c, { strongswan: "5.9.8", plugins: { order: ["openssl"] } }).plugin).toBe(
      k.openssl ? "openssl" : null,
    );
    const both = loadChoice(c, { strongswan: "5.9.8" });
    expect(both.plugin).toBe(k.x509 ? "x509" : k.openssl ? "openssl" : null);
    if (!both.plugin) {
      const r = buildChain(c, { trusted: [root.cert!], untrusted: [], strongswan: "5.9.8" });
      expect(r.decidedBy).toBe("unloadable");
      expect(r.findings[0]!.code).toBe("CHAIN_CERT_UNLOADABLE");
    }
  });
});

describe("later releases (modelled from strongSwan's source; 5.9.8 cannot run them)", () => {
  it("5.9.12: both parsers read iPAddress name constraints (commits ede96fe3db, 1c3096fe50)", async () => {
    const k = cases.find((c) => c.name.startsWith("a critical iPAddress nameConstraints"))!;
    const c = await cert(k.file);
    expect(loadChoice(c, { strongswan: "5.9.11" }).plugin).toBeNull();
    expect(loadChoice(c, { strongswan: "5.9.12" }).plugin).toBe("x509");
    expect(loadChoice(c, { strongswan: "5.9.12", plugins: { order: ["openssl"] } }).plugin).toBe("openssl");
  });

  it("5.9.12: the openssl plugin takes a critical dNSName nameConstraints and hands it on (commit f781b9d326)", async () => {
    const k = cases.find((c) => c.name.startsWith("a critical dNSName nameConstraints"))!;
    const c = await cert(k.file);
    const at = (strongswan: string) => loadChoice(c, { strongswan, plugins: { order: ["openssl", "x509"] } });
    expect(at("5.9.11").plugin).toBe("x509");
    expect(at("5.9.11").logs).toContain(
      "found unsupported critical X.509 extension: X509v3 Name Constraints",
    );
    expect(at("5.9.12").plugin).toBe("openssl");
    expect(pluginEnforces("openssl", rulesFor("5.9.11"))).toEqual({
      nameConstraints: false,
      policies: false,
    });
    expect(pluginEnforces("openssl", rulesFor("5.9.12"))).toEqual({ nameConstraints: true, policies: false });
    expect(pluginEnforces("x509", rulesFor("5.9.8"))).toEqual({ nameConstraints: true, policies: true });
  });

  it("charon.x509.enforce_critical = no: an unknown critical extension no longer refuses the certificate", async () => {
    const k = cases.find((c) => c.name === "a critical unknown extension")!;
    const c = await cert(k.file);
    expect(loadChoice(c).plugin).toBeNull();
    expect(loadChoice(c, { plugins: { enforceCritical: false } }).plugin).toBe("x509");
  });

  it("a certificate ikecert's own reader would once have refused (a SKI that is no OCTET STRING) is read, and strongSwan's refusal said", async () => {
    const k = cases.find((c) => c.name.startsWith("a subjectKeyIdentifier that is a SEQUENCE"))!;
    const c = await cert(k.file);
    expect(c.subjectKeyId).toBeNull();
    const r = buildChain(c, { trusted: [root.cert!], untrusted: [] });
    expect(r.decidedBy).toBe("unloadable");
  });

  it("an ordinary certificate loads with x509 in either order, and openssl only when it comes first", () => {
    const c = makeCertificate({ subject: "CN=plain", key: generateKey("p256"), issuer: root }).cert!;
    expect(loadChoice(c).plugin).toBe("x509");
    expect(loadChoice(c, { plugins: { order: ["openssl", "x509"] } }).plugin).toBe("openssl");
  });
});
