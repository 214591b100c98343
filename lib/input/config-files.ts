import type { ConfigReader } from "../config/reader.js";
import { readRegularFileStat } from "./files.js";
import { globFiles } from "./folders.js";
import { DEFAULT_LIMITS, type Limits } from "./load.js";

/** Configuration files larger than this are refused (swanctl.conf files are a few KiB). */
export const MAX_CONFIG_FILE = 4 * 1024 * 1024;

/**
 * The file-system reader the configuration parsers use (lib/config itself never touches fs): regular
 * files only, at most `maxSize` bytes each, include globs of at most `limits.maxIncludeFiles` files.
 * It remembers each file's device and inode, so the parsers see one file reached by two names.
 */
export function fileReader(maxSize = MAX_CONFIG_FILE, limits: Partial<Limits> = {}): ConfigReader {
  const identities = new Map<string, string>();
  const maxMatches = limits.maxIncludeFiles ?? DEFAULT_LIMITS.maxIncludeFiles;
  return {
    read(path) {
      const { bytes, st } = readRegularFileStat(path, { maxBytes: maxSize });
      identities.set(path, `${st.dev}:${st.ino}`);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    },
    glob(pattern, max = maxMatches) {
      return globFiles(pattern, max);
    },
    identity(path) {
      return identities.get(path);
    },
  };
}
