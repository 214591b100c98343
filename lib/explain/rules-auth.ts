import { type Explanation, identity, identityHints, type Rule, sh } from "./rule.js";

/**
 * Log lines about identities, certificates, keys and authentication (semantics §7, §8).
 * Wording of the lines: src/libcharon/sa/ikev2/tasks/ike_auth.c, authenticators/pubkey_authenticator.c,
 * psk_authenticator.c, src/libstrongswan/credentials/auth_cfg.c, credential_manager.c (5.9.8 and 6.0).
 */
/** a quoted identity that ends the line (greedy: a DN may hold a quote) */
const ID = "'(.*)'\\s*$";

function noTrustedKey(keyType: string, id: string): Explanation {
  return {
    meaning: `charon could not find a trusted ${keyType} public key for the peer's identity '${id}': no certificate it holds or received both carries that identity and chains to a CA it trusts, so the peer's AUTH payload cannot be verified`,
    causes: [
      `the peer's certificate does not carry '${id}' as a subjectAltName of the matching type, or as its whole subject DN; the CN alone never counts (FAQ common-name)`,
      ...identityHints(id),
      "the peer did not send its certificate (it only sends it when asked, and no CERTREQ went out) and it is not loaded locally",
      "the certificate does not chain to a root CA in x509ca/ (an intermediate is missing, or the root is not loaded)",
      "the certificate or a CA certificate in the chain is expired or not yet valid, or its keyUsage lacks digitalSignature",
      `the peer signs with a key that is not ${keyType} (the line names the key type charon looked for)`,
    ],
    next: [
      `ikecert id <peer-cert.pem> ${sh(id)}`,
      "ikecert chain <peer-cert.pem> --ca /etc/swanctl/x509ca/",
      "ikecert inspect <peer-cert.pem>",
    ],
    identities: [identity("peer (received)", id)],
  };
}

export const AUTH_RULES: Rule[] = [
  {
    id: "no-trusted-public-key",
    faq: "no-trusted-public-key",
    kind: "failure",
    re: new RegExp(`^no trusted (\\S+) public key found for ${ID}`),
    explain: (m) => noTrustedKey(m[1]!, m[2]!),
  },
  {
    id: "no-rsa-public-key-known",
    faq: "no-rsa-public-key-known",
    kind: "failure",
    re: /^(?:.*: )?no RSA public key known for '([^']*)'/,
    explain: (m) => ({
      meaning: `a message of pluto, the IKEv1 daemon of strongSwan 4.x and older (removed in 5.0): it had no RSA public key to verify '${m[1]}'. charon's equivalent today is "no trusted RSA public key found for '${m[1]}'"`,
      causes: [
        "the peer's certificate was neither received (the peer did not send it, or no certificate request was sent) nor preloaded",
        `the certificate does not carry '${m[1]}' as a subjectAltName or as its subject DN`,
        "strongSwan 4.x is long out of support: upgrade, then read the modern line",
      ],
      next: [
        `ikecert id <peer-cert.pem> ${sh(m[1]!)}`,
        "ikecert chain <peer-cert.pem> --ca /etc/ipsec.d/cacerts/",
      ],
      identities: [identity("peer", m[1]!)],
    }),
  },
  {
    id: "looking-for-peer-configs",
    faq: "no-matching-peer-config",
    kind: "context",
    re: /^looking for peer configs matching ([^[\s]+)\[(.*?)\]\.\.\.([^[\s]+)\[(.*)\]$/,
    explain: (m) => ({
      meaning: `the responder looks for a connection whose local id matches '${m[2]}' (the IDr the initiator asked for; %any when it sent none) and whose remote id matches '${m[4]}' (the initiator's IDi), between ${m[1]} (this host) and ${m[3]} (the peer). Types count: an ID_FQDN never matches an ID_DER_ASN1_DN or ID_IPV4_ADDR with the same text`,
      causes: [
        "this line is context: the next line tells whether a config was found",
        "compare both identities and their types with `swanctl --list-conns` (local and remote id)",
      ],
      next: [
        ...(m[2] !== "%any" ? [`ikecert id <this-host-cert.pem> ${sh(m[2]!)}`] : []),
        `ikecert id <peer-cert.pem> ${sh(m[4]!)}`,
      ],
      identities: [
        identity("local (IDr requested by the peer)", m[2]!),
        identity("remote (IDi of the peer)", m[4]!),
      ],
    }),
  },
  {
    id: "no-matching-peer-config",
    faq: "no-matching-peer-config",
    kind: "failure",
    re: /^no matching peer config found$/,
    explain: () => ({
      meaning:
        "the responder has no connection whose addresses, local id, remote id (first authentication round) and IKE proposal all fit what the initiator sent; the preceding 'looking for peer configs matching' line shows the addresses and identities it compared",
      causes: [
        "the IDr the initiator asked for is not the responder's configured local id (e.g. a SAN asked for, while local.id defaults to the subject DN)",
        "the initiator's IDi does not match the configured remote id, or has another type (ID_FQDN vs ID_DER_ASN1_DN vs ID_IPV4_ADDR)",
        "the connection's local_addrs/remote_addrs do not include these addresses",
        "no connection is loaded at all (swanctl --load-all not run, or a parse error in swanctl.conf)",
      ],
      next: [
        "ikecert id <this-host-cert.pem> <the IDr from the log>",
        "ikecert explain --log /var/log/charon.log",
      ],
    }),
  },
  {
    id: "constraint-identity-typed",
    faq: "constraint-check-failed",
    kind: "failure",
    re: /^constraint check failed: (EAP )?identity '([^']*)' \((\w+)\) required(?:, not matched by '([^']*)' \((\w+)\))?/,
    explain: (m) => constraint(m[2]!, m[3]!, m[4], m[5], !!m[1]),
  },
  {
    id: "constraint-identity",
    faq: "constraint-check-failed",
    kind: "failure",
    re: /^constraint check failed: (EAP )?identity '([^']*)' required\s*$/,
    explain: (m) => constraint(m[2]!, identity("", m[2]!).type, undefined, undefined, !!m[1]),
  },
  {
    id: "constraint-cert-confirm",
    faq: "constraint-check-failed",
    kind: "failure",
    re: /^constraint check failed: certificate does not confirm identity '([^']*)' \((\w+)\)/,
    explain: (m) => ({
      meaning: `the client accepts any identity from the server as long as the server's certificate proves '${m[1]}' (${m[2]}); the certificate that authenticated the server does not`,
      causes: [
        `the server certificate lacks a subjectAltName ${m[2] === "ID_IPV4_ADDR" || m[2] === "ID_IPV6_ADDR" ? "of type iPAddress" : "of type dNSName"} with '${m[1]}' (the CN is not enough: FAQ common-name)`,
        ...identityHints(m[1]!),
        "the client connects by a name or address the certificate was not issued for",
      ],
      next: [`ikecert id <server-cert.pem> ${sh(m[1]!)}`, "ikecert inspect <server-cert.pem>"],
      identities: [identity("required", m[1]!)],
    }),
  },
  {
    id: "peer-config-unacceptable",
    faq: "constraint-check-failed",
    kind: "context",
    re: /^selected peer config '([^']*)' unacceptable: (.*)$/,
    explain: (m) => ({
      meaning: `the connection '${m[1]}' was chosen first, but after authentication it turned out not to fit (${m[2]}); charon tries another candidate next`,
      causes: ["see the constraint line before this one"],
      next: [],
    }),
  },
  {
    id: "received-idr-but-require",
    faq: "no-matching-peer-config",
    kind: "failure",
    re: /^received IDr (.*), but require (.*)$/,
    explain: (m) => ({
      meaning: `the peer identified itself as '${m[1]}', but the connection requires '${m[2]}'`,
      causes: [
        "the configured remote id differs from the peer's local id (text or type)",
        ...identityHints(m[1]!),
      ],
      next: [`ikecert id <peer-cert.pem> ${sh(m[2]!)}`],
      identities: [identity("received", m[1]!), identity("required", m[2]!)],
    }),
  },
  {
    id: "no-private-key",
    faq: "no-private-key",
    kind: "failure",
    re: new RegExp(`^no private key found for ${ID}`),
    explain: (m) => ({
      meaning: `charon has to sign as '${m[1]}' but holds no private key that belongs to the certificate(s) configured for it`,
      causes: [
        "the private key is not loaded: not in private/ (or rsa/, ecdsa/, pkcs8/), not referenced in ipsec.secrets, or not reloaded (swanctl --load-creds)",
        "the key in private/ belongs to another certificate (keys and certificates mixed up)",
        "the key file is encrypted and no passphrase was given, or charon cannot read it",
        `no loaded certificate carries '${m[1]}', so no key is looked up for it`,
      ],
      next: ["ikecert pair <own-cert.pem> /etc/swanctl/private/", `ikecert id <own-cert.pem> ${sh(m[1]!)}`],
      identities: [identity("local", m[1]!)],
    }),
  },
  {
    id: "no-issuer-certificate",
    faq: "chain-files",
    kind: "failure",
    re: /^no issuer certificate found for "(.*)"$/,
    explain: (m) => ({
      meaning: `charon cannot find the CA certificate that issued "${m[1]}", so it cannot build a chain to a trusted root`,
      causes: [
        "the intermediate CA certificate is not loaded: strongSwan reads one certificate per file, so an intermediate that sits behind the end entity in a chain/bundle file is never loaded (FAQ chain-files)",
        "the issuing CA is not in x509ca/, or the peer did not send the intermediate",
        "the issuer's subject or key identifier differs from what the certificate names (reissued CA)",
      ],
      next: [`ikecert chain <cert.pem> --ca /etc/swanctl/x509ca/`, "ikecert inspect <bundle.pem>"],
      identities: [identity("subject", m[1]!)],
    }),
  },
  {
    id: "issuer-is",
    faq: "chain-files",
    kind: "context",
    re: /^issuer is "(.*)"$/,
    explain: (m) => ({
      meaning: `the missing issuer's name: a CA certificate with the subject "${m[1]}" has to be loaded (x509ca/) or sent by the peer`,
      causes: [],
      next: [],
      identities: [identity("issuer", m[1]!)],
    }),
  },
  {
    id: "certificate-invalid",
    faq: "no-trusted-public-key",
    kind: "failure",
    re: /^(subject|issuer) certificate invalid \(valid from (.*) to (.*)\)$/,
    explain: (m) => ({
      meaning: `the ${m[1]} certificate is outside its validity (${m[2]} to ${m[3]}) at charon's clock`,
      causes: ["it expired or is not valid yet", "the clock of this host is wrong"],
      next: [
        `ikecert inspect <${m[1]}-cert.pem>`,
        "ikecert chain <cert.pem> --ca /etc/swanctl/x509ca/ --at <time>",
      ],
    }),
  },
  {
    id: "self-signed-not-trusted",
    faq: "no-trusted-public-key",
    kind: "failure",
    re: /^self-signed certificate "(.*)" is not trusted$/,
    explain: (m) => ({
      meaning: `the chain ends at the self-signed root "${m[1]}", which is not among the trusted CA certificates`,
      causes: [
        "the root CA certificate is not in x509ca/ (or ipsec.d/cacerts/)",
        "a different root with the same name is loaded",
      ],
      next: ["ikecert chain <cert.pem> --ca /etc/swanctl/x509ca/"],
      identities: [identity("root", m[1]!)],
    }),
  },
  {
    id: "path-length",
    faq: "no-trusted-public-key",
    kind: "failure",
    re: /^(?:path length of (\d+) violates constraint of (\d+)|maximum path length of (\d+) exceeded)$/,
    explain: () => ({
      meaning: "the chain is longer than a CA's pathLenConstraint allows, or than charon follows (7 issuers)",
      causes: ["an intermediate was issued below a CA with pathLen 0", "a CA loop or a very deep hierarchy"],
      next: ["ikecert chain <cert.pem> --ca /etc/swanctl/x509ca/"],
    }),
  },
  {
    id: "key-usage",
    faq: "no-trusted-public-key",
    kind: "failure",
    re: /^rejecting certificate without digitalSignature or nonRepudiation keyUsage flags$/,
    explain: () => ({
      meaning:
        "the peer's certificate has a keyUsage extension without digitalSignature (and without nonRepudiation), so charon will not accept signatures made with it",
      causes: ["the certificate was issued for key encipherment only (a TLS-server template)"],
      next: ["ikecert inspect <peer-cert.pem>"],
    }),
  },
  {
    id: "id-not-confirmed",
    faq: "common-name",
    kind: "warning",
    re: /^id '([^']*)' not confirmed by certificate, defaulting to '([^']*)'$/,
    explain: (m) => ({
      ...(m[1]!.includes("*") ? { faq: "wildcard-certificates" } : {}),
      meaning: `the configured own id '${m[1]}' is not in the certificate, so charon (ipsec.conf) uses the subject DN '${m[2]}' instead; the peer then sees a different identity than it expects`,
      causes: [
        `'${m[1]}' is only the CN of the subject, not a subjectAltName: strongSwan never takes an FQDN, IP or email id from the CN`,
        ...identityHints(m[1]!),
      ],
      next: [`ikecert id <own-cert.pem> ${sh(m[1]!)}`, "ikecert inspect <own-cert.pem>"],
      identities: [identity("configured", m[1]!), identity("used instead", m[2]!)],
    }),
  },
  {
    id: "auth-failed-notify",
    faq: null,
    kind: "failure",
    re: /^received AUTHENTICATION_FAILED notify error/,
    explain: () => ({
      meaning: "the peer refused to authenticate us; the reason is only in the PEER's log, not in this one",
      causes: [
        "on the peer: 'no matching peer config found' (ids or types differ)",
        "on the peer: 'no trusted ... public key found' (our certificate lacks the id, or its CA is not trusted there)",
        "on the peer: 'constraint check failed' or a PSK mismatch",
      ],
      next: ["ikecert explain --log <the peer's log>"],
    }),
  },
  {
    id: "no-shared-key",
    faq: "psk",
    kind: "failure",
    re: /^no shared key found for (.*)$/,
    explain: (m) => ({
      meaning: `no pre-shared key is configured for this pair of identities/addresses (${m[1]})`,
      causes: [
        "the secrets section (swanctl.conf secrets { ike-... } or ipsec.secrets) lists other ids than the ones in use",
        "the secrets were not reloaded (swanctl --load-creds)",
      ],
      next: ["ikecert psk --file <psk-file>"],
    }),
  },
  {
    id: "psk-mac-mismatch",
    faq: "psk",
    kind: "failure",
    re: /^tried (\d+) shared keys? for '([^']*)' - '([^']*)', but MAC mismatched$/,
    explain: (m) => ({
      meaning: `the peer's AUTH payload does not verify with any of the ${m[1]} pre-shared key(s) found for '${m[2]}' - '${m[3]}': the two ends use different keys`,
      causes: [
        "the PSKs differ (a typo, trailing whitespace, or a 0x/0s encoding written as plain text)",
        "a different secret matched better on one side (secrets are chosen by the best-matching ids)",
      ],
      next: ["ikecert psk --file <psk-file>"],
      identities: [identity("local", m[2]!), identity("remote", m[3]!)],
    }),
  },
];

function constraint(
  required: string,
  type: string,
  got: string | undefined,
  gotType: string | undefined,
  eap: boolean,
): Explanation {
  return {
    meaning: `after authentication the ${eap ? "EAP " : ""}identity '${required}' (${type}) was required${got ? `, but the peer proved '${got}' (${gotType})` : ""}: the connection insists on that remote identity and the peer does not match it`,
    causes: [
      got && gotType !== type
        ? `the types differ (${type} vs ${gotType}): configure the remote id as the peer presents it, or make the peer send the ${type} id`
        : `the peer presented another identity than '${required}'`,
      `a client that checks the server name (Android app, NetworkManager, macOS) requires '${required}' as a subjectAltName of the server certificate; a CN or a wildcard SAN does not count (FAQ common-name, wildcard-certificates)`,
      ...identityHints(required),
    ],
    next: [`ikecert id <peer-cert.pem> ${sh(required)}`],
    identities: [
      identity("required", required),
      ...(got ? [{ ...identity("presented", got), ...(gotType ? { type: gotType } : {}) }] : []),
    ],
  };
}
