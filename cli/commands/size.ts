import type { Command } from "commander";
import {
  type Certificate,
  estimateIkeAuthSize,
  IkecertError,
  type LoadedFile,
  loadFile,
  type SizeOptions,
  type SizeResult,
  sizeFindings,
} from "../../lib/index.js";
import { addCommonOptions, type CommonOptions, collect, envelope, loadOptions } from "../common.js";
import { renderFindings, verdict, withRules } from "../render.js";
import { sizeFromConfig } from "./size-config.js";

interface SizeCliOptions extends CommonOptions {
  config?: string;
  peer?: string;
  intermediate?: string[];
  ca?: string[];
  cacerts?: string;
  mtu?: string;
  fragmentSize?: string;
  ipv6?: boolean;
  natt?: boolean;
  ikev1?: boolean;
  role?: string;
  id?: string;
  remoteId?: string;
  childless?: boolean;
  fragmentation?: boolean;
  cipher?: string;
}

function certs(f: LoadedFile): Certificate[] {
  return f.items.filter((i): i is Certificate & LoadedFile["items"][number] => "tbs" in i);
}

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new IkecertError("USAGE", `${name} needs a whole number of at least ${min}, not "${v}"`);
  return Number(v);
}

export function renderSize(r: SizeResult, what: string): string {
  const l: string[] = [];
  const frag =
    r.fragments > 1
      ? `split into ${r.fragments} fragments of at most ${r.fragmentSize} bytes`
      : "sent unfragmented";
  l.push(`${what}: ${r.bytes} bytes (IP datagram ${r.datagram} bytes, path MTU ${r.mtu}), ${frag}`);
  l.push("  payloads:");
  for (const p of r.payloads) l.push(`    ${p.name.padEnd(34)} ${String(p.bytes).padStart(5)}`);
  if (r.shrink.length) {
    l.push("  what shrinks it:");
    for (const s of r.shrink)
      l.push(
        `    - ${s.what}: ${s.bytes} bytes, ${s.fragments} fragment${s.fragments === 1 ? "" : "s"} (saves ${s.saves})`,
      );
  }
  return `${l.join("\n")}\n`;
}

export function registerSize(program: Command): void {
  const cmd = program
    .command("size")
    .description("estimate the IKE_AUTH message charon sends with this certificate, and how it is fragmented")
    .argument("[cert]", "own end-entity certificate (PEM/DER/PKCS#12; the first certificate is used)")
    .option(
      "--config <dir[:conn]>",
      "take certificate, intermediates, ids and CERTREQ from a swanctl/ipsec.conf folder (connection CONN, default the first)",
    )
    .option(
      "--peer <dir[:conn]>",
      "with --config: the peer's folder (does it send a CERTREQ, how many CAs it lists)",
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
    .option("--mtu <n>", "path MTU in bytes", "1500")
    .option("--fragment-size <n>", "charon.fragment_size (whole IP datagram of a fragment)", "1280")
    .option("--ipv6", "IPv6 (40-byte IP header)")
    .option(
      "--no-natt",
      "IKE_AUTH on UDP 500 (no NAT and MOBIKE off); default UDP 4500 with the non-ESP marker",
    )
    .option("--childless", "no CHILD_SA in IKE_AUTH (childless = force)")
    .option("--no-fragmentation", "fragmentation = no (or a peer without IKE fragmentation)")
    .option("--cipher <c>", "aes-cbc (default proposal) or aes-gcm", "aes-cbc")
    .option("--ikev1", "IKEv1 Main Mode message with the certificate instead");
  addCommonOptions(cmd, { input: true, config: true, release: true });
  cmd.addHelpText(
    "after",
    `
Examples:
  ikecert size gateway.pem --intermediate intermediate.pem --ca /etc/swanctl/x509ca/
  ikecert size client.pem --cacerts 20 --mtu 1400 --json
  ikecert size client.pem --ikev1 --no-fragmentation
  ikecert size --config /etc/swanctl:rw --role responder --peer ./client-swanctl
The model follows RFC 7296/7427/7383 framing with charon 5.9.8's defaults (AES-CBC + HMAC-SHA2-256
for IKE, its default ESP proposals, MOBIKE); it matched charon's logged sizes exactly in tests.`,
  );
  cmd.action(async (file: string | undefined, o: SizeCliOptions) => {
    const lo = loadOptions(o);
    if (o.config) {
      if (file) throw new IkecertError("USAGE", "give either a certificate or --config, not both");
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
    if (o.cipher !== "aes-cbc" && o.cipher !== "aes-gcm")
      throw new IkecertError("USAGE", `--cipher is aes-cbc or aes-gcm, not "${o.cipher}"`);
    let cas = int("--cacerts", o.cacerts, 0);
    if (cas === undefined && o.ca) {
      const { expandPaths } = await import("../paths.js");
      cas = 0;
      for (const f of await expandPaths(o.ca))
        cas += certs(await loadFile(f, lo)).filter((c) => c.basicConstraints?.ca).length;
    }
    const opts: SizeOptions = {
      role: o.role,
      certificate: own[0]!,
      intermediates,
      idi: o.id,
      idr: o.remoteId,
      certreqCas: cas ?? 1,
      natt: o.natt !== false,
      ipv6: !!o.ipv6,
      mtu: int("--mtu", o.mtu, 68),
      fragmentSize: int("--fragment-size", o.fragmentSize, 576),
      childless: !!o.childless,
      fragmentation: o.fragmentation !== false,
      cipher: o.cipher,
      ikev1: !!o.ikev1,
      ...(o.release ? { strongswan: o.release.rules } : {}),
    };
    const r = estimateIkeAuthSize(opts);
    const findings = sizeFindings(r, opts);
    const ok = !findings.some((f) => f.severity === "error");
    if (o.json) process.stdout.write(envelope("size", ok, findings, r, o.release));
    else {
      const what = o.ikev1
        ? `IKEv1 Main Mode message with the certificate (${o.role})`
        : `IKE_AUTH ${o.role === "initiator" ? "request" : "response"} of the ${o.role}`;
      process.stdout.write(
        withRules(
          `${verdict(ok, `${r.bytes} bytes, ${r.fragments} fragment(s)`)}\n${renderSize(r, what)}${findings.length ? `\n${renderFindings(findings)}` : ""}`,
          o.release,
        ),
      );
    }
    process.exitCode = ok ? 0 : 1;
  });
}
