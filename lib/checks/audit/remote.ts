/**
 * Audit of identities and of a remote authentication round: how a configured id parses (prefix forms
 * kept as text, DN typos that become ID_KEY_ID, wildcards, %any), ids vici refuses, the remote
 * cacerts and the CA certificates that can authenticate the peer. Pure.
 */
import { formatOrigin, type Setting } from "../../config/model.js";
import { type Finding, finding } from "../../findings/index.js";
import { parseDnString } from "../../identity/dn.js";
import { identityContainsWildcards } from "../../identity/match.js";
import { prefixStoredAsText } from "../../identity/suggest.js";
import { keyTypeLogName } from "../../x509/spki.js";
import { ID_TYPES } from "../../x509/types.js";
import type { Endpoint, EndpointId, LocalRound, RemoteRound } from "../endpoint.js";
import type { AuditOptions } from "./local.js";

const T = ID_TYPES;

/**
 * vici_config.c parse_string: a value with a byte outside printable ASCII (chunk_printable) makes
 * charon answer "invalid value for: <key>, config discarded" and drop the whole connection.
 */
export function notPrintableFindings(e: Endpoint): Finding[] {
  if (e.kind !== "swanctl") return [];
  const out: Finding[] = [];
  for (const r of [...e.connection.local, ...e.connection.remote]) {
    const ids: Array<[string, Setting<string> | null]> = [
      ["id", r.id],
      ["eap_id", r.eapId],
      ["aaa_id", r.aaaId],
      ["xauth_id", r.xauthId],
    ];
    for (const [key, s] of ids) {
      if (!s) continue;
      const bad = [...Buffer.from(s.value, "utf8")].filter((b) => b < 0x20 || b > 0x7e);
      if (bad.length === 0) continue;
      out.push(
        finding("ID_NOT_PRINTABLE", {
          message: `${r.side} round '${r.name}': ${key} '${s.value}' holds ${bad.length} byte${bad.length > 1 ? "s" : ""} outside printable ASCII; charon refuses it and discards connection '${e.name}'`,
          log: `invalid value for: ${key}, config discarded`,
          file: formatOrigin(s.origin),
        }),
      );
    }
  }
  return out;
}

/** The key types charon names in `no trusted %N public key found` (the type of the signature's key). */
const KEY_TYPES = ["RSA", "ECDSA", "ED25519", "ED448"];

/** The key type a remote round's `auth` pins (`rsa`, `ecdsa-sha384`, `ed25519`), else every one (`pubkey`). */
function pinnedKeyTypes(auth: string): string[] {
  const t = auth.split(/[-/:]/)[0]!.toUpperCase();
  return KEY_TYPES.includes(t) ? [t] : KEY_TYPES;
}

/**
 * charon's `no trusted %N public key found for '%Y'` (pubkey_authenticator.c): %N is the key type of
 * the signature it checks, so the signer's certificate decides it; with several possible, the line
 * names the first and says which others it can be. `id` null: the identity the peer sends.
 */
function noTrustedKeyLine(types: string[], id: string | null, whose: string): string {
  const who = id === null ? "the identity the peer sends" : `'${id}'`;
  const [first, ...rest] = types;
  return `no trusted ${first} public key found for ${who}${rest.length ? ` (or ${rest.join(", ")}: charon names the key type of ${whose})` : ""}`;
}

/**
 * What charon logs when a configured id matches nothing: as a remote id, the responder finds no
 * config for the id the peer sends (semantics §7.1); as a local id, the peer finds no certificate
 * for it, and names the key type of this host's certificate.
 */
function peerLog(label: string, printed: string, local?: LocalRound): string {
  if (label.startsWith("remote")) return "no matching peer config found";
  const alg = local?.certificate?.publicKey.algorithm;
  const types = alg ? [keyTypeLogName(alg)] : KEY_TYPES;
  return `${noTrustedKeyLine(types, printed, "this host's certificate")} (logged by the peer)`;
}

/** How a configured id parses, and what in that surprises people. */
export function idFormFindings(
  id: EndpointId,
  label: string,
  opts: AuditOptions,
  /** the local round the id is configured in (the key type the peer will name) */
  local?: LocalRound,
): Finding[] {
  const out: Finding[] = [];
  const file = id.configured ? formatOrigin(id.configured.origin) : undefined;
  const at = file ? { file } : {};
  if (id.error) {
    out.push(finding("ID_REGEX_INVALID", { message: `${label}: ${id.error}`, log: id.error, ...at }));
    return out;
  }
  const input = id.configured?.value;
  const ident = id.identity;
  if (!input || !ident) return out;
  const textual = prefixStoredAsText(input, opts.strongswan);
  if (textual) {
    out.push(
      finding("ID_PREFIX_STORED_AS_TEXT", {
        message: `${label}: '${input}' is an ${ident.typeName} holding the text '${textual.rest}', not ${textual.what}: no certificate proves it`,
        log: peerLog(label, ident.printed, local),
        fix: `write '${textual.rest}' (or '${textual.hexForm}')`,
        ...at,
      }),
    );
    return out;
  }
  if (ident.type === T.ID_KEY_ID && input.includes("=") && !/^(keyid:|@#|\{)/i.test(input)) {
    const parsed = parseDnString(new TextEncoder().encode(input), opts.strongswan);
    out.push(
      finding("DN_TYPO_BECOMES_KEYID", {
        message: `${label}: '${input}' is not a DN for strongSwan${parsed.unknown ? ` (unknown attribute '${parsed.unknown}')` : ""}, so it becomes ID_KEY_ID '${ident.printed}' and matches no certificate`,
        log: peerLog(label, ident.printed, local),
        ...at,
      }),
    );
    return out;
  }
  if (ident.type !== T.ID_ANY && identityContainsWildcards(ident)) {
    if (label.startsWith("local"))
      out.push(
        finding("ID_PATTERN_NOT_SENDABLE", {
          message: `${label}: '${input}' is a pattern (${ident.regex ? "regex" : "wildcards"}); a local id is sent as it is and no certificate proves a pattern`,
          ...at,
        }),
      );
    const e = ident.encoding;
    if (!ident.regex && e[0] === 0x2a && e.length > 1 && e[1] !== 0x2e && e[1] !== 0x40)
      out.push(
        finding("WILDCARD_NO_DOT_BOUNDARY", {
          message: `${label}: '${input}' matches every name ending in '${input.slice(1)}', e.g. 'bad${input.slice(1)}'`,
          ...at,
        }),
      );
  }
  return out;
}

export function remoteRoundFindings(e: Endpoint, r: RemoteRound, opts: AuditOptions): Finding[] {
  const label = `remote round '${r.round.name}'`;
  const where = formatOrigin(r.round.origin);
  const out = idFormFindings(r.id, label, opts);
  const pubkey = r.auth === "pubkey" || (r.auth === "eap" && r.round.eapMethod === "tls");
  if (pubkey && r.id.identity?.type === T.ID_ANY)
    out.push(
      finding("ID_ANY_MATCHES_ALL", {
        message: `${label}: no remote id (%any): any certificate from ${r.anchors.length === 1 ? `"${r.anchors[0]!.subject.printed}"` : "a trusted CA"} is accepted for this connection`,
        file: where,
      }),
    );
  for (const c of r.cacerts) {
    const file = formatOrigin(c.ref.origin);
    if (!c.certificate)
      out.push(
        finding("LOCAL_CERT_MISSING", {
          message: `${label}: cacerts '${c.ref.text}': ${c.error}; swanctl does not load the connection`,
          log: c.file
            ? null
            : `loading cacerts certificate '${c.ref.path ?? c.ref.text}' failed: No such file or directory`,
          file,
        }),
      );
    else if (c.certificate.basicConstraints?.ca !== true)
      out.push(
        finding("REMOTE_CACERT_NOT_CA", {
          message: `${label}: cacerts '${c.ref.text}' is "${c.certificate.subject.printed}", not a CA certificate (no CA=TRUE); swanctl still loads it as the CA the peer must chain to, which no peer certificate does`,
          log: `constraint check failed: peer not authenticated by CA '${c.certificate.subject.printed}'`,
          file,
        }),
      );
  }
  // raw public keys (pubkeys) authenticate the peer without any CA (audit/needs.ts)
  if (!pubkey || r.pubkeys.length) return out;
  if (r.anchors.length === 0 && r.cacerts.length === 0)
    out.push(
      finding("REMOTE_NO_TRUSTED_CA", {
        message: `${label}: auth = ${r.round.auth.value}, but no CA certificate is loaded (${e.kind === "swanctl" ? "x509ca/ is empty" : "ipsec.d/cacerts/ is empty"}): charon can verify no peer certificate`,
        // the key type is the peer's (unless auth pins it) and the id the one it sends (unless configured exactly)
        log: noTrustedKeyLine(
          pinnedKeyTypes(r.round.auth.value),
          r.id.identity && r.id.identity.type !== T.ID_ANY && !identityContainsWildcards(r.id.identity)
            ? r.id.identity.printed
            : null,
          "the peer's certificate",
        ),
        file: where,
      }),
    );
  else if (r.anchors.length)
    out.push(
      finding("REMOTE_TRUSTED_CAS", {
        message: `${label}: the peer '${r.id.identity?.printed ?? r.id.text}' (${r.id.identity?.typeName ?? "?"}) is accepted with a certificate chaining to ${r.anchors.map((c) => `"${c.subject.printed}"`).join(" or ")}${r.cacerts.length ? " (remote cacerts)" : " (every loaded CA)"}`,
        fix: null,
      }),
    );
  return out;
}
