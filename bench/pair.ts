/**
 * Key pairing benchmark (issue 5): ikecert vs node:crypto's X509Certificate.checkPrivateKey, side by
 * side in one run.
 *   1. per pair: 1,000 (certificate, key) pairs held in memory, half matching;
 *      ikecert = parse the certificate (DER walk) + fast key ids (fallback: full load) + compare;
 *      node    = new X509Certificate + createPrivateKey + checkPrivateKey.
 *   2. folder: find the key of one certificate among 2,000 key files;
 *      ikecert = scanKeyFolder + findPrivateKey; node = readdir + (readFile, createPrivateKey,
 *      checkPrivateKey) for every file. Both read every file (pair reports all keys).
 * Ratios are node time / ikecert time (> 1: ikecert faster); min / median / max over the repeats.
 * Keys are generated once and kept in $TMPDIR/ikecert-bench-pair-v1 (delete it to regenerate).
 * Run: npm run bench:pair  (esbuild bundles this file to .tmp/, then node runs it)
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  X509Certificate,
} from "node:crypto";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { encodeOid, encodeTlv, TAG } from "../lib/asn1/der.js";
import { checkKeyPair, findPrivateKey, parseBytes, parseCertificate, scanKeyFolder } from "../lib/index.js";
import { fastPrivateKey } from "../lib/input/keyfast.js";
import type { PrivateKey, PublicKey } from "../lib/input/keys.js";
import { parsePem, toPem } from "../lib/input/pem.js";

const PAIRS = Number(process.env.BENCH_PAIRS ?? 1000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const CACHE = join(tmpdir(), "ikecert-bench-pair-v1");

/**
 * The key set, by index (files are generated once and reused): fast-path formats first, then
 * Ed25519 PKCS#8 v1 keys, which carry no public key (full parse), then P-521 PKCS#8.
 * Folder "fast" holds every fast-path key (2,000); folder "mixed" swaps the P-521 keys for the
 * Ed25519 ones (10% full parses).
 */
const MIX: Array<{ n: number; make: () => KeyObject; enc: "pkcs1" | "sec1" | "pkcs8"; label: string }> = [
  { n: 200, label: "RSA-2048 PKCS#1", enc: "pkcs1", make: () => rsa() },
  { n: 200, label: "RSA-2048 PKCS#8", enc: "pkcs8", make: () => rsa() },
  { n: 600, label: "P-256 SEC1", enc: "sec1", make: () => ec("P-256") },
  { n: 400, label: "P-256 PKCS#8", enc: "pkcs8", make: () => ec("P-256") },
  { n: 400, label: "P-384 SEC1", enc: "sec1", make: () => ec("P-384") },
  { n: 200, label: "Ed25519 PKCS#8 v1", enc: "pkcs8", make: () => ed() },
  { n: 200, label: "P-521 PKCS#8", enc: "pkcs8", make: () => ec("P-521") },
];
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const ec = (c: string) => generateKeyPairSync("ec", { namedCurve: c }).privateKey;
const ed = () => generateKeyPairSync("ed25519").privateKey;

const seq = (...p: Uint8Array[]) => encodeTlv(TAG.SEQUENCE, Buffer.concat(p));
const oid = (o: string) => encodeTlv(TAG.OID, encodeOid(o));
const utf8 = (s: string) => encodeTlv(TAG.UTF8String, Buffer.from(s));
const time = (s: string) => encodeTlv(TAG.UTCTime, Buffer.from(s));

/** A minimal self-signed X.509 v3 certificate for `key` (CN=name). */
function selfSigned(key: KeyObject, name: string, serial: number): string {
  const t = key.asymmetricKeyType;
  const alg =
    t === "rsa"
      ? seq(oid("1.2.840.113549.1.1.11"), Uint8Array.of(5, 0))
      : t === "ec"
        ? seq(oid("1.2.840.10045.4.3.2"))
        : seq(oid("1.3.101.112"));
  const dn = seq(encodeTlv(TAG.SET, seq(oid("2.5.4.3"), utf8(name))));
  const spki = new Uint8Array(createPublicKey(key).export({ type: "spki", format: "der" }));
  const tbs = seq(
    encodeTlv(0xa0, encodeTlv(TAG.INTEGER, Uint8Array.of(2))),
    encodeTlv(TAG.INTEGER, Uint8Array.of(((serial + 0x1000) >> 8) & 0x7f, (serial + 0x1000) & 0xff)),
    alg,
    dn,
    seq(time("250101000000Z"), time("350101000000Z")),
    dn,
    spki,
  );
  const sig = sign(t === "ed25519" ? null : "sha256", tbs, key);
  const bits = new Uint8Array(sig.length + 1);
  bits.set(sig, 1);
  return toPem("CERTIFICATE", seq(tbs, alg, encodeTlv(TAG.BIT_STRING, bits)));
}

interface KeySet {
  keyFiles: string[];
  certFiles: string[];
  labels: string[];
  folders: { fast: string; mixed: string };
}

function prepare(): KeySet {
  const keysDir = join(CACHE, "keys");
  const certsDir = join(CACHE, "certs");
  mkdirSync(keysDir, { recursive: true });
  mkdirSync(certsDir, { recursive: true });
  const labels = MIX.flatMap((m) => Array.from({ length: m.n }, () => m.label));
  const names = labels.map((_, i) => `k${String(i).padStart(5, "0")}`);
  const keyFiles = names.map((n) => join(keysDir, `${n}.pem`));
  const certFiles = names.map((n) => join(certsDir, `${n}.pem`));
  let made = 0;
  labels.forEach((label, i) => {
    if (existsSync(keyFiles[i]!) && existsSync(certFiles[i]!)) return;
    if (made++ === 0) process.stderr.write(`generating keys in ${CACHE} (once)...\n`);
    const m = MIX.find((x) => x.label === label)!;
    const key = m.make();
    writeFileSync(keyFiles[i]!, key.export({ type: m.enc, format: "pem" } as never) as string, {
      mode: 0o600,
    });
    writeFileSync(certFiles[i]!, selfSigned(key, names[i]!, i));
  });
  const folders = { fast: join(CACHE, "folder-fast"), mixed: join(CACHE, "folder-mixed") };
  for (const [name, dir] of Object.entries(folders)) {
    if (existsSync(dir)) continue;
    mkdirSync(dir);
    labels.forEach((label, i) => {
      const ed = label.startsWith("Ed25519");
      const p521 = label.startsWith("P-521");
      if ((name === "fast" && !ed) || (name === "mixed" && !p521))
        linkSync(keyFiles[i]!, join(dir, `${names[i]}.pem`));
    });
  }
  return { keyFiles, certFiles, labels, folders };
}

async function ikecertPair(certPem: Uint8Array, keyPem: Uint8Array): Promise<boolean> {
  const cert = parseCertificate(parsePem(certPem, 1)[0]!.der);
  const key =
    fastPrivateKey(keyPem) ?? ((await parseBytes(keyPem, "key")).items[0] as PrivateKey | PublicKey);
  return checkKeyPair(cert, key);
}

function nodePair(certPem: Uint8Array, keyPem: Uint8Array): boolean {
  return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(Buffer.from(keyPem)));
}

function stats(xs: number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

const fmt = (x: number) => x.toFixed(2);
const now = () => performance.now();

export interface PairBenchRow {
  what: string;
  /** ikecert time (µs per pair, or ms per folder search) */
  ikecert: { min: number; median: number; max: number };
  node: { min: number; median: number; max: number };
  /** node time / ikecert time per repeat (> 1: ikecert faster) */
  speedup: { min: number; median: number; max: number };
  unit: string;
  target: number;
}

/** Run the pairing benchmark; prints its own report unless quiet. Used by bench/index.ts too. */
export async function pairBench(quiet = false): Promise<PairBenchRow[]> {
  const rows: PairBenchRow[] = [];
  const console = quiet ? { log: () => undefined } : globalThis.console;
  const { keyFiles, certFiles, labels, folders } = prepare();
  const KEYS = 2000; // pairs come from the mixed set (index < 2000)
  const n = Math.min(PAIRS, KEYS - 1);
  // spread the pairs over the whole mix; every second pair is a mismatch (next key)
  const step = KEYS / n;
  const pairs = Array.from({ length: n }, (_, i) => {
    const c = Math.floor(i * step);
    const k = i % 2 === 0 ? c : (c + 1) % KEYS;
    return {
      cert: new Uint8Array(readFileSync(certFiles[c]!)),
      key: new Uint8Array(readFileSync(keyFiles[k]!)),
      expect: c === k,
    };
  });
  const mix = new Map<string, number>();
  for (const l of labels.slice(0, KEYS)) mix.set(l, (mix.get(l) ?? 0) + 1);
  console.log(`ikecert pair benchmark — node ${process.version}, ${REPEATS} repeats`);
  console.log(`pairs drawn from (${KEYS}): ${[...mix].map(([l, c]) => `${c} ${l}`).join(", ")}`);

  // warm-up and agreement check
  for (const p of pairs.slice(0, 50)) {
    if ((await ikecertPair(p.cert, p.key)) !== p.expect || nodePair(p.cert, p.key) !== p.expect)
      throw new Error("ikecert and node:crypto disagree on a pair");
  }
  const pairRatios: number[] = [];
  const pairUs: Array<[number, number]> = [];
  for (let r = 0; r < REPEATS; r++) {
    const runIke = async () => {
      const t = now();
      for (const p of pairs) await ikecertPair(p.cert, p.key);
      return now() - t;
    };
    const runNode = () => {
      const t = now();
      for (const p of pairs) nodePair(p.cert, p.key);
      return now() - t;
    };
    let a: number;
    let b: number;
    if (r % 2) {
      b = runNode();
      a = await runIke();
    } else {
      a = await runIke();
      b = runNode();
    }
    pairRatios.push(b / a);
    pairUs.push([(a * 1000) / n, (b * 1000) / n]);
  }
  const pr = stats(pairRatios);
  const pi = stats(pairUs.map((x) => x[0]));
  const pn = stats(pairUs.map((x) => x[1]));
  rows.push({
    what: `per pair (${n} pairs in memory)`,
    ikecert: pi,
    node: pn,
    speedup: pr,
    unit: "µs",
    target: 1,
  });
  console.log(`\n1. per pair (${n} pairs, in memory)`);
  console.log(`   ikecert:        median ${fmt(pi.median)} µs/pair (min ${fmt(pi.min)}, max ${fmt(pi.max)})`);
  console.log(
    `   checkPrivateKey: median ${fmt(pn.median)} µs/pair (min ${fmt(pn.min)}, max ${fmt(pn.max)})`,
  );
  console.log(
    `   ratio node/ikecert: min ${fmt(pr.min)}x  median ${fmt(pr.median)}x  max ${fmt(pr.max)}x  (target >= 1)`,
  );

  await folderSearch("fast-path formats only: RSA PKCS#1/#8, EC SEC1/PKCS#8", folders.fast, 1220);
  await folderSearch(
    "mixed: 10% Ed25519 PKCS#8 v1 (seed only: public key derived by node:crypto)",
    folders.mixed,
    1220,
  );
  return rows;

  async function folderSearch(what: string, folder: string, target: number): Promise<void> {
    const certPem = readFileSync(certFiles[target]!);
    const cert = parseCertificate(parsePem(new Uint8Array(certPem), 1)[0]!.der);
    const x509 = new X509Certificate(certPem);
    const want = join(folder, basename(keyFiles[target]!));
    const ikeFolder = async () => {
      const scan = await scanKeyFolder(folder);
      const k = findPrivateKey(
        cert,
        scan.keyFiles.flatMap((f) => f.items as Array<PrivateKey | PublicKey>),
      );
      return scan.keyFiles.find((f) => f.items.includes(k as never))?.file ?? null;
    };
    const nodeFolder = () => {
      let found: string | null = null;
      for (const name of readdirSync(folder).sort()) {
        const f = join(folder, name);
        if (x509.checkPrivateKey(createPrivateKey(readFileSync(f))) && !found) found = f;
      }
      return found;
    };
    if ((await ikeFolder()) !== want || nodeFolder() !== want)
      throw new Error("folder search: wrong key found");
    const ratios: number[] = [];
    const ms: Array<[number, number]> = [];
    for (let r = 0; r < REPEATS; r++) {
      let a = 0;
      let b = 0;
      const ike = async () => {
        const t = now();
        await ikeFolder();
        a = now() - t;
      };
      const nod = () => {
        const t = now();
        nodeFolder();
        b = now() - t;
      };
      if (r % 2) {
        nod();
        await ike();
      } else {
        await ike();
        nod();
      }
      ratios.push(b / a);
      ms.push([a, b]);
    }
    const files = readdirSync(folder).length;
    const fr = stats(ratios);
    const fi = stats(ms.map((x) => x[0]));
    const fn = stats(ms.map((x) => x[1]));
    rows.push({
      what: `find the key among ${files} files (${what.split(":")[0]})`,
      ikecert: fi,
      node: fn,
      speedup: fr,
      unit: "ms",
      target: 5,
    });
    console.log(`\n2. find the one matching key among ${files} key files — ${what}`);
    console.log(
      `   ikecert (scanKeyFolder + findPrivateKey): median ${fmt(fi.median)} ms (min ${fmt(fi.min)}, max ${fmt(fi.max)})`,
    );
    console.log(
      `   loop of checkPrivateKey:                  median ${fmt(fn.median)} ms (min ${fmt(fn.min)}, max ${fmt(fn.max)})`,
    );
    console.log(
      `   ratio node/ikecert: min ${fmt(fr.min)}x  median ${fmt(fr.median)}x  max ${fmt(fr.max)}x  (target >= 5)`,
    );
  }
}

// run directly by `npm run bench:pair` (bundled to .tmp/bench-pair.mjs); bench/index.ts imports it
if (process.argv[1]?.endsWith("bench-pair.mjs")) await pairBench();
