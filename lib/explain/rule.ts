import { classifyPrintedIdentity } from "./identity.js";

/** One known log line: how to recognise it and what to say about it. */
export interface Rule {
  id: string;
  /** FAQ slug (lib/findings/faq.ts), or null for a known line no FAQ entry covers */
  faq: string | null;
  re: RegExp;
  /** failure: something broke; warning: a symptom worth showing; context: explains a failure nearby */
  kind: "failure" | "warning" | "context";
  explain(m: RegExpExecArray): Explanation;
}

export interface Explanation {
  /** overrides the rule's FAQ slug when the line's values point to another entry (e.g. a wildcard id) */
  faq?: string;
  meaning: string;
  causes: string[];
  next: string[];
  identities?: IdentityInLine[];
}

/** An identity found in a log line, typed as charon printed it. */
export interface IdentityInLine {
  /** whose identity: "local (IDr)", "remote (IDi)", "required", ... */
  role: string;
  printed: string;
  /** the strongSwan type it has (ID_FQDN, ID_DER_ASN1_DN, ...) */
  type: string;
}

/** Quote a value for a POSIX shell, so `next` commands can be pasted as they are. */
export function sh(value: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function identity(role: string, printed: string): IdentityInLine {
  return { role, printed, type: classifyPrintedIdentity(printed).typeName };
}

/** Extra causes for identities that reveal a typical mistake (wildcards, DN-looking host names). */
export function identityHints(printed: string): string[] {
  const out: string[] = [];
  if (printed.includes("*"))
    out.push(
      `'${printed}' holds a '*': strongSwan treats '*' in a certificate as a literal character, never as a wildcard (FAQ wildcard-certificates); only configured ids may use a leading '*'`,
    );
  return out;
}
