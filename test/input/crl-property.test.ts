/**
 * The CRL reader (lib/input/crl.ts, crl-file.ts) and the pointers reader (cert-uris.ts) on mutated
 * CRLs and arbitrary bytes: they return or throw an IkecertError with a one-line message, never
 * anything else; and whatever parses can be judged by the revocation model without throwing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateKey, makeCertificate } from "../../certs-fixtures/generator.js";
import { authorityInfoAccess, crlDistributionPoints, makeCrl } from "../../certs-fixtures/generator-crl.js";
import { crlPlugin } from "../../lib/checks/chain/plugins.js";
import { buildChain, IkecertError } from "../../lib/index.js";
import { parseAuthorityInfoAccess, parseDistributionPoints } from "../../lib/input/cert-uris.js";
import { parseCrlBytes } from "../../lib/input/crl-file.js";
import { toPem } from "../../lib/input/pem.js";

const root = makeCertificate({ subject: "CN=Fuzz Root", key: generateKey("p256"), ca: true });
const leaf = makeCertificate({ subject: "CN=fuzz", key: generateKey("p256"), issuer: root });
const SEEDS = [
  makeCrl({
    issuer: root,
    revoked: [{ serial: leaf.cert!.serialBytes, reason: "keyCompromise" }],
    freshest: ["http://x/d"],
  }).der,
  makeCrl({ issuer: root, version: 1, nextUpdate: null }).der,
  makeCrl({
    issuer: root,
    crlNumber: 9,
    deltaOf: 8,
    revoked: [{ serial: 5, extensions: [{ oid: "1.2.3", critical: true, value: Uint8Array.of(5, 0) }] }],
  }).der,
];
const POINTERS = [
  crlDistributionPoints([{ uris: ["http://x/crl", { registeredId: "1.2.3" }], crlIssuer: [{ dn: "CN=x" }] }])
    .value,
  authorityInfoAccess({ ocsp: ["http://x/ocsp"], caIssuers: [{ dns: "x" }] }).value,
];

function mutate(seed: Uint8Array, edits: Array<[number, number]>, cut: number): Uint8Array {
  const b = new Uint8Array(seed.subarray(0, Math.max(1, seed.length - cut)));
  for (const [i, v] of edits) b[i % b.length] = v;
  return b;
}

const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 });

describe("CRL reader: only IkecertErrors", () => {
  it("mutated CRLs (DER and PEM)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), edits, fc.nat({ max: 8 }), fc.boolean(), (seed, e, cut, pem) => {
        const der = mutate(seed, e, cut);
        const bytes = pem ? new TextEncoder().encode(toPem("X509 CRL", der)) : der;
        try {
          const { crl } = parseCrlBytes(bytes, "fuzz");
          crlPlugin(crl);
          // a parsed CRL never breaks the revocation model
          buildChain(leaf.cert!, { trusted: [root.cert!], untrusted: [], crls: [crl], revocation: "strict" });
        } catch (err) {
          if (!(err instanceof IkecertError)) throw err;
          expect(err.message).not.toContain("\n");
        }
      }),
      { numRuns: 400 },
    );
  });

  it("arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          parseCrlBytes(bytes, "fuzz");
        } catch (err) {
          if (!(err instanceof IkecertError)) throw err;
        }
      }),
      { numRuns: 400 },
    );
  });

  it("mutated distribution points and authorityInfoAccess", () => {
    fc.assert(
      fc.property(fc.constantFrom(...POINTERS), edits, fc.nat({ max: 4 }), (seed, e, cut) => {
        const v = mutate(seed, e, cut);
        for (const f of [parseDistributionPoints, parseAuthorityInfoAccess])
          try {
            f(v);
          } catch (err) {
            if (!(err instanceof IkecertError)) throw err;
          }
      }),
      { numRuns: 400 },
    );
  });
});
