import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigReader, fileReader, IkecertError, type IpsecSecrets, loadFile } from "../../lib/index.js";

/**
 * Issue 20 for the config fuzz targets: includes, `also=` and secrets that point at devices, FIFOs,
 * symlink loops, folders linked into themselves and globs over the whole file system. The special
 * files live in a folder this fuzzer makes (and removes at exit); paths under /c/ stay in memory.
 * The file-system half uses the real reader with a small --max-include-files (256), which keeps a
 * glob over / to about a millisecond; the bound, not the time, is what is under test.
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
  /** load the key files an ipsec.secrets names (devices and FIFOs must be refused, not read) */
  loadKeys(s: IpsecSecrets): Promise<void>;
}

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
  const disk = fileReader(undefined, { maxIncludeFiles: 256 });
  return {
    dir,
    maxIncludeFiles: 256,
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
      "conn a\n  also=a\n  auto=add\n",
      `conn %default\n  also=x\ninclude /dev/zero\nconn x\n  also=%default\n  leftcert=${join(dir, "fifo")}\n`,
    ],
    secretsSeeds: [
      `${includes}: PSK "x"\n`,
      `: RSA /dev/zero\n: RSA ${join(dir, "fifo")}\n: ECDSA ${join(dir, "loop1")} %prompt\n: P12 /dev/urandom "pw"\n`,
      `: RSA ${join(dir, "key.pem")}\ninclude ${join(dir, "fifo")}\n: PKCS8 ${join(dir, "zero.conf")}\n`,
    ],
    tokens: [...targets, "also=", "also=a", ": RSA ", "include /dev/zero\n", `include ${dir}/`],
    async loadKeys(s) {
      for (const k of s.secrets)
        if (k.type === "key" && k.file?.value.startsWith("/"))
          try {
            await loadFile(k.file.value);
          } catch (e) {
            if (!(e instanceof IkecertError)) throw e;
          }
    },
  };
}
