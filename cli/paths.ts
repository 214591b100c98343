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
    let names: string[];
    try {
      names = (await readdir(p)).sort();
    } catch (e) {
      throw new IkecertError(
        "FILE_UNREADABLE",
        `${p}: cannot read the folder (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        p,
      );
    }
    const files: string[] = [];
    for (const n of names) {
      if (n.startsWith(".")) continue;
      const full = join(p, n);
      // a dangling symlink is not a file of the folder
      if ((await stat(full).catch(() => null))?.isFile()) files.push(full);
    }
    if (files.length === 0) throw new IkecertError("FILE_NOT_FOUND", `${p}: the folder holds no files`, p);
    out.push(...files);
  }
  return out;
}
