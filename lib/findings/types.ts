/** A finding's severity: `error` charon fails, `warning` works but risky, `info` a fact. */
export type Severity = "error" | "warning" | "info";

/** One entry of the catalogue: what a finding code means, independent of any one occurrence. */
export interface FindingDef {
  severity: Severity;
  /** one line, in our own words */
  title: string;
  /** the FAQ entry it belongs to (slug of lib/findings/faq.ts), or null */
  faq: string | null;
  /** charon's log line as a printf-like template (`%Y` an identity, `%N` a key type), or null */
  log: string | null;
  /** the general fix; an occurrence may give a concrete one */
  fix: string;
}

/** One occurrence, as renderers and JSON show it. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  faq: string | null;
  faqUrl: string | null;
  /** the concrete log line charon would print for this occurrence */
  log: string | null;
  fix: string | null;
  file?: string;
  /** command-specific details (never key material) */
  data?: Record<string, unknown>;
}
