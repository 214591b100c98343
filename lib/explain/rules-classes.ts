import { identity, type Rule, sh } from "./rule.js";

/**
 * Log lines of the authentication classes besides certificates (issue 19): signature schemes and
 * their constraints, raw public keys, groups, EAP (MD5, MS-CHAPv2, TLS, identity, NAK, RADIUS) and
 * IKEv1 PSK. Wording: src/libstrongswan/credentials/auth_cfg.c complies,
 * src/libcharon/sa/ikev2/authenticators/pubkey_authenticator.c, eap_authenticator.c,
 * src/libcharon/plugins/eap_md5, eap_mschapv2, src/libtls/tls_peer.c, tls_server.c,
 * src/libcharon/sa/ikev2/tasks/ike_auth.c, ike_cert_post.c, src/libcharon/sa/ikev1/tasks/aggressive_mode.c.
 */

const AUDIT_NEXT = "ikecert audit /etc/swanctl";
const HANDSHAKE_NEXT = "ikecert handshake --initiator <client-dir> --responder <gateway-dir>";

export const CLASS_RULES: Rule[] = [
  {
    id: "auth-class-constraint",
    faq: "constraint-check-failed",
    kind: "failure",
    re: /^constraint requires (.+?) authentication, but (.+?) was used$/,
    explain: (m) => ({
      meaning: `the connection charon selected wants the peer to authenticate with ${m[1]}, but the peer used ${m[2]}. charon then tries its next candidate connection ("switching to peer config ...") or gives up ("no alternative config found")`,
      causes: [
        `the peer's local auth is ${m[2]}, this side's remote auth is ${m[1]}: make them agree`,
        `a connection for ${m[2]} peers exists but comes later and its ids do not match the peer's, so charon never switches to it`,
      ],
      next: [AUDIT_NEXT, HANDSHAKE_NEXT],
    }),
  },
  {
    id: "eap-type-constraint",
    faq: null,
    kind: "failure",
    re: /^constraint requires (EAP_\w+|\d+), but (EAP_\w+|\d+) was used$/,
    explain: (m) => ({
      meaning: `the connection demands the EAP method ${m[1]}, the peer completed ${m[2]}`,
      causes: [
        "the remote auth names another eap-<method> than the one that ran (e.g. after a switch to another connection)",
      ],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "signature-scheme-constraint",
    faq: null,
    kind: "failure",
    re: /^(X\.509|IKE) signature scheme (\S+) not acceptable$/,
    explain: (m) => ({
      meaning:
        m[1] === "IKE"
          ? `the peer signed its AUTH payload with ${m[2]}, which the remote auth of this connection does not allow (e.g. auth = ike:pubkey-sha384, or pubkey-sha384, whose schemes apply to IKE too)`
          : `a certificate of the peer's chain is signed with ${m[2]}, which the remote auth of this connection does not allow (e.g. auth = pubkey-sha384 demands SHA-384 signatures on every certificate below the root)`,
      causes: [
        m[1] === "IKE"
          ? "the peer picks its scheme from its own local auth (ike:...) and its key size; set the peer's local auth to an allowed scheme, or allow the one it uses"
          : "the CA issued the certificate with another hash: reissue it, or list that scheme too (pubkey-sha256-sha384)",
        "two connections that differ only in the scheme: charon switches to the next candidate when one refuses",
      ],
      next: ["ikecert inspect <peer-cert.pem>", HANDSHAKE_NEXT],
    }),
  },
  {
    id: "key-strength-constraint",
    faq: null,
    kind: "failure",
    re: /^(RSA|ECDSA|BLISS)-(\d+) signatures not acceptable$/,
    explain: (m) => ({
      meaning: `a ${m[2]} bit ${m[1]} key in the peer's certificate chain is below the minimum the remote auth sets (rsa-<bits>, ecdsa-<bits>), or the remote auth sets a minimum only for another key type`,
      causes: [
        `the chain holds a ${m[1]} key (the peer's or a CA's) and the remote auth names no ${m[1].toLowerCase()}-<bits> minimum it meets`,
        "every key of the chain is checked, the CAs' included",
      ],
      next: ["ikecert chain <peer-cert.pem> --ca /etc/swanctl/x509ca/"],
    }),
  },
  {
    id: "group-constraint",
    faq: "constraint-check-failed",
    kind: "failure",
    re: /^constraint check failed: group membership to '(.*)' required$/,
    explain: (m) => ({
      meaning: `the connection accepts only members of the group '${m[1]}', and the peer proved no such membership`,
      causes: [
        "charon learns groups from attribute certificates only through its acert plugin, which Debian's packages and default builds lack: without it this check always fails",
        `no valid attribute certificate for the peer's certificate grants '${m[1]}' (pki --acert --group ${sh(m[1]!)}), or the attribute authority that signed it is not in x509aa/`,
        "a RADIUS server can grant groups too (eap-radius, Class attribute)",
      ],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "eap-identity-constraint",
    faq: "constraint-check-failed",
    kind: "failure",
    re: /^constraint check failed: EAP identity '(.*?)'(?: \((ID_\w+)\))? required(?:, not matched by '(.*)' \((ID_\w+)\))?\s*$/,
    explain: (m) => ({
      meaning: `the connection requires the EAP identity '${m[1]}'${m[3] ? `, the client used '${m[3]}'` : ""}`,
      causes: [
        "the client's eap_id differs from the server's eap_id (or the client has none and its IKE id is used)",
        "with eap_id = %any the server asks the client for its identity and accepts any",
      ],
      next: [AUDIT_NEXT],
      identities: [identity("required", m[1]!), ...(m[3] ? [identity("presented", m[3])] : [])],
    }),
  },
  {
    id: "peer-cert-constraint",
    faq: "constraint-check-failed",
    kind: "failure",
    re: /^constraint check failed: peer not authenticated with peer cert '(.*)'$/,
    explain: (m) => ({
      meaning: `the connection names the exact certificate or raw public key the peer must use ('${m[1]}'), and the peer authenticated with another one`,
      causes: ["the peer's key or certificate was renewed and the copy in remote certs/pubkeys is stale"],
      next: ["ikecert pair <remote-cert-or-pub> <peer-key>"],
    }),
  },
  {
    id: "no-common-hash",
    faq: null,
    kind: "failure",
    re: /^no common hash algorithm found to create signature with (\S+) key$/,
    explain: (m) => ({
      meaning: `this side cannot sign its AUTH payload: its local auth allows no signature scheme for its ${m[1]} key with a hash the peer accepts (strongSwan peers accept SHA-256, SHA-384 and SHA-512)`,
      causes: [
        `the local auth names schemes for another key type (e.g. rsa-sha256 with a ${m[1]} key)`,
        "the local auth names only SHA-1 or SHA-224, which strongSwan peers do not announce",
      ],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "pubkey-cert-payload",
    faq: null,
    kind: "context",
    re: /^embedding (PUBKEY|\S+) certificate in payload failed$/,
    explain: (m) => ({
      meaning: `the peer asked for certificates, but this side authenticates with a raw public key (${m[1]}), which cannot travel in a CERT payload; harmless when the peer holds the key itself (its remote pubkeys)`,
      causes: ["raw public keys are configured on both sides; no certificate is exchanged"],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "no-eap-key",
    faq: null,
    kind: "failure",
    re: /^no EAP key found for hosts '(.*)' - '(.*)'$/,
    explain: (m) => ({
      meaning: `no EAP password is configured for '${m[1]}' with '${m[2]}' (on the server the first is the server, the second the client's EAP identity; on the client the reverse)`,
      causes: [
        `add secrets { eap-NAME { id = ${m[2]} secret = ... } } on the server, or id = ${m[1]} on the client`,
        "the EAP identity is not the IKE identity: with eap_id set on the client, the server must ask for it (eap_id = %any on the server); a fixed eap_id on the server is used without asking (5.9.x)",
      ],
      next: [AUDIT_NEXT],
      identities: [identity("this side", m[1]!), identity("other side", m[2]!)],
    }),
  },
  {
    id: "eap-failed-for-peer",
    faq: null,
    kind: "failure",
    re: /^EAP (?:vendor specific )?method (\S+) failed for peer (.*)$/,
    explain: (m) => ({
      meaning: `the EAP server could not authenticate the client '${m[2]}' with ${m[1]}`,
      causes: [
        "the client's password differs from the server's",
        "the server has no password for the client's EAP identity (see the line before)",
      ],
      next: [AUDIT_NEXT],
      identities: [identity("client", m[2]!)],
    }),
  },
  {
    id: "eap-method-failed",
    faq: null,
    kind: "failure",
    re: /^(EAP_\w+) method failed$/,
    explain: (m) => ({
      meaning: `the EAP client gave up ${m[1]}: it could not answer the server's request`,
      causes: [
        "the client has no password (or certificate, for EAP-TLS) for its EAP identity",
        "the server rejected the client's answer (see the lines before)",
      ],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "eap-failure-received",
    faq: null,
    kind: "failure",
    re: /^received EAP_FAILURE, EAP authentication failed$/,
    explain: () => ({
      meaning:
        "the EAP server refused the client: a wrong password, an unknown user, or a method the client declined",
      causes: [
        "the server's log names the reason (EAP-MD5 verification failed, no EAP key found, received EAP_NAK)",
      ],
      next: ["ikecert explain --log <the server's log>"],
    }),
  },
  {
    id: "eap-md5-verification",
    faq: null,
    kind: "failure",
    re: /^EAP-MD5 verification failed$/,
    explain: () => ({
      meaning: "the client's EAP-MD5 answer does not match the password the server holds for it",
      causes: ["the passwords differ on the two sides (for that EAP identity)"],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "eap-mschapv2-verification",
    faq: null,
    kind: "failure",
    re: /^EAP-MS-CHAPv2 verification failed(?:, retry \((\d+)\)|: maximum number of retries reached)?$/,
    explain: () => ({
      meaning:
        "the client's MS-CHAPv2 response does not match the password the server holds for its user name (the server offers a retry; strongSwan clients do not retry)",
      causes: [
        "the passwords differ on the two sides",
        'the server has no password for the user name (see "no EAP key found" before)',
      ],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "eap-mschapv2-client-failed",
    faq: null,
    kind: "failure",
    re: /^EAP-MS-CHAPv2 failed with error (\S+): '(.*)'$/,
    explain: (m) => ({
      meaning: `the server rejected the client's MS-CHAPv2 answer (${m[1]})`,
      causes: ["the password is wrong, or unknown to the server (its log says which)"],
      next: ["ikecert explain --log <the server's log>"],
    }),
  },
  {
    id: "peer-requested-eap",
    faq: null,
    kind: "failure",
    re: /^peer requested EAP, config unacceptable$/,
    explain: () => ({
      meaning:
        "the client sent no AUTH payload (it wants EAP), and the connection charon selected names no EAP method in its remote round",
      causes: [
        "set remote auth = eap-<method> on the gateway (eap-mschapv2, eap-md5, eap-tls, eap-radius); a bare `eap` does not serve a client",
        "the connection that does serve EAP has other ids than the client's IKE ids",
      ],
      next: [AUDIT_NEXT, HANDSHAKE_NEXT],
    }),
  },
  {
    id: "eap-nak",
    faq: null,
    kind: "failure",
    re: /^(?:received EAP_NAK, sending EAP_FAILURE|requesting (\S+) authentication, sending EAP_NAK)$/,
    explain: (m) => ({
      meaning: m[1]
        ? `the client refused the server's EAP method: it is configured for ${m[1]} only`
        : "the client refused the EAP method the server asked for (EAP_NAK), so the server failed the exchange",
      causes: ["the two sides name different eap-<method>s; `auth = eap` on the client accepts any method"],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "eap-loading-failed",
    faq: "plugin-missing",
    kind: "failure",
    re: /^(?:loading|initiating) (EAP_\w+) method failed$/,
    explain: (m) => ({
      meaning: `charon could not start the EAP method ${m[1]}: its plugin is not loaded${m[1] === "EAP_RADIUS" ? ", or no RADIUS server is configured (charon.plugins.eap-radius.servers)" : ""}`,
      causes: [
        "the plugin is missing from the charon.load list or not installed (Debian: libcharon-extra-plugins, eap-mschapv2 in libcharon-extauth-plugins; eap-peap and eap-dynamic are not packaged)",
        ...(m[1] === "EAP_RADIUS"
          ? ["eap-radius needs at least one server with address and secret in strongswan.conf"]
          : []),
      ],
      next: ["swanctl --stats   # lists the loaded plugins"],
    }),
  },
  {
    id: "tls-no-cert",
    faq: null,
    kind: "failure",
    re: /^no usable TLS (client|server) certificate found for '(.*)'$/,
    explain: (m) => ({
      meaning: `EAP-TLS: the ${m[1]} has no certificate with its private key for '${m[2]}'`,
      causes: [
        `load a certificate that proves '${m[2]}' (as a SAN, or its subject DN) together with its key`,
      ],
      next: [`ikecert id <cert.pem> ${sh(m[2]!)}`, "ikecert pair <cert.pem> <key>"],
      identities: [identity(m[1]!, m[2]!)],
    }),
  },
  {
    id: "tls-no-trusted-cert",
    faq: "no-trusted-public-key",
    kind: "failure",
    re: /^no trusted certificate found for '(.*)' to verify TLS (peer|server)$/,
    explain: (m) => ({
      meaning: `EAP-TLS: the certificate the ${m[2] === "peer" ? "client" : "server"} sent does not chain to a CA this side trusts, or does not prove '${m[1]}'`,
      causes: [
        "put the issuing CA in x509ca/ on this side",
        `the certificate must carry '${m[1]}' as a SAN (or be its subject DN)`,
      ],
      next: [`ikecert id <cert.pem> ${sh(m[1]!)}`, "ikecert chain <cert.pem> --ca /etc/swanctl/x509ca/"],
      identities: [identity("expected", m[1]!)],
    }),
  },
  {
    id: "eap-identity-configured",
    faq: null,
    kind: "context",
    re: /^using configured EAP-Identity (.*)$/,
    explain: (m) => ({
      meaning: `the server does not ask the client for its EAP identity: it assumes '${m[1]}' (a fixed eap_id, strongSwan 5.9.x). The client then answers as its IKE identity; its own eap_id is not used`,
      causes: [
        "set eap_id = %any on the server to ask the client, or make the client's password belong to its IKE identity",
      ],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "ikev1-hash-mismatch",
    faq: "psk",
    kind: "failure",
    re: /^calculated HASH does not match HASH payload$/,
    explain: () => ({
      meaning:
        "IKEv1: the peer's HASH does not verify; with pre-shared keys the two sides hold different keys",
      causes: [
        "the PSKs differ (IKEv1 picks the secret by the ids first, then by the IP addresses)",
        "Aggressive Mode sends this hash unencrypted: a listener can attack the PSK offline (FAQ aggressive-mode)",
      ],
      next: [AUDIT_NEXT],
    }),
  },
  {
    id: "attribute-certificate",
    faq: null,
    kind: "context",
    re: /^(?:received|sending|verifying) attribute certificate (?:issued by|for) "(.*)"$/,
    explain: (m) => ({
      meaning: `an attribute certificate from '${m[1]}' travels with the peer's certificate; it grants groups only where charon's acert plugin is loaded and trusts '${m[1]}' (x509aa/)`,
      causes: ["without the acert plugin the certificate is received and ignored"],
      next: [AUDIT_NEXT],
    }),
  },
];
