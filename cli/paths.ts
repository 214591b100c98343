import { stat } from "node:fs/promises";
import { join } from "node:path";
import { IkecertError, listFolder } from "../lib/index.js";

/** Files named on the command line; a folder stands for the regular files in it (sorted, not recursive). */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ELOOP")
        throw new IkecertError(
          "FILE_UNREADABLE",
          `${p}: a symlink loop (too many levels of symbolic links)`,
          p,
        );
      throw new IkecertError("FILE_NOT_FOUND", `${p}: no such file or folder`, p);
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    let files: string[];
    try {
      files = listFolder(p)
        .filter((e) => !e.name.startsWith(".") && e.kind === "file") // a dangling symlink is no file
        .map((e) => join(p, e.name));
    } catch (e) {
      if (e instanceof IkecertError) throw e;
      throw new IkecertError(
        "FILE_UNREADABLE",
        `${p}: cannot read the folder (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        p,
      );
    }
    if (files.length === 0) throw new IkecertError("FILE_NOT_FOUND", `${p}: the folder holds no files`, p);
    out.push(...files);
  }
  return out;
}
