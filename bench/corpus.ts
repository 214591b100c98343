/**
 * A generated corpus of leaf certificates for the identity and batch benchmarks: RSA 2048/4096,
 * ECDSA P-256/P-384 and Ed25519 subject keys (drawn from a small pre-generated pool, so building
 * thousands of certificates stays fast), 1-5 SANs of every kind strongSwan types (dNSName, some
 * wildcards, iPAddress v4/v6, rfc822Name, URI, directoryName, UPN otherName), signed by one P-256 CA.
 * Each certificate comes with the name a client would check and whether it should match.
 */
import { createHash } from "node:crypto";
import {
  type GeneratedCertificate,
  generateKey,
  type KeyKind,
  type KeyPair,
  makeCertificate,
  type San,
} from "../certs-fixtures/generator.js";

export interface CorpusEntry {
  der: Uint8Array;
  pem: string;
  /** a DNS name to check (the first dNSName SAN, a wildcard's base, or a name not in the certificate) */
  name: string;
  kind: KeyKind;
  /** the subjectAltNames written into it */
  sans: San[];
}

const KINDS: KeyKind[] = ["rsa2048", "rsa4096", "p256", "p384", "ed25519"];

/** Deterministic pseudo-random numbers (a corpus is the same from run to run). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function keyPool(perKind = 3): Map<KeyKind, KeyPair[]> {
  const pool = new Map<KeyKind, KeyPair[]>();
  for (const k of KINDS)
    pool.set(
      k,
      Array.from({ length: k === "rsa4096" ? 1 : perKind }, () => generateKey(k)),
    );
  return pool;
}

/** `n` leaves signed by `issuer` (default: a new self-signed P-256 CA). */
export function makeCorpus(n: number, seed = 1, issuer?: GeneratedCertificate): CorpusEntry[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const pool = keyPool();
  const ca =
    issuer ??
    makeCertificate({
      subject: "C=CH, O=ikecert bench, CN=Bench CA",
      key: generateKey("p256"),
      ca: true,
    });
  const out: CorpusEntry[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const host = `vpn${i}.example.com`;
    const sans: San[] = [];
    const count = 1 + Math.floor(rnd() * 5);
    const wildcard = rnd() < 0.15;
    sans.push({ dns: wildcard ? "*.example.com" : host });
    while (sans.length < count) {
      const h = createHash("sha1").update(`${i}.${sans.length}`).digest();
      sans.push(
        pick<San>([
          { dns: `alt${sans.length}.${host}` },
          { ip: `192.0.2.${h[0]}` },
          { ip: `2001:db8::${h[1]!.toString(16)}:${h[2]!.toString(16)}` },
          { email: `admin${i}@example.com` },
          { uri: `https://${host}/` },
          { dn: `C=CH, O=Alt, CN=${host}` },
          { upn: `user${i}@example.com` },
        ]),
      );
    }
    const g = makeCertificate({
      subject: `C=CH, O=ikecert bench, CN=${host}`,
      key: pick(pool.get(kind)!),
      issuer: ca,
      sans,
      eku: ["serverAuth"],
      keyUsage: ["digitalSignature"],
    });
    // one name in five is not in the certificate (a near miss: only the CN or another host)
    const name = rnd() < 0.2 ? `other${i}.example.com` : host;
    out.push({ der: g.der, pem: g.pem, name, kind, sans });
  }
  return out;
}
