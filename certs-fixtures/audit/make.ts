/**
 * Writes the `ikecert audit` fixtures (certs-fixtures/README.md, "audit/"): a swanctl folder with
 * one connection per finding, a swanctl folder without CA certificates, and an ipsec.conf folder.
 * Certificates are issued under the committed sample CAs (certs-fixtures/sample-ca.ts), so the
 * chains of the sample deployment apply. Run from the repository root:
 *   npx esbuild certs-fixtures/audit/make.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=.tmp/make-audit.mjs && node .tmp/make-audit.mjs
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type CertificateOptions,
  type GeneratedCertificate,
  generateKey,
  type KeyPair,
  makeCertificate,
  privateKeyPem,
} from "../generator.js";
import { sampleCa } from "../sample-ca.js";

/** run from the repository root (the bundled script cannot find its own folder) */
const FIXTURES = join(process.cwd(), "certs-fixtures");

const out = process.argv[2] ?? join(FIXTURES, "audit");
const ORG = "C=CH, O=Example VPN";
const FROM = new Date("2025-01-01T00:00:00Z");
const UNTIL = new Date("2035-01-01T00:00:00Z");

function write(rel: string, text: string): void {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

for (const d of ["swanctl", "noca", "ipsec"]) rmSync(join(out, d), { recursive: true, force: true });

const { root, intermediate } = sampleCa(FIXTURES);
const byIntermediate = { cert: intermediate, key: intermediate.key };

function issue(o: Partial<CertificateOptions> & { subject: string }, key: KeyPair = generateKey("p256")) {
  return makeCertificate({
    issuer: byIntermediate,
    notBefore: FROM,
    notAfter: UNTIL,
    keyUsage: ["digitalSignature"],
    ...o,
    key,
  });
}
const withKey = (c: GeneratedCertificate) => privateKeyPem(c.key);

// ------------------------------------------------------------------ swanctl/: one connection per finding
const sw = (rel: string, text: string) => write(`swanctl/${rel}`, text);
sw("x509ca/root.pem", root.pem);
sw("x509ca/intermediate.pem", intermediate.pem);
const gw = issue({ subject: `${ORG}, CN=gw.example.com`, sans: ["gw.example.com", { ip: "192.0.2.10" }] });
sw("x509/gw.pem", gw.pem);
sw("private/gw.key", withKey(gw));
// an end-entity certificate misplaced in x509ca/: swanctl refuses it at load
const stray = issue({ subject: `${ORG}, CN=stray.example.com`, sans: ["stray.example.com"] });
sw("x509ca/stray.pem", stray.pem);
// a certificate whose key is not loaded
const nokey = issue({ subject: `${ORG}, CN=nokey.example.com`, sans: ["nokey.example.com"] });
sw("x509/nokey.pem", nokey.pem);
// a bundle: leaf + intermediate in one file (only the leaf is loaded)
const bundled = issue({ subject: `${ORG}, CN=bundle.example.com`, sans: ["bundle.example.com"] });
sw("x509/bundle.pem", bundled.pem + intermediate.pem);
sw("private/bundle.key", withKey(bundled));
// expires 2030-01-10 (tests audit with --at 2030-01-01)
const soon = issue({
  subject: `${ORG}, CN=soon.example.com`,
  sans: ["soon.example.com"],
  notAfter: new Date("2030-01-10T00:00:00Z"),
});
sw("x509/soon.pem", soon.pem);
sw("private/soon.key", withKey(soon));
// issued by a CA that is not loaded here
const otherCaKey = generateKey("p256");
const otherCa = makeCertificate({
  subject: `${ORG}, CN=Other Intermediate CA`,
  key: otherCaKey,
  issuer: { cert: root, key: sampleRootKey() },
  ca: true,
  notBefore: FROM,
  notAfter: UNTIL,
});
const orphan = issue({
  subject: `${ORG}, CN=orphan.example.com`,
  sans: ["orphan.example.com"],
  issuer: { cert: otherCa, key: otherCaKey },
});
sw("x509/orphan.pem", orphan.pem);
sw("private/orphan.key", withKey(orphan));
// a big RSA certificate for the size finding
const big = issue(
  { subject: `${ORG}, CN=big.example.com`, sans: ["big.example.com"] },
  generateKey("rsa4096"),
);
sw("x509/big.pem", big.pem);
sw("private/big.key", withKey(big));

function sampleRootKey(): KeyPair {
  return root.key;
}

const pk = (cert: string, id?: string) =>
  `    local {\n      auth = pubkey\n      certs = ${cert}\n${id ? `      id = ${id}\n` : ""}    }`;
const remote = (lines: string) => `    remote {\n      auth = pubkey\n${lines}    }`;
const conn = (name: string, body: string) => `  ${name} {\n    version = 2\n${body}\n  }\n`;
const rid = (id: string) => `      id = ${id}\n`;

sw(
  "swanctl.conf",
  `# ikecert audit fixtures: one connection per finding (certs-fixtures/README.md).
connections {
${conn("good", `${pk("gw.pem", "gw.example.com")}\n${remote(`${rid("*@example.com")}      cacerts = root.pem\n`)}`)}${conn(
  "nokey",
  `${pk("nokey.pem", "nokey.example.com")}\n${remote(rid("peer@example.com"))}`,
)}${conn("missing", `${pk("absent.pem", "gw.example.com")}\n${remote(rid("peer@example.com"))}`)}${conn(
  "bundle",
  `${pk("bundle.pem", "bundle.example.com")}\n${remote(rid("peer@example.com"))}`,
)}${conn("wrongid", `${pk("gw.pem", "vpn.other.com")}\n${remote(rid("peer@example.com"))}`)}${conn(
  "noid",
  `${pk("gw.pem")}\n${remote(rid("peer@example.com"))}`,
)}${conn("prefix", `${pk("gw.pem", "gw.example.com")}\n${remote(rid("ipv4:192.0.2.20"))}`)}${conn(
  "dntypo",
  `${pk("gw.pem", "gw.example.com")}\n${remote(rid('"C=CH, 0=Example VPN, CN=peer"'))}`,
)}${conn("anyremote", `${pk("gw.pem", "gw.example.com")}\n${remote("")}`)}${conn(
  "cacert-ee",
  `${pk("gw.pem", "gw.example.com")}\n${remote(`${rid("peer@example.com")}      cacerts = ../x509/gw.pem\n`)}`,
)}${conn(
  "nonascii",
  `${pk("gw.pem", "gw.exämple.com")}\n${remote(rid("peer@example.com"))}`,
)}${conn("badvalue", `    send_cert = sometimes\n${pk("gw.pem", "gw.example.com")}\n${remote(rid("peer@example.com"))}`)}${conn(
  "soon",
  `${pk("soon.pem", "soon.example.com")}\n${remote(rid("peer@example.com"))}`,
)}${conn("orphan", `${pk("orphan.pem", "orphan.example.com")}\n${remote(rid("peer@example.com"))}`)}${conn(
  "big",
  `    fragmentation = no\n    remote_addrs = 198.51.100.7\n${pk("big.pem", "big.example.com")}\n${remote(rid("peer.example.com"))}`,
)}${conn(
  "psk-weak",
  `    local {\n      auth = psk\n      id = gw.example.com\n    }\n    remote {\n      auth = psk\n      id = branch1.example.com\n    }`,
)}${conn(
  "psk-missing",
  `    local {\n      auth = psk\n      id = gw.example.com\n    }\n    remote {\n      auth = psk\n      id = nobody.example.com\n    }`,
)}}

secrets {
  ike-branch1 {
    id-1 = branch1.example.com
    id-2 = branch2.example.com
    id-3 = branch3.example.com
    secret = "secret123"
  }
}
`,
);

// ------------------------------------------------------------------ noca/: certificates but no CA loaded
write("noca/x509/gw.pem", gw.pem);
write("noca/private/gw.key", withKey(gw));
write(
  "noca/swanctl.conf",
  `connections {
${conn("rw", `${pk("gw.pem", "gw.example.com")}\n${remote(rid("*@example.com"))}`)}}
`,
);

// ------------------------------------------------------------------ ipsec/: ipsec.conf + ipsec.secrets + ipsec.d
const ip = (rel: string, text: string) => write(`ipsec/${rel}`, text);
ip("ipsec.d/cacerts/root.pem", root.pem);
ip("ipsec.d/cacerts/intermediate.pem", intermediate.pem);
ip("ipsec.d/cacerts/stray.pem", stray.pem);
ip("ipsec.d/certs/gw.pem", gw.pem);
ip("ipsec.d/private/gw.key", withKey(gw));
ip("ipsec.d/private/unused.key", withKey(nokey));
ip(
  "ipsec.conf",
  `# ikecert audit fixtures (ipsec.conf)
conn %default
    keyexchange=ikev2
    leftcert=gw.pem
    auto=add

conn good
    left=192.0.2.10
    leftid=gw.example.com
    right=%any
    rightid=*@example.com

conn replaced
    left=192.0.2.10
    leftid=vpn.other.com
    right=%any

conn aggressive
    keyexchange=ikev1
    aggressive=yes
    authby=secret
    left=192.0.2.10
    leftid=gw.example.com
    right=%any
    rightid=branch1.example.com
`,
);
ip(
  "ipsec.secrets",
  `# the gateway key, and the branch PSK (random, 32 bytes)
: RSA gw.key
gw.example.com branch1.example.com : PSK 0sq83bp0J0hEGJ1jvUKyyGzUQFa7JIp3vybLW1MFsKd3k=
`,
);
