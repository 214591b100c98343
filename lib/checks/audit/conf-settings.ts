/**
 * What the strongswan.conf an audit reads (config/strongswan-conf.ts) changes in the other checks:
 * the plugins charon loads, against what the configuration needs (checks/plugins.ts, the same check
 * `ikecert live` runs against a daemon's `stats`), and the charon settings the size model takes
 * (`fragment_size`). Pure. Offline, a plugin strongswan.conf loads counts as loaded: whether its
 * library is installed is not seen from the configuration.
 */
import type { Connection } from "../../config/model.js";
import type { StrongswanConf } from "../../config/strongswan-conf.js";
import type { Finding } from "../../findings/index.js";
import type { ReleaseLike } from "../../rules.js";
import type { LoadedConfig } from "../credentials.js";
import type { AuthSettings } from "../endpoint-auth.js";
import { pluginFindings, pluginNeeds } from "../plugins.js";
import type { EndpointSizeOptions } from "../size/connection.js";
import { configuredFragmentSize } from "../size/fragment-size.js";

/** PLUGIN_MISSING(_RISK) for what the connections and credential files need and strongswan.conf does not load. */
export function confPluginFindings(
  config: LoadedConfig,
  connections: Connection[],
  conf: StrongswanConf,
  strongswan?: ReleaseLike,
): Finding[] {
  const needs = pluginNeeds({ connections, files: config.files }, { plugins: conf.loaded });
  return pluginFindings(needs, { rules: strongswan, daemon: `charon (with the plugins ${conf.file} loads)` });
}

/** The size model's settings strongswan.conf sets (charon.fragment_size, per family since 6.0); {} without one. */
export function confSizeOptions(
  conf: StrongswanConf | null | undefined,
  strongswan?: ReleaseLike,
): EndpointSizeOptions {
  // the audit sizes IPv4 paths (the size model's default)
  const f = configuredFragmentSize(conf, { strongswan });
  return f ? { fragmentSize: f.value } : {};
}

/**
 * How strongswan.conf shapes `auth` values: charon.rsa_pss (RSA hashes allow PSS first) and
 * charon.signature_authentication_constraints (no: the signature constraints bind the chain only,
 * not the IKE AUTH signature); {} without one.
 */
export function confAuthSettings(conf: StrongswanConf | null | undefined): AuthSettings {
  const rsaPss = conf?.settings.rsaPss?.value;
  const sac = conf?.settings.signatureAuthenticationConstraints?.value;
  return {
    ...(rsaPss === undefined ? {} : { rsaPss }),
    ...(sac === undefined ? {} : { signatureAuthenticationConstraints: sac }),
  };
}
