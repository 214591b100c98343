import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { posix } from "node:path";
import type { ConfigReader } from "../config/reader.js";
import { globSegmentRegExp, globSort, hasGlobMagic } from "../config/reader.js";
import { IkecertError } from "../errors.js";

/** Configuration files larger than this are refused (swanctl.conf files are a few KiB). */
export const MAX_CONFIG_FILE = 4 * 1024 * 1024;

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? "error";
}

/** The file-system reader the configuration parsers use (lib/config itself never touches fs). */
export function fileReader(maxSize = MAX_CONFIG_FILE): ConfigReader {
  return {
    read(path) {
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(path);
      } catch (e) {
        if (errCode(e) === "ENOENT") throw new IkecertError("FILE_NOT_FOUND", `${path}: no such file`, path);
        throw new IkecertError("FILE_UNREADABLE", `${path}: cannot read (${errCode(e)})`, path);
      }
      if (st.isDirectory()) throw new IkecertError("IS_DIRECTORY", `${path}: is a folder, not a file`, path);
      if (st.size > maxSize)
        throw new IkecertError(
          "FILE_TOO_LARGE",
          `${path}: ${st.size} bytes is over the limit of ${maxSize}`,
          path,
        );
      try {
        return readFileSync(path, "utf8");
      } catch (e) {
        throw new IkecertError("FILE_UNREADABLE", `${path}: cannot read (${errCode(e)})`, path);
      }
    },
    glob(pattern) {
      return globFiles(pattern);
    },
  };
}

/** glob(3) for `*`, `?` and `[...]` in any path segment; regular files only; sorted. */
export function globFiles(pattern: string): string[] {
  const abs = posix.isAbsolute(pattern);
  const segs = pattern.split("/").filter((s, i) => s !== "" || i === 0);
  let current = [abs ? "/" : segs[0] === "" ? "." : ""];
  const rest = abs ? segs.slice(1) : segs;
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i]!;
    const next: string[] = [];
    for (const dir of current) {
      if (!hasGlobMagic(seg)) {
        next.push(dir === "" ? seg : posix.join(dir, seg));
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(dir === "" ? "." : dir);
      } catch {
        continue;
      }
      const re = globSegmentRegExp(seg);
      for (const n of names) if (re.test(n)) next.push(dir === "" ? n : posix.join(dir, n));
    }
    current = next;
  }
  return globSort(
    current.filter((p) => {
      // glob(3) lists every name that exists (strongSwan then skips what it cannot open: folders
      // silently, unreadable files and dangling links with "unable to open"); folders are left out here
      try {
        return p !== "" && !statSync(p).isDirectory();
      } catch {
        try {
          return lstatSync(p).isSymbolicLink();
        } catch {
          return false;
        }
      }
    }),
  );
}
