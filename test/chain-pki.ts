/**
 * Throwaway certificate hierarchies made with openssl in a temp folder, for the chain tests.
 * Certificates are written as PEM (or DER when a signature is corrupted on purpose).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type KeyKind = "ec" | "ec384" | "rsa1024" | "rsa2048" | "ed25519" | "ed448";

export interface CertSpec {
  /** CN; the subject is /C=CH/O=ikecert test/CN=<cn> unless `subject` is given */
  cn: string;
  subject?: string;
  /** name of the issuing certificate made before; omitted = self-signed */
  issuer?: string;
  /** key name (shared between certificates when equal); default = the certificate's name */
  key?: string;
  keyKind?: KeyKind;
  /** true: CA:TRUE; false: CA:FALSE; null: no basicConstraints at all */
  ca?: boolean | null;
  pathlen?: number;
  /** keyUsage value; null: none */
  ku?: string | null;
  /** authorityKeyIdentifier keyid (default true) */
  aki?: boolean;
  /** subjectKeyIdentifier: "hash" (default), a hex value, or null for none */
  ski?: string | null;
  days?: number;
  digest?: "sha256" | "sha1";
  pss?: boolean;
  extra?: string[];
}

export class TestPki {
  private serial = 1;
  constructor(readonly dir: string) {}

  path(name: string): string {
    return join(this.dir, `${name}.pem`);
  }

  key(name: string, kind: KeyKind = "ec"): string {
    const file = join(this.dir, `${name}.key`);
    try {
      readFileSync(file);
      return file;
    } catch {
      /* make it */
    }
    const args =
      kind === "ec" || kind === "ec384"
        ? [
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            `ec_paramgen_curve:${kind === "ec" ? "P-256" : "P-384"}`,
          ]
        : kind === "ed25519" || kind === "ed448"
          ? ["genpkey", "-algorithm", kind.toUpperCase()]
          : [
              "genpkey",
              "-algorithm",
              "RSA",
              "-pkeyopt",
              `rsa_keygen_bits:${kind === "rsa1024" ? 1024 : 2048}`,
            ];
    execFileSync("openssl", [...args, "-out", file], { stdio: "ignore" });
    return file;
  }

  cert(name: string, s: CertSpec): string {
    const key = this.key(s.key ?? name, s.keyKind ?? "ec");
    const csr = join(this.dir, `${name}.csr`);
    const subject = s.subject ?? `/C=CH/O=ikecert test/CN=${s.cn}`;
    execFileSync("openssl", ["req", "-new", "-key", key, "-subj", subject, "-out", csr], { stdio: "ignore" });
    const ext: string[] = [];
    const ca = s.ca === undefined ? false : s.ca;
    if (ca === true)
      ext.push(`basicConstraints=critical,CA:TRUE${s.pathlen !== undefined ? `,pathlen:${s.pathlen}` : ""}`);
    else if (ca === false) ext.push("basicConstraints=CA:FALSE");
    const ku =
      s.ku === undefined ? (ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature") : s.ku;
    if (ku) ext.push(`keyUsage=${ku}`);
    const ski = s.ski === undefined ? "hash" : s.ski;
    ext.push(`subjectKeyIdentifier=${ski ?? "none"}`);
    if (s.issuer) ext.push(`authorityKeyIdentifier=${s.aki === false ? "none" : "keyid"}`);
    if (!ca) ext.push(`subjectAltName=DNS:${s.cn.replace(/[^a-z0-9.-]/gi, "-")}`);
    ext.push(...(s.extra ?? []));
    const extFile = join(this.dir, `${name}.ext`);
    writeFileSync(extFile, `${ext.join("\n")}\n`);
    const out = this.path(name);
    const sign = s.issuer
      ? ["-CA", this.path(s.issuer), "-CAkey", join(this.dir, `${this.keyOf.get(s.issuer)}.key`)]
      : ["-signkey", key];
    const digest = /^ed/.test(s.issuer ? (this.kindOf.get(s.issuer) ?? "") : (s.keyKind ?? ""))
      ? []
      : [`-${s.digest ?? "sha256"}`];
    const pss = s.pss ? ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"] : [];
    execFileSync(
      "openssl",
      [
        "x509",
        "-req",
        "-in",
        csr,
        ...sign,
        ...digest,
        ...pss,
        "-set_serial",
        String(this.serial++),
        "-days",
        String(s.days ?? 365),
        "-extfile",
        extFile,
        "-out",
        out,
      ],
      { stdio: "ignore" },
    );
    this.keyOf.set(name, s.key ?? name);
    this.kindOf.set(name, s.keyKind ?? "ec");
    return out;
  }

  /** A DER copy of a certificate with one signature byte flipped. */
  corrupt(name: string, as: string): string {
    const der = execFileSync("openssl", ["x509", "-in", this.path(name), "-outform", "DER"]);
    der[der.length - 5] = der[der.length - 5]! ^ 0x01;
    const out = join(this.dir, `${as}.der`);
    writeFileSync(out, der);
    return out;
  }

  private keyOf = new Map<string, string>();
  private kindOf = new Map<string, KeyKind>();
}
