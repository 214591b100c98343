import { children, expectTlv, readTlv, TAG, whole } from "../asn1/der.js";
import { IkecertError } from "../errors.js";
import type { ReleaseLike } from "../rules.js";
import { printDn } from "../x509/dn-print.js";
import { type PublicKeyInfo, parseSpki } from "../x509/spki.js";

/** A PKCS#10 certificate request: shown by inspect, never used where a certificate is needed. */
export interface Csr {
  kind: "csr";
  der: Uint8Array;
  subject: { der: Uint8Array; printed: string };
  publicKey: PublicKeyInfo;
}

export function looksLikeCsr(der: Uint8Array): boolean {
  try {
    const top = readTlv(der, 0);
    const [info] = children(der, top);
    if (!info || info.tag !== TAG.SEQUENCE) return false;
    const k = children(der, info);
    return k.length === 4 && k[0]!.tag === TAG.INTEGER && k[1]!.tag === TAG.SEQUENCE && k[3]!.tag === 0xa0;
  } catch {
    return false;
  }
}

export function parseCsr(der: Uint8Array, release?: ReleaseLike): Csr {
  try {
    const top = expectTlv(der, 0, TAG.SEQUENCE);
    const [info] = children(der, top);
    const [, subj, spki] = children(der, info!);
    const subject = whole(der, subj!);
    return {
      kind: "csr",
      der,
      subject: { der: subject, printed: printDn(subject, release) },
      publicKey: parseSpki(whole(der, spki!)),
    };
  } catch {
    throw new IkecertError("ASN1_MALFORMED", "malformed certificate request");
  }
}
