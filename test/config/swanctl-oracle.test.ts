import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryReader } from "../../lib/config/reader.js";
import { keysAt, parseSettings, type SettingsTree, sectionNamesAt } from "../../lib/config/settings.js";
import { parseSwanctlConf } from "../../lib/config/swanctl.js";
import { IkecertError } from "../../lib/errors.js";
import { needs } from "../needs.js";
import { swanctlLoadConns, type ViciSection } from "./vici-oracle.js";

// Differential tier: our settings parser against the real swanctl (via a fake vici socket).

const LIST_KEYS = new Set([
  "local_addrs",
  "remote_addrs",
  "proposals",
  "esp_proposals",
  "ah_proposals",
  "local_ts",
  "remote_ts",
  "vips",
  "pools",
  "groups",
  "cert_policy",
]);

/** enumerator_create_token(value, ",", " ") as swanctl splits list keys */
const split = (v: string) =>
  v
    .split(",")
    .map((s) => s.replace(/^ +| +$/g, ""))
    .filter((s) => s !== "");

const FILE_KEYS: Record<string, string> = { certs: "x509", cacerts: "x509ca", pubkeys: "pubkey" };

/** swanctl sends certs/cacerts/pubkeys as the files' contents */
function render(tree: SettingsTree, path: string, files: Record<string, string>): ViciSection {
  const out: ViciSection = keysAt(tree, path).map((k) => {
    const folder = FILE_KEYS[k.name];
    if (folder) return [k.name, split(k.value!).map((f) => files[`${folder}/${f}`] ?? "(missing)")];
    return [k.name, LIST_KEYS.has(k.name.toLowerCase()) ? split(k.value!) : k.value!];
  });
  for (const s of sectionNamesAt(tree, path)) out.push([s.name, render(tree, `${path}.${s.name}`, files)]);
  return out;
}

function ours(conf: string, files: Record<string, string>): ViciSection[] | string {
  const all: Record<string, string> = { "/d/swanctl.conf": conf };
  for (const [n, t] of Object.entries(files)) all[`/d/${n}`] = t;
  try {
    const tree = parseSettings(conf, "/d/swanctl.conf", { reader: memoryReader(all) });
    return sectionNamesAt(tree, "connections").map((c) => [
      [c.name, render(tree, `connections.${c.name}`, files)],
    ]);
  } catch (e) {
    if (e instanceof IkecertError) return `invalid at line ${/:(\d+): /.exec(e.message)?.[1]}`;
    throw e;
  }
}

const EX = join(import.meta.dirname, "examples");
const certs = Object.fromEntries(
  ["x509/moonCert.pem", "x509/carolCert.pem", "x509ca/researchCert.pem", "x509ca/salesCert.pem"].map((f) => [
    f,
    f,
  ]),
);
const examples = readdirSync(EX)
  .filter((f) => f.endsWith(".swanctl.conf"))
  .map((f): [string, string, Record<string, string>] => [
    `example ${f}`,
    readFileSync(join(EX, f), "utf8"),
    certs,
  ]);

const CASES: [string, string, Record<string, string>?][] = [
  ...examples,
  [
    "duplicates and merged sections",
    "connections {\n a { version = 1\n proposals = x\n }\n b { }\n a { version = 2\n local { id = 1 }\n local { auth = psk }\n }\n}\n",
  ],
  [
    "references and templates",
    "tpl { version = 2\n local { auth = pubkey\n id = t }\n children { c { esp_proposals = aes } }\n}\n" +
      "connections {\n x : tpl { local { id = mine } }\n y : tpl { version =\n remote { } }\n}\n",
  ],
  [
    "includes: glob order, relative, inside a section, closing a section",
    "connections {\n include conf.d/*.conf\n z { version = 1 }\n}\n",
    {
      "conf.d/b.conf": "b { remote_addrs = 2 }\n",
      "conf.d/a.conf": "a { remote_addrs = 1\n include ../frag.inc\n",
      "frag.inc": "local { id = inc }\n}\n",
    },
  ],
  [
    "strings, escapes, joins, comments",
    'connections {\n s { local { id = "C=CH, O=a\\"b" # c\n eap_id = a    b\tc\n aaa_id = "x\n y" z\n' +
      ' xauth_id = "p\\\nq"\n ca_id = a"b"c\n }\n remote{id=x#y\n}\n }\n}\n',
  ],
  [
    "list splitting",
    'connections {\n l {\n local_addrs = a,,b , c ,\n remote_addrs = , \n proposals = "x, y" z\n }\n}\n',
  ],
  ["CRLF", "connections {\r\n c {\r\n  version = 2\r\n  local {\r\n   id = crlf\r\n  }\r\n }\r\n}\r\n"],
  [
    "empty and odd names",
    "connections {\n n-1_2x@y { local-2 { round = 2 } remote-eap { } children { c1 {} } }\n}\n",
  ],
  ["include of a missing file is skipped", "include nothere.conf\nconnections {\n a { version = 1 }\n}\n"],
  ["invalid: quoted key", 'connections {\n "a" = b\n}\n'],
  ["invalid: unterminated section", "connections {\n a {\n"],
  ["invalid: dot in name", "connections {\n a.b { }\n}\n"],
];

describe.runIf(needs("swanctl.conf parsing", ["swanctl"]))(
  "swanctl.conf: ikecert agrees with swanctl",
  () => {
    it.each(CASES)("%s", async (_name, conf, files = {}) => {
      const real = await swanctlLoadConns(conf, files);
      expect(real.code).toBe(0);
      // swanctl reports a syntax error on stderr (with file:line unless it is at the end of the file),
      // then loads nothing (and exits 0)
      const invalid = /invalid config file/.test(real.stderr);
      const line = /swanctl\.conf:(\d+): /.exec(real.stderr)?.[1];
      const expected = !invalid
        ? real.conns
        : line
          ? `invalid at line ${line}`
          : expect.stringMatching(/^invalid at line \d+$/);
      expect(ours(conf, files)).toEqual(expected);
    });

    it("a '%' in a connection name: swanctl drops the connection's settings; ikecert says so", async () => {
      const conf = "connections {\n b%x { version = 2\n local { id = x } }\n}\n";
      const real = await swanctlLoadConns(conf);
      expect(real.conns).toEqual([[["b%x", []]]]);
      const m = parseSwanctlConf(conf, "swanctl.conf");
      expect(m.diagnostics[0]!.origin.line).toBe(2);
      expect(m.diagnostics[0]!.message).toMatch(/contains '%'/);
    });
  },
);
