import type { LiveCertReport } from "../../lib/checks/live/creds.js";
import type { LiveResult } from "../../lib/checks/live/index.js";
import type { LiveSa } from "../../lib/checks/live/sas.js";
import { paint, renderFindings, verdict } from "../render.js";
import { indent, renderConnection } from "./audit.js";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "?");

const CONN_STATE: Record<string, string> = {
  same: "same",
  differs: "DIFFERS",
  "not-loaded": "NOT LOADED",
  "not-on-disk": "NOT ON DISK",
  "other-backend": "other",
  loaded: "loaded",
};

const CERT_STATE: Record<string, string> = {
  same: "same",
  replaced: "REPLACED",
  "not-loaded": "NOT LOADED",
  "not-on-disk": "not on disk",
  superseded: "old copy",
};

const W = 13;

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s.padEnd(n);
}

function certLine(c: LiveCertReport): string {
  const where = c.file ?? "(no file)";
  const dates =
    c.state === "replaced"
      ? `loaded until ${day(c.loadedNotAfter)}, file until ${day(c.diskNotAfter)}`
      : `until ${day(c.loadedNotAfter ?? c.diskNotAfter)}`;
  const tags = [
    c.flag === "CA" ? "CA" : null,
    c.hasPrivkey ? "key loaded" : c.hasPrivkey === false && c.flag !== "CA" ? "no key" : null,
  ].filter(Boolean);
  return `  ${pad(CERT_STATE[c.state] ?? c.state, W)}${where}  "${c.subject}"  ${dates}${tags.length ? `, ${tags.join(", ")}` : ""}`;
}

function saLine(s: LiveSa): string {
  const side = (x: LiveSa["local"]) =>
    `${x.host ?? "?"}[${x.id ?? "?"}]${x.otherId ? ` (EAP/XAuth ${x.otherId})` : ""}${x.certificate ? ` with "${x.certificate}"` : x.candidates.length > 1 ? ` with one of ${x.candidates.length} certificates for that id` : ""}`;
  const children = s.children.length
    ? `; CHILD_SAs: ${s.children.map((c) => `${c.name} ${c.state ?? ""}`.trim()).join(", ")}`
    : "";
  return `  ${pad(s.state, W)}${s.connection}[${s.uniqueid}] ${side(s.local)} ${s.initiator ? "=>" : "<="} ${side(s.remote)}${children}`;
}

export function renderLive(r: LiveResult): string {
  const errors =
    r.findings.filter((f) => f.severity === "error").length +
    (r.audit?.connections.filter((c) => !c.ok).length ?? 0);
  const warnings = r.findings.filter((f) => f.severity === "warning").length;
  const who = r.daemon ? `${r.daemon.name} ${r.daemon.version}` : "charon";
  const head = verdict(
    r.ok,
    `${who} at ${r.socket}${r.dir ? ` against ${r.dir}` : ""}: ${errors ? `${errors} error${errors === 1 ? "" : "s"}` : "no error"}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
  );
  const l: string[] = [head.trimEnd(), ""];
  const rel = r.release;
  l.push(
    `release:      ${rel.text} (${rel.from === "daemon" ? "as the daemon reports it" : rel.from === "option" ? "--strongswan" : rel.from === "variable" ? "IKECERT_STRONGSWAN" : "the daemon did not say: the newest rules"})${rel.note ? `; ${rel.note}` : ""}`,
  );
  if (r.plugins.loaded) l.push(`plugins:      ${r.plugins.loaded.filter((p) => p !== "charon").join(" ")}`);
  const loadedConns = r.connections.filter((c) => c.state !== "not-loaded").length;
  l.push(
    `connections:  ${loadedConns} loaded${r.dir ? `, ${r.connections.filter((c) => c.origin).length} in the files` : ""}`,
  );
  for (const c of r.connections) {
    l.push(`  ${pad(CONN_STATE[c.state] ?? c.state, W)}${c.name}${c.origin ? ` (${c.origin})` : ""}`);
    for (const d of c.differences)
      l.push(`${" ".repeat(W + 2)}${d.what}: loaded ${d.loaded}; file ${d.disk}`);
  }
  l.push(`certificates: ${r.certificates.filter((c) => c.state !== "not-loaded").length} loaded`);
  for (const c of r.certificates) l.push(certLine(c));
  if (r.keys) {
    l.push(`keys:         ${r.keys.filter((k) => k.state !== "not-loaded").length} loaded over vici`);
    for (const k of r.keys)
      l.push(
        `  ${pad(k.state === "same" ? "same" : k.state === "not-loaded" ? "NOT LOADED" : "NOT ON DISK", W)}${k.file ?? "(no file)"}  ${k.keyid}${k.certificate ? `  "${k.certificate}"` : ""}`,
      );
  }
  if (r.secrets?.length) {
    l.push(`secrets:      ${r.secrets.filter((s) => s.state !== "not-loaded").length} loaded over vici`);
    for (const s of r.secrets)
      l.push(
        `  ${pad(s.state === "same" ? "same" : s.state === "not-loaded" ? "NOT LOADED" : "NOT ON DISK", W)}${s.name}`,
      );
  }
  if (r.sas) {
    l.push(`IKE_SAs:      ${r.sas.length ? r.sas.length : "none"}`);
    for (const s of r.sas) l.push(saLine(s));
  }
  const shown = r.findings.filter((f) => f.severity !== "info");
  if (shown.length) l.push("", "findings:", indent(renderFindings(shown)));
  const notes = r.notes;
  if (notes.length) l.push("", "notes:", ...notes.map((n) => `  - ${n}`));
  if (r.audit?.connections.length) {
    l.push("", paint("the connections as charon has them loaded (the audit's verdicts):", "bold"));
    for (const c of r.audit.connections) l.push("", renderConnection(c).trimEnd());
  }
  return `${l.join("\n")}\n`;
}
