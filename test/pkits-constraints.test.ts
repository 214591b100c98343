/**
 * PKITS-equivalent paths of sections 4.8–4.13 (policies and name constraints, built by
 * pkits-constraint-cases.ts with the project's generator): ikecert's verdict for the installed
 * strongSwan (5.9.8-5+deb12u6) equals charon's, which is pki's except where a case says why; every
 * departure from PKITS' RFC 5280 result is explained by a note and by ikecert's findings.
 */
import { describe, expect, it } from "vitest";
import { buildChain, type ChainCertificate, parseCertificate } from "../lib/index.js";
import { buildPkits, PKITS_CONSTRAINT_CASES } from "./pkits-constraint-cases.js";

const made = buildPkits();
const load = (n: string): ChainCertificate =>
  Object.assign(parseCertificate(made.get(n)!.der), { source: { file: `${n}.pem`, index: 0 } });
const judge = (id: string, strongswan = "5.9.8-5+deb12u6") => {
  const k = PKITS_CONSTRAINT_CASES.find((x) => x.id === id)!;
  return buildChain(load(k.ee), { trusted: ["root", ...k.path].map(load), untrusted: [], strongswan });
};
const text = (id: string, strongswan?: string) =>
  judge(id, strongswan)
    .findings.map((f) => `${f.code} ${f.message} ${f.log ?? ""}`)
    .join("\n");

describe("PKITS 4.8–4.13 equivalents", () => {
  it("mirrors every test of the sections", () => {
    const count = (s: string) => PKITS_CONSTRAINT_CASES.filter((k) => k.id.startsWith(`${s}.`)).length;
    expect([count("4.8"), count("4.9"), count("4.10"), count("4.11"), count("4.12"), count("4.13")]).toEqual([
      20, 8, 14, 11, 10, 38,
    ]);
  });

  it.each(PKITS_CONSTRAINT_CASES)("$id $ee → charon says trusted=$charon", (k) => {
    const r = judge(k.id);
    expect(r.trusted).toBe(k.charon);
    if (!k.charon) expect(r.decidedBy).toMatch(/^(nameConstraints|policy)$/);
    if (k.pki !== k.rfc || k.charon !== k.pki) expect(k.note).toBeTruthy();
  });

  it("says why strongSwan departs from RFC 5280", () => {
    expect(text("4.9.3")).toMatch(/CHAIN_POLICY_CONSTRAINTS_SKIPPED.*requireExplicitPolicy 4/);
    expect(text("4.11.1")).toMatch(/CHAIN_POLICY_CONSTRAINTS_SKIPPED.*inhibitPolicyMapping 0/);
    expect(text("4.8.12")).toMatch(/CHAIN_POLICY_NOT_ALLOWED.*not allowed by trustchain, ignored/);
    expect(text("4.12.2")).toMatch(/CHAIN_ANY_POLICY_INHIBITED.*but inhibitAnyPolicy in effect/);
    expect(text("4.13.5")).toMatch(/CHAIN_NAME_NOT_PERMITTED/);
    expect(text("4.13.6")).toMatch(/excluded ID_DER_ASN1_DN NameConstraint not supported/);
    expect(text("4.13.27")).toMatch(/CHAIN_NAME_CONSTRAINT_NOT_INHERITED/);
    expect(text("4.13.34")).toMatch(/ID_DER_ASN1_GN_URI NameConstraint matching not implemented/);
    expect(text("4.13.37")).toMatch(/CHAIN_NAME_CONSTRAINT_IGNORED/);
  });

  it("6.0.6 (modelled from source) accepts what RFC 5280 semantics accept and refuses URI constraints", () => {
    expect(judge("4.13.5", "6.0.6").trusted).toBe(true);
    expect(judge("4.13.27", "6.0.6").trusted).toBe(true);
    expect(judge("4.13.6", "6.0.6").trusted).toBe(false);
    expect(text("4.13.6", "6.0.6")).toMatch(/excluded ID_DER_ASN1_DN NameConstraint not supported/);
    expect(text("4.13.37", "6.0.6")).toMatch(/ID_DER_ASN1_GN_URI NameConstraint not supported/);
    expect(judge("4.13.6", "5.9.14").trusted).toBe(true);
  });
});
