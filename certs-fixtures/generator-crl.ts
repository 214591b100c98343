/**
 * Certificate revocation lists and the revocation pointers of certificates for the fixture
 * generator: every field of a CRL is a parameter (issuer name, signer, dates, entries with reason
 * codes and entry extensions, CRL number, delta indicator, AKI, freshestCRL, critical extensions),
 * so the revocation tests can build exactly the case they need, including the ones `pki --signcrl`
 * and `openssl ca` cannot write (a CRL without nextUpdate, a forged AKI, an unknown critical entry
 * extension). Signed with node:crypto like the certificates of generator.ts.
 *
 *   const crl = makeCrl({ issuer: sub, revoked: [{ serial: leaf.cert!.serialBytes, reason: "keyCompromise" }] });
 *   const leaf = makeCertificate({ ..., extensions: [crlDistributionPoints([{ uris: ["http://x/crl"] }])] });
 */
import { sign } from "node:crypto";
import { encodeTlv } from "../lib/asn1/der.js";
import { toPem } from "../lib/input/pem.js";
import {
  defaultHash,
  type GeneratedCertificate,
  type Hash,
  type KeyPair,
  signatureAlgorithm,
  subjectKeyId,
} from "./generator.js";
import {
  authorityKeyIdValue,
  bitString,
  type DnInput,
  encodeExtension,
  encodeGeneralName,
  encodeName,
  explicit,
  integer,
  oid,
  type RawExtension,
  type San,
  seq,
  time,
} from "./generator-der.js";

/** RFC 5280 §5.3.1 reason codes (7 is unused). */
export const CRL_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type CrlReasonName = keyof typeof CRL_REASONS;

export interface RevokedEntry {
  /** the certificate's serial: number, bigint, hex string or the raw INTEGER content bytes */
  serial: number | bigint | string | Uint8Array;
  /** default: the CRL's thisUpdate */
  date?: Date;
  /** a reasonCode entry extension; a number is written as it is (also values outside the list) */
  reason?: CrlReasonName | number;
  /** more entry extensions (certificateIssuer, invalidityDate, an unknown critical one, ...) */
  extensions?: RawExtension[];
}

export interface CrlOptions {
  /** the CA that issues the CRL (its subject is the CRL issuer, its key signs) */
  issuer: GeneratedCertificate | { cert: GeneratedCertificate; key: KeyPair };
  /** write this issuer name instead of the CA's subject */
  issuerName?: DnInput;
  /** sign with another key than the CA's (a signature that does not verify) */
  signingKey?: KeyPair;
  /** 1: no extensions and no version field; default 2 */
  version?: 1 | 2;
  /** default 2025-01-01 */
  thisUpdate?: Date;
  /** default 2035-01-01; null leaves the optional field out */
  nextUpdate?: Date | null;
  revoked?: RevokedEntry[];
  /** cRLNumber; default 1; null: no cRLNumber extension */
  crlNumber?: number | bigint | null;
  /** true (default): the issuer's SKI; false: none; bytes: this key id */
  aki?: boolean | Uint8Array;
  /** makes this a delta CRL of the base CRL with this number (deltaCRLIndicator, critical) */
  deltaOf?: number | bigint;
  /** freshestCRL (where delta CRLs are published) */
  freshest?: string[];
  /** more CRL extensions, appended after the standard ones */
  extensions?: RawExtension[];
  hash?: Hash;
  /** flip a bit in the signature, so it never verifies */
  wrongSignature?: boolean;
}

export interface GeneratedCrl {
  der: Uint8Array;
  pem: string;
}

const DEFAULT_THIS_UPDATE = new Date("2025-01-01T00:00:00Z");
const DEFAULT_NEXT_UPDATE = new Date("2035-01-01T00:00:00Z");

export const CRL_EXT = {
  cRLNumber: "2.5.29.20",
  reasonCode: "2.5.29.21",
  invalidityDate: "2.5.29.24",
  deltaCRLIndicator: "2.5.29.27",
  issuingDistributionPoint: "2.5.29.28",
  certificateIssuer: "2.5.29.29",
  cRLDistributionPoints: "2.5.29.31",
  authorityKeyIdentifier: "2.5.29.35",
  freshestCRL: "2.5.29.46",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
} as const;

const enumerated = (n: number) => encodeTlv(0x0a, Uint8Array.of(n));

/** The DER of a DistributionPoint list (cRLDistributionPoints, freshestCRL). */
export function distributionPointsValue(
  points: Array<{ uris?: San[]; crlIssuer?: San[]; relativeName?: Uint8Array }>,
): Uint8Array {
  return seq(
    ...points.map((p) => {
      const parts: Uint8Array[] = [];
      if (p.uris?.length) parts.push(explicit(0, explicit(0, ...p.uris.map(encodeGeneralName))));
      else if (p.relativeName) parts.push(explicit(0, explicit(1, p.relativeName)));
      if (p.crlIssuer?.length) parts.push(explicit(2, ...p.crlIssuer.map(encodeGeneralName)));
      return seq(...parts);
    }),
  );
}

const uriSan = (u: string | San): San => (typeof u === "string" ? { uri: u } : u);

/** A cRLDistributionPoints extension; strings are URIs. */
export function crlDistributionPoints(
  points: Array<{ uris?: Array<string | San>; crlIssuer?: San[] }>,
  critical = false,
): RawExtension {
  return {
    oid: CRL_EXT.cRLDistributionPoints,
    critical,
    value: distributionPointsValue(points.map((p) => ({ ...p, uris: p.uris?.map(uriSan) }))),
  };
}

/** An authorityInfoAccess extension with OCSP and caIssuers locations; strings are URIs. */
export function authorityInfoAccess(
  o: { ocsp?: Array<string | San>; caIssuers?: Array<string | San> },
  critical = false,
): RawExtension {
  const desc = (method: string, l: string | San) => seq(oid(method), encodeGeneralName(uriSan(l)));
  return {
    oid: CRL_EXT.authorityInfoAccess,
    critical,
    value: seq(
      ...(o.ocsp ?? []).map((l) => desc("1.3.6.1.5.5.7.48.1", l)),
      ...(o.caIssuers ?? []).map((l) => desc("1.3.6.1.5.5.7.48.2", l)),
    ),
  };
}

function issuerParts(o: CrlOptions): { cert: GeneratedCertificate; key: KeyPair } {
  return "der" in o.issuer ? { cert: o.issuer, key: o.issuer.key } : o.issuer;
}

/** Build and sign one CRL. */
export function makeCrl(o: CrlOptions): GeneratedCrl {
  const issuer = issuerParts(o);
  const signer = o.signingKey ?? issuer.key;
  const { algId, nodeHash } = signatureAlgorithm(signer.kind, o.hash ?? defaultHash(signer.kind));
  const thisUpdate = o.thisUpdate ?? DEFAULT_THIS_UPDATE;
  const nextUpdate = o.nextUpdate === undefined ? DEFAULT_NEXT_UPDATE : o.nextUpdate;
  const version = o.version ?? 2;
  const entries = (o.revoked ?? []).map((r) => {
    const ext: RawExtension[] = [];
    if (r.reason !== undefined)
      ext.push({
        oid: CRL_EXT.reasonCode,
        value: enumerated(typeof r.reason === "number" ? r.reason : CRL_REASONS[r.reason]),
      });
    ext.push(...(r.extensions ?? []));
    return seq(
      integer(r.serial),
      time(r.date ?? thisUpdate),
      ...(ext.length && version === 2 ? [seq(...ext.map(encodeExtension))] : []),
    );
  });
  const exts: RawExtension[] = [];
  if (version === 2) {
    const aki =
      o.aki instanceof Uint8Array
        ? o.aki
        : o.aki === false
          ? null
          : (issuer.cert.subjectKeyId ?? subjectKeyId(issuer.cert.key.spki));
    if (aki) exts.push({ oid: CRL_EXT.authorityKeyIdentifier, value: authorityKeyIdValue(aki) });
    if (o.crlNumber !== null) exts.push({ oid: CRL_EXT.cRLNumber, value: integer(o.crlNumber ?? 1) });
    if (o.deltaOf !== undefined)
      exts.push({ oid: CRL_EXT.deltaCRLIndicator, critical: true, value: integer(o.deltaOf) });
    if (o.freshest?.length)
      exts.push({
        oid: CRL_EXT.freshestCRL,
        value: distributionPointsValue([{ uris: o.freshest.map((u) => ({ uri: u })) }]),
      });
    exts.push(...(o.extensions ?? []));
  }
  const tbs = seq(
    ...(version === 2 ? [integer(1)] : []),
    algId,
    o.issuerName ? encodeName(o.issuerName) : issuer.cert.subjectDer,
    time(thisUpdate),
    ...(nextUpdate ? [time(nextUpdate)] : []),
    ...(entries.length ? [seq(...entries)] : []),
    ...(exts.length ? [explicit(0, seq(...exts.map(encodeExtension)))] : []),
  );
  const signature = new Uint8Array(sign(nodeHash, tbs, signer.privateKey));
  if (o.wrongSignature) signature[signature.length >> 1]! ^= 0x01;
  const der = seq(tbs, algId, bitString(signature));
  return { der, pem: toPem("X509 CRL", der) };
}

/** The raw content bytes of a negative INTEGER (PKITS 4.4.14/15), two's complement. */
export function negativeSerial(n: bigint): Uint8Array {
  if (n >= 0n) throw new Error("negativeSerial takes a negative number");
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v < -1n || (bytes[0]! & 0x80) === 0);
  return Uint8Array.from(bytes);
}
