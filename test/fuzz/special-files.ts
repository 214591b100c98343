import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ConfigReader,
  fileReader,
  IkecertError,
  type IpsecSecrets,
  resolveConfigRefs,
} from "../../lib/index.js";

/**
 * Issue 20 for the config fuzz targets: includes, `also=` and secrets that point at devices, FIFOs,
 * symlink loops, folders linked into themselves and globs over the whole file system. The special
 * files live in a folder this fuzzer makes (and removes at exit); paths under /c/ stay in memory.
 * The file-system half uses the real reader with small bounds — 64 include files, 64 KiB a file —
 * which keep a glob over / to about a millisecond and leave the system's binaries it may match
 * (`/*\/*+*` is /usr/bin/g++, 1.3 MB) unread; the bounds, not their size, are under test.
 */
export interface SpecialFiles {
  dir: string;
  /** the reader the config targets use: /c/... from memory, everything else from disk */
  reader(memory: ConfigReader): ConfigReader;
  /** the include budget to pass to the parsers with that reader */
  maxIncludeFiles: number;
  swanctlSeeds: string[];
  ipsecSeeds: string[];
  secretsSeeds: string[];
  /** grammar tokens for the config arbitraries */
  tokens: string[];
  /**
   * load the key files an ipsec.secrets names, as `ikecert audit` does (resolveConfigRefs: each
   * existing file once); devices and FIFOs must be refused, not read
   */
  loadKeys(s: IpsecSecrets): Promise<void>;
}

/** 40 characters (one repeat unit) of includes that each count against the include budget */
const BUDGET_HEAD = "include /dev/zero\ninclude /dev/urandom\n\n";

export function specialFiles(): SpecialFiles {
  const dir = mkdtempSync(join(tmpdir(), "ikc-fuzz-special-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  execFileSync("mkfifo", [join(dir, "fifo"), join(dir, "fifo.conf")]);
  symlinkSync(join(dir, "loop2"), join(dir, "loop1"));
  symlinkSync(join(dir, "loop1"), join(dir, "loop2"));
  symlinkSync("/dev/zero", join(dir, "zero.conf"));
  symlinkSync(dir, join(dir, "sub"));
  mkdirSync(join(dir, "conf.d"));
  writeFileSync(join(dir, "conf.d", "a.conf"), "connections { d { remote_addrs = 192.0.2.9 } }\n");
  writeFileSync(join(dir, "self.conf"), `include ${join(dir, "sub", "self.conf")}\n`);
  writeFileSync(join(dir, "fan.conf"), `include ${join(dir, "fan.conf")}\ninclude ${join(dir, "*.conf")}\n`);
  writeFileSync(join(dir, "key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

  const targets = [
    "/dev/zero",
    "/dev/urandom",
    "/dev/null",
    "/dev/[nuz]*", // not /dev/std*: they are this process's own stdin, stdout and stderr
    "/*/*/*",
    "/*",
    join(dir, "fifo"),
    join(dir, "fifo*"),
    join(dir, "*"),
    join(dir, "loop1"),
    join(dir, "zero.conf"),
    join(dir, "sub/sub/sub/conf.d/*.conf"),
    join(dir, "self.conf"),
    join(dir, "fan.conf"),
    join(dir, "conf.d"),
  ];
  const includes = targets.map((t) => `include ${t}\n`).join("");
  const disk = fileReader(64 * 1024, { maxIncludeFiles: 64 });
  return {
    dir,
    maxIncludeFiles: 64,
    reader(memory) {
      const mem = (p: string) => p.startsWith("/c/");
      return {
        read: (p) => (mem(p) ? memory.read(p) : disk.read(p)),
        glob: (p, max) => (mem(p) ? memory.glob(p, max) : disk.glob(p, max)),
        identity: (p) => (mem(p) ? undefined : disk.identity?.(p)),
      };
    },
    swanctlSeeds: [
      `${includes}connections { a { remote_addrs = 192.0.2.1 } }\n`,
      `connections {\n  a {\n    include ${join(dir, "fifo")}\n    include /dev/urandom\n  }\n}\n`,
      `include ${join(dir, "sub")}/*.conf\n`,
    ],
    ipsecSeeds: [
      `${includes}conn a\n  right=192.0.2.1\n  also=b\nconn b\n  also=a\n`,
      // (an include first: repeated, this unit meets the include budget, not 800 KB of valid text)
      `include ${join(dir, "fifo")}\nconn a\n  also=a\n  auto=add\n`,
      `conn %default\n  also=x\ninclude /dev/zero\nconn x\n  also=%default\n  leftcert=${join(dir, "fifo")}\n`,
    ],
    // A repeated input takes the first 40 characters of a seed as its unit: these seeds begin with 40
    // characters of includes that read, so a unit repeated thousands of times meets the include budget
    // instead of making thousands of valid secrets (linear work, but not what this fuzzer looks for).
    secretsSeeds: [
      `${includes}: PSK "x"\n`,
      `${BUDGET_HEAD}: RSA /dev/zero\n: RSA ${join(dir, "fifo")}\n: ECDSA ${join(dir, "loop1")} %prompt\n: P12 /dev/urandom "pw"\n`,
      `${BUDGET_HEAD}: RSA ${join(dir, "key.pem")}\ninclude ${join(dir, "fifo")}\n: PKCS8 ${join(dir, "zero.conf")}\n`,
    ],
    tokens: [...targets, "also=", "also=a", ": RSA ", "include /dev/zero\n", `include ${dir}/`],
    async loadKeys(s) {
      const refs = await resolveConfigRefs({ dir: "/c", conf: null, secrets: s, files: [] });
      for (const r of refs.values()) if (r.error && !(r.error instanceof IkecertError)) throw r.error;
    },
  };
}
