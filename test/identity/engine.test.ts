import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { identityFromData } from "../../lib/identity/parse.js";
import { dnIdString } from "../../lib/identity/suggest.js";
import { certificateHasIdentity, checkIdentity, identityMatches, parseIdentity } from "../../lib/index.js";
import { CertDir } from "./make-cert.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const certs = new CertDir();
afterAll(() => certs.cleanup());

describe("parsing rules read from identification.c", () => {
  it("uri: is a prefix only since 5.9.12; before, the generic rules apply (':' and no '@' → KEY_ID)", () => {
    expect(parseIdentity("uri:https://vpn.example.com", { strongswan: "5.9.12" }).typeName).toBe(
      "ID_DER_ASN1_GN_URI",
    );
    expect(parseIdentity("uri:https://vpn.example.com", { strongswan: "5.9.11" }).typeName).toBe("ID_KEY_ID");
    expect(parseIdentity("uri:sip:alice@example.com", { strongswan: "5.9.8" }).typeName).toBe(
      "ID_RFC822_ADDR",
    );
    expect(parseIdentity("uri:x?a=b", { strongswan: "5.9.8" }).typeName).toBe("ID_KEY_ID");
  });
  it("S= and SN= changed meaning in 5.9.2; organizationIdentifier exists since 6.0.5", () => {
    expect(parseIdentity("S=Smith", { strongswan: "5.9.1" }).typeName).toBe("ID_DER_ASN1_DN");
    expect(parseIdentity("S=Smith", { strongswan: "5.9.2" }).typeName).toBe("ID_KEY_ID");
    // SN: serialNumber (2.5.4.5) before, surname (2.5.4.4) after
    expect(hex(parseIdentity("SN=1", { strongswan: "5.9.1" }).encoding)).toContain("0603550405");
    expect(hex(parseIdentity("SN=1", { strongswan: "5.9.2" }).encoding)).toContain("0603550404");
    expect(parseIdentity("SN=1", { strongswan: "5.9.1" }).printed).toBe("SN=1");
    expect(parseIdentity("serialNumber=1", { strongswan: "6.0" }).printed).toBe("serialNumber=1");
    expect(parseIdentity("organizationIdentifier=X", { strongswan: "6.0.4" }).typeName).toBe("ID_KEY_ID");
    expect(parseIdentity("organizationIdentifier=X", { strongswan: "6.0.5" }).printed).toBe(
      "organizationIdentifier=X",
    );
  });
  it("the separator is fixed by the first character; values are trimmed; no escaping", () => {
    expect(parseIdentity("C=CH/O=x").printed).toBe("C=CH/O=x");
    expect(parseIdentity("/O=a, b/CN=c").printed).toBe("O=a, b, CN=c");
    expect(parseIdentity("CN=a\\,b").typeName).toBe("ID_KEY_ID"); // the `b` after the comma is an unknown attribute
    expect(parseIdentity("C=CH,,O=x").typeName).toBe("ID_KEY_ID");
    expect(parseIdentity("CN=  a b  ").printed).toBe("CN=a b");
  });
  it("value tags: PrintableString when possible, else UTF8String; E is IA5String", () => {
    expect(hex(parseIdentity("CN=a").encoding)).toContain("130161");
    expect(hex(parseIdentity("CN=a_b").encoding)).toContain("0c03615f62");
    expect(hex(parseIdentity("CN=*").encoding)).toContain("0c012a");
    expect(hex(parseIdentity("E=a@b").encoding)).toContain("1603614062");
  });
  it("at most 20 RDNs", () => {
    const dn = (n: number) => Array.from({ length: n }, (_, i) => `OU=${i}`).join(", ");
    expect(parseIdentity(dn(20)).typeName).toBe("ID_DER_ASN1_DN");
    expect(parseIdentity(dn(21)).typeName).toBe("ID_KEY_ID");
  });
  it("#hex: odd digits, 0x prefix and ':' separators as chunk_from_hex reads them", () => {
    expect(hex(parseIdentity("keyid:#abc").encoding)).toBe("0abc");
    expect(hex(parseIdentity("keyid:#0xabcd").encoding)).toBe("abcd");
    expect(hex(parseIdentity("@#ab:cd:ef").encoding)).toBe("abcdef");
  });
  it("identification_create_from_data validates DNs only since 5.9.2", () => {
    const bad = Uint8Array.from([0x30, 0x03, 0x31, 0x01, 0x00]);
    expect(identityFromData(bad, { strongswan: "5.9.1" }).typeName).toBe("ID_DER_ASN1_DN");
    expect(identityFromData(bad, { strongswan: "5.9.2" }).typeName).not.toBe("ID_DER_ASN1_DN");
  });
  it("ipv4:text prints as the first four bytes, as charon's inet_ntop does", () => {
    expect(parseIdentity("ipv4:192.0.2.1").printed).toBe("49.57.50.46");
  });
  it("inet_pton rejects leading zeros", () => {
    expect(parseIdentity("192.000.2.1").typeName).toBe("ID_FQDN");
  });
  it("glibc prints v4-mapped IPv6 with a dotted tail", () => {
    expect(parseIdentity("::ffff:192.0.2.1").printed).toBe("::ffff:192.0.2.1");
  });
});

describe("DN ids as they can be written back (suggest)", () => {
  it("prefers the printed text, then the / form, then asn1dn:#hex", () => {
    const plain = parseIdentity("C=CH, O=strongSwan, CN=gw");
    expect(dnIdString(plain.encoding, plain.printed)).toBe("C=CH, O=strongSwan, CN=gw");
    const comma = parseIdentity("/C=US/O=DigiCert, Inc./CN=gw");
    expect(comma.printed).toBe("C=US, O=DigiCert, Inc., CN=gw");
    expect(dnIdString(comma.encoding, comma.printed)).toBe("/C=US/O=DigiCert, Inc./CN=gw");
    const both = parseIdentity("asn1dn:#300f310d300b06035504031304612c622f");
    expect(dnIdString(both.encoding, "CN=a,b/")).toBe("asn1dn:#300f310d300b06035504031304612c622f");
  });
});

describe("certificateHasIdentity", () => {
  const c = certs.cert("keyids", {
    subj: "/C=CH/O=Example/CN=gw",
    san: "DNS:vpn.example.com,IP:192.0.2.1,IP:2001:db8::1,email:gw@example.com",
  });
  it("KEY_ID matches the certificate hash, the SKI, both key ids and the serial", () => {
    const sources: Array<[string, Uint8Array]> = [
      ["certificate SHA-1", Buffer.from(c.fingerprints.sha1, "hex")],
      ["subjkey (SHA-1 of subjectPublicKey)", c.publicKey.keyIds.subjkey],
      ["keyid (SHA-1 of SubjectPublicKeyInfo)", c.publicKey.keyIds.keyid],
      ["serial", c.serialBytes],
    ];
    for (const [type, bytes] of sources) {
      const p = certificateHasIdentity(c, parseIdentity(`keyid:#${hex(bytes)}`));
      expect(p.level).toBe(20);
      // openssl's SKI is the subjkey, so the SKI is found first for that value
      if (type !== "subjkey (SHA-1 of subjectPublicKey)") expect(p.via?.type).toBe(type);
    }
    expect(certificateHasIdentity(c, parseIdentity("@#deadbeef")).level).toBe(0);
  });
  it("SANs by type; the subject only for DN ids; wildcards only in the configured id", () => {
    expect(certificateHasIdentity(c, parseIdentity("2001:db8::1")).via?.type).toBe("ID_IPV6_ADDR");
    expect(certificateHasIdentity(c, parseIdentity("gw")).level).toBe(0);
    expect(certificateHasIdentity(c, parseIdentity("C=*, O=Example, CN=gw")).level).toBe(19);
    expect(certificateHasIdentity(c, parseIdentity("*.example.com")).level).toBe(19);
    expect(certificateHasIdentity(c, parseIdentity("192.0.2.0/24")).level).toBe(19);
    expect(certificateHasIdentity(c, parseIdentity("%any")).level).toBe(1);
  });
  it("a subnet iPAddress SAN is readable by the x509 plugin only since 5.9.12", () => {
    // openssl cannot write an 8-byte iPAddress SAN from its config syntax, so test the release rule directly
    const sub = {
      ...c,
      sans: [
        ...c.sans,
        {
          ...c.sans[1]!,
          idType: "ID_IPV4_ADDR_SUBNET" as const,
          encoding: Uint8Array.from([10, 0, 0, 0, 255, 0, 0, 0]),
          value: "10.0.0.0/8",
        },
      ],
    };
    expect(certificateHasIdentity(sub, parseIdentity("10.0.0.0/8"), { strongswan: "5.9.12" }).level).toBe(20);
    expect(certificateHasIdentity(sub, parseIdentity("10.0.0.0/8"), { strongswan: "5.9.11" }).level).toBe(0);
  });
  it("with an unsupported SAN the openssl plugin's view applies: xmppAddr is dropped, UPN kept", () => {
    const x = certs.cert("xmpp", {
      subj: "/CN=x",
      san: "otherName:1.3.6.1.5.5.7.8.5;UTF8:bob@example.com,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.com",
    });
    expect(certificateHasIdentity(x, parseIdentity("bob@example.com")).level).toBe(20);
    const y = certs.cert("xmpp2", {
      subj: "/CN=y",
      san: "otherName:1.3.6.1.5.5.7.8.5;UTF8:bob@example.com,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.com,otherName:1.2.3.4;UTF8:z",
    });
    expect(certificateHasIdentity(y, parseIdentity("bob@example.com")).level).toBe(0);
    expect(certificateHasIdentity(y, parseIdentity("upn@example.com")).level).toBe(20);
  });
  it("rdn_matching reordered / relaxed apply to the subject", () => {
    expect(certificateHasIdentity(c, parseIdentity("CN=gw, O=Example, C=CH")).level).toBe(0);
    expect(
      certificateHasIdentity(c, parseIdentity("CN=gw, O=Example, C=CH"), { rdnMatching: "reordered" }).level,
    ).toBe(20);
    expect(certificateHasIdentity(c, parseIdentity("CN=gw"), { rdnMatching: "relaxed" }).level).toBe(18);
  });
});

describe("checkIdentity near misses", () => {
  const codes = (cert: Parameters<typeof checkIdentity>[0], id: string, o = {}) =>
    checkIdentity(cert, id, o).findings.map((f) => f.code);
  const san = certs.cert("san", {
    subj: "/C=CH/O=Example/CN=vpn.example.com",
    san: "DNS:vpn.example.com,IP:192.0.2.1",
  });
  const cnOnly = certs.cert("cn", { subj: "/C=CH/O=Example/CN=vpn.example.com", key: "rsa" });
  const wild = certs.cert("wild", { subj: "/CN=example.com", san: "DNS:*.example.com" });
  const ipDns = certs.cert("ipdns", { subj: "/CN=gw", san: "DNS:192.0.2.1,email:gw@example.com" });

  it("a proven id has no findings", () => {
    const r = checkIdentity(san, "vpn.example.com");
    expect(r).toMatchObject({
      matches: true,
      level: 20,
      type: "ID_FQDN",
      via: { kind: "san", type: "ID_FQDN" },
    });
    expect(r.findings).toEqual([]);
  });
  it("ID_ONLY_IN_CN with the RSA log line", () => {
    const r = checkIdentity(cnOnly, "vpn.example.com");
    expect(r.findings[0]!.code).toBe("ID_ONLY_IN_CN");
    expect(r.findings[0]!.log).toBe("no trusted RSA public key found for 'vpn.example.com'");
    expect(r.findings[0]!.fix).toContain("--san vpn.example.com");
  });
  it("WILDCARD_CERT_SAN with the ECDSA log line", () => {
    const f = checkIdentity(wild, "vpn.example.com").findings[0]!;
    expect(f.code).toBe("WILDCARD_CERT_SAN");
    expect(f.log).toBe("no trusted ECDSA public key found for 'vpn.example.com'");
    expect(checkIdentity(wild, "*.example.com").matches).toBe(true);
  });
  it("ID_TYPE_MISMATCH: IP text in a dNSName, @-FQDN vs iPAddress, email vs FQDN", () => {
    expect(codes(ipDns, "192.0.2.1")).toEqual(["ID_TYPE_MISMATCH"]);
    expect(checkIdentity(ipDns, "@192.0.2.1").matches).toBe(true);
    expect(codes(san, "@192.0.2.1")).toEqual(["ID_TYPE_MISMATCH"]);
    expect(codes(ipDns, "fqdn:gw@example.com")).toEqual(["ID_TYPE_MISMATCH"]);
  });
  it("ID_PREFIX_STORED_AS_TEXT for ipv4: and asn1dn: with text", () => {
    const r = checkIdentity(san, "ipv4:192.0.2.1");
    expect(r.findings.map((f) => f.code)).toEqual(["ID_PREFIX_STORED_AS_TEXT"]);
    expect(r.findings[0]!.fix).toContain("'ipv4:#c0000201'");
    expect(checkIdentity(san, "ipv4:#c0000201").matches).toBe(true);
    expect(codes(san, "asn1dn:C=CH, O=Example, CN=vpn.example.com")).toEqual(["ID_PREFIX_STORED_AS_TEXT"]);
  });
  it("DN_TYPO_BECOMES_KEYID, DN_RDN_ORDER, DN_CASE_UTF8", () => {
    const typo = checkIdentity(san, "C=CH, Og=Example, CN=vpn.example.com").findings[0]!;
    expect(typo.code).toBe("DN_TYPO_BECOMES_KEYID");
    expect(typo.fix).toContain("'O'");
    expect(codes(san, "CN=vpn.example.com, O=Example, C=CH")).toEqual(["DN_RDN_ORDER"]);
    expect(codes(san, "CN=vpn.example.com, O=Example, C=CH", { rdnMatching: "reordered" })).toEqual([]);
    // openssl writes O as UTF8String: case counts; C is PrintableString: case does not
    expect(codes(san, "C=CH, O=example, CN=vpn.example.com")).toEqual(["DN_CASE_UTF8"]);
    expect(checkIdentity(san, "C=ch, O=Example, CN=vpn.example.com").matches).toBe(true);
  });
  it("trailing dot, missing dot boundary, %any", () => {
    expect(codes(san, "vpn.example.com.")).toEqual(["ID_TRAILING_DOT"]);
    const r = checkIdentity(san, "*example.com");
    expect(r.matches).toBe(true);
    expect(r.findings.map((f) => f.code)).toEqual(["WILDCARD_NO_DOT_BOUNDARY"]);
    expect(checkIdentity(san, "%any").findings.map((f) => f.code)).toEqual(["ID_ANY_MATCHES_ALL"]);
    expect(checkIdentity(san, "").type).toBe("ID_ANY");
  });
  it("ID_NOT_IN_CERT lists what the certificate proves; a pattern gets the constraint-check line", () => {
    const f = checkIdentity(san, "other.example.org").findings[0]!;
    expect(f.code).toBe("ID_NOT_IN_CERT");
    expect(f.fix).toContain("'vpn.example.com'");
    const p = checkIdentity(san, "*.example.org").findings[0]!;
    expect(p.log).toBe(
      "constraint check failed: identity '*.example.org' (ID_FQDN) required, not matched by 'C=CH, O=Example, CN=vpn.example.com' (ID_DER_ASN1_DN)",
    );
  });
  it("an invalid regex is a finding, not an exception", () => {
    const r = checkIdentity(san, "fqdn:^[vpn$");
    expect(r.findings.map((f) => f.code)).toEqual(["ID_REGEX_INVALID"]);
    expect(checkIdentity(san, "fqdn:^vpn\\.example\\.com$").level).toBe(2);
    expect(checkIdentity(san, "fqdn:^vpn\\.example\\.com$", { strongswan: "5.9.8" }).level).toBe(0);
  });
  it("matches: a regex DN pattern sees the printed DN", () => {
    const id = parseIdentity("asn1dn:^.*CN=vpn\\.example\\.com$", { regex: true });
    expect(identityMatches(parseIdentity("C=CH, CN=vpn.example.com"), id)).toBe(2);
  });
});

describe("properties (fast-check)", () => {
  it("any string parses; only an invalid regex id throws, and only as IkecertError", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.boolean(), (s, regex) => {
        try {
          const id = parseIdentity(s, { regex });
          expect(typeof id.printed).toBe("string");
        } catch (e) {
          expect(regex).toBe(true);
          expect((e as { code?: string }).code).toBe("IDENTITY_INVALID");
        }
      }),
      { numRuns: 2000 },
    );
  });
  it("any bytes: from_data never throws, matching stays within 0..20 both ways", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), fc.string({ maxLength: 40 }), (b, s) => {
        const a = identityFromData(b);
        const p = parseIdentity(s);
        for (const mode of ["strict", "reordered", "relaxed"] as const) {
          const m1 = identityMatches(a, p, { rdnMatching: mode });
          const m2 = identityMatches(p, a, { rdnMatching: mode });
          expect(m1 >= 0 && m1 <= 20 && m2 >= 0 && m2 <= 20).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it("a parsed DN always matches itself perfectly", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("C", "O", "OU", "CN", "E", "DC"),
            fc.stringMatching(/^[A-Za-z0-9 .@*_-]{0,12}$/),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (rdns) => {
          const id = parseIdentity(rdns.map(([k, v]) => `${k}=${v}`).join(", "));
          if (id.typeName !== "ID_DER_ASN1_DN") return;
          expect(identityMatches(id, id)).toBe(20);
        },
      ),
      { numRuns: 500 },
    );
  });
});
