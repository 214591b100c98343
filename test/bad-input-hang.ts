import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Rows of the bad-input table (docs/robustness.md, test/cli-bad-input.test.ts) for issue 20: inputs
 * that used to make ikecert hang — FIFOs, devices, endless streams, filesystem-wide includes,
 * symlink loops and include cycles. Each ends at once with exit 2 and one line, or with an audit
 * finding (exit 1 when strongSwan would hang or fail too, 0 when it skips the include).
 */
export interface Row {
  /** the bad input, as the docs table names it */
  input: string;
  /** the command line after `ikecert` */
  args: () => string[];
  /** the exit code; 2 = unusable input (the message is on stderr), 0/1 = a finding (on stdout) */
  exit: 0 | 1 | 2;
  /** the message, as a pattern over the line the CLI prints */
  message: RegExp;
  env?: Record<string, string>;
  stdin?: string;
  /** batch mode: the problem is a record on stdout, not the one stderr line (exit 2 all the same) */
  record?: boolean;
}

export interface RowContext {
  dir: string;
  file: (name: string, data: string | Uint8Array) => string;
  conf: (name: string, files: Record<string, string>) => string;
  /** a certificate and its key */
  cert: string;
  key: string;
}

/** 33 random bytes, base64: a PSK no check complains about */
const PSK = "0sK3ZiY2FmZWJhYmVkZWFkYmVlZmZlZWRmYWNlYmFkZ29vZDAx";

export function hangRows(c: RowContext): Row[] {
  /** a FIFO in the test's folder (nobody ever writes to it) */
  const fifo = (name: string) => {
    const p = join(c.dir, name);
    if (!existsSync(p)) execFileSync("mkfifo", [p]);
    return p;
  };
  const loop = () => {
    const a = join(c.dir, "loop1.pem");
    if (!existsSync(a)) {
      symlinkSync(join(c.dir, "loop2.pem"), a);
      symlinkSync(a, join(c.dir, "loop2.pem"));
    }
    return a;
  };
  const ipsec = (name: string, conf: string, secrets: string) =>
    c.conf(name, {
      "ipsec.conf": `${conf}conn a\n  right=192.0.2.1\n  authby=psk\n  auto=add\n`,
      "ipsec.secrets": `${secrets}: PSK ${PSK}\n`,
    });
  return [
    // --- files that never end or never open ---
    {
      input: "a FIFO (named pipe) given to inspect",
      args: () => ["inspect", fifo("fifo.pem")],
      exit: 2,
      message: /fifo\.pem: is a FIFO \(named pipe\), not a regular file; ikecert reads regular files only/,
    },
    {
      input: "a FIFO as the certificate of pair",
      args: () => ["pair", fifo("fifo.pem"), c.key],
      exit: 2,
      message: /fifo\.pem: is a FIFO \(named pipe\), not a regular file/,
    },
    {
      input: "a FIFO as the key of pair",
      args: () => ["pair", c.cert, fifo("fifo.pem")],
      exit: 2,
      message: /fifo\.pem: is a FIFO \(named pipe\), not a regular file/,
    },
    {
      input: "a FIFO as a --ca of chain",
      args: () => ["chain", c.cert, "--ca", fifo("fifo.pem")],
      exit: 2,
      message: /fifo\.pem: is a FIFO \(named pipe\), not a regular file/,
    },
    {
      input: "a symlink loop",
      args: () => ["inspect", loop()],
      exit: 2,
      message: /loop1\.pem: a symlink loop \(too many levels of symbolic links\)/,
    },
    {
      input: "a --passphrase-file that is a device",
      args: () => ["inspect", "--passphrase-file", "/dev/zero", c.key],
      exit: 2,
      message: /--passphrase-file \/dev\/zero: is a character device, not a regular file/,
    },
    // --- includes ---
    {
      input: "include /dev/zero in swanctl.conf",
      args: () => [
        "audit",
        c.conf("zero-swanctl", { "swanctl.conf": "include /dev/zero\nconnections {}\n" }),
      ],
      exit: 0,
      message:
        /warning INCLUDE_NOT_REGULAR_FILE: .*zero-swanctl\/swanctl\.conf:1: include '\/dev\/zero' is a character device: swanctl skips it/,
    },
    {
      input: "include /dev/urandom in swanctl.conf",
      args: () => [
        "audit",
        c.conf("urandom-swanctl", { "swanctl.conf": "connections {}\ninclude /dev/urandom\n" }),
      ],
      exit: 0,
      message:
        /warning INCLUDE_NOT_REGULAR_FILE: .*swanctl\.conf:2: include '\/dev\/urandom' is a character device/,
    },
    {
      input: "include /dev/zero in swanctl.conf, strongSwan 5.9.0",
      args: () => [
        "audit",
        "--strongswan",
        "5.9.0",
        c.conf("zero-590", { "swanctl.conf": "include /dev/zero\nconnections {}\n" }),
      ],
      exit: 1,
      message:
        /error INCLUDE_DEVICE_READ: .*swanctl\.conf:1: include '\/dev\/zero' is a character device: swanctl before 5\.9\.1 reads it/,
    },
    {
      input: "include of a FIFO in swanctl.conf",
      args: () => [
        "audit",
        c.conf("fifo-swanctl", { "swanctl.conf": `include ${fifo("fifo.conf")}\nconnections {}\n` }),
      ],
      exit: 1,
      message:
        /error INCLUDE_FIFO_BLOCKS: .*swanctl\.conf:1: include '.*fifo\.conf' is a FIFO \(named pipe\): swanctl blocks opening it until something writes to it/,
    },
    {
      input: "include /dev/zero in ipsec.conf",
      args: () => ["audit", ipsec("zero-ipsec", "include /dev/zero\n", "")],
      exit: 0,
      message:
        /warning INCLUDE_NOT_REGULAR_FILE: .*ipsec\.conf:1: include '\/dev\/zero' is a character device: starter skips it/,
    },
    {
      input: "include /dev/urandom in ipsec.conf",
      args: () => ["audit", ipsec("urandom-ipsec", "include /dev/urandom\n", "")],
      exit: 0,
      message:
        /warning INCLUDE_NOT_REGULAR_FILE: .*ipsec\.conf:1: include '\/dev\/urandom' is a character device/,
    },
    {
      input: "include /dev/zero in ipsec.secrets",
      args: () => ["audit", ipsec("zero-secrets", "", "include /dev/zero\n")],
      exit: 0,
      message:
        /warning INCLUDE_NOT_REGULAR_FILE: .*ipsec\.secrets:1: include '\/dev\/zero' is a character device: charon sizes it with fstat \(0 bytes for a device\) and reads it as an empty file/,
    },
    {
      input: "include /dev/urandom in ipsec.secrets",
      args: () => ["audit", ipsec("urandom-secrets", "", "include /dev/urandom\n")],
      exit: 0,
      message:
        /warning INCLUDE_NOT_REGULAR_FILE: .*ipsec\.secrets:1: include '\/dev\/urandom' is a character device/,
    },
    {
      input: "include of a FIFO in ipsec.secrets",
      args: () => ["audit", ipsec("fifo-secrets", "", `include ${fifo("fifo.secrets")}\n`)],
      exit: 1,
      message:
        /error INCLUDE_FIFO_BLOCKS: .*ipsec\.secrets:1: include '.*fifo\.secrets' is a FIFO \(named pipe\): charon blocks opening it until something writes to it/,
    },
    {
      input: "include /*/*/* (the whole file system)",
      args: () => ["audit", c.conf("glob", { "swanctl.conf": "connections {}\ninclude /*/*/*\n" })],
      exit: 2,
      message:
        /glob\/swanctl\.conf:2: include '\/\*\/\*\/\*' matches more than 4096 paths \(limit --max-include-files 4096\)/,
    },
    {
      input: "includes that fan out past --max-include-files",
      args: () => {
        const files: Record<string, string> = { "swanctl.conf": "include l0.conf\ninclude l0.conf\n" };
        for (let i = 0; i < 12; i++) files[`l${i}.conf`] = `include l${i + 1}.conf\ninclude l${i + 1}.conf\n`;
        files["l12.conf"] = "connections {}\n";
        return ["audit", c.conf("fanout", files)];
      },
      exit: 2,
      message: /fanout\/l\d+\.conf:\d+: includes read more than 4096 files \(limit --max-include-files\)/,
    },
    {
      input: "two files that include each other",
      args: () => [
        "audit",
        c.conf("cycle", { "swanctl.conf": "include other.conf\n", "other.conf": "include swanctl.conf\n" }),
      ],
      exit: 2,
      message: /cycle\/other\.conf:1: include loop: '.*cycle\/swanctl\.conf' includes itself/,
    },
    {
      input: "an include cycle through a symlink",
      args: () => {
        const d = c.conf("symcycle", { "swanctl.conf": "include link.conf\nconnections {}\n" });
        if (!existsSync(join(d, "link.conf"))) symlinkSync(join(d, "swanctl.conf"), join(d, "link.conf"));
        return ["audit", d];
      },
      exit: 2,
      message: /symcycle\/swanctl\.conf:1: include loop: '.*symcycle\/link\.conf' includes itself/,
    },
    {
      input: "a folder linked into itself, included through the link",
      args: () => {
        const d = c.conf("selfdir", { "swanctl.conf": "include sub/swanctl.conf\n" });
        if (!existsSync(join(d, "sub"))) symlinkSync(d, join(d, "sub"));
        return ["audit", d];
      },
      exit: 2,
      message: /selfdir\/swanctl\.conf:1: include loop: '.*selfdir\/sub\/swanctl\.conf' includes itself/,
    },
    // --- streams: a line limit and a total limit ---
    {
      input: "explain --log /dev/zero",
      args: () => ["explain", "--log", "/dev/zero"],
      exit: 2,
      message: /\/dev\/zero: is a character device, not a regular file/,
    },
    {
      input: "explain --log of a FIFO",
      args: () => ["explain", "--log", fifo("fifo.log")],
      exit: 2,
      message:
        /fifo\.log: is a FIFO \(named pipe\), not a regular file; to read a pipe, give - and feed it on stdin/,
    },
    {
      input: "a log line over --max-line on stdin",
      args: () => ["explain", "--max-line", "100", "--log", "-"],
      stdin: `Nov 27 10:00:01 08[IKE] ${"x".repeat(200)}\n`,
      exit: 2,
      message:
        /stdin: line 1 is over the line limit of 100 bytes, not a log line \(raise it with --max-line\)/,
    },
    {
      input: "a log over --max-input on stdin",
      args: () => ["explain", "--max-input", "1000", "--log", "-"],
      stdin: "Nov 27 10:00:01 08[CFG] <1> no matching peer config found\n".repeat(100),
      exit: 2,
      message: /stdin: more than 1000 bytes, over the limit \(raise it with --max-input\)/,
    },
    {
      input: "id --batch of a FIFO",
      args: () => ["id", "--batch", fifo("fifo.jsonl")],
      exit: 2,
      message: /--batch .*fifo\.jsonl: is a FIFO \(named pipe\), not a regular file; to read a pipe, give -/,
    },
    {
      input: "a batch over --max-input on stdin",
      args: () => ["id", "--max-input", "1000", "--batch", "-"],
      // the first line alone is over the limit: no record is written before the error
      stdin: `${JSON.stringify({ cert: c.cert, ids: [`@${"x".repeat(1100)}`] })}\n`.repeat(3),
      exit: 2,
      message: /--batch - \(stdin\): more than 1000 bytes, over the limit \(raise it with --max-input\)/,
    },
    // --- chain --batch and chain DIR (the batches of issue 16) read through the same path ---
    {
      input: "chain --batch /dev/zero",
      args: () => ["chain", "--batch", "/dev/zero", "--ca", c.cert],
      exit: 2,
      message:
        /--batch \/dev\/zero: is a character device, not a regular file; ikecert reads regular files only/,
    },
    {
      input: "chain --batch of a FIFO",
      args: () => ["chain", "--batch", fifo("fifo.jsonl"), "--ca", c.cert],
      exit: 2,
      message: /--batch .*fifo\.jsonl: is a FIFO \(named pipe\), not a regular file; to read a pipe, give -/,
    },
    {
      input: "a chain batch over --max-input on stdin",
      args: () => ["chain", "--max-input", "1000", "--batch", "-", "--ca", c.cert],
      stdin: `${JSON.stringify({ cert: c.cert, intermediates: [`${"x".repeat(1100)}.pem`] })}\n`.repeat(3),
      exit: 2,
      message: /--batch - \(stdin\): more than 1000 bytes, over the limit \(raise it with --max-input\)/,
    },
    {
      input: "a chain batch line naming a FIFO",
      args: () => [
        "chain",
        "--batch",
        c.file("fifo-line.jsonl", `${JSON.stringify({ cert: fifo("fifo.pem") })}\n`),
        "--ca",
        c.cert,
      ],
      exit: 2,
      record: true,
      message:
        /"code":"NOT_REGULAR_FILE","message":".*fifo\.pem: is a FIFO \(named pipe\), not a regular file/,
    },
    {
      // the certificate next to it is checked all the same; the FIFO is an error line of its own
      input: "chain DIR: a folder holding a FIFO",
      args: () => {
        const d = c.conf("fifo-certs", { "a.pem": readFileSync(c.cert, "utf8") });
        fifo("fifo-certs/b.pem");
        return ["chain", d, "--ca", c.cert];
      },
      exit: 2,
      record: true,
      message:
        /fifo-certs\/b\.pem: is a FIFO \(named pipe\), not a regular file; ikecert reads regular files only/,
    },
    {
      input: "psk --file /dev/zero",
      args: () => ["psk", "--file", "/dev/zero"],
      exit: 2,
      message: /\/dev\/zero: is a character device, not a regular file/,
    },
    {
      input: "a pre-shared key on stdin over 64 KiB",
      args: () => ["psk"],
      stdin: "k".repeat(70_000),
      exit: 2,
      message: /the pre-shared key input on stdin: more than 65536 bytes, over the limit/,
    },
  ];
}
