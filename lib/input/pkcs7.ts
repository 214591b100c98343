/**
 * PKCS#7 / CMS certs-only bundles (`.p7b`, PEM `PKCS7` / `CMS`, DER or BER): RFC 5652 ContentInfo →
 * SignedData → certificates (and crls), read with asn1js + pkijs. Imported lazily by the loader
 * (lib/input/load.ts) only when a file is a PKCS#7, so commands that never meet one do not pay for
 * the two libraries at start-up.
 *
 * The certificates are returned as the bytes that were in the file (asn1js keeps each decoded
 * element's `valueBeforeDecodeView`), never as pkijs' re-encoding: key ids and fingerprints must
 * match what strongSwan computes from the same file. Windows writes these bundles in BER
 * (indefinite lengths); asn1js reads BER, and only the certificates themselves must be DER.
 */
import * as asn1js from "asn1js";
import { ContentInfo, SignedData } from "pkijs";
import { IkecertError } from "../errors.js";
import { berChildren, readBer } from "./ber.js";

export interface Pkcs7Contents {
  /** each certificate's original encoding, in file order */
  certificates: Uint8Array[];
  /** what the bundle holds besides X.509 certificates, as labels: "X509 CRL", "attribute certificate", ... */
  skipped: string[];
}

const SIGNED_DATA = "1.2.840.113549.1.7.2";
const CONTENT_TYPES: Record<string, string> = {
  "1.2.840.113549.1.7.1": "data",
  "1.2.840.113549.1.7.3": "envelopedData",
  "1.2.840.113549.1.7.4": "signedAndEnvelopedData",
  "1.2.840.113549.1.7.5": "digestedData",
  "1.2.840.113549.1.7.6": "encryptedData",
  "1.2.840.113549.1.9.16.1.2": "authData",
};

/** CertificateChoices other than a plain certificate (RFC 5652 §10.2.2), by context tag. */
const OTHER_CERT_CHOICES = [
  "extended certificate",
  "v1 attribute certificate",
  "attribute certificate",
  "other certificate format",
];

const malformed = (what: string): never => {
  throw new IkecertError("PKCS7_MALFORMED", `malformed PKCS#7 bundle: ${what}`);
};

/**
 * Bounds and nesting first, with the project's own BER reader (iterative, depth limited): asn1js
 * recurses without a limit, and hostile nesting must end as a one-line error, not a stack overflow.
 */
function checkShape(ber: Uint8Array, maxDepth: number): void {
  const top = readBer(ber, 0);
  if (top.end !== ber.length) malformed("trailing bytes after the ASN.1 structure");
  const stack = [{ n: top, depth: 1 }];
  while (stack.length) {
    const { n, depth } = stack.pop()!;
    if (depth > maxDepth)
      throw new IkecertError(
        "PKCS7_MALFORMED",
        `malformed PKCS#7 bundle: ASN.1 nesting deeper than ${maxDepth} levels (limit --max-depth)`,
      );
    if (n.tag & 0x20) for (const c of berChildren(ber, n)) stack.push({ n: c, depth: depth + 1 });
  }
}

const isSequence = (b: asn1js.AsnType) => b.idBlock.tagClass === 1 && b.idBlock.tagNumber === 16;
const isContext = (b: asn1js.AsnType, n: number) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === n;

/** The elements of an IMPLICIT SET OF (`certificates [0]`, `crls [1]`), or [] when absent. */
function setItems(sd: asn1js.Sequence, tag: number): asn1js.AsnType[] {
  const set = sd.valueBlock.value.find((b) => isContext(b, tag));
  if (!set) return [];
  if (!set.idBlock.isConstructed) malformed(`a primitive ${tag === 0 ? "certificates" : "crls"} field`);
  return (set as asn1js.Constructed).valueBlock.value;
}

function read(ber: Uint8Array, maxDepth: number): Pkcs7Contents {
  checkShape(ber, maxDepth);
  const asn = asn1js.fromBER(ber);
  if (asn.offset === -1 || asn.result.error) malformed(asn.result.error || "cannot decode the ASN.1");
  if (asn.offset !== ber.length) malformed("trailing bytes after the ASN.1 structure");
  let info: ContentInfo;
  try {
    info = new ContentInfo({ schema: asn.result });
  } catch {
    return malformed("not a ContentInfo (contentType, [0] content)");
  }
  if (info.contentType !== SIGNED_DATA)
    throw new IkecertError(
      "PKCS7_MALFORMED",
      `PKCS#7 data that is not SignedData but ${CONTENT_TYPES[info.contentType] ?? info.contentType}: it carries no certificates`,
    );
  try {
    // validates the SignedData structure (version, digest algorithms, encapsulated content, ...)
    new SignedData({ schema: info.content });
  } catch {
    return malformed("the SignedData does not follow RFC 5652");
  }
  const sd = info.content as asn1js.Sequence;
  const out: Pkcs7Contents = { certificates: [], skipped: [] };
  for (const c of setItems(sd, 0)) {
    if (isSequence(c)) out.certificates.push(c.valueBeforeDecodeView.slice());
    else
      out.skipped.push(
        (c.idBlock.tagClass === 3 && OTHER_CERT_CHOICES[c.idBlock.tagNumber]) || "unknown certificate kind",
      );
  }
  for (const c of setItems(sd, 1))
    out.skipped.push(isSequence(c) ? "X509 CRL" : "other revocation information");
  return out;
}

/**
 * The certificates of a PKCS#7 / CMS SignedData, byte for byte as stored. Every problem — including
 * whatever asn1js or pkijs might throw — is one IkecertError("PKCS7_MALFORMED").
 */
export function readPkcs7(ber: Uint8Array, maxDepth = 64): Pkcs7Contents {
  try {
    return read(ber, maxDepth);
  } catch (e) {
    if (e instanceof IkecertError && e.code === "PKCS7_MALFORMED") throw e;
    if (e instanceof IkecertError)
      throw new IkecertError("PKCS7_MALFORMED", `malformed PKCS#7 bundle: ${e.message}`);
    throw new IkecertError("PKCS7_MALFORMED", "malformed PKCS#7 bundle");
  }
}
