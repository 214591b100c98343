import { existsSync } from "node:fs";
import { type Endpoint, resolveEndpoints } from "../../lib/checks/endpoint.js";
import { endpointSetup } from "../../lib/checks/size/connection.js";
import { sizeFindings } from "../../lib/checks/size/findings.js";
import { IkecertError } from "../../lib/errors.js";
import { finding } from "../../lib/findings/index.js";
import { loadStrongswanConf, strongswanConfBeside } from "../../lib/input/strongswan-conf-file.js";
import { type ConfigLoadOptions, loadConfig } from "../../lib/run/config-load.js";
import { type CommonOptions, envelope } from "../common.js";
import { renderFindings, verdict, withRules } from "../render.js";
import { fragmentSizeLine, fragmentSizeOf, headline, int, renderSetup, renderSize } from "./size-render.js";

interface ConfigSizeOptions extends CommonOptions {
  config?: string;
  peer?: string;
  role?: string;
  mtu?: string;
  fragmentSize?: string;
  strongswanConf?: string;
}

/** `DIR:CONN` → [DIR, CONN]; a path that exists as written wins over the split. */
function splitTarget(t: string): [string, string | null] {
  const i = t.lastIndexOf(":");
  if (i <= 0 || existsSync(t)) return [t, null];
  return [t.slice(0, i), t.slice(i + 1)];
}

async function endpointOf(
  target: string,
  lo: ConfigLoadOptions,
  what: string,
  strongswan?: string,
): Promise<Endpoint> {
  const [dir, name] = splitTarget(target);
  const { config, refs } = await loadConfig(dir, lo);
  const all = resolveEndpoints(config, { refs, strongswan });
  const e = name ? all.find((x) => x.name === name) : all[0];
  if (!e)
    throw new IkecertError(
      "USAGE",
      `${what} ${target}: ${name ? `no connection '${name}'` : "no connection"} (have: ${all.map((x) => x.name).join(", ") || "none"})`,
    );
  return e;
}

/** `ikecert size --config DIR[:CONN] --role R [--peer DIR[:CONN]]` (design §3). */
export async function sizeFromConfig(o: ConfigSizeOptions, lo: ConfigLoadOptions): Promise<void> {
  if (o.role !== "initiator" && o.role !== "responder")
    throw new IkecertError("USAGE", `--role is initiator or responder, not "${o.role}"`);
  const own = await endpointOf(o.config!, lo, "--config", o.strongswan);
  const peer = o.peer ? await endpointOf(o.peer, lo, "--peer", o.strongswan) : null;
  // the peer's CERTREQ (IKE_SA_INIT response or IKE_AUTH request) is what makes send_cert=ifasked send
  const peerAsks = peer ? peer.sendCertreq && peer.certreqCas > 0 : true;
  // this host's strongswan.conf: the option, else the one beside the folder (as audit finds it)
  const confFile = o.strongswanConf ?? strongswanConfBeside(splitTarget(o.config!)[0]);
  const fragment = fragmentSizeOf(o.fragmentSize, confFile ? loadStrongswanConf(confFile, lo) : null, {
    strongswan: o.strongswan,
  });
  const sized = endpointSetup(own, peer, {
    role: o.role,
    peerSendsCertreq: peerAsks,
    fragmentSize: fragment.value,
    mtu: int("--mtu", o.mtu, 68),
    strongswan: o.strongswan,
  });
  if (!sized)
    throw new IkecertError(
      "USAGE",
      `--config ${o.config}: connection '${own.name}' has no local certificate to size (auth ${own.local[0]?.round.auth.value ?? "none"})`,
    );
  // IKEv2: every message between the two (the peer: --peer, or a charon with default proposals)
  const { opts, setup, result: r } = sized;
  const findings = [...sizeFindings(r, opts), ...(setup?.findings ?? [])];
  if (setup && !setup.ike.selected)
    findings.unshift(
      finding("NO_PROPOSAL_CHOSEN_IKE", {
        message: `connection '${own.name}' and ${peer ? `'${peer.name}'` : "a charon with default proposals"} share no IKE proposal: IKE_SA_INIT fails before any IKE_AUTH`,
        log: setup.ike.responderLogs.find((l) => l.text.startsWith("received proposals: "))?.text ?? null,
      }),
    );
  const ok = !findings.some((f) => f.severity === "error");
  const pick = (logs: { text: string }[] | undefined) =>
    logs?.find((x) => x.text.startsWith("selected proposal: "))?.text.slice(19) ?? null;
  const result = {
    ...r,
    proposals: setup ? { ike: pick(setup.ike.responderLogs), esp: pick(setup.child?.responderLogs) } : null,
    messages: setup?.messages ?? [],
    connection: own.name,
    certificate: own.local[0]?.certificate?.subject.printed ?? null,
    sendsCertificate: opts.certificate !== null,
    intermediates: (opts.intermediates ?? []).map((c) => c.subject.printed),
    idi: opts.idi ?? null,
    idr: opts.idr ?? null,
    certreqCas: opts.certreqCas ?? 0,
    peer: peer
      ? { connection: peer.name, sendsCertreq: peer.sendCertreq, certreqCas: peer.certreqCas }
      : null,
    fragmentSizeFrom: { source: fragment.from, setting: fragment.key, origin: fragment.origin },
  };
  if (o.json) process.stdout.write(envelope("size", ok, findings, result, o.release));
  else {
    const l = [
      `connection '${own.name}': ${result.certificate ? `"${result.certificate}"` : "no certificate"}${result.sendsCertificate ? "" : " (not sent)"}${result.intermediates.length ? ` + ${result.intermediates.map((s) => `"${s}"`).join(", ")}` : ""}`,
      `ids: ${opts.idi}${opts.idr ? ` -> ${opts.idr}` : ""}; CERTREQ lists ${result.certreqCas} CA${result.certreqCas === 1 ? "" : "s"}`,
    ];
    if (peer)
      l.push(
        `peer '${peer.name}': ${peerAsks ? `sends a CERTREQ listing ${peer.certreqCas} CA${peer.certreqCas === 1 ? "" : "s"}` : `sends no CERTREQ (${peer.sendCertreq ? "it trusts no CA certificate" : "send_certreq = no"})`}${own.sendCert === "ifasked" ? (peerAsks ? ", so the certificate is sent (send_cert = ifasked)" : ", so no certificate is sent (send_cert = ifasked)") : ""}`,
      );
    const what = `IKE_AUTH ${o.role === "initiator" ? "request" : "response"} of the ${o.role}`;
    const peerName = peer ? `'${peer.name}'` : "a peer with charon's default proposals";
    process.stdout.write(
      withRules(
        `${verdict(ok, headline(r, setup))}${l.join("\n")}\n${fragmentSizeLine(fragment)}\n${renderSize(r, what)}${setup ? `\n${renderSetup(setup, peerName)}` : ""}${findings.length ? `\n${renderFindings(findings)}` : ""}`,
        o.release,
      ),
    );
  }
  process.exitCode = ok ? 0 : 1;
}
