// A provisioning step: before a new gateway certificate is deployed, check that
//  - the private key belongs to it,
//  - its chain reaches the root the clients trust,
//  - it proves every identity the clients will ask for.
// Usage: node examples/provision.mjs CERT KEY CA-FILE[,CA-FILE...] ID...
// Exit 0 when it is safe to deploy, 1 when a check failed, 2 when an input is unusable.
import { buildChain, checkIdentity, checkKeyPair, isIkecertError, loadFile } from "ikecert";

const [certFile, keyFile, caFiles, ...ids] = process.argv.slice(2);
try {
  const passphrase = async () => process.env.KEY_PASSPHRASE ?? null;
  const [certs, keys, ...cas] = await Promise.all(
    [certFile, keyFile, ...caFiles.split(",")].map((f) => loadFile(f, { passphrase })),
  );
  const cert = certs.items.find((i) => i.kind === "certificate");
  const key = keys.items.find((i) => i.kind === "privateKey");
  if (!cert || !key) throw new Error("need a certificate and a private key");

  const problems = [];
  if (!checkKeyPair(cert, key)) problems.push(`${keyFile} is not the key of ${certFile}`);

  const chain = buildChain(cert, {
    trusted: cas.flatMap((f) => f.items.filter((i) => i.kind === "certificate")),
    untrusted: certs.items.filter((i) => i.kind === "certificate").filter((i) => i !== cert),
  });
  if (!chain.trusted)
    problems.push(...chain.findings.filter((f) => f.severity === "error").map((f) => f.message));

  for (const id of ids) {
    const r = checkIdentity(cert, id, { strongswan: "5.9.8" });
    if (!r.matches) problems.push(`${id}: ${r.findings[0]?.message ?? "not proven"}`);
  }

  for (const p of problems) console.log(`FAIL ${p}`);
  if (problems.length === 0) console.log(`OK ${cert.subject.printed} is ready (${ids.length} ids proven)`);
  process.exitCode = problems.length ? 1 : 0;
} catch (e) {
  console.error(`provision: ${isIkecertError(e) ? e.message : e}`);
  process.exitCode = 2;
}
