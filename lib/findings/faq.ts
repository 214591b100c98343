/**
 * The entries of the strongSwan FAQ (docs.strongswan.org, support/faq), each with a stable slug.
 * Titles are the FAQ's headings (facts); every explanation ikecert prints is its own wording.
 */
export interface FaqEntry {
  slug: string;
  title: string;
  url: string;
}

const BASE = "https://docs.strongswan.org/docs/latest/support/faq.html";

/** asciidoc's generated section id: `_` + lowercase words joined by `_`. */
function anchor(title: string): string {
  return `_${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")}`;
}

const ENTRIES: Array<[slug: string, title: string]> = [
  ["capturing-plaintext", "Capturing outbound plaintext packets with tcpdump/wireshark"],
  ["non-standard-ports", "Non-standard IKE ports"],
  ["crashes", "strongSwan crashes"],
  ["plugin-missing", "Plugin is missing"],
  ["swan-compatibility", "configuration compatibility with FreeS/WAN, Openswan and Libreswan"],
  ["multiple-subnets", "Multiple subnets per SA"],
  ["iptables", "IPsec and iptables/nftables"],
  ["high-availability", "High Availability and Failover configurations"],
  ["wildcard-certificates", "Wildcard Certificates"],
  ["common-name", "Common Name field in the Distinguished Name"],
  ["no-matching-peer-config", '"no matching peer config found"'],
  ["constraint-check-failed", "\"constraint check failed: identity '...' required\""],
  ["no-private-key", '"No private key found"'],
  ["chain-files", "X509 Certificate chain files"],
  ["no-trusted-public-key", '"no trusted RSA public key found for [...]"'],
  ["psk", "Pre-Shared Key Authentication"],
  ["xfrm-policy-ordering", "XFRM policy ordering"],
  ["disabling-nat-traversal", "Disabling NAT traversal?"],
  ["retransmissions", "Public key authentication fails with retransmissions"],
  ["no-proposal-chosen", '"no proposal chosen" returned by ZyXEL/Linksys/x router'],
  ["no-rsa-public-key-known", "\"no RSA public key known for '...'\""],
  ["invalid-hash-v1", '"invalid HASH_V1 payload length, decryption failed?"'],
  ["aggressive-mode", "Aggressive Mode"],
  ["retransmissions-ikev1", "Public key authentication fails with retransmissions (IKEv1)"],
  ["windows-l2tp-nat", "NAT between Windows L2TP/IPsec clients and strongSwan"],
  ["juniper-pkcs7", '"ignoring CERT_PKCS7_WRAPPED_X509 certificate request" with Juniper device'],
  ["unknown-payload-33", '"next payload type of ISAKMP Message has an unknown value: 33"'],
  ["unprotected-informational", '"ignoring unprotected INFORMATIONAL"'],
];

export const FAQ: Record<string, FaqEntry> = Object.fromEntries(
  ENTRIES.map(([slug, title]) => [
    slug,
    { slug, title, url: `${BASE}#${anchor(title.replace(/ \(IKEv1\)$/, ""))}` },
  ]),
);

export type FaqSlug = (typeof ENTRIES)[number][0];

export function faqEntry(slug: string): FaqEntry {
  const e = FAQ[slug];
  if (!e) throw new Error(`unknown FAQ slug ${slug}`);
  return e;
}
