/**
 * strongswan.conf (lib/config/strongswan-conf.ts): the typed settings and the plugin order charon
 * derives from load lists, load_modular and priorities (plugin_loader.c modular_pluginlist). The
 * strongSwan tier checks the same order against swanctl's own plugin loader
 * (test/strongswan/strongswan-conf-diff.test.ts).
 */
import { describe, expect, it } from "vitest";
import { chainSettingsFromConf } from "../../lib/checks/chain/conf.js";
import { configuredFragmentSize } from "../../lib/checks/size/fragment-size.js";
import { memoryReader } from "../../lib/config/reader.js";
import { parseStrongswanConf, pluginOrder } from "../../lib/config/strongswan-conf.js";

const conf = (text: string, files: Record<string, string> = {}) =>
  parseStrongswanConf(text, "/etc/strongswan.conf", { reader: memoryReader(files) });

describe("plugin order", () => {
  it("Debian's layout: load_modular, one file per plugin under strongswan.d/charon/, x509 before openssl", () => {
    const plugin = (name: string, load = "yes") => `${name} {\n  load = ${load}\n}\n`;
    const c = conf(
      "charon {\n  load_modular = yes\n  plugins {\n    include strongswan.d/charon/*.conf\n  }\n}\ninclude strongswan.d/*.conf\n",
      {
        "/etc/strongswan.d/charon/openssl.conf": plugin("openssl"),
        "/etc/strongswan.d/charon/x509.conf": plugin("x509"),
        "/etc/strongswan.d/charon/random.conf": plugin("random"),
        "/etc/strongswan.d/charon/revocation.conf": plugin("revocation"),
        "/etc/strongswan.d/charon/ldap.conf": plugin("ldap", "no"),
        "/etc/strongswan.d/charon-logging.conf": "charon {\n  filelog {\n  }\n}\n",
      },
    );
    expect(c.files).toContain("/etc/strongswan.d/charon/x509.conf");
    expect(c.loaded).toEqual(["random", "x509", "revocation", "openssl"]);
    expect(chainSettingsFromConf(c).plugins.order).toEqual(["x509", "openssl"]);
    expect(chainSettingsFromConf(c).revocationSettings).toEqual({
      loaded: true,
      enableCrl: true,
      enableOcsp: true,
    });
  });

  it("a priority moves openssl before x509", () => {
    const c = conf(
      "charon {\n  load_modular = yes\n  plugins {\n    x509 { load = yes }\n    openssl { load = 2 }\n    pem { load = yes }\n  }\n}\n",
    );
    expect(c.loaded).toEqual(["openssl", "x509", "pem"]);
    expect(c.plugins.find((p) => p.name === "openssl")?.priority).toBe(2);
  });

  it("a charon.load list sets the order; load = no or 0 drops a plugin, unreadable values mean yes there", () => {
    const c = conf(
      "charon {\n  load = random openssl x509 pem revocation\n  plugins {\n    revocation { load = no }\n    pem { load = maybe }\n    x509 { load = 0 }\n  }\n}\n",
    );
    expect(c.loaded).toEqual(["random", "openssl", "pem"]);
    expect(chainSettingsFromConf(c).revocationSettings.loaded).toBe(false);
    expect(chainSettingsFromConf(c).plugins.order).toEqual(["openssl"]);
  });

  it("load_modular: a plugin section without load is not loaded; one not in the list ties with the list's first entry", () => {
    expect(
      pluginOrder(["a", "b", "c"], true, (n) => (n === "x" ? null : 1), ["c", "x", "b", "zz", "a"]),
    ).toEqual(["a", "zz", "b", "c"]);
    expect(pluginOrder(["b", "a"], true, () => 1, ["a", "b", "aa"])).toEqual(["aa", "b", "a"]);
  });

  it("no strongswan.conf settings: the built-in list, every plugin loaded", () => {
    expect(conf("").loaded.slice(0, 3)).toEqual(["test-vectors", "ldap", "pkcs11"]);
    expect(chainSettingsFromConf(conf("")).plugins.order).toEqual(["x509", "openssl"]);
  });
});

describe("charon settings", () => {
  it("typed, with where each was written; null when unset", () => {
    const c = conf(
      [
        "charon {",
        "  fragment_size = 1400",
        "  max_packet = 0x4000",
        "  rsa_pss = yes",
        "  rdn_matching = reordered",
        "  make_before_break = no",
        "  retransmit_timeout = 2.5",
        "  x509 {\n    enforce_critical = no\n  }",
        "  plugins {\n    revocation {\n      enable_ocsp = no\n      timeout = 2m\n    }\n  }",
        "}",
      ].join("\n"),
    );
    const s = c.settings;
    expect(s.fragmentSize).toEqual({ value: 1400, origin: { file: "/etc/strongswan.conf", line: 2 } });
    expect(s.maxPacket?.value).toBe(0x4000);
    expect(s.rsaPss?.value).toBe(true);
    expect(s.rdnMatching?.value).toBe("reordered");
    expect(s.makeBeforeBreak?.value).toBe(false);
    expect(s.retransmitTimeout?.value).toBe(2.5);
    expect(s.enforceCritical?.value).toBe(false);
    expect(s.revocationEnableOcsp?.value).toBe(false);
    expect(s.revocationTimeout?.value).toBe(120);
    expect(s.cacheCrls).toBeNull();
    const chain = chainSettingsFromConf(c);
    expect(chain.plugins.enforceCritical).toBe(false);
    expect(chain.rdnMatching).toBe("reordered");
    expect(chain.revocationSettings).toEqual({ loaded: true, enableCrl: true, enableOcsp: false });
  });

  it("a value strongSwan cannot read is left at its default (null)", () => {
    const c = conf("charon {\n  fragment_size = big\n  rdn_matching = loose\n  rsa_pss = sometimes\n}\n");
    expect(c.settings.fragmentSize).toBeNull();
    expect(c.settings.rdnMatching).toBeNull();
    expect(c.settings.rsaPss).toBeNull();
  });
});

describe("the IKE fragment size (ike_sa.c; per family since 6.0.0, commit 84bd011752, modelled from source)", () => {
  const both = conf(
    "charon {\n  fragment_size = 1400\n  fragment_size_v4 = 1300\n  fragment_size_v6 = 0\n}\n",
  );
  const size = (c: ReturnType<typeof conf>, ipv6: boolean, strongswan: string) =>
    configuredFragmentSize(c, { ipv6, strongswan });
  it("5.9.8 knows only fragment_size", () => {
    expect(size(both, false, "5.9.8")).toEqual({
      value: 1400,
      key: "charon.fragment_size",
      origin: { file: "/etc/strongswan.conf", line: 2 },
    });
  });
  it("6.0.0: the family's own setting first; 0 there falls back to fragment_size", () => {
    expect(size(both, false, "6.0.0")).toMatchObject({ value: 1300, key: "charon.fragment_size_v4" });
    expect(size(both, true, "6.0.0")).toMatchObject({ value: 1400, key: "charon.fragment_size" });
  });
  it("nothing written: null (charon's 1280); fragment_size = 0 is kept for the model (576 on IPv4)", () => {
    expect(size(conf("charon {\n}\n"), false, "6.0.6")).toBeNull();
    expect(size(conf("charon {\n  fragment_size = 0\n}\n"), false, "6.0.6")).toMatchObject({ value: 0 });
  });
});
