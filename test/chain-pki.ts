/**
 * Throwaway certificate hierarchies in a temp folder, for the chain tests, made by the project's
 * generator (certs-fixtures/generator.ts) the way `openssl x509 -req -extfile` made them before:
 * subjects in openssl's `-subj` syntax (C as PrintableString, the rest UTF8String), serials counting
 * from 1, valid from now for `days`. Certificates are written as PEM (or DER when a signature is
 * corrupted on purpose), keys as PKCS#8 PEM.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type DnAttribute,
  type GeneratedCertificate,
  type KeyKind as GeneratorKeyKind,
  generateKey,
  type KeyPair,
  makeCertificate,
  privateKeyPem,
  type RawExtension,
} from "../certs-fixtures/generator.js";
import { encodeTlv, TAG } from "../lib/asn1/der.js";

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
  /** keyUsage in openssl's syntax (`critical,keyCertSign,cRLSign`); null: none */
  ku?: string | null;
  /** authorityKeyIdentifier keyid (default true) */
  aki?: boolean;
  /** subjectKeyIdentifier: "hash" (default), a hex value, or null for none */
  ski?: string | null;
  days?: number;
  digest?: "sha256" | "sha1";
  pss?: boolean;
  /** more extensions in openssl's syntax: `1.2.3.4=critical,ASN1:UTF8String:text` */
  extra?: string[];
}

const KINDS: Record<KeyKind, GeneratorKeyKind> = {
  ec: "p256",
  ec384: "p384",
  rsa1024: "rsa1024",
  rsa2048: "rsa2048",
  ed25519: "ed25519",
  ed448: "ed448",
};

/** openssl's `-subj /C=CH/O=x/CN=y` as the generator's attributes. */
export function subjectOf(subj: string): DnAttribute[] {
  return subj
    .split("/")
    .filter(Boolean)
    .map((rdn) => {
      const i = rdn.indexOf("=");
      const type = rdn.slice(0, i);
      return { type, value: rdn.slice(i + 1), string: type === "C" ? "printable" : "utf8" };
    });
}

/** `OID=[critical,]ASN1:UTF8String:text`, the only form of openssl's extension syntax the tests use. */
function extension(text: string): RawExtension {
  const m = /^([\d.]+)=(critical,)?ASN1:UTF8String:(.*)$/.exec(text);
  if (!m) throw new Error(`extension ${text}: only OID=[critical,]ASN1:UTF8String:text is supported`);
  return { oid: m[1]!, critical: !!m[2], value: encodeTlv(TAG.UTF8String, Buffer.from(m[3]!, "utf8")) };
}

export class TestPki {
  private serial = 1;
  private readonly keys = new Map<string, KeyPair>();
  private readonly certs = new Map<string, GeneratedCertificate>();
  constructor(readonly dir: string) {}

  path(name: string): string {
    return join(this.dir, `${name}.pem`);
  }

  /** The key `name` (made on first use, then shared); returns its PEM file. */
  key(name: string, kind: KeyKind = "ec"): string {
    const file = join(this.dir, `${name}.key`);
    if (!this.keys.has(name)) {
      const k = generateKey(KINDS[kind]);
      this.keys.set(name, k);
      writeFileSync(file, privateKeyPem(k), { mode: 0o600 });
    }
    return file;
  }

  cert(name: string, s: CertSpec): string {
    this.key(s.key ?? name, s.keyKind ?? "ec");
    const key = this.keys.get(s.key ?? name)!;
    const ca = s.ca === undefined ? false : s.ca;
    const kuText =
      s.ku === undefined ? (ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature") : s.ku;
    const ku = kuText?.split(",") ?? null;
    const issuer = s.issuer ? this.certs.get(s.issuer) : undefined;
    if (s.issuer && !issuer) throw new Error(`issuer ${s.issuer} was not made before ${name}`);
    const now = Date.now();
    const c = makeCertificate({
      subject: subjectOf(s.subject ?? `/C=CH/O=ikecert test/CN=${s.cn}`),
      key,
      ...(issuer ? { issuer } : {}),
      serial: this.serial++,
      notBefore: new Date(now),
      notAfter: new Date(now + (s.days ?? 365) * 86_400_000),
      basicConstraints:
        ca === null ? false : ca ? { ca: true, pathLen: s.pathlen, critical: true } : { ca: false },
      keyUsage: ku ? ku.filter((u) => u !== "critical") : false,
      keyUsageCritical: !!ku?.includes("critical"),
      ski:
        s.ski === undefined || s.ski === "hash" ? true : s.ski === null ? false : Buffer.from(s.ski, "hex"),
      aki: issuer ? s.aki !== false : false,
      ...(!ca ? { sans: [{ dns: s.cn.replace(/[^a-z0-9.-]/gi, "-") }] } : {}),
      ...(s.extra ? { extensions: s.extra.map(extension) } : {}),
      // openssl x509 -req signed with -sha256 unless told otherwise (EdDSA has no separate hash)
      hash: s.digest ?? "sha256",
      ...(s.pss ? { pss: true } : {}),
    });
    this.certs.set(name, c);
    const out = this.path(name);
    writeFileSync(out, c.pem);
    return out;
  }

  /** A DER copy of a certificate with one signature byte flipped. */
  corrupt(name: string, as: string): string {
    const der = Buffer.from(this.certs.get(name)!.der);
    der[der.length - 5] = der[der.length - 5]! ^ 0x01;
    const out = join(this.dir, `${as}.der`);
    writeFileSync(out, der);
    return out;
  }
}
