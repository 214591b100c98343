/**
 * The handshake between two loaded configurations: resolve every connection of both (endpoint.ts),
 * pick the initiator's connection, let the responder select among all of its own.
 */

import type { StrongswanConf } from "../../config/strongswan-conf.js";
import { IkecertError } from "../../errors.js";
import { finding } from "../../findings/index.js";
import type { LoadedConfig, ResolvedRefs } from "../credentials.js";
import { resolveEndpoints } from "../endpoint.js";
import { confHostSettings } from "./conf-settings.js";
import { handshakeHost } from "./endpoint.js";
import { simulateHandshake } from "./index.js";
import type { HandshakeOptions, HandshakeResult } from "./types.js";

/** One side of `handshakeConfigs`: a loaded configuration and the connection to start (initiator) or answer with (responder). */
export interface HandshakeConfig {
  config: LoadedConfig;
  refs?: ResolvedRefs;
  /** initiator: the connection it starts (default the first); responder: the one expected to be selected */
  connection?: string;
  label?: string;
  /** this side's strongswan.conf: its charon.rsa_pss, aggressive-mode PSK and acert plugin (the options win) */
  strongswanConf?: StrongswanConf | null;
}

/** Simulate the IKEv2 handshake between two loaded configurations, predicting charon's log lines on both sides. */
export function handshakeConfigs(
  initiator: HandshakeConfig,
  responder: HandshakeConfig,
  opts: HandshakeOptions = {},
): HandshakeResult {
  const eopts = { strongswan: opts.strongswan, at: opts.at, rdnMatching: opts.rdnMatching };
  const side = (c: HandshakeConfig, given: HandshakeOptions["initiatorSettings"]) => {
    const settings = { ...confHostSettings(c.strongswanConf), ...given };
    return handshakeHost(
      c.label ?? c.config.dir,
      resolveEndpoints(c.config, { ...eopts, refs: c.refs, settings }),
      c.config,
      { strongswan: opts.strongswan, settings },
    );
  };
  const iHost = side(initiator, opts.initiatorSettings);
  const rHost = side(responder, opts.responderSettings);
  const names = (h: typeof iHost) => h.connections.map((c) => c.name).join(", ") || "none";
  const conn = initiator.connection
    ? iHost.connections.find((c) => c.name === initiator.connection)
    : iHost.connections[0];
  if (!conn)
    throw new IkecertError(
      "USAGE",
      initiator.connection
        ? `${iHost.label}: no connection '${initiator.connection}' (it has: ${names(iHost)})`
        : `${iHost.label}: no connection to initiate`,
    );
  if (responder.connection && !rHost.connections.some((c) => c.name === responder.connection))
    throw new IkecertError(
      "USAGE",
      `${rHost.label}: no connection '${responder.connection}' (it has: ${names(rHost)})`,
    );
  const r = simulateHandshake({ host: iHost, connection: conn }, { host: rHost }, opts);
  if (responder.connection && r.responder.connection && r.responder.connection !== responder.connection)
    r.findings.push(
      finding("HANDSHAKE_OTHER_CONFIG_SELECTED", {
        message: `the responder selects its connection '${r.responder.connection}', not '${responder.connection}'`,
      }),
    );
  return r;
}
