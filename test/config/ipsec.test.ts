import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIpsecConf } from "../../lib/config/ipsec.js";
import { type Connection, type KeySecret, revealSecret, type SharedSecret } from "../../lib/config/model.js";
import { memoryReader } from "../../lib/config/reader.js";
import { parseIpsecSecrets } from "../../lib/config/secrets.js";
import { IkecertError } from "../../lib/errors.js";

const EX = join(import.meta.dirname, "examples");
const read = (n: string) => readFileSync(join(EX, n), "utf8");
const conf = (text: string) => parseIpsecConf(text, "ipsec.conf");
const keysOf = (c: Connection) =>
  Object.fromEntries(Object.entries(c.settings).map(([k, v]) => [k, v.value]));
const byName = (text: string) => new Map(conf(text).connections.map((c) => [c.name, keysOf(c)]));

function configError(f: () => unknown): IkecertError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IkecertError);
    expect((e as IkecertError).code).toBe("CONFIG_INVALID");
    return e as IkecertError;
  }
  throw new Error("expected an IkecertError");
}

// Vectors adapted from strongSwan's src/starter/tests/suites/test_parser.c (data, not code)
describe("ipsec.conf syntax", () => {
  it("%default is inherited, not listed; key= unsets (test_default)", () => {
    const m = byName(
      "conn %default\n\tkey=valdef\n\tunset=set\nconn A\n\tkey=vala\n\tunset=\nconn B\n\tkeyb=valb\n",
    );
    expect([...m.keys()]).toEqual(["A", "B"]);
    expect(m.get("A")).toEqual({ key: "vala" });
    expect(m.get("B")).toEqual({ keyb: "valb", key: "valdef", unset: "set" });
  });

  it("also= chains (test_also)", () => {
    const m = byName(
      "conn A\n\tkey=vala\n\tkeya=val1\n\tunset=set\nconn B\n\talso=A\n\tkey=valb\n\tkeyb=val2\n\tunset=\n" +
        "conn C\n\tkeyc=val3\n\tunset=set again\n\talso=B\nconn D\n\tkeyd=val4\n\talso=A\n\talso=B\n" +
        "conn E\n\tkeye=val5\n\talso=B\n\talso=A\n",
    );
    expect(m.get("B")).toEqual({ key: "valb", keyb: "val2", keya: "val1" });
    expect(m.get("C")).toMatchObject({
      key: "valb",
      keya: "val1",
      keyb: "val2",
      keyc: "val3",
      unset: "set again",
    });
    expect(m.get("D")).toEqual({ keyd: "val4", key: "valb", keyb: "val2", keya: "val1" });
    expect(m.get("E")).toEqual({ keye: "val5", key: "valb", keyb: "val2", keya: "val1" });
  });

  it("the last also= wins where two parents disagree (test_ambiguous)", () => {
    const m = byName(
      "conn A\n\tkey=vala\nconn B\n\tkey=valb\nconn C\n\talso=A\n\talso=B\nconn D\n\talso=B\n\talso=A\n" +
        "conn E\n\talso=C\n\talso=D\nconn F\n\talso=D\n\talso=C\n",
    );
    expect(m.get("E")!.key).toBe("valb");
    expect(m.get("F")!.key).toBe("vala");
  });

  it.each([
    ["conn foo # asdf\n\tkey=val", "val"],
    ["conn foo # asdf\n#\tkey=val", undefined],
    ["conn foo # asdf\n\tkey=@#keyid", "@#keyid"],
    ['conn foo # asdf\n\tkey="@#keyid"', "@#keyid"],
    ["conn foo # asdf\n\tkey=asdf@#keyid", "asdf@"],
    ["conn foo # asdf\n\tkey=val#asdf", "val"],
    ['conn foo # asdf\n\tkey="val#asdf"', "val#asdf"],
    ["conn foo\n\tkey  =  val  ", "val"],
    ['conn foo\n\t"key"=val', "val"],
    ["conn foo\n\tkey=val     ue", "val ue"],
    ['conn foo\n\tkey="val   ue"', "val   ue"],
    ['conn foo\n\tkey="val\\nue"', "val\nue"],
    ['conn foo\n\tkey="val\\\nue"', "value"],
    ['conn "foo bar"\n\tkey=v', "v"],
    ["version 2\nconn foo\n\tkey=v", "v"],
  ])("comments, whitespace and strings: %j", (text, value) => {
    const c = conf(text).connections[0]!;
    expect(c.settings.key?.value).toBe(value);
  });

  it.each([
    ['"conn foo"', /ipsec\.conf:1: syntax error/],
    ["conn foo bar", /ipsec\.conf:1: syntax error, unexpected 'bar'/],
    ['conn foo\n\t"key=val"', /ipsec\.conf:2: missing value for setting 'key=val'/],
    ['conn foo\n\tkey="unterminated', /ipsec\.conf:2: unterminated string/],
    ["conn\n", /ipsec\.conf:1: section name missing/],
    ["conn foo\nkey=val\n", /ipsec\.conf:2: syntax error, unexpected 'key'/],
    ["conn foo\n\tleftid=C=CH, O=x\n", /ipsec\.conf:2: syntax error, unexpected '='/],
  ])("invalid: %j", (text, message) => {
    expect(configError(() => conf(text)).message).toMatch(message);
  });

  it("a missing also= section and an also= loop reject the file, pointing at the also= line", () => {
    expect(configError(() => conf("conn a\n\talso=nothere\n")).message).toBe(
      "ipsec.conf:2: section 'nothere' referenced in section 'a' not found",
    );
    expect(configError(() => conf("conn a\n\talso=b\nconn b\n\tx=1\n\talso=a\n")).message).toMatch(
      /^ipsec\.conf:(2|5): section '(a|b)' referenced in section '(a|b)' causes a loop$/,
    );
  });

  it("include is relative to the including file; loops are errors", () => {
    const r = memoryReader({
      "/etc/ipsec.conf": "conn a\n\tleft=1.2.3.4\ninclude ipsec.d/*.conf\n",
      "/etc/ipsec.d/b.conf": "conn b\n\talso=a\n\tright=%any\n",
      "/etc/ipsec.d/loop.conf": "include ../ipsec.conf\n",
    });
    const e = configError(() => parseIpsecConf(r.read("/etc/ipsec.conf"), "/etc/ipsec.conf", { reader: r }));
    expect(e.message).toMatch(/^\/etc\/ipsec\.d\/loop\.conf:1: include loop/);
    const r2 = memoryReader({
      "/etc/ipsec.conf": "conn a\n\tleft=1.2.3.4\ninclude ipsec.d/*.conf\n",
      "/etc/ipsec.d/b.conf": "conn b\n\talso=a\n\tright=%any\n",
    });
    const c = parseIpsecConf(r2.read("/etc/ipsec.conf"), "/etc/ipsec.conf", { reader: r2 });
    const b = c.connections.find((x) => x.name === "b")!;
    expect(b.localAddrs).toEqual({ value: ["1.2.3.4"], origin: { file: "/etc/ipsec.conf", line: 2 } });
    expect(b.remoteAddrs.origin).toEqual({ file: "/etc/ipsec.d/b.conf", line: 3 });
  });
});

describe("ipsec.conf → connection model", () => {
  it("strongSwan's testing moon: %default left side, conns with rightid", () => {
    const c = parseIpsecConf(read("testing-hosts-moon.ipsec.conf"), "ipsec.conf");
    expect(c.connections.map((x) => [x.name, x.enabled])).toEqual([
      ["net-net", true],
      ["host-host", true],
      ["rw", true],
    ]);
    const nn = c.connections[0]!;
    expect(nn.source).toBe("ipsec.conf");
    expect(nn.local[0]!.name).toBe("left");
    expect(nn.local[0]!.certs.map((r) => r.path)).toEqual(["ipsec.d/certs/moonCert.pem"]);
    expect(nn.local[0]!.id).toEqual({
      value: "@moon.strongswan.org",
      origin: { file: "ipsec.conf", line: 12 },
    });
    expect(nn.remote[0]!.id?.value).toBe("@sun.strongswan.org");
    expect(nn.localAddrs.value).toEqual(["192.168.0.1"]);
    expect(nn.children[0]!.localTs.value).toEqual(["10.1.0.0/16"]);
    expect(nn.children[0]!.remoteTs.value).toEqual(["10.2.0.0/16"]);
    expect(nn.children[0]!.startAction.value).toBe("none");
    expect(nn.version.value).toBe(0);
    expect(c.connections[2]!.remoteAddrs.value).toEqual(["%any"]);
    expect(c.connections[2]!.remote[0]!.id).toBeNull();
  });

  it("strongSwan's testing carol and the default ipsec.conf", () => {
    const c = parseIpsecConf(read("testing-hosts-carol.ipsec.conf"), "ipsec.conf");
    expect(c.connections[0]!.local[0]!.id?.value).toBe("carol@strongswan.org");
    expect(parseIpsecConf(read("starter-default.ipsec.conf")).connections).toEqual([]);
  });

  it("maps auth, ids, CA constraints, send cert, version, proposals and auto", () => {
    const c = conf(
      [
        "conn %default",
        "\tkeyexchange=ikev1",
        "\taggressive=yes",
        "conn x",
        "\tleft=%defaultroute",
        "\tleftcert=/etc/ipsec.d/certs/gw.pem",
        "\tleftsendcert=always",
        '\tleftca="C=CH, O=Root"',
        "\trightca=%same",
        "\trightid=%vpn.example.com",
        "\tauthby=xauthpsk",
        "\txauth=server",
        "\txauth_identity=bob",
        "\tike=aes256-sha256-modp2048!",
        "\tesp=aes256gcm16",
        "\tfragmentation=accept",
        "\tauto=route",
        "conn y",
        "\tauto=ignore",
        "\tleftauth=eap-tls",
        "\trightauth=pubkey",
        "\trightauth2=eap-mschapv2",
        "\teap_identity=%identity",
        "\trightid=%any",
        "\tleftsendcert=sometimes",
      ].join("\n"),
    );
    const [x, y] = c.connections as [Connection, Connection];
    expect(x.version).toEqual({ value: 1, origin: { file: "ipsec.conf", line: 2 } });
    expect(x.aggressive.value).toBe(true);
    expect(x.local[0]!.authClass).toBe("psk");
    expect(x.remote.map((r) => [r.name, r.auth.value])).toEqual([
      ["right", "psk"],
      ["right2", "xauth"],
    ]);
    expect(x.remote[1]!.xauthId?.value).toBe("bob");
    expect(x.remote[0]!.id?.value).toBe("vpn.example.com");
    expect(x.remote[0]!.idLoose).toBe(true);
    expect(x.remote[0]!.caId?.value).toBe("C=CH, O=Root");
    expect(x.local[0]!.certs[0]!.path).toBe("/etc/ipsec.d/certs/gw.pem");
    expect(x.sendCert.value).toBe("always");
    expect(x.proposals.value).toEqual(["aes256-sha256-modp2048!"]);
    expect(x.children[0]!.espProposals.value).toEqual(["aes256gcm16"]);
    expect(x.children[0]!.startAction.value).toBe("trap");
    expect(x.fragmentation.value).toBe("accept");
    expect(y.enabled).toBe(false);
    expect(y.local[0]!.eapMethod).toBe("tls");
    expect(y.remote.map((r) => r.auth.value)).toEqual(["pubkey", "eap-mschapv2"]);
    expect(y.remote[1]!.eapId?.value).toBe("%identity");
    expect(y.remote[0]!.idLoose).toBe(false);
    expect(y.sendCert).toEqual({ value: "ifasked", origin: null });
    expect(c.diagnostics.map((d) => `${d.origin.line}: ${d.message}`)).toEqual([
      "25: conn 'y': invalid value for leftsendcert: 'sometimes' (always, ifasked or never)",
    ]);
  });

  it("ca sections become authorities", () => {
    const c = conf("ca root\n\tcacert=root.pem\n\tcrluri=http://a/crl\n\tcrluri2=http://b/crl\n\tauto=add\n");
    expect(c.authorities[0]!.cacert?.path).toBe("ipsec.d/cacerts/root.pem");
    expect(c.authorities[0]!.crlUris?.value).toEqual(["http://a/crl", "http://b/crl"]);
  });
});

describe("ipsec.secrets", () => {
  it("strongSwan's testing files", () => {
    const moon = parseIpsecSecrets(read("testing-hosts-moon.ipsec.secrets"), "ipsec.secrets");
    expect(moon.secrets).toHaveLength(1);
    const k = moon.secrets[0] as KeySecret;
    expect([k.kind, k.file?.value, k.secrets.length, k.origin.line]).toEqual([
      "rsa",
      "ipsec.d/private/moonKey.pem",
      0,
      3,
    ]);
    const carol = parseIpsecSecrets(read("testing-hosts-carol.ipsec.secrets"), "ipsec.secrets");
    expect(revealSecret((carol.secrets[0] as KeySecret).secrets[0]!)).toBe("nH5ZQEWtku0RJEZ6");
  });

  const text = [
    "# comment",
    ': PSK "a secret with # and spaces"',
    "moon.example.com sun.example.com : PSK 0sAQID",
    "  carol@example.com : EAP 'pa ss'",
    ": ECDSA ec.key %prompt",
    ": P12 /abs/bundle.p12 \"mac pass\" 'enc pass'",
    ": PKCS8 k8.der",
    'bob "two words" : XAUTH bare extra-ignored',
    ": PSK",
    "this line is never read : PSK x",
  ].join("\n");
  const s = parseIpsecSecrets(text, "/etc/ipsec.secrets");

  it("reads PSK, EAP, XAUTH with selectors; key files with passphrases and %prompt", () => {
    const psk = s.secrets[0] as SharedSecret;
    expect([psk.kind, psk.ids, revealSecret(psk.secret!), psk.secret!.form]).toEqual([
      "ike",
      [],
      "a secret with # and spaces",
      "text",
    ]);
    const psk2 = s.secrets[1] as SharedSecret;
    expect(psk2.ids.map((i) => i.value)).toEqual(["moon.example.com", "sun.example.com"]);
    expect(psk2.secret!.form).toBe("base64");
    expect((s.secrets[2] as SharedSecret).kind).toBe("eap");
    expect(revealSecret((s.secrets[2] as SharedSecret).secret!)).toBe("pa ss");
    const ec = s.secrets[3] as KeySecret;
    expect([ec.kind, ec.prompt, ec.secrets.length]).toEqual(["ecdsa", true, 0]);
    const p12 = s.secrets[4] as KeySecret;
    expect([p12.kind, p12.file?.value, p12.secrets.map(revealSecret)]).toEqual([
      "pkcs12",
      "/abs/bundle.p12",
      ["mac pass", "enc pass"],
    ]);
    expect((s.secrets[5] as KeySecret).kind).toBe("pkcs8");
    const x = s.secrets[6] as SharedSecret;
    expect([x.kind, x.ids.map((i) => i.value), revealSecret(x.secret!)]).toEqual([
      "xauth",
      ["bob", "two words"],
      "bare",
    ]);
  });

  it("a malformed line stops reading the file there, as strongSwan does, with file:line", () => {
    expect(s.secrets).toHaveLength(7);
    expect(s.diagnostics).toEqual([
      {
        origin: { file: "/etc/ipsec.secrets", line: 9 },
        message: "line 9: missing token; strongSwan stops reading /etc/ipsec.secrets here",
      },
    ]);
  });

  it("PKCS12 is not a keyword (only P12); selectors without ' : ' are rejected", () => {
    expect(parseIpsecSecrets(": PKCS12 a.p12\n").diagnostics[0]!.message).toMatch(
      /not 'PKCS12' \(write P12\)/,
    );
    expect(parseIpsecSecrets("host: PSK x\n").diagnostics[0]!.message).toMatch(/missing ' : ' separator/);
  });

  it("never serialises secrets", () => {
    const json = JSON.stringify(s);
    for (const word of ["a secret with", "AQID", "pa ss", "mac pass", "enc pass", "bare"])
      expect(json).not.toContain(word);
  });

  it("include relative to the file; loops are errors; depth is capped at 10 like strongSwan", () => {
    const r = memoryReader({
      "/etc/ipsec.secrets": "include ipsec.d/*.secrets\n",
      "/etc/ipsec.d/a.secrets": ": PSK a\n",
    });
    const ok = parseIpsecSecrets(r.read("/etc/ipsec.secrets"), "/etc/ipsec.secrets", { reader: r });
    expect(ok.secrets[0]!.origin).toEqual({ file: "/etc/ipsec.d/a.secrets", line: 1 });
    const loop = memoryReader({ "/etc/ipsec.secrets": "\ninclude ipsec.secrets\n" });
    expect(
      configError(() =>
        parseIpsecSecrets(loop.read("/etc/ipsec.secrets"), "/etc/ipsec.secrets", { reader: loop }),
      ).message,
    ).toMatch(/^\/etc\/ipsec\.secrets:2: include loop/);
  });
});

describe("ipsec.conf with Windows line ends (starter's lexer has no rule for \\r)", () => {
  it("a blank CRLF line is a syntax error that says why", () => {
    const e = configError(() => conf("conn a\r\n\tleft=1.2.3.4\r\n\r\nconn b\r\n"));
    expect(e.message).toMatch(
      /^ipsec\.conf:3: syntax error, unexpected '\\r' \(the file has Windows line ends/,
    );
  });
  it("otherwise the \\r stays in names and values, with a diagnostic", () => {
    const c = conf("conn a\r\n\tleftid=moon\r\n");
    expect(c.connections[0]!.name).toBe("a\r");
    expect(c.connections[0]!.local[0]!.id?.value).toBe("moon\r");
    expect(c.diagnostics[0]!.message).toMatch(/carriage return/);
  });
});
