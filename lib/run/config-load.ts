import { basename, dirname, join } from "node:path";
import { type LoadedConfig, type ResolvedRefs, refKey } from "../checks/credentials.js";
import { type ConfigFormat, configFormatOf, configFormatOfName } from "../config/format.js";
import { IkecertError } from "../errors.js";
import { fileReader } from "../input/config-files.js";
import { pathKind } from "../input/folders.js";
import { type IpsecDir, loadIpsecDir } from "../input/ipsec-dir.js";
import type { LoadOptions } from "../input/load.js";
import { type FolderFile, loadSwanctlDir, resolveFileRef } from "../input/swanctl-dir.js";

/** Options of `loadConfig`: those of `loadFile`, and the format when its guess should not decide. */
export interface ConfigLoadOptions extends LoadOptions {
  /** read the file as this format; default: what its content says, else its name */
  format?: ConfigFormat;
}

/**
 * Read a configuration the way `ikecert audit` takes it: a swanctl folder (with swanctl.conf), a
 * swanctl.conf file (its folder holds x509/, private/, ...), an ipsec.conf file or a folder holding
 * ipsec.conf (with ipsec.secrets and ipsec.d/ beside it). A file is swanctl.conf or ipsec.conf by its
 * content (`moon.ipsec.conf`, `gw.conf`), then by its name; `format` decides instead. Then load every
 * file the connections name outside the folder (`resolveConfigRefs`), so the checks stay pure.
 */
export async function loadConfig(
  path: string,
  opts: ConfigLoadOptions = {},
): Promise<{ config: LoadedConfig; refs: ResolvedRefs }> {
  const kind = pathKind(path);
  if (kind === "missing") throw new IkecertError("FILE_NOT_FOUND", `${path}: no such file or folder`, path);
  let config: LoadedConfig;
  if (kind === "folder") {
    const has = (f: ConfigFormat) =>
      opts.format === undefined || opts.format === f
        ? pathKind(join(path, f === "swanctl" ? "swanctl.conf" : "ipsec.conf")) !== "missing"
        : false;
    if (has("swanctl")) config = await loadSwanctlDir(path, opts);
    else if (has("ipsec")) config = await loadIpsecDir(path, opts);
    else
      throw new IkecertError(
        "USAGE",
        opts.format
          ? `${path}: no ${opts.format === "swanctl" ? "swanctl.conf" : "ipsec.conf"} in this folder (--format ${opts.format})`
          : `${path}: neither swanctl.conf nor ipsec.conf in this folder (give the swanctl folder, e.g. /etc/swanctl)`,
        path,
      );
  } else {
    const format = opts.format ?? formatOfFile(path);
    try {
      config =
        format === "ipsec"
          ? await loadIpsecDir(dirname(path), { ...opts, confFile: path })
          : await loadSwanctlDir(dirname(path), { ...opts, confFile: path });
    } catch (e) {
      // told to read it as one format, while it is written in the other
      const other = format === "ipsec" ? "swanctl" : "ipsec";
      if (e instanceof IkecertError && e.code === "CONFIG_INVALID" && formatOfFile(path) === other)
        throw new IkecertError(
          e.code,
          `${e.message} (the file reads like ${other === "ipsec" ? "an ipsec.conf" : "a swanctl.conf"}: --format ${other})`,
          e.file,
        );
      throw e;
    }
  }
  return { config, refs: await resolveConfigRefs(config, opts) };
}

/** swanctl.conf or ipsec.conf: what the file holds says, else its name (an unreadable file: its name). */
function formatOfFile(path: string): ConfigFormat {
  let text = "";
  try {
    text = fileReader().read(path);
  } catch {
    // the loader reports the file with its own message
  }
  return configFormatOf(text) ?? configFormatOfName(basename(path));
}

/** Load the files connections, authorities and ipsec.secrets name outside the folder already read. */
export async function resolveConfigRefs(config: LoadedConfig, opts: LoadOptions = {}): Promise<ResolvedRefs> {
  const refs: ResolvedRefs = new Map();
  const known = (p: string | null) => p !== null && config.files.some((f) => f.path === p || f.file === p);
  const conns = config.conf?.connections ?? [];
  const want: { ref: Parameters<typeof resolveFileRef>[1]; folder: FolderFile["folder"] }[] = [];
  const ipsec = "secrets" in config;
  for (const c of conns)
    for (const r of [...c.local, ...c.remote]) {
      for (const ref of r.certs) want.push({ ref, folder: ipsec ? "certs" : "x509" });
      for (const ref of r.cacerts) want.push({ ref, folder: ipsec ? "cacerts" : "x509ca" });
    }
  for (const a of config.conf?.authorities ?? [])
    if (a.cacert) want.push({ ref: a.cacert, folder: ipsec ? "cacerts" : "x509ca" });
  if (ipsec)
    for (const s of (config as IpsecDir).secrets?.secrets ?? [])
      if (s.type === "key" && s.file?.value.startsWith("/"))
        want.push({
          ref: { text: s.file.value, path: s.file.value, inline: null, origin: s.origin },
          folder: "private",
        });
  const missing = new Set<string>();
  for (const { ref, folder } of want) {
    const key = refKey(ref);
    if (refs.has(key) || missing.has(key) || known(ref.path)) continue;
    // a missing file stays unresolved: the audit reports it as missing
    if (
      ref.path !== null &&
      !ref.inline &&
      pathKind(ref.path.startsWith("/") ? ref.path : join(config.dir, ref.path)) === "missing"
    ) {
      missing.add(key);
      continue;
    }
    refs.set(key, await resolveFileRef(config, ref, folder, opts));
  }
  return refs;
}
