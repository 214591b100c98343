/**
 * A read-only VICI client over charon's unix socket. Socket I/O only: framing and decoding are in
 * wire.ts, the allowlist in commands.ts, the typed answers in messages.ts.
 *
 * The protocol has no sequence numbers, so one request is active at a time (README "Commands");
 * requests queue. Streaming commands (list-conns, list-certs, list-sas, list-authorities) register
 * for their event, send the command, collect the events until the response, and unregister. Events
 * the caller registered for (`log`, `ike-updown`) go to `onEvent` handlers.
 *
 * Nothing outside READ_ONLY_COMMANDS / READ_ONLY_EVENTS is ever written to the socket: such a
 * request is refused before the first byte.
 */
import type { Socket } from "node:net";
import { IkecertError } from "../errors.js";
import {
  isReadOnlyCommand,
  isReadOnlyEvent,
  READ_ONLY_COMMANDS,
  READ_ONLY_EVENTS,
  type ReadOnlyCommand,
  type ReadOnlyEvent,
} from "./commands.js";
import {
  parseAlgorithms,
  parseAuthorities,
  parseCertificate,
  parseConnections,
  parseIkeSas,
  parseKeys,
  parseNames,
  parseStats,
  parseVersion,
  type ViciAuthority,
  type ViciCertificate,
  type ViciConnection,
  type ViciIkeSa,
  type ViciStats,
  type ViciVersion,
} from "./messages.js";
import {
  decodeMessage,
  decodePacket,
  encodeMessage,
  encodePacket,
  PACKET,
  PacketReader,
  VICI_MAX_PACKET,
  type ViciInput,
  ViciProtocolError,
  type ViciSection,
} from "./wire.js";

export interface ViciConnectOptions {
  /** the socket: a path or `unix://PATH` (default /var/run/charon.vici) */
  socket?: string;
  /** largest packet accepted from the daemon (default and protocol maximum: 512 KiB) */
  maxPacket?: number;
  /** most events one streaming command may return before the client gives up (default 100,000) */
  maxStreamItems?: number;
  /** how long to wait to connect and for each answer, in ms (default 30 s; 0 waits forever) */
  timeoutMs?: number;
}

export type ViciEventHandler = (name: string, message: ViciSection) => void;
export type ViciCloseHandler = (error: IkecertError | null) => void;

interface Pending {
  what: string;
  /** for streaming commands: the event name collected into `items` */
  stream: string | null;
  items: ViciSection[];
  expect: "command" | "registration";
  resolve: (v: { response: ViciSection; items: ViciSection[] }) => void;
  reject: (e: IkecertError) => void;
  timer: NodeJS.Timeout | null;
}

export class ViciClient {
  private readonly reader: PacketReader;
  private readonly queue: Array<() => void> = [];
  private current: Pending | null = null;
  private closed = false;
  private closeError: IkecertError | null = null;
  private readonly eventHandlers = new Set<ViciEventHandler>();
  private readonly closeHandlers = new Set<ViciCloseHandler>();
  private readonly maxStreamItems: number;
  private readonly timeoutMs: number;
  /** how many bytes were written to the socket (tests hold the allowlist with it) */
  bytesSent = 0;

  /** use connectVici (lib/vici/connect.ts) */
  constructor(
    private readonly socket: Socket,
    readonly path: string,
    opts: ViciConnectOptions,
  ) {
    this.reader = new PacketReader(opts.maxPacket ?? VICI_MAX_PACKET);
    this.maxStreamItems = opts.maxStreamItems ?? 100_000;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    socket.on("data", (d: Buffer) => this.onData(d));
    socket.on("error", (e: NodeJS.ErrnoException) =>
      this.shutdown(
        new IkecertError("VICI_UNAVAILABLE", `${path}: connection failed (${e.code ?? e.message})`),
      ),
    );
    socket.on("close", () => {
      if (this.closed) return;
      const pending = this.reader.pending;
      this.shutdown(
        pending > 0
          ? new IkecertError(
              "VICI_PROTOCOL",
              `${path}: charon closed the connection in the middle of a message (${pending} bytes of it received)`,
            )
          : this.current
            ? new IkecertError(
                "VICI_UNAVAILABLE",
                `${path}: charon closed the connection before answering ${this.current.what}`,
              )
            : new IkecertError("VICI_UNAVAILABLE", `${path}: charon closed the connection`),
      );
    });
  }

  /** Handlers for the events registered with `register` (log, ike-updown). Returns an unsubscribe. */
  onEvent(h: ViciEventHandler): () => void {
    this.eventHandlers.add(h);
    return () => this.eventHandlers.delete(h);
  }

  /** Called once when the connection ends: null when closed by us, else why. */
  onClose(h: ViciCloseHandler): () => void {
    this.closeHandlers.add(h);
    return () => this.closeHandlers.delete(h);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Send a read-only command and return its response message. */
  async request(command: ReadOnlyCommand, message: ViciInput = {}): Promise<ViciSection> {
    return (await this.run(command, message)).response;
  }

  /** A streaming command: the events it raised (one per item) and its final response. */
  async stream(
    command: ReadOnlyCommand,
    message: ViciInput = {},
  ): Promise<{ items: ViciSection[]; response: ViciSection }> {
    return this.run(command, message);
  }

  // Typed requests (README "Client-initiated commands"); each is one read-only command.

  async version(): Promise<ViciVersion> {
    return parseVersion(await this.request("version"));
  }

  async stats(): Promise<ViciStats> {
    return parseStats(await this.request("stats"));
  }

  /** Every loaded connection (all backends), or the one named `ike`. */
  async listConns(filter: { ike?: string } = {}): Promise<ViciConnection[]> {
    return (await this.stream("list-conns", filter)).items.flatMap(parseConnections);
  }

  /** Names of the connections loaded over vici. */
  async getConns(): Promise<string[]> {
    return parseNames(await this.request("get-conns"), "conns");
  }

  /** Certificates charon holds; `subject` lists those charon finds for that identity. */
  async listCerts(
    filter: { type?: string; flag?: string; subject?: string } = {},
  ): Promise<ViciCertificate[]> {
    return (await this.stream("list-certs", filter)).items
      .map(parseCertificate)
      .filter((c): c is ViciCertificate => c !== null);
  }

  async listAuthorities(filter: { name?: string } = {}): Promise<ViciAuthority[]> {
    return (await this.stream("list-authorities", filter)).items.flatMap(parseAuthorities);
  }

  /** The IKE_SAs (with their CHILD_SAs); never blocks on an IKE_SA in use. */
  async listSas(filter: { ike?: string; "ike-id"?: string } = {}): Promise<ViciIkeSa[]> {
    return (await this.stream("list-sas", { noblock: "yes", ...filter })).items.flatMap(parseIkeSas);
  }

  /** Key ids (SHA-1 of the subjectPublicKey, hex) of the private keys loaded over vici. */
  async getKeys(): Promise<string[]> {
    return parseKeys(await this.request("get-keys"));
  }

  /** Ids of the shared secrets loaded over vici (never the secrets themselves). */
  async getShared(): Promise<string[]> {
    return parseNames(await this.request("get-shared"), "keys");
  }

  async getAlgorithms(): Promise<Record<string, Record<string, string>>> {
    return parseAlgorithms(await this.request("get-algorithms"));
  }

  /** Register for an event (log, ike-updown, ...); its messages go to the onEvent handlers. */
  async register(event: ReadOnlyEvent): Promise<void> {
    this.refuseEvent(event);
    await this.enqueue(`registration for '${event}'`, null, "registration", () =>
      encodePacket(PACKET.EVENT_REGISTER, event),
    );
  }

  async unregister(event: ReadOnlyEvent): Promise<void> {
    this.refuseEvent(event);
    await this.enqueue(`unregistration of '${event}'`, null, "registration", () =>
      encodePacket(PACKET.EVENT_UNREGISTER, event),
    );
  }

  /** Close the connection (pending requests are rejected). */
  close(): void {
    if (this.closed) return;
    this.shutdown(null);
  }

  private refuseEvent(event: string): void {
    if (!isReadOnlyEvent(event))
      throw new IkecertError(
        "VICI_REFUSED",
        `vici event '${event}' is not one ikecert registers for (allowed: ${READ_ONLY_EVENTS.join(", ")})`,
      );
  }

  private async run(
    command: string,
    message: ViciInput,
  ): Promise<{ items: ViciSection[]; response: ViciSection }> {
    if (!isReadOnlyCommand(command))
      throw new IkecertError(
        "VICI_REFUSED",
        `vici command '${command}' is not read-only; ikecert never sends it (allowed: ${Object.keys(READ_ONLY_COMMANDS).join(", ")})`,
      );
    const body = encodeMessage(message);
    const stream = READ_ONLY_COMMANDS[command].streams;
    if (!stream)
      return this.enqueue(`'${command}'`, null, "command", () =>
        encodePacket(PACKET.CMD_REQUEST, command, body),
      );
    await this.register(stream as ReadOnlyEvent);
    try {
      return await this.enqueue(`'${command}'`, stream, "command", () =>
        encodePacket(PACKET.CMD_REQUEST, command, body),
      );
    } finally {
      if (!this.closed) await this.unregister(stream as ReadOnlyEvent).catch(() => undefined);
    }
  }

  private enqueue(
    what: string,
    stream: string | null,
    expect: Pending["expect"],
    packet: () => Uint8Array,
  ): Promise<{ response: ViciSection; items: ViciSection[] }> {
    return new Promise((resolve, reject) => {
      const start = () => {
        if (this.closed) {
          reject(this.closeError ?? new IkecertError("VICI_UNAVAILABLE", `${this.path}: connection closed`));
          this.next();
          return;
        }
        const p: Pending = { what, stream, items: [], expect, resolve, reject, timer: null };
        if (this.timeoutMs > 0)
          p.timer = setTimeout(
            () =>
              this.shutdown(
                new IkecertError(
                  "VICI_UNAVAILABLE",
                  `${this.path}: no answer to ${what} within ${Math.round(this.timeoutMs / 1000)} s`,
                ),
              ),
            this.timeoutMs,
          );
        this.current = p;
        const bytes = packet();
        this.bytesSent += bytes.length;
        this.socket.write(bytes);
      };
      if (this.current === null && this.queue.length === 0) start();
      else this.queue.push(start);
    });
  }

  private next(): void {
    this.current = null;
    const start = this.queue.shift();
    if (start) start();
  }

  private finish(result: { response: ViciSection; items: ViciSection[] } | IkecertError): void {
    const p = this.current;
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    if (result instanceof IkecertError) p.reject(result);
    else p.resolve(result);
    this.next();
  }

  private onData(d: Buffer): void {
    try {
      for (const raw of this.reader.push(new Uint8Array(d.buffer, d.byteOffset, d.length)))
        this.onPacket(raw);
    } catch (e) {
      if (e instanceof ViciProtocolError)
        this.shutdown(new IkecertError("VICI_PROTOCOL", `${this.path}: ${e.message}`));
      else if (e instanceof IkecertError) this.shutdown(e);
      else throw e;
    }
  }

  private onPacket(raw: Uint8Array): void {
    const pkt = decodePacket(raw);
    const p = this.current;
    switch (pkt.type) {
      case PACKET.EVENT: {
        const msg = decodeMessage(pkt.body);
        if (p?.stream && pkt.name === p.stream) {
          if (p.items.length >= this.maxStreamItems)
            throw new IkecertError(
              "VICI_PROTOCOL",
              `${this.path}: ${p.what} streamed more than ${this.maxStreamItems} items; stopped reading`,
            );
          p.items.push(msg);
        } else for (const h of this.eventHandlers) h(pkt.name ?? "", msg);
        return;
      }
      case PACKET.CMD_RESPONSE:
        if (p?.expect !== "command") throw new ViciProtocolError("unexpected vici command response");
        this.finish({ response: decodeMessage(pkt.body), items: p.items });
        return;
      case PACKET.CMD_UNKNOWN:
        if (p?.expect !== "command") throw new ViciProtocolError("unexpected vici CMD_UNKNOWN");
        this.finish(
          new IkecertError("VICI_UNKNOWN_COMMAND", `${this.path}: the daemon does not know ${p.what}`),
        );
        return;
      case PACKET.EVENT_CONFIRM:
        if (p?.expect !== "registration") throw new ViciProtocolError("unexpected vici event confirmation");
        this.finish({ response: Object.create(null), items: [] });
        return;
      case PACKET.EVENT_UNKNOWN:
        if (p?.expect !== "registration") throw new ViciProtocolError("unexpected vici EVENT_UNKNOWN");
        this.finish(
          new IkecertError("VICI_UNKNOWN_COMMAND", `${this.path}: the daemon does not know the ${p.what}`),
        );
        return;
      default:
        throw new ViciProtocolError(`vici packet type ${pkt.type} is not sent by a server`);
    }
  }

  private shutdown(error: IkecertError | null): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    this.socket.destroy();
    const reason = error ?? new IkecertError("VICI_UNAVAILABLE", `${this.path}: connection closed`);
    const p = this.current;
    if (p) {
      if (p.timer) clearTimeout(p.timer);
      this.current = null;
      p.reject(reason);
    }
    for (const start of this.queue.splice(0)) start();
    for (const h of this.closeHandlers) h(error);
  }
}
