import { finding } from "../findings/index.js";
import type { Finding } from "../findings/types.js";
import { parseIdentity } from "../identity/parse.js";
import type { Certificate } from "../input/certificate.js";
import type { PublicKeyInfo } from "../input/spki.js";
import type { ReleaseLike } from "../rules.js";

/**
 * The size of the IKE_AUTH message charon sends (semantics §9; RFC 7296 §3 framing, RFC 7427 AUTH,
 * RFC 7383 fragmentation). Assumptions, all charon 5.9.8 defaults and checked against real charon in
 * test/strongswan/size-diff.test.ts:
 * - IKE proposal negotiated between two default charons: AES-CBC (16-byte IV and block) with
 *   HMAC-SHA2-256-128 (16-byte ICV); `cipher: "aes-gcm"` models an AEAD proposal (8-byte IV, no block).
 * - Initiator request: IDi, CERT (end entity, then each intermediate), N(INITIAL_CONTACT), CERTREQ,
 *   IDr (only when a remote id is configured), AUTH, then unless childless the CHILD_SA's SA (default
 *   ESP proposals), TSi, TSr, then N(MOBIKE_SUPPORTED), N(NO_ADDITIONAL_ADDRESSES),
 *   N(MULTIPLE_AUTH_SUPPORTED), N(EAP_ONLY_AUTHENTICATION), N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED).
 * - Responder response: IDr, CERT..., AUTH, SA, TSi, TSr, N(MOBIKE_SUPPORTED),
 *   N(NO_ADDITIONAL_ADDRESSES) (its CERTREQ travels in IKE_SA_INIT).
 * - With `childless = allow` (the 5.9.8 default) the first CHILD_SA rides in IKE_AUTH; `childless`
 *   true models `childless = force` (or a peer that negotiated childless), without SA/TSi/TSr.
 */
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
  /** key of the AUTH signature; default the certificate's key */
  authKey?: Pick<PublicKeyInfo, "algorithm" | "bits" | "curve">;
  /** IKE_AUTH on UDP 4500 (non-ESP marker): true by default, MOBIKE/NAT-T move IKE_AUTH there */
  natt?: boolean;
  ipv6?: boolean;
  /** charon.fragment_size (whole IP datagram of a fragment), default 1280 */
  fragmentSize?: number;
  /** path MTU, default 1500 */
  mtu?: number;
  childless?: boolean;
  /** traffic selectors per side (IPv4 each), default 1 */
  trafficSelectors?: number;
  cipher?: "aes-cbc" | "aes-gcm";
  /** IKEv1 Main Mode message 5/6 instead of IKEv2 IKE_AUTH */
  ikev1?: boolean;
  /** the peer announced fragmentation support (RFC 7383 / IKEv1 vendor id); default true */
  fragmentation?: boolean;
  /** the release whose charon parses the ids (`idi`, `idr`); default the newest covered */
  strongswan?: ReleaseLike;
}

export interface SizePayload {
  name: string;
  bytes: number;
}

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
  payloads: SizePayload[];
  shrink: Array<{ what: string; bytes: number; fragments: number; saves: number }>;
}

const HDR = 4; // generic payload header (RFC 7296 §3.2)
const IKE_HEADER = 28;
const NOTIFY = HDR + 4; // protocol id, SPI size, notify type, no SPI, no data
/**
 * SA payload with charon 5.9.8's default ESP proposals, as logged with cfg level 2:
 * `ESP:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/NO_EXT_SEQ` (8 + 4-byte SPI + 3x12 + 8 = 56) and
 * `ESP:AES_CBC_128/AES_CBC_192/AES_CBC_256/HMAC_SHA2_256_128/HMAC_SHA2_384_192/HMAC_SHA2_512_256/
 * HMAC_SHA1_96/AES_XCBC_96/NO_EXT_SEQ` (12 + 3x12 + 5x8 + 8 = 96).
 */
const ESP_SA_DEFAULT = HDR + 56 + 96;
const TS_IPV4 = 16;

const ALG_ID: Record<string, number> = {
  // DER AlgorithmIdentifier lengths (RFC 7427 §3): sha*WithRSAEncryption with NULL params, ecdsa-with-SHA*
  // without, Ed25519/Ed448 without
  RSA: 15,
  ECDSA: 12,
  ED25519: 7,
  ED448: 7,
};

/** expected DER ECDSA-Sig-Value length: SEQUENCE { INTEGER r, INTEGER s } (a leading 0 half the time) */
function ecdsaSigLen(bits: number): number {
  const n = Math.ceil(bits / 8);
  const pad = bits % 8 === 0 ? 1 : 0; // one of r/s needs a 0x00 byte on average
  const body = 2 * (2 + n) + pad;
  return body + (body > 127 ? 3 : 2);
}

export function signatureLength(key: Pick<PublicKeyInfo, "algorithm" | "bits" | "curve">): number {
  switch (key.algorithm) {
    case "RSA":
    case "RSA-PSS":
      return Math.ceil(key.bits / 8);
    case "ECDSA":
      return ecdsaSigLen(key.bits);
    case "ED25519":
      return 64;
    case "ED448":
      return 114;
    default:
      return Math.ceil(key.bits / 8);
  }
}

function authPayload(key: Pick<PublicKeyInfo, "algorithm" | "bits" | "curve">, ikev1: boolean): number {
  if (ikev1) {
    // IKEv1 SIG payload: raw PKCS#1 signature, or r||s for ECDSA (RFC 4754)
    const sig = key.algorithm === "ECDSA" ? 2 * Math.ceil(key.bits / 8) : signatureLength(key);
    return HDR + sig;
  }
  const alg = ALG_ID[key.algorithm === "RSA-PSS" ? "RSA" : key.algorithm] ?? 15;
  return HDR + 4 + 1 + alg + signatureLength(key);
}

function idPayload(text: string | null, cert: Certificate | null, release?: ReleaseLike): number {
  if (text === null) return HDR + 4 + (cert ? cert.subject.der.length : 4);
  return HDR + 4 + parseIdentity(text, { strongswan: release }).encoding.length;
}

interface Cipher {
  iv: number;
  icv: number;
  block: number;
}

const CIPHERS: Record<"aes-cbc" | "aes-gcm", Cipher> = {
  "aes-cbc": { iv: 16, icv: 16, block: 16 },
  "aes-gcm": { iv: 8, icv: 16, block: 1 },
};

/** SK payload around `inner` bytes of payloads: header, IV, padded plaintext + pad length, ICV. */
function skBytes(inner: number, c: Cipher): number {
  return HDR + c.iv + Math.ceil((inner + 1) / c.block) * c.block + c.icv;
}

function fragmentCount(
  o: Required<Pick<SizeOptions, "ipv6" | "natt">>,
  inner: number,
  total: number,
  fragSize: number,
  c: Cipher,
  ikev1: boolean,
): number {
  const ip = o.ipv6 ? 40 : 20;
  const outer = fragSize - ip - 8 - (o.natt ? 4 : 0);
  if (total <= outer) return 1;
  if (ikev1) {
    // proprietary IKEv1 fragments carry pieces of the encrypted message: IKE header + 8-byte FRAGMENT payload header
    const budget = outer - IKE_HEADER - 8;
    return Math.ceil(total / budget);
  }
  // RFC 7383: each SKF carries a piece of the plaintext, encrypted on its own
  let budget = outer - IKE_HEADER - 8 - c.iv - c.icv;
  budget = Math.floor(budget / c.block) * c.block - 1;
  return Math.ceil(inner / budget);
}

function cipherOf(o: SizeOptions): Cipher {
  return CIPHERS[o.cipher ?? "aes-cbc"];
}

/** The estimate without the "what shrinks it" alternatives. */
function estimate(o: SizeOptions): Omit<SizeResult, "shrink"> {
  const ikev1 = !!o.ikev1;
  const c = ikev1 ? { iv: 0, icv: 0, block: 16 } : cipherOf(o);
  const natt = o.natt ?? true;
  const ipv6 = !!o.ipv6;
  const fragmentSize = o.fragmentSize ?? 1280;
  const mtu = o.mtu ?? 1500;
  const cert = o.certificate;
  const p: SizePayload[] = [];
  const initiator = o.role === "initiator";
  p.push({ name: initiator ? "IDi" : "IDr", bytes: idPayload(o.idi ?? null, cert, o.strongswan) });
  if (cert) {
    p.push({ name: "CERT (end entity)", bytes: HDR + 1 + cert.der.length });
    for (const [i, ic] of (o.intermediates ?? []).entries())
      p.push({ name: `CERT (intermediate ${i + 1})`, bytes: HDR + 1 + ic.der.length });
  }
  if (!ikev1 && initiator) p.push({ name: "N(INITIAL_CONTACT)", bytes: NOTIFY });
  const cas = o.certreqCas ?? 0;
  if (!ikev1 && initiator && cas > 0)
    p.push({ name: `CERTREQ (${cas} CA${cas === 1 ? "" : "s"})`, bytes: HDR + 1 + 20 * cas });
  if (!ikev1 && initiator && o.idr) p.push({ name: "IDr", bytes: idPayload(o.idr, null, o.strongswan) });
  const key = o.authKey ?? cert?.publicKey ?? { algorithm: "RSA" as const, bits: 2048, curve: null };
  p.push({ name: ikev1 ? "SIG" : "AUTH", bytes: authPayload(key, ikev1) });
  if (ikev1) {
    if (initiator) p.push({ name: "N(INITIAL_CONTACT)", bytes: HDR + 8 + 16 });
  } else {
    if (!o.childless) {
      const ts = HDR + 4 + TS_IPV4 * (o.trafficSelectors ?? 1);
      p.push({ name: "SA (default ESP proposals)", bytes: ESP_SA_DEFAULT });
      p.push({ name: "TSi", bytes: ts });
      p.push({ name: "TSr", bytes: ts });
    }
    const notes = initiator
      ? [
          "MOBIKE_SUPPORTED",
          "NO_ADDITIONAL_ADDRESSES",
          "MULTIPLE_AUTH_SUPPORTED",
          "EAP_ONLY_AUTHENTICATION",
          "IKEV2_MESSAGE_ID_SYNC_SUPPORTED",
        ]
      : ["MOBIKE_SUPPORTED", "NO_ADDITIONAL_ADDRESSES"];
    for (const n of notes) p.push({ name: `N(${n})`, bytes: NOTIFY });
  }
  const inner = p.reduce((n, x) => n + x.bytes, 0);
  let sk: number;
  if (ikev1) {
    // IKEv1: the payloads are encrypted as a whole (IV derived, not sent), padded to the block size
    sk = Math.ceil((inner + 1) / c.block) * c.block - inner;
    p.push({ name: "encryption padding", bytes: sk });
  } else {
    sk = skBytes(inner, c) - inner;
    p.push({ name: "SK (header, IV, padding, ICV)", bytes: sk });
  }
  p.unshift({ name: "IKE header", bytes: IKE_HEADER });
  const bytes = IKE_HEADER + inner + sk;
  const datagram = bytes + (ipv6 ? 40 : 20) + 8 + (natt ? 4 : 0);
  const fragments =
    o.fragmentation === false ? 1 : fragmentCount({ ipv6, natt }, inner, bytes, fragmentSize, c, ikev1);
  return {
    role: o.role,
    bytes,
    datagram,
    fragments,
    fragmentSize,
    mtu,
    exceedsMtu: datagram > mtu,
    payloads: p,
  };
}

/** Rough DER size of a certificate if its key were ECDSA P-256 (SPKI 91 bytes) instead. */
function withP256Key(cert: Certificate): number {
  return cert.der.length - cert.publicKey.spki.length + 91;
}

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

/** Findings about a size estimate: over the path MTU, and whether fragmentation saves it. */
export function sizeFindings(r: SizeResult, o: Pick<SizeOptions, "fragmentation" | "ikev1">): Finding[] {
  const out: Finding[] = [];
  if (!r.exceedsMtu) return out;
  if (o.fragmentation === false)
    out.push(
      finding(o.ikev1 ? "IKEV1_AUTH_EXCEEDS_MTU" : "IKE_AUTH_EXCEEDS_MTU_NO_FRAGMENTATION", {
        message: `the IKE_AUTH datagram (${r.datagram} bytes) exceeds the path MTU (${r.mtu}) and IKE fragmentation is off: the IP layer fragments it, and firewalls that drop IP fragments make IKE_AUTH retransmit until it gives up`,
      }),
    );
  else
    out.push(
      finding("IKE_AUTH_FRAGMENTED", {
        message: `the IKE_AUTH datagram (${r.datagram} bytes) exceeds the path MTU (${r.mtu}); with fragmentation (default yes, if the peer supports it) charon sends ${r.fragments} fragments of at most ${r.fragmentSize} bytes`,
        log:
          r.fragments > 1 ? `splitting IKE message (${r.bytes} bytes) into ${r.fragments} fragments` : null,
      }),
    );
  return out;
}
