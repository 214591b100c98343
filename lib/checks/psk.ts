import { randomBytes } from "node:crypto";
import { IkecertError } from "../errors.js";
import { finding } from "../findings/index.js";
import type { Finding } from "../findings/types.js";
import { lazyImport } from "../lazy-import.js";

/**
 * Strength of an IKE pre-shared key (semantics §11, FAQ `psk` and `aggressive-mode`).
 * The estimate combines zxcvbn-ts (dictionary words, keyboard walks, repeats, sequences, dates) with
 * a character-class count for the parts zxcvbn finds no pattern in (zxcvbn's own brute-force guess,
 * 10^length, understates random keys). Nothing here ever returns the key or a piece of it.
 */
export interface PskResult {
  bits: number;
  verdict: "weak" | "fair" | "strong";
  reasons: string[];
  length: number;
  classes: string[];
  /** what an attacker can do with this key, by protocol */
  attacks: string[];
  findings: Finding[];
}

const STRONG = 128;
const WEAK = 64;
/** charon-nm refuses shorter keys ("Pre-shared key is too short.", src/charon-nm/nm/nm_service.c) */
const NM_MIN = 20;
/**
 * zxcvbn's matching is quadratic (its repeat matcher re-scores every candidate base): 100 characters
 * of `password1password1...` took 150 ms (found by the fuzz harness). So repeats are found first
 * (`backReferences`), and zxcvbn scores the remaining text in windows, up to ZXCVBN_MAX characters.
 */
const ZXCVBN_WINDOW = 16;
const ZXCVBN_MAX = 128;
const L33T_MAX_SUBSTITUTIONS = 8;

type Zxcvbn = {
  check(pw: string): {
    sequence: Array<{ pattern: string; token: string; guesses: number; i: number; j: number }>;
  };
};
let zxcvbn: Zxcvbn | null = null;

async function estimator(): Promise<Zxcvbn> {
  if (zxcvbn) return zxcvbn;
  const [{ ZxcvbnFactory }, common] = await Promise.all([
    lazyImport<typeof import("@zxcvbn-ts/core")>("@zxcvbn-ts/core"),
    lazyImport<typeof import("@zxcvbn-ts/language-common")>("@zxcvbn-ts/language-common"),
  ]);
  zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
    // zxcvbn tries every combination of up to this many l33t substitutions; its default of 100 made a
    // 100-character key take 150 ms (found by the fuzz harness). 8 still sees p@ssw0rd as password.
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
  }) as unknown as Zxcvbn;
  return zxcvbn;
}

const CLASSES: Array<[name: string, re: RegExp, size: number]> = [
  ["lowercase", /[a-z]/, 26],
  ["uppercase", /[A-Z]/, 26],
  ["digits", /[0-9]/, 10],
  ["symbols", /[^A-Za-z0-9\s\u0080-\uffff]/, 33],
  ["spaces", /\s/, 1],
  ["non-ASCII", /[\u0080-\uffff]/, 100],
];

const PATTERN_WORDS: Record<string, string> = {
  dictionary: "a common word or password",
  spatial: "a keyboard pattern",
  repeat: "a repeated part",
  sequence: "a sequence (abc, 123)",
  regex: "a year or similar",
  date: "a date",
  separator: "separators between words",
};

/** Decode the swanctl/ipsec.secrets encodings `0x<hex>` and `0s<base64>`; plain text stays. */
function decodeSecret(text: string): { value: string; encodedBytes: number | null } {
  const hex = /^0x([0-9a-fA-F]+)$/.exec(text);
  if (hex) return { value: hex[1]!, encodedBytes: Math.floor(hex[1]!.length / 2) };
  const b64 = /^0s([A-Za-z0-9+/]+={0,2})$/.exec(text);
  if (b64) return { value: b64[1]!, encodedBytes: Buffer.from(b64[1]!, "base64").length };
  return { value: text, encodedBytes: null };
}

/** The key as read from a file or stdin: one trailing newline dropped, a `secret = ...` line unwrapped. */
export function pskFromText(text: string): string {
  let s = text.replace(/\r?\n$/, "");
  const line = /^\s*secret\s*=\s*(.*?)\s*$/.exec(s);
  if (line && !s.includes("\n")) s = line[1]!;
  const quoted = /^"(.*)"$/.exec(s);
  if (quoted) s = quoted[1]!;
  if (s.length === 0) throw new IkecertError("USAGE", "the pre-shared key is empty");
  if (s.includes("\n"))
    throw new IkecertError("USAGE", "the pre-shared key input has several lines; give one key per file");
  return s;
}

/**
 * The key as a dictionary coder sees it: a run of 4 or more characters that already occurred earlier
 * is a back-reference (it costs only its distance and length, so a repeated key does not look strong
 * because it is long); everything else is literal text, returned as runs for zxcvbn to score. Linear
 * time: candidates come from the last few positions of the same 4 characters.
 */
function backReferences(value: string): { literals: string[]; bits: number; count: number } {
  const seen = new Map<string, number[]>();
  const remember = (i: number) => {
    const k = value.slice(i, i + 4);
    const list = seen.get(k);
    if (!list) seen.set(k, [i]);
    else {
      list.push(i);
      if (list.length > 8) list.shift();
    }
  };
  const literals: string[] = [];
  let run = "";
  let bits = 0;
  let count = 0;
  let i = 0;
  while (i < value.length) {
    let best = 0;
    let bestAt = 0;
    for (const at of seen.get(value.slice(i, i + 4)) ?? []) {
      let n = 0;
      while (i + n < value.length && value[at + n] === value[i + n]) n++;
      if (n > best) {
        best = n;
        bestAt = at;
      }
    }
    if (best >= 4) {
      if (run) literals.push(run);
      run = "";
      bits += Math.log2(i - bestAt + 1) + Math.log2(best + 1);
      count++;
      for (let k = i; k < i + best; k += Math.max(1, best >> 3)) remember(k);
      i += best;
    } else {
      run += value[i];
      remember(i);
      i++;
    }
  }
  if (run) literals.push(run);
  return { literals, bits, count };
}

export async function checkPsk(psk: string): Promise<PskResult> {
  const { value, encodedBytes } = decodeSecret(psk);
  const classes = CLASSES.filter(([, re]) => re.test(value));
  const pool = Math.max(
    2,
    classes.reduce((n, [, , size]) => n + size, 0),
  );
  const perChar = Math.log2(pool);
  const z = await estimator();
  const found = new Set<string>();
  const refs = backReferences(value);
  let bits = refs.bits;
  if (refs.count) found.add(PATTERN_WORDS.repeat!);
  // literal text: zxcvbn on windows of ZXCVBN_WINDOW characters up to ZXCVBN_MAX in all, the rest by class
  let budget = ZXCVBN_MAX;
  for (const run of refs.literals) {
    for (let at = 0; at < run.length; at += ZXCVBN_WINDOW) {
      const piece = run.slice(at, at + ZXCVBN_WINDOW);
      if (budget <= 0) {
        bits += piece.length * perChar;
        continue;
      }
      budget -= piece.length;
      for (const m of z.check(piece).sequence) {
        if (m.pattern === "bruteforce") bits += m.token.length * perChar;
        else {
          bits += Math.log2(Math.max(m.guesses, 1));
          found.add(PATTERN_WORDS[m.pattern] ?? m.pattern);
        }
      }
    }
  }
  if (encodedBytes !== null) bits = Math.min(bits, encodedBytes * 8);
  bits = Math.floor(bits);
  const verdict = bits >= STRONG ? "strong" : bits >= WEAK ? "fair" : "weak";
  const reasons: string[] = [];
  reasons.push(
    `${psk.length} characters${encodedBytes !== null ? ` (${psk.startsWith("0x") ? "hex" : "base64"}-encoded, ${encodedBytes} bytes)` : ""}, ${classes.length} character class${classes.length === 1 ? "" : "es"} (${classes.map((c) => c[0]).join(", ")})`,
  );
  if (found.size)
    reasons.push(`contains ${[...found].join(", ")}: guessed far sooner than random characters`);
  reasons.push(
    `about ${bits} bits of estimated strength; ${STRONG} bits or more is the bar for a key that has to resist offline guessing`,
  );
  const findings: Finding[] = [];
  if (verdict === "weak")
    findings.push(
      finding("PSK_WEAK", {
        message: `the pre-shared key has about ${bits} bits of estimated strength, far under ${STRONG}`,
      }),
    );
  else if (verdict === "fair")
    findings.push(
      finding("PSK_FAIR", {
        message: `the pre-shared key has about ${bits} bits of estimated strength, under ${STRONG}`,
      }),
    );
  if (psk.length < NM_MIN) {
    reasons.push(`shorter than ${NM_MIN} characters: NetworkManager's strongSwan plugin refuses it`);
    findings.push(finding("PSK_TOO_SHORT_FOR_NM"));
  }
  const attacks = [
    "IKEv1 Aggressive Mode: the responder sends a hash keyed with the PSK in the clear, so anyone who merely listens can guess the key offline (charon refuses this mode as responder unless told not to care) (FAQ aggressive-mode)",
    "IKEv1 Main Mode and IKEv2: a hash of the key is only exposed to an active attacker (one who poses as a peer, or as the server to a client); after that one exchange the guessing is offline, so the key's strength is all that protects it (FAQ psk)",
    "every host that knows a shared key can impersonate every other host that uses it, including the server: give each peer its own key, or use certificates (for road warriors: EAP with a server certificate)",
  ];
  return { bits, verdict, reasons, length: psk.length, classes: classes.map((c) => c[0]), attacks, findings };
}

export interface GeneratedPsk {
  /** base64 of the random bytes */
  psk: string;
  bits: number;
  /** the line for a swanctl.conf `secrets { ike-... { } }` section */
  swanctl: string;
}

/** A random PSK as the strongSwan security recommendations describe: 33 random bytes (264 bits), base64. */
export function generatePsk(bytes = 33): GeneratedPsk {
  if (bytes < 32) throw new IkecertError("USAGE", "a generated key has at least 32 bytes (256 bits)");
  const psk = randomBytes(bytes).toString("base64");
  return { psk, bits: bytes * 8, swanctl: `secret = 0s${psk}` };
}
