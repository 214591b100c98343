/**
 * NIST PKITS regression: ikecert's verdict equals `pki --verify`'s on the same files (the table in
 * pkits-cases.ts was taken from strongSwan 5.9.8; the strongSwan tier re-checks it live). Where
 * strongSwan departs from RFC 5280 the case says so, and ikecert explains it in a finding.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildChain, type ChainCertificate, parseCertificate } from "../lib/index.js";
import { PKITS_CASES } from "./pkits-cases.js";

const DIR = join(import.meta.dirname, "pkits");
const load = (f: string): ChainCertificate =>
  Object.assign(parseCertificate(readFileSync(join(DIR, f))), { source: { file: f, index: 0 } });
// PKITS certificates are valid 2010..2030; judge them at a fixed time inside that span
const AT = new Date("2026-06-01T00:00:00Z");

describe("NIST PKITS", () => {
  it.each(PKITS_CASES)("$id $ee → pki says trusted=$pki", (k) => {
    const r = buildChain(load(k.ee), {
      trusted: [load("TrustAnchorRootCertificate.crt"), ...k.path.map(load)],
      untrusted: [],
      at: AT,
    });
    expect(r.trusted).toBe(k.pki);
    if (k.pki === false) expect(r.findings.some((f) => f.severity === "error")).toBe(true);
  });

  it("explains where strongSwan departs from RFC 5280", () => {
    const codes = (id: string) => {
      const k = PKITS_CASES.find((x) => x.id === id)!;
      const r = buildChain(load(k.ee), {
        trusted: [load("TrustAnchorRootCertificate.crt"), ...k.path.map(load)],
        untrusted: [],
        at: AT,
      });
      return r.findings.map((f) => `${f.code} ${f.message} ${f.log ?? ""}`).join("\n");
    };
    expect(codes("4.7.1")).toMatch(/CHAIN_RFC5280_TOLERATED.*keyCertSign/);
    expect(codes("4.6.15")).toMatch(/CHAIN_PATHLEN.*self-issued.*path length of 1 violates constraint of 0/s);
    expect(codes("4.6.17")).toMatch(/path length of 3 violates constraint of 1/);
    expect(codes("4.3.11")).toMatch(/CHAIN_MISSING_ISSUER.*only in case/);
    expect(codes("4.3.3")).toMatch(/CHAIN_MISSING_ISSUER.*spacing/);
    expect(codes("4.3.6")).toMatch(/CHAIN_UNIQUE_ID/);
    expect(codes("4.16.2")).toMatch(/CHAIN_CERT_UNLOADABLE.*critical 'unknown' extension not supported/s);
    expect(codes("4.1.4")).toMatch(/CHAIN_CERT_UNLOADABLE.*DSA/);
    expect(codes("4.2.1")).toMatch(
      /issuer certificate invalid \(valid from Jan 01 12:01:00 2047 to Jan 01 12:01:00 2049\)/,
    );
    expect(codes("4.2.7")).toMatch(
      /subject certificate invalid \(valid from Jan 01 12:01:00 1997 to Jan 01 12:01:00 1999\)/,
    );
  });

  it("every case cites the RFC verdict and a note where pki differs", () => {
    for (const k of PKITS_CASES) if (k.pki !== k.rfc) expect(k.note, k.id).toBeTruthy();
  });
});
