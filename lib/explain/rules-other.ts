import type { Rule } from "./rule.js";

/**
 * Log lines of the FAQ entries that are not about certificates: transport, retransmissions,
 * proposals, IKEv1/PSK, the daemon and plugins, and the output of tools the FAQ sends people to
 * (tcpdump, iptables, ip xfrm, the ipsec starter). Sources: src/libcharon/sa/ikev2/task_manager_v2.c,
 * ikev1/task_manager_v1.c, encoding/message.c, encoding/payloads/encrypted_payload.c,
 * plugins/socket_default/socket_default_socket.c, libstrongswan/plugins/plugin_loader.c,
 * credentials/credential_factory.c, charon/charon.c, starter/confread.c (5.9.8); pluto lines are
 * from strongSwan 4.x and quoted as the FAQ gives them.
 */
const SIZE_NEXT = [
  "ikecert size <own-cert.pem> --intermediate <intermediate.pem> --cacerts <N>",
  "ikecert size <own-cert.pem> --fragment-size 1280 --mtu <path MTU>",
];

export const OTHER_RULES: Rule[] = [
  {
    id: "retransmit",
    faq: "retransmissions",
    kind: "warning",
    re: /^retransmit (\d+) of request with message ID (\d+)/,
    explain: (m) =>
      m[2] === "0"
        ? {
            meaning: `no answer to the IKE_SA_INIT request (message ID 0) yet; charon sends it again (retransmit ${m[1]})`,
            causes: [
              "the peer is not reachable on UDP 500 (firewall, wrong address, daemon not running)",
              "the peer drops the request silently (e.g. no config for our address)",
              "the IKE_SA_INIT datagram is larger than the path MTU (a large KE such as modp8192 or ML-KEM first in the proposals) and its IP fragments are dropped: RFC 7383 cannot fragment IKE_SA_INIT",
            ],
            next: [],
          }
        : {
            meaning: `no answer to request ${m[2]} (message ID 1 is IKE_AUTH, the large message with the certificates); charon sends it again (retransmit ${m[1]})`,
            causes: [
              "the IKE_AUTH message is larger than the path MTU and its IP fragments are dropped on the way (FAQ retransmissions)",
              "IKE fragmentation (RFC 7383) is off on one end (fragmentation = no) or the peer does not support it",
              "UDP 4500 is blocked (IKE_AUTH moves there with MOBIKE or NAT)",
            ],
            next: SIZE_NEXT,
          },
  },
  {
    id: "retransmit-v1",
    faq: "retransmissions-ikev1",
    kind: "warning",
    re: /^sending retransmit (\d+) of (request|response) message ID (\d+), seq (\d+)/,
    explain: (m) => ({
      meaning: `IKEv1: no reaction to our ${m[2]} (message ID ${m[3]}), sent again (retransmit ${m[1]})`,
      causes: [
        "the Main Mode message carrying the certificate is larger than the path MTU and IP fragments are dropped (FAQ retransmissions-ikev1)",
        "IKEv1 fragmentation is off (fragmentation = yes enables strongSwan's proprietary fragments; the peer must support them)",
        "the peer cannot decrypt our messages (PSK mismatch) and ignores them",
      ],
      next: [...SIZE_NEXT.map((s) => `${s} --ikev1`)],
    }),
  },
  {
    id: "giving-up",
    faq: "retransmissions",
    kind: "failure",
    re: /^giving up after (\d+) retransmits/,
    explain: (m) => ({
      meaning: `charon abandoned the exchange after ${m[1]} retransmissions without an answer; the IKE_SA is destroyed`,
      causes: [
        "with the retransmits of message ID 1 (IKE_AUTH): the message is too large for the path and its IP fragments are dropped (FAQ retransmissions); with message ID 0: the peer is unreachable on UDP 500",
        "IKE fragmentation is off on one end, or UDP 4500 is filtered",
      ],
      next: SIZE_NEXT,
    }),
  },
  {
    id: "splitting",
    faq: "retransmissions",
    kind: "context",
    re: /^splitting IKE message \((\d+) bytes\) into (\d+) fragments/,
    explain: (m) => ({
      meaning: `IKE fragmentation is in use: the ${m[1]}-byte message goes out as ${m[2]} fragments (RFC 7383 for IKEv2), so IP fragmentation is avoided`,
      causes: [],
      next: SIZE_NEXT,
    }),
  },
  {
    id: "pluto-duplicate",
    faq: "retransmissions-ikev1",
    kind: "failure",
    re: /discarding duplicate packet; already (STATE_\w+)/,
    explain: (m) => ({
      meaning: `a message was received again although the exchange already moved on to ${m[1]}: the peer did not get our reply and repeats itself (IKEv1 Main Mode, typically the message with the certificate)`,
      causes: [
        "our Main Mode message with the certificate exceeds the path MTU and its IP fragments are dropped",
        "IKEv1 fragmentation is not enabled on both ends",
      ],
      next: SIZE_NEXT.map((s) => `${s} --ikev1`),
    }),
  },
  {
    id: "pluto-max-retransmissions",
    faq: "retransmissions-ikev1",
    kind: "failure",
    re: /max number of retransmissions \((\d+)\) reached (STATE_\w+)/,
    explain: (m) => ({
      meaning: `IKEv1 gave up in ${m[2]} after ${m[1]} retransmissions without an answer`,
      causes: [
        "the peer's large Main Mode message (with its certificate) never arrives: IP fragments dropped on the path",
      ],
      next: SIZE_NEXT.map((s) => `${s} --ikev1`),
    }),
  },
  {
    id: "no-proposal-chosen",
    faq: "no-proposal-chosen",
    kind: "failure",
    re: /(?:received NO_PROPOSAL_CHOSEN notify|no acceptable proposal found|^no proposal chosen|NO_PROPOSAL_CHOSEN)/i,
    explain: () => ({
      meaning:
        "the two ends have no algorithm set in common: for IKE encryption, integrity/PRF and DH group; for ESP encryption, integrity, DH group (PFS) and compression",
      causes: [
        "the peer does not support an algorithm or key length we propose (or the reverse); compare the 'received proposals' and 'configured proposals' lines",
        "the ESP proposal asks for a PFS group (esp_proposals ...-modp2048) the peer does not use, or the reverse",
        "compression (IPComp) requested while the peer does not support it",
      ],
      next: [],
    }),
  },
  {
    id: "ts-unacceptable",
    faq: "multiple-subnets",
    kind: "failure",
    re: /(?:received TS_UNACCEPTABLE notify|no acceptable traffic selectors found)/,
    explain: () => ({
      meaning:
        "the CHILD_SA was refused because the traffic selectors (subnets) do not fit the other end's configuration",
      causes: [
        "the subnets differ between the ends (local_ts/remote_ts vs the peer's)",
        "several subnets in one CHILD_SA while the peer supports only one pair per SA (some Cisco, Checkpoint, Fortinet devices; always with IKEv1 outside Unity): configure one CHILD_SA per subnet pair",
      ],
      next: [],
    }),
  },
  {
    id: "invalid-hash-v1",
    faq: "invalid-hash-v1",
    kind: "failure",
    re: /invalid HASH_V1 payload length, decryption failed\?/,
    explain: () => ({
      meaning:
        "IKEv1: a message decrypted to garbage. The keys of IKEv1 with PSK are derived from the PSK, so this almost always means the two ends use different pre-shared keys",
      causes: [
        "the PSKs differ",
        "another secret than intended was selected: IKEv1 picks the PSK by IP addresses first, and a secret listing our own id or address matches too",
      ],
      next: ["ikecert psk --file <psk-file>"],
    }),
  },
  {
    id: "invalid-encrypted-length",
    faq: "invalid-hash-v1",
    kind: "failure",
    re: /^invalid (\S+) payload length, decryption failed\?/,
    explain: (m) => ({
      meaning: `a ${m[1]} payload decrypted to garbage; with IKEv1 and PSK the keys come from the PSK, so the keys of the two ends differ`,
      causes: ["the pre-shared keys differ", "the wrong secret was selected for this peer"],
      next: ["ikecert psk --file <psk-file>"],
    }),
  },
  {
    id: "unknown-payload-value",
    faq: "unknown-payload-33",
    kind: "failure",
    re: /next payload type of ISAKMP (?:Message|\w+) has an unknown value: (\d+)/,
    explain: (m) => ({
      meaning: `an IKEv1 message could not be parsed after decryption (a payload type ${m[1]} that does not exist): the bytes were decrypted with the wrong key`,
      causes: ["the pre-shared keys of the two ends differ"],
      next: ["ikecert psk --file <psk-file>"],
    }),
  },
  {
    id: "unprotected-informational",
    faq: "unprotected-informational",
    kind: "warning",
    re: /^ignoring unprotected INFORMATIONAL(?: from (\S+))?/,
    explain: (m) => ({
      meaning: `an unauthenticated INFORMATIONAL message${m[1] ? ` from ${m[1]}` : ""} was dropped: once keys exist, charon only acts on protected ones. Peers send error notifies like this`,
      causes: [
        "the peer reports an error in plain text (look for the notify named in the line before this one)",
        "after a PSK mismatch the peer cannot decrypt our message and answers in plain text",
      ],
      next: [],
    }),
  },
  {
    id: "aggressive-psk",
    faq: "aggressive-mode",
    kind: "failure",
    re: /Aggressive Mode PSK disabled for security reasons/,
    explain: () => ({
      meaning:
        "a peer tried IKEv1 Aggressive Mode with a pre-shared key, which charon refuses as responder: that mode sends a hash of the PSK unprotected, open to offline guessing by anyone listening",
      causes: ["the client is configured for Aggressive Mode (often the default of old clients)"],
      next: ["ikecert psk --file <psk-file>"],
    }),
  },
  {
    id: "pkcs7-certreq",
    faq: "juniper-pkcs7",
    kind: "failure",
    re: /(?:ignoring CERT_PKCS7_WRAPPED_X509 certificate request|PKCS7_WRAPPED_X509 CERTREQ not supported|CERTREQ not supported - ignored)/,
    explain: () => ({
      meaning:
        "the peer asks for certificates in a PKCS#7 wrapper (seen with Juniper devices); strongSwan only sends plain X.509 certificates, so the request is ignored",
      causes: [
        "the peer expects the whole chain wrapped in PKCS#7",
        "fix on the peer: import the root and intermediate CAs there, or use a one-level hierarchy",
      ],
      next: ["ikecert chain <own-cert.pem> --ca <ca-folder>"],
    }),
  },
  {
    id: "windows-transport-nat",
    faq: "windows-l2tp-nat",
    kind: "failure",
    re: /NAT-Traversal: Transport mode disabled due to security concerns|BAD_PROPOSAL_SYNTAX/,
    explain: () => ({
      meaning:
        "transport mode behind NAT (Windows L2TP/IPsec clients) was refused: releases before 5.0 did not allow it; later ones do, but several clients behind one NAT still clash",
      causes: [
        "strongSwan older than 5.0.0",
        "clients behind the same NAT that all use the same source port (connmark plugin helps partly)",
      ],
      next: [],
    }),
  },
  {
    id: "nat-detected",
    faq: "disabling-nat-traversal",
    kind: "context",
    re: /^(?:local host is behind NAT, sending keep alives|remote host is behind NAT|faking NAT situation to enforce UDP encapsulation)/,
    explain: () => ({
      meaning:
        "charon detected (or fakes) NAT and encapsulates ESP in UDP 4500. NAT traversal cannot be switched off in charon; with MOBIKE (default on) IKE moves to port 4500 even without NAT",
      causes: ["a NAT between the peers", "encap = yes (forced)"],
      next: [],
    }),
  },
  {
    id: "socket-bind",
    faq: "non-standard-ports",
    kind: "failure",
    re: /^(?:unable to bind socket: (.*)|could not open (\S+) socket, \S+ disabled|could not open socket: (.*)|could not open (\S+) NAT-T socket)/,
    explain: () => ({
      meaning:
        "charon could not open its IKE ports (UDP 500/4500 or the ports set in charon.port / charon.port_nat_t)",
      causes: [
        "another IKE daemon (Libreswan, racoon, a second charon) already holds the port",
        "the configured ports are not usable; socket-default listens on exactly two fixed ports",
      ],
      next: [],
    }),
  },
  {
    id: "plugin-failed",
    faq: "plugin-missing",
    kind: "failure",
    re: /^(?:plugin '([^']+)'(?::)? failed to load|loading critical plugin '([^']+)' failed|feature (\S+) in critical plugin '([^']+)' (?:has unmet dependency|failed to load)|failed to load \d+ critical plugin features?|(\S+) with (\S+) not supported$)/,
    explain: (m) => ({
      meaning: `a plugin${m[1] || m[2] || m[4] ? ` ('${m[1] || m[2] || m[4]}')` : ""} or a feature it provides could not be loaded, so the algorithms or functions it brings are missing`,
      causes: [
        "the plugin is not installed (distributions ship plugins in separate packages)",
        "a customised `load` list in strongswan.conf, or load = no in strongswan.d/charon/<plugin>.conf, leaves it out",
        "a self-built strongSwan without that plugin, or old and new builds mixed",
      ],
      next: [],
    }),
  },
  {
    id: "builder-failed",
    faq: "plugin-missing",
    kind: "failure",
    re: /^building (CRED_\w+) - (\w+) failed, tried (\d+) builders/,
    explain: (m) => ({
      meaning: `no loaded plugin could parse this ${m[1] === "CRED_CERTIFICATE" ? "certificate" : "credential"} (${m[2]}); ${m[3]} builder(s) tried and refused it`,
      causes: [
        "a plugin that parses it (pem, pkcs1, pkcs8, x509, openssl) is not loaded",
        "the file holds something the loaded plugins refuse, e.g. a subjectAltName kind the x509 plugin cannot represent (the openssl plugin skips it), or an encrypted key without its passphrase",
      ],
      next: ["ikecert inspect <file>"],
    }),
  },
  {
    id: "crash",
    faq: "crashes",
    kind: "failure",
    re: /^(?:thread (\d+) received (\d+)|killing ourself, received critical signal|charon has died -- restart)/,
    explain: () => ({
      meaning: "the daemon crashed (a fatal signal such as 11, a segmentation fault)",
      causes: [
        "a self-built strongSwan linked against objects of another version (build not cleaned before rebuilding)",
        "a bug fixed in a newer release: update, then search the issue tracker with the backtrace that follows this line",
      ],
      next: [],
    }),
  },
  {
    id: "starter-unknown-keyword",
    faq: "swan-compatibility",
    kind: "failure",
    re: /^# unknown keyword '([^']+)'/,
    explain: (m) => ({
      meaning: `ipsec.conf uses the keyword '${m[1]}', which strongSwan does not know`,
      causes: [
        "the file comes from FreeS/WAN, Openswan or Libreswan: the formats look alike but the keywords and their meanings differ",
        "a typo, or a keyword removed in this release",
      ],
      next: [],
    }),
  },
  {
    id: "ha-segment",
    faq: "high-availability",
    kind: "context",
    re: /^(?:remote node (takes|drops) segment (\d+)|resyncing HA segment (\d+))/,
    explain: () => ({
      meaning:
        "the ha plugin moves the responsibility for a cluster segment between the two nodes (active-active HA with two nodes, clustered by the plugin)",
      causes: ["a node failed over, came back, or the segments are being rebalanced"],
      next: [],
    }),
  },
  {
    id: "policy-conflict",
    faq: "xfrm-policy-ordering",
    kind: "warning",
    re: /^(?:policy already exists, try to update it|(?:src \S+ dst \S+ )?dir (?:in|out|fwd) priority (\d+))/,
    explain: () => ({
      meaning:
        "an XFRM policy: the kernel checks policies from the lowest priority number up and the first match wins; charon gives passthrough/bypass policies the more important (lower) numbers",
      causes: [
        "two policies overlap and the one with the lower number catches the traffic first",
        "a manually added policy or another tunnel's policy shadows this one",
      ],
      next: [],
    }),
  },
  {
    id: "iptables-policy-match",
    faq: "iptables",
    kind: "failure",
    re: /Couldn't load match `policy'|No chain\/target\/match by name/,
    explain: () => ({
      meaning:
        "iptables cannot use the 'policy' match, the way to tell IPsec-protected from plain traffic (the xt_policy module is missing); protected packets pass some chains twice",
      causes: [
        "the kernel module xt_policy is not available or not loaded",
        "nftables has no equivalent of the policy match",
      ],
      next: [],
    }),
  },
  {
    id: "tcpdump-esp",
    faq: "capturing-plaintext",
    kind: "context",
    re: /\bIP6? \S+ > \S+: ESP\(spi=0x[0-9a-f]+,seq=0x[0-9a-f]+\)/,
    explain: () => ({
      meaning:
        "tcpdump shows this packet only in its encrypted (ESP) form: on Linux outgoing packets are captured after encryption, so their plaintext never appears; incoming ones show up twice",
      causes: [
        "Linux XFRM processing order; to read outgoing traffic, decrypt the ESP in Wireshark with the keys from `ip xfrm state`",
      ],
      next: [],
    }),
  },
];
