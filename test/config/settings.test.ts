import { describe, expect, it } from "vitest";
import { memoryReader } from "../../lib/config/reader.js";
import { keysAt, parseSettings, sectionNamesAt, valueAt } from "../../lib/config/settings.js";
import { IkecertError } from "../../lib/errors.js";

// Vectors adapted from strongSwan's src/libstrongswan/tests/suites/test_settings.c (data, not code)

const parse = (text: string, files: Record<string, string> = {}) =>
  parseSettings(text, "/etc/swanctl/swanctl.conf", { reader: memoryReader(files) });
const v = (tree: ReturnType<typeof parse>, path: string) => valueAt(tree, path)?.value ?? null;

function expectConfigError(f: () => unknown, message: RegExp) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IkecertError);
    expect((e as IkecertError).code).toBe("CONFIG_INVALID");
    expect((e as IkecertError).message).toMatch(message);
    expect((e as IkecertError).message).not.toContain("\n");
    return;
  }
  throw new Error("expected an IkecertError");
}

describe("settings syntax", () => {
  const base = parse(
    [
      "main {",
      "\tkey1 = val1",
      "\t# this gets overridden below",
      "\tkey2 = val2",
      "\tnone = ",
      '\tempty = ""',
      "\tsub1 {",
      "\t\tkey = value",
      "\t\tkey2 = value2",
      "\t\tsubsub {",
      "\t\t\tfoo = bar",
      "\t\t}",
      "\t\t# subsub is a section and a value",
      "\t\tsubsub = section value",
      "\t}",
      "\tsub% {",
      "\t\tid = %any",
      "\t}",
      "\tkey2 = with space",
      '\tkey3 = "string with\\nnewline"',
      '\tkey4 = "multi line',
      'string"',
      '\tkey5 = "escaped \\',
      'newline"',
      "}",
      "out = side",
      "other {",
      "\tkey1 = other val",
      "\tempty {",
      "\t}",
      "}",
    ].join("\n"),
  );

  it("reads strongSwan's base test configuration", () => {
    expect(v(base, "main.key1")).toBe("val1");
    expect(v(base, "main.key2")).toBe("with space");
    expect(v(base, "main.none")).toBeNull();
    expect(v(base, "main.empty")).toBe("");
    expect(v(base, "main.sub1.key")).toBe("value");
    expect(v(base, "main.sub1.subsub.foo")).toBe("bar");
    expect(v(base, "main.sub1.subsub")).toBe("section value");
    expect(v(base, "main.sub%.id")).toBe("%any");
    expect(v(base, "main.key3")).toBe("string with\nnewline");
    expect(v(base, "main.key4")).toBe("multi line\nstring");
    expect(v(base, "main.key5")).toBe("escaped newline");
    expect(v(base, "out")).toBe("side");
    expect(v(base, "other.key1")).toBe("other val");
  });

  it("a duplicate key keeps its first position and the later value, and remembers the earlier line", () => {
    const keys = keysAt(base, "main").map((k) => k.name);
    expect(keys).toEqual(["key1", "key2", "empty", "key3", "key4", "key5"]);
    const k2 = valueAt(base, "main.key2")!;
    expect(k2.origin).toEqual({ file: "/etc/swanctl/swanctl.conf", line: 19 });
    expect(k2.overridden).toEqual([{ file: "/etc/swanctl/swanctl.conf", line: 4 }]);
  });

  it("records the line of every key, counting lines inside multi-line strings", () => {
    expect(valueAt(base, "main.key5")!.origin.line).toBe(23);
    expect(valueAt(base, "out")!.origin.line).toBe(26);
  });

  it("handles strings as strongSwan does", () => {
    const t = parse(
      [
        'string = "  with    accurate\twhite\\tspace"',
        'special = "all { special } characters # can be used."',
        'newlines = "can be encoded explicitly\\nor implicitly',
        "or \\",
        'escaped"',
        'quotes = "\\"and\\" slashes \\\\ can \\\\ be" # escaped too',
        'multiple = "strings" are "combined"',
        "spaced =   a    b\t c   ",
      ].join("\n"),
    );
    expect(v(t, "string")).toBe("  with    accurate\twhite\tspace");
    expect(v(t, "special")).toBe("all { special } characters # can be used.");
    expect(v(t, "newlines")).toBe("can be encoded explicitly\nor implicitly\nor escaped");
    expect(v(t, "quotes")).toBe('"and" slashes \\ can \\ be');
    expect(v(t, "multiple")).toBe("strings are combined");
    expect(v(t, "spaced")).toBe("a b c");
  });

  it.each([
    ["single = value", "single", "value"],
    ["singleline { single = value }", "singleline.single", "value"],
    ["singleline { sub { sub1 = val1 } single = value }", "singleline.sub.sub1", "val1"],
    ["newline\n { single = value }", "newline.single", "value"],
    ["equals = a setting with = and { character", "equals", "a setting with = and { character"],
    ["ref { key = value }\nvalid:ref {}", "valid.key", "value"],
    ["ref { key = value }\nvalid\n:\nref {}", "valid.key", "value"],
    ["ref { key = value }\nother { key1 = value1 }\nvalid\n:\nref\n\t,\nother {}", "valid.key1", "value1"],
    ["main {\r\n\tkey1 = val1\r\n\tnone =\r\n}", "main.key1", "val1"],
    ["id = C=CH, O=strongSwan, CN=moon", "id", "C=CH, O=strongSwan, CN=moon"],
    ["include = 1", "include", "1"],
  ])("valid: %j", (text, path, value) => {
    expect(v(parse(text), path)).toBe(value);
  });

  it("an include without a pattern is a warning, not an error", () => {
    const t = parse("section {\n\tinclude # without pattern produces a warning, but is fine\n}\n");
    expect(t.diagnostics.map((d) => d.message)).toEqual(["no include pattern specified, ignored"]);
  });

  it.each([
    ["{\n\tno = section name\n}\n", /swanctl\.conf:1: syntax error, unexpected '\{'/],
    ["no {\n\t= key name\n}\n", /swanctl\.conf:2: syntax error, unexpected '='/],
    [
      "unterminated {\n\tnot = valid\n",
      /swanctl\.conf:3: syntax error, unexpected end of file, expecting '\}'/,
    ],
    ['unterminated {\n\tstrings = "are invalid\n', /swanctl\.conf:2: unterminated string/],
    ["spaces in name {}", /:1: syntax error, unexpected 'in'/],
    ['"unexpected" = string', /:1: unexpected string detected/],
    ["incorrect :: ref {}", /:1: syntax error, unexpected ':'/],
    ["/var/log/daemon.log { dmn = 1 }", /:1: syntax error, unexpected '\.'/],
    ["filelog { /var/log/daemon.log = 1 }", /:1: syntax error, unexpected '\.'/],
    ["a = 1\n}\n", /:2: syntax error, unexpected '\}'/],
  ])("invalid: %j", (text, message) => {
    expectConfigError(() => parse(text), message);
  });

  it("merges a section written twice, keeping the first position", () => {
    const t = parse("a { x = 1 }\nb { y = 2 }\na { x = 3\n z = 4 }\n");
    expect(sectionNamesAt(t, "").map((s) => s.name)).toEqual(["a", "b"]);
    expect(keysAt(t, "a").map((k) => [k.name, k.value])).toEqual([
      ["x", "3"],
      ["z", "4"],
    ]);
    expect(t.root.sections.get("a")!.origins.map((o) => o.line)).toEqual([1, 3]);
  });
});

describe("section references", () => {
  it("inherits keys and subsections; own values and nulls win (test_references)", () => {
    const t = parse(
      [
        "main {",
        "\tsub1 {",
        "\t\tkey1 = sub1val1",
        "\t\tkey2 = sub1val2",
        "\t\tkey4 = sub1val4",
        "\t\tsubsub {",
        "\t\t\tsubkey1 = sub1subsubval1",
        "\t\t\tsubkey2 = sub1subsubval2",
        "\t\t}",
        "\t\tsubsub1 {",
        "\t\t\tsubkey1 = sub1subsub1val1",
        "\t\t}",
        "\t}",
        "\tsub2 : main.sub1 {",
        "\t    key2 = sub2val2",
        "\t\tkey3 = sub2val3",
        "\t\tkey4 =",
        "\t\tsubsub {",
        "\t\t\tsubkey1 = sub2subsubval1",
        "\t\t\tsubkey3 = sub2subsubval3",
        "\t\t}",
        "\t}",
        "}",
      ].join("\n"),
    );
    expect(v(t, "main.sub2.key1")).toBe("sub1val1");
    expect(v(t, "main.sub2.key2")).toBe("sub2val2");
    expect(v(t, "main.sub2.key4")).toBeNull();
    expect(v(t, "main.sub2.subsub.subkey2")).toBe("sub1subsubval2");
    expect(v(t, "main.sub2.subsub1.subkey1")).toBe("sub1subsub1val1");
    expect(sectionNamesAt(t, "main.sub2").map((s) => s.name)).toEqual(["subsub", "subsub1"]);
    expect(keysAt(t, "main.sub2").map((k) => k.name)).toEqual(["key2", "key3", "key1"]);
    expect(keysAt(t, "main.sub2.subsub").map((k) => k.value)).toEqual([
      "sub2subsubval1",
      "sub2subsubval3",
      "sub1subsubval2",
    ]);
  });

  it("templates (test_references_templates)", () => {
    const t = parse(
      "sub-def {\n key1 = sub1val1\n key2 = sub1val2\n subsub {\n  subkey1 = sub1subsubval1\n }\n}\n" +
        "subsub-def {\n subkey1 = sub1subval1\n subkey2 = sub1subval1\n}\n" +
        "main {\n sub1 : sub-def {\n  key1 = mainsub1val1\n  subsub : subsub-def {\n   subkey1 = mainsub1subval1\n  }\n }\n" +
        " sub2 : sub-def {\n  key2 = mainsub2val2\n  subsub {\n   subkey3 = mainsub2subsubval3\n  }\n }\n}",
    );
    expect(v(t, "main.sub1.key2")).toBe("sub1val2");
    expect(v(t, "main.sub1.subsub.subkey1")).toBe("mainsub1subval1");
    expect(v(t, "main.sub1.subsub.subkey2")).toBe("sub1subval1");
    expect(v(t, "main.sub2.subsub.subkey1")).toBe("sub1subsubval1");
    expect(v(t, "main.sub2.subsub.subkey2")).toBeNull();
  });

  it("reference loops terminate", () => {
    const t = parse("a : b { x = 1 }\nb : a { y = 2 }\n");
    expect(keysAt(t, "a").map((k) => k.name)).toEqual(["x", "y"]);
  });
});

describe("include", () => {
  it("includes relative to the including file, in glob order, inside the current section", () => {
    const t = parse("connections {\n  include conf.d/*.conf\n  z { version = 2 }\n}\n", {
      "/etc/swanctl/conf.d/b.conf": "b {\n  version = 1\n}\n",
      "/etc/swanctl/conf.d/a.conf": "a {\n  include ../more/x.conf\n}\n",
      "/etc/swanctl/more/x.conf": "version = 2 # comment\n",
      "/etc/swanctl/conf.d/.hidden.conf": "h { }\n",
    });
    expect(sectionNamesAt(t, "connections").map((s) => s.name)).toEqual(["a", "b", "z"]);
    expect(valueAt(t, "connections.a.version")!.origin).toEqual({
      file: "/etc/swanctl/more/x.conf",
      line: 1,
    });
    expect(valueAt(t, "connections.b.version")!.origin).toEqual({
      file: "/etc/swanctl/conf.d/b.conf",
      line: 2,
    });
    expect(valueAt(t, "connections.z.version")!.origin).toEqual({
      file: "/etc/swanctl/swanctl.conf",
      line: 3,
    });
    expect(t.files).toEqual([
      "/etc/swanctl/swanctl.conf",
      "/etc/swanctl/conf.d/a.conf",
      "/etc/swanctl/conf.d/b.conf",
      "/etc/swanctl/more/x.conf",
    ]);
  });

  it("quoted and escaped patterns; a value after an included file's last line without newline", () => {
    const t = parse('include "my dir/x.conf"\ninclude my\\ dir/y.conf\nq = 1', {
      "/etc/swanctl/my dir/x.conf": "a = 1",
      "/etc/swanctl/my dir/y.conf": "b = 2",
    });
    expect([v(t, "a"), v(t, "b"), v(t, "q")]).toEqual(["1", "2", "1"]);
  });

  it("a pattern matching nothing is skipped with a diagnostic (strongSwan logs and goes on)", () => {
    const t = parse("include missing/*.conf\na = 1\n");
    expect(v(t, "a")).toBe("1");
    expect(t.diagnostics).toEqual([
      {
        origin: { file: "/etc/swanctl/swanctl.conf", line: 1 },
        message: "no files found matching '/etc/swanctl/missing/*.conf' (include ignored)",
      },
    ]);
  });

  it("an unreadable included file is skipped with a diagnostic naming file and line", () => {
    const reader = memoryReader({ "/etc/swanctl/x.conf": "a = 1" });
    const t = parseSettings("b = 2\ninclude x.conf\n", "/etc/swanctl/swanctl.conf", {
      reader: {
        glob: reader.glob,
        read: () => {
          throw new IkecertError("FILE_UNREADABLE", "/etc/swanctl/x.conf: cannot read (EACCES)");
        },
      },
    });
    expect(v(t, "a")).toBeNull();
    expect(t.diagnostics[0]!.origin.line).toBe(2);
    expect(t.diagnostics[0]!.message).toMatch(/unable to open '\/etc\/swanctl\/x\.conf'.*EACCES/);
  });

  it("an include loop is an error at the include line", () => {
    expectConfigError(
      () =>
        parse("a = 1\ninclude other.conf\n", {
          "/etc/swanctl/swanctl.conf": "a = 1\ninclude other.conf\n",
          "/etc/swanctl/other.conf": "\n\ninclude swanctl.conf\n",
        }),
      /^\/etc\/swanctl\/other\.conf:3: include loop: '\/etc\/swanctl\/swanctl\.conf' includes itself/,
    );
  });

  it("includes nested too deep are an error", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`/etc/swanctl/f${i}.conf`] = `include f${i + 1}.conf\n`;
    expectConfigError(() => parse("include f0.conf\n", files), /includes nested deeper than 32 levels/);
  });

  it("a syntax error inside an included file names that file and line", () => {
    expectConfigError(
      () =>
        parse("connections {\n include c.conf\n}\n", {
          "/etc/swanctl/c.conf": "gw {\n  local {\n  = x }}\n",
        }),
      /^\/etc\/swanctl\/c\.conf:3: syntax error, unexpected '='/,
    );
  });

  it("an included file may close the section it was included in (includes work at the token level)", () => {
    expectConfigError(
      () => parse("connections {\n include c.conf\n}\n", { "/etc/swanctl/c.conf": "gw {\n}}\n" }),
      /^\/etc\/swanctl\/swanctl\.conf:3: syntax error, unexpected '\}'/,
    );
  });
});
