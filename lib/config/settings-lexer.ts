import { posix } from "node:path";
import { IkecertError } from "../errors.js";
import type { ConfigDiagnostic, Origin } from "./model.js";
import { type ConfigReader, type IncludeChain, Includes, unreadableInclude } from "./reader.js";

/**
 * Tokenizer for strongSwan's settings syntax (swanctl.conf, strongswan.conf), following the start
 * conditions of src/libstrongswan/settings/settings_lexer.l: INITIAL (names, braces), `val` (after
 * `=`, up to the end of the line, `#` or `}`), `ref` (after `:`), `str` (inside quotes) and `inc`
 * (an `include` pattern). Includes are expanded here, at the token level, as flex does with its
 * buffer stack, so an included file can contribute to the section it is included in.
 */

export type TokenKind = "name" | "string" | "{" | "}" | "=" | ":" | "," | "." | "newline" | "eof";
export interface Token {
  kind: TokenKind;
  text: string;
  origin: Origin;
}

/** How deep includes may nest before we call it a runaway (strongSwan itself has no limit). */
export const MAX_INCLUDE_DEPTH = 32;

interface Frame {
  file: string;
  text: string;
  pos: number;
  line: number;
  /** the include chain down to this file (for loop detection) */
  chain: IncludeChain;
}

const NAME_CHAR = /[^#{}:.,="\r\n\t ]/;
const VAL_CHAR = /[^#}"\r\n\t ]/;

export class SettingsLexer {
  private frames: Frame[] = [];
  private states: ("val" | "ref")[] = [];
  readonly diagnostics: ConfigDiagnostic[] = [];
  readonly files: string[] = [];

  private readonly includes: Includes | null;

  constructor(
    reader: ConfigReader | null,
    file: string,
    text: string,
    private readonly maxIncludeDepth = MAX_INCLUDE_DEPTH,
    maxIncludeFiles?: number,
  ) {
    this.includes = reader ? new Includes(reader, maxIncludeFiles) : null;
    this.frames.push({
      file,
      text,
      pos: 0,
      line: 1,
      chain: this.includes?.start(file) ?? { paths: [file], keys: [file] },
    });
    this.files.push(file);
  }

  private get f(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  here(): Origin {
    const f = this.frames[this.frames.length - 1];
    return f ? { file: f.file, line: f.line } : { file: "", line: 0 };
  }

  fail(origin: Origin, message: string): never {
    throw new IkecertError("CONFIG_INVALID", `${origin.file}:${origin.line}: ${message}`, origin.file);
  }

  next(): Token {
    for (;;) {
      if (this.frames.length === 0) return { kind: "eof", text: "", origin: this.lastOrigin };
      const state = this.states[this.states.length - 1];
      const tok = state === "val" ? this.lexVal() : state === "ref" ? this.lexRef() : this.lexInitial();
      if (tok) return tok;
    }
  }

  private lastOrigin: Origin = { file: "", line: 0 };

  /** the current file ended: continue in the file that included it */
  private popFrame(): void {
    const f = this.frames.pop()!;
    this.lastOrigin = { file: f.file, line: f.line };
  }

  private tok(kind: TokenKind, text: string, origin = this.here()): Token {
    return { kind, text, origin };
  }

  private skipComment(f: Frame): void {
    while (f.pos < f.text.length && f.text[f.pos] !== "\n") f.pos++;
  }

  /** Blanks, line ends and comments between tokens (skipped alike outside values). */
  private skipBlank(f: Frame, c: string | undefined): boolean {
    if (c === " " || c === "\t" || c === "\r") f.pos++;
    else if (c === "\n") {
      f.pos++;
      f.line++;
    } else if (c === "#") this.skipComment(f);
    else return false;
    return true;
  }

  private lexInitial(): Token | null {
    const f = this.f;
    const c = f.text[f.pos];
    if (c === undefined) {
      this.popFrame();
      return null;
    }
    if (this.skipBlank(f, c)) return null;
    const origin = this.here();
    if (c === "{" || c === "}" || c === "." || c === ",") {
      f.pos++;
      return this.tok(c, c, origin);
    }
    if (c === ":") {
      f.pos++;
      this.states.push("ref");
      return this.tok(":", c, origin);
    }
    if (c === "=") {
      f.pos++;
      this.states.push("val");
      return this.tok("=", c, origin);
    }
    if (c === '"') this.fail(origin, "unexpected string detected (a quoted string can only be a value)");
    let end = f.pos;
    while (end < f.text.length && NAME_CHAR.test(f.text[end]!)) end++;
    const name = f.text.slice(f.pos, end);
    if (name === "include") {
      let p = end;
      while (f.text[p] === " " || f.text[p] === "\t") p++;
      if (p > end && p < f.text.length && f.text[p] !== "=") {
        f.pos = p;
        this.lexInclude(origin);
        return null;
      }
    }
    f.pos = end;
    return this.tok("name", name, origin);
  }

  private lexVal(): Token | null {
    const f = this.f;
    const c = f.text[f.pos];
    if (c === undefined || c === "#" || c === "}" || c === "\n") {
      this.states.pop();
      return this.tok("newline", "");
    }
    if (c === " " || c === "\t" || c === "\r") {
      f.pos++;
      return null;
    }
    const origin = this.here();
    if (c === '"') {
      f.pos++;
      return this.tok("string", this.lexString(origin), origin);
    }
    let end = f.pos;
    while (end < f.text.length && VAL_CHAR.test(f.text[end]!)) end++;
    const text = f.text.slice(f.pos, end);
    f.pos = end;
    return this.tok("name", text, origin);
  }

  private lexRef(): Token | null {
    const f = this.f;
    const c = f.text[f.pos];
    if (this.skipBlank(f, c)) return null;
    const origin = this.here();
    if (c === ",") {
      f.pos++;
      return this.tok(",", c, origin);
    }
    const m = /^[^#{}:.,="\r\n\t ]+(\.[^#{}:.,="\r\n\t ]+)*/.exec(f.text.slice(f.pos, f.pos + 4096));
    if (m) {
      f.pos += m[0].length;
      return this.tok("name", m[0], origin);
    }
    this.states.pop();
    return null;
  }

  /** Inside quotes: `\n`, `\r`, `\t`, escaped line ends joined, `\x` is x; CRs dropped. */
  private lexString(origin: Origin): string {
    const f = this.f;
    let out = "";
    for (;;) {
      const c = f.text[f.pos];
      if (c === undefined) this.fail(origin, "unterminated string detected");
      f.pos++;
      if (c === '"') return out;
      if (c === "\r") continue;
      if (c === "\n") {
        f.line++;
        out += c;
        continue;
      }
      if (c === "\\") {
        const d = f.text[f.pos];
        if (d === undefined) this.fail(origin, "unterminated string detected");
        if (d === "\r" && f.text[f.pos + 1] === "\n") {
          f.pos += 2;
          f.line++;
        } else if (d === "\n") {
          f.pos++;
          f.line++;
        } else {
          f.pos++;
          out += d === "n" ? "\n" : d === "r" ? "\r" : d === "t" ? "\t" : d;
        }
        continue;
      }
      out += c;
    }
  }

  /** `include PATTERN`: unquoted (escapes `\"`, `\#`, `\}`, `\ `) or quoted; relative to the including file. */
  private lexInclude(origin: Origin): void {
    const f = this.f;
    let pattern = "";
    for (;;) {
      const c = f.text[f.pos];
      if (c === undefined || c === "#" || c === "}" || c === "\n") break;
      if (c === " " || c === "\t") {
        f.pos++;
        break;
      }
      if (c === "\r") {
        f.pos++;
        continue;
      }
      if (c === '"') {
        f.pos++;
        pattern += this.lexString(origin);
        break;
      }
      if (c === "\\" && '"#} '.includes(f.text[f.pos + 1] ?? "x")) {
        pattern += f.text[f.pos + 1];
        f.pos += 2;
        continue;
      }
      pattern += c;
      f.pos++;
    }
    this.include(pattern, origin);
  }

  private include(pattern: string, origin: Origin): void {
    const parent = this.f;
    if (!pattern) {
      this.diagnostics.push({ origin, message: "no include pattern specified, ignored" });
      return;
    }
    if (!this.includes) {
      this.diagnostics.push({ origin, message: `include '${pattern}' ignored: no files can be read here` });
      return;
    }
    const full = posix.isAbsolute(pattern) ? pattern : posix.join(posix.dirname(parent.file), pattern);
    const matches = this.includes.expand(full, origin);
    if (matches.length === 0) {
      this.diagnostics.push({ origin, message: `no files found matching '${full}' (include ignored)` });
      return;
    }
    const frames: Frame[] = [];
    for (const file of matches) {
      if (parent.chain.paths.length > this.maxIncludeDepth)
        this.fail(
          origin,
          `includes nested deeper than ${this.maxIncludeDepth} levels (limit --max-include-depth)`,
        );
      const r = this.includes.read(file, parent.chain, origin);
      if ("error" in r) {
        this.diagnostics.push(
          unreadableInclude(
            origin,
            file,
            `unable to open '${file}' (include ignored): ${r.error.message}`,
            r.error,
          ),
        );
        continue;
      }
      if (r.loop)
        this.fail(origin, `include loop: '${file}' includes itself (${r.chain.paths.join(" -> ")})`);
      frames.push({ file, text: r.text, pos: 0, line: 1, chain: r.chain });
      this.files.push(file);
    }
    for (let i = frames.length - 1; i >= 0; i--) this.frames.push(frames[i]!);
  }
}
