/**
 * Ground truth from the installed strongSwan: `pki --self --dn X --san Y` encodes X with atodn and
 * each Y through identification_create_from_string, so the certificate it writes shows how
 * strongSwan parsed the strings. Our parser (rules of the installed release) must agree.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCertificate, parseIdentity } from "../../lib/index.js";
import { needs } from "../needs.js";
import { PKI, pkiConf, strongswanVersion } from "../strongswan/env.js";

const run = needs("pki identity parsing", ["pki"]);
const dir = mkdtempSync(join(tmpdir(), "ikc-identity-pki-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pki(args: string[]): { status: number | null; out: Buffer; err: string } {
  const r = spawnSync(PKI, args, { env: { ...process.env, STRONGSWAN_CONF: pkiConf() }, timeout: 20_000 });
  return { status: r.status, out: r.stdout, err: String(r.stderr) };
}

const DNS = [
  "C=CH, O=strongSwan, CN=gw",
  "CN=gw,O=strongSwan,C=CH",
  "/C=CH/O=strongSwan/CN=gw",
  " / C=CH / O=x, y / CN=gw",
  "C=CH/O=x",
  "c=ch, o=lower, cn=case",
  "C==CH , O==x , CN==y",
  "C=",
  "C=CH, O=",
  "C=CH,",
  "C=CH, ",
  "C=CH,,O=x",
  "CN=a_b",
  "CN=*",
  "CN=a*b",
  "CN=caf\u00e9",
  "E=alice@example.com",
  "Email=alice@example.com, CN=a",
  "emailAddress=alice@example.com",
  "UN=x, UA=y",
  "SN=Smith",
  "S=Smith",
  "serialNumber=1234",
  "DC=org, DC=example, UID=alice",
  "STREET=Main St 1, postalCode=8000, L=Zurich, ST=ZH",
  "T=Dr, G=Al, I=A, N=x, D=desc, ND=nd, ID=id, TCGID=t",
  "dnQualifier=q, dmdName=d, pseudonym=p, EN=1, employeeNumber=2, postalAddress=x",
  "organizationIdentifier=VATCH-1",
  "CN=a\\,b",
  'CN="quoted, value"',
  "CN=a+OU=b",
  "foo=bar",
  "=bar",
  "C=CH, O",
  "C=CH, AsdF=asdf",
  "C=CH  ,  O=x  ",
  Array.from({ length: 20 }, (_, i) => `OU=${i}`).join(", "),
  Array.from({ length: 21 }, (_, i) => `OU=${i}`).join(", "),
];

const SANS = [
  "vpn.example.com",
  "@vpn.example.com",
  "192.0.2.1",
  "@192.0.2.1",
  "2001:db8::1",
  "::ffff:192.0.2.1",
  "alice@example.com",
  "@@alice",
  "fqdn:192.0.2.1",
  "email:tester",
  "dns:x.example.com",
  "192.168.",
  "010.0.0.1",
  "any",
  "C=CH, CN=dir",
];

describe.runIf(run)(`strongSwan ${run ? strongswanVersion() : ""}: pki parses ids as we do`, () => {
  const release = run ? strongswanVersion() : undefined;
  const key = join(dir, "key.der");
  if (run) {
    const g = pki(["--gen", "--type", "ecdsa", "--size", "256", "--outform", "der"]);
    writeFileSync(key, g.out);
  }

  it.each(DNS.map((d) => [d]))("--dn %j", (dn) => {
    const ours = parseIdentity(dn, { strongswan: release });
    const r = pki(["--self", "--in", key, "--dn", dn, "--outform", "der"]);
    if (ours.typeName !== "ID_DER_ASN1_DN") {
      expect(r.status, r.err).not.toBe(0);
      expect(r.err).toContain("not a distinguished name");
      return;
    }
    expect(r.status, r.err).toBe(0);
    const cert = parseCertificate(new Uint8Array(r.out));
    expect(Buffer.from(cert.subject.der).toString("hex")).toBe(Buffer.from(ours.encoding).toString("hex"));
  });

  it.each(SANS.map((s) => [s]))("--san %j", (san) => {
    const ours = parseIdentity(san, { strongswan: release });
    const r = pki(["--self", "--in", key, "--dn", "CN=san", "--san", san, "--outform", "der"]);
    expect(r.status, r.err).toBe(0);
    const sans = parseCertificate(new Uint8Array(r.out)).sans;
    const kind: Record<string, string> = {
      ID_FQDN: "dNSName",
      ID_RFC822_ADDR: "rfc822Name",
      ID_IPV4_ADDR: "iPAddress",
      ID_IPV6_ADDR: "iPAddress",
      ID_DER_ASN1_DN: "directoryName",
    };
    const expected = kind[ours.typeName];
    if (!expected) {
      expect(sans).toEqual([]);
      return;
    }
    expect(sans.map((s) => [s.kind, Buffer.from(s.encoding).toString("hex")])).toEqual([
      [expected, Buffer.from(ours.encoding).toString("hex")],
    ]);
  });
});
