import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { printDn } from "../../lib/identity/dn-print.js";
import {
  buildChain,
  type Certificate,
  certificateHasIdentity,
  certificateIdentityFindings,
  checkKeyPair,
  checkPsk,
  dnMatchLevel,
  estimateIkeAuthSize,
  explainLog,
  fastPrivateKey,
  type Identity,
  IkecertError,
  identityEquals,
  identityMatches,
  memoryReader,
  parseBatchLine,
  parseBytes,
  parseCertificate,
  parseDnString,
  parseIdentity,
  parseIpsecConf,
  parseIpsecSecrets,
  parseSwanctlConf,
  printIdentity,
  provenIdentities,
  pskFromText,
  splitLines,
} from "../../lib/index.js";
import { fastPkcs12Seeds } from "../p12-seeds.js";
import { BAD_TEXT_BYTES, concat, deepDer, deepIndefinite, mutateMany, type Rng, toPem } from "./mutate.js";
import { specialFiles } from "./special-files.js";

export type FuzzInput = Uint8Array | string;

export interface FuzzTarget {
  name: string;
  /** the next input and how it was made */
  next(rng: Rng): { input: FuzzInput; kind: string };
  /** run the parser; may return a promise. Anything thrown that is not an IkecertError is a bug. */
  run(input: FuzzInput, rng: Rng): unknown;
}

/** The checkout root (works from test/fuzz/ and from an esbuild bundle in .tmp/). */
export function findRoot(start = import.meta.dirname ?? process.cwd()): string {
  for (let d = start; ; d = dirname(d)) {
    const p = join(d, "package.json");
    if (existsSync(p) && /"name": "ikecert"/.test(readFileSync(p, "utf8"))) return d;
    if (dirname(d) === d) return process.cwd();
  }
}

function filesUnder(dir: string, keep: (n: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, keep));
    else if (e.isFile() && keep(e.name) && statSync(p).size < 64 * 1024) out.push(p);
  }
  return out.sort();
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");
const utf8 = (b: Uint8Array) => Buffer.from(b).toString("utf8");
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

/** fast-check samples, drawn in batches from a seed taken from our Rng (so runs are reproducible). */
function sampler<T>(arb: fc.Arbitrary<T>): (rng: Rng) => T {
  let queue: T[] = [];
  return (rng) => {
    if (queue.length === 0) queue = fc.sample(arb, { seed: rng.u32() | 0, numRuns: 128 });
    return queue.pop()!;
  };
}

const tokens = (...t: string[]) => fc.array(fc.constantFrom(...t), { maxLength: 60 }).map((a) => a.join(""));
const withJunk = (t: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: t },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme-composite", maxLength: 80 }) },
  );

/** Generic text-target input: seed mutations, fast-check, NUL/non-UTF-8, huge repetition. */
function textInputs(
  seeds: string[],
  arb: fc.Arbitrary<string>,
  maxRepeat = Number.POSITIVE_INFINITY,
): (rng: Rng) => { input: string; kind: string } {
  const seedBytes = seeds.map(bytesOf);
  const sample = sampler(withJunk(arb));
  return (rng) => {
    const r = rng.int(100);
    if (r < 40) {
      const m = mutateMany(rng, rng.pick(seedBytes), seedBytes);
      return { input: rng.chance(0.5) ? utf8(m.out) : latin1(m.out), kind: `mutate:${m.kind}` };
    }
    if (r < 75) return { input: sample(rng), kind: "fast-check" };
    if (r < 85) {
      const s = rng.pick(seeds);
      const bad = latin1(rng.pick(BAD_TEXT_BYTES));
      const at = rng.int(s.length + 1);
      return { input: s.slice(0, at) + bad + s.slice(at), kind: "bad-bytes" };
    }
    if (r < 92) return { input: latin1(rng.bytes(rng.int(512))), kind: "random" };
    // repetition: long lines, many lines, deep nesting of brackets
    const unit = rng.pick([
      ...seeds.map((s) => s.slice(0, 40)),
      "{",
      "=",
      ",",
      "\\",
      '"',
      "(",
      "[",
      "*",
      "\n",
    ]);
    const input = unit.repeat(1 + rng.int(rng.chance(0.1) ? 20_000 : 2_000));
    return { input: input.slice(0, maxRepeat), kind: "repeat" };
  };
}

export interface TargetOptions {
  root?: string;
  /** make PKCS#12 seeds with openssl (one iteration, so thousands of inputs stay fast); default true */
  openssl?: boolean;
}

export function makeTargets(opts: TargetOptions = {}): FuzzTarget[] {
  const root = opts.root ?? findRoot();
  const fx = join(root, "certs-fixtures");
  const passphrase = readFileSync(join(fx, "keys/PASSPHRASE.txt"), "utf8").replace(/\r?\n$/, "");

  // ---- binary seeds: every fixture, DER bodies of PEM blocks, fast PKCS#12 and PKCS#7 ----
  // PKCS#12 fixtures take 2,048 key-derivation iterations per bag (~20 ms a file, by design of the
  // format); the harness uses the same kinds of file made with one iteration instead (below)
  // (encrypted PKCS#8 fixtures too: the same kinds with one iteration are made below)
  const files = filesUnder(fx, (n) => /\.(pem|der|key|p7b|crt|pub|csr|cer)$/.test(n) && !/pkcs8-/.test(n));
  const fileSeeds = files
    .map((f) => new Uint8Array(readFileSync(f)))
    .filter((b) => !latin1(b).includes("ENCRYPTED PRIVATE KEY"));
  const derSeeds: Uint8Array[] = [];
  for (const s of fileSeeds) {
    const t = latin1(s);
    if (!t.includes("-----BEGIN")) derSeeds.push(s);
    for (const m of t.matchAll(
      /-----BEGIN [^-]+-----\r?\n(?:[A-Za-z-]+:.*\r?\n)*\r?\n?([A-Za-z0-9+/=\r\n]+)-----END/g,
    ))
      derSeeds.push(new Uint8Array(Buffer.from(m[1]!.replace(/\s/g, ""), "base64")));
  }
  if (opts.openssl !== false) {
    const p12 = join(fx, "pkcs12");
    const ossl = (args: string[]) => {
      try {
        return new Uint8Array(
          execFileSync("openssl", args, { stdio: ["ignore", "pipe", "ignore"], cwd: p12 }),
        );
      } catch {
        return null;
      }
    };
    derSeeds.push(...fastPkcs12Seeds(p12, passphrase));
    for (const [key, extra] of [
      ["leaf.key.pem", ["-v2", "aes-256-cbc"]],
      ["leaf.key.pem", ["-v1", "PBE-SHA1-3DES"]],
      ["leaf.key.pem", ["-v1", "PBE-SHA1-RC2-40", "-provider", "legacy", "-provider", "default"]],
      ["../keys/ed25519.pkcs8.pem", ["-v2", "des3"]],
    ] as const) {
      const b = ossl([
        "pkcs8",
        "-topk8",
        "-in",
        key,
        "-iter",
        "1",
        "-passout",
        `pass:${passphrase}`,
        ...extra,
      ]);
      if (b) {
        fileSeeds.push(b);
        derSeeds.push(new Uint8Array(Buffer.from(latin1(b).replace(/-----[^-]+-----|\s/g, ""), "base64")));
      }
    }
    const p7 = ossl([
      "crl2pkcs7",
      "-nocrl",
      "-certfile",
      "leaf.pem",
      "-certfile",
      "ca.pem",
      "-outform",
      "DER",
    ]);
    if (p7) derSeeds.push(p7);
  }
  const binSeeds = [...fileSeeds, ...derSeeds];
  const LABELS = [
    "CERTIFICATE",
    "PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "PUBLIC KEY",
    "PKCS7",
    "CERTIFICATE REQUEST",
    "X509 CRL",
    "TRUSTED CERTIFICATE",
    "ODD\u0000LABEL",
    "\xff\xfe",
  ];

  const bytesArb = sampler(fc.uint8Array({ maxLength: 2048 }));
  const binaryInput = (rng: Rng): { input: Uint8Array; kind: string } => {
    const r = rng.int(1000);
    if (r < 550) {
      const m = mutateMany(rng, rng.pick(derSeeds), binSeeds);
      // mutated DER, sometimes re-wrapped as PEM so the mutation reaches the DER parsers via PEM too
      if (rng.chance(0.3))
        return { input: toPem(rng.pick(LABELS), m.out), kind: `mutate-der-in-pem:${m.kind}` };
      return { input: m.out, kind: `mutate-der:${m.kind}` };
    }
    if (r < 700) {
      const m = mutateMany(rng, rng.pick(fileSeeds), binSeeds);
      return { input: m.out, kind: `mutate-file:${m.kind}` };
    }
    if (r < 800) return { input: bytesArb(rng), kind: "fast-check-bytes" };
    if (r < 850) return { input: rng.bytes(rng.int(4096)), kind: "random" };
    if (r < 880) {
      const depth = rng.pick([65, 100, 1000, 10_000]);
      const d = rng.chance(0.5) ? deepDer(depth) : deepIndefinite(depth, rng.chance(0.5));
      return { input: rng.chance(0.3) ? toPem(rng.pick(LABELS), d) : d, kind: `deep-${depth}` };
    }
    if (r < 900) {
      // huge PEM line counts: one block split into lines of 1..4 characters, or thousands of blocks
      const der = rng.pick(derSeeds);
      if (rng.chance(0.5))
        return { input: toPem(rng.pick(LABELS), der, 1 + rng.int(4)), kind: "pem-many-lines" };
      const block = toPem(rng.pick(LABELS), der.subarray(0, 1 + rng.int(64)));
      const copies = rng.pick([100, 2_000, 10_001]);
      const out = new Uint8Array(block.length * copies);
      for (let i = 0; i < copies; i++) out.set(block, i * block.length);
      return { input: out, kind: `pem-${copies}-blocks` };
    }
    if (r < 930) {
      // a top-level length of 2^31 or more in front of a real body
      const body = rng.pick(derSeeds).subarray(2);
      const len = rng.pick([
        [0x84, 0x80, 0, 0, 0],
        [0x84, 0x7f, 0xff, 0xff, 0xff],
        [0x88, 0, 0, 0, 0x80, 0, 0, 0, 0],
      ]);
      return { input: concat(Uint8Array.of(0x30, ...len), body), kind: "length-2^31" };
    }
    if (r < 960) {
      // PEM headers and garbage around the armour
      const pem = latin1(rng.pick(fileSeeds));
      const junk = rng.pick([
        "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n",
        "Proc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,ZZ\n\n",
        "\u0000",
        "-----BEGIN X-----\n",
        "-----END",
        "====\n",
        "\r\n\r\n",
      ]);
      const at = pem.indexOf("\n") + 1;
      return {
        input: new Uint8Array(Buffer.from(pem.slice(0, at) + junk + pem.slice(at), "latin1")),
        kind: "pem-headers",
      };
    }
    const a = rng.pick(fileSeeds);
    const b = rng.pick(fileSeeds);
    return { input: concat(a, b), kind: "concat" };
  };

  // ---- a few parsed objects the check targets work against ----
  const sample = join(fx, "sample");
  const certOf = (f: string): Certificate => {
    const b = readFileSync(f, "latin1");
    const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END/.exec(b);
    return parseCertificate(new Uint8Array(Buffer.from(m![1]!.replace(/\s/g, ""), "base64")));
  };
  const rootCa = certOf(join(sample, "x509ca/root.pem"));
  const inter = certOf(join(sample, "x509ca/intermediate.pem"));
  const at = new Date("2026-06-01T00:00:00Z");

  // ---- identity seeds: every string of the strongSwan vectors ----
  const idSeeds = new Set<string>([
    "%any",
    "@vpn.example.com",
    "C=CH, O=strongSwan, CN=moon",
    "192.0.2.1",
    "*.example.com",
    "@#0123",
    "asn1dn:#300b3109300706035504031300",
    "keyid:#00",
    "ipv4:#c0000201",
    "fe80::1",
    "10.0.0.0/8",
    "10.0.0.1-10.0.0.9",
    "email:a@b",
    "rfc822:x",
    "fqdn:*",
    "dns:x",
    "/C=CH/CN=a",
    "CN=a\\,b",
    'CN="a,b"',
    "C=CH, CN=*, O=*",
  ]);
  const vectors = join(root, "test/identity/strongswan-identity-vectors.json");
  const vpath = existsSync(vectors)
    ? vectors
    : join(findRoot(), "test/identity/strongswan-identity-vectors.json");
  if (existsSync(vpath)) {
    const walk = (v: unknown) => {
      if (typeof v === "string" && v.length < 200) idSeeds.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    const data = JSON.parse(readFileSync(vpath, "utf8")) as Record<string, unknown>;
    for (const k of ["parse", "parse_regex", "matches", "equals", "print"]) walk(data[k]);
  }
  const ids = [...idSeeds];
  const idArb = tokens(
    "@",
    "#",
    "%any",
    "%",
    "*",
    "?",
    "=",
    ",",
    "/",
    "+",
    ";",
    "CN",
    "C=",
    "O=",
    "DC=",
    "ipv4:",
    "ipv6:",
    "fqdn:",
    "email:",
    "keyid:",
    "asn1dn:#",
    "asn1gn:#",
    "dns:",
    "ip:",
    "0x",
    "a",
    "z",
    "0",
    "9",
    "f",
    ":",
    ".",
    "-",
    "\\",
    '"',
    " ",
    "\u0000",
    "é",
    "\uFFFD",
    "\uD800",
    "255",
    "::",
    "[",
    "]",
    "^",
    "$",
  );
  const idText = textInputs(ids, idArb);
  const idOptions = (rng: Rng) => ({
    regex: rng.chance(0.3),
    strongswan: rng.pick(["5.9.8", "6.0.6", "5.9", "6.0.0"]),
  });
  const patterns = ["%any", "*.example.com", "C=CH, O=*, CN=*", "@*", "10.0.0.0/8", "keyid:#00"].map((p) =>
    parseIdentity(p),
  );

  // ---- configuration seeds ----
  const configDir = join(root, "test/config/examples");
  const confFiles = existsSync(configDir) ? readdirSync(configDir).map((n) => join(configDir, n)) : [];
  const swanctlSeeds = [...confFiles.filter((f) => f.endsWith(".swanctl.conf")), join(sample, "swanctl.conf")]
    .filter(existsSync)
    .map((f) => readFileSync(f, "utf8"));
  swanctlSeeds.push(
    "include conf.d/*.conf\ninclude loop.conf\ninclude missing.conf\ninclude [z-a]*.conf\n",
    "connections { a { include conf.d/a.conf } }\n",
  );
  const ipsecSeeds = confFiles.filter((f) => f.endsWith(".ipsec.conf")).map((f) => readFileSync(f, "utf8"));
  ipsecSeeds.push("include /c/loop.conf\ninclude ipsec.d/*.conf\nconn a\n  also=b\nconn b\n  also=a\n");
  const secretsSeeds = confFiles
    .filter((f) => f.endsWith(".ipsec.secrets"))
    .map((f) => readFileSync(f, "utf8"));
  secretsSeeds.push(
    ': PSK "x"\ninclude /c/loop.secrets\n: RSA key.pem %prompt\n@a @b : PSK 0x00ff\n: PSK 0sAA==\n',
  );
  // issue 20: includes, also= and secrets pointing at devices, FIFOs, loops and globs over /
  const special = specialFiles();
  swanctlSeeds.push(...special.swanctlSeeds);
  ipsecSeeds.push(...special.ipsecSeeds);
  secretsSeeds.push(...special.secretsSeeds);
  const reader = special.reader(
    memoryReader({
      "/c/conf.d/a.conf": "connections { x { remote_addrs = 192.0.2.1 } }\n",
      "/c/loop.conf": "include loop.conf\n",
      "/c/ipsec.d/a.conf": "conn x\n  right=%any\n",
      "/c/loop.secrets": "include /c/loop.secrets\n",
    }),
  );
  const maxIncludeFiles = special.maxIncludeFiles;
  const confArb = tokens(
    "{",
    "}",
    "=",
    ":",
    ",",
    ".",
    "#",
    '"',
    "\\",
    " ",
    "\t",
    "\r",
    "\n",
    "a",
    "x",
    "0",
    "@",
    "%",
    "-",
    "_",
    "/",
    "*",
    "include ",
    "conn ",
    "also=",
    ": PSK ",
    ": RSA ",
    "connections",
    "secrets",
    "local",
    "remote",
    "auth = pubkey",
    "id = ",
    "certs = ",
    "children",
    "ca ",
    "%default",
    "config setup",
    "\u0000",
    "é",
    ...special.tokens,
  );

  // ---- log seeds ----
  const logSeeds = [
    "Nov 27 10:00:01 08[IKE] <1> no trusted ECDSA public key found for 'rw.example.com'",
    "Nov 27 10:00:01 08[CFG] <1> looking for peer configs matching 10.213.0.2[vpn.example.com]...10.213.0.1[client.example.com]",
    "Nov 27 10:00:01 08[CFG] <1> no matching peer config found",
    '09[CFG] <rw|2> no issuer certificate found for "C=CH, O=ikecert test, CN=rw.example.com"',
    '09[CFG] <rw|2>   issuer is "C=CH, O=ikecert test, CN=Intermediate CA"',
    "11[IKE] <gw|3> giving up after 3 retransmits",
    "11[IKE] <gw|3> establishing IKE_SA failed, peer not responding",
    "constraint check failed: identity 'C=CH, CN=x' required",
    "no private key found for 'C=CH, O=x, CN=gw'",
    "building CRED_CERTIFICATE - X509 failed, tried 3 builders",
    "2026-11-27T10:00:01.123+01:00 gw charon-systemd[1234]: 09[CFG] <5> selected peer config 'rw'",
    "received AUTHENTICATION_FAILED notify error",
    "authentication of 'moon.strongswan.org' with RSA_EMSA_PKCS1_SHA2_256 successful",
  ];
  const logArb = tokens(
    ...logSeeds.flatMap((l) => l.split(/(?<= )/)),
    "\n",
    "<",
    ">",
    "|",
    "'",
    '"',
    "[",
    "]",
    "\u0000",
    "%any",
  );

  // ---- PSK seeds ----
  const pskSeeds = [
    "secret = 0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL",
    "0x0123456789abcdef",
    'secret = "correct horse battery staple"',
    "password1",
    "Tr0ub4dor&3",
    "aaaaaaaaaaaaaaaa",
  ];
  const pskArb = fc.string({ unit: "binary", maxLength: 300 });

  // ---- id --batch lines ----
  const batchSeeds = [
    '{"cert":"gw.pem","ids":["vpn.example.com","@x"]}\n{"cert":"a.pem"}\n',
    'gw.pem vpn.example.com 192.0.2.1\r\n\n{"cert":"x","ids":[1,null,{}]}\n',
    '{"cert":"\\u0000","ids":"x"}\n[]\nnull\n"str"\n',
  ];
  const batchArb = tokens(
    "{",
    "}",
    "[",
    "]",
    '"',
    ":",
    ",",
    "cert",
    "ids",
    "\\",
    "\n",
    "\r\n",
    " ",
    "x",
    "null",
    "1",
    "\u0000",
    "é",
  );

  const binary = (name: string, run: (b: Uint8Array, rng: Rng) => unknown): FuzzTarget => ({
    name,
    next: binaryInput,
    run: (i, rng) => run(i as Uint8Array, rng),
  });
  const text = (
    name: string,
    gen: (rng: Rng) => { input: string; kind: string },
    run: (t: string, rng: Rng) => unknown,
  ): FuzzTarget => ({
    name,
    next: gen,
    run: (i, rng) => run(i as string, rng),
  });

  const pass = (rng: Rng) => {
    const p = rng.pick([passphrase, passphrase, null, "wrong", ""]);
    return async () => p;
  };
  return [
    binary("parseBytes", (b, rng) => parseBytes(b, "fuzz", { passphrase: pass(rng) })),
    binary("parseCertificate", (b) => parseCertificate(b)),
    binary("fastPrivateKey", (b) => fastPrivateKey(b)),
    binary("checks", async (b, rng) => {
      // whatever parses must also survive every check (checks return findings, never throw)
      const loaded = await parseBytes(b, "fuzz", { passphrase: pass(rng) });
      const certs = loaded.items.filter(
        (i): i is Certificate & (typeof loaded.items)[number] => i.kind === "certificate",
      );
      const keys = loaded.items.filter((i) => i.kind === "privateKey" || i.kind === "publicKey");
      for (const c of certs) {
        provenIdentities(c);
        certificateIdentityFindings(c);
        certificateHasIdentity(c, rng.pick(patterns));
        buildChain(c, { trusted: [rootCa], untrusted: [inter, ...certs], at });
        estimateIkeAuthSize({ role: "initiator", certificate: c, intermediates: certs.slice(1) });
        for (const k of keys) checkKeyPair(c, k as Parameters<typeof checkKeyPair>[1]);
      }
    }),
    text("parseIdentity", idText, (t, rng) => {
      const id: Identity = parseIdentity(t, idOptions(rng));
      printIdentity(id);
      identityMatches(id, rng.pick(patterns));
      identityMatches(rng.pick(patterns), id);
      identityEquals(id, rng.pick(patterns));
    }),
    // atodn reads what parseIdentity lets through: at most an ID payload's 65,527 bytes
    text(
      "parseDnString",
      textInputs(
        ids.filter((s) => s.includes("=")),
        idArb,
        65_527,
      ),
      (t, rng) => {
        const r = parseDnString(bytesOf(t), rng.pick(["5.9.8", "6.0.6"]));
        const der = (r as { der?: Uint8Array }).der;
        if (der) {
          printDn(der);
          dnMatchLevel(der, der, rng.pick(["strict", "reordered", "relaxed"] as const));
        }
      },
    ),
    binary("printDn", (b) => {
      printDn(b);
      dnMatchLevel(b, b, "relaxed");
    }),
    text("swanctl.conf", textInputs(swanctlSeeds, confArb), (t) =>
      parseSwanctlConf(t, "/c/swanctl.conf", { reader, maxIncludeFiles }),
    ),
    text("ipsec.conf", textInputs(ipsecSeeds, confArb), (t) =>
      parseIpsecConf(t, "/c/ipsec.conf", { reader, maxIncludeFiles }),
    ),
    text("ipsec.secrets", textInputs(secretsSeeds, confArb), (t) =>
      special.loadKeys(parseIpsecSecrets(t, "/c/ipsec.secrets", { reader, maxIncludeFiles })),
    ),
    text("explainLog", textInputs([...logSeeds, logSeeds.join("\n")], logArb), (t) => explainLog(t)),
    text("psk", textInputs(pskSeeds, pskArb), (t) => checkPsk(pskFromText(t))),
    // a batch is a stream of requests: one input is a piece of up to 16 KiB (the per-line cost is
    // what must stay bounded; a 700 KB batch of 70,000 lines takes 300 ms, linear in the lines)
    text("batch", textInputs(batchSeeds, batchArb, 16_384), async (t, rng) => {
      // id --batch input: split into lines (in random chunks, a line limit of 256 bytes), then parsed
      const chunks: string[] = [];
      for (let i = 0; i < t.length; ) {
        const n = 1 + rng.int(512);
        chunks.push(t.slice(i, i + n));
        i += n;
      }
      async function* feed() {
        yield* chunks;
      }
      for await (const l of splitLines(feed(), 256)) {
        if (!("text" in l)) continue;
        try {
          parseBatchLine(l.text, l.line, rng.chance(0.5) ? ["@x"] : []);
        } catch (e) {
          if (!(e instanceof IkecertError)) throw e;
        }
      }
    }),
  ];
}

export { BAD_TEXT_BYTES };
