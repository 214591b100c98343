import { describe, expect, it } from "vitest";
import { effectiveKeys, parseIpsecTree } from "../lib/config/ipsec-parser.js";
import { globSegmentRegExp } from "../lib/config/reader.js";
import { MAX_SECTION_DEPTH } from "../lib/config/settings.js";
import {
  checkPsk,
  IkecertError,
  memoryReader,
  parseBytes,
  parseDnString,
  parseIdentity,
  parseIpsecConf,
  parseSwanctlConf,
} from "../lib/index.js";

/** Each bug the fuzz harness found (issue 10), fixed at its root in lib/, stays fixed. */

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

describe("fuzz regressions", () => {
  it("a glob range written backwards ([z-a]) in an include matches nothing instead of throwing SyntaxError", () => {
    expect(globSegmentRegExp("[z-a]*.conf").test("a.conf")).toBe(false);
    expect(globSegmentRegExp("[!z-a].conf").test("x.conf")).toBe(true);
    expect(globSegmentRegExp("[a-c].conf").test("b.conf")).toBe(true);
    const reader = memoryReader({ "/c/a.conf": "x = 1\n" });
    const conf = parseSwanctlConf("include [z-a]*.conf\n", "/c/swanctl.conf", { reader });
    expect(conf.diagnostics.map((d) => d.message)).toEqual([
      "no files found matching '/c/[z-a]*.conf' (include ignored)",
    ]);
  });

  it("sections nested 10,000 deep are a one-line CONFIG_INVALID, not a stack overflow", () => {
    const deep = (n: number) => `${"a {\n".repeat(n)}${"}\n".repeat(n)}`;
    const e = thrown(() => parseSwanctlConf(deep(10_000), "/c/swanctl.conf"));
    expect(e).toBeInstanceOf(IkecertError);
    expect((e as IkecertError).code).toBe("CONFIG_INVALID");
    expect((e as IkecertError).message).toBe(
      `/c/swanctl.conf:${MAX_SECTION_DEPTH + 1}: sections nested deeper than ${MAX_SECTION_DEPTH} levels`,
    );
    // the deepest nesting allowed still parses
    expect(parseSwanctlConf(deep(MAX_SECTION_DEPTH), "/c/swanctl.conf").connections).toEqual([]);
  });

  it("a carriage return (or an ANSI escape) in a config name is escaped in the message: one line, no terminal control", () => {
    const e = thrown(() => parseIpsecConf("conn a\n  right\r192.168.0.2\n", "/c/ipsec.conf")) as IkecertError;
    expect(e).toBeInstanceOf(IkecertError);
    expect(e.message).toContain("right\\r192.168.0.2");
    expect(new IkecertError("USAGE", "bad \u001b[31mred\u001b[0m name\u0000").message).toBe(
      "bad \\x1b[31mred\\x1b[0m name\\x00",
    );
    expect(new IkecertError("USAGE", "two\nlines").message).toBe("two lines");
  });

  it("a long repeated pre-shared key is scored fast and as weak (zxcvbn only sees what is not a repeat)", async () => {
    await checkPsk("warm-up");
    const key = "password1".repeat(12);
    let best = Number.POSITIVE_INFINITY;
    let r = await checkPsk(key);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      r = await checkPsk(key);
      best = Math.min(best, performance.now() - t);
    }
    expect(best).toBeLessThan(50);
    expect(r.verdict).toBe("weak");
    expect(r.reasons.join(" ")).toMatch(/a repeated part/);
    // a key of random characters is still strong, and words later in a long key are still seen
    expect((await checkPsk("v+NkxY9LLZvwj4qCC2o/gGrWDF2d21jLv+Nk-Zq8#rT2mW")).verdict).toBe("strong");
    expect((await checkPsk("Zq8#rT2mWv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jLpassword")).reasons.join(" ")).toMatch(
      /common word or password/,
    );
  });

  it("a PEM file with more blocks than --max-pem-blocks is refused before any block is decoded", async () => {
    const block = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    const e = await parseBytes(new Uint8Array(Buffer.from(block.repeat(101))), "many.pem", {
      limits: { maxPemBlocks: 100 },
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IkecertError);
    expect((e as IkecertError).code).toBe("TOO_MANY_PEM_BLOCKS");
  });

  it("an identity longer than an IKE ID payload can carry is IDENTITY_INVALID", () => {
    const e = thrown(() => parseIdentity(`@${"a".repeat(70_000)}`)) as IkecertError;
    expect(e).toBeInstanceOf(IkecertError);
    expect(e.code).toBe("IDENTITY_INVALID");
    expect(e.message).toBe(
      "an identity of 70001 bytes is longer than an IKE ID payload can carry (65527 bytes, RFC 7296 section 3.5)",
    );
    expect(parseIdentity(`@${"a".repeat(65_526)}`).typeName).toBe("ID_FQDN");
    // multi-byte characters count as bytes
    expect(thrown(() => parseIdentity(`CN=${"é".repeat(40_000)}`))).toBeInstanceOf(IkecertError);
  });

  it("atodn stops reading at an unknown attribute (the outcome cannot change after it)", () => {
    const r = parseDnString(new Uint8Array(Buffer.from(`FOO=bar, CN=${"x, CN=y".repeat(100_000)}`)));
    expect(r).toEqual({ der: null, failure: "unknown-attribute", unknown: "FOO" });
  });
});

/** Found by the include, also= and secrets mutations of issue 20 (test/fuzz/special-files.ts). */
describe("fuzz regressions (issue 20)", () => {
  /** a memory reader that counts the files read */
  const counting = (files: Record<string, string>) => {
    const inner = memoryReader(files);
    const read: string[] = [];
    return {
      read,
      reader: {
        ...inner,
        read: (p: string) => {
          read.push(p);
          return inner.read(p);
        },
      },
    };
  };

  it("ipsec.conf: a syntax error stops the reading; includes after it are never opened", () => {
    const { read, reader } = counting({ "/c/a.conf": "conn a\n  right=192.0.2.1\n" });
    const e = thrown(() =>
      parseIpsecConf("conn x\n  right=1\nnot a setting\ninclude /c/a.conf\n", "/c/ipsec.conf", { reader }),
    );
    expect((e as IkecertError).message).toBe("/c/ipsec.conf:3: syntax error, unexpected 'not'");
    expect(read).toEqual([]);
    parseIpsecConf("conn x\n  right=1\ninclude /c/a.conf\n", "/c/ipsec.conf", { reader });
    expect(read).toEqual(["/c/a.conf"]);
  });

  it("ipsec.conf: thousands of also= in one section resolve as few do (the last also= wins)", () => {
    const conf = (alsos: string) =>
      `conn a\n${alsos}  auto=add\nconn x\n  leftid=@x\n  rightid=@xr\nconn y\n  leftid=@y\n`;
    const ids = (alsos: string) => {
      const t = parseIpsecTree(conf(alsos), "/c/ipsec.conf", null);
      const k = effectiveKeys(t.conns.get("a")!);
      return [k.get("leftid")?.value, k.get("rightid")?.value, t.conns.get("a")!.parents!.map((p) => p.name)];
    };
    expect(ids("  also=x\n  also=y\n  also=x\n")).toEqual(["@y", "@xr", ["y", "x"]]);
    expect(ids("  also=y\n  also=x\n")).toEqual(["@x", "@xr", ["x", "y"]]);
    expect(ids(`${"  also=x\n".repeat(5000)}  also=y\n`)).toEqual(["@y", "@xr", ["y", "x"]]);
  });
});
