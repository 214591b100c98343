/**
 * One link of the revocation check, CRL part (revocation_validator.c check_crl, find_crl,
 * get_better_crl, verify_crl, check_delta_crl) and the OCSP attempt (check_ocsp, offline), with
 * charon's lines and ikecert's explanations. Used by revocation.ts.
 */
import { bytesEqual } from "../../bytes.js";
import { finding } from "../../findings/index.js";
import type { Finding } from "../../findings/types.js";
import { dnMatchLevel } from "../../identity/dn.js";
import { revocationPointers } from "../../input/cert-uris.js";
import { crlReasonLogName, type RevokedCertificate } from "../../input/crl.js";
import { type CrlStore, crlIsNewer, crlSignedBy, crlSignerFlagsMissing, type HeldCrl } from "./crl-store.js";
import { hasSubjectDn, subjectKeyId } from "./issuer.js";
import type { RevocationInput, ValidationStatus } from "./revocation.js";
import { charonTime } from "./time.js";
import type { ChainCertificate } from "./types.js";

export const fileOf = (c: { source?: { file: string } }) => c.source?.file ?? null;
export const fileOpt = (c: { source?: { file: string } }) => (c.source?.file ? { file: c.source.file } : {});
export const crlName = (h: HeldCrl) =>
  `the CRL of "${h.crl.issuer.printed}"${h.crl.source ? ` (${h.crl.source.file})` : ""}`;

/** chunk_skip_zero: the serial without its leading zero bytes (one kept), as hex. */
function serialKey(b: Uint8Array): string {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i)).toString("hex");
}

const indexes = new WeakMap<HeldCrl, Map<string, RevokedCertificate>>();

/** The CRL's entries by serial (get_better_crl compares chunk_skip_zero of both; the first entry wins). */
function revokedEntry(h: HeldCrl, serial: Uint8Array): RevokedCertificate | undefined {
  let m = indexes.get(h);
  if (!m) {
    m = new Map();
    for (const r of h.revoked) {
      const k = serialKey(r.serialBytes);
      if (!m.has(k)) m.set(k, r);
    }
    indexes.set(h, m);
  }
  return m.get(serialKey(serial));
}

interface Walk {
  valid: ValidationStatus;
  best: HeldCrl | null;
  decided: HeldCrl | null;
  revokedOn: Date | null;
  reason: string | null;
}

/** One link's CRL check. Appends charon's lines to `logs` and explanations to `findings`. */
export class LinkCheck {
  readonly logs: string[] = [];
  readonly findings: Finding[] = [];
  readonly fetches: string[] = [];
  private verified = new Map<HeldCrl, boolean>();

  constructor(
    private readonly input: RevocationInput,
    private readonly store: CrlStore,
    readonly subject: ChainCertificate,
    readonly issuer: ChainCertificate,
  ) {}

  /** revocation_validator.c verify_crl: a trusted certificate named like the CRL issuer signed it. */
  private verifyCrl(h: HeldCrl): boolean {
    const known = this.verified.get(h);
    if (known !== undefined) return known;
    const { rules, mode, signers } = this.input;
    const named = signers.filter((s) => s.trusted && hasSubjectDn(s.cert, h.crl.issuer.der, mode));
    const by = named.find((s) => crlSignedBy(h, s.cert, rules));
    if (by) this.logs.push(`  crl correctly signed by "${by.cert.subject.printed}"`);
    else {
      this.logs.push("crl response verification failed");
      const why = named.length
        ? named
            .map(
              (s) =>
                `"${s.cert.subject.printed}": ${crlSignerFlagsMissing(s.cert, rules) ?? (h.authorityKeyId && !bytesEqual(h.authorityKeyId, subjectKeyId(s.cert)) ? "its key id differs from the CRL's authorityKeyIdentifier" : "its key does not verify the CRL's signature")}`,
            )
            .join("; ")
        : `no trusted certificate is named "${h.crl.issuer.printed}"`;
      this.findings.push(
        finding("CRL_NOT_VERIFIED", {
          message: `${crlName(h)} cannot be verified (${why}); charon ignores it`,
          ...fileOpt(h.crl),
        }),
      );
    }
    this.verified.set(h, !!by);
    return !!by;
  }

  private validity(h: HeldCrl): boolean {
    const ok =
      !!h.nextUpdate &&
      this.input.at >= h.crl.thisUpdate.getTime() &&
      this.input.at <= h.nextUpdate.getTime();
    this.logs.push(
      ok
        ? `  crl is valid: until ${charonTime(h.nextUpdate)}`
        : `  crl is stale: since ${charonTime(h.nextUpdate)}`,
    );
    return ok;
  }

  /** get_better_crl */
  private better(h: HeldCrl, w: Walk, base: HeldCrl | null): void {
    // a base CRL search skips delta CRLs; a delta search takes only deltas of this base
    const isDeltaOfBase = !!base?.crlNumber && !!h.deltaOf?.length && bytesEqual(h.deltaOf, base.crlNumber);
    if (base ? !isDeltaOfBase : !!h.deltaOf) return;
    if (!this.verifyCrl(h)) return;
    if (h.crl.thisUpdate.getTime() > this.input.at) {
      this.logs.push(`  crl is not valid: until ${charonTime(h.crl.thisUpdate)}`);
      this.findings.push(
        finding("CRL_NOT_YET_VALID", {
          message: `${crlName(h)} is valid only from ${h.crl.thisUpdate.toISOString()}; charon does not use it before`,
          ...fileOpt(h.crl),
        }),
      );
      return;
    }
    const hit = revokedEntry(h, this.subject.serialBytes);
    if (hit) {
      w.valid = hit.reasonCode === 6 ? "ON_HOLD" : "REVOKED";
      this.validity(h);
      w.reason = crlReasonLogName(hit.reasonCode);
      w.revokedOn = hit.date;
      this.logs.push(`certificate was revoked on ${charonTime(hit.date, true)}, reason: ${w.reason}`);
      w.best = h;
      w.decided = h;
      return;
    }
    if (!w.best || crlIsNewer(h, w.best)) {
      w.best = h;
      w.valid = this.validity(h) ? "GOOD" : "STALE";
      w.decided = h;
      if (w.valid === "STALE")
        this.findings.push(
          finding("CRL_STALE", {
            message: `${crlName(h)} is past its nextUpdate (${h.nextUpdate ? h.nextUpdate.toISOString() : "none"})${h.note ? `: ${h.note}` : ""}; charon still honours its revocations, but "${this.subject.subject.printed}" counts as unknown (STALE)`,
            ...fileOpt(h.crl),
          }),
        );
    } else w.valid = "STALE";
  }

  /**
   * find_crl, cached part: the held CRLs of an issuer id (a key id or a DN). Like charon, each call
   * starts from SKIPPED and its result replaces the caller's status; the best CRL carries over.
   */
  private find(match: (h: HeldCrl) => boolean, base: HeldCrl | null, w: Walk): void {
    w.valid = "SKIPPED";
    for (const h of this.store.held.filter(match)) {
      this.better(h, w, base);
      if (w.best && (w.valid as ValidationStatus) !== "STALE") {
        this.logs.push("  using cached crl");
        break;
      }
    }
  }

  private fetch(uri: string): void {
    this.fetches.push(uri);
    this.logs.push(`  fetching crl from '${uri}' ...`, "crl fetching failed");
  }

  /** check_crl; returns the CRL status */
  crl(): Walk & { uriFound: boolean } {
    const { mode } = this.input;
    const w: Walk = { valid: "SKIPPED", best: null, decided: null, revokedOn: null, reason: null };
    const ski = subjectKeyId(this.issuer);
    const byKey = (h: HeldCrl) => !!h.authorityKeyId && bytesEqual(h.authorityKeyId, ski);
    this.find(byKey, null, w);
    const pointers = revocationPointers(this.subject.extensions);
    // check_crl's loops stop at GOOD or REVOKED only (an on-hold status goes on to the fetches)
    const done = () => w.valid === "GOOD" || w.valid === "REVOKED";
    for (const ci of pointers.crlIssuers) {
      if (done()) break;
      if (ci.idType === "ID_DER_ASN1_DN")
        this.find((h) => dnMatchLevel(h.crl.issuer.der, ci.encoding, mode) > 0, null, w);
    }
    let uriFound = false;
    if (!done())
      for (const uri of pointers.crlUris) {
        uriFound = true;
        this.fetch(uri);
      }
    if (w.best && (w.valid === "GOOD" || w.valid === "STALE")) {
      const base = w.best;
      const d: Walk = { valid: "SKIPPED", best: null, decided: null, revokedOn: null, reason: null };
      this.find(byKey, base, d);
      for (const ci of pointers.crlIssuers) {
        if (d.valid === "GOOD" || d.valid === "REVOKED") break;
        if (ci.idType === "ID_DER_ASN1_DN")
          this.find((h) => dnMatchLevel(h.crl.issuer.der, ci.encoding, mode) > 0, base, d);
      }
      for (const uri of base.freshest) {
        if (d.valid === "GOOD" || d.valid === "REVOKED") break;
        this.fetch(uri);
      }
      if (d.best)
        Object.assign(w, { valid: d.valid, decided: d.decided, revokedOn: d.revokedOn, reason: d.reason });
    }
    if (w.valid === "SKIPPED" && uriFound) w.valid = "FAILED";
    return { ...w, uriFound };
  }

  /** check_ocsp, offline: the subject's OCSP URIs are tried and fail. */
  ocsp(): ValidationStatus {
    const uris = revocationPointers(this.subject.extensions).ocspUris;
    for (const uri of uris) {
      this.fetches.push(uri);
      this.logs.push(`  requesting ocsp status from '${uri}' ...`, `ocsp request to ${uri} failed`);
    }
    return uris.length ? "FAILED" : "SKIPPED";
  }
}
