/**
 * Ground truth for proposal parsing: every proposal string of strongSwan's example configurations
 * (proposal-strings.ts) and our own edge cases, loaded with `swanctl --load-conns` into one real
 * charon 5.9.8 with Debian's stock plugin set. charon parses proposals (vici_config.c), swanctl only
 * forwards them, so a fake vici socket cannot answer this. Per string: accepted or refused as
 * ikecert predicts; accepted ones as charon prints them at cfg level 2 (`proposals = ...`, defaults
 * included); refused ones with swanctl's message and charon's reason.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionProposals } from "../../lib/checks/proposals.js";
import { parseSwanctlConf } from "../../lib/index.js";
import { formatProposals, type Protocol, parseProposal } from "../../lib/proposals/index.js";
import { Charon, STOCK_PLUGINS_CONF } from "./charon.js";
import { CHARON, NAMESPACE_TOOLS, SWANCTL, tierAvailable } from "./env.js";
import { IPSEC_EXAMPLES, type ProposalKey, SWANCTL_EXAMPLES } from "./proposal-strings.js";

const run = tierAvailable("proposals-load", [CHARON, SWANCTL, ...NAMESPACE_TOOLS], { namespaces: true });

const long = (n: number) => `aes128-${"sha256-".repeat(n)}ecp256`;

/** our own cases: near misses people write, and the edges of the parser */
const OWN: [ProposalKey, string][] = [
  ["proposals", "AES128-sha256-ecp256"],
  ["proposals", "aes128-sha256-modp2048!"],
  ["proposals", "aes128-sha256"],
  ["proposals", "aes128-sha256-ecp256-esn"],
  ["proposals", "aes128gcm16-sha256-x25519"],
  ["proposals", "aes128gcm16-aes128-sha256-x25519"],
  ["proposals", "aes256gcm-prfsha384-ecp384"],
  ["proposals", "chacha20poly1305compat-prfsha256-x25519"],
  ["proposals", "camellia128ccm-prfsha256-x25519"],
  ["proposals", "aes128ccm8-aes128gcm64-prfsha256-x25519"],
  ["proposals", "aes128gmac-prfsha256-ecp256"],
  ["proposals", "aes 128-sha256-ecp256"],
  ["proposals", "aes128-sha256-x25519-ke1_mlkem768"],
  ["proposals", "aes256-sha384-mlkem768"],
  ["proposals", "aes128-sha256-ecp256, default"],
  ["proposals", "Default"],
  ["proposals", "aes128--sha256---ecp256-"],
  ["proposals", long(75)],
  ["proposals", `${long(72).slice(0, 509)}-ecp256`],
  ["esp_proposals", "default"],
  ["esp_proposals", "DEFAULT, aes128-sha256"],
  ["esp_proposals", "aes128"],
  ["esp_proposals", "sha256-x25519"],
  ["esp_proposals", "aes128-sha256-none"],
  ["esp_proposals", "aes128gcm16-sha256-prfsha256"],
  ["esp_proposals", "aes128gcm16-x25519-esn-noesn"],
  ["esp_proposals", "aes256gcm16-modp2048!"],
  ["ah_proposals", "default"],
  ["ah_proposals", "aes128gmac"],
  ["ah_proposals", "aes128gmac-sha256"],
  ["ah_proposals", "aes128-sha256"],
  ["ah_proposals", "aes128"],
];

/** ipsec.conf strings go through the same parser once stroke has cut the list and the `!`. */
const FROM_IPSEC: [ProposalKey, string][] = IPSEC_EXAMPLES.flatMap(([k, v]) => {
  const key: ProposalKey = k === "ike" ? "proposals" : k === "esp" ? "esp_proposals" : "ah_proposals";
  const items = v.replace(/!$/, "").split(",");
  // as written (what happens when it is copied into swanctl.conf), and item by item
  return [[key, v] as [ProposalKey, string], ...items.map((i) => [key, i] as [ProposalKey, string])];
});

const CASES = [...SWANCTL_EXAMPLES, ...OWN, ...FROM_IPSEC].filter(
  (c, i, all) => all.findIndex((d) => d[0] === c[0] && d[1] === c[1]) === i,
);

function conf(name: string, key: ProposalKey, value: string): string {
  const v = value.includes("#") ? `"${value}"` : value;
  const body = key === "proposals" ? `proposals = ${v}` : `children {\n   ch {\n    ${key} = ${v}\n   }\n  }`;
  return `connections {\n ${name} {\n  ${body}\n }\n}\n`;
}

interface Outcome {
  ok: boolean;
  /** accepted: the list as printed; refused: swanctl's message */
  printed: string | null;
  loader: string | null;
  reasons: string[];
}

const REASON = /not recognized|mandatory|can't be contained/;

function ours(key: ProposalKey, text: string): Outcome {
  const c = parseSwanctlConf(text).connections[0]!;
  const p = connectionProposals(c, "5.9.8");
  const list = key === "proposals" ? p.ike : p.children[0]!.configured;
  if (list.error) return { ok: false, printed: null, loader: list.error.loader, reasons: list.error.logs };
  return { ok: true, printed: formatProposals(list.proposals), loader: null, reasons: [] };
}

describe.runIf(run)("proposal strings: ikecert parses them as charon 5.9.8 does", () => {
  let charon: Charon;
  const real = new Map<string, Outcome>();
  const texts = CASES.map(([key, value], i) => conf(`c${i}`, key, value));

  // one swanctl.conf with a connection per case, loaded once: swanctl reports each connection on
  // its own line, charon handles the load-conn requests one after the other (each starts with
  // "vici client N requests: load-conn" at cfg level 2)
  beforeAll(async () => {
    charon = await Charon.start({
      tag: "prop",
      plugins: [],
      charonConf: STOCK_PLUGINS_CONF,
      logLevels: { default: 1, cfg: 2, knl: 0 },
    });
    const file = join(charon.dir, "all.conf");
    writeFileSync(
      file,
      `connections {\n${texts.map((t) => t.replace(/^connections \{\n|\}\n$/g, "")).join("")}}\n`,
    );
    const before = charon.log().length;
    const r = charon.swanctl(["--load-conns", "--file", file], 120_000);
    const lines = charon.log().slice(before);
    const segments: string[][] = [];
    for (const l of lines) {
      if (/requests: load-conn$/.test(l)) segments.push([]);
      else segments.at(-1)?.push(l);
    }
    expect(segments).toHaveLength(CASES.length);
    for (const [i, [key]] of CASES.entries()) {
      const name = `c${i}`;
      const failed = new RegExp(`loading connection '${name}' failed: .*`).exec(r.stderr)?.[0] ?? null;
      const seg = segments[i]!;
      const indent = key === "proposals" ? /\[CFG\] {3}proposals = (.*)$/ : /\[CFG\] {4}proposals = (.*)$/;
      const printed = seg.map((l) => indent.exec(l)?.[1]).find((x) => x !== undefined) ?? null;
      const reasons = seg.filter((l) => REASON.test(l)).map((l) => l.replace(/^.*?\[CFG\] /, ""));
      real.set(
        name,
        failed
          ? { ok: false, printed: null, loader: failed, reasons }
          : { ok: true, printed, loader: null, reasons },
      );
    }
  }, 180_000);
  afterAll(() => charon?.stop());

  it.each(CASES.map((c, i) => [...c, i] as const))("%s = %j", (key, _value, i) => {
    expect(ours(key, texts[i]!)).toEqual(real.get(`c${i}`));
  });

  it("covers what it claims: the example strings, both outcomes, every key", () => {
    expect(SWANCTL_EXAMPLES.length).toBeGreaterThan(140);
    expect(IPSEC_EXAMPLES.length).toBeGreaterThan(70);
    const refused = [...real.values()].filter((o) => !o.ok).length;
    expect(refused).toBeGreaterThan(20);
    expect(real.size - refused).toBeGreaterThan(150);
    for (const key of ["proposals", "esp_proposals", "ah_proposals"])
      expect(CASES.some(([k], i) => k === key && real.get(`c${i}`)?.ok)).toBe(true);
  });
});

describe("proposal strings as 6.0 reads them (modelled from 6.0.6's keyword table and parser)", () => {
  it("every example string written for 6.0 (ke1_, ML-KEM) parses for 6.0 and is refused by 5.9.8", () => {
    const six = SWANCTL_EXAMPLES.filter(([, v]) => /ke\d_|mlkem/.test(v));
    expect(six.length).toBeGreaterThan(20);
    for (const [key, v] of six) {
      const proto: Protocol = key === "proposals" ? "IKE" : key === "esp_proposals" ? "ESP" : "AH";
      for (const item of v.split(",")) {
        expect(parseProposal(proto, item, "6.0.6").ok, item).toBe(true);
        expect(parseProposal(proto, item, "5.9.8").ok, item).toBe(false);
      }
    }
  });
});
