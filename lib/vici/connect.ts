/**
 * Opening charon's VICI socket (a unix socket; charon's default is /var/run/charon.vici, the
 * `socket` option of the vici plugin changes it). Socket I/O only.
 */
import { createConnection } from "node:net";
import { IkecertError } from "../errors.js";
import { ViciClient, type ViciConnectOptions } from "./client.js";

export const DEFAULT_VICI_SOCKET = "/var/run/charon.vici";

/** The path of a `--vici` value (`unix:///run/charon.vici` or a plain path). */
export function socketPath(socket: string): string {
  if (socket.startsWith("unix://")) return socket.slice("unix://".length);
  if (/^[a-z]+:\/\//i.test(socket))
    throw new IkecertError(
      "USAGE",
      `${socket}: only unix sockets are supported (write a path or unix:///var/run/charon.vici)`,
    );
  return socket;
}

function connectError(path: string, e: NodeJS.ErrnoException): IkecertError {
  const code = e.code ?? "error";
  const why =
    code === "ENOENT"
      ? "no such socket: is charon running with the vici plugin? (swanctl uses the same socket; give another with --vici)"
      : code === "ECONNREFUSED"
        ? "connection refused: charon is not running, or the socket is stale"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied: the vici socket is readable by root only by default (run as root, or with sudo)"
          : code === "ENOTSOCK"
            ? "not a socket"
            : `cannot connect (${code})`;
  return new IkecertError("VICI_UNAVAILABLE", `${path}: ${why}`, path);
}

/**
 * Connect to charon's VICI socket. Fails with a one-line IkecertError (code VICI_UNAVAILABLE) when
 * the socket is missing, refuses, or may not be opened.
 */
export async function connectVici(opts: ViciConnectOptions = {}): Promise<ViciClient> {
  const path = socketPath(opts.socket ?? DEFAULT_VICI_SOCKET);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path });
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            socket.destroy();
            reject(
              new IkecertError("VICI_UNAVAILABLE", `${path}: no connection within ${timeoutMs / 1000} s`),
            );
          }, timeoutMs)
        : null;
    const onError = (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(connectError(path, e));
    };
    socket.once("error", onError);
    socket.once("connect", () => {
      if (timer) clearTimeout(timer);
      socket.off("error", onError);
      resolve(new ViciClient(socket, path, opts));
    });
  });
}
