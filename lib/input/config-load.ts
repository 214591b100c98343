import { basename, dirname, join } from "node:path";
import { type LoadedConfig, type ResolvedRefs, refKey } from "../checks/credentials.js";
import { IkecertError } from "../errors.js";
import { pathKind } from "./folders.js";
import { type IpsecDir, loadIpsecDir } from "./ipsec-dir.js";
import type { LoadOptions } from "./load.js";
import { type FolderFile, loadSwanctlDir, resolveFileRef } from "./swanctl-dir.js";

/**
 * Read a configuration the way `ikecert audit` takes it: a swanctl folder (with swanctl.conf), a
 * swanctl.conf file (its folder holds x509/, private/, ...), an ipsec.conf file or a folder holding
 * ipsec.conf (with ipsec.secrets and ipsec.d/ beside it). Then load every file the connections name
 * outside the folder (`resolveConfigRefs`), so the checks stay pure.
 */
export async function loadConfig(
  path: string,
  opts: LoadOptions = {},
): Promise<{ config: LoadedConfig; refs: ResolvedRefs }> {
  const kind = pathKind(path);
  if (kind === "missing") throw new IkecertError("FILE_NOT_FOUND", `${path}: no such file or folder`, path);
  let config: LoadedConfig;
  if (kind === "folder") {
    if (pathKind(join(path, "swanctl.conf")) !== "missing") config = await loadSwanctlDir(path, opts);
    else if (pathKind(join(path, "ipsec.conf")) !== "missing") config = await loadIpsecDir(path, opts);
    else
      throw new IkecertError(
        "USAGE",
        `${path}: neither swanctl.conf nor ipsec.conf in this folder (give the swanctl folder, e.g. /etc/swanctl)`,
        path,
      );
  } else if (basename(path) === "ipsec.conf") config = await loadIpsecDir(dirname(path), opts);
  else config = await loadSwanctlDir(dirname(path), { ...opts, confFile: path });
  return { config, refs: await resolveConfigRefs(config, opts) };
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
