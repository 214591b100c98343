/** Byte helpers shared by the identity, chain and key modules (pure, no I/O). */

/** Same length and the same bytes (memeq / chunk_equals). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function asciiLower(x: number): number {
  return x >= 0x41 && x <= 0x5a ? x + 0x20 : x;
}

/** strncasecmp(a + ao, b + bo, n) === 0: ASCII case-insensitive, stops early at a NUL both share. */
export function caseEqualN(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const x = a[ao + i] ?? 0;
    const y = b[bo + i] ?? 0;
    if (asciiLower(x) !== asciiLower(y)) return false;
    if (x === 0) return true;
  }
  return true;
}

/** The bytes as text (`hex`, `latin1`, `utf8`, `base64`) without copying them first. */
export function bytesText(b: Uint8Array, encoding: BufferEncoding): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString(encoding);
}
