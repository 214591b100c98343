import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertDir } from "./identity/make-cert.js";

const MAIN = new URL("../dist/cli/main.js", import.meta.url).pathname;

function ikecert(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]) {
  const r = ikecert(...args, "--json");
  return { code: r.code, doc: JSON.parse(r.stdout) };
}

const d = new CertDir();
const f: Record<string, string> = {};
beforeAll(() => {
  f.pass = d.make("pass", {
    subj: "/C=CH/O=Example/CN=vpn.example.com",
    san: "DNS:vpn.example.com,IP:192.0.2.1",
    eku: "serverAuth",
  });
  f.cn = d.make("cn", { subj: "/C=CH/O=Example/CN=vpn.example.com", key: "rsa" });
  f.wild = d.make("wild", { subj: "/CN=example.com", san: "DNS:*.example.com" });
  f.ipdns = d.make("ipdns", { subj: "/CN=gw", san: "DNS:192.0.2.1,email:gw@example.com", key: "ed25519" });
  f.other = d.make("other", { subj: "/CN=o", san: "DNS:o.example.com,otherName:1.2.3.4;UTF8:x" });
  f.ku = d.make("ku", { subj: "/CN=ku", san: "DNS:ku.example.com", ku: "keyEncipherment" });
  f.p521 = d.make("p521", { subj: "/CN=w", san: "DNS:w.example.com", key: "p521" });
});
afterAll(() => d.cleanup());

describe("ikecert id", () => {
  it("passes when every id is proven (exit 0), naming what proved it", () => {
    const r = ikecert("id", f.pass!, "vpn.example.com", "192.0.2.1");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^OK 2 of 2 identities proven by .*pass\.pem/);
    expect(r.stdout).toContain("by:      san ID_IPV4_ADDR '192.0.2.1'");
    const { doc } = json("id", f.pass!, "vpn.example.com");
    expect(doc).toMatchObject({ ikecert: 1, command: "id", ok: true, findings: [] });
    expect(doc.result.certificate.sans).toEqual([
      { type: "ID_FQDN", value: "vpn.example.com" },
      { type: "ID_IPV4_ADDR", value: "192.0.2.1" },
    ]);
    expect(doc.result.identities[0]).toEqual({
      input: "vpn.example.com",
      type: "ID_FQDN",
      printed: "vpn.example.com",
      matches: true,
      level: 20,
      via: { kind: "san", type: "ID_FQDN", value: "vpn.example.com" },
    });
  });

  const cases: Array<[string, () => string, string[], string, string, RegExp?]> = [
    [
      "CN only",
      () => f.cn!,
      ["vpn.example.com"],
      "ID_ONLY_IN_CN",
      "no trusted RSA public key found for 'vpn.example.com'",
    ],
    [
      "wildcard SAN",
      () => f.wild!,
      ["vpn.example.com"],
      "WILDCARD_CERT_SAN",
      "no trusted ECDSA public key found for 'vpn.example.com'",
    ],
    [
      "IP text in a dNSName",
      () => f.ipdns!,
      ["192.0.2.1"],
      "ID_TYPE_MISMATCH",
      "no trusted ED25519 public key found for '192.0.2.1'",
      /write the id as 'fqdn:192\.0\.2\.1'/,
    ],
    [
      "@-FQDN vs iPAddress",
      () => f.pass!,
      ["@192.0.2.1"],
      "ID_TYPE_MISMATCH",
      "no trusted ECDSA public key found for '192.0.2.1'",
    ],
    [
      "email vs FQDN",
      () => f.ipdns!,
      ["fqdn:gw@example.com"],
      "ID_TYPE_MISMATCH",
      "no trusted ED25519 public key found for 'gw@example.com'",
    ],
    [
      "prefix kept as text",
      () => f.pass!,
      ["ipv4:192.0.2.1"],
      "ID_PREFIX_STORED_AS_TEXT",
      "no trusted ECDSA public key found for '49.57.50.46'",
      /write '192\.0\.2\.1' \(or 'ipv4:#c0000201'\)/,
    ],
    [
      "DN typo",
      () => f.pass!,
      ["C=CH, Og=Example, CN=vpn.example.com"],
      "DN_TYPO_BECOMES_KEYID",
      "no trusted ECDSA public key found for 'C=CH, Og=Example, CN=vpn.example.com'",
      /did you mean 'O'/,
    ],
    [
      "RDN order",
      () => f.pass!,
      ["CN=vpn.example.com, O=Example, C=CH"],
      "DN_RDN_ORDER",
      "no trusted ECDSA public key found for 'CN=vpn.example.com, O=Example, C=CH'",
      /rdn_matching = reordered/,
    ],
    [
      "UTF8 case",
      () => f.pass!,
      ["C=CH, O=EXAMPLE, CN=vpn.example.com"],
      "DN_CASE_UTF8",
      "no trusted ECDSA public key found for 'C=CH, O=EXAMPLE, CN=vpn.example.com'",
    ],
    [
      "trailing dot",
      () => f.pass!,
      ["vpn.example.com."],
      "ID_TRAILING_DOT",
      "no trusted ECDSA public key found for 'vpn.example.com.'",
    ],
    [
      "not in the certificate",
      () => f.pass!,
      ["other.example.org"],
      "ID_NOT_IN_CERT",
      "no trusted ECDSA public key found for 'other.example.org'",
    ],
  ];
  it.each(cases)("near miss: %s", (_name, cert, ids, code, log, fix) => {
    const r = ikecert("id", cert(), ...ids);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^FAIL 0 of 1 identity proven/);
    expect(r.stdout).toContain(`error ${code}: `);
    expect(r.stdout).toContain(`charon logs: ${log}`);
    if (fix) expect(r.stdout).toMatch(fix);
    const { code: jc, doc } = json("id", cert(), ...ids);
    expect(jc).toBe(1);
    expect(doc.ok).toBe(false);
    expect(doc.findings[0]).toMatchObject({ code, severity: "error", log });
    expect(doc.findings[0].faq).toBeTruthy();
    expect(doc.result.identities[0].matches).toBe(false);
  });

  it("near miss: *example.com has no dot boundary (warning, still proven: exit 0)", () => {
    const r = ikecert("id", f.pass!, "*example.com");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "warning WILDCARD_NO_DOT_BOUNDARY: '*example.com' matches every name ending in 'example.com'",
    );
    expect(r.stdout).toContain("fix: write '*.example.com'");
  });
  it("near miss: %any matches everything (warning, exit 0)", () => {
    const r = ikecert("id", f.pass!, "%any");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning ID_ANY_MATCHES_ALL: '%any' is %any");
    expect(r.stdout).toContain("verdict: proven (match level 1)");
  });
  it("near miss: an unsupported SAN kind (warning naming the plugin dependency)", () => {
    const r = ikecert("id", f.other!, "o.example.com");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning SAN_UNSUPPORTED_KIND: the SAN otherName");
    expect(r.stdout).toContain("charon logs: building CRED_CERTIFICATE - X509 failed, tried 3 builders");
  });
  it("an invalid regex id is an error finding (swanctl refuses the config)", () => {
    const r = ikecert("id", f.pass!, "fqdn:^[vpn$");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error ID_REGEX_INVALID: invalid regular expression '^[vpn$'");
    expect(ikecert("id", f.pass!, "fqdn:^vpn\\.example\\.com$").code).toBe(0);
    expect(ikecert("id", f.pass!, "fqdn:^vpn\\.example\\.com$", "--strongswan", "5.9.8").code).toBe(1);
  });
  it("--rdn-matching reordered accepts another RDN order", () => {
    expect(
      ikecert("id", f.pass!, "CN=vpn.example.com, O=Example, C=CH", "--rdn-matching", "reordered").code,
    ).toBe(0);
  });
  it("checks the first certificate of a bundle and warns about the rest", () => {
    const bundle = join(d.dir, "bundle.pem");
    writeFileSync(bundle, readFileSync(f.pass!, "utf8") + readFileSync(f.cn!, "utf8"));
    const r = ikecert("id", bundle, "vpn.example.com");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning CHAIN_FILE_MULTIPLE_CERTS:");
  });
  it("usage errors exit 2 with one line on stderr", () => {
    const r = ikecert("id", join(d.dir, "missing.pem"), "x");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ikecert: .*missing\.pem/);
    expect(ikecert("id", f.pass!, "x", "--client", "nokia").code).toBe(2);
    expect(ikecert("id", f.pass!, "x", "--strongswan", "banana").stderr).toContain(
      '--strongswan "banana" is not a release',
    );
  });
});

describe("ikecert id --client", () => {
  it("android: loose server address must be in a dNSName/iPAddress SAN", () => {
    const r = ikecert("id", f.ipdns!, "192.0.2.1", "--client", "android");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "error CLIENT_LOOSE_ID_NOT_CONFIRMED: the strongSwan Android app uses the server address '192.0.2.1'",
    );
    expect(r.stdout).toContain(
      "charon logs: constraint check failed: certificate does not confirm identity '192.0.2.1' (ID_IPV4_ADDR)",
    );
    expect(ikecert("id", f.pass!, "192.0.2.1", "--client", "android").code).toBe(0);
  });
  it("networkmanager: same loose rule", () => {
    const r = ikecert("id", f.cn!, "vpn.example.com", "--client", "networkmanager");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "error CLIENT_LOOSE_ID_NOT_CONFIRMED: NetworkManager (charon-nm) uses the server address",
    );
  });
  it("apple: SAN equal to the server id, serverAuth EKU, send_cert, ECDSA note", () => {
    const ok = ikecert("id", f.pass!, "vpn.example.com", "--client", "apple");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("info CLIENT_APPLE_SEND_CERT:");
    expect(ok.stdout).toContain("fix: set send_cert = always");
    expect(ok.stdout).toContain("warning CLIENT_APPLE_ECDSA_MANUAL:");
    const bad = ikecert("id", f.cn!, "vpn.example.com", "--client", "apple");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("error CLIENT_APPLE_SAN_MISSING:");
    expect(bad.stdout).toContain("error CLIENT_NO_SERVER_AUTH: iOS/macOS requires the serverAuth EKU");
    expect(bad.stdout).toContain("--flag serverAuth");
  });
  it("windows: an IP server needs a dNSName SAN with the IP text; key types; serverAuth", () => {
    const r = ikecert("id", f.pass!, "192.0.2.1", "--client", "windows");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error CLIENT_WINDOWS_IP_NEEDS_DNS_SAN:");
    expect(r.stdout).toContain("--san @192.0.2.1");
    const k = ikecert("id", f.p521!, "w.example.com", "--client", "windows");
    expect(k.stdout).toContain("error CLIENT_WINDOWS_KEY_TYPE: the server key is ECDSA P-521");
    expect(k.stdout).toContain("error CLIENT_NO_SERVER_AUTH: Windows requires the serverAuth EKU");
  });
  it("strongswan: keyUsage without digitalSignature is rejected", () => {
    const r = ikecert("id", f.ku!, "ku.example.com", "--client", "strongswan");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error CLIENT_KEY_USAGE:");
    expect(r.stdout).toContain(
      "charon logs: rejecting certificate without digitalSignature or nonRepudiation keyUsage flags",
    );
    expect(ikecert("id", f.pass!, "vpn.example.com", "--client", "strongswan").code).toBe(0);
  });
});
