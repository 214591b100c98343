import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Throwaway certificates for the differential tests, made with `openssl` (string types through
 * `string_mask`, validity windows through faketime, non-CA issuers that `pki --issue` refuses).
 * The project's asn1js generator (certs-fixtures/generator.ts) can replace this where it fits.
 */

export type KeyType = "rsa2048" | "rsa3072" | "ec256" | "ec384" | "ec521" | "ed25519" | "ed448";

export interface Made {
  name: string;
  /** PEM certificate file */
  cert: string;
  /** PEM PKCS#8 private key file */
  key: string;
  /** serial, lowercase hex without separators, as charon prints it */
  serial: string;
  /** the openssl -subj string it was made from */
  subject: string;
}

export interface CertSpec {
  name: string;
  /** openssl -subj form: `/C=CH/O=Example/CN=vpn.example.com` (UTF-8 allowed; `+` joins an RDN) */
  subject: string;
  /** PrintableString where the value allows it (`string_mask = default`), or UTF8String everywhere */
  strings?: "printable" | "utf8";
  /** subjectAltName entries in openssl syntax: `DNS:x`, `IP:x`, `email:x`, `URI:x`, `otherName:...` */
  sans?: string[];
  /** a key type (a new key, or the generator's shared key of that type when `shareKey`), or a key file */
  key?: KeyType | { file: string };
  /** reuse one key per type across certificates (faster; key ids then repeat) */
  shareKey?: boolean;
  /** the issuer; missing = self-signed */
  issuer?: Made;
  /** basicConstraints: true = CA, false = CA:FALSE, null = no extension */
  ca?: boolean | null;
  pathLen?: number;
  keyUsage?: string;
  extKeyUsage?: string;
  /** notBefore (openssl runs under faketime at this time); default now - 1 day */
  notBefore?: Date;
  days?: number;
  /** leave out the authorityKeyIdentifier */
  noAki?: boolean;
  /** leave out the subjectKeyIdentifier */
  noSki?: boolean;
  digest?: "sha256" | "sha384" | "sha1" | "sha224" | "sha512" | "sha3-256" | "sha3-384" | "sha3-512";
  /** sign with RSA-PSS (issuer key must be RSA) */
  pss?: boolean;
  /** raw extra lines for the extension section */
  extra?: string[];
}

const DAY = 86_400_000;

/** `openssl genpkey` arguments for each key type. */
export const GENPKEY_ARGS: Record<KeyType, string[]> = {
  rsa2048: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
  rsa3072: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"],
  ec256: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
  ec384: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
  ec521: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
  ed25519: ["-algorithm", "ED25519"],
  ed448: ["-algorithm", "ED448"],
};

/** `openssl req -newkey` arguments for a P-256 key. */
export const NEWKEY_EC = ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"];

/**
 * `openssl req` with a new unencrypted key in `key` (`newkey`: openssl's -newkey argument(s),
 * default P-256): a self-signed certificate in `out` (valid `days`, 30 by default, from `at`, run
 * under faketime, or now), or a CSR with `csr: true`. `extra` goes to openssl as it is.
 */
export function opensslReq(
  key: string,
  out: string,
  subject: string,
  opts: { newkey?: string[]; csr?: boolean; days?: number; extra?: string[]; at?: Date } = {},
): void {
  const x509 = opts.csr ? [] : ["-x509", "-days", String(opts.days ?? 30)];
  const newkey = ["-newkey", ...(opts.newkey ?? NEWKEY_EC), "-nodes"];
  const args = ["req", ...x509, ...newkey, "-keyout", key, "-out", out, "-subj", subject];
  run("openssl", [...args, ...(opts.extra ?? [])], opts.at);
}

function run(cmd: string, args: string[], at?: Date): void {
  const [c, a] = at ? ["faketime", [`@${Math.floor(at.getTime() / 1000)}`, cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a, { encoding: "utf8", timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${c} ${a.join(" ")} failed: ${r.stderr}${r.stdout}`);
}

export class CertGen {
  private serial = 0x4000;
  private shared = new Map<KeyType, string>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A new PKCS#8 PEM private key. */
  key(type: KeyType, name: string): string {
    const out = join(this.dir, `${name}.key`);
    run("openssl", ["genpkey", ...GENPKEY_ARGS[type], "-out", out]);
    return out;
  }

  private sharedKey(type: KeyType): string {
    let k = this.shared.get(type);
    if (!k) {
      k = this.key(type, `shared-${type}`);
      this.shared.set(type, k);
    }
    return k;
  }

  cert(spec: CertSpec): Made {
    const base = join(this.dir, spec.name);
    if (existsSync(`${base}.pem`)) throw new Error(`duplicate scenario name ${spec.name}`);
    const keySpec = spec.key ?? "ec256";
    const key =
      typeof keySpec === "object"
        ? keySpec.file
        : spec.shareKey
          ? this.sharedKey(keySpec)
          : this.key(keySpec, spec.name);
    this.serial += 1;
    const serial = this.serial.toString(16);
    const ext: string[] = [];
    if (spec.ca === true)
      ext.push(
        `basicConstraints = critical,CA:TRUE${spec.pathLen !== undefined ? `,pathlen:${spec.pathLen}` : ""}`,
      );
    else if (spec.ca === false || spec.ca === undefined) ext.push("basicConstraints = CA:FALSE");
    if (spec.keyUsage) ext.push(`keyUsage = ${spec.keyUsage}`);
    if (spec.extKeyUsage) ext.push(`extendedKeyUsage = ${spec.extKeyUsage}`);
    if (!spec.noSki) ext.push("subjectKeyIdentifier = hash");
    if (spec.issuer && !spec.noAki) ext.push("authorityKeyIdentifier = keyid:always");
    if (spec.sans?.length) ext.push(`subjectAltName = ${spec.sans.join(",")}`);
    ext.push(...(spec.extra ?? []));
    const cnf = `${base}.cnf`;
    writeFileSync(
      cnf,
      [
        "[req]",
        "distinguished_name = dn",
        `string_mask = ${spec.strings === "utf8" ? "utf8only" : "default"}`,
        "utf8 = yes",
        "[dn]",
        "[ext]",
        ...ext,
        "",
      ].join("\n"),
    );
    const at = spec.notBefore ?? new Date(Date.now() - DAY);
    const days = String(spec.days ?? 365);
    const signer = spec.issuer?.key ?? key;
    const signerIsEd = isEdKey(signer);
    const dig = signerIsEd ? [] : [`-${spec.digest ?? "sha256"}`];
    const pss = spec.pss ? ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"] : [];
    const subj = ["-subj", spec.subject, "-utf8", "-multivalue-rdn"];
    const signing = ["-extensions", "ext", "-set_serial", `0x${serial}`, "-days", days, ...dig, ...pss];
    signing.push("-out", `${base}.pem`);
    if (!spec.issuer) {
      run("openssl", ["req", "-new", "-x509", "-key", key, ...subj, "-config", cnf, ...signing], at);
    } else {
      run("openssl", ["req", "-new", "-key", key, ...subj, "-config", cnf, "-out", `${base}.csr`]);
      run(
        "openssl",
        [
          "x509",
          "-req",
          "-in",
          `${base}.csr`,
          "-CA",
          spec.issuer.cert,
          "-CAkey",
          spec.issuer.key,
          "-extfile",
          cnf,
          ...signing,
        ],
        at,
      );
    }
    return { name: spec.name, cert: `${base}.pem`, key, serial, subject: spec.subject };
  }
}

function isEdKey(file: string): boolean {
  const r = spawnSync("openssl", ["pkey", "-in", file, "-noout", "-text"], {
    encoding: "utf8",
    timeout: 10_000,
  });
  return /^ED(25519|448)/im.test(r.stdout ?? "");
}

/** A copy of a PEM certificate with one bit of its signature flipped. */
export function corruptSignature(src: string, dst: string): string {
  const pem = readFileSync(src, "utf8");
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Buffer.from(b64, "base64");
  der[der.length - 1] = der[der.length - 1]! ^ 0x01;
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  writeFileSync(dst, `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`);
  return dst;
}

export const DAYS = (n: number): number => n * DAY;
