/**
 * The IKE fragment size strongswan.conf gives charon for one address family (ike_sa.c): since 6.0.0
 * `charon.fragment_size_v4`/`_v6` first (0 counts as not set), then `charon.fragment_size`; 0 there is
 * the family's default, which the size model applies (sk.ts effectiveFragmentSize). Pure.
 */
import type { Origin } from "../../config/model.js";
import type { StrongswanConf } from "../../config/strongswan-conf.js";
import { type ReleaseLike, rulesFor } from "../../rules.js";

export interface ConfiguredFragmentSize {
  /** as written (0: the family's default) */
  value: number;
  /** the setting that gave it */
  key: "charon.fragment_size" | "charon.fragment_size_v4" | "charon.fragment_size_v6";
  origin: Origin | null;
}

/** What strongswan.conf sets for fragments on this family; null when it sets nothing (charon: 1280). */
export function configuredFragmentSize(
  conf: StrongswanConf | null | undefined,
  o: { ipv6?: boolean; strongswan?: ReleaseLike } = {},
): ConfiguredFragmentSize | null {
  if (!conf) return null;
  if (rulesFor(o.strongswan).familyFragmentSize) {
    const family = o.ipv6 ? conf.settings.fragmentSizeV6 : conf.settings.fragmentSizeV4;
    if (family && family.value !== 0)
      return {
        value: family.value,
        key: o.ipv6 ? "charon.fragment_size_v6" : "charon.fragment_size_v4",
        origin: family.origin,
      };
  }
  const all = conf.settings.fragmentSize;
  return all ? { value: all.value, key: "charon.fragment_size", origin: all.origin } : null;
}
