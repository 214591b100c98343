import type { FindingDef } from "./types.js";

/**
 * Findings of `ikecert live`: what the running charon holds (read over VICI) against the files on
 * disk, and the plugins the loaded configuration needs. The per-connection verdicts of what is
 * loaded reuse the audit's codes.
 */
export const LIVE_FINDINGS = {
  LIVE_CONFIG_BROKEN: {
    severity: "error",
    title:
      "swanctl.conf does not parse: a reload loads no connection and unloads every loaded one, yet exits 0",
    faq: null,
    log: "no connections found, %d unloaded",
    fix: "fix the line the message names, check with `ikecert audit`, then run `swanctl --load-conns`",
  },
  LIVE_CONN_NOT_LOADED: {
    severity: "warning",
    title: "a connection in swanctl.conf is not loaded in charon",
    faq: null,
    log: null,
    fix: "swanctl --load-conns (if it still does not load, swanctl prints why; `ikecert audit` too)",
  },
  LIVE_CONN_NOT_ON_DISK: {
    severity: "warning",
    title: "charon runs a connection that swanctl.conf no longer defines; the next reload removes it",
    faq: null,
    log: null,
    fix: "swanctl --load-conns removes it; put it back in swanctl.conf if it is still needed",
  },
  LIVE_CONN_DIFFERS: {
    severity: "warning",
    title: "charon runs a connection with other settings than swanctl.conf now says",
    faq: null,
    log: null,
    fix: "swanctl --load-conns (check the file first with `ikecert audit`)",
  },
  LIVE_CERT_NOT_RELOADED: {
    severity: "warning",
    title: "a certificate was replaced on disk but charon still holds the old one",
    faq: null,
    log: null,
    fix: "swanctl --load-all (--load-creds for the folders, --load-conns for the certificates connections name)",
  },
  LIVE_CERT_NOT_LOADED: {
    severity: "warning",
    title: "a certificate file on disk is not loaded in charon",
    faq: null,
    log: null,
    fix: "swanctl --load-creds (a CA file charon refuses stays unloaded: see the audit)",
  },
  LIVE_CA_NOT_LOADED: {
    severity: "error",
    title: "a CA certificate on disk is not loaded in charon: peers whose chain ends there are not trusted",
    faq: "no-trusted-public-key",
    log: 'no issuer certificate found for "%Y"',
    fix: "swanctl --load-creds; a CA file charon refuses (no CA=TRUE) stays unloaded: see the audit",
  },
  LIVE_CERT_NOT_ON_DISK: {
    severity: "info",
    title: "charon holds a certificate that is in no file of the folder",
    faq: null,
    log: null,
    fix: "swanctl --load-creds --clear drops certificates that are gone from the folders",
  },
  LIVE_CERT_EXPIRES: {
    severity: "warning",
    title: "a certificate charon holds expires soon",
    faq: null,
    log: null,
    fix: "renew it, then swanctl --load-all",
  },
  LIVE_CERT_EXPIRED: {
    severity: "error",
    title: "a certificate charon holds has expired",
    faq: "no-trusted-public-key",
    log: "subject certificate invalid (valid from %T to %T)",
    fix: "renew it, then swanctl --load-all",
  },
  LIVE_CERT_NO_KEY: {
    severity: "error",
    title: "a loaded connection signs with a certificate whose private key charon does not hold",
    faq: "no-private-key",
    log: "no private key found for '%Y'",
    fix: "put the key in private/ (or rsa/, ecdsa/, pkcs8/) and run swanctl --load-creds; check the pair with `ikecert pair`",
  },
  LIVE_CERT_KEY_FALLBACK: {
    severity: "warning",
    title:
      "the certificate a loaded connection names has no key loaded; charon signs with another certificate for the same id",
    faq: "no-private-key",
    log: null,
    fix: "swanctl --load-conns so the connection names the certificate charon really uses",
  },
  LIVE_KEY_NOT_LOADED: {
    severity: "warning",
    title: "a private key file on disk is not loaded in charon",
    faq: "no-private-key",
    log: null,
    fix: "swanctl --load-creds (an encrypted key needs its passphrase in a secrets section)",
  },
  LIVE_KEY_NOT_ON_DISK: {
    severity: "warning",
    title:
      "charon holds a private key that is in no file of the folder; the next swanctl --load-creds unloads it",
    faq: "no-private-key",
    log: null,
    fix: "put the key file back in private/ if a connection still needs it",
  },
  LIVE_SECRET_NOT_LOADED: {
    severity: "warning",
    title: "a shared secret of swanctl.conf is not loaded in charon",
    faq: "psk",
    log: null,
    fix: "swanctl --load-creds",
  },
  LIVE_SECRET_NOT_ON_DISK: {
    severity: "warning",
    title:
      "charon holds a shared secret that swanctl.conf no longer defines; the next swanctl --load-creds unloads it",
    faq: "psk",
    log: null,
    fix: "put the secrets section back if a connection still needs it",
  },
  PLUGIN_MISSING: {
    severity: "error",
    title: "the configuration needs a plugin charon has not loaded",
    faq: "plugin-missing",
    log: null,
    fix: "install the package that ships the plugin and load it (charon.load, or load = yes in strongswan.d/charon/PLUGIN.conf), then restart charon",
  },
  PLUGIN_MISSING_RISK: {
    severity: "warning",
    title: "a plugin the configuration relies on is not loaded: charon works, but skips a check",
    faq: "plugin-missing",
    log: null,
    fix: "load the plugin (charon.load, or load = yes in strongswan.d/charon/PLUGIN.conf), then restart charon",
  },
  LIVE_NOTE: {
    severity: "info",
    title: "something ikecert could not ask the daemon, or could not compare",
    faq: null,
    log: null,
    fix: "",
  },
} as const satisfies Record<string, FindingDef>;
