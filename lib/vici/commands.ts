/**
 * The commands and events ikecert may use over VICI: an explicit allowlist of requests that only read
 * the daemon's state. Anything else (load-*, unload-*, initiate, terminate, rekey, redirect, install,
 * uninstall, clear-creds, flush-certs, reset-counters, reload-settings, ...) is refused by the client
 * before a byte is sent. `since` is the strongSwan release that added the command (found with
 * `git tag --contains` on the commit that registered it in src/libcharon/plugins/vici/); it is only
 * quoted in the note printed when a daemon answers that it does not know a command.
 */

export interface CommandSpec {
  /** the release that added it */
  since: string;
  /** the event a streaming command raises once per item before its response */
  streams: string | null;
  /** what it answers, in a few words */
  summary: string;
}

export const READ_ONLY_COMMANDS = {
  version: { since: "5.2.0", streams: null, summary: "daemon name and strongSwan version" },
  stats: { since: "5.2.0", streams: null, summary: "uptime, IKE_SA counts and the loaded plugins" },
  "get-conns": { since: "5.2.0", streams: null, summary: "names of the connections loaded over vici" },
  "list-conns": { since: "5.2.0", streams: "list-conn", summary: "every loaded connection" },
  "list-certs": { since: "5.2.0", streams: "list-cert", summary: "every certificate charon holds" },
  "list-authorities": {
    since: "5.3.3",
    streams: "list-authority",
    summary: "the certification authority sections loaded",
  },
  "get-authorities": { since: "5.3.3", streams: null, summary: "names of the authorities loaded" },
  "list-sas": { since: "5.2.0", streams: "list-sa", summary: "the IKE_SAs and their CHILD_SAs" },
  "get-pools": { since: "5.2.0", streams: null, summary: "the virtual IP pools" },
  "get-keys": {
    since: "5.5.2",
    streams: null,
    summary: "key ids of the private keys loaded over vici",
  },
  "get-shared": {
    since: "5.5.2",
    streams: null,
    summary: "ids of the shared secrets loaded over vici (never the secrets)",
  },
  "get-algorithms": {
    since: "5.4.0",
    streams: null,
    summary: "the algorithms and the plugins providing them",
  },
  "get-counters": { since: "5.6.1", streams: null, summary: "IKE event counters" },
} as const satisfies Record<string, CommandSpec>;

export type ReadOnlyCommand = keyof typeof READ_ONLY_COMMANDS;

/** Events a client may register for: the two `live --follow` needs and those the list commands stream. */
export const READ_ONLY_EVENTS = [
  "log",
  "ike-updown",
  "list-conn",
  "list-cert",
  "list-authority",
  "list-sa",
] as const;
export type ReadOnlyEvent = (typeof READ_ONLY_EVENTS)[number];

export function isReadOnlyCommand(name: string): name is ReadOnlyCommand {
  return Object.hasOwn(READ_ONLY_COMMANDS, name);
}

export function isReadOnlyEvent(name: string): name is ReadOnlyEvent {
  return (READ_ONLY_EVENTS as readonly string[]).includes(name);
}
