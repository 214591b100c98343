/**
 * The size of the IKE_AUTH message charon sends (semantics §9; RFC 7296 §3 framing, RFC 7427 AUTH,
 * RFC 7383 fragmentation), checked against real charon in test/strongswan/size-diff.test.ts:
 * - the SK payload is framed by the negotiated IKE proposal (`ikeProposal`; default what two
 *   default charons negotiate, AES_CBC_128/HMAC_SHA2_256_128);
 * - initiator request: IDi, CERT (end entity, then each intermediate), N(INITIAL_CONTACT),
 *   CERTREQ, IDr (only when a remote id is configured), AUTH, then unless childless the CHILD_SA's
 *   SA (its configured ESP proposals without key exchange, duplicates dropped), TSi, TSr, then
 *   N(MOBIKE_SUPPORTED), N(NO_ADDITIONAL_ADDRESSES) (with MOBIKE), N(MULTIPLE_AUTH_SUPPORTED),
 *   N(EAP_ONLY_AUTHENTICATION), N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED);
 * - responder response: IDr, CERT..., AUTH, SA (the selected ESP proposal), TSi, TSr, or
 *   N(NO_PROPOSAL_CHOSEN) when the CHILD_SA failed, then N(MOBIKE_SUPPORTED),
 *   N(NO_ADDITIONAL_ADDRESSES) (its CERTREQ travels in IKE_SA_INIT);
 * - `childless` models `childless = force` (or a peer that negotiated childless).
 */

import { type Proposal, parseProposal, swanctlProposals, withoutKeyExchange } from "../../proposals/index.js";
import type { ReleaseLike } from "../../rules.js";
import type { Certificate } from "../../x509/certificate.js";
import {
  authPayloadBytes,
  certPayloadBytes,
  certreqPayloadBytes,
  HDR,
  IKE_HEADER,
  idPayloadBytes,
  NOTIFY,
  notify,
  type SigningKey,
  type SizePayload,
  saPayloadBytes,
  TS_IPV4,
} from "./payloads.js";
import {
  DEFAULT_NEGOTIATED,
  effectiveFragmentSize,
  fragmentCount,
  ikev1FragmentCount,
  legacyCipherShape,
  type SkShape,
  skBytes,
  skShape,
} from "./sk.js";

export type { SizePayload } from "./payloads.js";

/** Options of `estimateIkeAuthSize`: the role, certificate, intermediates, identities, CERTREQs, path and fragmentation. */
export interface SizeOptions {
  role: "initiator" | "responder";
  /** own end-entity certificate; null when none is sent (send_cert = never, PSK) */
  certificate: Certificate | null;
  intermediates?: Certificate[];
  /** own identity text; default the certificate's subject DN (swanctl's default) */
  idi?: string;
  /** identity of the peer as configured (sent as IDr by an initiator; omitted: no IDr) */
  idr?: string;
  /** CAs listed in the CERTREQ (initiator); 0 = no CERTREQ */
  certreqCas?: number;
  /**
   * IKEv1: the subject DNs (DER) of the CAs in the CERTREQ, one payload each (isakmp_cert_pre.c
   * add_certreq); without them each is sized as the certificate's issuer DN
   */
  certreqCaDns?: readonly Uint8Array[];
  /** key of the AUTH signature; default the certificate's key */
  authKey?: SigningKey;
  /** IKE_AUTH on UDP 4500 (non-ESP marker): true by default, MOBIKE/NAT-T move IKE_AUTH there */
  natt?: boolean;
  ipv6?: boolean;
  /** charon.fragment_size (whole IP datagram of a fragment), default 1280; 0: 576 on IPv4, 1280 on IPv6 */
  fragmentSize?: number;
  /** path MTU, default 1500 */
  mtu?: number;
  childless?: boolean;
  /** traffic selectors per side (IPv4 each), default 1 */
  trafficSelectors?: number;
  /** the negotiated IKE proposal (frames the SK payload); wins over `cipher` */
  ikeProposal?: Proposal;
  /** shorthand for the IKE proposal: AES_CBC_128/HMAC_SHA2_256_128 or AES_GCM_16_128 */
  cipher?: "aes-cbc" | "aes-gcm";
  /**
   * the CHILD_SA proposals in this side's SA payload: the initiator's configured ESP/AH list
   * (key exchanges are dropped), the responder's selected one; default charon's ESP defaults
   */
  childProposals?: Proposal[];
  /** responder: the CHILD_SA failed (no proposal chosen): N(NO_PROPOSAL_CHOSEN) instead of SA/TS */
  childFailed?: boolean;
  /** MOBIKE (swanctl `mobike`, default yes): its two notifies */
  mobike?: boolean;
  /** release whose defaults apply */
  strongswan?: ReleaseLike;
  /** IKEv1 Main Mode message 5/6 instead of IKEv2 IKE_AUTH */
  ikev1?: boolean;
  /** the peer announced fragmentation support (RFC 7383 / IKEv1 vendor id); default true */
  fragmentation?: boolean;
}

/** What `estimateIkeAuthSize` returns: bytes as charon logs them, fragments, payloads and what would shrink it. */
export interface SizeResult {
  role: "initiator" | "responder";
  /** the whole IKE message as charon logs it (IKE header and all payloads, no UDP/IP, no marker) */
  bytes: number;
  /** the IP datagram carrying the unfragmented message (IP + UDP + non-ESP marker + bytes) */
  datagram: number;
  /** fragments charon splits it into (1 = not fragmented) */
  fragments: number;
  fragmentSize: number;
  mtu: number;
  exceedsMtu: boolean;
  /** the negotiated encryption that frames the SK payload (`AES_CBC_128/HMAC_SHA2_256_128`) */
  cipher: string;
  payloads: SizePayload[];
  shrink: Array<{ what: string; bytes: number; fragments: number; saves: number }>;
}

function shapeOf(o: SizeOptions): SkShape {
  if (o.ikeProposal) return skShape(o.ikeProposal);
  if (o.cipher) return legacyCipherShape(o.cipher);
  return skShape((parseProposal("IKE", DEFAULT_NEGOTIATED) as { proposal: Proposal }).proposal);
}

function childSa(o: SizeOptions): SizePayload[] {
  if (o.role === "responder" && o.childFailed) return [notify("NO_PROPOSAL_CHOSEN")];
  const list = o.childProposals ?? swanctlProposals("ESP", null, { strongswan: o.strongswan }).proposals;
  const sent = withoutKeyExchange(list);
  const ts = HDR + 4 + TS_IPV4 * (o.trafficSelectors ?? 1);
  const what = o.childProposals
    ? `${sent.length} ${sent[0]?.protocol ?? "ESP"} proposal${sent.length === 1 ? "" : "s"}`
    : "default ESP proposals";
  return [
    { name: `SA (${what})`, bytes: saPayloadBytes(sent, 4) },
    { name: "TSi", bytes: ts },
    { name: "TSr", bytes: ts },
  ];
}

/** The estimate without the "what shrinks it" alternatives. */
function estimate(o: SizeOptions): Omit<SizeResult, "shrink"> {
  const ikev1 = !!o.ikev1;
  const shape: SkShape = ikev1 ? { name: "IKEv1", iv: 0, icv: 0, block: 16 } : shapeOf(o);
  const frag = {
    natt: o.natt ?? true,
    ipv6: !!o.ipv6,
    fragmentSize: effectiveFragmentSize(o.fragmentSize, !!o.ipv6),
  };
  const mtu = o.mtu ?? 1500;
  const cert = o.certificate;
  const p: SizePayload[] = [];
  const initiator = o.role === "initiator";
  p.push({ name: initiator ? "IDi" : "IDr", bytes: idPayloadBytes(o.idi ?? null, cert, o.strongswan) });
  if (cert) {
    p.push({ name: "CERT (end entity)", bytes: certPayloadBytes(cert) });
    for (const [i, ic] of (o.intermediates ?? []).entries())
      p.push({ name: `CERT (intermediate ${i + 1})`, bytes: certPayloadBytes(ic) });
  }
  if (!ikev1 && initiator) p.push(notify("INITIAL_CONTACT"));
  const cas = o.certreqCas ?? 0;
  if (!ikev1 && initiator && cas > 0)
    p.push({ name: `CERTREQ (${cas} CA${cas === 1 ? "" : "s"})`, bytes: certreqPayloadBytes(cas) });
  if (!ikev1 && initiator && o.idr) p.push({ name: "IDr", bytes: idPayloadBytes(o.idr, null, o.strongswan) });
  const key = o.authKey ?? cert?.publicKey ?? { algorithm: "RSA" as const, bits: 2048, curve: null };
  p.push({ name: ikev1 ? "SIG" : "AUTH", bytes: authPayloadBytes(key, ikev1) });
  if (ikev1) {
    // Main Mode's third message: ID, CERT, SIG, then a CERTREQ per CA naming its DN, and the notify
    if (initiator)
      for (let k = 0; k < cas; k++) {
        const dn = o.certreqCaDns?.[k]?.length ?? cert?.issuer.der.length ?? 0;
        p.push({ name: `CERTREQ (CA ${k + 1})`, bytes: HDR + 1 + dn });
      }
    if (initiator) p.push({ name: "N(INITIAL_CONTACT)", bytes: HDR + 8 + 16 });
  } else {
    if (!o.childless) p.push(...childSa(o));
    const mobike = o.mobike === false ? [] : ["MOBIKE_SUPPORTED", "NO_ADDITIONAL_ADDRESSES"];
    const notes = initiator
      ? [...mobike, "MULTIPLE_AUTH_SUPPORTED", "EAP_ONLY_AUTHENTICATION", "IKEV2_MESSAGE_ID_SYNC_SUPPORTED"]
      : mobike;
    for (const n of notes) p.push({ name: `N(${n})`, bytes: NOTIFY });
  }
  const inner = p.reduce((n, x) => n + x.bytes, 0);
  let sk: number;
  if (ikev1) {
    // IKEv1: the payloads are encrypted as a whole (IV derived, not sent), padded to the block size
    sk = Math.ceil((inner + 1) / shape.block) * shape.block - inner;
    p.push({ name: "encryption padding", bytes: sk });
  } else {
    sk = skBytes(inner, shape) - inner;
    p.push({ name: "SK (header, IV, padding, ICV)", bytes: sk });
  }
  p.unshift({ name: "IKE header", bytes: IKE_HEADER });
  const bytes = IKE_HEADER + inner + sk;
  const datagram = bytes + (frag.ipv6 ? 40 : 20) + 8 + (frag.natt ? 4 : 0);
  const fragments =
    o.fragmentation === false
      ? 1
      : ikev1
        ? ikev1FragmentCount(bytes, frag)
        : fragmentCount(inner, bytes, shape, frag);
  return {
    role: o.role,
    bytes,
    datagram,
    fragments,
    fragmentSize: frag.fragmentSize,
    mtu,
    exceedsMtu: datagram > mtu,
    cipher: shape.name,
    payloads: p,
  };
}

/** Rough DER size of a certificate if its key were ECDSA P-256 (SPKI 91 bytes) instead. */
function withP256Key(cert: Certificate): number {
  return cert.der.length - cert.publicKey.spki.length + 91;
}

/** Estimate the size of one side's IKE_AUTH message and how charon fragments it. */
export function estimateIkeAuthSize(o: SizeOptions): SizeResult {
  const base = estimate(o);
  const shrink: SizeResult["shrink"] = [];
  const alt = (what: string, r: Omit<SizeResult, "shrink">) => {
    if (r.bytes < base.bytes)
      shrink.push({ what, bytes: r.bytes, fragments: r.fragments, saves: base.bytes - r.bytes });
  };
  const cert = o.certificate;
  if (cert && (cert.publicKey.algorithm === "RSA" || cert.publicKey.algorithm === "RSA-PSS")) {
    const der = new Uint8Array(withP256Key(cert));
    const fake = {
      ...cert,
      der,
      publicKey: { ...cert.publicKey, algorithm: "ECDSA", bits: 256, curve: "P-256" },
    } as Certificate;
    alt(
      "an ECDSA P-256 key instead of RSA (certificate and AUTH shrink)",
      estimate({ ...o, certificate: fake, authKey: undefined }),
    );
  }
  if ((o.certreqCas ?? 0) > 1)
    alt(
      `list 1 CA instead of ${o.certreqCas} in the CERTREQ (remote cacerts = the one CA)`,
      estimate({ ...o, certreqCas: 1 }),
    );
  if ((o.intermediates ?? []).length > 0)
    alt(
      "do not send the intermediate(s): load them on the peer (x509ca/) instead",
      estimate({ ...o, intermediates: [] }),
    );
  if (cert)
    alt(
      "do not send the certificate at all (peer preloads it; send_cert = never)",
      estimate({ ...o, certificate: null, intermediates: [], authKey: cert.publicKey }),
    );
  return { ...base, shrink };
}
