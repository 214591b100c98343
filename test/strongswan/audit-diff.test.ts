import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuditResult, auditConfig, loadConfig } from "../../lib/index.js";
import { needs } from "../needs.js";
import { Charon } from "./charon.js";

/**
 * Differential: what `ikecert audit` says is refused at load time (a non-CA in x509ca/, an id vici
 * cannot carry, an invalid value, a missing certificate file) against what a real charon + swanctl
 * refuse with `swanctl --load-all`.
 */
const run = needs("audit load differential", ["charon", "swanctl"], { namespaces: true });

/** codes that mean "swanctl does not load this connection" */
const LOAD_TIME = new Set(["ID_NOT_PRINTABLE", "CONFIG_INVALID", "LOCAL_CERT_MISSING"]);

const FOLDERS = ["certs-fixtures/sample", "certs-fixtures/audit/swanctl", "certs-fixtures/audit/noca"];

describe.runIf(run)("audit vs swanctl --load-all (strongSwan 5.9.8)", () => {
  let charon: Charon;
  beforeAll(async () => {
    charon = await Charon.start({ tag: "audit" });
  }, 60_000);
  afterAll(() => charon?.stop());

  for (const folder of FOLDERS)
    it(`${folder}: the same connections load, the same CA files are refused`, async () => {
      const dir = resolve(folder);
      const r = charon.swanctl(["--load-all", "--clear", "--noprompt", "--file", join(dir, "swanctl.conf")]);
      const out = `${r.stdout}\n${r.stderr}`;
      const loaded = [...out.matchAll(/^loaded connection '([^']+)'$/gm)].map((m) => m[1]).sort();
      const refused = [...out.matchAll(/^loading '([^']+)' failed: (.*)$/gm)].map((m) => [
        m[1]!.slice(dir.length + 1),
        m[2],
      ]);

      const { config, refs } = await loadConfig(dir);
      const a: AuditResult = await auditConfig(config, { refs, strongswan: "5.9.8" });
      const expectLoaded = a.connections
        .filter((c) => !c.findings.some((f) => LOAD_TIME.has(f.code)))
        .map((c) => c.name)
        .sort();
      expect(loaded).toEqual(expectLoaded);
      const expectRefused = a.findings
        .filter((f) => f.code === "CHAIN_CA_REJECTED_AT_LOAD")
        .map((f) => [f.file, f.log]);
      expect(refused).toEqual(expectRefused);
      // the reason swanctl gives for each connection it refuses is the log line ikecert predicts
      for (const c of a.connections)
        for (const f of c.findings)
          if (f.code === "ID_NOT_PRINTABLE" || f.code === "CONFIG_INVALID")
            expect(out).toContain(
              `loading connection '${c.name}' failed: ${f.code === "ID_NOT_PRINTABLE" ? f.log : "invalid value for: "}`,
            );
    }, 60_000);
});
