/**
 * Ground truth from a private charon (5.9.8-5+deb12u6) for what `pki --verify` cannot show:
 * - `remote.cert_policy`: the policies charon accepts from the peer's chain (a root without
 *   certificatePolicies makes them "not allowed by trustchain" before 6.0.1), and the refusal;
 * - name constraints in a real IKE_AUTH, and charon's rule where pki's differs: a peer certificate
 *   whose subject equals its CA's (PKITS 4.13.20) is judged itself, not the CA of the same name.
 * ikecert (chain with `requiredPolicies`) must agree with each outcome and its log lines.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type GeneratedCertificate,
  generateKey,
  makeCertificate,
  privateKeyPem,
} from "../../certs-fixtures/generator.js";
import { buildChain, type ChainCertificate, explainLog, parseCertificate } from "../../lib/index.js";
import { CHARON, NAMESPACE_TOOLS, SWANCTL, tierAvailable } from "./env.js";
import { type IkeSide, keyLines, runIke } from "./ike.js";

const run = tierAvailable("cert_policy and name constraints in IKE", [CHARON, SWANCTL, ...NAMESPACE_TOOLS], {
  namespaces: true,
});
const INSTALLED = "5.9.8-5+deb12u6";
const P1 = "1.3.6.1.4.1.36906.1.1";
const enc = (s: string) => new TextEncoder().encode(s);

function party(
  cn: string,
  issuer: GeneratedCertificate,
  extra: Partial<Parameters<typeof makeCertificate>[0]> = {},
) {
  const key = generateKey("p256");
  const cert = makeCertificate({
    subject: `C=CH, O=ikecert test, CN=${cn}`,
    key,
    issuer,
    keyUsage: ["digitalSignature"],
    sans: [cn],
    ...extra,
  });
  return { cert, key: enc(privateKeyPem(key)) };
}

const chainCert = (g: GeneratedCertificate, file: string): ChainCertificate =>
  Object.assign(parseCertificate(g.der), { source: { file, index: 0 } });

describe.runIf(run)("charon: cert_policy and name constraints", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-cert-policy-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The initiator authenticates with `client`; the responder trusts `cas` and requires `remote`. */
  async function exchange(
    client: { cert: GeneratedCertificate; key: Uint8Array },
    cas: GeneratedCertificate[],
    remote: string[] = [],
    clientId?: string,
  ) {
    const gwRoot = makeCertificate({
      subject: "C=CH, O=ikecert test, CN=GW Root",
      key: generateKey("p256"),
      ca: true,
    });
    const gw = party("gw.example.com", gwRoot);
    const initiator: IkeSide = {
      files: {
        x509: [["client.pem", enc(client.cert.pem)]],
        x509ca: [["gwroot.pem", enc(gwRoot.pem)]],
        private: [["client.key", client.key]],
      },
      localId: clientId ?? client.cert.cert!.subject.printed,
      remoteId: "gw.example.com",
    };
    const responder: IkeSide = {
      files: {
        x509: [["gw.pem", enc(gw.cert.pem)]],
        x509ca: cas.map((c, i): [string, Uint8Array] => [`ca${i}.pem`, enc(c.pem)]),
        private: [["gw.key", gw.key]],
      },
      localId: "gw.example.com",
      remote: remote,
    };
    return runIke({ initiator, responder });
  }

  it("a required policy under a root without policies: 'not allowed by trustchain', then refused", async () => {
    const root = makeCertificate({
      subject: "C=CH, O=ikecert test, CN=Bare Root",
      key: generateKey("p256"),
      ca: true,
    });
    const client = party("client.example.com", root, { policies: [P1] });
    const r = await exchange(client, [root], [`cert_policy = ${P1}`]);
    const log = r.responderLog.join("\n");
    expect(r.established, keyLines(r.responderLog).join("\n")).toBe(false);
    const ike = buildChain(chainCert(client.cert, "client.pem"), {
      trusted: [chainCert(root, "ca0.pem")],
      untrusted: [],
      strongswan: INSTALLED,
      requiredPolicies: [P1],
    });
    expect(ike.trusted).toBe(false);
    expect(ike.decidedBy).toBe("policy");
    for (const f of ike.findings.filter((x) => x.log && /POLICY/.test(x.code))) expect(log).toContain(f.log);
    expect(log).toContain(`constraint requires cert policy ${P1}`);
    // the responder checks each round as it is done (ike_auth.c update_cfg_candidates, not strict)
    expect(log).toContain("selected peer config 'ikc' unacceptable: non-matching authentication done");
    // explain reads charon's real log and names the refusal
    const rules = explainLog(log.replace(/^\d\d:\d\d:\d\d /gm, "")).entries.map((e) => e.rule);
    expect(rules).toContain("cert-policy-required");
  }, 120_000);

  it("a required policy carried by the whole chain is accepted", async () => {
    const root = makeCertificate({
      subject: "C=CH, O=ikecert test, CN=Policy Root",
      key: generateKey("p256"),
      ca: true,
      policies: [P1],
    });
    const client = party("client.example.com", root, { policies: [P1] });
    const r = await exchange(client, [root], [`cert_policy = ${P1}`]);
    expect(r.established, keyLines(r.responderLog).join("\n")).toBe(true);
    const ike = buildChain(chainCert(client.cert, "client.pem"), {
      trusted: [chainCert(root, "ca0.pem")],
      untrusted: [],
      strongswan: INSTALLED,
      requiredPolicies: [P1],
    });
    expect(ike.trusted).toBe(true);
    expect(ike.certPolicies).toEqual([P1]);
  }, 120_000);

  it("a peer certificate outside the CA's name constraints: the chain fails in IKE_AUTH", async () => {
    const root = makeCertificate({
      subject: "C=CH, O=ikecert test, CN=NC Root",
      key: generateKey("p256"),
      ca: true,
      nameConstraints: { permitted: [{ dns: "corp.example" }] },
    });
    const client = party("client.example.com", root);
    const r = await exchange(client, [root]);
    const log = r.responderLog.join("\n");
    expect(r.established).toBe(false);
    const ike = buildChain(chainCert(client.cert, "client.pem"), {
      trusted: [chainCert(root, "ca0.pem")],
      untrusted: [],
      strongswan: INSTALLED,
    });
    expect(ike.decidedBy).toBe("nameConstraints");
    const line = ike.findings.find((f) => f.code === "CHAIN_NAME_NOT_PERMITTED")!.log!;
    expect(line).toBe(
      "certificate 'C=CH, O=ikecert test, CN=client.example.com' does not match permitted name constraint 'corp.example'",
    );
    expect(log).toContain(line);
    expect(log).toMatch(
      /no trusted ECDSA public key found for 'C=CH, O=ikecert test, CN=client.example.com'/,
    );
  }, 120_000);

  it("charon judges a peer certificate named like its CA itself (pki --verify checks the CA instead)", async () => {
    const ca = makeCertificate({
      subject: "C=CH, O=ikecert test, CN=Twin CA",
      key: generateKey("p256"),
      ca: true,
      nameConstraints: { permitted: [{ dn: "C=CH, O=ikecert test, OU=Clients" }] },
    });
    const key = generateKey("p256");
    const twin = makeCertificate({
      subject: "C=CH, O=ikecert test, CN=Twin CA",
      key,
      issuer: ca,
      keyUsage: ["digitalSignature"],
    });
    const r = await exchange({ cert: twin, key: enc(privateKeyPem(key)) }, [ca]);
    const log = r.responderLog.join("\n");
    expect(r.established).toBe(false);
    const ike = buildChain(chainCert(twin, "client.pem"), {
      trusted: [chainCert(ca, "ca0.pem")],
      untrusted: [],
      strongswan: INSTALLED,
    });
    expect(ike.trusted).toBe(false);
    expect(log).toContain(ike.findings.find((f) => f.code === "CHAIN_NAME_NOT_PERMITTED")!.log!);
  }, 120_000);
});
