#!/usr/bin/env node
// The public surface under review (issue 18): API Extractor writes each entry point's API to a
// report in etc/ (ikecert.api.md for "ikecert", ikecert-<subpath>.api.md for "ikecert/<subpath>").
//   node scripts/api.mjs           (npm run lint)  fails when a report is out of date, on any API
//                                  Extractor warning (a forgotten export, a TSDoc error), and when
//                                  an exported name has no TSDoc comment
//   node scripts/api.mjs --local   (npm run api:update) writes the reports anew; review and commit them
// Declarations are emitted into .tmp/api-dts first, so it needs no build and works offline.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const ROOT = resolve(import.meta.dirname, "..");
const local = process.argv.includes("--local");
const ENTRIES = ["", "identity", "config", "proposals", "release", "vici"];

try {
  execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(ROOT, "etc/tsconfig.api.json")], {
    stdio: "inherit",
  });
} catch {
  console.error("api: the declarations of lib/ do not compile (tsc -p etc/tsconfig.api.json, above)");
  process.exit(1);
}

let failed = 0;
for (const entry of ENTRIES) {
  const file = join(ROOT, "etc", entry ? `api-extractor.${entry}.json` : "api-extractor.json");
  const config = ExtractorConfig.loadFileAndPrepare(file);
  const result = Extractor.invoke(config, { localBuild: local, showVerboseMessages: false });
  const name = entry ? `ikecert/${entry}` : "ikecert";
  if (!result.succeeded) {
    failed++;
    const why = result.apiReportChanged
      ? `the public API changed and ${relative(ROOT, config.reportFilePath)} was not updated: run npm run api:update, review the report and commit it`
      : `${result.errorCount} error(s), ${result.warningCount} warning(s) above`;
    console.error(`api: ${name}: ${why}`);
  }
  // a name exported without a TSDoc comment (members of interfaces and classes are not counted)
  const report = readFileSync(config.reportFilePath, "utf8");
  const undocumented = [
    ...report.matchAll(
      /^\/\/ @public \(undocumented\)\n(?:export )?(?:declare )?(?:function|const|class|interface|type|enum|namespace) (\w+)/gm,
    ),
  ].map((m) => m[1]);
  if (undocumented.length) {
    failed++;
    console.error(`api: ${name}: no TSDoc comment on ${undocumented.join(", ")}`);
  }
}
process.exitCode = failed ? 1 : 0;
