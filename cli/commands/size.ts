import type { Command } from "commander";
import { sizeFindings } from "../../lib/checks/size/findings.js";
import { estimateIkeAuthSize, type SizeOptions } from "../../lib/checks/size/ike-auth.js";
import { estimateSetup, type SetupResult, type SetupSide } from "../../lib/checks/size/setup.js";
import { IkecertError } from "../../lib/errors.js";
import { type LoadedFile, loadFile } from "../../lib/input/load.js";
import { loadStrongswanConf } from "../../lib/input/strongswan-conf-file.js";
import { swanctlProposals } from "../../lib/proposals/configured.js";
import type { Certificate } from "../../lib/x509/certificate.js";
import { addCommonOptions, type CommonOptions, collect, envelope, loadOptions } from "../common.js";
import { renderFindings, verdict, withRules } from "../render.js";
import { sizeFromConfig } from "./size-config.js";
import { fragmentSizeLine, fragmentSizeOf, headline, int, renderSetup, renderSize } from "./size-render.js";

interface SizeCliOptions extends CommonOptions {
  config?: string;
  peer?: string;
  intermediate?: string[];
  ca?: string[];
  cacerts?: string;
  mtu?: string;
  fragmentSize?: string;
  strongswanConf?: string;
  ipv6?: boolean;
  natt?: boolean;
  ikev1?: boolean;
  role?: string;
  id?: string;
  remoteId?: string;
  childless?: boolean;
  fragmentation?: boolean;
  cipher?: string;
  proposals?: string;
  espProposals?: string;
}

function certs(f: LoadedFile): Certificate[] {
  return f.items.filter((i): i is Certificate & LoadedFile["items"][number] => "tbs" in i);
}

function proposalList(protocol: "IKE" | "ESP", text: string, option: string, release?: string) {
  const r = swanctlProposals(
    protocol,
    text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    { strongswan: release },
  );
  if (r.error)
    throw new IkecertError(
      "USAGE",
      `${option}: charon refuses '${r.error.item}' (${r.error.logs[0] ?? "empty"}); write e.g. aes256gcm16-prfsha384-ecp384`,
    );
  return r.proposals;
}

export function registerSize(program: Command): void {
  const cmd = program
    .command("size")
    .description(
      "estimate every message of the IKE setup (IKE_SA_INIT, IKE_AUTH) charon sends with this certificate and these proposals, and how it is fragmented",
    )
    .argument("[cert]", "own end-entity certificate (PEM/DER/PKCS#12; the first certificate is used)")
    .option(
      "--config <dir[:conn]>",
      "take certificate, intermediates, ids, CERTREQ and proposals from a swanctl/ipsec.conf folder (connection CONN, default the first)",
    )
    .option(
      "--peer <dir[:conn]>",
      "with --config: the peer's folder (its proposals, whether it sends a CERTREQ, how many CAs it lists)",
    )
    .option(
      "--intermediate <file>",
      "an intermediate CA certificate charon sends along (repeatable)",
      collect,
    )
    .option(
      "--ca <dir>",
      "this host's trusted CA folder (x509ca/): its CA certificates fill the CERTREQ (repeatable)",
      collect,
    )
    .option("--cacerts <n>", "number of CAs listed in the CERTREQ (instead of --ca)")
    .option("--role <role>", "initiator (IKE_AUTH request) or responder (response)", "initiator")
    .option("--id <id>", "own identity (default: the certificate's subject DN, as swanctl does)")
    .option("--remote-id <id>", "the peer's identity, sent as IDr by an initiator")
    .option(
      "--proposals <list>",
      "own IKE proposals as in swanctl.conf, comma separated (default: charon's); the peer is assumed to have the same",
    )
    .option("--esp-proposals <list>", "own CHILD_SA proposals as in swanctl.conf (default: charon's)")
    .option("--mtu <n>", "path MTU in bytes", "1500")
    .option(
      "--fragment-size <n>",
      "charon.fragment_size, the whole IP datagram of a fragment; 0: 576 on IPv4, 1280 on IPv6 (default: strongswan.conf's, else 1280)",
    )
    .option(
      "--strongswan-conf <file>",
      "this host's strongswan.conf, for charon.fragment_size (with --config: default the one beside the folder, as audit finds it)",
    )
    .option("--ipv6", "IPv6 (40-byte IP header)")
    .option(
      "--no-natt",
      "IKE_AUTH on UDP 500 (no NAT and MOBIKE off); default UDP 4500 with the non-ESP marker",
    )
    .option("--childless", "no CHILD_SA in IKE_AUTH (childless = force)")
    .option("--no-fragmentation", "fragmentation = no (or a peer without IKE fragmentation)")
    .option(
      "--cipher <c>",
      "shorthand for --proposals: aes-cbc (aes128-sha256-x25519) or aes-gcm (aes128gcm16-prfsha256-x25519)",
    )
    .option("--ikev1", "IKEv1 Main Mode message with the certificate instead");
  addCommonOptions(cmd, { input: true, config: true, release: true });
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert size gateway.pem --intermediate intermediate.pem --ca /etc/swanctl/x509ca/
  ikecert size client.pem --proposals aes256gcm16-prfsha384-ecp384 --esp-proposals aes256gcm16
  ikecert size client.pem --proposals aes256-sha384-modp8192 --mtu 1400
  ikecert size client.pem --cacerts 20 --mtu 1400 --json
  ikecert size client.pem --ikev1 --no-fragmentation
  ikecert size --config /etc/swanctl:rw --role responder --peer ./client-swanctl
  ikecert size client.pem --strongswan-conf /etc/strongswan.conf --mtu 1400
Every message is framed as RFC 7296/7427/7383 and charon build it: the SA payloads as configured,
the KE of the first DH group, the SK payload of the negotiated cipher. Checked byte for byte
against charon 5.9.8 in tests.`,
  );
  cmd.action(async (file: string | undefined, o: SizeCliOptions) => {
    const lo = loadOptions(o);
    if (o.config) {
      if (file) throw new IkecertError("USAGE", "give either a certificate or --config, not both");
      for (const [set, name] of [
        [o.proposals, "--proposals"],
        [o.espProposals, "--esp-proposals"],
        [o.cipher, "--cipher"],
      ] as const)
        if (set !== undefined)
          throw new IkecertError(
            "USAGE",
            `${name} does not go with --config: the connection's proposals apply`,
          );
      return sizeFromConfig(o, { ...lo, format: o.format });
    }
    if (o.peer) throw new IkecertError("USAGE", "--peer needs --config");
    if (!file) throw new IkecertError("USAGE", "give a certificate, or --config DIR[:CONN]");
    const own = certs(await loadFile(file, lo));
    if (own.length === 0) throw new IkecertError("WRONG_KIND", `${file}: holds no certificate`, file);
    const intermediates: Certificate[] = [];
    for (const f of o.intermediate ?? []) intermediates.push(...certs(await loadFile(f, lo)));
    if (o.role !== "initiator" && o.role !== "responder")
      throw new IkecertError("USAGE", `--role is initiator or responder, not "${o.role}"`);
    if (o.cipher !== undefined && o.cipher !== "aes-cbc" && o.cipher !== "aes-gcm")
      throw new IkecertError("USAGE", `--cipher is aes-cbc or aes-gcm, not "${o.cipher}"`);
    if (o.cipher && o.proposals) throw new IkecertError("USAGE", "give --cipher or --proposals, not both");
    let cas = int("--cacerts", o.cacerts, 0);
    // the CA certificates of --ca: their count (IKEv2 CERTREQ: a hash each), their DNs (IKEv1: one each)
    const caDns: Uint8Array[] = [];
    if (cas === undefined && o.ca) {
      const { expandPaths } = await import("../paths.js");
      for (const f of await expandPaths(o.ca))
        for (const c of certs(await loadFile(f, lo))) if (c.basicConstraints?.ca) caDns.push(c.subject.der);
      cas = caDns.length;
    }
    const fragment = fragmentSizeOf(
      o.fragmentSize,
      o.strongswanConf ? loadStrongswanConf(o.strongswanConf, lo) : null,
      { ipv6: !!o.ipv6, strongswan: o.strongswan },
    );
    const opts: SizeOptions = {
      role: o.role,
      certificate: own[0]!,
      intermediates,
      idi: o.id,
      idr: o.remoteId,
      certreqCas: cas ?? 1,
      ...(caDns.length ? { certreqCaDns: caDns } : {}),
      natt: o.natt !== false,
      ipv6: !!o.ipv6,
      mtu: int("--mtu", o.mtu, 68),
      fragmentSize: fragment.value,
      childless: !!o.childless,
      fragmentation: o.fragmentation !== false,
      ikev1: !!o.ikev1,
      strongswan: o.strongswan,
    };
    const ikeText =
      o.proposals ??
      (o.cipher === "aes-gcm"
        ? "aes128gcm16-prfsha256-x25519"
        : o.cipher
          ? "aes128-sha256-x25519"
          : undefined);
    const setup = o.ikev1 ? null : ownSetup(opts, o, ikeText);
    const r = setup?.auth[o.role] ?? estimateIkeAuthSize(opts);
    const findings = [...sizeFindings(r, opts), ...(setup?.findings ?? [])];
    const ok = !findings.some((f) => f.severity === "error");
    const result = {
      ...r,
      ...(setup
        ? {
            proposals: {
              ike: setup.ike.selected ? fmt(setup, "ike") : null,
              esp: setup.child?.selected ? fmt(setup, "child") : null,
            },
            messages: setup.messages,
          }
        : {}),
      fragmentSizeFrom: { source: fragment.from, setting: fragment.key, origin: fragment.origin },
    };
    if (o.json) process.stdout.write(envelope("size", ok, findings, result, o.release));
    else {
      const what = o.ikev1
        ? `IKEv1 Main Mode message with the certificate (${o.role})`
        : `IKE_AUTH ${o.role === "initiator" ? "request" : "response"} of the ${o.role}`;
      const peer = "a peer that has the same proposals";
      process.stdout.write(
        withRules(
          `${verdict(ok, headline(r, setup))}\n${fragmentSizeLine(fragment)}${renderSize(r, what)}${setup ? `\n${renderSetup(setup, peer)}` : ""}${findings.length ? `\n${renderFindings(findings)}` : ""}`,
          o.release,
        ),
      );
    }
    process.exitCode = ok ? 0 : 1;
  });
}

function fmt(s: SetupResult, which: "ike" | "child"): string | null {
  const logs = which === "ike" ? s.ike.responderLogs : (s.child?.responderLogs ?? []);
  return logs.find((x) => x.text.startsWith("selected proposal: "))?.text.slice(19) ?? null;
}

/** This side from the options; the peer has the same proposals (it accepts this side's first). */
function ownSetup(opts: SizeOptions, o: SizeCliOptions, ikeText: string | undefined): SetupResult {
  const me: SetupSide = {
    ike: ikeText
      ? proposalList("IKE", ikeText, o.proposals ? "--proposals" : "--cipher", o.strongswan)
      : undefined,
    child: o.childless
      ? null
      : o.espProposals
        ? proposalList("ESP", o.espProposals, "--esp-proposals", o.strongswan)
        : undefined,
    fragmentation: opts.fragmentation === false ? "no" : "yes",
    auth: {
      certificate: opts.certificate,
      intermediates: opts.intermediates,
      idi: opts.idi,
      idr: opts.idr,
      certreqCas: opts.role === "initiator" ? opts.certreqCas : 0,
      childless: !!o.childless,
    },
    // a responder's CERTREQ travels in IKE_SA_INIT; an initiator is asked for its certificate
    cas: opts.role === "responder" ? (opts.certreqCas ?? 1) : 1,
  };
  const peer: SetupSide = { ike: me.ike, child: me.child, cas: 1 };
  return estimateSetup({
    initiator: opts.role === "initiator" ? me : peer,
    responder: opts.role === "responder" ? me : peer,
    strongswan: opts.strongswan,
    mtu: opts.mtu,
    fragmentSize: opts.fragmentSize,
    ipv6: opts.ipv6,
    natt: opts.natt,
  });
}
