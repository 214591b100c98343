import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuditConnection,
  type AuditResult,
  auditConfig,
  type Finding,
  loadConfig,
  resolveEndpoints,
} from "../../lib/index.js";

const FIX = join(import.meta.dirname, "../../certs-fixtures");
const AT = new Date("2030-01-01T00:00:00Z");

async function audit(dir: string, at = AT, strongswan?: string): Promise<AuditResult> {
  const { config, refs } = await loadConfig(join(FIX, dir));
  return auditConfig(config, { refs, at, ...(strongswan ? { strongswan } : {}) });
}

const codes = (fs: Finding[]) => fs.map((f) => f.code);

describe("audit: swanctl fixtures, one connection per finding", () => {
  let r: AuditResult;
  const conn = (name: string): AuditConnection => {
    const c = r.connections.find((x) => x.name === name);
    if (!c) throw new Error(`no connection ${name}`);
    return c;
  };
  beforeAll(async () => {
    r = await audit("audit/swanctl");
  });

  it("the good connection passes and says what it sends", () => {
    const c = conn("good");
    expect(c.ok).toBe(true);
    const local = c.rounds.find((x) => x.side === "local")!;
    expect(local.certificate).toBe("C=CH, O=Example VPN, CN=gw.example.com");
    expect(local.keyFile).toMatch(/private\/gw\.key$/);
    expect(local.cas).toEqual(["C=CH, O=Example VPN, CN=Example VPN Intermediate CA"]);
    expect(codes(c.findings)).toContain("LOCAL_SENDS_INTERMEDIATES");
    const remote = c.rounds.find((x) => x.side === "remote")!;
    expect(remote.cas).toEqual(["C=CH, O=Example VPN, CN=Example VPN Root CA"]);
    expect(c.size?.bytes).toBeGreaterThan(1500);
  });
  it("LOCAL_NO_PRIVATE_KEY with the log line for the id", () => {
    const f = conn("nokey").findings.find((x) => x.code === "LOCAL_NO_PRIVATE_KEY")!;
    expect(f.log).toBe("no private key found for 'nokey.example.com'");
    expect(conn("nokey").ok).toBe(false);
  });
  it("LOCAL_CERT_MISSING points at the certs line", () => {
    const f = conn("missing").findings.find((x) => x.code === "LOCAL_CERT_MISSING")!;
    expect(f.message).toContain("absent.pem");
    expect(f.file).toMatch(/swanctl\.conf:\d+$/);
  });
  it("CHAIN_FILE_MULTIPLE_CERTS: only the first certificate of a bundle", () => {
    expect(codes(conn("bundle").findings)).toContain("CHAIN_FILE_MULTIPLE_CERTS");
    expect(codes(r.findings)).toContain("CHAIN_FILE_MULTIPLE_CERTS");
  });
  it("ID_NOT_IN_CERT: swanctl does not check the local id, the peer fails", () => {
    const f = conn("wrongid").findings.find((x) => x.code === "ID_NOT_IN_CERT")!;
    expect(f.message).toContain("PEER fails");
    expect(f.log).toBe("no trusted ECDSA public key found for 'vpn.other.com'");
  });
  it("LOCAL_ID_DEFAULT: swanctl defaults to the certificate subject", () => {
    const c = conn("noid");
    const f = c.findings.find((x) => x.code === "LOCAL_ID_DEFAULT")!;
    expect(f.log).toBe(
      "id not specified, defaulting to cert subject 'C=CH, O=Example VPN, CN=gw.example.com'",
    );
    expect(c.rounds[0]!.idType).toBe("ID_DER_ASN1_DN");
    expect(c.ok).toBe(true);
  });
  it("ID_PREFIX_STORED_AS_TEXT for ipv4:", () => {
    const c = conn("prefix");
    expect(codes(c.findings)).toContain("ID_PREFIX_STORED_AS_TEXT");
    expect(c.rounds.find((x) => x.side === "remote")!.id).toBe("49.57.50.46");
  });
  it("DN_TYPO_BECOMES_KEYID", () => {
    const c = conn("dntypo");
    expect(codes(c.findings)).toContain("DN_TYPO_BECOMES_KEYID");
    expect(c.rounds.find((x) => x.side === "remote")!.idType).toBe("ID_KEY_ID");
  });
  it("ID_ANY_MATCHES_ALL for a pubkey remote without id (a warning: still ok)", () => {
    const c = conn("anyremote");
    expect(codes(c.findings)).toContain("ID_ANY_MATCHES_ALL");
    expect(c.ok).toBe(true);
  });
  it("REMOTE_CACERT_NOT_CA, and the folder does not blame the end-entity file", () => {
    expect(codes(conn("cacert-ee").findings)).toContain("REMOTE_CACERT_NOT_CA");
    expect(r.findings.filter((f) => f.code === "CHAIN_CA_REJECTED_AT_LOAD").map((f) => f.file)).toEqual([
      "x509ca/stray.pem",
    ]);
  });
  it("CHAIN_CA_REJECTED_AT_LOAD with swanctl's reply", () => {
    const f = r.findings.find((x) => x.code === "CHAIN_CA_REJECTED_AT_LOAD")!;
    expect(f.log).toBe("ca certificate lacks CA basic constraint, rejected");
    expect(r.ok).toBe(false);
  });
  it("ID_NOT_PRINTABLE: vici discards the connection", () => {
    const c = conn("nonascii");
    const f = c.findings.find((x) => x.code === "ID_NOT_PRINTABLE")!;
    expect(f.log).toBe("invalid value for: id, config discarded");
    expect(codes(c.findings)).not.toContain("ID_NOT_IN_CERT");
  });
  it("CONFIG_INVALID with file:line for the connection it concerns", () => {
    const f = conn("badvalue").findings.find((x) => x.code === "CONFIG_INVALID")!;
    expect(f.message).toContain("send_cert");
    expect(f.file).toMatch(/swanctl\.conf:\d+$/);
  });
  it("CERT_EXPIRES_SOON within 30 days", () => {
    const f = conn("soon").findings.find((x) => x.code === "CERT_EXPIRES_SOON")!;
    expect(f.message).toContain("expires in 9 days");
  });
  it("LOCAL_CHAIN_INCOMPLETE when the issuer is not loaded", () => {
    const c = conn("orphan");
    const f = c.findings.find((x) => x.code === "LOCAL_CHAIN_INCOMPLETE")!;
    expect(f.message).toContain("Other Intermediate CA");
    expect(c.rounds[0]!.cas).toEqual([]);
  });
  it("IKE_AUTH_EXCEEDS_MTU_NO_FRAGMENTATION with fragmentation = no", () => {
    const c = conn("big");
    expect(codes(c.findings)).toContain("IKE_AUTH_EXCEEDS_MTU_NO_FRAGMENTATION");
    expect(c.size?.role).toBe("initiator");
  });
  it("IKE_AUTH_SIZE is an info when fragmentation is on", () => {
    const f = conn("good").findings.find((x) => x.code === "IKE_AUTH_SIZE")!;
    expect(f.severity).toBe("info");
    expect(f.log).toMatch(/^splitting IKE message \(\d+ bytes\) into 2 fragments$/);
  });
  it("PSK_WEAK on the connection that uses the key, PSK_SHARED_BY_MANY for the folder", () => {
    expect(codes(conn("psk-weak").findings)).toContain("PSK_WEAK");
    expect(codes(r.findings)).toContain("PSK_SHARED_BY_MANY");
  });
  it("PSK_MISSING with charon's log line", () => {
    const f = conn("psk-missing").findings.find((x) => x.code === "PSK_MISSING")!;
    expect(f.log).toBe("no shared key found for 'gw.example.com' - 'nobody.example.com'");
  });
  it("never puts a secret in the result", () => {
    expect(JSON.stringify(r)).not.toContain("secret123");
  });
});

describe("audit: other folders", () => {
  it("the sample deployment audits clean", async () => {
    const r = await audit("sample", new Date());
    expect(r.ok).toBe(true);
    expect(r.connections.map((c) => c.name)).toEqual(["rw", "carol"]);
  });
  it("REMOTE_NO_TRUSTED_CA without CA certificates", async () => {
    const r = await audit("audit/noca");
    expect(codes(r.connections[0]!.findings)).toEqual(
      expect.arrayContaining(["REMOTE_NO_TRUSTED_CA", "LOCAL_CHAIN_INCOMPLETE"]),
    );
  });
  it("ipsec.conf: LOCAL_ID_REPLACED, PSK_AGGRESSIVE_MODE, KEY_NOT_LOADED, stroke's CA log", async () => {
    const r = await audit("audit/ipsec");
    const by = (n: string) => r.connections.find((c) => c.name === n)!;
    expect(by("good").ok).toBe(true);
    const rep = by("replaced").findings.find((f) => f.code === "LOCAL_ID_REPLACED")!;
    expect(rep.log).toBe(
      "id 'vpn.other.com' not confirmed by certificate, defaulting to 'C=CH, O=Example VPN, CN=gw.example.com'",
    );
    expect(codes(by("aggressive").findings)).toContain("PSK_AGGRESSIVE_MODE");
    expect(r.findings.find((f) => f.code === "KEY_NOT_LOADED")?.file).toBe("ipsec.d/private/unused.key");
    expect(r.findings.find((f) => f.code === "CHAIN_CA_REJECTED_AT_LOAD")?.log).toBe(
      'ca certificate "C=CH, O=Example VPN, CN=stray.example.com" lacks ca basic constraint, discarded',
    );
  });
});

describe("resolveEndpoint", () => {
  it("no id, no certificate: IP address, worded per release", async () => {
    const { config, refs } = await loadConfig(join(FIX, "audit/swanctl"));
    const psk = (rel: string) =>
      resolveEndpoints(config, { refs, strongswan: rel }).find((e) => e.name === "psk-weak")!;
    // psk-weak has ids; build one without by dropping it
    const conn = config.conf!.connections.find((c) => c.name === "psk-weak")!;
    const noId = { ...conn, local: [{ ...conn.local[0]!, id: null }] };
    const { resolveEndpoint } = await import("../../lib/checks/endpoint.js");
    expect(resolveEndpoint(config, noId, { refs, strongswan: "5.9.8" }).local[0]!.id.log).toBe(
      "no IDi configured, fall back on IP address",
    );
    expect(resolveEndpoint(config, noId, { refs, strongswan: "6.0.1" }).local[0]!.id.log).toMatch(
      /^no IDi configured, default to IP address /,
    );
    expect(psk("5.9.8").local[0]!.id.source).toBe("configured");
  });
  it("CERTREQ lists the remote cacerts, else every trusted CA", async () => {
    const { config, refs } = await loadConfig(join(FIX, "sample"));
    const [rw, carol] = resolveEndpoints(config, { refs });
    expect(rw!.certreqCas).toBe(1);
    expect(carol!.certreqCas).toBe(2);
  });
});
