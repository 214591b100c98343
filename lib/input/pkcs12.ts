import { IkecertError } from "../errors.js";
import type { PrivateKey } from "./keys.js";

export interface Pkcs12Contents {
  certificates: Uint8Array[];
  keys: PrivateKey[];
}

/** Open a PKCS#12 (.p12/.pfx) file. */
export async function openPkcs12(
  _der: Uint8Array,
  _getPassphrase: () => Promise<string | null>,
): Promise<Pkcs12Contents> {
  throw new IkecertError("PKCS12_UNSUPPORTED", "PKCS#12 files are not supported yet");
}
