import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needs } from "../needs.js";
import { Charon } from "./charon.js";
import { type IdentityCert, identityIds, identityScenarios } from "./scenarios.js";

/**
 * Differential test of "does this certificate have this identity": the real charon (a private
 * daemon answering `swanctl --list-certs --subject ID` over every loaded scenario certificate) against
 * ikecert's certificateHasIdentity. The requirement is ZERO disagreements on every (certificate, id)
 * pair; the oracle half (charon's answers) is checked on its own against verdicts known from
 * strongSwan 5.9.8.
 */

const run = needs(
  "has-identity oracle (private charon)",
  ["charon", "swanctl", "openssl", "faketime", "ip", "unshare", "mount"],
  {
    namespaces: true,
  },
);

function pemToDer(file: string): Uint8Array {
  const b64 = readFileSync(file, "utf8")
    .replace(/-----[^-]+-----/g, "")
    .replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(b64, "base64"));
}

describe.runIf(run)("has-identity: charon vs ikecert", () => {
  const dir = mkdtempSync(join(tmpdir(), "ikc-truth-identity-"));
  let charon: Charon;
  let certs: IdentityCert[] = [];
  let ids: string[] = [];
  /** id → serials charon lists for it */
  let answers = new Map<string, string[]>();
  const byName = (n: string) => certs.find((c) => c.name === n)!;
  const has = (cert: string, id: string): boolean => {
    const a = answers.get(id);
    if (!a) throw new Error(`id ${id} was not asked`);
    return a.includes(byName(cert).serial);
  };

  beforeAll(async () => {
    certs = identityScenarios(join(dir, "certs"));
    ids = identityIds(certs);
    charon = await Charon.start({ tag: "id" });
    const t0 = Date.now();
    answers = charon.hasIdentities(
      certs.map((c) => c.cert),
      ids,
    );
    if (process.env.IKC_TRUTH_DUMP) {
      const names = (ss: string[]) => certs.filter((c) => ss.includes(c.serial)).map((c) => c.name);
      const dump = Object.fromEntries([...answers].map(([id, ss]) => [id, names(ss)]));
      writeFileSync(process.env.IKC_TRUTH_DUMP, JSON.stringify(dump, null, 1));
    }
    process.stderr.write(
      `has-identity oracle: ${certs.length} certificates x ${ids.length} ids = ${certs.length * ids.length} pairs in ${Date.now() - t0} ms\n`,
    );
  }, 180_000);

  afterAll(() => {
    charon?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("charon loaded every scenario certificate (each one is listed for %any)", () => {
    expect([...(answers.get("%any") ?? [])].sort()).toEqual(certs.map((c) => c.serial).sort());
  });

  it("covers at least 500 (certificate, id) pairs", () => {
    expect(certs.length * ids.length).toBeGreaterThanOrEqual(500);
    expect(COMMON_COUNT(ids)).toBeGreaterThanOrEqual(50);
  });

  // The oracle can fail: these are charon 5.9.8's known verdicts, negative ones included
  // (design.md "Known verdicts"; semantics §4, §5). If the oracle always said yes or no, some fail.
  it.each([
    ["id-wildcard-san", "vpn.example.com", false, "a SAN *.example.com does not give vpn.example.com"],
    ["id-full", "*.example.com", true, "a wildcard in the configured id matches the SAN"],
    ["id-cn-only", "vpn.example.com", false, "the subject CN is never used for an FQDN id"],
    ["id-cn-only", "CN=vpn.example.com", true, "CN=vpn.example.com as a DN id matches the subject"],
    ["id-full", "ipv4:192.0.2.1", false, "ipv4: keeps the text: never matches"],
    ["id-full", "ipv4:#c0000201", true, "ipv4:#hex is the real address"],
    ["id-full", "192.0.2.1", true, "an iPAddress SAN gives the IPv4 id"],
    ["id-dns-ip", "192.0.2.7", false, "a dNSName SAN '192.0.2.7' is not an IPv4 id"],
    ["id-dns-ip", "@192.0.2.7", true, "@192.0.2.7 is an FQDN id and matches that dNSName"],
    ["id-full", "C=CH, O=Example, CN=vpn.example.com", true, "the subject DN"],
    ["id-full", "O=Example, C=CH, CN=vpn.example.com", false, "RDN order matters (rdn_matching strict)"],
    ["id-full", "c=ch, o=example, cn=VPN.example.com", true, "PrintableString values ignore case"],
    ["id-utf8-ascii", "C=DE, O=EXAMPLE, CN=utf8.example.net", false, "UTF8String values are case-sensitive"],
    ["id-printable", "C=DE, O=EXAMPLE, CN=print.example.net", true, "PrintableString: case ignored"],
    ["id-full", "*example.com", true, "no label boundary in wildcard patterns"],
    ["id-full", "vpn.exmaple.com", false, "a typo"],
    ["id-wildcard-san", "%any", true, "%any selects every certificate"],
  ])("charon: %s has %j → %s (%s)", (cert, id, expected) => {
    expect(has(cert, id)).toBe(expected);
  });

  it("the oracle refuses an id vici cannot carry (non-ASCII would silently list every certificate)", () => {
    expect(() => charon.hasIdentity("C=CH, O=Exämple AG, OU=Ops, CN=gw.example.org")).toThrow(
      /not printable/,
    );
  });

  it("a multi-valued RDN (OU+CN in one SET) matches the same attributes written as separate RDNs", () => {
    expect(has("id-multi-rdn", "C=CH, O=Example, OU=Ops, CN=multi.example.com")).toBe(true);
  });

  it("ikecert agrees with charon on every pair (requirement: 0 disagreements)", async () => {
    const lib = (await import("../../lib/index.js")) as Record<string, unknown>;
    const parseIdentity = lib.parseIdentity as
      | ((text: string, opts: Record<string, unknown>) => unknown)
      | undefined;
    const certificateHasIdentity = lib.certificateHasIdentity as
      | ((cert: unknown, id: unknown, opts?: unknown) => { level: number })
      | undefined;
    const parseCertificate = lib.parseCertificate as (der: Uint8Array) => unknown;
    expect(
      typeof parseIdentity === "function" && typeof certificateHasIdentity === "function",
      "lib/index.ts must export parseIdentity and certificateHasIdentity (identity issue)",
    ).toBe(true);
    const disagreements: string[] = [];
    let pairs = 0;
    for (const c of certs) {
      const cert = parseCertificate(pemToDer(c.cert));
      for (const id of ids) {
        pairs++;
        const charonSays = answers.get(id)!.includes(c.serial);
        let ours: boolean | string;
        try {
          const parsed = parseIdentity!(id, { strongswan: "5.9.8", regex: true });
          ours = certificateHasIdentity!(cert, parsed, { strongswan: "5.9.8" }).level > 0;
        } catch (e) {
          ours = `threw ${(e as Error).message}`;
        }
        if (ours !== charonSays)
          disagreements.push(
            `${c.name} (${c.subject}) × ${JSON.stringify(id)}: charon ${charonSays}, ikecert ${ours}`,
          );
      }
    }
    process.stderr.write(
      `has-identity differential: ${pairs} pairs, ${disagreements.length} disagreements\n`,
    );
    expect(disagreements.join("\n")).toBe("");
  });
});

function COMMON_COUNT(ids: string[]): number {
  return new Set(ids).size;
}
