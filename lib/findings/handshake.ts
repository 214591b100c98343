import type { FindingDef } from "./types.js";

/** Findings of `ikecert handshake` (semantics §7, §8) that no other check produces. */
export const HANDSHAKE_FINDINGS = {
  HANDSHAKE_NO_PEER_CONFIG: {
    severity: "error",
    title: "the responder has no connection whose first-round ids match IDi (and IDr, when sent)",
    faq: "no-matching-peer-config",
    log: "no matching peer config found",
    fix: "make the responder's remote id match the IDi the initiator sends (same type and value), and its local id match the IDr the initiator asks for",
  },
  HANDSHAKE_ID_CONSTRAINT: {
    severity: "error",
    title: "the authenticated id does not match the configured remote id",
    faq: "constraint-check-failed",
    log: "constraint check failed: identity '%Y' (%N) required, not matched by '%Y' (%N)",
    fix: "configure the remote id as the id the peer sends, or have the peer send an id that matches",
  },
  HANDSHAKE_CA_CONSTRAINT: {
    severity: "error",
    title: "the peer's certificate does not chain through a CA named in the remote cacerts",
    faq: "constraint-check-failed",
    log: "constraint check failed: peer not authenticated by CA '%Y'",
    fix: "add the CA that issued the peer's certificate to remote.cacerts, or issue the peer's certificate from the required CA",
  },
  HANDSHAKE_IDR_MISMATCH: {
    severity: "error",
    title: "the initiator asks for an IDr that the selected connection's local id does not match",
    faq: "no-matching-peer-config",
    log: "received IDr %Y, but require %Y",
    fix: "configure the initiator's remote id as the responder's local id",
  },
  HANDSHAKE_NO_PRIVATE_KEY: {
    severity: "error",
    title: "this side has no private key for the certificate it must sign with",
    faq: "no-private-key",
    log: "no private key found for '%Y'",
    fix: "put the certificate's private key in private/ (or rsa/, ecdsa/, pkcs8/) and check it with `ikecert pair`",
  },
  HANDSHAKE_NO_LOCAL_CERT: {
    severity: "error",
    title: "no certificate is configured and none loaded has the local id with its key",
    faq: "no-private-key",
    log: "no private key found for '%Y'",
    fix: "name the certificate in local.certs (swanctl) or leftcert (ipsec.conf)",
  },
  HANDSHAKE_PEER_CERT_UNAVAILABLE: {
    severity: "error",
    title: "the peer does not send its certificate and this side has no copy of it",
    faq: "no-trusted-public-key",
    log: "no trusted %N public key found for '%Y'",
    fix: "let the peer send it (send_cert = always, or keep send_certreq = yes and a CA in x509ca/ on this side), or install the peer's certificate in x509/ here",
  },
  HANDSHAKE_WRONG_PEER_CERT: {
    severity: "error",
    title: "the certificate held locally for the peer's id has another key than the one the peer signs with",
    faq: "no-trusted-public-key",
    log: "no trusted %N public key found for '%Y'",
    fix: "replace the stale copy of the peer's certificate in x509/ with the current one",
  },
  HANDSHAKE_OTHER_CONFIG_SELECTED: {
    severity: "warning",
    title: "the responder selects another of its connections than the one named",
    faq: "no-matching-peer-config",
    log: "selected peer config '%s'",
    fix: "give the connections distinct ids (the responder picks by the ids of the first round, best match first)",
  },
  HANDSHAKE_NOT_SIMULATED: {
    severity: "warning",
    title: "this part of the authentication is not simulated; the message says what decides it",
    faq: null,
    log: null,
    fix: "check that part on its own (`ikecert audit` lists what each round needs)",
  },
} satisfies Record<string, FindingDef>;
