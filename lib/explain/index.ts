import { FAQ } from "../findings/faq.js";
import type { ReleaseLike } from "../rules.js";
import { classifyPrintedIdentity, unnamedAttributeHints } from "./identity.js";
import type { IdentityInLine, Rule } from "./rule.js";
import { AUTH_RULES } from "./rules-auth.js";
import { CLASS_RULES } from "./rules-classes.js";
import { CONSTRAINT_RULES } from "./rules-constraints.js";
import { OTHER_RULES } from "./rules-other.js";
import { PLUGIN_RULES } from "./rules-plugins.js";
import { PROPOSAL_RULES } from "./rules-proposals.js";
import { REVOCATION_RULES } from "./rules-revocation.js";

export type { IdentityInLine } from "./rule.js";

/** Every known line; the first rule whose pattern matches wins. */
export const RULES: Rule[] = [
  ...AUTH_RULES,
  ...CLASS_RULES,
  ...PROPOSAL_RULES,
  ...OTHER_RULES,
  ...PLUGIN_RULES,
  ...CONSTRAINT_RULES,
  ...REVOCATION_RULES,
];

/** The explanation of one log line: FAQ entry, meaning, likely causes and the commands to run next. */
export interface ExplainEntry {
  /** the line as given (whole log line, prefix included) */
  line: string;
  /** the message without time, thread, group and IKE_SA prefix */
  message: string;
  /** FAQ slug, or null when no FAQ entry covers it (or the line is unknown) */
  faq: string | null;
  faqUrl: string | null;
  /** false: ikecert does not know this line and says nothing about it */
  known: boolean;
  rule: string | null;
  kind: "failure" | "warning" | "context" | "unknown";
  meaning: string;
  causes: string[];
  next: string[];
  identities: IdentityInLine[];
  /** log mode: the IKE_SA's unique id (`<name|N>`), its connection name, and the lines that matter */
  ikeSa?: number | null;
  connection?: string | null;
  ikeSas?: number[];
  occurrences?: number;
  context?: string[];
}

export interface ParsedLogLine {
  raw: string;
  message: string;
  group: string | null;
  ikeSa: number | null;
  connection: string | null;
}

const TIME =
  /^(?:[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?\s+|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s+)/;
const PROGRAM =
  /^(?:\S+\s+)?(?:charon|charon-systemd|charon-nm|charon-cmd|pluto|ipsec|ipsec_starter|starter|strongswan|swanctl|kernel|iptables)(?:\[\d+\])?:\s+/;
const THREAD = /^(?:\d{1,3}\[([A-Z]{3})\]|\[([A-Z]{3})\])\s+/;
const SA = /^<(?:([^|>]*)\|)?(\d+)>\s+/;

/** Strip charon.log / syslog / journald / swanctl prefixes; keep the IKE_SA's unique id. */
export function parseLogLine(raw: string): ParsedLogLine {
  let s = raw.replace(/\r$/, "");
  s = s.replace(TIME, "");
  s = s.replace(PROGRAM, "");
  let group: string | null = null;
  const t = THREAD.exec(s);
  if (t) {
    group = t[1] ?? t[2] ?? null;
    s = s.slice(t[0].length);
  }
  let ikeSa: number | null = null;
  let connection: string | null = null;
  const sa = SA.exec(s);
  if (sa) {
    connection = sa[1] || null;
    ikeSa = Number(sa[2]);
    s = s.slice(sa[0].length);
  }
  return { raw, message: s.trim(), group, ikeSa, connection };
}

function unknown(p: ParsedLogLine): ExplainEntry {
  return {
    line: p.raw,
    message: p.message,
    faq: null,
    faqUrl: null,
    known: false,
    rule: null,
    kind: "unknown",
    meaning: "ikecert does not know this line, so it says nothing about its cause rather than guess",
    causes: [],
    next: [],
    identities: [],
  };
}

/** Options of `explainLine` and `explainLog`: the release whose charon wrote the log. */
export interface ExplainOptions {
  /** the release whose charon logged the lines: how its printed identities read */
  strongswan?: ReleaseLike;
}

function explainParsed(p: ParsedLogLine, opts: ExplainOptions): ExplainEntry {
  for (const rule of RULES) {
    const m = rule.re.exec(p.message);
    if (!m) continue;
    const e = rule.explain(m);
    const faq = e.faq ?? rule.faq;
    // the rules type identities by the newest rules; the release's own reading decides
    const identities = (e.identities ?? []).map((i) => ({
      ...i,
      type: classifyPrintedIdentity(i.printed, opts.strongswan).typeName,
    }));
    const hints = [...new Set(identities.flatMap((i) => unnamedAttributeHints(i.printed, opts.strongswan)))];
    return {
      line: p.raw,
      message: p.message,
      faq,
      faqUrl: faq ? (FAQ[faq]?.url ?? null) : null,
      known: true,
      rule: rule.id,
      kind: rule.kind,
      meaning: e.meaning,
      causes: [...e.causes, ...hints],
      next: e.next,
      identities,
    };
  }
  return unknown(p);
}

/** Explain one log line (with or without its charon/syslog/journal prefix). */
export function explainLine(line: string, opts: ExplainOptions = {}): ExplainEntry {
  return explainParsed(parseLogLine(line), opts);
}

/** What `explainLog` returns: one entry per line it explains. */
export interface LogExplanation {
  entries: ExplainEntry[];
  /** how many lines were read, and how many distinct IKE_SAs they belong to */
  lines: number;
  ikeSas: number;
}

const MAX_CONTEXT = 8;

/**
 * Read a whole log, follow each IKE_SA by its unique id and report each failure once, with the
 * lines of the same IKE_SA that explain it. Identical failures (same line, same context) of several
 * IKE_SAs (a client that keeps retrying) are one entry listing the IKE_SAs.
 */
export function explainLog(text: string, opts: ExplainOptions = {}): LogExplanation {
  const parsed = text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map(parseLogLine);
  const explained = parsed.map((p) => (p.message ? explainParsed(p, opts) : unknown(p)));
  const saKey = (i: number) => parsed[i]!.ikeSa ?? -1;
  const bySa = new Map<number, number[]>();
  explained.forEach((_, i) => {
    const k = saKey(i);
    if (!bySa.has(k)) bySa.set(k, []);
    bySa.get(k)!.push(i);
  });
  const out = new Map<string, ExplainEntry>();
  for (const [sa, idx] of bySa) {
    const failures = idx.filter((i) => explained[i]!.kind === "failure");
    const failedFaqs = new Set(failures.map((i) => explained[i]!.faq));
    const reported = [
      ...failures,
      ...idx.filter((i) => explained[i]!.kind === "warning" && !failedFaqs.has(explained[i]!.faq)),
    ].sort((a, b) => a - b);
    const seenRules = new Set<string>();
    for (const i of reported) {
      const e = explained[i]!;
      const counted = idx.filter((j) => explained[j]!.rule === e.rule).length;
      if (seenRules.has(e.rule!)) continue;
      seenRules.add(e.rule!);
      const pos = idx.indexOf(i);
      const before = idx.slice(0, pos);
      const ctx = before.filter((j) => {
        const k = explained[j]!.kind;
        return k === "context" || (k === "warning" && explained[j]!.faq === e.faq);
      });
      const prev = before.at(-1);
      if (prev !== undefined && !ctx.includes(prev)) ctx.push(prev);
      ctx.sort((a, b) => a - b);
      // a retransmission series is one failure: keep its first and last line only
      const ctxLines = dedupeSeries(ctx.map((j) => explained[j]!)).slice(-MAX_CONTEXT);
      const identities = [...e.identities];
      // commands carrying the values of the context lines come first, then the failure's own
      const next: string[] = [];
      for (const c of ctxLines) {
        for (const id of c.identities)
          if (!identities.some((x) => x.printed === id.printed && x.role === id.role)) identities.push(id);
        for (const n of c.next) if (!next.includes(n)) next.push(n);
      }
      const generic = (n: string) =>
        n.includes("<the IDr from the log>") || n.startsWith("ikecert explain --log");
      for (const n of e.next) if (!next.includes(n) && !(next.length && generic(n))) next.push(n);
      const context = [...ctxLines.map((c) => c.line), e.line];
      const key = [
        e.rule,
        e.message.replace(/\d+/g, "#"),
        ...ctxLines.map((c) => c.message.replace(/\d+/g, "#")),
      ].join("\n");
      const have = out.get(key);
      if (have) {
        if (sa >= 0 && !have.ikeSas!.includes(sa)) have.ikeSas!.push(sa);
        have.occurrences! += counted;
        continue;
      }
      out.set(key, {
        ...e,
        identities,
        next,
        ikeSa: sa >= 0 ? sa : null,
        connection: parsed[i]!.connection ?? idx.map((j) => parsed[j]!.connection).find((c) => c) ?? null,
        ikeSas: sa >= 0 ? [sa] : [],
        occurrences: counted,
        context,
      });
    }
  }
  const entries = [...out.values()].sort(
    (a, b) => parsed.findIndex((p) => p.raw === a.line) - parsed.findIndex((p) => p.raw === b.line),
  );
  return { entries, lines: parsed.length, ikeSas: [...bySa.keys()].filter((k) => k >= 0).length };
}

function dedupeSeries(list: ExplainEntry[]): ExplainEntry[] {
  const out: ExplainEntry[] = [];
  for (const [n, e] of list.entries()) {
    const prevSame = n > 0 && list[n - 1]!.rule === e.rule && e.rule !== null;
    const nextSame = n < list.length - 1 && list[n + 1]!.rule === e.rule && e.rule !== null;
    if (prevSame && nextSame) continue;
    out.push(e);
  }
  return out;
}
