/**
 * The VICI client (lib/vici/client.ts) against a scripted fake server: the framing edge cases a real
 * charon does not produce on demand, the read-only allowlist, and the degradation when a daemon does
 * not know a command. The real charon is asked in test/strongswan/live.test.ts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  connectVici,
  encodePacket,
  IkecertError,
  PACKET,
  READ_ONLY_COMMANDS,
  READ_ONLY_EVENTS,
  readSnapshot,
  type ViciClient,
} from "../../lib/index.js";
import {
  confirm,
  event,
  type FakeServer,
  fakeServer,
  response,
  scripted,
  unknownCommand,
} from "./fake-server.js";

let server: FakeServer | null = null;
let client: ViciClient | null = null;
afterEach(async () => {
  client?.close();
  client = null;
  await server?.close();
  server = null;
});

async function start(handler: Parameters<typeof fakeServer>[0], timeoutMs = 5000): Promise<ViciClient> {
  server = await fakeServer(handler);
  client = await connectVici({ socket: server.path, timeoutMs });
  return client;
}

/**
 * Every command of the VICI protocol (strongSwan 6.0.6 src/libcharon/plugins/vici/README.md,
 * "Client-initiated commands"), and whether it changes the daemon.
 */
const ALL_COMMANDS: Record<string, "reads" | "changes"> = {
  version: "reads",
  stats: "reads",
  "reload-settings": "changes",
  initiate: "changes",
  terminate: "changes",
  rekey: "changes",
  redirect: "changes",
  install: "changes",
  uninstall: "changes",
  "list-sas": "reads",
  "list-policies": "reads",
  "list-conns": "reads",
  "get-conns": "reads",
  "list-certs": "reads",
  "list-authorities": "reads",
  "get-authorities": "reads",
  "load-conn": "changes",
  "unload-conn": "changes",
  "load-cert": "changes",
  "load-key": "changes",
  "unload-key": "changes",
  "get-keys": "reads",
  "load-token": "changes",
  "load-shared": "changes",
  "unload-shared": "changes",
  "get-shared": "reads",
  "flush-certs": "changes",
  "clear-creds": "changes",
  "load-authority": "changes",
  "unload-authority": "changes",
  "load-pool": "changes",
  "unload-pool": "changes",
  "get-pools": "reads",
  "get-algorithms": "reads",
  "get-counters": "reads",
  "reset-counters": "changes",
};

describe("the client sends read-only commands only", () => {
  it("holds an allowlist that is a subset of the protocol's read-only commands", () => {
    for (const c of Object.keys(READ_ONLY_COMMANDS)) expect(ALL_COMMANDS[c], c).toBe("reads");
    // every event the client may register for is raised by the daemon, never a command
    expect([...READ_ONLY_EVENTS].sort()).toEqual(
      ["ike-updown", "list-authority", "list-cert", "list-conn", "list-sa", "log"].sort(),
    );
  });

  it("refuses every command that changes the daemon before a byte is sent", async () => {
    const c = await start(scripted({}));
    const writes = Object.entries(ALL_COMMANDS)
      .filter(([, k]) => k === "changes")
      .map(([n]) => n);
    expect(writes.length).toBeGreaterThan(15);
    for (const cmd of [...writes, "unknown-thing", "__proto__", "toString"]) {
      // a JavaScript caller can pass any string; TypeScript callers cannot even name these
      const err = await c.request(cmd as never, { name: "x" }).catch((e) => e);
      expect(err, cmd).toBeInstanceOf(IkecertError);
      expect(err.code).toBe("VICI_REFUSED");
      expect(err.message).toContain(`'${cmd}' is not read-only`);
    }
    for (const ev of ["control-log", "child-updown", "ike-rekey", "alert"]) {
      const err = await c.register(ev as never).catch((e) => e);
      expect(err.code, ev).toBe("VICI_REFUSED");
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(c.bytesSent).toBe(0);
    expect(server!.bytesReceived()).toBe(0);
  });
});

describe("framing against a scripted server", () => {
  it("reads a response the server writes one byte at a time", async () => {
    const c = await start(
      scripted({
        version: (_p, sock) => {
          const bytes = response({ daemon: "charon", version: "5.9.8" });
          let i = 0;
          const t = setInterval(() => {
            if (i >= bytes.length) clearInterval(t);
            else sock.write(bytes.subarray(i, ++i));
          }, 1);
        },
      }),
    );
    expect(await c.version()).toMatchObject({ daemon: "charon", version: "5.9.8" });
  });

  it("reads large lists and long streams", async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `conn-${i}`);
    const c = await start(
      scripted({
        "get-conns": (_p, sock) => sock.write(response({ conns: names })),
        "list-sas": (_p, sock) => {
          const parts: Uint8Array[] = [];
          for (let i = 0; i < 3000; i++)
            parts.push(event("list-sa", { [`c${i}`]: { uniqueid: String(i), state: "ESTABLISHED" } }));
          parts.push(response());
          sock.write(Buffer.concat(parts));
        },
      }),
    );
    expect(await c.getConns()).toEqual(names);
    const sas = await c.listSas();
    expect(sas).toHaveLength(3000);
    expect(sas[2999]).toMatchObject({ name: "c2999", uniqueid: 2999, state: "ESTABLISHED" });
    // list-sas registered for its event, then unregistered
    const kinds = server!.received.map((r) => `${r.type}:${r.name}`);
    expect(kinds).toEqual(["0:get-conns", "3:list-sa", "0:list-sas", "4:list-sa"]);
  });

  it("fails cleanly on an unknown element type", async () => {
    const c = await start(
      scripted({
        version: (_p, sock) =>
          sock.write(encodePacket(PACKET.CMD_RESPONSE, null, Uint8Array.from([9, 1, 65]))),
      }),
    );
    const err = await c.version().catch((e) => e);
    expect(err.code).toBe("VICI_PROTOCOL");
    expect(err.message).toMatch(/unknown vici element type 9/);
    expect(err.message).not.toContain("\n");
    expect(c.isClosed).toBe(true);
  });

  it("fails cleanly when the server closes in the middle of a message", async () => {
    const c = await start(
      scripted({
        version: (_p, sock) => {
          const bytes = response({ daemon: "charon", version: "5.9.8" });
          sock.end(bytes.subarray(0, bytes.length - 3));
        },
      }),
    );
    const err = await c.version().catch((e) => e);
    expect(err).toBeInstanceOf(IkecertError);
    expect(err.message).toMatch(
      /closed the connection in the middle of a message \(\d+ bytes of it received\)/,
    );
  });

  it("fails cleanly when the server closes before answering", async () => {
    const c = await start(scripted({ version: (_p, sock) => sock.end() }));
    const err = await c.version().catch((e) => e);
    expect(err.code).toBe("VICI_UNAVAILABLE");
    expect(err.message).toMatch(/closed the connection before answering 'version'/);
  });

  it("refuses an oversized length without waiting for the bytes", async () => {
    const c = await start(
      scripted({ version: (_p, sock) => sock.write(Uint8Array.from([0x7f, 0xff, 0xff, 0xff, 1])) }),
    );
    const err = await c.version().catch((e) => e);
    expect(err.code).toBe("VICI_PROTOCOL");
    expect(err.message).toMatch(/2147483647 bytes announced, more than the 524288 allowed/);
  });

  it("caps how many items one stream may return", async () => {
    server = await fakeServer(
      scripted({
        "list-certs": (_p, sock) => {
          for (let i = 0; i < 50; i++) sock.write(event("list-cert", { type: "X509", data: "x" }));
          sock.write(response());
        },
      }),
    );
    client = await connectVici({ socket: server.path, maxStreamItems: 10 });
    const err = await client.listCerts().catch((e) => e);
    expect(err.message).toMatch(/streamed more than 10 items/);
  });

  it("gives up on a daemon that does not answer", async () => {
    const c = await start(() => undefined, 300);
    const err = await c.version().catch((e) => e);
    expect(err.code).toBe("VICI_UNAVAILABLE");
    expect(err.message).toMatch(/no answer to 'version' within/);
  });

  it("passes registered events to handlers, also while a stream is running", async () => {
    const c = await start(
      scripted({
        "list-sas": (_p, sock) => {
          sock.write(event("list-sa", { a: { uniqueid: "1", state: "CONNECTING" } }));
          sock.write(event("log", { group: "IKE", level: "1", thread: "7", msg: "in between" }));
          sock.write(event("list-sa", { b: { uniqueid: "2", state: "ESTABLISHED" } }));
          sock.write(response());
        },
      }),
    );
    const seen: string[] = [];
    c.onEvent((name, m) => seen.push(`${name}:${Buffer.from(m.msg as Uint8Array).toString()}`));
    await c.register("log");
    const sas = await c.listSas();
    expect(sas.map((s) => s.name)).toEqual(["a", "b"]);
    expect(seen).toEqual(["log:in between"]);
  });
});

describe("snapshot of an older daemon", () => {
  it("degrades with a note naming the release that added each missing command", async () => {
    const c = await start(
      scripted({
        version: (_p, sock) => sock.write(response({ daemon: "charon", version: "5.5.1" })),
        stats: (_p, sock) => sock.write(response({ plugins: ["charon", "x509", "openssl"] })),
        "list-conns": (_p, sock) => sock.write(response()),
        "get-conns": (_p, sock) => sock.write(response({ conns: [] })),
        "list-certs": (_p, sock) => sock.write(response()),
        "list-authorities": (_p, sock) => sock.write(response()),
        "list-sas": (_p, sock) => sock.write(response()),
        "get-algorithms": (_p, sock) => sock.write(response({})),
        // get-keys and get-shared arrived in 5.5.2: this daemon answers CMD_UNKNOWN
      }),
    );
    const s = await readSnapshot(c);
    expect(s.version?.version).toBe("5.5.1");
    expect(s.keys).toBeNull();
    expect(s.shared).toBeNull();
    expect(s.stats?.plugins).toEqual(["charon", "x509", "openssl"]);
    expect(s.notes.map((n) => n.note)).toEqual([
      "charon 5.5.1 does not know 'get-keys' (added in strongSwan 5.5.2); private keys are compared only through the certificates that have one (list-certs has_privkey)",
      "charon 5.5.1 does not know 'get-shared' (added in strongSwan 5.5.2); shared secrets loaded over vici are not compared with the secrets sections",
    ]);
  });

  it("a streaming command the daemon does not know leaves no registration behind", async () => {
    const c = await start((p, sock) => {
      if (p.type === PACKET.EVENT_REGISTER) sock.write(encodePacket(PACKET.EVENT_UNKNOWN, null));
      else if (p.type === PACKET.EVENT_UNREGISTER) sock.write(confirm());
      else sock.write(unknownCommand());
    });
    const err = await c.listAuthorities().catch((e) => e);
    expect(err.code).toBe("VICI_UNKNOWN_COMMAND");
    expect(server!.received.map((r) => r.type)).toEqual([PACKET.EVENT_REGISTER]);
  });
});

describe("connecting", () => {
  it("says what is wrong in one line: missing socket, not a socket, stale socket", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ikc-vici-conn-"));
    try {
      const missing = await connectVici({ socket: join(dir, "nope.vici") }).catch((e) => e);
      expect(missing.code).toBe("VICI_UNAVAILABLE");
      expect(missing.message).toMatch(/nope\.vici: no such socket: is charon running with the vici plugin\?/);
      writeFileSync(join(dir, "file"), "");
      const notSock = await connectVici({ socket: join(dir, "file") }).catch((e) => e);
      expect(notSock.code).toBe("VICI_UNAVAILABLE");
      expect(notSock.message).toMatch(/file: (connection refused|not a socket)/);
      const other = await connectVici({ socket: "tcp://127.0.0.1:4502" }).catch((e) => e);
      expect(other.code).toBe("USAGE");
      // a socket whose server died without removing it
      const stale = join(dir, "stale.vici");
      const child = spawn(process.execPath, [
        "-e",
        `require("node:net").createServer().listen(${JSON.stringify(stale)}, () => console.log("up"))`,
      ]);
      await new Promise((r) => child.stdout.once("data", r));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const refused = await connectVici({ socket: stale }).catch((e) => e);
      expect(refused.code).toBe("VICI_UNAVAILABLE");
      expect(refused.message).toBe(
        `${stale}: connection refused: charon is not running, or the socket is stale`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts unix:// URIs as swanctl writes them", async () => {
    server = await fakeServer(
      scripted({ version: (_p, sock) => sock.write(response({ version: "6.0.6" })) }),
    );
    client = await connectVici({ socket: `unix://${server.path}` });
    expect((await client.version()).version).toBe("6.0.6");
  });
});
