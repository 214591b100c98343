import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryReader } from "../lib/config/reader.js";
import { parseIpsecSecrets } from "../lib/config/secrets.js";
import { parseSwanctlConf } from "../lib/config/swanctl.js";
import { NotRegularFileError } from "../lib/errors.js";
import { IkecertError, loadConfig, loadFile } from "../lib/index.js";
import { readFirstCertificate } from "../lib/input/cert-file.js";
import { fileReader } from "../lib/input/config-files.js";
import { readLines, readRegularFile, readTextFile } from "../lib/input/files.js";
import { globFiles, listFolder } from "../lib/input/folders.js";
import { CLI } from "./cli-helper.js";
import { specialPaths } from "./special-paths.js";

/**
 * Issue 20: the one reading path (lib/input/files.ts) never blocks and never reads past its caps.
 * Bytes are counted with the kernel's own counter: `rchar` of /proc/thread-self/io is every byte
 * this thread got from read(2) and friends, and the reader reads synchronously on the calling
 * thread, so the difference around a call is exactly what that call read.
 */
const { dir, fifo, sock } = specialPaths("ikc-files-");

/** This thread's read(2) byte counter, and the bytes this reading of it took. */
function rchar(): { value: number; cost: number } {
  const text = readFileSync("/proc/thread-self/io", "utf8");
  return { value: Number(/rchar: (\d+)/.exec(text)![1]), cost: Buffer.byteLength(text) };
}

/** What `fn` read (bytes through read(2) on this thread), and what it threw. */
function counted(fn: () => unknown): { bytes: number; error: unknown } {
  const before = rchar();
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  // the counter as read includes the first reading of it (its bytes are known)
  return { bytes: rchar().value - before.value - before.cost, error };
}

const f = (name: string, data: string | Uint8Array) => {
  const p = join(dir, name);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, data);
  return p;
};

describe("readRegularFile: regular files only, bytes capped on what is read", () => {
  it("the byte counter counts (a 5,000-byte file reads 5,000 bytes)", () => {
    const p = f("five.txt", "x".repeat(5000));
    const r = counted(() => readRegularFile(p, { maxBytes: 10_000 }));
    expect(r.error).toBeNull();
    expect(r.bytes).toBe(5000);
  });

  it.each([
    ["a FIFO with no writer", () => fifo, "FIFO", /is a FIFO \(named pipe\), not a regular file/],
    ["/dev/zero", () => "/dev/zero", "character device", /is a character device, not a regular file/],
    ["/dev/urandom", () => "/dev/urandom", "character device", /is a character device/],
    ["a socket", () => sock, "socket", /is a socket, not a regular file/],
  ] as const)("%s: refused, nothing read, nothing blocks", (_n, path, kind, message) => {
    const r = counted(() => readRegularFile(path(), { maxBytes: 1 << 20 }));
    expect(r.error).toBeInstanceOf(NotRegularFileError);
    expect((r.error as NotRegularFileError).kind).toBe(kind);
    expect((r.error as Error).message).toMatch(message);
    expect(r.bytes).toBe(0);
  });

  it("a folder, a missing file, a symlink loop: one-line errors", () => {
    symlinkSync(join(dir, "loop-b"), join(dir, "loop-a"));
    symlinkSync(join(dir, "loop-a"), join(dir, "loop-b"));
    const err = (p: string) => counted(() => readRegularFile(p, { maxBytes: 100 })).error as IkecertError;
    expect(err(dir)).toMatchObject({ code: "IS_DIRECTORY", message: `${dir}: is a folder, not a file` });
    expect(err(join(dir, "nope"))).toMatchObject({ code: "FILE_NOT_FOUND" });
    expect(err(join(dir, "loop-a"))).toMatchObject({
      code: "FILE_UNREADABLE",
      message: `${join(dir, "loop-a")}: a symlink loop (too many levels of symbolic links)`,
    });
  });

  it("a file over the cap by its size is refused before any read", () => {
    const p = f("big.bin", new Uint8Array(200_000));
    const r = counted(() => readRegularFile(p, { maxBytes: 1000, limitFlag: "--max-file-size" }));
    expect((r.error as Error).message).toBe(
      `${p}: 200000 bytes is over the limit of 1000 (raise it with --max-file-size)`,
    );
    expect(r.bytes).toBe(0);
  });

  it("a regular file whose size says 0 but holds more (/proc) is read to the cap + 1 and no further", () => {
    // /proc/self/maps is a regular file of size 0 holding several KiB
    const whole = counted(() => readRegularFile("/proc/self/maps", { maxBytes: 1 << 20 }));
    expect(whole.error).toBeNull();
    expect(whole.bytes).toBeGreaterThan(2000);
    const r = counted(() => readRegularFile("/proc/self/maps", { maxBytes: 1000 }));
    expect((r.error as IkecertError).code).toBe("FILE_TOO_LARGE");
    expect((r.error as Error).message).toBe("/proc/self/maps: more than 1000 bytes, over the limit");
    expect(r.bytes).toBe(1001);
  });

  it("certificate and key readers use it: a FIFO for inspect, pair and id ends at once", async () => {
    await expect(loadFile(fifo)).rejects.toMatchObject({ code: "NOT_REGULAR_FILE" });
    await expect(readFirstCertificate(fifo)).rejects.toMatchObject({ code: "NOT_REGULAR_FILE" });
    await expect(loadFile("/dev/zero")).rejects.toThrow("/dev/zero: is a character device");
    expect(() => readTextFile(fifo, { maxBytes: 10, label: "--passphrase-file x" })).toThrow(
      /^--passphrase-file x: is a FIFO/,
    );
  });
});

describe("readRegularFile: what each kind of path gives", () => {
  /** What a reader gave: the bytes (as text) or the error's class, code and message. */
  async function outcome(read: () => Uint8Array | Promise<Uint8Array>): Promise<unknown> {
    try {
      return { text: Buffer.from(await read()).toString("latin1") };
    } catch (e) {
      const err = e as IkecertError;
      return { error: err.constructor.name, code: err.code, message: err.message };
    }
  }

  /** Two links that name each other; the first one's path. */
  function symlinkLoop(name: string): string {
    const [a, b] = [join(dir, `${name}-1`), join(dir, `${name}-2`)];
    symlinkSync(b, a);
    symlinkSync(a, b);
    return a;
  }

  it.each([
    ["a regular file", () => f("async/plain.txt", "x".repeat(5000)), 10_000],
    ["an empty file", () => f("async/empty.txt", ""), 10],
    ["a file of exactly the cap", () => f("async/cap.txt", "y".repeat(1000)), 1000],
    ["a file one byte over the cap", () => f("async/over.txt", "y".repeat(1001)), 1000],
    ["/proc/self/maps (size 0, holds more) over a cap", () => "/proc/self/maps", 1000],
    ["a FIFO with no writer", () => fifo, 1 << 20],
    ["/dev/zero", () => "/dev/zero", 1 << 20],
    ["a socket", () => sock, 1 << 20],
    ["a folder", () => dir, 1 << 20],
    ["a missing file", () => join(dir, "async/nope"), 1 << 20],
    ["a symlink loop", () => symlinkLoop("async/loop"), 1 << 20],
  ] as const)("%s", async (name, path, maxBytes) => {
    const o = { maxBytes, limitFlag: "--max-file-size" };
    const p = path();
    const sync = await outcome(() => readRegularFile(p, o));
    if (name === "an empty file") expect(sync).toEqual({ text: "" });
    if (name === "a file of exactly the cap") expect(sync).toEqual({ text: "y".repeat(1000) });
    if (name.startsWith("/dev/zero") || name === "a socket")
      expect(sync).toMatchObject({ error: "NotRegularFileError" });
    if (name === "a folder") expect(sync).toMatchObject({ message: /folder|directory/ });
    if (name === "a missing file") expect(sync).toMatchObject({ error: "IkecertError" });
    if (name === "a regular file") expect(sync).toEqual({ text: "x".repeat(5000) });
    if (name.includes("over the cap")) expect(sync).toMatchObject({ code: "FILE_TOO_LARGE" });
    if (name === "a FIFO with no writer") expect(sync).toMatchObject({ error: "NotRegularFileError" });
    if (name === "a symlink loop") expect(sync).toMatchObject({ message: /a symlink loop/ });
  });

  it("the batches' certificate reads (id --batch, chain --batch) refuse a FIFO and /dev/zero at once", async () => {
    await expect(readFirstCertificate(fifo, {})).rejects.toMatchObject({
      code: "NOT_REGULAR_FILE",
      message: `${fifo}: is a FIFO (named pipe), not a regular file; ikecert reads regular files only`,
    });
    await expect(readFirstCertificate("/dev/zero", {})).rejects.toThrow(
      "/dev/zero: is a character device, not a regular file",
    );
  });
});

describe("streams: a line limit and a total limit", () => {
  it("a regular file read as lines stops at the total cap", async () => {
    const p = f("lines.txt", "0123456789\n".repeat(100));
    const got: unknown[] = [];
    const run = async () => {
      for await (const l of readLines(p, { maxLine: 64, maxBytes: 500, limitFlag: "--max-input" }))
        got.push(l);
    };
    // 1,100 bytes: refused by its size before reading
    await expect(run()).rejects.toThrow(
      `${p}: 1100 bytes is over the limit of 500 (raise it with --max-input)`,
    );
    expect(got).toEqual([]);
  });

  it("stopAtTooLong ends at the first long line; without it long lines are reported and skipped", async () => {
    const p = f("long.txt", `short\n${"y".repeat(300)}\nlast\n`);
    const lines = async (stop: boolean) => {
      const out: unknown[] = [];
      for await (const l of readLines(p, { maxLine: 100, maxBytes: 10_000, stopAtTooLong: stop }))
        out.push(l);
      return out;
    };
    expect(await lines(false)).toEqual([
      { line: 1, text: "short" },
      { line: 2, tooLong: 300 },
      { line: 3, text: "last" },
    ]);
    expect(await lines(true)).toEqual([
      { line: 1, text: "short" },
      { line: 2, tooLong: 300 },
    ]);
  });

  it("a FIFO is refused with the hint to use stdin", async () => {
    const run = async () => {
      for await (const _ of readLines(fifo, { maxLine: 10, maxBytes: 10 })) {
        // nothing
      }
    };
    await expect(run()).rejects.toThrow(
      /is a FIFO \(named pipe\), not a regular file; to read a pipe, give -/,
    );
  });
});

describe("folders and globs stop at a count", () => {
  it("listFolder refuses a folder over its entry limit; a symlink to a folder is a folder", () => {
    const d = join(dir, "many");
    mkdirSync(d);
    for (let i = 0; i < 20; i++) writeFileSync(join(d, `f${i}`), "");
    symlinkSync(d, join(d, "self"));
    expect(listFolder(d, 21).find((e) => e.name === "self")).toEqual({
      name: "self",
      kind: "folder",
      link: true,
    });
    expect(() => listFolder(d, 20)).toThrow(/more than 20 entries in one folder/);
  });

  it("/*/*/* matches more paths than the limit: refused without reading a file", () => {
    const r = counted(() => globFiles("/*/*/*", 4096));
    expect((r.error as IkecertError).code).toBe("TOO_MANY_FILES");
    expect((r.error as Error).message).toMatch(
      /^include '\/\*\/\*\/\*' matches more than 4096 paths \(limit --max-include-files 4096\)/,
    );
    expect(r.bytes).toBe(0);
  });

  it("a glob within the limit lists files and devices (charon sees them too), not folders", () => {
    expect(globFiles("/dev/zer[o]", 10)).toEqual(["/dev/zero"]);
    expect(globFiles(join(dir, "many", "f1*"), 100)).toEqual([
      join(dir, "many", "f1"),
      join(dir, "many", "f10"),
      ...Array.from({ length: 9 }, (_, i) => join(dir, "many", `f1${i + 1}`)),
    ]);
    expect(() => globFiles(join(dir, "many", "f*"), 19)).toThrow(/matches more than 19 paths/);
  });
});

describe("includes: devices, FIFOs, globs, cycles and fan-out", () => {
  const conf = (name: string, files: Record<string, string>) => {
    const d = join(dir, name);
    for (const [n, t] of Object.entries(files)) f(join(name, n), t);
    return d;
  };

  it("include /dev/zero, /dev/urandom and a FIFO: skipped as special files, nothing read from them", () => {
    const d = conf("special", {
      "swanctl.conf": `include /dev/zero\ninclude /dev/urandom\ninclude ${fifo}\na = 1\n`,
    });
    const reader = fileReader();
    const text = reader.read(join(d, "swanctl.conf"));
    const r = counted(() => parseSwanctlConf(text, join(d, "swanctl.conf"), { reader }));
    expect(r.error).toBeNull();
    expect(r.bytes).toBe(0);
    const c = parseSwanctlConf(text, join(d, "swanctl.conf"), { reader });
    expect(c.diagnostics.map((x) => x.special)).toEqual([
      { file: "/dev/zero", kind: "character device" },
      { file: "/dev/urandom", kind: "character device" },
      { file: fifo, kind: "FIFO" },
    ]);
  });

  it("the same in ipsec.secrets, and a secrets include of /*/*/* is refused at its line", () => {
    const d = conf("secrets", { "ipsec.secrets": `include /dev/zero\ninclude ${fifo}\n: PSK "x"\n` });
    const reader = fileReader();
    const s = parseIpsecSecrets(reader.read(join(d, "ipsec.secrets")), join(d, "ipsec.secrets"), { reader });
    expect(s.diagnostics.map((x) => x.special?.kind)).toEqual(["character device", "FIFO"]);
    expect(s.secrets).toHaveLength(1);
    expect(() => parseIpsecSecrets("include /*/*/*\n", join(d, "ipsec.secrets"), { reader })).toThrow(
      new RegExp(`^${d}/ipsec\\.secrets:1: include '/\\*/\\*/\\*' matches more than 4096 paths`),
    );
  });

  it("a cycle through a symlink is found by file identity, at the first repeat", () => {
    const d = conf("cycle", { "a.conf": "x = 1\ninclude b.conf\n" });
    symlinkSync(join(d, "a.conf"), join(d, "b.conf"));
    const reader = fileReader();
    expect(() => parseSwanctlConf(reader.read(join(d, "a.conf")), join(d, "a.conf"), { reader })).toThrow(
      `${d}/a.conf:2: include loop: '${d}/b.conf' includes itself (${d}/a.conf -> ${d}/b.conf)`,
    );
  });

  it("a folder symlinked into itself does not make endless distinct paths", () => {
    const d = conf("selfdir", { "a.conf": "include sub/a.conf\n" });
    symlinkSync(d, join(d, "sub"));
    const reader = fileReader();
    expect(() => parseSwanctlConf(reader.read(join(d, "a.conf")), join(d, "a.conf"), { reader })).toThrow(
      /include loop: '.*selfdir\/sub\/a\.conf' includes itself/,
    );
  });

  it("includes that fan out are bounded by --max-include-files in all, not per glob", () => {
    // each level includes the next one twice: 2 + 4 + ... + 1024 = 2,046 files read
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`/c/l${i}.conf`] = `include l${i + 1}.conf\ninclude l${i + 1}.conf\n`;
    files["/c/l10.conf"] = "k = v\n";
    const reader = memoryReader(files);
    expect(() =>
      parseSwanctlConf(files["/c/l0.conf"]!, "/c/l0.conf", { reader, maxIncludeFiles: 1000 }),
    ).toThrow(/^\/c\/l\d+\.conf:\d+: includes read more than 1000 files \(limit --max-include-files\)$/);
    expect(() => parseSwanctlConf(files["/c/l0.conf"]!, "/c/l0.conf", { reader })).not.toThrow();
  });

  it("loadConfig on a swanctl folder with include /*/*/*: exit-2 error naming the line", async () => {
    const d = conf("glob", { "swanctl.conf": "connections {}\ninclude /*/*/*\n" });
    await expect(loadConfig(d)).rejects.toThrow(
      `${d}/swanctl.conf:2: include '/*/*/*' matches more than 4096 paths (limit --max-include-files 4096); strongSwan would open and parse every one of them`,
    );
    await expect(loadConfig(d, { limits: { maxIncludeFiles: 5 } })).rejects.toThrow(
      /matches more than 5 paths \(limit --max-include-files 5\)/,
    );
  });
});

describe("the messages are one line", () => {
  it("an IkecertError from the reader never holds a newline or a control character", () => {
    const name = join(dir, "we\nird\u001b[31m");
    writeFileSync(name, "");
    const e = counted(() => readRegularFile(name, { maxBytes: -1 })).error as IkecertError;
    expect(e).toBeInstanceOf(IkecertError);
    expect(e.message).not.toMatch(/[\n\u001b]/);
  });
});

describe("stdin that never ends: the CLI reads one byte past the cap, no further", () => {
  // the kernel's rchar of the whole CLI process at exit (module loading included), less the same
  // command with an empty stdin: what the endless input made it read
  const hook = join(dir, "rchar-hook.cjs");
  writeFileSync(
    hook,
    'process.on("exit", () => require("node:fs").writeFileSync(process.env.IKC_RCHAR_OUT, /rchar: (\\d+)/.exec(require("node:fs").readFileSync("/proc/self/io", "utf8"))[1]));\n',
  );
  const rcharOf = (args: string[], stdin: string) => {
    const out = join(dir, "rchar.out");
    const fd = openSync(stdin, "r");
    try {
      const r = spawnSync(process.execPath, ["--require", hook, CLI, ...args], {
        stdio: [fd, "pipe", "pipe"],
        env: { ...process.env, IKC_RCHAR_OUT: out, NO_COLOR: "1" },
        encoding: "utf8",
      });
      return { code: r.status, stderr: r.stderr, rchar: Number(readFileSync(out, "utf8")) };
    } finally {
      closeSync(fd);
    }
  };
  it.each([
    [["psk"], 65_536, /the pre-shared key input on stdin: more than 65536 bytes/],
    [["explain", "--log", "-"], 65_536, /stdin: line 1 is over the line limit of 65536 bytes/],
    [["id", "--max-input", "1000000", "--batch", "-"], 1_000_000, /more than 1000000 bytes, over the limit/],
  ] as const)("%s < /dev/zero", (args, cap, message) => {
    const zero = rcharOf([...args], "/dev/zero");
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(message);
    // cap + 1, give or take the process's own small reads (libuv's 8-byte eventfd reads and the
    // like), which vary from run to run: up to about 250 bytes either way measured on a busy machine.
    // A bound of 4 KiB still tells "one byte past the cap" from one more read of a 64 KiB chunk.
    const extra = zero.rchar - rcharOf([...args], "/dev/null").rchar;
    expect(Math.abs(extra - (cap + 1))).toBeLessThanOrEqual(4096);
  });
});
