/**
 * The first certificate of a file (the one strongSwan loads), fast: one read through the one reading
 * path (lib/input/files.ts), and for the common shapes (one PEM CERTIFICATE block, or a DER
 * certificate) straight to the strict DER check and parse without the general loader's sniffing.
 * Anything else — several blocks, keys, PKCS#7/#12, broken files — goes through the loader's parser,
 * so the answers and the error messages are the loader's.
 */
import { validateDer } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { type Certificate, looksLikeCertificate, parseCertificate } from "../x509/certificate.js";
import { type ItemSource, type LoadOptions, limitsOf, parseFileBytes, readInputFile } from "./load.js";
import { looksLikePem, parsePem, singlePemCertificate } from "./pem.js";

export interface FirstCertificate {
  cert: Certificate;
  /** how many certificates the file holds */
  count: number;
}

/** The fast shapes; null for anything the general loader must judge. */
function fastCertificate(bytes: Uint8Array, maxDepth: number, opts: LoadOptions): Certificate | null {
  try {
    let der = singlePemCertificate(bytes) ?? bytes;
    if (der !== bytes) {
      // one PEM CERTIFICATE block and nothing else: decoded
    } else if (looksLikePem(bytes)) {
      const blocks = parsePem(bytes, 2);
      if (blocks.length !== 1 || blocks[0]!.label !== "CERTIFICATE") return null;
      der = blocks[0]!.der;
    } else if (!looksLikeCertificate(bytes)) return null;
    validateDer(der, maxDepth);
    return parseCertificate(der, { strongswan: opts.strongswan });
  } catch {
    return null;
  }
}

/** The first certificate of `file`; IkecertError (the loader's) when there is none. */
export async function readFirstCertificate(file: string, opts: LoadOptions = {}): Promise<FirstCertificate> {
  const bytes = readInputFile(file, opts);
  const fast = fastCertificate(bytes, limitsOf(opts).maxDepth, opts);
  if (fast) return { cert: fast, count: 1 };
  const loaded = await parseFileBytes(bytes, file, opts);
  const certs = loaded.items.filter((i): i is Certificate & typeof i => i.kind === "certificate");
  if (certs.length === 0) throw new IkecertError("WRONG_KIND", `${file}: holds no certificate`, file);
  return { cert: certs[0]!, count: certs.length };
}

export type SourcedCertificate = Certificate & { source: ItemSource };

/**
 * Every certificate of `file`, each with its source (as loadFile gives them): the common shapes
 * fast, as readFirstCertificate reads them; anything else, and every error, the loader's.
 */
export async function readCertificates(file: string, opts: LoadOptions = {}): Promise<SourcedCertificate[]> {
  const bytes = readInputFile(file, opts);
  const fast = fastCertificate(bytes, limitsOf(opts).maxDepth, opts);
  if (fast)
    return [
      Object.assign(fast, {
        source: { file, index: 0, container: looksLikePem(bytes) ? "pem" : "der" } as ItemSource,
      }),
    ];
  const loaded = await parseFileBytes(bytes, file, opts);
  return loaded.items.filter((i): i is SourcedCertificate => i.kind === "certificate");
}
