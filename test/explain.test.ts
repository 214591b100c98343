import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyPrintedIdentity } from "../lib/explain/identity.js";
import { parseLogLine } from "../lib/explain/index.js";
import { FAQ } from "../lib/findings/faq.js";
import { explainLine, explainLog, parseIdentity } from "../lib/index.js";

/**
 * One real log line per FAQ entry of the seed (every entry, certificate or not). Lines are charon
 * 5.9.8/6.0 wording from its sources (or as the FAQ quotes pluto), or the output of the tool the FAQ
 * entry is about. `advice` must appear in the causes/meaning/next: the advice that fits the entry.
 */
const PER_FAQ: Array<{ faq: string; line: string; advice: RegExp }> = [
  {
    faq: "capturing-plaintext",
    line: "10:00:01.123456 IP 192.0.2.1 > 198.51.100.7: ESP(spi=0xc1a2b3c4,seq=0x1a), length 120",
    advice: /ip xfrm state/,
  },
  {
    faq: "non-standard-ports",
    line: "Nov 27 10:00:01 00[NET] unable to bind socket: Address already in use",
    advice: /another IKE daemon/,
  },
  { faq: "crashes", line: "Nov 27 10:00:01 12[DMN] thread 12 received 11", advice: /build|newer release/ },
  {
    faq: "plugin-missing",
    line: "00[LIB] plugin 'kernel-libipsec' failed to load: libipsec.so.0: cannot open shared object file",
    advice: /not installed|load/,
  },
  { faq: "swan-compatibility", line: "# unknown keyword 'ikev2'", advice: /Libreswan/ },
  {
    faq: "multiple-subnets",
    line: "14[IKE] <c|3> received TS_UNACCEPTABLE notify, no CHILD_SA built",
    advice: /one CHILD_SA per subnet/,
  },
  {
    faq: "iptables",
    line: "iptables v1.8.9 (nf_tables): Couldn't load match `policy':No such file or directory",
    advice: /xt_policy/,
  },
  { faq: "high-availability", line: "10[CFG] remote node takes segment 2", advice: /segment/ },
  {
    faq: "wildcard-certificates",
    line: "09[IKE] <rw|7> id '*.example.com' not confirmed by certificate, defaulting to 'C=CH, O=Example, CN=*.example.com'",
    advice: /never as a wildcard/,
  },
  {
    faq: "common-name",
    line: "  id 'vpn.example.com' not confirmed by certificate, defaulting to 'C=CH, O=Example, CN=vpn.example.com'",
    advice: /never takes an FQDN, IP or email id from the CN/,
  },
  {
    faq: "no-matching-peer-config",
    line: "08[CFG] <1> no matching peer config found",
    advice: /IDr the initiator asked for/,
  },
  {
    faq: "constraint-check-failed",
    line: "11[CFG] <android|2> constraint check failed: identity 'vpn.example.com' (ID_FQDN) required, not matched by 'C=CH, CN=vpn.example.com' (ID_DER_ASN1_DN)",
    advice: /types differ/,
  },
  {
    faq: "no-private-key",
    line: "15[IKE] <c|1> no private key found for 'client.example.com'",
    advice: /ikecert pair/,
  },
  {
    faq: "chain-files",
    line: 'Nov 27 10:00:01 06[CFG] <c|1> no issuer certificate found for "C=CH, O=Example, CN=vpn.example.com"',
    advice: /one certificate per file/,
  },
  {
    faq: "no-trusted-public-key",
    line: "12[IKE] <c|1> no trusted RSA public key found for 'vpn.example.com'",
    advice: /ikecert id <peer-cert.pem> vpn.example.com/,
  },
  {
    faq: "psk",
    line: "07[IKE] <c|4> tried 1 shared key for 'gw.example.com' - 'client.example.com', but MAC mismatched",
    advice: /different keys|PSKs differ/,
  },
  {
    faq: "xfrm-policy-ordering",
    line: "src 10.1.0.0/16 dst 10.2.0.0/16 dir out priority 375423 ptype main",
    advice: /lowest priority number/,
  },
  {
    faq: "disabling-nat-traversal",
    line: "09[IKE] <c|1> local host is behind NAT, sending keep alives",
    advice: /cannot be switched off/,
  },
  {
    faq: "retransmissions",
    line: "16[IKE] <c|1> retransmit 1 of request with message ID 1",
    advice: /path MTU/,
  },
  {
    faq: "no-proposal-chosen",
    line: "10[IKE] <c|1> received NO_PROPOSAL_CHOSEN notify error",
    advice: /compression/,
  },
  {
    faq: "no-rsa-public-key-known",
    line: "\"gw\" #1: no RSA public key known for 'C=CH, O=Example, CN=gw'",
    advice: /no trusted RSA public key found for/,
  },
  {
    faq: "invalid-hash-v1",
    line: "Nov 27 10:00:01 gw charon: 13[ENC] invalid HASH_V1 payload length, decryption failed?",
    advice: /PSKs differ/,
  },
  {
    faq: "aggressive-mode",
    line: "charon: 13[IKE] Aggressive Mode PSK disabled for security reasons",
    advice: /offline/,
  },
  {
    faq: "retransmissions-ikev1",
    line: '"conn1" #1: discarding duplicate packet; already STATE_MAIN_I3',
    advice: /IKEv1 fragmentation/,
  },
  {
    faq: "windows-l2tp-nat",
    line: "NAT-Traversal: Transport mode disabled due to security concerns",
    advice: /connmark/,
  },
  {
    faq: "juniper-pkcs7",
    line: "ignoring CERT_PKCS7_WRAPPED_X509 certificate request payload",
    advice: /intermediate CAs there/,
  },
  {
    faq: "unknown-payload-33",
    line: "packet from 10.1.1.30:500: next payload type of ISAKMP Message has an unknown value: 33",
    advice: /pre-shared keys of the two ends differ/,
  },
  {
    faq: "unprotected-informational",
    line: "06[ENC] <3> ignoring unprotected INFORMATIONAL from 192.0.2.10",
    advice: /plain text/,
  },
];

describe("explain: a real log line per FAQ entry", () => {
  it("covers every entry of the seed FAQ", () => {
    const covered = new Set(PER_FAQ.map((c) => c.faq));
    expect(Object.keys(FAQ).sort()).toEqual([...covered].sort());
    // where the shared seed is beside the checkout, each FAQ title of faq.ts is one of its headings
    const seed = ["../../shared", "../../../shared", "../../../../shared"]
      .map((d) => new URL(`${d}/seed/strongswan-faq.txt`, import.meta.url))
      .find((u) => existsSync(u));
    if (seed) {
      const text = readFileSync(seed, "utf8");
      for (const e of Object.values(FAQ))
        expect(text).toContain(e.title.replace(/^"|"$/g, "").replace(/ \(IKEv1\)$/, ""));
    }
  });
  for (const c of PER_FAQ) {
    it(`${c.faq}: ${c.line.slice(0, 70)}`, () => {
      const e = explainLine(c.line);
      expect(e.known).toBe(true);
      expect(e.faq).toBe(c.faq);
      expect(e.faqUrl).toBe(FAQ[c.faq]!.url);
      expect(e.meaning.length).toBeGreaterThan(20);
      expect([e.meaning, ...e.causes, ...e.next].join("\n")).toMatch(c.advice);
    });
  }
});

describe("explain: charon's modern wording", () => {
  it("5.9.8's untyped constraint line (trailing space) and the 5.9.14+ typed lines", () => {
    expect(explainLine("constraint check failed: identity 'vpn.example.com' required ").faq).toBe(
      "constraint-check-failed",
    );
    const t = explainLine("constraint check failed: identity '192.0.2.1' (ID_IPV4_ADDR) required");
    expect(t.identities[0]).toMatchObject({ printed: "192.0.2.1", type: "ID_IPV4_ADDR" });
    const loose = explainLine(
      "constraint check failed: certificate does not confirm identity '192.0.2.1' (ID_IPV4_ADDR)",
    );
    expect(loose.faq).toBe("constraint-check-failed");
    expect(loose.causes[0]).toMatch(/iPAddress/);
  });
  it("no trusted ECDSA public key: the ikecert commands carry the value", () => {
    const e = explainLine(
      "Nov 27 10:00:01 09[IKE] <conn|3> no trusted ECDSA public key found for 'vpn.example.com'",
    );
    expect(e.next).toContain("ikecert id <peer-cert.pem> vpn.example.com");
    expect(e.next.some((n) => n.startsWith("ikecert chain "))).toBe(true);
    expect(e.meaning).toMatch(/ECDSA/);
  });
  it("a DN with spaces is quoted for the shell", () => {
    const e = explainLine("no trusted RSA public key found for 'C=CH, O=it's, CN=x'");
    expect(e.next[0]).toBe(`ikecert id <peer-cert.pem> 'C=CH, O=it'\\''s, CN=x'`);
  });
  it("looking for peer configs: both identities with their strongSwan types", () => {
    const e = explainLine(
      "looking for peer configs matching 10.0.0.1[vpn.example.com]...10.0.0.2[C=CH, CN=client]",
    );
    expect(e.identities).toEqual([
      { role: "local (IDr requested by the peer)", printed: "vpn.example.com", type: "ID_FQDN" },
      { role: "remote (IDi of the peer)", printed: "C=CH, CN=client", type: "ID_DER_ASN1_DN" },
    ]);
    const e2 = explainLine("looking for peer configs matching 2001:db8::1[%any]...2001:db8::2[192.0.2.7]");
    expect(e2.identities.map((i) => i.type)).toEqual(["ID_ANY", "ID_IPV4_ADDR"]);
    const e3 = explainLine(
      "looking for peer configs matching 10.0.0.1[vpn.example.com]...10.0.0.2[alice@example.com]",
    );
    expect(e3.identities[1]!.type).toBe("ID_RFC822_ADDR");
  });
  it("message ID 0 retransmits are about reachability, not size", () => {
    const e = explainLine("retransmit 2 of request with message ID 0");
    expect(e.causes[0]).toMatch(/UDP 500/);
  });
});

describe("explain: unknown lines", () => {
  for (const l of [
    "10[KNL] interface eth0 activated",
    "some random text that is not a log line",
    "constraint check failed: something new in 7.0",
    "",
  ]) {
    it(`'${l}' is reported as unknown, not guessed`, () => {
      const e = explainLine(l);
      expect(e.known).toBe(false);
      expect(e.faq).toBeNull();
      expect(e.rule).toBeNull();
      expect(e.causes).toEqual([]);
      expect(e.next).toEqual([]);
      expect(e.meaning).toMatch(/does not know/);
    });
  }
});

describe("parseLogLine: charon.log, syslog, journald, swanctl", () => {
  const msg = "no matching peer config found";
  it.each([
    [`Nov 27 10:00:01 09[CFG] <conn|3> ${msg}`, 3, "conn", "CFG"],
    [`Nov 27 10:00:01 gw charon: 09[CFG] <conn|3> ${msg}`, 3, "conn", "CFG"],
    [`Nov  7 10:00:01 gw charon-systemd[1234]: <conn|12> ${msg}`, 12, "conn", null],
    [`2026-11-27T10:00:01.123+01:00 gw charon-systemd[1234]: 09[CFG] <5> ${msg}`, 5, null, "CFG"],
    [`[CFG] ${msg}`, null, null, "CFG"],
    [`09[CFG] ${msg}`, null, null, "CFG"],
  ])("%s", (raw, sa, conn, group) => {
    const p = parseLogLine(raw);
    expect(p.message).toBe(msg);
    expect(p.ikeSa).toBe(sa);
    expect(p.connection).toBe(conn);
    expect(p.group).toBe(group);
  });
});

/** A responder log with four IKE_SAs interleaved (lines taken from real charon 5.9.8 runs). */
const MULTI = `Nov 27 10:00:00 00[DMN] Starting IKE charon daemon (strongSwan 5.9.8, Linux 6.1.0, x86_64)
Nov 27 10:00:00 00[LIB] loaded plugins: charon random nonce openssl pem pkcs1 pkcs8 x509 pubkey
Nov 27 10:00:01 08[CFG] <1> looking for an IKEv2 config for 10.213.0.2...10.213.0.1
Nov 27 10:00:01 08[IKE] <1> 10.213.0.1 is initiating an IKE_SA
Nov 27 10:00:01 09[IKE] <2> 10.213.0.5 is initiating an IKE_SA
Nov 27 10:00:01 08[IKE] <1> received end entity cert "C=CH, O=ikecert test, CN=client.example.com"
Nov 27 10:00:01 08[CFG] <1> looking for peer configs matching 10.213.0.2[vpn.example.com]...10.213.0.1[client.example.com]
Nov 27 10:00:01 09[IKE] <2> received end entity cert "C=CH, O=ikecert test, CN=rw.example.com"
Nov 27 10:00:01 08[CFG] <1> no matching peer config found
Nov 27 10:00:01 09[CFG] <2> looking for peer configs matching 10.213.0.2[%any]...10.213.0.5[rw.example.com]
Nov 27 10:00:01 09[CFG] <rw|2> selected peer config 'rw'
Nov 27 10:00:01 09[CFG] <rw|2> no issuer certificate found for "C=CH, O=ikecert test, CN=rw.example.com"
Nov 27 10:00:01 09[CFG] <rw|2>   issuer is "C=CH, O=ikecert test, CN=Intermediate CA"
Nov 27 10:00:01 09[IKE] <rw|2> no trusted ECDSA public key found for 'rw.example.com'
Nov 27 10:00:02 11[IKE] <gw|3> initiating IKE_SA gw[3] to 198.51.100.9
Nov 27 10:00:03 11[IKE] <gw|3> retransmit 1 of request with message ID 1
Nov 27 10:00:05 11[IKE] <gw|3> retransmit 2 of request with message ID 1
Nov 27 10:00:09 11[IKE] <gw|3> retransmit 3 of request with message ID 1
Nov 27 10:00:17 11[IKE] <gw|3> giving up after 3 retransmits
Nov 27 10:00:17 11[IKE] <gw|3> establishing IKE_SA failed, peer not responding
Nov 27 10:00:20 08[IKE] <4> 10.213.0.1 is initiating an IKE_SA
Nov 27 10:00:20 08[CFG] <4> looking for peer configs matching 10.213.0.2[vpn.example.com]...10.213.0.1[client.example.com]
Nov 27 10:00:20 08[CFG] <4> no matching peer config found
Nov 27 10:00:21 10[KNL] interface eth1 activated
`;

describe("explainLog: a realistic multi-IKE_SA log", () => {
  const r = explainLog(MULTI);
  it("follows the IKE_SAs and reports each failure once", () => {
    expect(r.ikeSas).toBe(4);
    const rules = r.entries.map((e) => e.rule);
    expect(rules.filter((x) => x === "no-matching-peer-config")).toHaveLength(1);
    expect(rules.filter((x) => x === "no-issuer-certificate")).toHaveLength(1);
    expect(rules.filter((x) => x === "no-trusted-public-key")).toHaveLength(1);
    expect(rules.filter((x) => x === "giving-up")).toHaveLength(1);
    // retransmits belong to the giving-up failure, not separate entries
    expect(rules).not.toContain("retransmit");
    expect(r.entries).toHaveLength(4);
  });
  it("a client that retries with the same ids is one entry listing both IKE_SAs", () => {
    const e = r.entries.find((x) => x.rule === "no-matching-peer-config")!;
    expect(e.ikeSas).toEqual([1, 4]);
    expect(e.identities.map((i) => `${i.printed}:${i.type}`)).toEqual([
      "vpn.example.com:ID_FQDN",
      "client.example.com:ID_FQDN",
    ]);
    expect(e.next[0]).toBe("ikecert id <this-host-cert.pem> vpn.example.com");
    expect(e.context!.some((l) => l.includes("looking for peer configs"))).toBe(true);
  });
  it("keeps the lines of its own IKE_SA only", () => {
    const e = r.entries.find((x) => x.rule === "no-trusted-public-key")!;
    expect(e.ikeSa).toBe(2);
    expect(e.connection).toBe("rw");
    expect(e.context!.every((l) => /<(rw\|)?2>/.test(l))).toBe(true);
    const g = r.entries.find((x) => x.rule === "giving-up")!;
    expect(g.faq).toBe("retransmissions");
    expect(g.context!.filter((l) => l.includes("retransmit "))).toHaveLength(2);
  });
  it("a log without failures gives no entries", () => {
    expect(explainLog("Nov 27 10:00:21 10[KNL] interface eth1 activated\n").entries).toEqual([]);
  });
});

describe("explain: identities as charon prints them", () => {
  const printed = (text: string) => parseIdentity(text).printed;
  it("types printed forms that read back like configured ids", () => {
    for (const [text, type] of [
      ["vpn.example.com", "ID_FQDN"],
      ["user@example.com", "ID_RFC822_ADDR"],
      ["192.0.2.1", "ID_IPV4_ADDR"],
      ["2001:db8::1", "ID_IPV6_ADDR"],
      ["10.0.0.0/24", "ID_IPV4_ADDR_SUBNET"],
      ["%any", "ID_ANY"],
      ["C=CH, O=strongSwan, CN=moon", "ID_DER_ASN1_DN"],
    ] as const) {
      expect(printed(text)).toBe(text);
      expect(classifyPrintedIdentity(text).typeName).toBe(type);
    }
  });
  it("an ipv4: text id prints its first bytes as an address and stays ID_IPV4_ADDR", () => {
    expect(printed("ipv4:192.0.2.1")).toBe("49.57.50.46");
    expect(classifyPrintedIdentity("49.57.50.46")).toEqual({
      typeName: "ID_IPV4_ADDR",
      encoding: Uint8Array.from([49, 57, 50, 46]),
    });
  });
  it("a printed DN that does not parse back is still a DN", () => {
    const comma = printed("/O=DigiCert, Inc./CN=x");
    expect(comma).toBe("O=DigiCert, Inc., CN=x");
    expect(parseIdentity(comma).typeName).toBe("ID_KEY_ID");
    expect(classifyPrintedIdentity(comma)).toEqual({ typeName: "ID_DER_ASN1_DN", encoding: null });
    expect(classifyPrintedIdentity("55:04:61=NTRDE-123, CN=x").typeName).toBe("ID_DER_ASN1_DN");
  });
  it("colon-hex key ids stand for their bytes; placeholders and URIs keep their type", () => {
    const keyid = printed("@#0123456789abcdef0123456789abcdef01234567");
    expect(classifyPrintedIdentity(keyid)).toEqual({
      typeName: "ID_KEY_ID",
      encoding: Uint8Array.from(Buffer.from("0123456789abcdef0123456789abcdef01234567", "hex")),
    });
    expect(classifyPrintedIdentity("01:ff").typeName).toBe("ID_KEY_ID");
    expect(classifyPrintedIdentity("(ASN.1 general name)").typeName).toBe("ID_DER_ASN1_GN");
    expect(classifyPrintedIdentity("(invalid ID_IPV4_ADDR)").typeName).toBe("ID_IPV4_ADDR");
    expect(printed("uri:https://example.com/id")).toBe("https://example.com/id");
    expect(classifyPrintedIdentity("https://example.com/id").typeName).toBe("ID_DER_ASN1_GN_URI");
  });
});
