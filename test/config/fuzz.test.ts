import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IkecertError } from "../../lib/errors.js";
import { memoryReader, parseIpsecConf, parseIpsecSecrets, parseSwanctlConf } from "../../lib/index.js";

// Arbitrary text never escapes as anything but an IkecertError (design §7), and every error is one line
// starting with file:line (of the main file, or of the included file the error is in).
const alphabet = fc.constantFrom(
  ...'{}=:,.#"\\ \t\r\nabcx0@%-_/*'.split(""),
  "include ",
  "conn ",
  "also=",
  ": PSK ",
);
const text = fc.array(alphabet, { maxLength: 200 }).map((a) => a.join(""));
const reader = memoryReader({ "/c/a.conf": "x = 1\n", "/c/main": "include main\n" });

function onlyConfigErrors(f: () => unknown) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IkecertError);
    expect((e as IkecertError).message).toMatch(/^\/c\/(main|a\.conf):\d+: [^\n]+$/);
  }
}

describe("parsers on arbitrary text", () => {
  it.each([
    ["swanctl.conf", (t: string) => parseSwanctlConf(t, "/c/main", { reader })],
    ["ipsec.conf", (t: string) => parseIpsecConf(t, "/c/main", { reader })],
    ["ipsec.secrets", (t: string) => parseIpsecSecrets(t, "/c/main", { reader })],
  ])("%s", (_name, parse) => {
    fc.assert(
      fc.property(text, (t) => onlyConfigErrors(() => parse(t))),
      { numRuns: 400 },
    );
  });
});
