import { posix } from "node:path";
import { effectiveKeys, type IpsecKey, type IpsecSection, parseIpsecTree } from "./ipsec-parser.js";
import type {
  Authority,
  AuthRound,
  ChildConfig,
  ConfigDiagnostic,
  Connection,
  FileRef,
  Fragmentation,
  SendCert,
  Setting,
} from "./model.js";
import type { ConfigReader } from "./reader.js";
import { authClassOf, eapMethodOf, parseChoice, splitList } from "./values.js";

/**
 * ipsec.conf → the same connection model as swanctl.conf (local = left, remote = right), following
 * starter (src/starter/confread.c, starterstroke.c) and the stroke plugin
 * (src/libcharon/plugins/stroke/stroke_config.c). Differences worth knowing:
 * - `leftid` unset: stroke uses the `left` address as id, and with a `leftcert` that does not contain
 *   it, replaces it by the certificate's subject DN ("id '...' not confirmed by certificate"); the model
 *   leaves `id` null and the audit explains the default;
 * - `rightid=%name` (a leading `%`, not `%any`) is a "loose" id: the certificate only has to contain it;
 * - `authby=` applies only when neither `leftauth` nor `rightauth` is set;
 * - `auto=ignore` (the default) means starter does not load the conn at all (`enabled: false`).
 * Relative `leftcert`/`rightcert` names are in ipsec.d/certs/, `leftca`/`rightca` are CA DNs.
 */

export interface IpsecConf {
  file: string;
  files: string[];
  setup: Record<string, Setting<string>>;
  connections: Connection[];
  /** `ca` sections */
  authorities: Authority[];
  diagnostics: ConfigDiagnostic[];
}

export interface IpsecConfOptions {
  reader?: ConfigReader;
  /** includes nest at most this deep (default 32; CLI --max-include-depth) */
  maxIncludeDepth?: number;
  /** files the includes may read in all, and each glob may match (default 4,096; --max-include-files) */
  maxIncludeFiles?: number;
}

const set = <T>(value: T, k: IpsecKey | undefined): Setting<T> => ({ value, origin: k?.origin ?? null });

function record(keys: Map<string, IpsecKey>): Record<string, Setting<string>> {
  const out: Record<string, Setting<string>> = {};
  for (const [n, k] of keys) out[n] = { value: k.value!, origin: k.origin };
  return out;
}

function refs(k: IpsecKey | undefined, folder: string): FileRef[] {
  if (!k) return [];
  return splitList(k.value!).map((text) => ({
    text,
    path: posix.isAbsolute(text) ? text : posix.join(folder, text),
    inline: null,
    origin: k.origin,
  }));
}

/** Parse ipsec.conf text; `file` names it in messages and anchors relative includes. */
export function parseIpsecConf(text: string, file = "ipsec.conf", opts: IpsecConfOptions = {}): IpsecConf {
  const tree = parseIpsecTree(text, file, opts.reader ?? null, opts.maxIncludeDepth, opts.maxIncludeFiles);
  const diagnostics = [...tree.diagnostics];
  const connections: Connection[] = [];
  const crlPolicy = strictCrlPolicy(tree.setup.keys.get("strictcrlpolicy"));
  for (const s of tree.conns.values())
    if (s.name !== "%default") connections.push(mapConn(s, diagnostics, crlPolicy));
  const authorities: Authority[] = [];
  for (const s of tree.cas.values()) if (s.name !== "%default") authorities.push(mapCa(s));
  return { file, files: tree.files, setup: record(tree.setup.keys), connections, authorities, diagnostics };
}

/** `config setup` strictcrlpolicy = yes|ifuri|no: stroke_config.c build_crl_policy, remote rounds only. */
function strictCrlPolicy(k: IpsecKey | undefined): Setting<string> | null {
  const v = k?.value?.toLowerCase();
  const policy = v === "yes" ? "strict" : v === "ifuri" ? "ifuri" : v === "no" ? "relaxed" : null;
  return policy ? set(policy, k) : null;
}

function mapConn(
  s: IpsecSection,
  diags: ConfigDiagnostic[],
  crlPolicy: Setting<string> | null = null,
): Connection {
  const keys = effectiveKeys(s);
  const get = (n: string) => keys.get(n);
  const bad = (n: string, what: string) => {
    const k = get(n)!;
    diags.push({
      origin: k.origin,
      message: `conn '${s.name}': invalid value for ${n}: '${k.value}'${what}`,
    });
  };

  // authentication classes: leftauth/rightauth, else the legacy authby=
  const authby = get("authby")?.value?.toLowerCase();
  let legacy: { auth: string; xauth: boolean } | null = null;
  if (!get("leftauth") && !get("rightauth") && authby) {
    if (["rsa", "rsasig", "ecdsa", "ecdsasig", "pubkey"].includes(authby))
      legacy = { auth: "pubkey", xauth: false };
    else if (authby === "secret" || authby === "psk") legacy = { auth: "psk", xauth: false };
    else if (authby === "xauthrsasig") legacy = { auth: "pubkey", xauth: true };
    else if (authby === "xauthpsk") legacy = { auth: "psk", xauth: true };
    else if (authby === "never") legacy = { auth: "never", xauth: false };
    else bad("authby", "");
  }
  const xauthServer = get("xauth")?.value?.toLowerCase() === "server";

  const round = (side: "local" | "remote", second: boolean): AuthRound | null => {
    const p = side === "local" ? "left" : "right";
    const other = side === "local" ? "right" : "left";
    const sfx = second ? "2" : "";
    const authKey = get(`${p}auth${sfx}`);
    let auth: Setting<string>;
    if (authKey) auth = set(authKey.value!, authKey);
    else if (legacy && !second) auth = set(legacy.auth, get("authby"));
    else if (legacy?.xauth && second && (side === "remote") === xauthServer)
      auth = set("xauth", get("authby"));
    else if (second) return null;
    else auth = { value: "pubkey", origin: null };
    let idKey = get(`${p}id${sfx}`);
    if (!idKey && second && side === "local") idKey = get(`${p}id`);
    let id = idKey ? set(idKey.value!, idKey) : null;
    let idLoose = false;
    if (id?.value.startsWith("%") && id.value !== "%any" && id.value !== "%any6") {
      idLoose = side === "remote";
      id = { ...id, value: id.value.slice(1) };
    }
    let caKey = get(`${p}ca${sfx}`);
    if (caKey?.value === "%same") caKey = get(`${other}ca${sfx}`);
    const authClass = authClassOf(auth.value);
    const eapIdKey = get("eap_identity");
    const xauthIdKey = get("xauth_identity");
    const aaaKey = get("aaa_identity");
    const groupsKey = get(`${p}groups${sfx}`);
    const name = `${p}${sfx}`;
    const own = new Map(
      [...keys].filter(([n]) => n.startsWith(p) && (second ? n.endsWith("2") : !n.endsWith("2"))),
    );
    return {
      side,
      name,
      round: second ? 1 : 0,
      origin: authKey?.origin ?? idKey?.origin ?? s.origin,
      auth,
      authClass,
      eapMethod: eapMethodOf(auth.value.split(":")[0]!),
      id,
      idLoose,
      eapId: authClass === "eap" && eapIdKey ? set(eapIdKey.value!, eapIdKey) : null,
      aaaId: authClass === "eap" && aaaKey ? set(aaaKey.value!, aaaKey) : null,
      xauthId: authClass === "xauth" && xauthIdKey ? set(xauthIdKey.value!, xauthIdKey) : null,
      caId: caKey ? set(caKey.value!, caKey) : null,
      revocation: side === "remote" ? crlPolicy : null,
      groups: groupsKey ? set(splitList(groupsKey.value!), groupsKey) : null,
      certs: refs(get(`${p}cert${sfx}`), "ipsec.d/certs"),
      cacerts: [],
      pubkeys: second ? [] : refs(get(`${p}sigkey`) ?? get(`${p}rsasigkey`), "ipsec.d/certs"),
      settings: record(own),
    };
  };
  const local = [round("local", false)!, round("local", true)].filter((r): r is AuthRound => r !== null);
  const remote = [round("remote", false)!, round("remote", true)].filter((r): r is AuthRound => r !== null);

  const kx = get("keyexchange");
  let version = 0;
  if (kx) {
    const v = kx.value!.toLowerCase();
    if (v === "ikev1") version = 1;
    else if (v === "ikev2") version = 2;
    else if (v !== "ike") bad("keyexchange", " (ike, ikev1 or ikev2)");
  }
  const sc = get("leftsendcert");
  let sendCert: Setting<SendCert> = { value: "ifasked", origin: null };
  if (sc) {
    const v = sc.value!.toLowerCase();
    const m: Record<string, SendCert> = {
      always: "always",
      yes: "always",
      ifasked: "ifasked",
      never: "never",
      no: "never",
    };
    if (m[v]) sendCert = set(m[v]!, sc);
    else bad("leftsendcert", " (always, ifasked or never)");
  }
  const frag = get("fragmentation");
  let fragmentation: Setting<Fragmentation> = { value: "yes", origin: null };
  if (frag) {
    const v = parseChoice<Fragmentation>(frag.value!, ["yes", "accept", "force", "no"]);
    if (v) fragmentation = set(v, frag);
    else bad("fragmentation", " (yes, accept, force or no)");
  }
  const aggr = get("aggressive");
  let aggressive: Setting<boolean> = { value: false, origin: null };
  if (aggr) {
    const v = aggr.value!.toLowerCase();
    if (v === "yes" || v === "no") aggressive = set(v === "yes", aggr);
    else bad("aggressive", " (yes or no)");
  }
  const autoKey = get("auto");
  const auto = autoKey?.value?.toLowerCase() ?? "ignore";
  const startAction = (
    { add: "none", route: "trap", start: "start", ignore: "none" } as Record<string, string>
  )[auto];
  if (!startAction) bad("auto", " (ignore, add, route or start)");
  const list = (n: string, def: string[]): Setting<string[]> => {
    const k = get(n);
    return k ? set(splitList(k.value!), k) : { value: def, origin: null };
  };
  const typeKey = get("type");
  const child: ChildConfig = {
    name: s.name,
    origin: s.origin,
    localTs: list("leftsubnet", ["dynamic"]),
    remoteTs: list("rightsubnet", ["dynamic"]),
    startAction: set(startAction ?? "none", autoKey),
    espProposals: list("esp", ["default"]),
    mode: typeKey ? set(typeKey.value!, typeKey) : { value: "tunnel", origin: null },
    settings: {},
  };
  return {
    name: s.name,
    source: "ipsec.conf",
    origin: s.origin,
    enabled: auto !== "ignore",
    version: set(version, version || kx?.value?.toLowerCase() === "ike" ? kx : undefined),
    localAddrs: list("left", ["%any"]),
    remoteAddrs: list("right", ["%any"]),
    proposals: list("ike", ["default"]),
    sendCert,
    sendCertreq: { value: true, origin: null },
    fragmentation,
    aggressive,
    local,
    remote,
    children: [child],
    settings: record(keys),
  };
}

function mapCa(s: IpsecSection): Authority {
  const keys = effectiveKeys(s);
  const uris = (names: string[]) => {
    const ks = names.map((n) => keys.get(n)).filter((k): k is IpsecKey => !!k);
    return ks.length ? { value: ks.flatMap((k) => splitList(k.value!)), origin: ks[0]!.origin } : null;
  };
  const cb = keys.get("certuribase");
  return {
    name: s.name,
    origin: s.origin,
    cacert: refs(keys.get("cacert"), "ipsec.d/cacerts")[0] ?? null,
    crlUris: uris(["crluri", "crluri1", "crluri2"]),
    ocspUris: uris(["ocspuri", "ocspuri1", "ocspuri2"]),
    certUriBase: cb ? set(cb.value!, cb) : null,
    settings: record(keys),
  };
}
