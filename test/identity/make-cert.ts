/**
 * Throwaway self-signed certificates for identity tests, written in openssl's syntax (`-subj`,
 * `subjectAltName=...`) and made by the project's generator the way `openssl req -x509 -utf8` makes
 * them: C as PrintableString, every other attribute as UTF8String; SKI and AKI, 30 days from now.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  generateKey,
  type KeyKind,
  makeCertificate,
  privateKeyPem,
  type San,
} from "../../certs-fixtures/generator.js";
import { type Certificate, parseCertificate } from "../../lib/index.js";
import { subjectOf } from "../chain-pki.js";

export interface CertSpec {
  /** openssl -subj: `/C=CH/O=Example/CN=gw` */
  subj: string;
  /** openssl subjectAltName: `DNS:x,IP:192.0.2.1,email:a@b,otherName:1.2.3.4;UTF8:v` */
  san?: string;
  /** openssl extendedKeyUsage names: `serverAuth,clientAuth` */
  eku?: string;
  /** openssl keyUsage names: `digitalSignature,keyEncipherment` */
  ku?: string;
  key?: "ec" | "rsa" | "ed25519" | "p521";
}

const KEY: Record<NonNullable<CertSpec["key"]>, KeyKind> = {
  ec: "p256",
  rsa: "rsa2048",
  ed25519: "ed25519",
  p521: "p521",
};

function sans(text: string): San[] {
  return text.split(",").map((entry): San => {
    const i = entry.indexOf(":");
    const [kind, value] = [entry.slice(0, i), entry.slice(i + 1)];
    if (kind === "DNS") return { dns: value };
    if (kind === "IP") return { ip: value };
    if (kind === "email") return { email: value };
    if (kind === "URI") return { uri: value };
    if (kind === "otherName") {
      const [oid, typed] = value.split(";");
      if (!typed?.startsWith("UTF8:")) throw new Error(`otherName ${value}: only UTF8 values`);
      return { otherName: oid!, value: typed.slice(5) };
    }
    throw new Error(`subjectAltName ${entry}: kind ${kind} not supported here`);
  });
}

export class CertDir {
  readonly dir = mkdtempSync(join(tmpdir(), "ikc-identity-"));

  private made(name: string, spec: CertSpec): { der: Uint8Array; file: string } {
    const key = generateKey(KEY[spec.key ?? "ec"]);
    const now = Date.now();
    const c = makeCertificate({
      subject: subjectOf(spec.subj),
      key,
      notBefore: new Date(now),
      notAfter: new Date(now + 30 * 86_400_000),
      ...(spec.san ? { sans: sans(spec.san) } : {}),
      ...(spec.eku ? { eku: spec.eku.split(",") } : {}),
      ...(spec.ku ? { keyUsage: spec.ku.split(",") } : {}),
    });
    const file = join(this.dir, `${name}.pem`);
    writeFileSync(file, c.pem);
    writeFileSync(join(this.dir, `${name}.key`), privateKeyPem(key), { mode: 0o600 });
    return { der: c.der, file };
  }

  /** Make `name`.pem (and `name`.key); returns its path. */
  make(name: string, spec: CertSpec): string {
    return this.made(name, spec).file;
  }

  cert(name: string, spec: CertSpec): Certificate {
    return parseCertificate(this.made(name, spec).der);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
