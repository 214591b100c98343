import { posix } from "node:path";
import { IkecertError } from "../errors.js";
import type { ConfigDiagnostic, KeySecret, Origin, Secret, Setting, SharedSecret } from "./model.js";
import { revealSecret, SecretValue } from "./model.js";
import { type ConfigReader, type IncludeChain, Includes, unreadableInclude } from "./reader.js";

/**
 * ipsec.secrets as the stroke plugin reads it (src/libcharon/plugins/stroke/stroke_cred.c
 * load_secrets, src/libstrongswan/utils/lexparser.c). One entry a line:
 *   `[selectors] : TYPE value [passphrase]`
 * TYPE (case-sensitive): RSA, ECDSA, PKCS8 (key file, relative to ipsec.d/private/), P12 (PKCS#12
 * file), PIN (smartcard), PSK, EAP, XAUTH, NTLM (a secret: "quoted", 'quoted', 0x hex, 0s base64 or
 * a bare word). `include PATTERN` (relative to the including file) nests up to 10 levels. A malformed
 * line makes strongSwan stop reading that file (earlier lines stay loaded): that is a diagnostic here,
 * and parsing of that file stops at the same place. Note: `PKCS12` is not a keyword (only `P12`).
 */

export interface IpsecSecrets {
  file: string;
  files: string[];
  secrets: Secret[];
  diagnostics: ConfigDiagnostic[];
}

export const MAX_SECRETS_INCLUDE_LEVEL = 10;

interface Cursor {
  s: string;
}

/** lexparser.c eat_whitespace: skip blanks; false at the end or at a comment */
function eatWhitespace(c: Cursor): boolean {
  c.s = c.s.replace(/^[ \t]+/, "");
  return c.s.length > 0 && c.s[0] !== "#";
}

/** extract_token with ' ' also stopping at a tab */
function extractToken(c: Cursor, term: string): string | null {
  let i = c.s.indexOf(term);
  if (term === " ") {
    const t = c.s.indexOf("\t");
    if (t >= 0 && (i < 0 || t < i)) i = t;
  }
  if (i < 0) return null;
  const tok = c.s.slice(0, i);
  c.s = c.s.slice(i + 1);
  return tok;
}

function extractValue(c: Cursor): string {
  if (!eatWhitespace(c)) return "";
  let delim = " ";
  if (c.s[0] === "'" || c.s[0] === '"') {
    delim = c.s[0];
    c.s = c.s.slice(1);
  }
  const tok = extractToken(c, delim);
  if (tok !== null) return tok;
  if (delim !== " ") throw new Error("missing second delimiter");
  const rest = c.s;
  c.s = "";
  return rest;
}

/** extract_secret: quoted text is literal; otherwise 0x/0s prefixes say hex/base64 */
function extractSecret(c: Cursor, origin: Origin): SecretValue {
  if (!eatWhitespace(c)) throw new Error("missing secret");
  const quoted = c.s[0] === "'" || c.s[0] === '"';
  const raw = extractValue(c);
  return new SecretValue(raw, origin, quoted ? "text" : undefined);
}

export interface SecretsOptions {
  reader?: ConfigReader;
  /** files the includes may read in all, and each glob may match (default 4,096; --max-include-files) */
  maxIncludeFiles?: number;
}

export function parseIpsecSecrets(
  text: string,
  file = "ipsec.secrets",
  opts: SecretsOptions = {},
): IpsecSecrets {
  const out: IpsecSecrets = { file, files: [file], secrets: [], diagnostics: [] };
  const includes = opts.reader ? new Includes(opts.reader, opts.maxIncludeFiles) : null;
  parseFile(text, file, 0, includes?.start(file) ?? { paths: [file], keys: [file] }, includes, out);
  return out;
}

function parseFile(
  text: string,
  file: string,
  level: number,
  chain: IncludeChain,
  includes: Includes | null,
  out: IpsecSecrets,
): void {
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    if (n === lines.length - 1 && lines[n] === "") break;
    const origin: Origin = { file, line: n + 1 };
    const stop = (message: string) => {
      out.diagnostics.push({ origin, message: `${message}; strongSwan stops reading ${file} here` });
    };
    const c: Cursor = { s: lines[n]!.replace(/\r$/, "") };
    if (!eatWhitespace(c)) continue;
    if (c.s.length > 8 && c.s.startsWith("include ")) {
      if (level >= MAX_SECRETS_INCLUDE_LEVEL) {
        out.diagnostics.push({
          origin,
          message: `maximum level of ${MAX_SECRETS_INCLUDE_LEVEL} includes reached, ignored`,
        });
        continue;
      }
      const pattern = c.s.slice(8).split(" ")[0]!;
      const full = pattern.startsWith("/") ? pattern : posix.join(posix.dirname(file), pattern);
      const matches = includes ? includes.expand(full, origin) : [];
      if (!matches.length)
        out.diagnostics.push({
          origin,
          message: `expanding file expression '${full}' failed (no such file)`,
        });
      for (const f of matches) {
        const r = includes!.read(f, chain, origin);
        if ("error" in r) {
          out.diagnostics.push(
            unreadableInclude(origin, f, `opening secrets file '${f}' failed: ${r.error.message}`, r.error),
          );
          continue;
        }
        if (r.loop)
          throw new IkecertError(
            "CONFIG_INVALID",
            `${file}:${n + 1}: include loop: ${r.chain.paths.join(" -> ")}`,
            file,
          );
        out.files.push(f);
        parseFile(r.text, f, level + 1, r.chain, includes, out);
      }
      continue;
    }
    let ids: string;
    if (c.s.length > 2 && c.s.startsWith(": ")) {
      ids = "";
      c.s = c.s.slice(1);
    } else {
      const i = c.s.indexOf(" : ");
      if (i < 0) {
        stop(`line ${n + 1}: missing ' : ' separator`);
        return;
      }
      ids = c.s.slice(0, i);
      c.s = c.s.slice(i + 3);
    }
    const type = eatWhitespace(c) ? extractToken(c, " ") : null;
    if (type === null) {
      stop(`line ${n + 1}: missing token`);
      return;
    }
    try {
      const selectors = parseSelectors(ids, origin);
      if (type === "RSA" || type === "ECDSA" || type === "PKCS8" || type === "P12" || type === "PIN") {
        out.secrets.push(keyLine(type, c, origin, selectors, file));
      } else if (type === "PSK" || type === "EAP" || type === "NTLM" || type === "XAUTH") {
        const secret = extractSecret(c, origin);
        const kind = type === "PSK" ? "ike" : type === "EAP" ? "eap" : type === "XAUTH" ? "xauth" : "ntlm";
        const s: SharedSecret = {
          type: "shared",
          kind,
          name: `${posix.basename(file)}:${n + 1}`,
          origin,
          ids: selectors,
          secret,
        };
        out.secrets.push(s);
      } else {
        const hint = type === "PKCS12" ? " (write P12)" : "";
        stop(
          `line ${n + 1}: token must be either RSA, ECDSA, PKCS8, P12, PIN, PSK, EAP, XAUTH or NTLM, not '${type}'${hint}`,
        );
        return;
      }
    } catch (e) {
      if (e instanceof IkecertError) throw e;
      stop(`line ${n + 1}: malformed entry: ${(e as Error).message}`);
      return;
    }
  }
}

function parseSelectors(ids: string, origin: Origin): Setting<string>[] {
  const c: Cursor = { s: ids };
  const out: Setting<string>[] = [];
  while (c.s.length > 0) {
    const id = extractValue(c);
    if (id) out.push({ value: id, origin });
    else if (!eatWhitespace(c)) break;
  }
  return out;
}

function keyLine(type: string, c: Cursor, origin: Origin, ids: Setting<string>[], file: string): KeySecret {
  const filename = extractValue(c);
  if (!filename) throw new Error("empty filename");
  const secrets: SecretValue[] = [];
  let prompt = false;
  if (eatWhitespace(c)) {
    const first = extractSecret(c, origin);
    if (revealSecret(first) === "%prompt") prompt = true;
    else {
      secrets.push(first);
      if (eatWhitespace(c)) secrets.push(extractSecret(c, origin));
    }
  }
  const kind =
    type === "RSA"
      ? "rsa"
      : type === "ECDSA"
        ? "ecdsa"
        : type === "PKCS8"
          ? "pkcs8"
          : type === "P12"
            ? "pkcs12"
            : "token";
  const path =
    filename.startsWith("/") || type === "PIN" ? filename : posix.join("ipsec.d/private", filename);
  return {
    type: "key",
    kind,
    name: `${posix.basename(file)}:${origin.line}`,
    origin,
    file: { value: path, origin },
    secrets,
    prompt,
    ids,
  };
}
