/**
 * Writes the generated fixtures: certs-fixtures/sample/ (a swanctl folder), certs-fixtures/broken/
 * and certs-fixtures/ca-keys/. Run from the repository root: `npm run fixtures` (or with an output
 * folder: `npm run fixtures -- /tmp/out`). File names and every certificate field are fixed; keys
 * and (ECDSA) signatures are new on each run. pki/ and openssl/ have their own make.sh.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type CertificateOptions,
  type GeneratedCertificate,
  generateKey,
  type KeyKind,
  type KeyPair,
  makeCertificate,
  type PrivateKeyPemOptions,
  privateKeyPem,
} from "./generator.js";

const out = process.argv[2] ?? "certs-fixtures";

function write(rel: string, text: string): void {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const CA_FROM = new Date("2024-01-01T00:00:00Z");
const CA_UNTIL = new Date("2045-01-01T00:00:00Z");
const EE_FROM = new Date("2025-01-01T00:00:00Z");
const EE_UNTIL = new Date("2035-01-01T00:00:00Z");
const ORG = "C=CH, O=Example VPN";

for (const d of ["sample", "broken", "ca-keys"]) rmSync(join(out, d), { recursive: true, force: true });

// ------------------------------------------------------------------ sample deployment (swanctl folder)

const rootKey = generateKey("rsa4096");
const root = makeCertificate({
  subject: `${ORG}, CN=Example VPN Root CA`,
  key: rootKey,
  serial: 1,
  ca: true,
  notBefore: CA_FROM,
  notAfter: CA_UNTIL,
});
const interKey = generateKey("p384");
const intermediate = makeCertificate({
  subject: `${ORG}, CN=Example VPN Intermediate CA`,
  key: interKey,
  issuer: { cert: root, key: rootKey },
  serial: 2,
  ca: true,
  pathLen: 0,
  notBefore: CA_FROM,
  notAfter: CA_UNTIL,
});
write("sample/x509ca/root.pem", root.pem);
write("sample/x509ca/intermediate.pem", intermediate.pem);
write("ca-keys/root.key", privateKeyPem(rootKey));
write("ca-keys/intermediate.key", privateKeyPem(interKey));

const byIntermediate = { cert: intermediate, key: interKey };
const byRoot = { cert: root, key: rootKey };

interface Leaf {
  name: string;
  key: KeyKind | KeyPair;
  keyFormat?: PrivateKeyPemOptions["format"];
  writeKey?: boolean;
  options: Omit<CertificateOptions, "key">;
}

/** Issue a leaf (by the intermediate unless said otherwise) and write it with its key. */
function leaf(dir: string, l: Leaf): { cert: GeneratedCertificate; key: KeyPair } {
  const key = typeof l.key === "string" ? generateKey(l.key) : l.key;
  const cert = makeCertificate({
    issuer: byIntermediate,
    notBefore: EE_FROM,
    notAfter: EE_UNTIL,
    keyUsage: ["digitalSignature"],
    ...l.options,
    key,
  });
  const certDir = dir === "sample" ? "sample/x509" : dir;
  const keyDir = dir === "sample" ? "sample/private" : dir;
  write(`${certDir}/${l.name}.pem`, cert.pem);
  if (l.writeKey !== false) write(`${keyDir}/${l.name}.key`, privateKeyPem(key, { format: l.keyFormat }));
  return { cert, key };
}

const gateway = leaf("sample", {
  name: "gateway",
  key: "rsa3072",
  keyFormat: "pkcs1",
  options: {
    subject: `${ORG}, CN=vpn.example.com`,
    serial: 0x1001,
    sans: ["vpn.example.com", { ip: "192.0.2.1" }, { dns: "192.0.2.1" }],
    eku: ["serverAuth", "ikeIntermediate"],
  },
});
const roadWarriors: Array<[string, KeyKind, PrivateKeyPemOptions["format"], string]> = [
  ["rw-rsa", "rsa2048", "pkcs8", "alice"],
  ["rw-ecdsa", "p256", "sec1", "bob"],
  ["rw-ed25519", "ed25519", "pkcs8", "carol"],
];
roadWarriors.forEach(([name, kind, format, user], i) => {
  leaf("sample", {
    name,
    key: kind,
    keyFormat: format,
    options: {
      subject: `${ORG}, OU=Road Warriors, CN=${user}@example.com`,
      serial: 0x1101 + i,
      sans: [{ email: `${user}@example.com` }],
      eku: ["clientAuth"],
    },
  });
});

write(
  "sample/swanctl.conf",
  `# Sample gateway configuration (certs-fixtures/README.md). The road warriors authenticate with
# certificates issued by the intermediate CA; the gateway proves vpn.example.com.
connections {
  rw {
    version = 2
    local_addrs = 192.0.2.1
    pools = rw-pool
    send_certreq = yes
    local {
      auth = pubkey
      certs = gateway.pem
      id = vpn.example.com
    }
    remote {
      auth = pubkey
      id = *@example.com
      cacerts = root.pem
    }
    children {
      rw {
        local_ts = 10.1.0.0/16
        esp_proposals = aes256gcm16-x25519
      }
    }
    proposals = aes256-sha256-x25519
  }
  carol {
    version = 2
    local_addrs = 192.0.2.1
    pools = rw-pool
    local {
      auth = pubkey
      certs = gateway.pem
      id = 192.0.2.1
    }
    remote {
      auth = pubkey
      id = carol@example.com
    }
    children {
      carol {
        local_ts = 10.1.0.0/16
      }
    }
  }
}

pools {
  rw-pool {
    addrs = 10.3.0.0/24
  }
}
`,
);

// ------------------------------------------------------------------ broken cases

const cnOnly = leaf("broken", {
  name: "cn-only",
  key: "p256",
  options: { subject: `${ORG}, CN=vpn.example.com`, serial: 0x2001, eku: ["serverAuth"] },
});
leaf("broken", {
  name: "wildcard-san",
  key: "p256",
  options: { subject: `${ORG}, CN=*.example.com`, serial: 0x2002, sans: ["*.example.com"] },
});
leaf("broken", {
  name: "expired",
  key: "p256",
  options: {
    subject: `${ORG}, CN=expired.example.com`,
    serial: 0x2003,
    sans: ["expired.example.com"],
    notBefore: new Date("2020-01-01T00:00:00Z"),
    notAfter: new Date("2021-01-01T00:00:00Z"),
  },
});
leaf("broken", {
  name: "not-yet-valid",
  key: "p256",
  options: {
    subject: `${ORG}, CN=future.example.com`,
    serial: 0x2004,
    sans: ["future.example.com"],
    notBefore: new Date("2040-01-01T00:00:00Z"),
    notAfter: new Date("2050-01-01T00:00:00Z"), // GeneralizedTime from 2050 on
  },
});
// a certificate whose private key file holds the key of cn-only.pem instead
leaf("broken", {
  name: "key-mismatch",
  key: "p256",
  writeKey: false,
  options: { subject: `${ORG}, CN=mismatch.example.com`, serial: 0x2005, sans: ["mismatch.example.com"] },
});
write("broken/key-mismatch.key", privateKeyPem(cnOnly.key));
write("broken/chain-file.pem", gateway.cert.pem + intermediate.pem + root.pem);
write("broken/fullchain.pem", gateway.cert.pem + intermediate.pem); // as certbot writes it: leaf + intermediate

// an "intermediate" without basicConstraints (so never a CA for strongSwan) and a leaf it issued
const nonCaKey = generateKey("p256");
const nonCa = makeCertificate({
  subject: `${ORG}, CN=Not A CA`,
  key: nonCaKey,
  issuer: byRoot,
  serial: 0x2006,
  notBefore: CA_FROM,
  notAfter: CA_UNTIL,
  basicConstraints: false,
  keyUsage: ["keyCertSign", "cRLSign"],
});
write("broken/non-ca-issuer-ca.pem", nonCa.pem);
leaf("broken", {
  name: "non-ca-issuer",
  key: "p256",
  options: {
    subject: `${ORG}, CN=issued-by-non-ca.example.com`,
    serial: 0x2007,
    sans: ["issued-by-non-ca.example.com"],
    issuer: { cert: nonCa, key: nonCaKey },
  },
});
leaf("broken", {
  name: "unsupported-san",
  key: "p256",
  writeKey: false,
  options: {
    subject: `${ORG}, CN=vpn.example.com`,
    serial: 0x2008,
    sans: ["vpn.example.com", { otherName: "1.3.6.1.4.1.55555.1.1", value: "opaque" }],
  },
});
leaf("broken", {
  name: "ip-as-dns",
  key: "p256",
  writeKey: false,
  options: { subject: `${ORG}, CN=192.0.2.1`, serial: 0x2009, sans: [{ dns: "192.0.2.1" }] },
});
leaf("broken", {
  name: "utf8-cn",
  key: "p256",
  writeKey: false,
  options: {
    subject: [
      { type: "C", value: "CH", string: "printable" },
      { type: "O", value: "Example VPN", string: "utf8" },
      { type: "OU", value: "Zürich", string: "utf8" },
      { type: "CN", value: "vpn.example.com", string: "utf8" },
    ],
    serial: 0x200a,
    sans: ["vpn.example.com"],
  },
});
leaf("broken", {
  name: "sha1-signed",
  key: "rsa2048",
  writeKey: false,
  options: {
    subject: `${ORG}, CN=sha1.example.com`,
    serial: 0x200b,
    sans: ["sha1.example.com"],
    issuer: byRoot,
    hash: "sha1",
  },
});
leaf("broken", {
  name: "rsa1024",
  key: "rsa1024",
  options: { subject: `${ORG}, CN=rsa1024.example.com`, serial: 0x200c, sans: ["rsa1024.example.com"] },
});
leaf("broken", {
  name: "bad-signature",
  key: "p256",
  writeKey: false,
  options: {
    subject: `${ORG}, CN=bad-signature.example.com`,
    serial: 0x200d,
    sans: ["bad-signature.example.com"],
    wrongSignature: true,
  },
});
write("broken/encrypted.key", privateKeyPem(cnOnly.key, { passphrase: "ikecert-test-passphrase" }));

process.stdout.write(`fixtures written to ${out}/{sample,broken,ca-keys}\n`);
