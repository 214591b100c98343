import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { SWANCTL } from "../strongswan/env.js";

/**
 * Ground truth for swanctl.conf parsing: run the real `swanctl --load-conns` against a fake vici
 * socket and record the `load-conn` messages it sends (the configuration exactly as swanctl read it:
 * settings syntax, includes, references, list splitting). The vici wire format is documented in
 * strongSwan's src/libcharon/plugins/vici/README.md.
 */

export type ViciValue = string | string[] | ViciSection;
/** entries in the order swanctl sent them */
export type ViciSection = [string, ViciValue][];

function decodeMessage(buf: Buffer): ViciSection {
  const root: ViciSection = [];
  const stack: ViciSection[] = [root];
  let list: string[] | null = null;
  let i = 0;
  const name = () => {
    const n = buf[i++]!;
    const s = buf.subarray(i, i + n).toString("latin1");
    i += n;
    return s;
  };
  const value = () => {
    const n = buf.readUInt16BE(i);
    i += 2;
    const s = buf.subarray(i, i + n).toString("latin1");
    i += n;
    return s;
  };
  while (i < buf.length) {
    const t = buf[i++]!;
    const top = stack[stack.length - 1]!;
    if (t === 1) {
      const s: ViciSection = [];
      top.push([name(), s]);
      stack.push(s);
    } else if (t === 2) stack.pop();
    else if (t === 3) {
      const k = name();
      top.push([k, value()]);
    } else if (t === 4) {
      list = [];
      top.push([name(), list]);
    } else if (t === 5) list!.push(value());
    else if (t === 6) list = null;
    else throw new Error(`vici element ${t}`);
  }
  return root;
}

function packet(type: number, body: Buffer): Buffer {
  const p = Buffer.concat([Buffer.from([type]), body]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(p.length);
  return Buffer.concat([len, p]);
}

const kv = (k: string, v: string) =>
  Buffer.concat([
    Buffer.from([3, k.length]),
    Buffer.from(k),
    Buffer.from([v.length >> 8, v.length & 255]),
    Buffer.from(v),
  ]);

function serve(sock: Socket, loaded: ViciSection[]): void {
  let acc = Buffer.alloc(0);
  sock.on("data", (d) => {
    acc = Buffer.concat([acc, d]);
    while (acc.length >= 4 && acc.length >= 4 + acc.readUInt32BE(0)) {
      const len = acc.readUInt32BE(0);
      const p = acc.subarray(4, 4 + len);
      acc = acc.subarray(4 + len);
      const type = p[0]!;
      if (type !== 0) {
        sock.write(packet(6, Buffer.alloc(0)));
        continue;
      }
      const nlen = p[1]!;
      const cmd = p.subarray(2, 2 + nlen).toString("latin1");
      const msg = decodeMessage(p.subarray(2 + nlen));
      if (cmd === "load-conn") loaded.push(msg);
      const body =
        cmd === "get-conns" ? Buffer.from([4, 5, ...Buffer.from("conns"), 6]) : kv("success", "yes");
      sock.write(packet(1, body));
    }
  });
}

/**
 * What swanctl 5.9.x sends for each connection of `conf` (files: extra files in the same folder).
 * `whileRunning` runs alongside swanctl (e.g. to feed a FIFO it waits on).
 */
export async function swanctlLoadConns(
  conf: string,
  files: Record<string, string> = {},
  whileRunning?: () => Promise<void>,
): Promise<{ conns: ViciSection[]; stdout: string; stderr: string; code: number }> {
  const dir = mkdtempSync(join(tmpdir(), "ikc-config-vici-"));
  try {
    writeFileSync(join(dir, "swanctl.conf"), conf);
    for (const [n, t] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, n)), { recursive: true });
      writeFileSync(join(dir, n), t);
    }
    const sockPath = join(dir, "vici.sock");
    const loaded: ViciSection[] = [];
    const server = createServer((s) => serve(s, loaded));
    await new Promise<void>((res) => server.listen(sockPath, res));
    const conf2 = join(dir, "strongswan.conf");
    writeFileSync(conf2, "swanctl {\n  load = \n}\n");
    const running = new Promise<{ stdout: string; stderr: string; code: number }>((res) => {
      execFile(
        SWANCTL,
        ["--load-conns", "--uri", `unix://${sockPath}`, "--file", join(dir, "swanctl.conf")],
        { env: { ...process.env, STRONGSWAN_CONF: conf2, SWANCTL_DIR: dir }, timeout: 20_000 },
        (err, stdout, stderr) =>
          res({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
      );
    });
    await whileRunning?.();
    const result = await running;
    await new Promise<void>((res) => server.close(() => res()));
    return { conns: loaded, ...result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
