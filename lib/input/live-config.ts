import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LoadedConfig, ResolvedRefs } from "../checks/credentials.js";
import { IkecertError } from "../errors.js";
import { loadConfig } from "./config-load.js";
import type { LoadOptions } from "./load.js";
import { type FolderFile, loadFolder, SWANCTL_FOLDERS } from "./swanctl-dir.js";

/**
 * The configuration `ikecert live` compares with: as `loadConfig` reads it, or, when swanctl.conf
 * does not parse, the credential folders alone with the parse error (swanctl itself still loads
 * the credentials then, and loads no connection: src/swanctl/commands/load_conns.c).
 */
export async function loadConfigForLive(
  path: string,
  opts: LoadOptions = {},
): Promise<{ config: LoadedConfig; refs: ResolvedRefs; error: { message: string; file?: string } | null }> {
  try {
    const { config, refs } = await loadConfig(path, opts);
    return { config, refs, error: null };
  } catch (e) {
    if (!(e instanceof IkecertError) || e.code !== "CONFIG_INVALID") throw e;
    const dir = existsSync(path) && statSync(path).isDirectory() ? path : join(path, "..");
    const files: FolderFile[] = [];
    for (const folder of SWANCTL_FOLDERS) files.push(...(await loadFolder(dir, folder, folder, opts)));
    const file = /^(.*?:\d+):/.exec(e.message)?.[1];
    return {
      config: { dir, conf: null, files },
      refs: new Map(),
      error: { message: e.message, ...(file ? { file } : {}) },
    };
  }
}
