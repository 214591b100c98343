import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  decodeMessage,
  decodePacket,
  encodeMessage,
  encodePacket,
  PACKET,
  PacketReader,
  type ViciInput,
  type ViciSection,
} from "../../lib/index.js";

/**
 * A scripted VICI server on a unix socket in a temp folder, for the framing edge cases a real charon
 * never produces. `handle` gets each packet the client sent (type, name, decoded message) and the
 * socket, and writes whatever bytes the test wants. Every byte received is counted.
 */
export interface Received {
  type: number;
  name: string | null;
  message: ViciSection;
}

export interface FakeServer {
  path: string;
  received: Received[];
  bytesReceived: () => number;
  close: () => Promise<void>;
}

export type Handler = (p: Received, sock: Socket) => void;

export async function fakeServer(handle: Handler): Promise<FakeServer> {
  const dir = mkdtempSync(join(tmpdir(), "ikc-vici-fake-"));
  const path = join(dir, "charon.vici");
  const received: Received[] = [];
  let bytes = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    const reader = new PacketReader();
    sock.on("data", (d) => {
      bytes += d.length;
      for (const raw of reader.push(new Uint8Array(d))) {
        const p = decodePacket(raw);
        const r = { type: p.type, name: p.name, message: decodeMessage(p.body) };
        received.push(r);
        handle(r, sock);
      }
    });
    sock.on("error", () => undefined);
    sock.on("close", () => sockets.delete(sock));
  });
  await new Promise<void>((res) => server.listen(path, res));
  return {
    path,
    received,
    bytesReceived: () => bytes,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const response = (m: ViciInput = {}) => encodePacket(PACKET.CMD_RESPONSE, null, encodeMessage(m));
export const event = (name: string, m: ViciInput) => encodePacket(PACKET.EVENT, name, encodeMessage(m));
export const confirm = () => encodePacket(PACKET.EVENT_CONFIRM, null);
export const unknownCommand = () => encodePacket(PACKET.CMD_UNKNOWN, null);

/** A well-behaved server: confirms every (un)registration, answers commands from `answers`. */
export function scripted(answers: Record<string, (p: Received, sock: Socket) => void>): Handler {
  return (p, sock) => {
    if (p.type === PACKET.EVENT_REGISTER || p.type === PACKET.EVENT_UNREGISTER) {
      sock.write(confirm());
      return;
    }
    const a = answers[p.name ?? ""];
    if (a) a(p, sock);
    else sock.write(unknownCommand());
  };
}
