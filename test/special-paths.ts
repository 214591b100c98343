import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * A temporary folder with a FIFO (nobody writes to it) and a listening unix socket, for the tests of
 * issue 20; made before the file's tests and removed after them.
 */
export function specialPaths(prefix: string): { dir: string; fifo: string; sock: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const paths = { dir, fifo: join(dir, "fifo"), sock: join(dir, "sock") };
  let server: Server;
  beforeAll(async () => {
    execFileSync("mkfifo", [paths.fifo]);
    server = createServer();
    await new Promise<void>((r) => server.listen(paths.sock, r));
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });
  return paths;
}
