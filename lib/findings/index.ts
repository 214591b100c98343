import { AUDIT_FINDINGS } from "./audit.js";
import { AUTH_FINDINGS } from "./auth.js";
import { CHAIN_FINDINGS } from "./chain.js";
import { EXPLAIN_FINDINGS } from "./explain.js";
import { FAQ } from "./faq.js";
import { HANDSHAKE_FINDINGS } from "./handshake.js";
import { IDENTITY_FINDINGS } from "./identity.js";
import { INPUT_FINDINGS } from "./input.js";
import { KEYPAIR_FINDINGS } from "./keypair.js";
import { LIVE_FINDINGS } from "./live.js";
import { PROPOSAL_FINDINGS } from "./proposals.js";
import { ROBUSTNESS_FINDINGS } from "./robustness.js";
import type { Finding, FindingDef } from "./types.js";

export type { FaqEntry, FaqSlug } from "./faq.js";
export { FAQ, faqEntry } from "./faq.js";
export type { Finding, FindingDef, Severity } from "./types.js";

/** The one catalogue of finding codes. Each domain keeps its codes in a file of its own. */
export const CATALOGUE: Record<string, FindingDef> = {
  ...INPUT_FINDINGS,
  ...IDENTITY_FINDINGS,
  ...EXPLAIN_FINDINGS,
  ...CHAIN_FINDINGS,
  ...KEYPAIR_FINDINGS,
  ...AUDIT_FINDINGS,
  ...HANDSHAKE_FINDINGS,
  ...ROBUSTNESS_FINDINGS,
  ...AUTH_FINDINGS,
  ...LIVE_FINDINGS,
  ...PROPOSAL_FINDINGS,
};

export type FindingCode = keyof typeof CATALOGUE & string;

/** Make a finding of a catalogue code; message/log/fix default to the catalogue's words. */
export function finding(
  code: string,
  occurrence: {
    message?: string;
    log?: string | null;
    fix?: string | null;
    file?: string;
    data?: Record<string, unknown>;
  } = {},
): Finding {
  const def = CATALOGUE[code];
  if (!def) throw new Error(`finding code ${code} is not in the catalogue`);
  const faq = def.faq ? FAQ[def.faq] : undefined;
  return {
    code,
    severity: def.severity,
    message: occurrence.message ?? def.title,
    faq: def.faq,
    faqUrl: faq?.url ?? null,
    log: occurrence.log === undefined ? def.log : occurrence.log,
    fix: occurrence.fix === undefined ? def.fix : occurrence.fix,
    ...(occurrence.file ? { file: occurrence.file } : {}),
    ...(occurrence.data ? { data: occurrence.data } : {}),
  };
}

/** Whether any finding has severity `error` (charon would fail). */
export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
