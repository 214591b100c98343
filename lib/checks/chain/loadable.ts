/**
 * Whether charon can load a certificate at all, and as which plugin holds it (plugins.ts): the x509
 * plugin (x509_cert.c parse_certificate) refuses unknown critical extensions, GeneralNames it
 * cannot represent and misshapen extensions (x509-parser.ts); the openssl plugin refuses what it
 * cannot decode or read (openssl-parser.ts). A certificate no loaded plugin takes is neither an end
 * entity charon can verify nor an issuer it can use.
 */
import { children, content, decodeOid, expectTlv, TAG } from "../../asn1/der.js";
import { type ReleaseLike, type Rules, rulesFor } from "../../rules.js";
import type { Certificate, Extension } from "../../x509/certificate.js";
import { certificatePlugin, type PluginChoice, type PluginSettings } from "./plugins.js";
import type { ChainCertificate } from "./types.js";
import { hasPrimitiveUniqueId, strongswanView } from "./view.js";
import { criticalNotSupported, type ParseRefusal, X509_PARSED_EXTENSIONS } from "./x509-parser.js";

export type LoadProblem = ParseRefusal;

/** What decides how a certificate loads: the release and the plugins strongswan.conf loads. */
export interface LoadContext {
  strongswan?: ReleaseLike;
  plugins?: PluginSettings;
}

const innerOids = new WeakMap<Uint8Array, string | null>();

/** The signature algorithm inside the TBS (once per TBS). */
function innerSignatureOid(c: Certificate): string | null {
  let v = innerOids.get(c.tbs);
  if (v === undefined) {
    v = readInnerSignatureOid(c);
    innerOids.set(c.tbs, v);
  }
  return v;
}

function readInnerSignatureOid(c: Certificate): string | null {
  try {
    const tbs = c.tbs;
    const seq = expectTlv(tbs, 0, TAG.SEQUENCE, tbs.length, "tbs");
    const f = children(tbs, seq);
    const alg = f[f[0]?.tag === 0xa0 ? 2 : 1];
    if (!alg) return null;
    return decodeOid(content(tbs, children(tbs, alg)[0]!));
  } catch {
    return null;
  }
}

/** Why the x509 plugin refuses a certificate for this one extension: critical and not supported; else null. */
export function unsupportedCriticalExtension(e: Extension): LoadProblem | null {
  if (!e.critical || X509_PARSED_EXTENSIONS.has(e.oid)) return null;
  return criticalNotSupported(e);
}

/** Which plugin loads the certificate, and what the others said. */
export function loadChoice(c: Certificate, ctx: LoadContext = {}): PluginChoice {
  const rules: Rules = rulesFor(ctx.strongswan);
  const x509View = hasPrimitiveUniqueId(c) ? strongswanView(c) : c;
  return certificatePlugin(c, x509View, innerSignatureOid(c), rules, ctx.plugins);
}

/** Why no loaded plugin takes the certificate ([] when one does). */
export function loadProblems(c: Certificate, ctx: LoadContext = {}): LoadProblem[] {
  const choice = loadChoice(c, ctx);
  return choice.plugin ? [] : choice.refused.map((a) => a.refusal);
}

/**
 * The certificate as charon holds it: the x509 plugin's view (no extensions after a primitive
 * unique id) unless the openssl plugin loaded it.
 */
export function heldView(c: ChainCertificate, ctx: LoadContext = {}): ChainCertificate {
  return loadChoice(c, ctx).plugin === "openssl" ? c : strongswanView(c);
}

/** The refusals of a choice in a sentence: each plugin's reason, the same reasons said once. */
export function describeRefusals(choice: PluginChoice): string {
  const byReason = new Map<string, string[]>();
  for (const a of choice.refused) {
    const list = byReason.get(a.refusal.reason) ?? [];
    list.push(a.plugin);
    byReason.set(a.refusal.reason, list);
  }
  if (byReason.size === 1) return [...byReason.keys()][0]!;
  return [...byReason].map(([reason, plugins]) => `${reason} (${plugins.join(", ")} plugin)`).join("; ");
}
