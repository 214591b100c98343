import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { IkecertError } from "../lib/index.js";

/** Files named on the command line; a folder stands for the regular files in it (sorted, not recursive). */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(p);
    } catch {
      throw new IkecertError("FILE_NOT_FOUND", `${p}: no such file or folder`, p);
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const names = (await readdir(p)).sort();
    const files: string[] = [];
    for (const n of names) {
      if (n.startsWith(".")) continue;
      const full = join(p, n);
      if ((await stat(full)).isFile()) files.push(full);
    }
    if (files.length === 0) throw new IkecertError("FILE_NOT_FOUND", `${p}: the folder holds no files`, p);
    out.push(...files);
  }
  return out;
}
