/**
 * Ground-truth tier for `ikecert explain --log`: real charon 5.9.8 logs of failing exchanges,
 * each failure found once.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainLog } from "../../lib/index.js";
import { needs } from "../needs.js";
import { PKI, pkiConf } from "./env.js";
import { type IkeSide, INITIATOR_ADDR, RESPONDER_ADDR, runIke } from "./ike.js";

const run = needs("explain-log", ["pki", "charon", "swanctl", "ip", "unshare", "mount"], {
  namespaces: true,
});

/**
 * Both daemons' logs of one exchange of the connection `c`, each as one text, as a filelog without
 * `time_format` writes them (the runner's time stamp stripped).
 */
async function exchange(initiator: IkeSide, responder: IkeSide): Promise<{ i: string; r: string }> {
  const r = await runIke({ initiator, responder, name: "c" });
  const text = (log: string[]) => log.map((l) => l.replace(/^\d\d:\d\d:\d\d /, "")).join("\n");
  return { i: text(r.initiatorLog), r: text(r.responderLog) };
}

function pki(args: string[]): Buffer {
  const r = spawnSync(PKI, args, { env: { ...process.env, STRONGSWAN_CONF: pkiConf() }, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pki ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

describe.runIf(run)("explain --log on real charon logs", () => {
  let dir: string;
  const f: Record<string, Buffer> = {};
  const logs: Record<string, { i: string; r: string }> = {};

  function side(
    cert: string,
    keyName: string,
    addrs: [string, string],
    local: string,
    remote: string,
    extra = "",
  ): IkeSide {
    return {
      files: {
        x509: [["ee.der", f[cert]!]],
        x509ca: [["root.der", f.root!]],
        private: keyName ? [["ee.key", f[keyName]!]] : [],
      },
      connBody: `    local_addrs = ${addrs[0]}
    remote_addrs = ${addrs[1]}
    childless = allow
    ${extra}
    local { auth = pubkey
      certs = ee.der
      ${local} }
    remote { auth = pubkey
      ${remote} }`,
    };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ikc-explain-log-"));
    const w = (n: string, b: Buffer) => {
      writeFileSync(join(dir, n), b);
      return join(dir, n);
    };
    const rk = w("root.key", pki(["--gen", "--type", "ecdsa", "--size", "256"]));
    f.root = pki([
      "--self",
      "--ca",
      "--in",
      rk,
      "--type",
      "ecdsa",
      "--dn",
      "C=CH, O=ikecert test, CN=Root CA",
    ]);
    const root = w("root.der", f.root);
    for (const n of ["gw", "client"]) {
      const k = w(`${n}.key`, pki(["--gen", "--type", "ecdsa", "--size", "256"]));
      f[`${n}.key`] = readFileSync(k);
      f[n] = pki([
        "--issue",
        "--cacert",
        root,
        "--cakey",
        rk,
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
    const I: [string, string] = [INITIATOR_ADDR, RESPONDER_ADDR];
    const R: [string, string] = [RESPONDER_ADDR, INITIATOR_ADDR];
    // 1: the initiator asks for an IDr the responder's config does not have
    logs.peercfg = await exchange(
      side("client", "client.key", I, "id = client.example.com", "id = vpn.example.com", "childless = force"),
      side("gw", "gw.key", R, "id = gw.example.com", "id = client.example.com"),
    );
    // 2: the responder uses a local id its certificate does not carry
    logs.pubkey = await exchange(
      side("client", "client.key", I, "id = client.example.com", "id = %any", "childless = force"),
      side("gw", "gw.key", R, "id = vpn.example.com", "id = client.example.com"),
    );
    // 3: the initiator has no private key for its certificate
    logs.nokey = await exchange(
      side("client", "", I, "id = client.example.com", "id = gw.example.com", "childless = force"),
      side("gw", "gw.key", R, "id = gw.example.com", "id = client.example.com"),
    );
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const failures = (log: string) =>
    explainLog(log)
      .entries.filter((e) => e.kind === "failure")
      .map((e) => e.rule);

  it("no matching peer config: once on the responder, with both identities typed", () => {
    expect(failures(logs.peercfg!.r)).toEqual(["no-matching-peer-config"]);
    const e = explainLog(logs.peercfg!.r).entries[0]!;
    expect(e.identities.map((i) => `${i.printed}:${i.type}`)).toEqual([
      "vpn.example.com:ID_FQDN",
      "client.example.com:ID_FQDN",
    ]);
    expect(failures(logs.peercfg!.i)).toEqual(["auth-failed-notify"]);
  });

  it("a local id not in the certificate: the peer logs no trusted ECDSA public key, once", () => {
    expect(failures(logs.pubkey!.i)).toEqual(["no-trusted-public-key"]);
    const e = explainLog(logs.pubkey!.i).entries[0]!;
    expect(e.faq).toBe("no-trusted-public-key");
    expect(e.next).toContain("ikecert id <peer-cert.pem> vpn.example.com");
    expect(failures(logs.pubkey!.r)).toEqual([]);
  });

  it("no private key: once on the initiator", () => {
    expect(failures(logs.nokey!.i)).toEqual(["no-private-key"]);
  });

  it("the three initiator logs interleaved as three IKE_SAs of one daemon: each failure once", () => {
    const streams = [logs.peercfg!.i, logs.pubkey!.i, logs.nokey!.i].map((log, k) =>
      log
        .split("\n")
        .filter((l) => /<(c\|)?1>/.test(l))
        .map((l) =>
          l.replace(/<(c\|)?1>/, (_m, c) => `<${c ?? ""}${k + 1}>`).replace(/c\[1\]/g, `c[${k + 1}]`),
        ),
    );
    const merged: string[] = [];
    for (let n = 0; streams.some((s) => n < s.length); n++)
      for (const s of streams) if (n < s.length) merged.push(s[n]!);
    const r = explainLog(merged.join("\n"));
    expect(r.ikeSas).toBe(3);
    const f = r.entries.filter((e) => e.kind === "failure");
    expect(f.map((e) => [e.rule, e.ikeSa]).sort()).toEqual([
      ["auth-failed-notify", 1],
      ["no-private-key", 3],
      ["no-trusted-public-key", 2],
    ]);
    for (const e of f) expect(e.context!.every((l) => l.includes(`${e.ikeSa}>`))).toBe(true);
  });
});
