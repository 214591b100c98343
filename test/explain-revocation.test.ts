/**
 * explain knows the revocation plugin's and the certificate parsers' lines. The lines are the ones
 * strongSwan 5.9.8 printed in the tier (revocation-diff, revocation-ike and plugins-diff tests assert
 * the same lines from the real binaries and run them through explainLine as well).
 */
import { describe, expect, it } from "vitest";
import { explainLine } from "../lib/explain/index.js";

const LINES: [string, string, string][] = [
  [
    "Dec 05 08:31:12 09[CFG] certificate was revoked on Nov 14 22:13:20 UTC 2023, reason: key compromise",
    "certificate-revoked",
    "failure",
  ],
  [
    "14[CFG] constraint check failed: RULE_CRL_VALIDATION is SKIPPED, but requires at least GOOD",
    "crl-policy-constraint",
    "failure",
  ],
  [
    "constraint check failed: RULE_CRL_VALIDATION is FAILED, but requires at least SKIPPED",
    "crl-policy-constraint",
    "failure",
  ],
  ['checking certificate status of "C=CH, O=T, CN=leaf"', "checking-status", "context"],
  ["certificate status is good", "status-good", "context"],
  ["certificate status is not available", "status-not-available", "warning"],
  ["certificate status is unknown, crl is stale", "status-stale", "warning"],
  ["  crl is stale: since Feb 01 00:00:00 2020", "crl-stale", "warning"],
  ["  crl is stale: since --- -- --:--:-- ----", "crl-stale", "warning"],
  ["  crl is not valid: until Jan 01 00:00:00 2030", "crl-not-yet-valid", "warning"],
  ["  crl is valid: until Dec 20 08:30:57 2026", "crl-valid", "context"],
  ['  crl correctly signed by "C=CH, O=T, CN=Sub"', "crl-signed-by", "context"],
  ["  using cached crl", "crl-cached", "context"],
  ["crl response verification failed", "crl-verification-failed", "warning"],
  ["  fetching crl from 'http://127.0.0.1:9/sub.crl' ...", "crl-fetch", "context"],
  ["  requesting ocsp status from 'http://127.0.0.1:9/ocsp' ...", "crl-fetch", "context"],
  ["crl fetching failed", "crl-fetch-failed", "warning"],
  ["ocsp request to http://127.0.0.1:9/ocsp failed", "crl-fetch-failed", "warning"],
  ["ocsp check failed, fallback to crl", "crl-fetch-failed", "warning"],
  [
    "unable to fetch from http://127.0.0.1:9/sub.crl, no capable fetcher found",
    "crl-fetch-failed",
    "warning",
  ],
  ["critical 'unknown' extension not supported", "x509-critical-extension", "failure"],
  [
    "found unsupported critical X.509 extension: X509v3 Name Constraints",
    "x509-critical-extension",
    "failure",
  ],
  ["found unsupported critical X.509 CRL extension", "x509-critical-extension", "failure"],
  ["OpenSSL X.509 parsing failed", "x509-parser-refused", "warning"],
  ["L10 - end choices:  incorrect choice encoding", "x509-parser-refused", "warning"],
  ["Only X.509v3 certificates have extensions", "x509-parser-refused", "warning"],
  [
    "loading '/etc/swanctl/x509/carol.pem' failed: parsing X509 certificate failed",
    "swanctl-parse-failed",
    "failure",
  ],
  [
    "loading '/etc/swanctl/x509crl/bad.crl' failed: parsing X509_CRL certificate failed",
    "swanctl-parse-failed",
    "failure",
  ],
];

describe("explain: revocation and certificate-parser lines", () => {
  it.each(LINES)("%s", (line, rule, kind) => {
    const e = explainLine(line);
    expect(e.known).toBe(true);
    expect(e.rule).toBe(rule);
    expect(e.kind).toBe(kind);
    expect(e.meaning.length).toBeGreaterThan(20);
  });

  it("the revoked line names the date and the reason; a hold is explained as a hold", () => {
    expect(
      explainLine("certificate was revoked on Mar 01 00:00:00 UTC 2025, reason: ca compromise").meaning,
    ).toMatch(/revoked on Mar 01 00:00:00 UTC 2025 \(reason: ca compromise\)/);
    expect(
      explainLine("certificate was revoked on Mar 01 00:00:00 UTC 2025, reason: certificate hold").causes[0],
    ).toMatch(/on hold/);
  });

  it("the policy line names the policy it comes from", () => {
    expect(
      explainLine("constraint check failed: RULE_CRL_VALIDATION is STALE, but requires at least GOOD")
        .meaning,
    ).toMatch(/remote\.revocation = strict/);
    expect(
      explainLine("constraint check failed: RULE_CRL_VALIDATION is STALE, but requires at least SKIPPED")
        .meaning,
    ).toMatch(/remote\.revocation = ifuri/);
  });
});
