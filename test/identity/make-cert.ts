/** Throwaway self-signed certificates made with openssl, for identity tests. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Certificate, parseCertificate } from "../../lib/index.js";

export interface CertSpec {
  subj: string;
  san?: string;
  eku?: string;
  ku?: string;
  key?: "ec" | "rsa" | "ed25519" | "p521";
}

export class CertDir {
  readonly dir = mkdtempSync(join(tmpdir(), "ikc-identity-"));

  /** Make `name`.pem; returns its path. */
  make(name: string, spec: CertSpec): string {
    const out = join(this.dir, `${name}.pem`);
    const key =
      spec.key === "rsa"
        ? ["-newkey", "rsa:2048"]
        : spec.key === "ed25519"
          ? ["-newkey", "ed25519"]
          : ["-newkey", "ec", "-pkeyopt", `ec_paramgen_curve:${spec.key === "p521" ? "P-521" : "P-256"}`];
    const args = ["req", "-x509", ...key, "-nodes", "-keyout", join(this.dir, `${name}.key`), "-out", out];
    args.push("-days", "30", "-utf8", "-subj", spec.subj);
    if (spec.san) args.push("-addext", `subjectAltName=${spec.san}`);
    if (spec.eku) args.push("-addext", `extendedKeyUsage=${spec.eku}`);
    if (spec.ku) args.push("-addext", `keyUsage=${spec.ku}`);
    execFileSync("openssl", args, { stdio: "pipe" });
    return out;
  }

  cert(name: string, spec: CertSpec): Certificate {
    const pem = readFileSync(this.make(name, spec), "utf8");
    const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    return parseCertificate(new Uint8Array(Buffer.from(b64, "base64")));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
