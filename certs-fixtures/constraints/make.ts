/**
 * Writes the name-constraint and certificate-policy fixtures (certs-fixtures/README.md,
 * "constraints/"): a root constrained to corp.example and certificates inside and outside it, and a
 * root without certificatePolicies with a client certificate that lists one. Keys are new on each
 * run (and not kept: nothing signs with them). Run from the repository root:
 *   npx esbuild certs-fixtures/constraints/make.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=.tmp/make-constraints.mjs && node .tmp/make-constraints.mjs
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CertificateOptions, generateKey, makeCertificate } from "../generator.js";

const out = process.argv[2] ?? join(process.cwd(), "certs-fixtures", "constraints");
mkdirSync(out, { recursive: true });
const ORG = "C=CH, O=Example Corp";
const CA = { notBefore: new Date("2024-01-01T00:00:00Z"), notAfter: new Date("2045-01-01T00:00:00Z") };
const EE = { notBefore: new Date("2025-01-01T00:00:00Z"), notAfter: new Date("2035-01-01T00:00:00Z") };
export const POLICY = "1.3.6.1.4.1.36906.1.1";

const ncRoot = makeCertificate({
  subject: `${ORG}, CN=Corp Root CA`,
  key: generateKey("p256"),
  ca: true,
  serial: 0x100,
  nameConstraints: { permitted: [{ dns: "corp.example" }], excluded: [{ dns: "lab.corp.example" }] },
  ...CA,
});
const leaf = (cn: string, serial: number, o: Partial<CertificateOptions> = {}) =>
  makeCertificate({
    subject: `${ORG}, CN=${cn}`,
    key: generateKey("p256"),
    issuer: ncRoot,
    serial,
    keyUsage: ["digitalSignature"],
    sans: [cn],
    ...EE,
    ...o,
  }).pem;
writeFileSync(join(out, "corp-root.pem"), ncRoot.pem);
writeFileSync(join(out, "vpn-corp.pem"), leaf("vpn.corp.example", 0x101));
writeFileSync(join(out, "vpn-other.pem"), leaf("vpn.example.org", 0x102));
writeFileSync(join(out, "vpn-lab.pem"), leaf("vpn.lab.corp.example", 0x103));
writeFileSync(join(out, "vpn-case.pem"), leaf("VPN.Corp.Example", 0x104));

const policyRoot = makeCertificate({
  subject: `${ORG}, CN=Policy Root CA`,
  key: generateKey("p256"),
  ca: true,
  serial: 0x200,
  ...CA,
});
writeFileSync(join(out, "policy-root.pem"), policyRoot.pem);
writeFileSync(
  join(out, "policy-client.pem"),
  makeCertificate({
    subject: `${ORG}, CN=client.corp.example`,
    key: generateKey("p256"),
    issuer: policyRoot,
    serial: 0x201,
    keyUsage: ["digitalSignature"],
    sans: ["client.corp.example"],
    policies: [POLICY],
    ...EE,
  }).pem,
);
