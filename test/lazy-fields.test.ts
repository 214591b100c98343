/**
 * The lazily computed fields of the certificate and identity models (printed names, SAN texts,
 * fingerprints, key ids) are own enumerable accessors shared by every object, never a getter of an
 * object literal: a literal's getter is a closure and an accessor pair per object, which V8's
 * young-generation collections cannot free, so a batch copied every certificate and identity into
 * the old generation (docs/speed.md, "What a batch allocates"). JSON, spreads and deep equality see
 * the fields as plain values, computed once.
 */
import { describe, expect, test } from "vitest";
import { generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { parseIdentity } from "../lib/identity/parse.js";
import { certificateView } from "../lib/x509/cert-view.js";
import { parseCertificate } from "../lib/x509/certificate.js";

const key = generateKey("p256");
const cert = (cn: string) =>
  parseCertificate(
    makeCertificate({
      subject: `C=CH, O=lazy, CN=${cn}`,
      key,
      sans: [cn, { ip: "192.0.2.7" }, { dn: `O=dir, CN=${cn}` }],
    }).der,
  );

/** The accessor of `field`: own, enumerable, and the same function on both objects. */
function sharedAccessor(a: object, b: object, field: string) {
  const da = Object.getOwnPropertyDescriptor(a, field);
  const db = Object.getOwnPropertyDescriptor(b, field);
  expect(da?.enumerable, field).toBe(true);
  expect(typeof da?.get, field).toBe("function");
  expect(da?.get, `${field}: one accessor for every object`).toBe(db?.get);
}

describe("lazy fields are shared accessors", () => {
  const [a, b] = [cert("a.example.com"), cert("b.example.com")];

  test("printed names, fingerprints and key ids of certificates", () => {
    sharedAccessor(a.subject, b.subject, "printed");
    sharedAccessor(a.issuer, b.subject, "printed");
    sharedAccessor(a, b, "fingerprints");
    sharedAccessor(a.publicKey, b.publicKey, "keyIds");
    expect(a.subject.printed).toBe("C=CH, O=lazy, CN=a.example.com");
    expect(JSON.parse(JSON.stringify(a.subject))).toEqual({
      der: expect.any(Object),
      printed: a.subject.printed,
    });
    expect({ ...b.subject }.printed).toBe("C=CH, O=lazy, CN=b.example.com");
    expect(a.fingerprints.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.fingerprints).toBe(a.fingerprints);
    expect(a.publicKey.keyIds.keyid).toHaveLength(20);
  });

  test("SAN texts made on demand (directoryName, iPAddress)", () => {
    const [ip, dn] = [a.sans[1]!, a.sans[2]!];
    sharedAccessor(ip, b.sans[1]!, "value");
    sharedAccessor(dn, b.sans[2]!, "value");
    expect(ip.value).toBe("192.0.2.7");
    expect(dn.value).toBe("O=dir, CN=a.example.com");
    expect(Object.keys(dn)).toEqual(["kind", "idType", "value", "encoding", "supported"]);
  });

  test("identities", () => {
    const [x, y] = [parseIdentity("vpn.example.com"), parseIdentity("C=CH, CN=x")];
    sharedAccessor(x, y, "printed");
    expect(Object.keys(x)).toEqual(["type", "typeName", "encoding", "printed", "input"]);
    expect(Object.keys(parseIdentity("fqdn:^a.*$", { regex: true }))).toContain("regex");
    expect(y.printed).toBe("C=CH, CN=x");
    expect(JSON.parse(JSON.stringify(x)).printed).toBe("vpn.example.com");
  });

  test("the lazy certificate view makes the full model once", () => {
    const v = certificateView(a.der);
    expect(v.certificate()).toBe(v.certificate());
    expect(v.sans).toBe(v.sans);
    expect(v.sans.map((s) => s.value)).toEqual(a.sans.map((s) => s.value));
  });
});
