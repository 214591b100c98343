import { bytesEqual } from "../bytes.js";
import type { IkecertError } from "../errors.js";
import { type Finding, finding } from "../findings/index.js";
import type { PrivateKey, PublicKey } from "../input/keys.js";
import type { Certificate } from "../x509/certificate.js";
import { describeKey, type PublicKeyInfo, plainHex } from "../x509/spki.js";

/**
 * Does a private key belong to a certificate? charon answers it in `get_private()`
 * (src/libstrongswan/credentials/credential_manager.c): it takes the configured certificate's
 * KEYID_PUBKEY_SHA1 and looks for a loaded private key of the same type whose public half has that
 * fingerprint. So pairing is "same public key", compared by strongSwan's key ids (semantics §6).
 * Failure is logged as `no private key found for '<local id>'` (FAQ "No private key found").
 */

function family(alg: PublicKeyInfo["algorithm"]): string {
  return alg === "RSA-PSS" ? "RSA" : alg;
}

/** Same public key: same key type and the same KEYID_PUBKEY_SHA1 (or KEYID_PUBKEY_INFO_SHA1). */
export function samePublicKey(a: PublicKeyInfo, b: PublicKeyInfo): boolean {
  if (family(a.algorithm) !== family(b.algorithm)) return false;
  return bytesEqual(a.keyIds.subjkey, b.keyIds.subjkey) || bytesEqual(a.keyIds.keyid, b.keyIds.keyid);
}

/**
 * True when `key` is a private key whose public half is the certificate's public key, i.e. when
 * charon would use it to sign for this certificate. A public key is never a match (it cannot
 * sign); `explainKey` says why.
 */
export function checkKeyPair(cert: Certificate, key: PrivateKey | PublicKey): boolean {
  return key.kind === "privateKey" && samePublicKey(cert.publicKey, key.publicKey);
}

/** The first private key among `keys` that belongs to `cert`, as charon would pick it; else null. */
export function findPrivateKey<K extends { kind: string }>(
  cert: Certificate,
  keys: Iterable<K>,
): (K & PrivateKey) | null {
  for (const k of keys) {
    const c = k as unknown as PrivateKey;
    if (c.kind === "privateKey" && checkKeyPair(cert, c)) return k as K & PrivateKey;
  }
  return null;
}

/** The certificate among `certs` whose public key is `key`'s, or null. */
export function certificateOfKey<C extends { cert: Certificate }>(
  key: PublicKeyInfo,
  certs: Iterable<C>,
): C | null {
  for (const c of certs) if (samePublicKey(c.cert.publicKey, key)) return c;
  return null;
}

/** ssh's rule: a private key file must not be accessible by group or others. */
export function keyFilePermissionFinding(file: string, mode: number | null): Finding | null {
  if (mode === null || (mode & 0o077) === 0) return null;
  const octal = (mode & 0o777).toString(8).padStart(4, "0");
  return finding("KEY_FILE_PERMISSIONS", {
    message: `${file}: permissions ${octal} let group or others read the private key`,
    fix: `chmod 600 ${file}`,
    file,
    data: { mode: octal },
  });
}

/** One thing offered as a key: a private key, a public key, or a certificate given by mistake. */
export interface KeyInput {
  file: string;
  item: PrivateKey | PublicKey | Certificate;
  /** permission bits of the file, null where unknown */
  mode: number | null;
  /**
   * named on the command line, or found in a key folder charon loads from (swanctl private/ etc.,
   * ipsec.d/private/), rather than met in an arbitrary folder: such files get the permission check
   * even when they do not match
   */
  explicit: boolean;
  /** label of the file's first PEM block, when known (strongSwan decodes only that block) */
  firstPemLabel?: string | null;
}

/** A certificate that may own a key which does not belong to the checked certificate. */
export interface CertCandidate {
  /** file, with `#n` when the file holds several */
  file: string;
  cert: Certificate;
}

export interface KeyIdsHex {
  subjkey: string;
  keyid: string;
}

/** `pair`'s JSON result (issue 5): exactly these fields. */
export interface PairJson {
  certificate: { file: string; keyids: KeyIdsHex };
  keys: Array<{
    file: string;
    type: string;
    size: number;
    keyids: KeyIdsHex;
    match: boolean;
    belongsTo: string | null;
  }>;
  match: boolean;
}

/** What the text renderer shows besides the JSON result, one per key. */
export interface PairKeyDetail {
  kind: "privateKey" | "publicKey" | "certificate";
  description: string;
  format: string | null;
  encrypted: boolean;
  owner: CertCandidate | null;
  ownerExpired: boolean;
}

export interface PairResult {
  result: PairJson;
  details: PairKeyDetail[];
  findings: Finding[];
}

export interface PairOptions {
  /** the moment "expired" is judged at; default now */
  at?: Date;
  /** the local identity for the log line; default the certificate's subject (swanctl's default) */
  localId?: string;
  /** files of a folder search that could not be read */
  skipped?: IkecertError[];
}

/**
 * KEY_FILE_UNLOADABLE for a key file whose first PEM block is not the key: strongSwan's pem plugin
 * stops after the first block (src/libstrongswan/plugins/pem/pem_builder.c, `pem_to_bin`), e.g.
 * `openssl ecparam -genkey`'s EC PARAMETERS block in front of the key. Null when the file loads.
 * `isCertificatesKey` adds that the key is the one the certificate needs (pair).
 */
export function unloadableKeyFinding(
  file: string,
  firstPemLabel: string | null | undefined,
  isCertificatesKey = false,
): Finding | null {
  if (firstPemLabel !== "EC PARAMETERS") return null;
  return finding("KEY_FILE_UNLOADABLE", {
    message: `${file} begins with an ${firstPemLabel} block: strongSwan decodes only the first PEM block of a file, so it cannot load this key${isCertificatesKey ? " (which is the certificate's key)" : ""}`,
    fix: `openssl pkey -in ${file} -out ${file}.new && mv ${file}.new ${file}`,
    file,
  });
}

const hexIds = (k: PublicKeyInfo): KeyIdsHex => ({
  subjkey: plainHex(k.keyIds.subjkey),
  keyid: plainHex(k.keyIds.keyid),
});

function ownerText(o: CertCandidate, expired: boolean, at: Date): string {
  const c = o.cert;
  const when = expired
    ? `, which expired on ${c.notAfter.toISOString()}`
    : at.getTime() < c.notBefore.getTime()
      ? `, valid only from ${c.notBefore.toISOString()}`
      : `, valid until ${c.notAfter.toISOString()}`;
  return `"${c.subject.printed}" (${o.file}${when})`;
}

/**
 * Pair every offered key with a certificate: which keys match, what each one is, which other
 * certificate a wrong key belongs to, and the findings (`ok` = a matching private key exists).
 */
export function pairKeys(
  certFile: string,
  cert: Certificate,
  inputs: KeyInput[],
  candidates: CertCandidate[],
  opts: PairOptions = {},
): PairResult {
  const at = opts.at ?? new Date();
  const findings: Finding[] = [];
  const keys: PairJson["keys"] = [];
  const details: PairKeyDetail[] = [];
  const others = candidates.filter((c) => !samePublicKey(c.cert.publicKey, cert.publicKey));
  let matches = 0;
  let privateKeys = 0;
  let unloadableMatch: string | null = null;
  for (const input of inputs) {
    const { item, file } = input;
    const pub = item.publicKey;
    // like charon: same public key is the whole test (a key with a damaged private part loads
    // but fails at signing time, in charon as here)
    let match = false;
    let owner: CertCandidate | null = null;
    if (item.kind === "privateKey") {
      privateKeys++;
      match = checkKeyPair(cert, item);
      const unloadable = unloadableKeyFinding(file, input.firstPemLabel, match);
      if (unloadable) {
        findings.push(unloadable);
        if (match) unloadableMatch = file;
        match = false;
      }
      if (!match) owner = certificateOfKey(pub, others);
      if (match || input.explicit) {
        const perm = keyFilePermissionFinding(file, input.mode);
        if (perm) findings.push(perm);
      }
    } else if (item.kind === "publicKey") {
      const own = samePublicKey(pub, cert.publicKey);
      owner = own ? { file: certFile, cert } : certificateOfKey(pub, others);
      findings.push(
        finding("KEY_IS_PUBLIC", {
          message: own
            ? `${file} holds the certificate's PUBLIC key; charon needs the private key that goes with it`
            : `${file} holds a public key (not even the certificate's); charon needs a private key`,
          file,
        }),
      );
    } else {
      const same = samePublicKey(pub, cert.publicKey);
      findings.push(
        finding("KEY_IS_CERTIFICATE", {
          message: same
            ? `${file} is a certificate (with this certificate's public key), not a private key`
            : `${file} is a certificate ("${item.subject.printed}"), not a private key`,
          file,
        }),
      );
    }
    if (match) matches++;
    const ownerExpired = !!owner && at.getTime() > owner.cert.notAfter.getTime();
    if (owner && item.kind === "privateKey")
      findings.push(
        finding("KEY_BELONGS_TO", {
          message: `the key in ${file} belongs to ${ownerText(owner, ownerExpired, at)}`,
          file,
          data: { belongsTo: owner.file, subject: owner.cert.subject.printed, expired: ownerExpired },
        }),
      );
    keys.push({
      file,
      type: family(pub.algorithm),
      size: pub.bits,
      keyids: hexIds(pub),
      match,
      belongsTo: owner ? owner.file : null,
    });
    details.push({
      kind: item.kind,
      description: describeKey(pub),
      format: item.kind === "privateKey" ? item.format : null,
      encrypted: item.kind === "privateKey" && item.encrypted,
      owner,
      ownerExpired,
    });
  }
  for (const e of opts.skipped ?? [])
    findings.push(finding("KEY_FILE_SKIPPED", { message: e.message, ...(e.file ? { file: e.file } : {}) }));
  if (matches === 0) {
    const id = opts.localId ?? cert.subject.printed;
    const subject = `"${cert.subject.printed}"`;
    const message = unloadableMatch
      ? `the private key of ${subject} is only in ${unloadableMatch}, which strongSwan cannot load`
      : privateKeys === 0
        ? `no private key was given for ${subject}: ${inputs.length === 1 ? "the one item given is not" : `none of the ${inputs.length} items given is`} a private key`
        : privateKeys === 1
          ? `the private key in ${inputs.find((i) => i.item.kind === "privateKey")!.file} does not belong to ${subject}`
          : `none of the ${privateKeys} private keys belongs to ${subject}`;
    findings.unshift(
      finding("KEY_MISMATCH", {
        message,
        log: `no private key found for '${id}'`,
        file: certFile,
        data: { subjkey: plainHex(cert.publicKey.keyIds.subjkey) },
      }),
    );
  }
  return {
    result: {
      certificate: { file: certFile, keyids: hexIds(cert.publicKey) },
      keys,
      match: matches > 0,
    },
    details,
    findings,
  };
}
