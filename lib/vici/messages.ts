/**
 * Typed views of the answers of the read-only commands, as strongSwan's vici plugin builds them
 * (src/libcharon/plugins/vici/vici_query.c, vici_cred.c, vici_config.c; README.md "Client-initiated
 * commands" and "Server-issued events"). Pure: decoded sections in, plain data out. Keys a release
 * does not send stay undefined; keys we do not model are ignored.
 */
import { isSection, sections, text, textList, type ViciSection, type ViciValue } from "./wire.js";

export interface ViciVersion {
  daemon: string;
  /** the strongSwan version, e.g. `5.9.8` (the upstream version: a distribution revision is not sent) */
  version: string;
  sysname?: string;
  release?: string;
  machine?: string;
}

export interface ViciStats {
  uptime?: { running?: string; since?: string };
  ikesas: { total: number; halfOpen: number };
  /** the plugins the daemon loaded, in load order */
  plugins: string[];
}

/** One authentication round of a loaded connection (`local-1`, `remote-2`, ...). */
export interface ViciAuthRound {
  /** `local-1`, `remote-1`, ... (numbered by charon in round order) */
  name: string;
  /** charon's auth class name: `public key`, `pre-shared key`, `EAP`, `XAuth`, `any` */
  class?: string;
  eapType?: string;
  eapVendor?: string;
  xauth?: string;
  revocation?: string;
  /** the identity as charon prints it (%Y) */
  id?: string;
  caId?: string;
  aaaId?: string;
  eapId?: string;
  xauthId?: string;
  groups: string[];
  certPolicy: string[];
  /** subjects of the certificates the round holds */
  certs: string[];
  cacerts: string[];
}

export interface ViciChildConfig {
  name: string;
  mode?: string;
  label?: string;
  rekeyTime?: number;
  localTs: string[];
  remoteTs: string[];
  dpdAction?: string;
  closeAction?: string;
}

/** A loaded connection (`list-conn` event). vici does not report proposals, send_cert, pools. */
export interface ViciConnection {
  name: string;
  localAddrs: string[];
  remoteAddrs: string[];
  /** 6.0 and later */
  localPort?: number;
  remotePort?: number;
  /** `IKEv1`, `IKEv2`, or `0` for any */
  version?: string;
  reauthTime?: number;
  rekeyTime?: number;
  unique?: string;
  dpdDelay?: number;
  dpdTimeout?: number;
  ppkId?: string;
  ppkRequired: boolean;
  local: ViciAuthRound[];
  remote: ViciAuthRound[];
  children: ViciChildConfig[];
}

/** A certificate charon holds (`list-cert` event). */
export interface ViciCertificate {
  /** `X509`, `X509_AC`, `X509_CRL`, `OCSP_RESPONSE`, `PUBKEY` */
  type: string;
  /** X.509 only: `NONE`, `CA`, `AA`, `OCSP` */
  flag?: string;
  /** charon found the private key of this certificate's public key */
  hasPrivkey: boolean;
  /** DER (SubjectPublicKeyInfo for PUBKEY) */
  data: Uint8Array;
  /** PUBKEY only */
  subject?: string;
  notBefore?: string;
  notAfter?: string;
}

export interface ViciAuthority {
  name: string;
  /** subject of the CA certificate */
  cacert?: string;
  crlUris: string[];
  ocspUris: string[];
  certUriBase?: string;
}

export interface ViciChildSa {
  name: string;
  uniqueid?: number;
  state?: string;
  mode?: string;
  protocol?: string;
  localTs: string[];
  remoteTs: string[];
}

/** An IKE_SA (`list-sa` event, and the body of `ike-updown`). */
export interface ViciIkeSa {
  /** the connection name */
  name: string;
  uniqueid: number;
  version?: number;
  state: string;
  localHost?: string;
  localPort?: number;
  localId?: string;
  remoteHost?: string;
  remotePort?: number;
  remoteId?: string;
  remoteEapId?: string;
  remoteXauthId?: string;
  initiator: boolean;
  encrAlg?: string;
  encrKeysize?: number;
  integAlg?: string;
  prfAlg?: string;
  /** 5.9: `dh-group`; the same key in 6.0 names the key exchange method */
  dhGroup?: string;
  /** seconds since it was established */
  established?: number;
  children: ViciChildSa[];
}

/** The `log` event. */
export interface ViciLog {
  /** subsystem, e.g. `IKE`, `CFG`, `NET` */
  group: string;
  level: number;
  thread: number;
  ikeSaName?: string;
  ikeSaUniqueId?: number;
  msg: string;
}

/** The `ike-updown` event. */
export interface ViciIkeUpdown {
  up: boolean;
  sa: ViciIkeSa | null;
}

const num = (v: ViciValue | undefined): number | undefined => {
  const s = text(v);
  if (s === undefined || !/^-?\d+$/.test(s.trim())) return undefined;
  return Number(s);
};

function opt<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function parseVersion(m: ViciSection): ViciVersion {
  return opt({
    daemon: text(m.daemon) ?? "",
    version: text(m.version) ?? "",
    sysname: text(m.sysname),
    release: text(m.release),
    machine: text(m.machine),
  });
}

export function parseStats(m: ViciSection): ViciStats {
  const up = isSection(m.uptime) ? m.uptime : undefined;
  const ike = isSection(m.ikesas) ? m.ikesas : undefined;
  return opt({
    uptime: up ? opt({ running: text(up.running), since: text(up.since) }) : undefined,
    ikesas: { total: num(ike?.total) ?? 0, halfOpen: num(ike?.["half-open"]) ?? 0 },
    plugins: textList(m.plugins),
  });
}

function parseAuth(name: string, s: ViciSection): ViciAuthRound {
  return opt({
    name,
    class: text(s.class),
    eapType: text(s["eap-type"]),
    eapVendor: text(s["eap-vendor"]),
    xauth: text(s.xauth),
    revocation: text(s.revocation),
    id: text(s.id),
    caId: text(s.ca_id),
    aaaId: text(s.aaa_id),
    eapId: text(s.eap_id),
    xauthId: text(s.xauth_id),
    groups: textList(s.groups),
    certPolicy: textList(s.cert_policy),
    certs: textList(s.certs),
    cacerts: textList(s.cacerts),
  });
}

/** Every connection of one `list-conn` event (charon sends one per event). */
export function parseConnections(m: ViciSection): ViciConnection[] {
  return sections(m).map(([name, c]) => {
    const rounds = sections(c);
    return opt({
      name,
      localAddrs: textList(c.local_addrs),
      remoteAddrs: textList(c.remote_addrs),
      localPort: num(c.local_port),
      remotePort: num(c.remote_port),
      version: text(c.version),
      reauthTime: num(c.reauth_time),
      rekeyTime: num(c.rekey_time),
      unique: text(c.unique),
      dpdDelay: num(c.dpd_delay),
      dpdTimeout: num(c.dpd_timeout),
      ppkId: text(c.ppk_id),
      ppkRequired: text(c.ppk_required) === "yes",
      local: rounds.filter(([k]) => /^local-\d+$/.test(k)).map(([k, s]) => parseAuth(k, s)),
      remote: rounds.filter(([k]) => /^remote-\d+$/.test(k)).map(([k, s]) => parseAuth(k, s)),
      children: sections(c.children).map(([cn, cs]) =>
        opt({
          name: cn,
          mode: text(cs.mode),
          label: text(cs.label),
          rekeyTime: num(cs.rekey_time),
          localTs: textList(cs["local-ts"]),
          remoteTs: textList(cs["remote-ts"]),
          dpdAction: text(cs.dpd_action),
          closeAction: text(cs.close_action),
        }),
      ),
    });
  });
}

export function parseCertificate(m: ViciSection): ViciCertificate | null {
  const data = m.data;
  if (!(data instanceof Uint8Array)) return null;
  return opt({
    type: text(m.type) ?? "",
    flag: text(m.flag),
    hasPrivkey: text(m.has_privkey) === "yes",
    data,
    subject: text(m.subject),
    notBefore: text(m["not-before"]),
    notAfter: text(m["not-after"]),
  });
}

export function parseAuthorities(m: ViciSection): ViciAuthority[] {
  return sections(m).map(([name, a]) =>
    opt({
      name,
      cacert: text(a.cacert),
      crlUris: textList(a.crl_uris),
      ocspUris: textList(a.ocsp_uris),
      certUriBase: text(a.cert_uri_base),
    }),
  );
}

function parseIkeSa(name: string, s: ViciSection): ViciIkeSa {
  return opt({
    name,
    uniqueid: num(s.uniqueid) ?? 0,
    version: num(s.version),
    state: text(s.state) ?? "",
    localHost: text(s["local-host"]),
    localPort: num(s["local-port"]),
    localId: text(s["local-id"]),
    remoteHost: text(s["remote-host"]),
    remotePort: num(s["remote-port"]),
    remoteId: text(s["remote-id"]),
    remoteEapId: text(s["remote-eap-id"]),
    remoteXauthId: text(s["remote-xauth-id"]),
    initiator: text(s.initiator) === "yes",
    encrAlg: text(s["encr-alg"]),
    encrKeysize: num(s["encr-keysize"]),
    integAlg: text(s["integ-alg"]),
    prfAlg: text(s["prf-alg"]),
    dhGroup: text(s["dh-group"]),
    established: num(s.established),
    children: sections(s["child-sas"]).map(([, c]) =>
      opt({
        name: text(c.name) ?? "",
        uniqueid: num(c.uniqueid),
        state: text(c.state),
        mode: text(c.mode),
        protocol: text(c.protocol),
        localTs: textList(c["local-ts"]),
        remoteTs: textList(c["remote-ts"]),
      }),
    ),
  });
}

/** The IKE_SAs of one `list-sa` event. */
export function parseIkeSas(m: ViciSection): ViciIkeSa[] {
  return sections(m).map(([name, s]) => parseIkeSa(name, s));
}

export function parseLog(m: ViciSection): ViciLog {
  return opt({
    group: text(m.group) ?? "",
    level: num(m.level) ?? 0,
    thread: num(m.thread) ?? 0,
    ikeSaName: text(m["ikesa-name"]),
    ikeSaUniqueId: num(m["ikesa-uniqueid"]),
    msg: text(m.msg) ?? "",
  });
}

export function parseIkeUpdown(m: ViciSection): ViciIkeUpdown {
  const first = sections(m)[0];
  return { up: text(m.up) === "yes", sa: first ? parseIkeSa(first[0], first[1]) : null };
}

/** `get-keys`: hex SHA-1 key ids (of the subjectPublicKey) of the private keys loaded over vici. */
export function parseKeys(m: ViciSection): string[] {
  return textList(m.keys).map((k) => k.toLowerCase());
}

/** `get-algorithms`: algorithm type → algorithm name → plugin. */
export function parseAlgorithms(m: ViciSection): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [type, s] of sections(m)) {
    out[type] = {};
    for (const [alg, v] of Object.entries(s)) {
      const p = text(v);
      if (p !== undefined) out[type]![alg] = p;
    }
  }
  return out;
}

/** `get-conns`, `get-shared`, `get-authorities`: one list of names. */
export function parseNames(m: ViciSection, key: string): string[] {
  return textList(m[key]);
}
