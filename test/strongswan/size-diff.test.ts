/**
 * Ground-truth tier for `ikecert size`: the IKE_AUTH size model against what real charon 5.9.8 logs
 * (`sending packet: ... (N bytes)` / `splitting IKE message (N bytes) into M fragments`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateIkeAuthSize, parseCertificate } from "../../lib/index.js";
import { needs } from "../needs.js";
import { PKI, pkiConf } from "./env.js";
import { type IkeSide, INITIATOR_ADDR, loggedIkeAuth, RESPONDER_ADDR, runIke } from "./ike.js";

const run = needs("size-diff", ["pki", "charon", "swanctl", "ip", "unshare", "mount"], { namespaces: true });

function pki(args: string[]): Buffer {
  const r = spawnSync(PKI, args, { env: { ...process.env, STRONGSWAN_CONF: pkiConf() }, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pki ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

interface Pki {
  dir: string;
  file(name: string, b: Buffer): string;
}

function key(p: Pki, name: string, type: "rsa" | "ecdsa", size: number): string {
  return p.file(name, pki(["--gen", "--type", type, "--size", String(size)]));
}

describe.runIf(run)("IKE_AUTH size model vs charon 5.9.8", () => {
  let dir: string;
  let P: Pki;
  const certs: Record<string, Buffer> = {};
  const keys: Record<string, Buffer> = {};

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ikc-explain-size-"));
    P = {
      dir,
      file(name, b) {
        const f = join(dir, name);
        writeFileSync(f, b);
        return f;
      },
    };
    const rootKey = key(P, "root.key", "rsa", 2048);
    certs.root = pki(["--self", "--ca", "--in", rootKey, "--dn", "C=CH, O=ikecert test, CN=ikecert Root CA"]);
    keys.root = readFileSync(rootKey);
    const rootPem = P.file("root.der", certs.root);
    const intKey = key(P, "int.key", "rsa", 2048);
    keys.int = readFileSync(intKey);
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
    const intPem = P.file("int.der", certs.int);
    for (const [n, t, s] of [
      ["rsa2048", "rsa", 2048],
      ["rsa4096", "rsa", 4096],
      ["p256", "ecdsa", 256],
    ] as const) {
      const k = key(P, `${n}.key`, t, s);
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
      const k = key(P, `extra${i}.key`, "ecdsa", 256);
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
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const CONFIGS: Array<{
    name: string;
    ee: string;
    int: boolean;
    cas: number;
    child: boolean;
    frag?: number;
  }> = [
    { name: "rsa2048", ee: "rsa2048", int: false, cas: 1, child: false },
    { name: "rsa2048-child", ee: "rsa2048", int: false, cas: 1, child: true },
    { name: "rsa4096", ee: "rsa4096", int: false, cas: 1, child: false },
    { name: "p256", ee: "p256", int: false, cas: 1, child: false },
    { name: "rsa2048-int", ee: "rsa2048", int: true, cas: 1, child: false },
    { name: "p256-int", ee: "p256", int: true, cas: 1, child: false },
    { name: "rsa2048-20cas", ee: "rsa2048", int: false, cas: 20, child: false },
    { name: "rsa4096-int-20cas-child", ee: "rsa4096", int: true, cas: 20, child: true },
    { name: "rsa4096-int-frag576", ee: "rsa4096", int: true, cas: 1, child: false, frag: 576 },
    { name: "p256-frag576", ee: "p256", int: false, cas: 1, child: false, frag: 576 },
  ];

  for (const c of CONFIGS) {
    it(`${c.name}: estimate within 5% of charon's figure, fragment count exact`, async () => {
      const eeCert = certs[c.int ? `${c.ee}-int` : c.ee]!;
      const idI = `${c.ee}.example.com`;
      const extras = Array.from(
        { length: c.cas - 1 },
        (_, i) => [`extra${i}.der`, certs[`extra${i}`]!] as [string, Buffer],
      );
      const initiator: IkeSide = {
        files: {
          x509: [["ee.der", eeCert]],
          x509ca: [
            ["root.der", certs.root!],
            ...(c.int ? ([["int.der", certs.int!]] as [string, Buffer][]) : []),
            ...extras,
          ],
          private: [["ee.key", keys[c.ee]!]],
        },
        charonConf: c.frag ? `  fragment_size = ${c.frag}` : "",
        connBody: `    local_addrs = ${INITIATOR_ADDR}
    remote_addrs = ${RESPONDER_ADDR}
    ${c.child ? "" : "childless = force"}
    local { auth = pubkey
      certs = ee.der
      id = ${idI} }
    remote { auth = pubkey
      id = p256.example.com }
    children { c { local_ts = ${INITIATOR_ADDR}/32
      remote_ts = ${RESPONDER_ADDR}/32 } }`,
      };
      const responder: IkeSide = {
        files: {
          x509: [["ee.der", certs.p256!]],
          x509ca: [["root.der", certs.root!]],
          private: [["ee.key", keys.p256!]],
        },
        connBody: `    local_addrs = ${RESPONDER_ADDR}
    remote_addrs = ${INITIATOR_ADDR}
    childless = allow
    local { auth = pubkey
      certs = ee.der
      id = p256.example.com }
    remote { auth = pubkey }
    children { c { local_ts = ${RESPONDER_ADDR}/32
      remote_ts = ${INITIATOR_ADDR}/32 } }`,
      };
      const r = await runIke({ initiator, responder, name: "c", child: c.child });
      const ex = { initiatorLog: r.initiatorLog.join("\n"), responderLog: r.responderLog.join("\n") };
      const measured = loggedIkeAuth(ex.initiatorLog, "initiator");
      const model = estimateIkeAuthSize({
        role: "initiator",
        certificate: parseCertificate(new Uint8Array(eeCert)),
        intermediates: c.int ? [parseCertificate(new Uint8Array(certs.int!))] : [],
        idi: idI,
        idr: "p256.example.com",
        // charon lists every trusted cA=TRUE certificate: the loaded intermediate counts too
        certreqCas: c.cas + (c.int ? 1 : 0),
        natt: true,
        childless: !c.child,
        fragmentSize: c.frag ?? 1280,
      });
      process.stdout.write(
        `SIZE ${c.name}: charon ${JSON.stringify(measured)} model ${model.bytes} bytes / ${model.fragments} fragments\n`,
      );
      expect(measured, ex.initiatorLog).not.toBeNull();
      expect(Math.abs(model.bytes - measured!.bytes) / measured!.bytes).toBeLessThanOrEqual(0.05);
      expect(model.fragments).toBe(measured!.fragments);
      if (!c.child) {
        // the responder's IKE_AUTH response (P-256 certificate from the root, no CHILD_SA)
        const resp = loggedIkeAuth(ex.responderLog, "responder");
        const rm = estimateIkeAuthSize({
          role: "responder",
          certificate: parseCertificate(new Uint8Array(certs.p256!)),
          idi: "p256.example.com",
          childless: true,
        });
        process.stdout.write(`SIZE ${c.name} responder: charon ${JSON.stringify(resp)} model ${rm.bytes}\n`);
        expect(resp).not.toBeNull();
        expect(Math.abs(rm.bytes - resp!.bytes) / resp!.bytes).toBeLessThanOrEqual(0.05);
        expect(rm.fragments).toBe(resp!.fragments);
      }
    });
  }
});
