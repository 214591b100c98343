import { keywords } from "../proposals/index.js";
import { rulesFor } from "../rules.js";
import type { Rule } from "./rule.js";

/**
 * The lines charon logs while it reads and selects proposals (FAQ "no proposal chosen"). Sources:
 * src/libstrongswan/crypto/proposal/proposal.c (select, check_proposal, proposal_select),
 * src/libcharon/sa/ikev2/tasks/ike_init.c, child_create.c, ike_auth.c, src/libcharon/plugins/vici/
 * vici_config.c, stroke/stroke_config.c, src/swanctl/commands/load_conns.c (5.9.8).
 */

const COMPARE =
  "ikecert handshake --initiator <initiator folder> --responder <responder folder>  (predicts the selection and prints both sides' lines)";

/** what each transform type means when it is the one that found nothing in common */
const TYPE_CAUSES: Record<string, string[]> = {
  ENCRYPTION_ALGORITHM: [
    "the ciphers differ, or only their key length (aes128 vs aes256, aes256gcm16 vs aes256gcm12: the key length and ICV are part of the algorithm)",
    "one side lists only AEAD ciphers (aes*gcm*, chacha20poly1305) and the other only classic ones with an integrity algorithm",
  ],
  INTEGRITY_ALGORITHM: ["the integrity algorithms differ (sha256 vs sha1 or sha384)"],
  PSEUDO_RANDOM_FUNCTION: [
    "the PRFs differ: without prf... in the proposal, charon derives the PRF from each integrity algorithm (sha256 gives prfsha256); AEAD proposals need an explicit prfsha256/prfsha384",
  ],
  KEY_EXCHANGE_METHOD: [
    "the DH groups differ (ecp256 vs modp2048; x25519 and curve25519 are the same group)",
    "in a rekeying (CREATE_CHILD_SA): one side's esp_proposals carry a DH group (PFS) and the other's do not; IKE_AUTH ignores these groups, so the first CHILD_SA works and only its rekeying fails",
  ],
  EXTENDED_SEQUENCE_NUMBERS: [
    "one side requires extended sequence numbers (esn) and the other has noesn (the default)",
  ],
};
TYPE_CAUSES.DIFFIE_HELLMAN_GROUP = TYPE_CAUSES.KEY_EXCHANGE_METHOD!;

function listed(printed: string): string {
  const ps = printed.split(", ");
  return ps.length === 1 ? ps[0]! : `${ps.length} proposals, the first ${ps[0]}`;
}

/** The keyword a typo most likely meant (edit distance), over 5.9.8's and 6.0's keywords. */
function closest(word: string): string | null {
  const all = new Set([...keywords(rulesFor("5.9.8")), ...keywords(rulesFor("6.0.6"))]);
  const w = word.toLowerCase().replace(/!$/, "");
  if (all.has(w)) return w;
  let best: [string, number] | null = null;
  for (const k of all) {
    const d = distance(w, k);
    if (!best || d < best[1]) best = [k, d];
  }
  return best && best[1] <= 2 ? best[0] : null;
}

/** optimal string alignment distance: edits and swaps of neighbours (`gcm61` for `gcm16`) cost 1 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

export const PROPOSAL_RULES: Rule[] = [
  {
    id: "received-proposals",
    faq: "no-proposal-chosen",
    kind: "context",
    re: /^received proposals: (.*)$/,
    explain: (m) => ({
      meaning: `what the peer proposes (${listed(m[1]!)}), as charon read it from the peer's SA payload; the next line lists this side's own proposals, and a proposal matches only if every kind of transform (encryption, integrity, PRF, DH group, ESN) has an algorithm both list`,
      causes: [],
      next: [COMPARE],
    }),
  },
  {
    id: "configured-proposals",
    faq: "no-proposal-chosen",
    kind: "context",
    re: /^configured proposals: (.*)$/,
    explain: (m) => ({
      meaning: `this side's own proposals (${listed(m[1]!)}): the configured \`proposals\`/\`esp_proposals\`, or charon's defaults where none are set`,
      causes: [],
      next: [COMPARE],
    }),
  },
  {
    id: "selected-proposal",
    faq: null,
    kind: "context",
    re: /^selected proposal: (.*)$/,
    explain: (m) => ({
      meaning: `the negotiation succeeded: both sides use ${m[1]}`,
      causes: [],
      next: [],
    }),
  },
  {
    id: "selecting-proposal",
    faq: null,
    kind: "context",
    re: /^(?:selecting proposal:|\s*proposal matches|\s*protocol mismatch, skipping)$/,
    explain: () => ({
      meaning:
        "charon compares one of the preferred side's proposals (its own, unless prefer_configured_proposals = no) with one of the other side's; the next line says whether the pair matches",
      causes: [],
      next: [],
    }),
  },
  {
    id: "no-acceptable-transform",
    faq: "no-proposal-chosen",
    kind: "context",
    re: /^\s*no acceptable ([A-Z][A-Z0-9_]+) found$/,
    explain: (m) => ({
      meaning: `one pair of proposals (this side's and the peer's) has no ${m[1]} in common; charon logs this for every pair it tries (cfg level 2) before it gives up or finds another pair`,
      causes: TYPE_CAUSES[m[1]!] ?? [],
      next: [COMPARE],
    }),
  },
  {
    id: "ike-proposals-unacceptable",
    faq: "no-proposal-chosen",
    kind: "failure",
    re: /^received proposals unacceptable$/,
    explain: () => ({
      meaning:
        "this responder found no IKE proposal in common with the initiator's IKE_SA_INIT and answers NO_PROPOSAL_CHOSEN; the 'received proposals' and 'configured proposals' lines above it show both lists",
      causes: [
        "the IKE `proposals` of the two sides share no combination of encryption (with key length), integrity/PRF and DH group",
        "none of this side's connections for that address accepts them (charon tries each, 'trying alternative config')",
      ],
      next: [COMPARE],
    }),
  },
  {
    id: "ike-no-proposal-chosen",
    faq: "no-proposal-chosen",
    kind: "failure",
    re: /^received NO_PROPOSAL_CHOSEN notify error$/,
    explain: () => ({
      meaning:
        "the responder refused every IKE proposal of this IKE_SA_INIT: the IKE_SA is not created; the responder's log has the 'received proposals' and 'configured proposals' lines",
      causes: [
        "no combination of encryption (with key length), integrity/PRF and DH group is in both sides' IKE `proposals`",
        "a typo that still parses (aes256gcm12 instead of aes256gcm16, sha1 instead of sha256)",
        "against another vendor's device: it must support every algorithm and key length proposed; the FAQ's advice to switch compression off concerns ESP (the CHILD_SA), not this IKE_SA_INIT",
      ],
      next: [COMPARE],
    }),
  },
  {
    id: "child-no-proposal-chosen",
    faq: "no-proposal-chosen",
    kind: "failure",
    re: /^received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built$/,
    explain: () => ({
      meaning:
        "the peer accepted none of the CHILD_SA's ESP/AH proposals: in IKE_AUTH the IKE_SA still comes up without it; in a rekeying the CHILD_SA is lost",
      causes: [
        "the children's esp_proposals share no encryption (with key length), integrity and ESN setting",
        "when rekeying: one side's esp_proposals carry a DH group (PFS) and the other's do not, or another one; IKE_AUTH ignores DH groups, so only the rekeying fails (charon 5.9's default ESP proposals have none; 6.0.2's accept any)",
        "compression (IPComp, compress = yes) requested while the peer does not support it",
      ],
      next: [COMPARE],
    }),
  },
  {
    id: "child-no-acceptable-proposal",
    faq: "no-proposal-chosen",
    kind: "failure",
    re: /^no acceptable proposal found$/,
    explain: () => ({
      meaning:
        "this side found no ESP/AH proposal of the peer's CHILD_SA request in its own esp_proposals and answers NO_PROPOSAL_CHOSEN",
      causes: [
        "the esp_proposals of the two children share no encryption (with key length), integrity and ESN setting",
        "in a rekeying (CREATE_CHILD_SA): the DH groups (PFS) of esp_proposals differ, or only one side has one",
      ],
      next: [COMPARE],
    }),
  },
  {
    id: "invalid-ke",
    faq: null,
    kind: "warning",
    re: /^(?:DH group (\S+) unacceptable, requesting (\S+)|peer didn't accept DH group (\S+), it requested (\S+))$/,
    explain: (m) => ({
      meaning: `the responder selected a proposal with ${m[2] ?? m[4]} while the initiator's KE payload used ${m[1] ?? m[3]}: it answers INVALID_KE_PAYLOAD and the initiator sends IKE_SA_INIT again with the requested group; harmless, one round trip more`,
      causes: ["the initiator's first DH group is not the one the responder prefers"],
      next: ["put the group both prefer first in the initiator's proposals"],
    }),
  },
  {
    id: "alternative-ike-config",
    faq: "no-proposal-chosen",
    kind: "context",
    re: /^no matching proposal found, trying alternative config$/,
    explain: () => ({
      meaning:
        "the responder's best IKE config for these addresses shares no proposal with the initiator; charon tries its other configs for the same addresses",
      causes: [],
      next: [],
    }),
  },
  {
    id: "candidate-without-proposal",
    faq: "no-matching-peer-config",
    kind: "context",
    re: /^ignore candidate '(.*)' without matching IKE proposal$/,
    explain: (m) => ({
      meaning: `connection '${m[1]}' matches the ids but not the IKE proposal negotiated in IKE_SA_INIT (selected from another connection), so it is no candidate in IKE_AUTH`,
      causes: ["connections of the same addresses with different IKE proposals"],
      next: [COMPARE],
    }),
  },
  {
    id: "private-algorithm",
    faq: null,
    kind: "warning",
    re: /^an algorithm from private space would match, but peer implementation is unknown, skipped$/,
    explain: () => ({
      meaning:
        "both sides list an algorithm of strongSwan's private range (serpent, twofish, sha256_96, modpnull, ...), which charon only uses with a peer it knows to be strongSwan (vendor id exchanged)",
      causes: ["send_vendor_id = no (the default) on the peer, so it is not known to be strongSwan"],
      next: ["use a standard algorithm, or set charon.accept_private_algs = yes (strongswan.conf)"],
    }),
  },
  {
    id: "algorithm-not-recognized",
    faq: null,
    kind: "failure",
    re: /^algorithm '(.*)' not recognized$/,
    explain: (m) => {
      const near = closest(m[1]!);
      return {
        meaning: `'${m[1]}' is no proposal keyword charon knows, so the proposal, and the connection with it, is refused at load`,
        causes: [
          ...(m[1]!.endsWith("!")
            ? ["a trailing `!` is ipsec.conf syntax (a strict list); swanctl.conf has no such suffix"]
            : []),
          ...(m[1] !== m[1]!.toLowerCase()
            ? ["keywords are lowercase: charon compares them case-sensitively"]
            : []),
          ...(/^ke\d_|mlkem|gost/.test(m[1]!)
            ? ["ke1_..ke7_, ML-KEM and GOST keywords need strongSwan 6.0"]
            : []),
          ...(near && near !== m[1] ? [`did you mean '${near}'?`] : []),
        ],
        next: ["swanctl --load-conns (after fixing the string) must report the connection as loaded"],
      };
    },
  },
  {
    id: "proposal-incomplete",
    faq: null,
    kind: "failure",
    re: /^(?:(a PRF algorithm|a DH group|an encryption algorithm|an integrity algorithm) is mandatory in (IKE|ESP|AH) proposals|classic and combined-mode \(AEAD\) encryption algorithms can't be contained in the same (IKE|ESP) proposal)/,
    explain: (m) => ({
      meaning: m[1]
        ? `an ${m[2]} proposal lacks ${m[1]}, so charon refuses it and the connection with it at load`
        : `an ${m[3]} proposal mixes AEAD ciphers (gcm, ccm, chacha20poly1305) with classic ones; put them in two proposals`,
      causes: [
        ...(m[1] === "a PRF algorithm"
          ? [
              "AEAD IKE proposals have no integrity algorithm to derive the PRF from: add prfsha256 (or prfsha384)",
            ]
          : []),
        ...(m[1] === "a DH group" ? ["IKE proposals need a DH group: add ecp256, x25519 or modp3072"] : []),
        ...(m[1] === "an integrity algorithm"
          ? ["classic IKE ciphers (aes256, 3des) need an integrity algorithm: add sha256"]
          : []),
      ],
      next: [],
    }),
  },
  {
    id: "swanctl-invalid-proposal",
    faq: null,
    kind: "failure",
    re: /^loading connection '(.*)' failed: invalid value for: (proposals|esp_proposals|ah_proposals), config discarded$/,
    explain: (m) => ({
      meaning: `charon refused connection '${m[1]}': one of its ${m[2]} does not parse; charon's own log says which word or what is missing`,
      causes: [
        "a keyword charon does not know (uppercase, a typo, a `!` copied from ipsec.conf, a 6.0 keyword on 5.9)",
        "an incomplete proposal (no DH group or PRF in IKE, AEAD mixed with classic ciphers)",
      ],
      next: ["ikecert audit <swanctl folder>  (names the proposal and charon's reason)"],
    }),
  },
  {
    id: "stroke-invalid-proposal",
    faq: null,
    kind: "failure",
    re: /^skipped invalid proposal string: (.*)$/,
    explain: (m) => ({
      meaning: `charon could not parse '${m[1]}' from ipsec.conf (ike=/esp=/ah=) and does not add the conn at all`,
      causes: ["a keyword charon does not know, or an incomplete proposal; the line before it says which"],
      next: ["ikecert audit <folder with ipsec.conf>"],
    }),
  },
];
