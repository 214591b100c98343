import { join, posix } from "node:path";
import { type IpsecConf, parseIpsecConf } from "../config/ipsec.js";

import { type IpsecSecrets, parseIpsecSecrets } from "../config/secrets.js";
import { IkecertError } from "../errors.js";
import { fileReader, MAX_CONFIG_FILE } from "./config-files.js";
import { pathKind } from "./folders.js";
import type { LoadOptions } from "./load.js";
import { type FolderFile, loadFolder } from "./swanctl-dir.js";

/**
 * An ipsec.conf setup as starter and the stroke plugin read it: `<dir>/ipsec.conf`,
 * `<dir>/ipsec.secrets` and `<dir>/ipsec.d/` (certs/, cacerts/, private/, aacerts/, ocspcerts/, crls/).
 * cacerts/ is loaded whole by charon; certs/ only as `leftcert`/`rightcert` name them; private keys only
 * as ipsec.secrets names them (with the passphrase given there). We list and load every file so the
 * audit can say which ones are used.
 */
export interface IpsecDir {
  dir: string;
  conf: IpsecConf | null;
  secrets: IpsecSecrets | null;
  files: FolderFile[];
}

const FOLDERS = ["certs", "cacerts", "private", "aacerts", "ocspcerts", "crls"] as const;

/** Read an ipsec.conf folder (ipsec.conf, ipsec.secrets, ipsec.d/) as starter and charon would. */
export async function loadIpsecDir(
  dir: string,
  opts: LoadOptions & {
    /** the ipsec.conf to read (`moon.ipsec.conf`); default `<dir>/ipsec.conf` */
    confFile?: string;
  } = {},
): Promise<IpsecDir> {
  const kind = pathKind(dir);
  if (kind === "missing") throw new IkecertError("FILE_NOT_FOUND", `${dir}: no such folder`, dir);
  if (kind !== "folder") throw new IkecertError("USAGE", `${dir}: not a folder`, dir);
  const reader = fileReader(MAX_CONFIG_FILE, opts.limits);
  const maxIncludeFiles = opts.limits?.maxIncludeFiles;
  const optional = <T>(file: string, parse: (text: string) => T): T | null => {
    try {
      return parse(reader.read(file));
    } catch (e) {
      if (e instanceof IkecertError && e.code === "FILE_NOT_FOUND") return null;
      throw e;
    }
  };
  const confFile = opts.confFile ?? join(dir, "ipsec.conf");
  const secretsFile = join(dir, "ipsec.secrets");
  const conf = optional(confFile, (t) =>
    parseIpsecConf(t, confFile, { reader, maxIncludeDepth: opts.limits?.maxIncludeDepth, maxIncludeFiles }),
  );
  const secrets = optional(secretsFile, (t) =>
    parseIpsecSecrets(t, secretsFile, { reader, maxIncludeFiles }),
  );
  const files: FolderFile[] = [];
  for (const folder of FOLDERS) {
    const passphraseFor = (name: string) => {
      if (folder !== "private") return null;
      for (const s of secrets?.secrets ?? [])
        if (s.type === "key" && s.file && posix.basename(s.file.value) === name && s.secrets[0])
          return s.secrets[0];
      return null;
    };
    files.push(...(await loadFolder(dir, posix.join("ipsec.d", folder), folder, opts, passphraseFor)));
  }
  return { dir, conf, secrets, files };
}
