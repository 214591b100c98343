/**
 * Includes that name a FIFO, a device or a socket (issue 20). ikecert reads none of them; what
 * strongSwan would do with each is the finding:
 * - swanctl.conf and ipsec.conf (and strongswan.conf) go through parser_helper.c `file_next`: it
 *   fopen()s every glob match and, since 5.9.1, keeps it only when fstat says S_ISREG. A device or
 *   socket is skipped ("unable to open", logged at level 2 only); a FIFO blocks in fopen() until a
 *   writer opens it (and is skipped after that), so swanctl or starter hangs. Before 5.9.1 a device
 *   is read as a file.
 * - ipsec.secrets goes through stroke_cred.c `load_secrets` → chunk_map(): open() (a FIFO blocks
 *   charon there until a writer comes), fstat, and a mapping of st_size bytes: a device or a FIFO
 *   has size 0 and reads as an empty file; a socket cannot be opened ("opening secrets file ...
 *   failed").
 * Verified against 5.9.8 in test/strongswan/includes-diff.test.ts. Pure.
 */
import type { ConfigDiagnostic } from "../../config/model.js";
import { formatOrigin } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import { type ReleaseLike, rulesFor } from "../../rules.js";
import type { LoadedConfig } from "../credentials.js";

const WHAT = {
  FIFO: "a FIFO (named pipe)",
  "character device": "a character device",
  "block device": "a block device",
  socket: "a socket",
} as const;

/** An include of swanctl.conf or ipsec.conf (parser_helper.c). */
function settingsInclude(d: ConfigDiagnostic, reader: "swanctl" | "starter", release: ReleaseLike): Finding {
  const { file, kind } = d.special!;
  const at = formatOrigin(d.origin);
  const what = `${at}: include '${file}' is ${WHAT[kind]}`;
  if (kind === "FIFO")
    return finding("INCLUDE_FIFO_BLOCKS", {
      message: `${what}: ${reader} blocks opening it until something writes to it (and then skips it), so loading the configuration hangs (ikecert did not open it)`,
      file: at,
    });
  if (kind !== "socket" && !rulesFor(release).includesRegularFilesOnly)
    return finding("INCLUDE_DEVICE_READ", {
      message: `${what}: ${reader} before 5.9.1 reads it as a configuration file, without end for /dev/zero or /dev/urandom (ikecert did not read it)`,
      file: at,
    });
  // "unable to open '<file>'" is logged at level 2 only: with the default logging nothing shows
  return finding("INCLUDE_NOT_REGULAR_FILE", {
    message: `${what}: ${reader} skips it (regular files only), as if the include were not there`,
    file: at,
  });
}

/** An include of ipsec.secrets (stroke_cred.c load_secrets, chunk_map). */
function secretsInclude(d: ConfigDiagnostic): Finding {
  const { file, kind } = d.special!;
  const at = formatOrigin(d.origin);
  const what = `${at}: include '${file}' is ${WHAT[kind]}`;
  if (kind === "FIFO")
    return finding("INCLUDE_FIFO_BLOCKS", {
      message: `${what}: charon blocks opening it until something writes to it (and then reads it as empty), so loading the secrets, and charon's start, hang (ikecert did not open it)`,
      file: at,
    });
  if (kind === "socket")
    return finding("INCLUDE_NOT_REGULAR_FILE", {
      message: `${what}: charon cannot open it and goes on without it`,
      log: `opening secrets file '${file}' failed: No such device or address`,
      file: at,
    });
  return finding("INCLUDE_NOT_REGULAR_FILE", {
    message: `${what}: charon sizes it with fstat (0 bytes for a device) and reads it as an empty file`,
    log: `loading secrets from '${file}'`,
    file: at,
  });
}

/** The findings of includes that name something other than a regular file. */
export function includeFindings(config: LoadedConfig, release: ReleaseLike): Finding[] {
  const ipsec = "secrets" in config;
  const out: Finding[] = [];
  for (const d of config.conf?.diagnostics ?? [])
    if (d.special) out.push(settingsInclude(d, ipsec ? "starter" : "swanctl", release));
  if (ipsec) for (const d of config.secrets?.diagnostics ?? []) if (d.special) out.push(secretsInclude(d));
  return out;
}
