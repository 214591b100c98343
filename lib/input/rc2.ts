/**
 * RC2 decryption (RFC 2268), for the legacy PKCS#12 PBE schemes (pbeWithSHAAnd40BitRC2-CBC is what
 * Windows and OpenSSL before 3.0 used for the certificates of a .p12). node:crypto offers RC2 only
 * under the legacy OpenSSL provider, which we cannot rely on, so the cipher is written out here.
 * Only decryption is needed; encryption exists for the round-trip test.
 */

// RFC 2268 section 2: the permutation table derived from the digits of pi
const PITABLE = Uint8Array.from(
  Buffer.from(
    "d978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32" +
      "bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626" +
      "6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a" +
      "961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731" +
      "2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2e" +
      "c5f3db47e5a59c770aa62068fe7fc1ad",
    "hex",
  ),
);

/** The 64 16-bit subkeys for `key` (1..128 bytes) limited to `effectiveBits` (1..1024). */
export function rc2ExpandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  if (key.length < 1 || key.length > 128) throw new RangeError("RC2 key must be 1 to 128 bytes");
  if (effectiveBits < 1 || effectiveBits > 1024) throw new RangeError("RC2 effective bits must be 1 to 1024");
  const L = new Uint8Array(128);
  L.set(key);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1]! + L[i - T]!) & 0xff]!;
  const T8 = (effectiveBits + 7) >> 3;
  const TM = 0xff >> (8 * T8 - effectiveBits);
  L[128 - T8] = PITABLE[L[128 - T8]! & TM]!;
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1]! ^ L[i + T8]!]!;
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i]! | (L[2 * i + 1]! << 8);
  return K;
}

const rol = (x: number, s: number) => ((x << s) | (x >>> (16 - s))) & 0xffff;
const ror = (x: number, s: number) => ((x >>> s) | (x << (16 - s))) & 0xffff;

function readWords(b: Uint8Array, o: number): number[] {
  return [
    b[o]! | (b[o + 1]! << 8),
    b[o + 2]! | (b[o + 3]! << 8),
    b[o + 4]! | (b[o + 5]! << 8),
    b[o + 6]! | (b[o + 7]! << 8),
  ];
}

function writeWords(R: number[], out: Uint8Array, o: number): void {
  for (let i = 0; i < 4; i++) {
    out[o + 2 * i] = R[i]! & 0xff;
    out[o + 2 * i + 1] = R[i]! >>> 8;
  }
}

const SHIFT = [1, 2, 3, 5];

/** Encrypt one 8-byte block (RFC 2268 section 3). */
export function rc2EncryptBlock(
  K: Uint16Array,
  input: Uint8Array,
  inOff: number,
  out: Uint8Array,
  outOff: number,
): void {
  const R = readWords(input, inOff);
  let j = 0;
  const mixRound = () => {
    for (let i = 0; i < 4; i++) {
      const a = R[(i + 3) & 3]!;
      const b = R[(i + 2) & 3]!;
      const c = R[(i + 1) & 3]!;
      R[i] = (R[i]! + K[j++]! + (a & b) + (~a & c)) & 0xffff;
      R[i] = rol(R[i]!, SHIFT[i]!);
    }
  };
  const mashRound = () => {
    for (let i = 0; i < 4; i++) R[i] = (R[i]! + K[R[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n++) mixRound();
  mashRound();
  for (let n = 0; n < 6; n++) mixRound();
  mashRound();
  for (let n = 0; n < 5; n++) mixRound();
  writeWords(R, out, outOff);
}

/** Decrypt one 8-byte block (RFC 2268 section 4). */
export function rc2DecryptBlock(
  K: Uint16Array,
  input: Uint8Array,
  inOff: number,
  out: Uint8Array,
  outOff: number,
): void {
  const R = readWords(input, inOff);
  let j = 63;
  const rMixRound = () => {
    for (let i = 3; i >= 0; i--) {
      const a = R[(i + 3) & 3]!;
      const b = R[(i + 2) & 3]!;
      const c = R[(i + 1) & 3]!;
      R[i] = ror(R[i]!, SHIFT[i]!);
      R[i] = (R[i]! - K[j--]! - (a & b) - (~a & c & 0xffff)) & 0xffff;
    }
  };
  const rMashRound = () => {
    for (let i = 3; i >= 0; i--) R[i] = (R[i]! - K[R[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n++) rMixRound();
  rMashRound();
  for (let n = 0; n < 6; n++) rMixRound();
  rMashRound();
  for (let n = 0; n < 5; n++) rMixRound();
  writeWords(R, out, outOff);
}

/**
 * RC2-CBC decryption. Returns the raw plaintext including padding (the caller checks the PKCS#7
 * padding, so that a wrong key is told apart from a malformed file in one place).
 */
export function rc2CbcDecrypt(
  key: Uint8Array,
  effectiveBits: number,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  if (iv.length !== 8) throw new RangeError("RC2 IV must be 8 bytes");
  if (data.length % 8 !== 0) throw new RangeError("RC2-CBC data is not a whole number of blocks");
  const K = rc2ExpandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  let prev = iv;
  for (let o = 0; o < data.length; o += 8) {
    rc2DecryptBlock(K, data, o, out, o);
    for (let i = 0; i < 8; i++) out[o + i]! ^= prev[i]!;
    prev = data.subarray(o, o + 8);
  }
  return out;
}
