/**
 * Seedable randomness and the byte/text mutations of the fuzz harness. No dependency on vitest, so the
 * same code runs under `npm test` (test/fuzz.test.ts) and as the long run (`npm run fuzz`).
 */

/** xoshiro128** with a splitmix32 seeding: fast, 32-bit, reproducible from one integer. */
export class Rng {
  private s: Uint32Array;
  constructor(seed: number) {
    this.s = new Uint32Array(4);
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }
  u32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return r;
  }
  /** 0 <= n < max */
  int(max: number): number {
    return max <= 1 ? 0 : this.u32() % max;
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** A DER length field for n (long form when needed). */
export function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const b: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) b.unshift(v & 0xff);
  return Uint8Array.of(0x80 | b.length, ...b);
}

/** SEQUENCEs nested `depth` deep, definite lengths (the outermost up to ~50 KB for 10,000). */
export function deepDer(depth: number, inner: Uint8Array = Uint8Array.of(0x05, 0x00)): Uint8Array {
  let cur = inner;
  for (let i = 0; i < depth; i++) cur = concat(Uint8Array.of(0x30), derLength(cur.length), cur);
  return cur;
}

/** SEQUENCEs nested `depth` deep with indefinite lengths (BER), optionally never closed. */
export function deepIndefinite(depth: number, closed: boolean): Uint8Array {
  const open = new Uint8Array(depth * 2);
  for (let i = 0; i < depth; i++) open.set([0x30, 0x80], i * 2);
  return closed ? concat(open, new Uint8Array(depth * 2)) : open;
}

export function toPem(label: string, der: Uint8Array, lineLen = 64): Uint8Array {
  const b64 = Buffer.from(der).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += lineLen) lines.push(b64.slice(i, i + lineLen));
  return new Uint8Array(
    Buffer.from(`-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`),
  );
}

const HOSTILE_LENGTHS: Uint8Array[] = [
  Uint8Array.of(0x84, 0x80, 0x00, 0x00, 0x00), // 2^31
  Uint8Array.of(0x84, 0x7f, 0xff, 0xff, 0xff), // 2^31 - 1
  Uint8Array.of(0x84, 0xff, 0xff, 0xff, 0xff), // 2^32 - 1
  Uint8Array.of(0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), // 2^64 - 1
  Uint8Array.of(0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0), // 9 length bytes
  Uint8Array.of(0x80), // indefinite
  Uint8Array.of(0x81, 0x05), // non-minimal
  Uint8Array.of(0x82, 0x00, 0x05), // non-minimal
  Uint8Array.of(0x00),
  Uint8Array.of(0xff),
];

/** Positions that look like the start of a TLV (a constructed or common universal tag). */
function tlvStarts(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < b.length && out.length < 4096; i++) {
    const t = b[i]!;
    if (
      t === 0x30 ||
      t === 0x31 ||
      t === 0x02 ||
      t === 0x03 ||
      t === 0x04 ||
      t === 0x06 ||
      t === 0x0c ||
      t === 0x13 ||
      (t & 0xe0) === 0xa0
    )
      out.push(i);
  }
  return out;
}

/** Where the length field at `tag` ends. */
function lengthEnd(b: Uint8Array, tag: number): number {
  const l = b[tag + 1] ?? 0;
  return tag + 2 + (l & 0x80 ? l & 0x7f : 0);
}

export const BAD_TEXT_BYTES: Uint8Array[] = [
  Uint8Array.of(0x00),
  Uint8Array.of(0xff),
  Uint8Array.of(0xc3, 0x28), // invalid UTF-8 continuation
  Uint8Array.of(0xe2, 0x82), // truncated UTF-8 sequence
  Uint8Array.of(0xed, 0xa0, 0x80), // UTF-8 surrogate
  Uint8Array.of(0xf4, 0x90, 0x80, 0x80), // above U+10FFFF
  Uint8Array.of(0x0d),
  Uint8Array.of(0x1b, 0x5b, 0x33, 0x31, 0x6d), // ANSI escape
  Uint8Array.of(0xe2, 0x80, 0xae), // right-to-left override
];

/** Names for the mutation kinds (the report says which kind produced the slowest input). */
export type MutationKind =
  | "bitflip"
  | "truncate"
  | "length"
  | "indefinite"
  | "insert"
  | "delete"
  | "duplicate"
  | "splice"
  | "badbytes"
  | "zero-run";

/** One mutation of `b` (never in place). */
export function mutateBytes(
  rng: Rng,
  b: Uint8Array,
  others: readonly Uint8Array[],
): { out: Uint8Array; kind: MutationKind } {
  const kinds: MutationKind[] = [
    "bitflip",
    "truncate",
    "length",
    "indefinite",
    "insert",
    "delete",
    "duplicate",
    "splice",
    "badbytes",
    "zero-run",
  ];
  const kind = rng.pick(kinds);
  const out = new Uint8Array(b);
  const n = b.length;
  if (n === 0) return { out: rng.bytes(rng.int(64)), kind: "insert" };
  switch (kind) {
    case "bitflip": {
      const flips = 1 + rng.int(rng.chance(0.8) ? 3 : 32);
      for (let i = 0; i < flips; i++) out[rng.int(n)]! ^= 1 << rng.int(8);
      return { out, kind };
    }
    case "truncate":
      return { out: out.subarray(0, rng.int(n)), kind };
    case "length":
    case "indefinite": {
      const starts = tlvStarts(b);
      if (starts.length === 0) return { out, kind };
      const at = rng.pick(starts);
      const end = Math.min(lengthEnd(b, at), n);
      const len = kind === "indefinite" ? Uint8Array.of(0x80) : rng.pick(HOSTILE_LENGTHS);
      return { out: concat(b.subarray(0, at + 1), len, b.subarray(end)), kind };
    }
    case "insert": {
      const at = rng.int(n + 1);
      return { out: concat(b.subarray(0, at), rng.bytes(1 + rng.int(16)), b.subarray(at)), kind };
    }
    case "delete": {
      const at = rng.int(n);
      return { out: concat(b.subarray(0, at), b.subarray(Math.min(n, at + 1 + rng.int(16)))), kind };
    }
    case "duplicate": {
      const at = rng.int(n);
      const len = 1 + rng.int(Math.min(256, n - at));
      return { out: concat(b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)), kind };
    }
    case "splice": {
      const o = rng.pick(others);
      const at = rng.int(n);
      const from = rng.int(o.length || 1);
      return { out: concat(b.subarray(0, at), o.subarray(from, from + rng.int(512))), kind };
    }
    case "badbytes": {
      // NUL / non-UTF-8 into a printable run: DN values, SAN names, PEM labels, config names
      const at = printableRun(b, rng);
      return { out: concat(b.subarray(0, at), rng.pick(BAD_TEXT_BYTES), b.subarray(at + 1)), kind };
    }
    case "zero-run": {
      const at = rng.int(n);
      out.fill(rng.chance(0.5) ? 0 : 0xff, at, at + 1 + rng.int(32));
      return { out, kind };
    }
  }
}

function printableRun(b: Uint8Array, rng: Rng): number {
  for (let tries = 0; tries < 16; tries++) {
    const i = rng.int(b.length);
    const c = b[i]!;
    if (c >= 0x20 && c < 0x7f) return i;
  }
  return rng.int(b.length);
}

/** Mutate `b` 1..k times. */
export function mutateMany(
  rng: Rng,
  b: Uint8Array,
  others: readonly Uint8Array[],
): { out: Uint8Array; kind: string } {
  let cur = b;
  const kinds: string[] = [];
  const times = 1 + (rng.chance(0.3) ? rng.int(4) : 0);
  for (let i = 0; i < times; i++) {
    const m = mutateBytes(rng, cur, others);
    cur = m.out;
    kinds.push(m.kind);
  }
  return { out: cur, kind: kinds.join("+") };
}

export { concat };
