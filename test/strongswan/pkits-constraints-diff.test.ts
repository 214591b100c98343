/**
 * Differential tier: the PKITS-equivalent paths of sections 4.8–4.13 (test/pkits-constraint-cases.ts,
 * generated with the project's own generator) against the installed `pki --verify`: its verdict is
 * the table's `pki`, and every constraints-plugin line it prints is one ikecert reports (judged with
 * the installed release, 5.9.8-5+deb12u6). Where pki's quirk makes it judge another certificate
 * than charon would (4.13.20), the case says so and only pki's verdict is compared.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildChain, type ChainCertificate, parseCertificate } from "../../lib/index.js";
import { CONSTRAINT_LINE } from "../constraint-scenarios.js";
import { buildPkits, PKITS_CONSTRAINT_CASES } from "../pkits-constraint-cases.js";
import { PKI, tierAvailable } from "./env.js";
import { pkiVerify } from "./pki.js";

const run = tierAvailable("PKITS 4.8-4.13 equivalents", [PKI]);

describe.runIf(run)("PKITS 4.8–4.13 equivalents agree with pki --verify", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikecert-pkits-nc-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const made = buildPkits();
  const file = (n: string) => join(dir, `${n}.pem`);
  for (const [n, g] of made) writeFileSync(file(n), g.pem);
  const load = (n: string): ChainCertificate =>
    Object.assign(parseCertificate(made.get(n)!.der), { source: { file: file(n), index: 0 } });

  it.each(PKITS_CONSTRAINT_CASES)("$id $ee → pki says trusted=$pki", (k) => {
    const cas = ["root", ...k.path];
    const pki = pkiVerify(file(k.ee), cas.map(file));
    expect(pki.trusted, pki.output).toBe(k.pki);
    if (k.pki !== k.charon) return;
    const r = buildChain(load(k.ee), {
      trusted: cas.map(load),
      untrusted: [],
      strongswan: "5.9.8-5+deb12u6",
    });
    expect(r.trusted, pki.output).toBe(pki.trusted);
    const claimed = r.findings.flatMap((f) => (f.log ? f.log.split("\n") : []));
    const lines = pki.output.split("\n").map((l) => l.trim());
    for (const l of lines.filter((x) => CONSTRAINT_LINE.test(x))) expect(claimed, pki.output).toContain(l);
    for (const f of r.findings.filter((x) => x.severity === "error"))
      for (const l of f.log?.split("\n") ?? []) expect(lines, pki.output).toContain(l);
  });
});
