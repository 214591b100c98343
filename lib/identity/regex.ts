/**
 * POSIX extended regular expressions (what strongSwan compiles regex ids with: regcomp with
 * REG_EXTENDED | REG_ICASE | REG_NOSUB) translated to JavaScript RegExp. The translation covers
 * what differs for ids: bracket expressions (`[[:digit:]]`, a literal `\` or `]` inside brackets)
 * and `\` before an ordinary character.
 */

const CLASSES: Record<string, string> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "0-9A-Za-z",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  cntrl: "\\x00-\\x1f\\x7f",
  print: "\\x20-\\x7e",
  graph: "\\x21-\\x7e",
};

function escapeInClass(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}

/** Translate; returns an error text where regcomp would fail. */
export function compilePosixRegex(src: string): { regex: RegExp | null; error: string | null } {
  let out = "";
  let i = 0;
  let depth = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") {
      if (i + 1 >= src.length) return { regex: null, error: "Trailing backslash" };
      const n = src[i + 1]!;
      out += /[A-Za-z0-9]/.test(n) ? n : `\\${n}`;
      i += 2;
      continue;
    }
    if (c === "[") {
      let j = i + 1;
      let cls = "[";
      if (src[j] === "^") {
        cls += "^";
        j++;
      }
      let first = true;
      let closed = false;
      while (j < src.length) {
        const d = src[j]!;
        if (d === "]" && !first) {
          closed = true;
          j++;
          break;
        }
        if (d === "[" && src[j + 1] === ":") {
          const end = src.indexOf(":]", j + 2);
          if (end < 0) return { regex: null, error: "Unmatched [, [^, [:, [., or [=" };
          const name = src.slice(j + 2, end);
          const body = CLASSES[name];
          if (!body) return { regex: null, error: "Invalid character class name" };
          cls += body;
          j = end + 2;
        } else if (d === "-" && !first && src[j + 1] !== "]") {
          cls += "-";
          j++;
        } else {
          cls += escapeInClass(d);
          j++;
        }
        first = false;
      }
      if (!closed) return { regex: null, error: "Unmatched [, [^, [:, [., or [=" };
      out += `${cls}]`;
      i = j;
      continue;
    }
    if (c === "(") depth++;
    if (c === ")") {
      if (depth === 0) {
        out += "\\)";
        i++;
        continue;
      }
      depth--;
    }
    out += c;
    i++;
  }
  if (depth !== 0) return { regex: null, error: "Unmatched ( or \\(" };
  try {
    return { regex: new RegExp(out, "i"), error: null };
  } catch (e) {
    return { regex: null, error: e instanceof Error ? e.message : String(e) };
  }
}

const cache = new Map<string, RegExp | null>();

/** The compiled pattern of a regex id (cached). */
export function regexFor(pattern: string): RegExp | null {
  let r = cache.get(pattern);
  if (r === undefined) {
    r = compilePosixRegex(pattern).regex;
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, r);
  }
  return r;
}
