/**
 * The handshake between two loaded configurations: resolve every connection of both (endpoint.ts),
 * pick the initiator's connection, let the responder select among all of its own.
 */
import { IkecertError } from "../../errors.js";
import { finding } from "../../findings/index.js";
import type { LoadedConfig, ResolvedRefs } from "../credentials.js";
import { resolveEndpoints } from "../endpoint.js";
import { handshakeHost } from "./endpoint.js";
import { simulateHandshake } from "./index.js";
import type { HandshakeOptions, HandshakeResult } from "./types.js";

export interface HandshakeConfig {
  config: LoadedConfig;
  refs?: ResolvedRefs;
  /** initiator: the connection it starts (default the first); responder: the one expected to be selected */
  connection?: string;
  label?: string;
}

export function handshakeConfigs(
  initiator: HandshakeConfig,
  responder: HandshakeConfig,
  opts: HandshakeOptions = {},
): HandshakeResult {
  const eopts = { strongswan: opts.strongswan, at: opts.at, rdnMatching: opts.rdnMatching };
  const iHost = handshakeHost(
    initiator.label ?? initiator.config.dir,
    resolveEndpoints(initiator.config, { ...eopts, refs: initiator.refs }),
    opts.strongswan,
  );
  const rHost = handshakeHost(
    responder.label ?? responder.config.dir,
    resolveEndpoints(responder.config, { ...eopts, refs: responder.refs }),
    opts.strongswan,
  );
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
