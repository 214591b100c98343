/**
 * Which plugin reads a certificate, for the name-constraint and policy checks: the plugin in charge
 * (plugins.ts, from the strongswan.conf order; Debian's default is x509 first, openssl after it)
 * decides what the constraints plugin gets. The x509 plugin refuses a certificate whose
 * nameConstraints hold a name kind it cannot parse (any iPAddress range before 5.9.12; x400Address,
 * ediPartyName, registeredID and unknown otherNames always) or whose constraint extensions are
 * malformed (x509-parser.ts). The openssl plugin then takes it, if it can: it hands the constraints
 * plugin no certificate policies at all, and no name constraints before 5.9.12 (openssl_x509.c:
 * empty enumerators); before 5.9.12 it refuses a critical nameConstraints extension, and it always
 * refuses critical policy extensions ("found unsupported critical X.509 extension: ...").
 */
import type { Certificate } from "../../input/certificate.js";
import type { Rules } from "../../rules.js";
import { describeRefusals, loadChoice } from "./loadable.js";
import { type PluginSettings, pluginEnforces } from "./plugins.js";

export { constraintParseProblem } from "./x509-parser.js";

/** Release rules with the strongswan.conf plugin settings the constraint checks run under. */
export type ConstraintRules = Rules & { readonly plugins?: PluginSettings };

const withPlugins = new WeakMap<Rules, WeakMap<PluginSettings, ConstraintRules>>();

/**
 * `rules` carrying `plugins`, the same object for the same pair (the constraint checks cache by the
 * identity of their rules); `rules` itself when there are no plugin settings.
 */
export function constraintRules(rules: Rules, plugins?: PluginSettings): ConstraintRules {
  if (!plugins) return rules;
  let m = withPlugins.get(rules);
  if (!m) {
    m = new WeakMap();
    withPlugins.set(rules, m);
  }
  let r = m.get(plugins);
  if (!r) {
    r = Object.freeze({ ...rules, plugins });
    m.set(plugins, r);
  }
  return r;
}

const pluginOf = (cert: Certificate, rules: ConstraintRules) =>
  loadChoice(cert, { strongswan: rules, plugins: rules.plugins });

/** Whether the x509 plugin is the one that holds the certificate (else openssl, or none). */
export function parsedByX509(cert: Certificate, rules: ConstraintRules): boolean {
  return pluginOf(cert, rules).plugin === "x509";
}

/** Whether the plugin holding the certificate hands its name constraints to the constraints plugin. */
export function nameConstraintsRead(cert: Certificate, rules: ConstraintRules): boolean {
  return pluginEnforces(pluginOf(cert, rules).plugin, rules).nameConstraints;
}

const POLICY_EXTENSIONS = new Set(["2.5.29.32", "2.5.29.33", "2.5.29.36", "2.5.29.54"]);

/**
 * A certificate the openssl plugin holds although it carries constraint extensions the plugin does
 * not pass on: what it drops, and why openssl holds it. Null when nothing is dropped.
 */
export function constraintsDropped(
  cert: Certificate,
  rules: ConstraintRules,
): { dropped: string; why: string } | null {
  const choice = pluginOf(cert, rules);
  if (choice.plugin !== "openssl") return null;
  const policies = cert.extensions.some((e) => POLICY_EXTENSIONS.has(e.oid));
  const names =
    !pluginEnforces("openssl", rules).nameConstraints && cert.extensions.some((e) => e.oid === "2.5.29.30");
  if (!policies && !names) return null;
  return {
    dropped: [names ? "name constraints" : null, policies ? "certificate policies" : null]
      .filter(Boolean)
      .join(" and "),
    why: choice.refused.length
      ? `the x509 plugin refuses it: ${describeRefusals(choice)}`
      : "strongswan.conf loads the openssl plugin before the x509 plugin",
  };
}
