import { bytesText } from "../bytes.js";
import { IkecertError } from "../errors.js";

export interface PemBlock {
  label: string;
  headers: Record<string, string>;
  der: Uint8Array;
  /** 1-based line of the BEGIN line, for messages */
  line: number;
}

export const KNOWN_PEM_LABELS = new Set([
  "CERTIFICATE",
  "TRUSTED CERTIFICATE",
  "X509 CERTIFICATE",
  "PKCS7",
  "CMS",
  "RSA PRIVATE KEY",
  "EC PRIVATE KEY",
  "PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY",
  "PUBLIC KEY",
  "RSA PUBLIC KEY",
  "CERTIFICATE REQUEST",
  "NEW CERTIFICATE REQUEST",
  "X509 CRL",
  "EC PARAMETERS",
  "PKCS12",
]);

export function looksLikePem(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString("latin1");
  return head.includes("-----BEGIN ");
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Split PEM text into blocks. Text outside blocks (comments, `Bag Attributes`) is ignored. */
export function parsePem(bytes: Uint8Array, maxBlocks: number): PemBlock[] {
  const text = bytesText(bytes, "latin1");
  // count first: a file of 100,000 blocks is refused before any of them is decoded
  const begins = text.match(/^[ \t]*-----BEGIN [A-Z0-9 ]+-----[ \t]*\r?$/gm)?.length ?? 0;
  if (begins > maxBlocks)
    throw new IkecertError(
      "TOO_MANY_PEM_BLOCKS",
      `more than ${maxBlocks} PEM blocks in one file (limit --max-pem-blocks)`,
    );
  const lines = text.split(/\r?\n/);
  const blocks: PemBlock[] = [];
  let cur: {
    label: string;
    line: number;
    headers: Record<string, string>;
    body: string[];
    inHeaders: boolean;
  } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!cur) {
      const m = /^-----BEGIN ([A-Z0-9 ]+)-----$/.exec(line);
      if (m) cur = { label: m[1]!, line: i + 1, headers: {}, body: [], inHeaders: true };
      continue;
    }
    const end = /^-----END ([A-Z0-9 ]+)-----$/.exec(line);
    if (end) {
      if (end[1] !== cur.label)
        throw new IkecertError(
          "PEM_UNTERMINATED",
          `PEM block "${cur.label}" at line ${cur.line} ends with "END ${end[1]}" at line ${i + 1}`,
        );
      const b64 = cur.body.join("");
      if (!B64.test(b64) || b64.length % 4 === 1)
        throw new IkecertError(
          "PEM_BAD_BASE64",
          `PEM block "${cur.label}" at line ${cur.line} has broken base64`,
        );
      const der = new Uint8Array(Buffer.from(b64, "base64"));
      if (der.length === 0)
        throw new IkecertError("PEM_BAD_BASE64", `PEM block "${cur.label}" at line ${cur.line} is empty`);
      blocks.push({ label: cur.label, headers: cur.headers, der, line: cur.line });
      if (blocks.length > maxBlocks)
        throw new IkecertError(
          "TOO_MANY_PEM_BLOCKS",
          `more than ${maxBlocks} PEM blocks in one file (limit --max-pem-blocks)`,
        );
      cur = null;
      continue;
    }
    if (cur.inHeaders) {
      const h = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (h) {
        cur.headers[h[1]!] = h[2]!;
        continue;
      }
      cur.inHeaders = false;
    }
    if (line) cur.body.push(line);
  }
  if (cur)
    throw new IkecertError(
      "PEM_UNTERMINATED",
      `PEM block "${cur.label}" at line ${cur.line} has no END line`,
    );
  return blocks;
}

const SINGLE_CERTIFICATE =
  /^-----BEGIN CERTIFICATE-----\r?\n((?:[A-Za-z0-9+/=]+\r?\n)+)-----END CERTIFICATE-----\s*$/;

/**
 * The DER of a file that is exactly one PEM CERTIFICATE block as tools write it (no headers, no
 * text around it), decoded without splitting lines; null for anything else (parsePem judges it,
 * with its messages). What it decodes, parsePem decodes alike.
 */
export function singlePemCertificate(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] !== 0x2d || bytes.length > 1 << 20) return null;
  const m = SINGLE_CERTIFICATE.exec(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1"),
  );
  if (!m) return null;
  const b64 = m[1]!.replace(/\r?\n/g, "");
  if (!B64.test(b64) || b64.length % 4 === 1) return null;
  const der = new Uint8Array(Buffer.from(b64, "base64"));
  return der.length ? der : null;
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = bytesText(der, "base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
