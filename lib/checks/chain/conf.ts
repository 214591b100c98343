/**
 * What strongswan.conf decides for the chain engine: the certificate-parsing plugins in the order
 * charon loaded them, `charon.x509.enforce_critical`, whether the revocation plugin is there and what
 * it checks, and `charon.rdn_matching`.
 */
import type { StrongswanConf } from "../../config/strongswan-conf.js";
import type { RdnMatching } from "../../identity/dn.js";
import type { CertPlugin, PluginSettings } from "./plugins.js";
import type { RevocationSettings } from "./revocation.js";

export interface ChainConfSettings {
  plugins: PluginSettings;
  revocationSettings: RevocationSettings;
  rdnMatching: RdnMatching | undefined;
  /** whether the constraints plugin (pathLen, name constraints, policies) is loaded */
  constraintsLoaded: boolean;
}

/** The public key types the loaded plugins can build (pkcs1/pubkey parse, gmp/gcrypt/openssl compute). */
export function keyTypesOf(loaded: readonly string[]): string[] {
  const has = (n: string) => loaded.includes(n);
  const out: string[] = [];
  if (has("openssl") || (has("pkcs1") && (has("gmp") || has("gcrypt")))) out.push("RSA");
  if (has("openssl")) out.push("ECDSA", "ED448");
  if (has("openssl") || has("curve25519")) out.push("ED25519");
  return out;
}

export function chainSettingsFromConf(conf: StrongswanConf): ChainConfSettings {
  const s = conf.settings;
  return {
    plugins: {
      order: conf.loaded.filter((n): n is CertPlugin => n === "x509" || n === "openssl"),
      enforceCritical: s.enforceCritical?.value ?? true,
      keyTypes: keyTypesOf(conf.loaded),
    },
    revocationSettings: {
      loaded: conf.loaded.includes("revocation"),
      enableCrl: s.revocationEnableCrl?.value ?? true,
      enableOcsp: s.revocationEnableOcsp?.value ?? true,
    },
    rdnMatching: s.rdnMatching?.value,
    constraintsLoaded: conf.loaded.includes("constraints"),
  };
}
