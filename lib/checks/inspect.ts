import { type Finding, finding } from "../findings/index.js";
import { effectiveSans, sanSupportedByX509Plugin } from "../identity/certificate.js";
import { idStringFor } from "../identity/suggest.js";
import type { LoadedFile, LoadedItem } from "../input/load.js";
import type { ReleaseLike } from "../rules.js";
import type { Certificate } from "../x509/certificate.js";
import { colonHex, describeKey, type PublicKeyInfo, plainHex } from "../x509/spki.js";
import type { IdTypeName } from "../x509/types.js";
import { describeRefusals, loadChoice } from "./chain/loadable.js";
import { charonTime } from "./chain/time.js";
import type { OtherExtension } from "./extensions.js";
import { unloadableKeyFinding } from "./keypair.js";

/** An identity a certificate can prove, typed as strongSwan types it. */
export interface ProvenIdentity {
  type: IdTypeName;
  value: string;
  /** what to write in swanctl.conf (`remote.id = ...`) to ask for exactly this identity */
  write: string;
  /** where it comes from: a SAN kind, the subject, or a key identifier */
  from: string;
}

/** Key ids as lowercase hex (as `pki --keyid` computes them). */
export interface KeyIdsJson {
  subjkey: string;
  keyid: string;
}

/** A public key as `inspect` reports it: algorithm, size, key ids. */
export interface PublicKeyJson {
  algorithm: string;
  bits: number;
  curve: string | null;
  keyids: KeyIdsJson;
}

/** A certificate as `inspect` reports it. */
export interface CertificateItem {
  file: string;
  index: number;
  kind: "certificate";
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
  ca: boolean;
  pathLen: number | null;
  keyUsage: string[] | null;
  extKeyUsage: string[] | null;
  sans: Array<{ kind: string; type: string | null; value: string; supported: boolean }>;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  publicKey: PublicKeyJson;
  signatureAlgorithm: string;
  fingerprints: { sha1: string; sha256: string };
  identities: ProvenIdentity[];
  /** where swanctl would want it */
  folder: "x509" | "x509ca";
  /**
   * the extensions of no field above (CRL distribution points, AIA, policies, unknown ones, ...),
   * with readable values; only from `inspectFilesDetailed`
   */
  otherExtensions?: OtherExtension[];
}

/** A private or public key as `inspect` reports it. */
export interface KeyItem {
  file: string;
  index: number;
  kind: "privateKey" | "publicKey";
  format?: string;
  encrypted?: boolean;
  publicKey: PublicKeyJson;
}

/** A certificate request as `inspect` reports it. */
export interface CsrItem {
  file: string;
  index: number;
  kind: "csr";
  subject: string;
  publicKey: PublicKeyJson;
}

/** One item `inspect` reports. */
export type InspectItem = CertificateItem | KeyItem | CsrItem;

/** What `inspectFiles` returns: every certificate and key of the files, and findings about each file. */
export interface InspectResult {
  items: InspectItem[];
  findings: Finding[];
}

/** Options of `inspectFiles` and `inspectFilesDetailed`: the release whose charon is asked. */
export interface InspectOptions {
  /**
   * the release whose charon is asked: which SANs its x509 plugin represents and how an id is
   * written for it (the names print as the files were loaded: `LoadOptions.strongswan`)
   */
  strongswan?: ReleaseLike;
}

export function keyJson(k: PublicKeyInfo): PublicKeyJson {
  return {
    algorithm: k.algorithm,
    bits: k.bits,
    curve: k.curve,
    keyids: { subjkey: plainHex(k.keyIds.subjkey), keyid: plainHex(k.keyIds.keyid) },
  };
}

/** The identities a certificate can prove to charon, typed the way charon types them (semantics §5). */
export function provenIdentities(c: Certificate, release?: ReleaseLike): ProvenIdentity[] {
  const out: ProvenIdentity[] = [];
  // with a SAN the x509 plugin refuses, the openssl plugin's view of the names applies
  for (const s of effectiveSans(c, release)) {
    if (!s.idType) continue;
    out.push({
      type: s.idType,
      value: s.value,
      write: idStringFor(s.idType, s.value, s.encoding, release),
      from: `SAN ${s.kind}`,
    });
  }
  out.push({
    type: "ID_DER_ASN1_DN",
    value: c.subject.printed,
    write: idStringFor("ID_DER_ASN1_DN", c.subject.printed, c.subject.der, release),
    from: "subject",
  });
  out.push({
    type: "ID_KEY_ID",
    value: colonHex(c.publicKey.keyIds.subjkey),
    write: `keyid:#${plainHex(c.publicKey.keyIds.subjkey)}`,
    from: "key id (SHA-1 of subjectPublicKey)",
  });
  return out;
}

const LOOKS_LIKE_NAME = /^(?:[a-z0-9-]+\.)+[a-z]{2,}$|^\d+\.\d+\.\d+\.\d+$|@/i;

function cnValues(c: Certificate): string[] {
  return c.subject.printed
    .split(", ")
    .filter((p) => p.startsWith("CN="))
    .map((p) => p.slice(3));
}

export function isCa(c: Certificate): boolean {
  return c.basicConstraints?.ca === true;
}

/** Findings about one certificate on its own (validity, SANs, algorithms). */
export function certificateFindings(
  c: Certificate,
  file: string,
  at: Date,
  release?: ReleaseLike,
): Finding[] {
  const f: Finding[] = [];
  const t = at.getTime();
  // what charon logs when it checks this certificate as the peer's (credential_manager.c)
  const invalid = `subject certificate invalid (valid from ${charonTime(c.notBefore)} to ${charonTime(c.notAfter)})`;
  if (t > c.notAfter.getTime())
    f.push(
      finding("CERT_EXPIRED", {
        message: `"${c.subject.printed}" expired on ${c.notAfter.toISOString()}`,
        log: invalid,
        file,
      }),
    );
  else if (t < c.notBefore.getTime())
    f.push(
      finding("CERT_NOT_YET_VALID", {
        message: `"${c.subject.printed}" is valid only from ${c.notBefore.toISOString()}`,
        log: invalid,
        file,
      }),
    );
  else if (c.notAfter.getTime() - t < 30 * 86400_000)
    f.push(
      finding("CERT_EXPIRES_SOON", {
        message: `"${c.subject.printed}" expires on ${c.notAfter.toISOString()}`,
        file,
      }),
    );
  if (c.signatureAlgorithm.weak && !c.selfIssued)
    f.push(
      finding("WEAK_SIGNATURE", {
        message: `"${c.subject.printed}" is signed with ${c.signatureAlgorithm.name}`,
        file,
      }),
    );
  if ((c.publicKey.algorithm === "RSA" || c.publicKey.algorithm === "RSA-PSS") && c.publicKey.bits < 2048)
    f.push(
      finding("WEAK_RSA_KEY", {
        message: `"${c.subject.printed}" has an RSA key of ${c.publicKey.bits} bits`,
        file,
      }),
    );
  // neither certificate plugin loads it (Debian's order: x509, then openssl): charon never uses it
  const choice = loadChoice(c, { strongswan: release });
  if (!choice.plugin)
    f.push(
      finding("CHAIN_CERT_UNLOADABLE", {
        message: `strongSwan cannot load "${c.subject.printed}": ${describeRefusals(choice)}`,
        log: choice.logs[0] ?? null,
        file,
      }),
    );
  for (const s of c.sans.filter((s) => !sanSupportedByX509Plugin(s, release)))
    f.push(
      finding("SAN_UNSUPPORTED_KIND", {
        message: `"${c.subject.printed}" has a SAN strongSwan's x509 plugin cannot represent: ${s.kind}${s.otherNameOid ? ` ${s.otherNameOid}` : ""}`,
        file,
      }),
    );
  if (!isCa(c)) {
    for (const s of c.sans.filter((s) => s.kind === "dNSName" && s.value.includes("*")))
      f.push(
        finding("WILDCARD_SAN", {
          message: `SAN "${s.value}" of "${c.subject.printed}" is not a wildcard for strongSwan: it proves only the literal "${s.value}"`,
          file,
        }),
      );
    if (c.sans.length === 0)
      f.push(finding("NO_SAN", { message: `"${c.subject.printed}" has no subjectAltName`, file }));
    for (const cn of cnValues(c)) {
      if (!LOOKS_LIKE_NAME.test(cn)) continue;
      if (c.sans.some((s) => s.value.toLowerCase() === cn.toLowerCase())) continue;
      f.push(
        finding("CN_NOT_IN_SAN", {
          message: `CN "${cn}" of "${c.subject.printed}" is in no SAN: a remote id "${cn}" will not match this certificate`,
          fix: `reissue with the SAN, e.g. pki --issue ... --san ${cn}`,
          file,
        }),
      );
    }
  }
  return f;
}

type ExtensionsOf = (c: Certificate) => OtherExtension[] | undefined;

function certificateItem(
  c: Certificate & LoadedItem,
  extensionsOf: ExtensionsOf,
  release: ReleaseLike,
): CertificateItem {
  const otherExtensions = extensionsOf(c);
  return {
    file: c.source.file,
    index: c.source.index,
    kind: "certificate",
    subject: c.subject.printed,
    issuer: c.issuer.printed,
    serial: c.serial,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    selfSigned: c.selfIssued,
    ca: isCa(c),
    pathLen: c.basicConstraints?.pathLen ?? null,
    keyUsage: c.keyUsage,
    extKeyUsage: c.extKeyUsage?.map((e) => e.name ?? e.oid) ?? null,
    sans: c.sans.map((s) => ({
      kind: s.kind,
      type: s.idType,
      value: s.value,
      supported: sanSupportedByX509Plugin(s, release),
    })),
    subjectKeyId: c.subjectKeyId ? plainHex(c.subjectKeyId) : null,
    authorityKeyId: c.authorityKeyId ? plainHex(c.authorityKeyId) : null,
    publicKey: keyJson(c.publicKey),
    signatureAlgorithm: c.signatureAlgorithm.name,
    fingerprints: c.fingerprints,
    identities: provenIdentities(c, release),
    folder: isCa(c) ? "x509ca" : "x509",
    ...(otherExtensions ? { otherExtensions } : {}),
  };
}

/**
 * A PKCS#1 RSAPublicKey file: swanctl loads pubkey/ files as CERT_TRUSTED_PUBKEY, whose builder asks
 * for a public key of type ANY, and the pkcs1 plugin reads only a SubjectPublicKeyInfo for ANY
 * (src/libstrongswan/plugins/pkcs1/pkcs1_builder.c); measured with swanctl 5.9.8: "loading '...'
 * failed: parsing PUBKEY certificate failed", and `pki --keyid --type pub` fails likewise.
 */
function pkcs1PublicKeyFinding(lf: LoadedFile): Finding {
  const inform = lf.container === "der" ? " -inform DER" : "";
  return finding("PUBKEY_PKCS1_UNLOADABLE", {
    message: `${lf.file} holds a bare PKCS#1 RSA public key (RSA PUBLIC KEY): swanctl cannot load it from pubkey/ ("parsing PUBKEY certificate failed"), it reads only a SubjectPublicKeyInfo there`,
    fix: `openssl rsa -RSAPublicKey_in${inform} -in ${lf.file} -pubout -out ${lf.file.replace(/\.(pem|der|pub|key)$/i, "")}.spki.pem`,
    file: lf.file,
  });
}

/** Key types charon can sign and verify IKE_AUTH with. */
const SIGNING_ALGORITHMS = new Set(["RSA", "RSA-PSS", "ECDSA", "ED25519", "ED448"]);

/** Describe every certificate and key of the loaded files, with findings about each file. */
export function inspectFiles(
  files: LoadedFile[],
  at: Date = new Date(),
  opts: InspectOptions = {},
): InspectResult {
  return inspectWith(files, at, () => undefined, opts.strongswan);
}

/**
 * `inspectFiles`, and each certificate's other extensions (`otherExtensions`) described with
 * `@peculiar/x509`, which is loaded only now (it costs start-up time the other commands need not pay).
 */
export async function inspectFilesDetailed(
  files: LoadedFile[],
  at: Date = new Date(),
  opts: InspectOptions = {},
): Promise<InspectResult> {
  const { otherExtensions } = await import("./extensions.js");
  return inspectWith(files, at, otherExtensions, opts.strongswan);
}

function inspectWith(
  files: LoadedFile[],
  at: Date,
  extensionsOf: ExtensionsOf,
  release: ReleaseLike,
): InspectResult {
  const items: InspectItem[] = [];
  const findings: Finding[] = [];
  for (const lf of files) {
    const certs = lf.items.filter((i): i is Certificate & LoadedItem => i.kind === "certificate");
    for (const it of lf.items) {
      const alg = it.publicKey.algorithm;
      if (!SIGNING_ALGORITHMS.has(alg)) {
        const what =
          it.kind === "certificate"
            ? `the certificate "${it.subject.printed}" has`
            : `item #${it.source.index + 1} is`;
        findings.push(
          finding("KEY_ALGORITHM_UNSUPPORTED", {
            message: `${lf.file}: ${what} a ${alg === "UNKNOWN" ? `key of an unknown algorithm (${it.publicKey.algorithmOid})` : `key of type ${alg}`}; strongSwan authenticates with RSA, ECDSA, Ed25519 or Ed448 keys only`,
            file: lf.file,
          }),
        );
      }
      if (it.kind === "certificate") {
        items.push(certificateItem(it, extensionsOf, release));
        findings.push(...certificateFindings(it, lf.file, at, release));
      } else if (it.kind === "csr")
        items.push({
          file: lf.file,
          index: it.source.index,
          kind: "csr",
          subject: it.subject.printed,
          publicKey: keyJson(it.publicKey),
        });
      else {
        items.push({
          file: lf.file,
          index: it.source.index,
          kind: it.kind,
          ...(it.kind === "privateKey"
            ? { format: it.format, encrypted: it.encrypted }
            : { format: it.format ?? "spki" }),
          publicKey: keyJson(it.publicKey),
        });
        if (it.kind === "publicKey" && it.format === "pkcs1") findings.push(pkcs1PublicKeyFinding(lf));
      }
    }
    if (certs.length > 1 && lf.container !== "pkcs12") {
      const first = certs[0]!;
      const others = certs
        .slice(1)
        .map((c) => `#${c.source.index + 1} "${c.subject.printed}" → ${isCa(c) ? "x509ca/" : "x509/"}`)
        .join("; ");
      findings.push(
        finding("CHAIN_FILE_MULTIPLE_CERTS", {
          message: `${lf.file} holds ${certs.length} certificates; strongSwan loads only the first, "${first.subject.printed}"; the others belong in files of their own: ${others}`,
          fix: `split it, e.g. openssl crl2pkcs7 -nocrl -certfile ${lf.file} | openssl pkcs7 -print_certs, or: awk '/BEGIN CERT/{n++} {print > ("cert-" n ".pem")}' ${lf.file}; then move each file to the folder named above`,
          file: lf.file,
          data: { count: certs.length, loaded: first.subject.printed },
        }),
      );
    }
    const hasKey = lf.items.some((i) => i.kind === "privateKey");
    const unloadable = hasKey ? unloadableKeyFinding(lf.file, lf.firstPemLabel) : null;
    if (unloadable) findings.push(unloadable);
    if (hasKey && certs.length > 0 && lf.container !== "pkcs12")
      findings.push(
        finding("FILE_MIXES_CERT_AND_KEY", {
          message: `${lf.file} holds both certificates and a private key`,
          file: lf.file,
        }),
      );
  }
  return { items, findings };
}

export { colonHex, describeKey };
