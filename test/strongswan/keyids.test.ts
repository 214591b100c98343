import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needs } from "../needs.js";
import { PKI, pkiConf } from "./env.js";
import { GENPKEY_ARGS, type KeyType } from "./gen.js";
import { pkiKeyid } from "./pki.js";

/**
 * Key ids: `ikecert inspect --json` (the built CLI) against `pki --keyid` for every certificate and
 * key under certs-fixtures/ (globbed at run time) and for keys/certificates made here by pki and
 * openssl in every type and container. pki reads only the first PEM block and cannot open encrypted
 * keys without a prompt or PKCS#12 at all, so those are first unpacked with openssl (said in the output).
 */

const run = needs("key ids (pki --keyid)", ["pki", "openssl"]);
const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");
const FIXTURES = join(ROOT, "certs-fixtures");
const EXT = /\.(pem|crt|cer|der|key|pub|p12|pfx|p7b|csr)$/i;

type Kind = "cert" | "key" | "csr";
interface Ids {
  kind: Kind;
  subjkey: string;
  keyid: string;
}
const fmt = (i: Ids) => `${i.kind} ${i.subjkey} ${i.keyid}`;

function sh(cmd: string, args: string[], input?: string) {
  return spawnSync(cmd, args, { encoding: "utf8", timeout: 30_000, input });
}
function must(cmd: string, args: string[]): string {
  const r = sh(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : EXT.test(n) ? [p] : [];
  });
}

/** What ikecert says: every certificate's and key's ids in the file. */
function ikecertIds(file: string, passFile: string | null): Ids[] | string {
  const r = sh("node", [
    CLI,
    "inspect",
    "--json",
    ...(passFile ? ["--passphrase-file", passFile] : []),
    file,
  ]);
  if (r.status === 2) return `ikecert exit 2: ${r.stderr.trim()}`;
  const doc = JSON.parse(r.stdout) as {
    result: { items: { kind: string; publicKey?: { keyids: { subjkey: string; keyid: string } } }[] };
  };
  return doc.result.items
    .filter((i) => i.publicKey)
    .map((i) => ({
      kind: i.kind === "certificate" ? "cert" : i.kind === "csr" ? "csr" : "key",
      ...i.publicKey!.keyids,
    }));
}

/** ikecert inspect's verdict that strongSwan cannot load the file's certificate. */
function ikecertSaysUnloadable(file: string, passFile: string | null): boolean {
  const r = sh("node", [
    CLI,
    "inspect",
    "--json",
    ...(passFile ? ["--passphrase-file", passFile] : []),
    file,
  ]);
  if (r.status === 2) return false;
  const doc = JSON.parse(r.stdout) as { findings: { code: string }[] };
  return doc.findings.some((f) => f.code === "CHAIN_CERT_UNLOADABLE");
}

/** What pki says, one PEM block (or the whole DER file) at a time; encrypted keys and PKCS#12 via openssl. */
function pkiIds(file: string, tmp: string, pass: string | null, notes: string[]): Ids[] | string {
  const bytes = readFileSync(file);
  let text = bytes.toString("latin1");
  if (
    /\.(p12|pfx)$/i.test(file) ||
    (!text.includes("-----BEGIN") && bytes[0] === 0x30 && isPkcs12(file, pass))
  ) {
    // the fixture passphrase, then an empty one (empty-password.p12), each also with the legacy provider
    let out = sh("openssl", ["pkcs12", "-in", file, "-nodes", "-passin", `pass:${pass ?? ""}`]);
    for (const p of [pass ?? "", ""])
      for (const legacy of [[], ["-legacy"]])
        if (out.status !== 0)
          out = sh("openssl", ["pkcs12", ...legacy, "-in", file, "-nodes", "-passin", `pass:${p}`]);
    if (out.status !== 0) return `openssl cannot open ${file}: ${out.stderr.trim()}`;
    notes.push(`${file}: PKCS#12 unpacked with openssl (pki cannot read PKCS#12)`);
    text = out.stdout;
  } else if (/\.p7b$/i.test(file)) {
    const inform = text.includes("-----BEGIN") ? "PEM" : "DER";
    text = must("openssl", ["pkcs7", "-print_certs", "-inform", inform, "-in", file]);
    notes.push(`${file}: PKCS#7 unpacked with openssl`);
  } else if (!text.includes("-----BEGIN")) {
    return one(file, sniffDer(file), tmp, pass, notes);
  }
  const blocks = text.match(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g) ?? [];
  const out: Ids[] = [];
  blocks.forEach((b, n) => {
    const label = /BEGIN ([A-Z0-9 ]+)-----/.exec(b)![1]!;
    const kind: "x509" | "priv" | "pub" | "pkcs10" | null = /CERTIFICATE$/.test(label)
      ? label === "CERTIFICATE"
        ? "x509"
        : /REQUEST$/.test(label)
          ? "pkcs10"
          : null
      : /REQUEST$/.test(label)
        ? "pkcs10"
        : /PUBLIC KEY/.test(label)
          ? "pub"
          : /PRIVATE KEY/.test(label)
            ? "priv"
            : null;
    if (!kind) return;
    const f = join(tmp, `block-${Math.random().toString(36).slice(2)}-${n}.pem`);
    writeFileSync(f, `${b}\n`);
    const r = one(f, kind, tmp, pass, notes, /ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(b), file);
    if (typeof r === "string") out.push({ kind: "key", subjkey: r, keyid: r });
    else out.push(...r);
  });
  return out;
}

function isPkcs12(file: string, pass: string | null): boolean {
  return (
    sh("openssl", ["pkcs12", "-in", file, "-info", "-noout", "-passin", `pass:${pass ?? ""}`]).status === 0
  );
}

function sniffDer(file: string): "x509" | "priv" | "pub" | "pkcs10" {
  if (sh("openssl", ["x509", "-inform", "DER", "-in", file, "-noout"]).status === 0) return "x509";
  if (sh("openssl", ["req", "-inform", "DER", "-in", file, "-noout"]).status === 0) return "pkcs10";
  if (sh("openssl", ["pkey", "-pubin", "-inform", "DER", "-in", file, "-noout"]).status === 0) return "pub";
  if (sh("openssl", ["rsa", "-RSAPublicKey_in", "-inform", "DER", "-in", file, "-noout"]).status === 0)
    return "pub";
  return "priv";
}

function one(
  file: string,
  type: "x509" | "priv" | "pub" | "pkcs10",
  tmp: string,
  pass: string | null,
  notes: string[],
  encrypted = false,
  origin = file,
): Ids[] | string {
  let f = file;
  if (type === "pub") {
    // pki --type pub reads SubjectPublicKeyInfo only; a PKCS#1 RSA PUBLIC KEY is converted by openssl
    const isPem = readFileSync(file, "latin1").includes("-----BEGIN");
    if (!isPem || readFileSync(file, "latin1").includes("RSA PUBLIC KEY")) {
      const conv = join(tmp, `pub-${Math.random().toString(36).slice(2)}.pem`);
      const inform = isPem ? [] : ["-inform", "DER"];
      let r = sh("openssl", ["pkey", "-pubin", ...inform, "-in", file, "-out", conv]);
      if (r.status !== 0)
        r = sh("openssl", ["rsa", "-RSAPublicKey_in", ...inform, "-in", file, "-pubout", "-out", conv]);
      if (r.status === 0) {
        notes.push(`${origin}: public key handed to pki as SubjectPublicKeyInfo, converted by openssl`);
        f = conv;
      }
    }
  }
  if (type === "priv") {
    // pki cannot take a passphrase without a terminal: decrypt with openssl first (also harmless if clear)
    const dec = join(tmp, `dec-${Math.random().toString(36).slice(2)}.pem`);
    let r = sh("openssl", ["pkey", "-in", file, "-out", dec, "-passin", `pass:${pass ?? ""}`]);
    // RC2-encrypted PKCS#8 needs OpenSSL's legacy provider
    if (r.status !== 0)
      r = sh("openssl", [
        "pkey",
        "-provider",
        "legacy",
        "-provider",
        "default",
        "-in",
        file,
        "-out",
        dec,
        "-passin",
        `pass:${pass ?? ""}`,
      ]);
    if (r.status === 0) {
      if (encrypted || !readFileSync(file, "latin1").includes("-----BEGIN"))
        notes.push(`${origin}: key handed to pki decrypted/converted by openssl`);
      f = dec;
    }
  }
  const k = pkiKeyid(f, type);
  if (!k.ok) return `pki --keyid --type ${type} failed on ${origin}: ${k.stderr.trim()}`;
  const kind: Kind = type === "x509" ? "cert" : type === "pkcs10" ? "csr" : "key";
  return [{ kind, subjkey: k.subjkey, keyid: k.keyid }];
}

/**
 * The fixtures' passphrase: certs-fixtures/keys/PASSPHRASE.txt if present, else the one the fixtures
 * README names ("passphrase `...`"), written to a temp file for --passphrase-file.
 */
function fixturePassphrase(tmp: string): { pass: string | null; file: string | null } {
  const pf = join(FIXTURES, "keys", "PASSPHRASE.txt");
  if (existsSync(pf)) return { pass: readFileSync(pf, "utf8").trim(), file: pf };
  const readme = join(FIXTURES, "README.md");
  const m = existsSync(readme) ? /passphrase `([^`]+)`/.exec(readFileSync(readme, "utf8")) : null;
  if (!m) return { pass: null, file: null };
  const f = join(tmp, "fixture-pass.txt");
  writeFileSync(f, `${m[1]}\n`);
  return { pass: m[1]!, file: f };
}

describe.runIf(run)("key ids: ikecert inspect vs pki --keyid", () => {
  const tmp = mkdtempSync(join(tmpdir(), "ikc-truth-keyids-"));
  const gen = join(tmp, "gen");
  const PASS = "truth-passphrase";
  const passFile = join(tmp, "pass.txt");
  const notes: string[] = [];
  let generated: string[] = [];

  beforeAll(() => {
    mkdirSync(gen);
    writeFileSync(passFile, `${PASS}\n`);
    const env = { ...process.env, STRONGSWAN_CONF: pkiConf() };
    const pki = (args: string[], out: string) => {
      const r = spawnSync(PKI, args, { env, timeout: 60_000 });
      if (r.status !== 0) throw new Error(`pki ${args.join(" ")}: ${r.stderr}`);
      writeFileSync(out, r.stdout);
    };
    const openssl = (...args: string[]) => must("openssl", args);
    const types: KeyType[] = ["rsa2048", "ec256", "ec384", "ec521", "ed25519", "ed448"];
    for (const name of types) {
      const k = join(gen, `${name}.pkcs8.pem`);
      openssl("genpkey", ...GENPKEY_ARGS[name], "-out", k);
      openssl("pkey", "-in", k, "-outform", "DER", "-out", join(gen, `${name}.pkcs8.der`));
      openssl("pkey", "-in", k, "-pubout", "-out", join(gen, `${name}.pub`));
      openssl("pkey", "-in", k, "-pubout", "-outform", "DER", "-out", join(gen, `${name}.pub.der`));
      openssl(
        "pkcs8",
        "-topk8",
        "-in",
        k,
        "-v2",
        "aes-256-cbc",
        "-passout",
        `pass:${PASS}`,
        "-out",
        join(gen, `${name}.enc.key`),
      );
      openssl(
        "req",
        "-new",
        "-x509",
        "-key",
        k,
        "-subj",
        `/CN=${name}`,
        "-days",
        "30",
        "-out",
        join(gen, `${name}.crt`),
      );
      openssl("x509", "-in", join(gen, `${name}.crt`), "-outform", "DER", "-out", join(gen, `${name}.der`));
      if (name === "rsa2048")
        openssl("rsa", "-in", k, "-traditional", "-out", join(gen, `${name}.pkcs1.key`));
      if (name.startsWith("ec")) openssl("ec", "-in", k, "-out", join(gen, `${name}.sec1.key`));
    }
    // a bundle of two certificates and a PKCS#12 (AES) with key + certificate
    writeFileSync(
      join(gen, "bundle.pem"),
      readFileSync(join(gen, "ec256.crt"), "utf8") + readFileSync(join(gen, "rsa2048.crt"), "utf8"),
    );
    openssl(
      "pkcs12",
      "-export",
      "-in",
      join(gen, "ec384.crt"),
      "-inkey",
      join(gen, "ec384.pkcs8.pem"),
      "-passout",
      `pass:${PASS}`,
      "-out",
      join(gen, "ec384.p12"),
    );
    // keys and certificates made by pki itself
    for (const [type, size] of [
      ["ecdsa", "256"],
      ["ecdsa", "384"],
      ["ed25519", ""],
      ["rsa", "3072"],
    ] as const) {
      const k = join(gen, `pki-${type}${size}.key`);
      pki(["--gen", "--type", type, ...(size ? ["--size", size] : []), "--outform", "pem"], k);
      pki(
        ["--self", "--in", k, "--type", "priv", "--dn", `CN=pki ${type}`, "--outform", "pem"],
        join(gen, `pki-${type}${size}.crt`),
      );
    }
    generated = walk(gen);
  }, 900_000);

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
    if (notes.length) process.stderr.write(`key ids notes:\n  ${[...new Set(notes)].join("\n  ")}\n`);
  });

  const compare = (files: string[], pass: string | null, pf: string | null) => {
    const problems: string[] = [];
    let items = 0;
    for (const f of files) {
      const ours = ikecertIds(f, pf);
      if (typeof ours === "string" && /PKCS#12 files are not supported yet/.test(ours)) {
        // lib/input/pkcs12.ts is being built by another issue; compare as soon as inspect opens them
        notes.push(`PENDING ${f}: ikecert cannot open PKCS#12 yet, not compared`);
        continue;
      }
      const theirs = pkiIds(f, tmp, pass, notes);
      const pkiFailed = typeof theirs === "string" || theirs.some((t) => / failed on /.test(t.subjkey));
      if (pkiFailed && typeof ours !== "string" && ikecertSaysUnloadable(f, pf)) {
        // a certificate strongSwan's parsers refuse (pki fails): ikecert reads it and says so
        notes.push(`${f}: strongSwan cannot load it; ikecert says CHAIN_CERT_UNLOADABLE`);
        continue;
      }
      if (typeof ours === "string" || typeof theirs === "string") {
        problems.push(
          `${f}: ${typeof ours === "string" ? ours : ""} ${typeof theirs === "string" ? theirs : ""}`,
        );
        continue;
      }
      items += theirs.length;
      const a = ours.map(fmt).sort();
      const b = theirs.map(fmt).sort();
      if (JSON.stringify(a) !== JSON.stringify(b))
        problems.push(
          `${f}:\n    ikecert ${a.join("\n            ")}\n    pki     ${b.join("\n            ")}`,
        );
    }
    return { problems, items };
  };

  it("generated keys and certificates (pki and openssl, every type and container)", () => {
    expect(generated.length).toBeGreaterThan(40);
    const { problems, items } = compare(generated, PASS, passFile);
    process.stderr.write(`key ids: ${generated.length} generated files, ${items} items compared\n`);
    expect(problems.join("\n")).toBe("");
  }, 240_000);

  // one ikecert and one or more pki runs per file: the budget grows with the fixtures (205 files took
  // 414 s on the shared 2-core machine at a load average of 12), and never under 15 minutes
  const FIXTURES_BUDGET_MS = Math.max(900_000, walk(FIXTURES).length * 4_000);
  it(
    "every certificate and key under certs-fixtures/",
    () => {
      const files = walk(FIXTURES);
      const { pass, file: pf } = fixturePassphrase(tmp);
      const { problems, items } = compare(files, pass, pf);
      process.stderr.write(
        files.length
          ? `key ids: ${files.length} fixture files, ${items} items compared\n`
          : "key ids: certs-fixtures/ has no certificate or key files yet (nothing to compare)\n",
      );
      expect(problems.join("\n")).toBe("");
    },
    FIXTURES_BUDGET_MS,
  );

  it("the oracle can fail: a key's ids differ from another key's, and a certificate is not a private key", () => {
    const a = pkiKeyid(join(gen, "ec256.pkcs8.pem"), "priv");
    const b = pkiKeyid(join(gen, "ec384.pkcs8.pem"), "priv");
    const c = pkiKeyid(join(gen, "ec256.crt"), "x509");
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(a.keyid).not.toBe(b.keyid);
      expect(a.keyid).toBe(c.keyid);
    }
    expect(pkiKeyid(join(gen, "ec256.crt"), "priv").ok).toBe(false);
  });
});
