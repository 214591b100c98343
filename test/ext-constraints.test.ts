/**
 * The constraint extensions as strongSwan's x509 plugin reads them (lib/input/ext-constraints.ts):
 * SkipCerts from one content byte, policyConstraints only in strongSwan's own encoding, the name
 * kinds it cannot parse in a nameConstraints base, malformed values.
 */
import { describe, expect, it } from "vitest";
import { generateKey, makeCertificate } from "../certs-fixtures/generator.js";
import { seq } from "../certs-fixtures/generator-der.js";
import { otherExtensions } from "../lib/checks/extensions.js";
import { certConstraints, skipCertsValue, unparsableConstraintKinds } from "../lib/input/ext-constraints.js";

const key = generateKey("p256");
const ca = (o: Partial<Parameters<typeof makeCertificate>[0]>) =>
  makeCertificate({ subject: "C=CH, CN=ext test", key, ca: true, ...o }).cert!;

describe("ext-constraints", () => {
  it("SkipCerts: empty is 0, one byte below 0x80 is its value, anything else is no constraint", () => {
    expect(skipCertsValue(Uint8Array.of())).toBe(0);
    expect(skipCertsValue(Uint8Array.of(5))).toBe(5);
    expect(skipCertsValue(Uint8Array.of(0x80))).toBeNull();
    expect(skipCertsValue(Uint8Array.of(0x00, 0x80))).toBeNull();
  });

  it("policyConstraints: strongSwan's encoding is read, the RFC 5280 one is skipped", () => {
    const ss = certConstraints(
      ca({
        policyConstraints: { requireExplicitPolicy: 1, inhibitPolicyMapping: 2, encoding: "strongswan" },
      }),
    );
    expect(ss.policyConstraints).toEqual({ requireExplicitPolicy: 1, inhibitPolicyMapping: 2 });
    expect(ss.skippedPolicyConstraints).toBeNull();
    const rfc = certConstraints(
      ca({ policyConstraints: { requireExplicitPolicy: 0, inhibitPolicyMapping: 3 } }),
    );
    expect(rfc.policyConstraints).toEqual({ requireExplicitPolicy: null, inhibitPolicyMapping: null });
    expect(rfc.skippedPolicyConstraints).toEqual({ requireExplicitPolicy: 0, inhibitPolicyMapping: 3 });
    expect(rfc.critical).toEqual(["policyConstraints"]);
  });

  it("inspect tells the two encodings apart", () => {
    const show = (c: ReturnType<typeof ca>) => otherExtensions(c).find((e) => e.oid === "2.5.29.36")!.value;
    expect(show(ca({ policyConstraints: { requireExplicitPolicy: 0 } }))).toBe("requireExplicitPolicy 0");
    expect(show(ca({ policyConstraints: { inhibitPolicyMapping: 1, encoding: "strongswan" } }))).toBe(
      "inhibitPolicyMapping 1 (strongSwan's encoding)",
    );
  });

  it("policies, mappings, inhibitAnyPolicy and name constraint bases", () => {
    const c = certConstraints(
      ca({
        policies: ["1.2.3.4", "2.5.29.32.0"],
        policyMappings: [{ issuer: "1.2.3.4", subject: "1.2.3.5" }],
        inhibitAnyPolicy: 0,
        nameConstraints: {
          permitted: [{ dns: "example.com" }, { ipSubnet: "10.0.0.0/8" }],
          excluded: [{ dn: "C=CH, O=X" }],
        },
      }),
    );
    expect(c.policies).toEqual(["1.2.3.4", "2.5.29.32.0"]);
    expect(c.mappings).toEqual([{ issuer: "1.2.3.4", subject: "1.2.3.5" }]);
    expect(c.inhibitAnyPolicy).toBe(0);
    expect(c.nameConstraints!.permitted.map((n) => n.idType)).toEqual(["ID_FQDN", "ID_IPV4_ADDR_SUBNET"]);
    expect(c.nameConstraints!.excluded.map((n) => n.idType)).toEqual(["ID_DER_ASN1_DN"]);
    // an iPAddress range is parsed by the x509 plugin only from 5.9.12
    expect(unparsableConstraintKinds(c, false).map((k) => k.detail)).toEqual([
      "iPAddress range (address and mask)",
    ]);
    expect(unparsableConstraintKinds(c, true)).toEqual([]);
  });

  it("kinds the x509 plugin never parses, and malformed values", () => {
    const odd = certConstraints(ca({ nameConstraints: { permitted: [{ registeredId: "1.2.3" }] } }));
    expect(unparsableConstraintKinds(odd, true).map((k) => k.kind)).toEqual(["registeredID"]);
    const bad = certConstraints(
      ca({
        extensions: [{ oid: "2.5.29.33", critical: true, value: seq(seq(Uint8Array.of(0x02, 0x01, 0x00))) }],
      }),
    );
    expect(bad.malformed).toMatch(/policyMappings extension is malformed/);
  });
});
