/**
 * Reading CRL files (PEM or DER), as charon reads each file of swanctl's x509crl/ or ipsec.d/crls/:
 * the pem plugin decodes only the first PEM block, so a file contributes one CRL; the others are
 * reported. A file that holds no CRL is bad input (IkecertError), with the file named.
 */
import { validateDer } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import { type Crl, looksLikeCrl, parseCrl } from "./crl.js";
import { type LoadOptions, limitsOf, readInputFile } from "./load.js";
import { looksLikePem, parsePem } from "./pem.js";

export interface LoadedCrlFile {
  file: string;
  /** the CRL charon loads from the file (the first one) */
  crl: Crl;
  /** further CRLs in the same PEM file, which charon ignores */
  ignored: Crl[];
}

/** Parse the bytes of one CRL file (`name` becomes the CRL's source); errors do not name the file. */
export function parseCrlBytes(bytes: Uint8Array, name: string, opts: LoadOptions = {}): LoadedCrlFile {
  const limits = limitsOf(opts);
  const ders: Uint8Array[] = [];
  if (looksLikePem(bytes)) {
    const blocks = parsePem(bytes, limits.maxPemBlocks);
    if (blocks.length === 0) throw new IkecertError("UNKNOWN_FORMAT", "no PEM block found");
    const other = blocks.find((b) => b.label !== "X509 CRL");
    if (other && blocks[0] === other)
      throw new IkecertError(
        "WRONG_KIND",
        `holds a "${other.label}" PEM block, not a CRL (an "X509 CRL" block): name the CA's CRL file (what x509crl/ holds)`,
      );
    ders.push(...blocks.filter((b) => b.label === "X509 CRL").map((b) => b.der));
  } else ders.push(bytes);
  const crls = ders.map((der, index) => {
    validateDer(der, limits.maxDepth);
    if (!looksLikeCrl(der))
      throw new IkecertError("WRONG_KIND", "is not an X.509 CRL (a certificate or key?)");
    return { ...parseCrl(der), source: { file: name, index } };
  });
  return { file: name, crl: crls[0]!, ignored: crls.slice(1) };
}

/** Read and parse one CRL file. Every problem is an IkecertError naming the file. */
export async function loadCrlFile(file: string, opts: LoadOptions = {}): Promise<LoadedCrlFile> {
  const bytes = await readInputFile(file, opts);
  try {
    return parseCrlBytes(bytes, file, opts);
  } catch (e) {
    if (e instanceof IkecertError) throw e.inFile(file);
    throw new IkecertError("CRL_MALFORMED", `${file}: cannot be read as a CRL`, file);
  }
}
