/**
 * The host settings of handshake/types.ts HostSettings that a side's strongswan.conf sets
 * (config/strongswan-conf.ts): `charon.rsa_pss`, `charon.signature_authentication_constraints`, the
 * aggressive-mode PSK switch, and whether its plugin list loads `acert`. Unset keys stay unset, so charon's defaults apply and an explicit
 * option (`--set`, HandshakeOptions.*Settings) still wins when merged over this.
 */
import { valueAt } from "../../config/settings.js";
import type { StrongswanConf } from "../../config/strongswan-conf.js";
import { parseBool } from "../../config/values.js";
import type { HostSettings } from "./types.js";

const AGGRESSIVE_PSK = "charon.i_dont_care_about_security_and_use_aggressive_mode_psk";

export function confHostSettings(conf: StrongswanConf | null | undefined): HostSettings {
  if (!conf) return {};
  const out: HostSettings = {};
  const rsaPss = conf.settings.rsaPss?.value;
  if (rsaPss !== undefined) out.rsaPss = rsaPss;
  const sac = conf.settings.signatureAuthenticationConstraints?.value;
  if (sac !== undefined) out.signatureAuthenticationConstraints = sac;
  const aggressive = valueAt(conf.tree, AGGRESSIVE_PSK)?.value;
  const aggressivePsk = aggressive ? parseBool(aggressive) : null;
  if (aggressivePsk !== null) out.aggressivePsk = aggressivePsk;
  if (conf.loaded.includes("acert")) out.acert = true;
  return out;
}
