import { keyExchangeProviders } from "../checks/plugins.js";
import type { Rule } from "./rule.js";

/**
 * Log lines of a missing plugin. charon loads a connection whatever its proposals name, and fails
 * only when it needs the algorithm (strongSwan 5.9.8 ike_init.c: `configured DH group %N not
 * supported`; 6.0 says `key exchange method`). Seen with a real charon without curve25519 and
 * openssl in test/strongswan/live.test.ts.
 */
export const PLUGIN_RULES: Rule[] = [
  {
    id: "key-exchange-unsupported",
    faq: "plugin-missing",
    kind: "failure",
    re: /^(configured|requested|negotiated) (?:DH group|key exchange method) (\S+) not supported/,
    explain: (m) => {
      const providers = keyExchangeProviders(m[2]!);
      return {
        meaning: `charon has no implementation of the key exchange ${m[2]}: ${m[1] === "configured" ? "our own proposal names it" : "the peer chose or asked for it"}, but no loaded plugin provides it`,
        causes: [
          providers
            ? `none of the plugins that provide ${m[2]} is loaded (${providers.join(", ")}); check charon.load in strongswan.conf, or load = yes in strongswan.d/charon/PLUGIN.conf`
            : `no loaded plugin provides ${m[2]}`,
          "the plugin is not installed (Debian: libstrongswan-extra-plugins ships curve25519; libstrongswan-standard-plugins openssl)",
        ],
        next: ["ikecert live", "swanctl --stats"],
      };
    },
  },
];
