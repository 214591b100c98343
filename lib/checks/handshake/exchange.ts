/**
 * The state of one simulated exchange: both sides' logs, the messages for the picture, the findings,
 * and the way it ends. The steps (index.ts, ikev1.ts, auth/*) write into it.
 */
import type { Finding } from "../../findings/types.js";
import type { Identity } from "../../identity/parse.js";
import type { ProposalOptions } from "./proposals.js";
import type {
  FailureStep,
  HandshakeConnection,
  HandshakeHost,
  HandshakeOptions,
  HandshakeResult,
  HostSettings,
  MessageView,
  PayloadView,
  Side,
} from "./types.js";

export const idView = (id: Identity) => ({ printed: id.printed, type: id.typeName });

export class Exchange {
  readonly iLogs: string[] = [];
  readonly rLogs: string[] = [];
  readonly messages: MessageView[] = [];
  readonly findings: Finding[] = [];
  responderConn: string | null = null;
  ids: HandshakeResult["ids"] = { idi: { printed: "", type: "" }, idr: null, responderId: null };
  readonly proposals: NonNullable<HandshakeResult["proposals"]> = {
    ike: null,
    child: null,
    childEstablished: null,
  };
  readonly mopts: {
    strongswan: HandshakeOptions["strongswan"];
    rdnMatching: HandshakeOptions["rdnMatching"];
  };

  constructor(
    readonly ini: { host: HandshakeHost; connection: HandshakeConnection },
    readonly res: { host: HandshakeHost },
    readonly opts: HandshakeOptions,
    readonly iAddr: string,
    readonly rAddr: string,
  ) {
    this.mopts = { strongswan: opts.strongswan, rdnMatching: opts.rdnMatching };
    // per-side strongswan.conf settings: the option wins over what the host says
    const merge = (h: HandshakeHost, s?: HostSettings): HandshakeHost =>
      s ? { ...h, settings: { ...(h.settings ?? {}), ...s } } : h;
    this.ini = { ...ini, host: merge(ini.host, opts.initiatorSettings) };
    this.res = { host: merge(res.host, opts.responderSettings) };
  }

  /** what the proposal steps need (proposals.ts) */
  get popts(): ProposalOptions {
    return { strongswan: this.opts.strongswan, preferSupplied: this.opts.preferSupplied };
  }

  get conn(): HandshakeConnection {
    return this.ini.connection;
  }

  logs(side: Side): string[] {
    return side === "initiator" ? this.iLogs : this.rLogs;
  }

  message(exchange: MessageView["exchange"], from: Side, payloads: PayloadView[]): void {
    this.messages.push({ exchange, from, payloads });
  }

  /** The responder answers AUTHENTICATION_FAILED; the initiator logs that it got it. */
  authFailedResponse(): void {
    this.message("IKE_AUTH", "responder", [{ name: "N(AUTHENTICATION_FAILED)", detail: null }]);
    this.iLogs.push("received AUTHENTICATION_FAILED notify error");
  }

  done(
    established: boolean,
    failure: { step: FailureStep; side: Side; log: string | null } | null,
    keyLine: { side: Side; line: string },
  ): HandshakeResult {
    return {
      established,
      initiator: { connection: this.conn.name, logs: this.iLogs },
      responder: { connection: this.responderConn, logs: this.rLogs },
      ids: this.ids,
      messages: this.messages,
      failure,
      proposals: this.proposals,
      keyLine,
      findings: this.findings,
    };
  }

  fail(step: FailureStep, side: Side, log: string, f: Finding[]): HandshakeResult {
    this.findings.push(...f);
    return this.done(false, { step, side, log }, { side, line: log });
  }

  notSimulated(f: Finding, side: Side = "initiator"): HandshakeResult {
    this.findings.push(f);
    return this.done(false, { step: "not-simulated", side, log: null }, { side, line: "" });
  }
}
