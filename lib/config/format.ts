/**
 * swanctl.conf or ipsec.conf, told by what the file holds rather than by its name: people keep
 * configurations in repositories as `moon.ipsec.conf` or `gateway.conf`. The two grammars share
 * little: ipsec.conf has unindented `config setup`, `conn NAME` and `ca NAME` headers over indented
 * `key=value` lines (src/starter/parser/parser.y); swanctl.conf is strongswan.conf's settings
 * syntax, sections in braces (`connections {`, `secrets {`; src/libstrongswan/settings/).
 */
export type ConfigFormat = "swanctl" | "ipsec";

/** The configuration formats ikecert reads: swanctl.conf and ipsec.conf. */
export const CONFIG_FORMATS: readonly ConfigFormat[] = ["swanctl", "ipsec"];

const IPSEC_HEADER =
  /^(?:config\s+setup|conn\s+[^\s{}=#]+|ca\s+[^\s{}=#]+|version\s+\d+(?:\.\d+)?)\s*(?:#.*)?$/;
const SETTINGS_SECTION = /^\s*[^\s{}=#]+(?:\s*:\s*[^\s{}=#]+)?\s*\{/;

/**
 * The format the text is written in, or null when it does not say (empty, only comments and
 * includes, or both kinds of line): then the file name decides.
 */
export function configFormatOf(text: string): ConfigFormat | null {
  let ipsec = false;
  let swanctl = false;
  for (const line of text.split(/\r?\n/, 5000)) {
    if (IPSEC_HEADER.test(line)) ipsec = true;
    else if (SETTINGS_SECTION.test(line)) swanctl = true;
    if (ipsec && swanctl) return null;
  }
  return ipsec ? "ipsec" : swanctl ? "swanctl" : null;
}

/** The format a file's name suggests: `ipsec.conf` and `*.ipsec.conf` are ipsec.conf, the rest swanctl.conf. */
export function configFormatOfName(name: string): ConfigFormat {
  return /(?:^|[./_-])ipsec\.conf$/.test(name) ? "ipsec" : "swanctl";
}
