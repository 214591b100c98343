/**
 * Ground truth for message sizes and proposal negotiation: real IKEv2 setups between two charons
 * 5.9.8 (Debian's stock plugins, kernel-libipsec for the CHILD_SA) over a grid of configurations:
 * certificates, CERTREQs, fragment sizes and proposals (AES-CBC+SHA2, AES-GCM, ChaCha20-Poly1305,
 * AES-CCM, AES-CTR, 3DES; MODP 1024..8192, ECP and Brainpool, Curve25519/448; several proposals,
 * INVALID_KE_PAYLOAD, mismatches in IKE, in IKE_AUTH's CHILD_SA and in a rekeying). Each folder is
 * read back with ikecert's own loader and sized with `connectionSetup`; every message charon logs
 * (`sending packet` / `splitting IKE message`, `generating ... [ payloads ]`) is compared with the
 * model: bytes exactly (±16 for a message signed with ECDSA: its DER signature varies), fragment
 * counts exactly, payload lists, and each side's proposal selection lines in charon's wording.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { negotiateChild } from "../../lib/checks/negotiate.js";
import { connectionProposals } from "../../lib/checks/proposals.js";
import { connectionSetup } from "../../lib/checks/size/connection.js";
import { explainLine } from "../../lib/explain/index.js";
import { loadConfig, resolveEndpoints } from "../../lib/index.js";
import type { LogLine } from "../../lib/proposals/index.js";
import { needs } from "../needs.js";
import { PKI, pkiConf } from "./env.js";
import { INITIATOR_ADDR, RESPONDER_ADDR } from "./ike.js";
import { IkePair, loggedMessages, type PairResult } from "./ike-pair.js";

const run = needs("size-diff", ["pki", "charon", "swanctl", "ip", "unshare", "mount"], { namespaces: true });

function pki(args: string[]): Buffer {
  const r = spawnSync(PKI, args, { env: { ...process.env, STRONGSWAN_CONF: pkiConf() }, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pki ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

type Key = "rsa2048" | "rsa4096" | "p256" | "ed25519";

interface Case {
  name: string;
  /** initiator's and responder's certificate keys */
  ee: Key;
  responderEe?: Key;
  /** the initiator's certificate is issued by the intermediate, which it sends */
  int?: boolean;
  /** CA certificates in the initiator's x509ca/ (the CERTREQ lists them all) */
  cas?: number;
  /** [initiator, responder] `proposals`; undefined: unset (charon's defaults) */
  ike?: [string | undefined, string | undefined];
  /** [initiator, responder] `esp_proposals` */
  esp?: [string | undefined, string | undefined];
  /** the initiator creates no CHILD_SA (childless = force) */
  childless?: boolean;
  /** rekey the CHILD_SA once it is up (swanctl --rekey) */
  rekey?: boolean;
  /** charon.fragment_size of both daemons (default 1280) */
  frag?: number;
  /** what must happen: ike (IKE_SA_INIT), child (IKE_AUTH's CHILD_SA), rekey */
  expect?: { ike?: boolean; child?: boolean; rekey?: boolean; invalidKe?: boolean };
}

/** the certificate grid of the earlier IKE_AUTH tier, now with the responder's messages too */
const CERT_CASES: Case[] = [
  { name: "rsa2048", ee: "rsa2048", responderEe: "p256", childless: true },
  { name: "rsa2048-child", ee: "rsa2048", responderEe: "p256" },
  { name: "rsa4096", ee: "rsa4096", responderEe: "p256", childless: true },
  { name: "p256", ee: "p256", responderEe: "p256", childless: true },
  { name: "rsa2048-int", ee: "rsa2048", responderEe: "p256", int: true, childless: true },
  { name: "p256-int", ee: "p256", responderEe: "p256", int: true, childless: true },
  { name: "rsa2048-20cas", ee: "rsa2048", responderEe: "p256", cas: 20, childless: true },
  { name: "rsa4096-int-20cas-child", ee: "rsa4096", responderEe: "p256", int: true, cas: 20 },
  { name: "ed25519", ee: "ed25519", responderEe: "rsa2048" },
];

/** small fragments: RFC 7383 fragment budgets of CBC (16-byte blocks) and AEAD ciphers */
const FRAGMENT_CASES: Case[] = [
  { name: "rsa4096-int-frag576", ee: "rsa4096", responderEe: "p256", int: true, childless: true, frag: 576 },
  { name: "p256-frag576", ee: "p256", responderEe: "p256", childless: true, frag: 576 },
  {
    name: "rsa4096-int-frag576-aes256gcm16",
    ee: "rsa4096",
    int: true,
    frag: 576,
    ike: ["aes256gcm16-prfsha384-ecp384", "aes256gcm16-prfsha384-ecp384"],
  },
  {
    name: "rsa2048-frag576-chacha20poly1305",
    ee: "rsa2048",
    frag: 576,
    ike: ["chacha20poly1305-prfsha256-x25519", "chacha20poly1305-prfsha256-x25519"],
  },
];

/** the proposal grid (RSA certificates on both sides: exact sizes) */
const PROPOSAL_CASES: Case[] = [
  { name: "defaults", ee: "rsa2048" },
  {
    name: "aes128-sha256-modp2048",
    ee: "rsa2048",
    ike: ["aes128-sha256-modp2048", "aes128-sha256-modp2048"],
    esp: ["aes128-sha256", "aes128-sha256"],
  },
  {
    name: "aes256-sha384-modp3072",
    ee: "rsa2048",
    ike: ["aes256-sha384-modp3072", "aes256-sha384-modp3072"],
    esp: ["aes256-sha384", "aes256-sha384"],
  },
  {
    name: "aes256-sha512-modp4096",
    ee: "rsa4096",
    ike: ["aes256-sha512-modp4096", "aes256-sha512-modp4096"],
    esp: ["aes256-sha512", "aes256-sha512"],
  },
  {
    name: "aes128-sha256-modp8192",
    ee: "rsa2048",
    ike: ["aes128-sha256-modp8192", "aes128-sha256-modp8192"],
  },
  {
    name: "aes256gcm16-ecp384",
    ee: "rsa2048",
    ike: ["aes256gcm16-prfsha384-ecp384", "aes256gcm16-prfsha384-ecp384"],
    esp: ["aes256gcm16-ecp384", "aes256gcm16-ecp384"],
  },
  {
    name: "aes128gcm8-ecp256",
    ee: "rsa2048",
    ike: ["aes128gcm8-prfsha256-ecp256", "aes128gcm8-prfsha256-ecp256"],
    esp: ["aes128gcm8", "aes128gcm8"],
  },
  {
    name: "aes128gcm12-ecp521",
    ee: "rsa2048",
    ike: ["aes128gcm12-prfsha256-ecp521", "aes128gcm12-prfsha256-ecp521"],
    esp: ["aes128gcm12", "aes128gcm12"],
  },
  {
    name: "chacha20poly1305-x25519",
    ee: "rsa2048",
    ike: ["chacha20poly1305-prfsha256-x25519", "chacha20poly1305-prfsha256-x25519"],
    esp: ["chacha20poly1305", "chacha20poly1305"],
  },
  {
    name: "aes128ccm12-curve448",
    ee: "rsa2048",
    ike: ["aes128ccm12-prfsha256-curve448", "aes128ccm12-prfsha256-curve448"],
    esp: ["aes128ccm12", "aes128ccm12"],
  },
  {
    name: "aes256ctr-sha384-ecp256bp",
    ee: "rsa2048",
    ike: ["aes256ctr-sha384-ecp256bp", "aes256ctr-sha384-ecp256bp"],
    esp: ["aes256ctr-sha384", "aes256ctr-sha384"],
  },
  {
    name: "3des-sha1-modp1024",
    ee: "rsa2048",
    ike: ["3des-sha1-modp1024", "3des-sha1-modp1024"],
    esp: ["3des-sha1", "3des-sha1"],
  },
  {
    name: "the issue's x25519 and aes128gcm16",
    ee: "rsa2048",
    ike: ["aes128-sha256-x25519", "aes128-sha256-x25519"],
    esp: ["aes128gcm16", "aes128gcm16"],
  },
  {
    name: "several proposals, the responder's order wins",
    ee: "rsa2048",
    ike: [
      "aes128-sha256-x25519, aes256gcm16-prfsha384-ecp384",
      "aes256gcm16-prfsha384-ecp384, aes128-sha256-x25519",
    ],
    esp: ["aes128-sha256, aes256gcm16", "aes256gcm16, aes128-sha256"],
    // the responder's first choice uses ecp384, the initiator's KE payload x25519
    expect: { invalidKe: true },
  },
  {
    name: "the issue's pair: aes256-aes128-sha384-sha256-ecp384-ecp256 and aes128-sha256-ecp256",
    ee: "rsa2048",
    ike: ["aes128-sha256-ecp256", "aes256-aes128-sha384-sha256-ecp384-ecp256"],
  },
  {
    name: "INVALID_KE_PAYLOAD: the responder wants modp3072",
    ee: "rsa2048",
    ike: ["aes128-sha256-x25519-modp3072", "aes128-sha256-modp3072"],
    expect: { invalidKe: true },
  },
  {
    name: "no IKE proposal in common",
    ee: "rsa2048",
    ike: ["aes128-sha256-ecp256", "aes256gcm16-prfsha384-ecp384"],
    expect: { ike: false },
  },
  {
    name: "no IKE proposal in common: DH group only",
    ee: "rsa2048",
    ike: ["aes128-sha256-ecp256, aes256-sha384-ecp384", "aes128-sha256-modp3072"],
    expect: { ike: false },
  },
  {
    name: "no ESP proposal in common: the IKE_SA comes up alone",
    ee: "rsa2048",
    esp: ["aes128gcm16", "aes256-sha256"],
    expect: { child: false },
  },
  {
    name: "PFS group against a responder without one: IKE_AUTH works, the rekeying fails",
    ee: "rsa2048",
    esp: ["aes128gcm16-modp2048", undefined],
    rekey: true,
    expect: { rekey: false },
  },
  {
    name: "PFS groups in common: the rekeying works",
    ee: "rsa2048",
    esp: ["aes128gcm16-ecp256", "aes128gcm16-ecp256"],
    rekey: true,
    expect: { rekey: true },
  },
];

/** charon's short payload names (src/libcharon/encoding/payloads/payload.c, notify_payload.c) */
const SHORT: Record<string, string> = {
  Nonce: "No",
  "N(NAT_DETECTION_SOURCE_IP)": "N(NATD_S_IP)",
  "N(NAT_DETECTION_DESTINATION_IP)": "N(NATD_D_IP)",
  "N(FRAGMENTATION_SUPPORTED)": "N(FRAG_SUP)",
  "N(SIGNATURE_HASH_ALGORITHMS)": "N(HASH_ALG)",
  "N(REDIRECT_SUPPORTED)": "N(REDIR_SUP)",
  "N(CHILDLESS_IKEV2_SUPPORTED)": "N(CHDLESS_SUP)",
  "N(MULTIPLE_AUTH_SUPPORTED)": "N(MULT_AUTH)",
  "N(INITIAL_CONTACT)": "N(INIT_CONTACT)",
  "N(MOBIKE_SUPPORTED)": "N(MOBIKE_SUP)",
  "N(NO_ADDITIONAL_ADDRESSES)": "N(NO_ADD_ADDR)",
  "N(EAP_ONLY_AUTHENTICATION)": "N(EAP_ONLY)",
  "N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED)": "N(MSG_ID_SYN_SUP)",
  "N(NO_PROPOSAL_CHOSEN)": "N(NO_PROP)",
  "N(INVALID_KE_PAYLOAD)": "N(INVAL_KE)",
};
const short = (name: string) => SHORT[name] ?? name.replace(/ \(.*\)$/, "");

/** a log line without time, thread, subsystem and IKE_SA prefix */
const text = (l: string) => l.replace(/^\S+ \d+\[\w+\] (<[^>]*> )?/, "");

/** `want` appears in `log` in this order (other lines may come between) */
function subsequence(log: string[], want: LogLine[]): string | null {
  let at = 0;
  const lines = log.map(text);
  for (const w of want) {
    const i = lines.indexOf(w.text, at);
    if (i < 0) return w.text;
    at = i + 1;
  }
  return null;
}

describe.runIf(run)("message sizes and proposal negotiation vs charon 5.9.8", () => {
  let dir: string;
  const certs: Record<string, Buffer> = {};
  const keys: Record<string, Buffer> = {};
  const pairs = new Map<number, IkePair>();
  /** one pair of daemons per fragment_size, started when first needed */
  async function pairFor(frag: number): Promise<IkePair> {
    let p = pairs.get(frag);
    if (!p) {
      p = await IkePair.start(frag === 1280 ? "" : `  fragment_size = ${frag}`);
      pairs.set(frag, p);
    }
    return p;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ikc-size-"));
    const file = (n: string, b: Buffer) => {
      const f = join(dir, n);
      writeFileSync(f, b);
      return f;
    };
    const gen = (n: string, type: string, size: number) =>
      file(n, pki(["--gen", "--type", type, ...(type === "ed25519" ? [] : ["--size", String(size)])]));
    const rootKey = gen("root.key", "rsa", 2048);
    certs.root = pki(["--self", "--ca", "--in", rootKey, "--dn", "C=CH, O=ikecert test, CN=ikecert Root CA"]);
    const rootPem = file("root.der", certs.root);
    const intKey = gen("int.key", "rsa", 2048);
    certs.int = pki([
      "--issue",
      "--cacert",
      rootPem,
      "--cakey",
      rootKey,
      "--in",
      intKey,
      "--type",
      "priv",
      "--ca",
      "--dn",
      "C=CH, O=ikecert test, CN=ikecert Intermediate CA",
    ]);
    const intPem = file("int.der", certs.int);
    for (const [n, t, s] of [
      ["rsa2048", "rsa", 2048],
      ["rsa4096", "rsa", 4096],
      ["p256", "ecdsa", 256],
      ["ed25519", "ed25519", 0],
    ] as const) {
      const k = gen(`${n}.key`, t, s);
      keys[n] = readFileSync(k);
      for (const [issuer, ik, suffix] of [
        [rootPem, rootKey, ""],
        [intPem, intKey, "-int"],
      ] as const)
        certs[`${n}${suffix}`] = pki([
          "--issue",
          "--cacert",
          issuer,
          "--cakey",
          ik,
          "--in",
          k,
          "--type",
          "priv",
          "--dn",
          `C=CH, O=ikecert test, CN=${n}.example.com`,
          "--san",
          `${n}.example.com`,
        ]);
    }
    for (let i = 0; i < 19; i++) {
      const k = gen(`extra${i}.key`, "ecdsa", 256);
      certs[`extra${i}`] = pki([
        "--self",
        "--ca",
        "--in",
        k,
        "--type",
        "ecdsa",
        "--dn",
        `C=CH, O=ikecert test, CN=Extra CA ${i}`,
      ]);
    }
  }, 300_000);

  afterAll(() => {
    for (const p of pairs.values()) p.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function runCase(c: Case): Promise<PairResult> {
    const rEe = c.responderEe ?? "rsa2048";
    const idI = `${c.ee}.example.com`;
    const idR = `${rEe}.example.com`;
    const extras = Array.from(
      { length: (c.cas ?? 1) - 1 },
      (_, i) => [`extra${i}.der`, certs[`extra${i}`]!] as [string, Buffer],
    );
    const line = (k: string, v: string | undefined) => (v === undefined ? "" : `${k} = ${v}`);
    const child = (me: string, peer: string, esp: string | undefined) =>
      `children { c { local_ts = ${me}/32\n      remote_ts = ${peer}/32\n      policies = no\n      ${line("esp_proposals", esp)} } }`;
    const pair = await pairFor(c.frag ?? 1280);
    return pair.exchange({
      name: "c",
      child: !c.childless,
      initiator: {
        files: {
          x509: [["ee.der", certs[c.int ? `${c.ee}-int` : c.ee]!]],
          x509ca: [
            ["root.der", certs.root!],
            ...(c.int ? ([["int.der", certs.int!]] as [string, Buffer][]) : []),
            ...extras,
          ],
          private: [["ee.key", keys[c.ee]!]],
        },
        connBody: `    local_addrs = ${INITIATOR_ADDR}
    remote_addrs = ${RESPONDER_ADDR}
    ${line("proposals", c.ike?.[0])}
    ${c.childless ? "childless = force" : ""}
    local { auth = pubkey
      certs = ee.der
      id = ${idI} }
    remote { auth = pubkey
      id = ${idR} }
    ${child(INITIATOR_ADDR, RESPONDER_ADDR, c.esp?.[0])}`,
      },
      responder: {
        files: {
          x509: [["ee.der", certs[rEe]!]],
          x509ca: [["root.der", certs.root!]],
          private: [["ee.key", keys[rEe]!]],
        },
        connBody: `    local_addrs = ${RESPONDER_ADDR}
    remote_addrs = ${INITIATOR_ADDR}
    ${line("proposals", c.ike?.[1])}
    local { auth = pubkey
      certs = ee.der
      id = ${idR} }
    remote { auth = pubkey }
    ${child(RESPONDER_ADDR, INITIATOR_ADDR, c.esp?.[1])}`,
      },
      after: c.rekey
        ? async (ini) => {
            ini.swanctl(["--rekey", "--child", "c"], 15_000);
            await new Promise((r) => setTimeout(r, 1500));
          }
        : undefined,
    });
  }

  it.each([...CERT_CASES, ...PROPOSAL_CASES, ...FRAGMENT_CASES])("$name", async (c) => {
    const r = await runCase(c);
    const endpoint = async (d: string) => {
      const { config, refs } = await loadConfig(d);
      return resolveEndpoints(config, { refs, strongswan: "5.9.8" })[0]!;
    };
    const ie = await endpoint(r.initiatorDir);
    const re = await endpoint(r.responderDir);
    const model = connectionSetup(ie, re, { strongswan: "5.9.8", fragmentSize: c.frag });
    const report: string[] = [];
    for (const [side, log] of [
      ["initiator", r.initiatorLog],
      ["responder", r.responderLog],
    ] as const) {
      const real = loggedMessages(log).filter(
        (m) => m.exchange === "IKE_SA_INIT" || m.exchange === "IKE_AUTH",
      );
      const ours = model.messages.filter((m) => m.from === side);
      const ecdsa = (side === "initiator" ? c.ee : (c.responderEe ?? "rsa2048")) === "p256";
      expect(
        real.map((m) => m.exchange),
        `${side}: ${JSON.stringify(real)}`,
      ).toEqual(ours.map((m) => m.exchange));
      for (const [i, m] of real.entries()) {
        const o = ours[i]!;
        report.push(
          `${side} ${m.exchange} ${m.kind}: charon ${m.bytes}/${m.fragments} model ${o.bytes}/${o.fragments}`,
        );
        if (ecdsa && m.exchange === "IKE_AUTH")
          expect(Math.abs(o.bytes - m.bytes), report.at(-1)).toBeLessThanOrEqual(16);
        else expect(o.bytes, report.at(-1)).toBe(m.bytes);
        expect(o.fragments, report.at(-1)).toBe(m.fragments);
        const names = o.payloads
          .filter((p) => p.name !== "IKE header" && !p.name.startsWith("SK"))
          .map((p) => short(p.name));
        expect([...names].sort(), `${side} ${m.exchange} payloads`).toEqual(
          [...m.payloads].map((p) => p.replace(/^CERTREQ$/, "CERTREQ")).sort(),
        );
      }
    }
    process.stdout.write(`SIZE ${c.name}\n  ${report.join("\n  ")}\n`);
    // `explain` knows every line charon logged about proposals in this setup
    for (const l of [...r.initiatorLog, ...r.responderLog].map(text))
      if (/proposal|acceptable|DH group/.test(l) && !/proposals = /.test(l))
        expect(explainLine(l).known, `explain: ${l}`).toBe(true);
    // outcomes and selection lines
    const want = { ike: true, child: !c.childless, invalidKe: false, ...c.expect };
    expect(!!model.ike.selected).toBe(want.ike);
    expect(!!model.ike.invalidKe).toBe(want.invalidKe);
    expect(subsequence(r.responderLog, model.ike.responderLogs), "responder IKE selection").toBeNull();
    expect(subsequence(r.initiatorLog, model.ike.initiatorLogs), "initiator IKE selection").toBeNull();
    if (want.ike && !c.childless) {
      expect(!!model.child?.selected).toBe(want.child);
      expect(subsequence(r.responderLog, model.child!.responderLogs), "responder ESP selection").toBeNull();
      expect(subsequence(r.initiatorLog, model.child!.initiatorLogs), "initiator ESP selection").toBeNull();
      const up = r.initiatorLog.some((l) => /CHILD_SA c\{\d+\} established/.test(l));
      expect(up).toBe(want.child);
    }
    if (c.rekey) {
      const iEsp = connectionProposals(ie.connection, "5.9.8").children[0]!.configured.proposals;
      const rEsp = connectionProposals(re.connection, "5.9.8").children[0]!.configured.proposals;
      const rk = negotiateChild(iEsp, rEsp, { strongswan: "5.9.8", rekey: true });
      expect(!!rk.selected).toBe(want.rekey);
      const idx = r.responderLog.findIndex((l) => /CREATE_CHILD_SA request/.test(l));
      expect(idx).toBeGreaterThan(0);
      expect(
        subsequence(r.responderLog.slice(idx), rk.responderLogs),
        "responder rekey selection",
      ).toBeNull();
      expect(subsequence(r.initiatorLog, rk.initiatorLogs.slice(-1)), "initiator rekey outcome").toBeNull();
    }
  });
});
