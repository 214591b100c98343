// After deploying to a gateway: does the running charon hold what the files say, and would it
// work? Read-only: it asks charon over its VICI socket and never changes anything.
//   node gateway-check.mjs [SOCKET] [SWANCTL_DIR]
import { checkLive, connectVici, isIkecertError, loadConfigForLive, readSnapshot } from "ikecert";

const [socket = "/var/run/charon.vici", dir = "/etc/swanctl"] = process.argv.slice(2);
try {
  const vici = await connectVici({ socket });
  const snapshot = await readSnapshot(vici).finally(() => vici.close());
  const { config, refs, error } = await loadConfigForLive(dir);
  const r = await checkLive(snapshot, config, { refs, configError: error });

  const sas = (r.sas ?? []).filter((s) => s.state === "ESTABLISHED").length;
  console.log(
    `${r.daemon?.name} ${r.daemon?.version}: ${r.connections.length} connections, ${sas} IKE_SAs up`,
  );
  for (const f of r.findings.filter((x) => x.severity !== "info"))
    console.log(`${f.severity} ${f.code}: ${f.message}`);
  for (const c of r.audit?.connections ?? [])
    if (!c.ok) console.log(`error connection '${c.name}' would fail`);
  console.log(r.ok ? "OK the gateway runs what its files say" : "FAIL see above");
  process.exitCode = r.ok ? 0 : 1;
} catch (e) {
  console.error(`gateway-check: ${isIkecertError(e) ? e.message : e}`);
  process.exitCode = 2;
}
