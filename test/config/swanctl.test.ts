import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { revealSecret, type SharedSecret, secretBytes } from "../../lib/config/model.js";
import { memoryReader } from "../../lib/config/reader.js";
import { parseSwanctlConf } from "../../lib/config/swanctl.js";

const EX = join(import.meta.dirname, "examples");
const example = (name: string) => parseSwanctlConf(readFileSync(join(EX, name), "utf8"), name);

describe("strongSwan's example configurations", () => {
  it("quickstart site-to-site (moon)", () => {
    const c = example("quickstart-net-net-moon.swanctl.conf");
    expect(c.diagnostics).toEqual([]);
    expect(c.connections).toHaveLength(1);
    const conn = c.connections[0]!;
    expect(conn.name).toBe("net-net");
    expect(conn.remoteAddrs).toEqual({ value: ["192.168.0.2"], origin: { file: c.file, line: 3 } });
    expect(conn.localAddrs).toEqual({ value: ["%any"], origin: null });
    expect(conn.version).toEqual({ value: 0, origin: null });
    expect(conn.sendCert).toEqual({ value: "ifasked", origin: null });
    expect(conn.sendCertreq.value).toBe(true);
    expect(conn.local).toHaveLength(1);
    const local = conn.local[0]!;
    expect(local.auth.value).toBe("pubkey");
    expect(local.authClass).toBe("pubkey");
    expect(local.id).toBeNull();
    expect(local.certs).toEqual([
      { text: "moonCert.pem", path: "x509/moonCert.pem", inline: null, origin: { file: c.file, line: 6 } },
    ]);
    const remote = conn.remote[0]!;
    expect(remote.id).toEqual({
      value: "C=CH, O=strongSwan, CN=sun.strongswan.org",
      origin: { file: c.file, line: 10 },
    });
    expect(
      conn.children.map((ch) => [ch.name, ch.localTs.value, ch.remoteTs.value, ch.startAction.value]),
    ).toEqual([["net-net", ["10.1.0.0/16"], ["10.2.0.0/16"], "trap"]]);
  });

  it("quickstart EAP (moon): eap-md5 remote, send_certreq = no, EAP secrets", () => {
    const c = example("quickstart-eap-moon.swanctl.conf");
    const conn = c.connections[0]!;
    expect(conn.remote[0]!.authClass).toBe("eap");
    expect(conn.remote[0]!.eapMethod).toBe("md5");
    expect(conn.sendCertreq).toEqual({ value: false, origin: { file: c.file, line: 16 } });
    expect(c.secrets.map((s) => [s.type, s.kind, s.name, s.ids.map((i) => i.value)])).toEqual([
      ["shared", "eap", "eap-carol", ["carol@strongswan.org"]],
      ["shared", "eap", "eap-dave", ["dave@strongswan.org"]],
    ]);
    expect(revealSecret((c.secrets[0] as SharedSecret).secret!)).toBe("Ar3etTnp");
  });

  it("quickstart EAP identity (carol): eap_id, no IKE id", () => {
    const c = example("quickstart-eap-id-carol.swanctl.conf");
    const local = c.connections[0]!.local[0]!;
    expect(local.auth.value).toBe("eap");
    expect(local.eapMethod).toBeNull();
    expect(local.eapId?.value).toBe("carol");
    expect(local.id).toBeNull();
    expect(c.connections[0]!.remoteAddrs.value).toEqual(["moon.strongswan.org"]);
  });

  it("testing rw-cert (moon and carol)", () => {
    const moon = example("swanctl-rw-cert-moon.swanctl.conf");
    const rw = moon.connections[0]!;
    expect(rw.version).toEqual({ value: 2, origin: { file: moon.file, line: 22 } });
    expect(rw.proposals.value).toEqual(["aes128-sha256-modp3072"]);
    expect(rw.local[0]!.id?.value).toBe("moon.strongswan.org");
    expect(rw.remote[0]!.id).toBeNull();
    expect(rw.children[0]!.localTs.value).toEqual(["10.1.0.0/16"]);
    expect(rw.children[0]!.espProposals.value).toEqual(["aes128gcm128-modp3072"]);
    expect(rw.children[0]!.settings.updown!.value).toBe("/usr/local/libexec/ipsec/_updown iptables");

    const carol = example("swanctl-rw-cert-carol.swanctl.conf");
    const home = carol.connections[0]!;
    expect(home.remote[0]!.id?.value).toBe("moon.strongswan.org");
    expect(carol.secrets).toHaveLength(1);
    const key = carol.secrets[0]!;
    expect(key.type).toBe("key");
    if (key.type !== "key") return;
    expect(key.kind).toBe("rsa");
    expect(key.file?.value).toBe("carolKey.pem");
    expect(revealSecret(key.secrets[0]!)).toBe("nH5ZQEWtku0RJEZ6");
  });

  it("testing multi-level-ca (moon): remote cacerts, revocation, authorities", () => {
    const c = example("swanctl-multi-level-ca-moon.swanctl.conf");
    expect(c.connections.map((x) => x.name)).toEqual(["research", "sales"]);
    expect(c.connections[0]!.remote[0]!.cacerts.map((r) => r.path)).toEqual(["x509ca/researchCert.pem"]);
    expect(c.connections[1]!.remote[0]!.revocation?.value).toBe("ifuri");
    expect(c.authorities).toHaveLength(1);
    expect(c.authorities[0]!.cacert?.path).toBe("x509ca/strongswanCert.pem");
    expect(c.authorities[0]!.crlUris?.value).toEqual(["http://crl.strongswan.org/strongswan.crl"]);
  });
});

describe("swanctl.conf model", () => {
  const text = `connections {
  base {
    version = 2
    send_cert = always
    local { auth = pubkey
      certs = a.pem, /abs/b.pem,0x3082
    }
  }
  gw : connections.base {
    remote-2 { round = 2
      auth = eap-tls
    }
    local-b {
      round = 1
      auth = xauth
      xauth_id = bob
    }
    remote { auth = psk
      id = %any }
    remote-1 { round = 1
      auth = eap
      eap_id = %any
    }
    local_addrs = 192.0.2.1 , 192.0.2.2
    fragmentation = force
    aggressive = yes
    children { c1 { } c2 { start_action = start } }
  }
  broken {
    version = 7
    send_cert = sometimes
    bogus { }
  }
}
secrets {
  ike-1 { id-a = a@example.com
    id-b = 192.0.2.9
    secret = 0x0102ff }
  ikefoo { secret = "s3cr3t" }
  private-gw { file = GW.KEY
    secret = pass }
  token-1 { handle = 01 pin = 1234 }
  unknown-x { secret = 1 }
  eap-nosecret { id = x }
}`;
  const c = parseSwanctlConf(text, "swanctl.conf");
  const gw = c.connections.find((x) => x.name === "gw")!;

  it("orders auth rounds by round, then file order, and inherits the referenced section", () => {
    expect(gw.local.map((r) => r.name)).toEqual(["local", "local-b"]);
    expect(gw.remote.map((r) => r.name)).toEqual(["remote", "remote-1", "remote-2"]);
    expect(gw.remote.map((r) => r.authClass)).toEqual(["psk", "eap", "eap"]);
    expect(gw.local[1]!.xauthId?.value).toBe("bob");
    expect(gw.version).toEqual({ value: 2, origin: { file: "swanctl.conf", line: 3 } });
    expect(gw.sendCert.value).toBe("always");
    expect(gw.local[0]!.certs.map((r) => [r.path, r.inline])).toEqual([
      ["x509/a.pem", null],
      ["/abs/b.pem", null],
      [null, "hex"],
    ]);
  });

  it("conn-level lists and enums", () => {
    expect(gw.localAddrs.value).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(gw.fragmentation).toEqual({ value: "force", origin: { file: "swanctl.conf", line: 25 } });
    expect(gw.aggressive.value).toBe(true);
    expect(gw.children.map((ch) => [ch.name, ch.startAction.value])).toEqual([
      ["c1", "none"],
      ["c2", "start"],
    ]);
  });

  it("values swanctl rejects become diagnostics with file:line, the defaults stay", () => {
    const broken = c.connections.find((x) => x.name === "broken")!;
    expect(broken.version).toEqual({ value: 0, origin: null });
    expect(broken.sendCert).toEqual({ value: "ifasked", origin: null });
    const msgs = c.diagnostics.map((d) => `${d.origin.file}:${d.origin.line}: ${d.message}`);
    expect(msgs).toContain(
      "swanctl.conf:30: connection 'broken': invalid value for version: '7' (0, 1 or 2)",
    );
    expect(msgs).toContain(
      "swanctl.conf:31: connection 'broken': invalid value for send_cert: 'sometimes' (one of ifasked, always, never)",
    );
    expect(msgs).toContain("swanctl.conf:32: connection 'broken': invalid section: bogus");
    expect(msgs).toContain("swanctl.conf:43: ignoring unsupported secret 'unknown-x'");
    expect(msgs).toContain("swanctl.conf:44: secret 'eap-nosecret': no value in 'secret' (not loaded)");
  });

  it("secrets: ike with id-* owners, hex secret; private key passphrase; token pin", () => {
    const ike = c.secrets.find((s) => s.name === "ike-1") as SharedSecret;
    expect(ike.kind).toBe("ike");
    expect(ike.ids.map((i) => i.value)).toEqual(["a@example.com", "192.0.2.9"]);
    expect(ike.secret!.form).toBe("hex");
    expect([...secretBytes(ike.secret!)]).toEqual([1, 2, 255]);
    expect((c.secrets.find((s) => s.name === "ikefoo") as SharedSecret).kind).toBe("ike");
    const pk = c.secrets.find((s) => s.name === "private-gw")!;
    expect(pk.type === "key" && pk.file?.value).toBe("GW.KEY");
    const tok = c.secrets.find((s) => s.name === "token-1")!;
    expect(tok.type === "key" && tok.kind).toBe("token");
  });

  it("never puts a secret into JSON or inspect output", () => {
    const json = JSON.stringify(c);
    for (const s of ["0x0102ff", "s3cr3t", '"pass"', "1234"]) expect(json).not.toContain(s);
    expect(json).toContain('"secret":"hidden"');
    const ike = c.secrets.find((s) => s.name === "ike-1") as SharedSecret;
    expect(String(ike.secret)).toBe("[secret]");
    expect(`${ike.secret}`).not.toContain("0x");
  });

  it("includes through a reader, with origins in the included file", () => {
    const r = memoryReader({
      "/etc/swanctl/conf.d/gw.conf": "gw {\n  remote_addrs = 198.51.100.1\n}\n",
    });
    const m = parseSwanctlConf("connections {\n  include conf.d/*.conf\n}\n", "/etc/swanctl/swanctl.conf", {
      reader: r,
    });
    expect(m.connections[0]!.remoteAddrs.origin).toEqual({ file: "/etc/swanctl/conf.d/gw.conf", line: 2 });
    expect(m.files).toEqual(["/etc/swanctl/swanctl.conf", "/etc/swanctl/conf.d/gw.conf"]);
  });
});
