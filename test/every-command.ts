import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * One invocation of every command of the CLI (and their --json forms) over a fixtures tree, for the
 * tests that must hold for all of them: nothing is written (test/no-write.test.ts) and nothing needs
 * the network (test/strongswan/offline.test.ts). Add audit and handshake here when they land on main.
 * Everything is deterministic: a fixed --at where a command takes one, no --generate.
 */
export interface Invocation {
  name: string;
  args: string[];
  env?: Record<string, string>;
  input?: string;
}

const AT = ["--at", "2026-06-01T00:00:00Z"];

export function everyCommand(fx: string, passphraseFile: string): Invocation[] {
  const s = (p: string) => join(fx, "sample", p);
  const pass = ["--passphrase-file", passphraseFile];
  const log = join(fx, "..", "charon-robust.log");
  const base: Invocation[] = [
    {
      name: "inspect every fixture file",
      args: [
        "inspect",
        ...AT,
        ...pass,
        ...[
          "sample/x509",
          "sample/x509ca",
          "sample/private",
          "keys",
          "pkcs12",
          "openssl",
          "pki",
          "broken",
        ].flatMap((d) =>
          readdirSync(join(fx, d))
            .filter((n) => /\.(pem|der|key|p12|pub|csr)$/.test(n))
            .sort()
            .map((n) => join(fx, d, n)),
        ),
      ],
    },
    {
      name: "id",
      args: [
        "id",
        s("x509/gateway.pem"),
        "vpn.example.com",
        "@vpn.example.com",
        "C=CH, O=Example VPN, CN=vpn.example.com",
        "192.0.2.1",
      ],
    },
    { name: "pair with a key folder", args: ["pair", ...AT, ...pass, s("x509/gateway.pem"), s("private")] },
    {
      name: "pair with PKCS#12 and encrypted keys",
      args: ["pair", ...AT, ...pass, join(fx, "pkcs12/leaf.pem"), join(fx, "pkcs12"), join(fx, "keys")],
    },
    { name: "chain", args: ["chain", ...AT, s("x509/gateway.pem"), "--ca", s("x509ca")] },
    {
      name: "chain, missing issuer",
      args: ["chain", ...AT, s("x509/gateway.pem"), "--ca", s("x509ca/root.pem")],
    },
    {
      name: "size",
      args: [
        "size",
        s("x509/gateway.pem"),
        "--intermediate",
        s("x509ca/intermediate.pem"),
        "--ca",
        s("x509ca"),
      ],
    },
    { name: "audit a swanctl folder", args: ["audit", ...AT, join(fx, "audit/swanctl")] },
    { name: "audit an ipsec.conf folder", args: ["audit", ...AT, join(fx, "audit/ipsec")] },
    {
      name: "handshake",
      args: [
        "handshake",
        ...AT,
        "--initiator",
        `${join(fx, "handshake/road-warrior")}:home`,
        "--responder",
        `${s("")}:rw`,
      ],
    },
    { name: "size --config", args: ["size", "--config", `${s("")}:rw`, "--role", "responder"] },
    { name: "explain a log", args: ["explain", "--log", log] },
    { name: "explain lines", args: ["explain", "no trusted RSA public key found for 'vpn.example.com'"] },
    { name: "psk from a file", args: ["psk", "--file", join(fx, "keys/PASSPHRASE.txt")] },
    { name: "psk from stdin", args: ["psk"], input: "correct horse battery staple\n" },
  ];
  return base.flatMap((inv) => [
    inv,
    { ...inv, name: `${inv.name} --json`, args: [inv.args[0]!, "--json", ...inv.args.slice(1)] },
  ]);
}

export const SAMPLE_LOG = `Nov 27 10:00:01 08[IKE] <1> 10.213.0.1 is initiating an IKE_SA
Nov 27 10:00:01 08[CFG] <1> looking for peer configs matching 10.213.0.2[vpn.example.com]...10.213.0.1[client.example.com]
Nov 27 10:00:01 08[CFG] <1> no matching peer config found
Nov 27 10:00:01 09[IKE] <rw|2> no trusted ECDSA public key found for 'rw.example.com'
`;
