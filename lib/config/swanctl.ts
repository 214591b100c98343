import { posix } from "node:path";
import type {
  Authority,
  AuthRound,
  ChildConfig,
  ConfigDiagnostic,
  Connection,
  FileRef,
  Fragmentation,
  KeySecretKind,
  Origin,
  Secret,
  SendCert,
  Setting,
  SharedSecretKind,
} from "./model.js";
import { SecretValue } from "./model.js";
import type { ConfigReader } from "./reader.js";
import {
  keysAt,
  parseSettings,
  type SettingsKey,
  type SettingsTree,
  sectionNamesAt,
  valueAt,
} from "./settings.js";
import { authClassOf, eapMethodOf, parseBool, parseChoice, splitList } from "./values.js";

/**
 * swanctl.conf → the connection model, read as `swanctl --load-all` and the vici plugin read it
 * (src/swanctl/commands/load_conns.c, load_creds.c, load_authorities.c;
 * src/libcharon/plugins/vici/vici_config.c). Values strongSwan would reject (`version = x`,
 * `send_cert = sometimes`, an unknown subsection) are diagnostics: swanctl then refuses that
 * connection, the others still load.
 */

export interface SwanctlConf {
  file: string;
  /** every file read (the main file, then includes) */
  files: string[];
  connections: Connection[];
  secrets: Secret[];
  authorities: Authority[];
  diagnostics: ConfigDiagnostic[];
}

export interface SwanctlOptions {
  reader?: ConfigReader;
  /** includes nest at most this deep (default 32; CLI --max-include-depth) */
  maxIncludeDepth?: number;
  /** files the includes may read in all, and each glob may match (default 4,096; --max-include-files) */
  maxIncludeFiles?: number;
}

/** Parse swanctl.conf text. `file` names it in messages and anchors relative `include`s. */
export function parseSwanctlConf(
  text: string,
  file = "swanctl.conf",
  opts: SwanctlOptions = {},
): SwanctlConf {
  const tree = parseSettings(text, file, {
    reader: opts.reader,
    maxIncludeDepth: opts.maxIncludeDepth,
    maxIncludeFiles: opts.maxIncludeFiles,
  });
  return swanctlFromSettings(tree, file);
}

/** The model from an already parsed settings tree. */
export function swanctlFromSettings(tree: SettingsTree, file: string): SwanctlConf {
  const diagnostics: ConfigDiagnostic[] = [...tree.diagnostics];
  percentInNames(tree, "connections", diagnostics);
  const connections = sectionNamesAt(tree, "connections").map((s) =>
    parseConnection(tree, s.name, s.origin, diagnostics),
  );
  const secrets = sectionNamesAt(tree, "secrets").flatMap((s) =>
    parseSecret(tree, s.name, s.origin, diagnostics),
  );
  const authorities = sectionNamesAt(tree, "authorities").map((s) => parseAuthority(tree, s.name, s.origin));
  return { file, files: tree.files, connections, secrets, authorities, diagnostics };
}

/**
 * swanctl passes section paths to the settings API as printf formats (load_conns.c add_sections), so a
 * `%` in a connection, round or child name makes swanctl 5.9 send that section without its settings,
 * or fail (seen with the real swanctl in test/config/swanctl-oracle.test.ts).
 */
function percentInNames(tree: SettingsTree, path: string, diags: ConfigDiagnostic[]): void {
  for (const s of sectionNamesAt(tree, path)) {
    if (s.name.includes("%"))
      diags.push({
        origin: s.origin,
        message: `section name '${s.name}' contains '%': swanctl reads the path as a printf format and loads it without its settings (or fails)`,
      });
    percentInNames(tree, `${path}.${s.name}`, diags);
  }
}

const set = <T>(value: T, k: SettingsKey | null | undefined): Setting<T> => ({
  value,
  origin: k?.origin ?? null,
});
const str = (k: SettingsKey | undefined | null): Setting<string> | null => (k ? set(k.value!, k) : null);

function record(keys: SettingsKey[]): Record<string, Setting<string>> {
  const out: Record<string, Setting<string>> = {};
  for (const k of keys) out[k.name] = { value: k.value!, origin: k.origin };
  return out;
}

/** certs/cacerts/pubkeys: comma separated (spaces around items trimmed); `0x`/`0s` inline data; relative names in `folder`. */
export function fileRefs(k: SettingsKey | undefined, folder: string): FileRef[] {
  if (!k) return [];
  return splitList(k.value!).map((text) => {
    const inline = /^0x/i.test(text) ? "hex" : /^0s/i.test(text) ? "base64" : null;
    const path = inline ? null : posix.isAbsolute(text) ? text : posix.join(folder, text);
    return { text, path, inline, origin: k.origin };
  });
}

function parseConnection(
  tree: SettingsTree,
  name: string,
  origin: Origin,
  diags: ConfigDiagnostic[],
): Connection {
  const path = `connections.${name}`;
  const keys = keysAt(tree, path);
  const get = (n: string) => keys.find((k) => k.name === n);
  const bad = (k: SettingsKey, what: string) =>
    diags.push({
      origin: k.origin,
      message: `connection '${name}': invalid value for ${k.name}: '${k.value}'${what}`,
    });

  const versionKey = get("version");
  let version = 0;
  if (versionKey) {
    if (/^[0-2]$/.test(versionKey.value!)) version = Number(versionKey.value);
    else bad(versionKey, " (0, 1 or 2)");
  }
  const choice = <T extends string>(n: string, options: readonly T[], def: T): Setting<T> => {
    const k = get(n);
    if (!k) return { value: def, origin: null };
    const v = parseChoice(k.value!, options);
    if (v === null) {
      bad(k, ` (one of ${options.join(", ")})`);
      return { value: def, origin: null };
    }
    return set(v, k);
  };
  const bool = (n: string, def: boolean): Setting<boolean> => {
    const k = get(n);
    if (!k) return { value: def, origin: null };
    const v = parseBool(k.value!);
    if (v === null) {
      bad(k, " (yes or no)");
      return { value: def, origin: null };
    }
    return set(v, k);
  };
  const list = (n: string, def: string[]): Setting<string[]> => {
    const k = get(n);
    return k ? set(splitList(k.value!), k) : { value: def, origin: null };
  };

  const local: AuthRound[] = [];
  const remote: AuthRound[] = [];
  const children: ChildConfig[] = [];
  for (const sub of sectionNamesAt(tree, path)) {
    const lower = sub.name.toLowerCase();
    if (lower === "children") {
      for (const c of sectionNamesAt(tree, `${path}.children`))
        children.push(parseChild(tree, `${path}.children.${c.name}`, c.name, c.origin));
    } else if (lower.startsWith("local") || lower.startsWith("remote")) {
      const side = lower.startsWith("local") ? "local" : "remote";
      const round = parseRound(tree, `${path}.${sub.name}`, sub.name, side, sub.origin, diags);
      const list = side === "local" ? local : remote;
      const at = list.findIndex((r) => round.round < r.round);
      if (at < 0) list.push(round);
      else list.splice(at, 0, round);
    } else diags.push({ origin: sub.origin, message: `connection '${name}': invalid section: ${sub.name}` });
  }
  return {
    name,
    source: "swanctl.conf",
    origin,
    enabled: true,
    version: set(version, versionKey && version === Number(versionKey.value) ? versionKey : null),
    localAddrs: list("local_addrs", ["%any"]),
    remoteAddrs: list("remote_addrs", ["%any"]),
    proposals: list("proposals", ["default"]),
    sendCert: choice<SendCert>("send_cert", ["ifasked", "always", "never"], "ifasked"),
    sendCertreq: bool("send_certreq", true),
    fragmentation: choice<Fragmentation>("fragmentation", ["yes", "accept", "force", "no"], "yes"),
    aggressive: bool("aggressive", false),
    local,
    remote,
    children,
    settings: record(keys),
  };
}

function parseRound(
  tree: SettingsTree,
  path: string,
  name: string,
  side: "local" | "remote",
  origin: Origin,
  diags: ConfigDiagnostic[],
): AuthRound {
  const keys = keysAt(tree, path);
  const get = (n: string) => keys.find((k) => k.name === n);
  const roundKey = get("round");
  let round = 0;
  if (roundKey) {
    if (/^\d+$/.test(roundKey.value!)) round = Number(roundKey.value);
    else diags.push({ origin: roundKey.origin, message: `invalid value for round: '${roundKey.value}'` });
  }
  const authKey = get("auth");
  const auth = authKey ? set(authKey.value!, authKey) : { value: "pubkey", origin: null };
  const certs = fileRefs(get("certs"), "x509");
  const cacerts = fileRefs(get("cacerts"), "x509ca");
  // smartcard/file subsections: cert<suffix> { file = ... } and cacert<suffix> { ... }
  for (const sub of sectionNamesAt(tree, path)) {
    const lower = sub.name.toLowerCase();
    const file = valueAt(tree, `${path}.${sub.name}.file`);
    const target = lower.startsWith("cert") ? certs : lower.startsWith("cacert") ? cacerts : null;
    if (!target) {
      diags.push({ origin: sub.origin, message: `invalid section: ${sub.name}` });
      continue;
    }
    if (file) target.push(...fileRefs(file, lower.startsWith("cert") ? "x509" : "x509ca"));
  }
  const groupsKey = get("groups");
  return {
    side,
    name,
    round,
    origin,
    auth,
    authClass: authClassOf(auth.value),
    eapMethod: eapMethodOf(auth.value),
    id: str(get("id")),
    idLoose: false,
    eapId: str(get("eap_id")),
    aaaId: str(get("aaa_id")),
    xauthId: str(get("xauth_id")),
    caId: str(get("ca_id")),
    revocation: str(get("revocation")),
    groups: groupsKey ? set(splitList(groupsKey.value!), groupsKey) : null,
    certs,
    cacerts,
    pubkeys: fileRefs(get("pubkeys"), "pubkey"),
    settings: record(keys),
  };
}

function parseChild(tree: SettingsTree, path: string, name: string, origin: Origin): ChildConfig {
  const keys = keysAt(tree, path);
  const get = (n: string) => keys.find((k) => k.name === n);
  const list = (n: string, def: string[]): Setting<string[]> => {
    const k = get(n);
    return k ? set(splitList(k.value!), k) : { value: def, origin: null };
  };
  const one = (n: string, def: string): Setting<string> => {
    const k = get(n);
    return k ? set(k.value!, k) : { value: def, origin: null };
  };
  return {
    name,
    origin,
    localTs: list("local_ts", ["dynamic"]),
    remoteTs: list("remote_ts", ["dynamic"]),
    startAction: one("start_action", "none"),
    espProposals: list("esp_proposals", ["default"]),
    mode: one("mode", "tunnel"),
    settings: record(keys),
  };
}

const SECRET_TYPES = [
  "eap",
  "xauth",
  "ntlm",
  "ike",
  "ppk",
  "private",
  "rsa",
  "ecdsa",
  "pkcs8",
  "pkcs12",
  "token",
] as const;
const SHARED: readonly string[] = ["eap", "xauth", "ntlm", "ike", "ppk"];

function parseSecret(tree: SettingsTree, name: string, origin: Origin, diags: ConfigDiagnostic[]): Secret[] {
  // load_creds.c: the type is the first of these that prefixes the section name (case-sensitive)
  const type = SECRET_TYPES.find((t) => name.startsWith(t));
  if (!type) {
    diags.push({ origin, message: `ignoring unsupported secret '${name}'` });
    return [];
  }
  const keys = keysAt(tree, `secrets.${name}`);
  if (SHARED.includes(type)) {
    const secretKey = keys.find((k) => k.name === "secret");
    if (!secretKey) diags.push({ origin, message: `secret '${name}': no value in 'secret' (not loaded)` });
    return [
      {
        type: "shared",
        kind: type as SharedSecretKind,
        name,
        origin,
        ids: keys.filter((k) => k.name.startsWith("id")).map((k) => set(k.value!, k)),
        secret: secretKey ? new SecretValue(secretKey.value!, secretKey.origin) : null,
      },
    ];
  }
  const file = keys.find((k) => k.name === "file");
  const pass = keys.filter((k) => k.name.startsWith("secret") || (type === "token" && k.name === "pin"));
  return [
    {
      type: "key",
      kind: type as KeySecretKind,
      name,
      origin,
      file: file ? set(file.value!, file) : null,
      secrets: pass.map((k) => new SecretValue(k.value!, k.origin)),
      prompt: false,
      ids: [],
    },
  ];
}

function parseAuthority(tree: SettingsTree, name: string, origin: Origin): Authority {
  const keys = keysAt(tree, `authorities.${name}`);
  const get = (n: string) => keys.find((k) => k.name === n);
  const cacert = fileRefs(get("cacert"), "x509ca");
  const list = (n: string) => {
    const k = get(n);
    return k ? set(splitList(k.value!), k) : null;
  };
  return {
    name,
    origin,
    cacert: cacert[0] ?? null,
    crlUris: list("crl_uris"),
    ocspUris: list("ocsp_uris"),
    certUriBase: str(get("cert_uri_base")),
    settings: record(keys),
  };
}
