/**
 * The pure parts of `ikecert live` on states a private charon does not easily reach (the tier in
 * test/strongswan/live*.test.ts covers what it does): which plugins a configuration needs, the
 * fallback charon takes when a connection's certificate has no key (modelled from strongSwan 5.9.8
 * src/libstrongswan/credentials/credential_manager.c get_private), and connections from another
 * backend.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareConnections } from "../../lib/checks/live/conns.js";
import { connectionKeyFindings } from "../../lib/checks/live/creds.js";
import {
  type CertItem,
  type LiveCertificate,
  loadFile,
  memoryReader,
  parseSwanctlConf,
  pluginFindings,
  pluginNeeds,
  rulesFor,
  type ViciConnection,
} from "../../lib/index.js";

const FIX = join(import.meta.dirname, "../../certs-fixtures");

function conf(text: string) {
  return parseSwanctlConf(text, "/etc/swanctl/swanctl.conf", { reader: memoryReader({}) });
}

describe("plugins a configuration needs (source: PLUGIN_PROVIDE of strongSwan 5.9.8's plugins)", () => {
  const c = conf(`connections {
  a {
    proposals = aes256gcm16-prfsha384-x25519, aes128-sha256-modp3072
    local {
      auth = pubkey
    }
    remote {
      auth = eap-mschapv2
      eap_id = %any
      revocation = strict
    }
    children {
      net {
        esp_proposals = chacha20poly1305-ecp256
      }
    }
  }
  b {
    local {
      auth = rsa/pss-sha256
    }
    remote {
      auth = xauth-pam
    }
  }
}
`);

  it("names every need and who can meet it", () => {
    const needs = pluginNeeds({ connections: c.connections }, { plugins: [] });
    expect(needs.map((n) => [n.what, n.anyOf.join(" ")])).toEqual([
      ["cipher aes256gcm16 in proposals of 'a'", "gcm openssl botan wolfssl"],
      ["key exchange x25519 in proposals of 'a'", "curve25519 openssl botan wolfssl"],
      ["key exchange modp3072 in proposals of 'a'", "gmp openssl gcrypt botan wolfssl"],
      // ESP ciphers are the kernel's; the PFS group is charon's
      ["key exchange ecp256 in esp_proposals of 'net' of 'a'", "openssl botan wolfssl"],
      ["auth = eap-mschapv2 in 'a' remote", "eap-mschapv2"],
      ["MD4 for auth = eap-mschapv2 in 'a' remote", "md4 openssl gcrypt"],
      ["eap_id = %any in 'a' remote (charon asks the client for its EAP identity)", "eap-identity"],
      ["revocation = strict in 'a' remote", "revocation"],
      ["RSASSA-PSS signatures (auth = rsa/pss-sha256 in 'b' local)", "gmp openssl gcrypt botan wolfssl"],
      ["auth = xauth-pam in 'b' remote", "xauth-pam"],
    ]);
    expect(needs.every((n) => n.met === false)).toBe(true);
  });

  it("judges by the plugins, or by the algorithms the daemon lists", () => {
    const withPlugins = pluginNeeds(
      { connections: c.connections },
      { plugins: ["charon", "openssl", "eap-mschapv2"] },
    );
    expect(withPlugins.filter((n) => !n.met).map((n) => n.anyOf[0])).toEqual([
      "eap-identity",
      "revocation",
      "xauth-pam",
    ]);
    // get-algorithms is the daemon's own word: an OpenSSL built without X25519 would lack it
    const algs = pluginNeeds(
      { connections: c.connections },
      {
        plugins: ["openssl"],
        algorithms: { dh: { MODP_3072: "openssl", ECP_256: "openssl" }, aead: { AES_GCM_16: "openssl" } },
      },
    );
    expect(algs.filter((n) => n.algorithm && !n.met).map((n) => n.algorithm![1])).toEqual(["CURVE_25519"]);
  });

  it("quotes the line charon logs, in the wording of the release", () => {
    const needs = pluginNeeds({ connections: c.connections }, { plugins: ["gmp"] });
    const ke = (r: string) =>
      pluginFindings(needs, { rules: rulesFor(r) })
        .filter((f) => f.log)
        .map((f) => f.log);
    expect(ke("5.9.8")).toEqual([
      "configured DH group CURVE_25519 not supported",
      "configured DH group ECP_256 not supported",
    ]);
    expect(ke("6.0.0")[0]).toBe("configured key exchange method CURVE_25519 not supported");
    const f = pluginFindings(needs, { rules: rulesFor("5.9.8") });
    expect(f.find((x) => x.code === "PLUGIN_MISSING")?.faq).toBe("plugin-missing");
  });
});

async function cert(rel: string): Promise<CertItem> {
  const f = await loadFile(join(FIX, rel));
  return f.items.find((i) => i.kind === "certificate") as CertItem;
}

const live = (c: CertItem, hasPrivkey: boolean): LiveCertificate => ({
  vici: { type: "X509", flag: "NONE", hasPrivkey, data: c.der },
  cert: c,
  error: null,
});

const GW_SUBJECT = "C=CH, O=Example VPN, CN=vpn.example.com";
const conn = (id: string): ViciConnection => ({
  name: "rw",
  localAddrs: ["192.0.2.1"],
  remoteAddrs: ["%any"],
  version: "IKEv2",
  ppkRequired: false,
  local: [
    {
      name: "local-1",
      class: "public key",
      id,
      groups: [],
      certPolicy: [],
      certs: [GW_SUBJECT],
      cacerts: [],
    },
  ],
  remote: [{ name: "remote-1", class: "public key", groups: [], certPolicy: [], certs: [], cacerts: [] }],
  children: [],
});

describe("a connection whose certificate has no key in charon (credential_manager.c get_private)", () => {
  it("charon signs with another loaded certificate that has the id and a key: a warning naming it", async () => {
    const gw = await cert("sample/x509/gateway.pem");
    const other = await cert("pki/server.pem"); // another subject, SAN vpn.example.com
    const f = connectionKeyFindings(
      [conn("vpn.example.com")],
      [live(gw, false), live(other, true)],
      rulesFor("5.9.8"),
    );
    expect(f.map((x) => x.code)).toEqual(["LIVE_CERT_KEY_FALLBACK"]);
    expect(f[0]!.message).toContain(`with the loaded "${other.subject.printed}"`);
  });

  it("no certificate with a key has the id: charon fails with 'no private key found'", async () => {
    const gw = await cert("sample/x509/gateway.pem");
    const other = await cert("pki/server.pem");
    const f = connectionKeyFindings(
      [conn("192.0.2.99")],
      [live(gw, false), live(other, true)],
      rulesFor("5.9.8"),
    );
    expect(f.map((x) => [x.code, x.log])).toEqual([
      ["LIVE_CERT_NO_KEY", "no private key found for '192.0.2.99'"],
    ]);
  });

  it("the certificate has its key: nothing to say", async () => {
    const gw = await cert("sample/x509/gateway.pem");
    expect(connectionKeyFindings([conn("vpn.example.com")], [live(gw, true)], rulesFor("5.9.8"))).toEqual([]);
  });
});

describe("connections of other backends", () => {
  it("a loaded connection that swanctl did not load is not swanctl's to unload", () => {
    const r = compareConnections(
      { dir: "/etc/swanctl", conf: conf("connections {\n}\n"), files: [] },
      [{ ...conn("vpn.example.com"), name: "from-ipsec-conf" }],
      [],
      { rules: rulesFor("5.9.8") },
    );
    expect(r.connections).toEqual([
      { name: "from-ipsec-conf", state: "other-backend", origin: null, differences: [] },
    ]);
    expect(r.findings).toEqual([]);
  });
});
