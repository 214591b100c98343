/**
 * Pre-shared keys in a configuration (semantics §11, FAQ `psk` and `aggressive-mode`): strength of
 * each IKE secret, one key serving many ids, a PSK connection without a secret for its ids, IKEv1
 * aggressive mode with a PSK. Never returns or prints a secret. Pure (async only for the estimator).
 */
import { formatOrigin, revealSecret, type SharedSecret, secretBytes } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import { parseIdentity } from "../../identity/parse.js";
import { sharedCandidates, sharedForConnection, sharedKeys } from "../auth/shared-keys.js";
import type { LoadedConfig } from "../credentials.js";
import type { Endpoint } from "../endpoint.js";
import { checkPsk } from "../psk.js";
import type { AuditOptions } from "./local.js";

export function ikeSecrets(config: LoadedConfig): SharedSecret[] {
  const all = "secrets" in config ? (config.secrets?.secrets ?? []) : (config.conf?.secrets ?? []);
  return all.filter((s): s is SharedSecret => s.type === "shared" && s.kind === "ike" && s.secret !== null);
}

const hex = (s: SharedSecret) => Buffer.from(secretBytes(s.secret!)).toString("hex");

export interface PskFindings {
  /** findings about the secrets as a whole (one key for many ids, unused weak keys) */
  global: Finding[];
  /** strength findings of each secret, shown with the connections that use it */
  bySecret: Map<SharedSecret, Finding[]>;
}

/** Strength of every IKE secret, and keys that serve more than one pair of ids. */
export async function pskConfigFindings(config: LoadedConfig): Promise<PskFindings> {
  const global: Finding[] = [];
  const bySecret = new Map<SharedSecret, Finding[]>();
  const groups = new Map<string, SharedSecret[]>();
  for (const s of ikeSecrets(config)) {
    const k = hex(s);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  for (const group of groups.values()) {
    const r = await checkPsk(revealSecret(group[0]!.secret!));
    const where = group.map((s) => formatOrigin(s.secret!.origin)).join(", ");
    const strength = r.findings
      .filter((f) => f.code !== "PSK_TOO_SHORT_FOR_NM")
      .map((f) => ({
        ...f,
        message: `secret ${group.map((s) => `'${s.name}'`).join(", ")}: ${f.message}`,
        file: where,
      }));
    for (const s of group) bySecret.set(s, strength);
    const ids = new Set(group.flatMap((s) => s.ids.map((i) => i.value.toLowerCase())));
    if (ids.size > 2 || (group.length > 1 && ids.size > 0))
      global.push(
        finding("PSK_SHARED_BY_MANY", {
          message: `one pre-shared key serves ${ids.size} ids (${[...ids].slice(0, 6).join(", ")}${ids.size > 6 ? ", ..." : ""}): whoever holds it can pose as any of them`,
          file: where,
        }),
      );
  }
  return { global, bySecret };
}

/** Per connection: a PSK round needs a secret for its ids; aggressive mode with a PSK is exposed. */
export function pskConnectionFindings(
  config: LoadedConfig,
  e: Endpoint,
  opts: AuditOptions,
  strength: PskFindings["bySecret"] = new Map(),
): Finding[] {
  const out: Finding[] = [];
  const usesPsk = [...e.local, ...e.remote].some((r) => r.auth === "psk");
  if (!usesPsk) return out;
  if (e.aggressive && e.version !== 2)
    out.push(
      finding("PSK_AGGRESSIVE_MODE", {
        message: `connection '${e.name}' uses IKEv1 aggressive mode with a pre-shared key: the responder's hash travels before any encryption, so a listener can guess the key offline`,
        file: formatOrigin(e.connection.aggressive.origin ?? e.connection.origin),
      }),
    );
  const local = e.local[0]?.id.identity ?? null;
  const remote = e.remote[0]?.id.identity ?? null;
  // charon's lookup (shared-keys.ts); IKEv1 also tries the two addresses
  const keys = sharedKeys(config, opts.strongswan);
  const found = sharedForConnection(keys, "IKE", local, remote, { strongswan: opts.strongswan });
  if (e.version !== 2) {
    const ids = [...e.connection.localAddrs.value, ...e.connection.remoteAddrs.value].flatMap((a) => {
      try {
        return [parseIdentity(a, { strongswan: opts.strongswan })];
      } catch {
        return [];
      }
    });
    for (const id of ids)
      found.push(...sharedCandidates(keys, "IKE", id, null, { strongswan: opts.strongswan }));
  }
  const used = [...new Set(found.map((m) => m.key.source))];
  // charon takes the best match; every candidate's weakness is worth showing
  for (const s of used) for (const f of strength.get(s) ?? []) if (!out.includes(f)) out.push(f);
  if (used.length === 0)
    out.push(
      finding("PSK_MISSING", {
        message: `connection '${e.name}' authenticates with a PSK, but no IKE secret names '${local?.printed ?? "%any"}' or '${remote?.printed ?? "%any"}'`,
        log: `no shared key found for '${local?.printed ?? "%any"}' - '${remote?.printed ?? "%any"}'`,
        file: formatOrigin(e.connection.origin),
      }),
    );
  return out;
}
