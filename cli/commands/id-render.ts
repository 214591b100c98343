import type { IdentityCheck } from "../../lib/checks/identity.js";
import type { CertificateIdsResult } from "../../lib/checks/identity-batch.js";
import { paint, renderFindings, verdict } from "../render.js";

function renderId(r: Omit<IdentityCheck, "findings">): string {
  const mark = r.matches ? paint("proven", "green") : paint("NOT proven", "red");
  const l = [
    `  ${r.input}`,
    `    type:    ${r.type}${r.printed !== r.input ? ` (charon prints '${r.printed}')` : ""}`,
  ];
  l.push(`    verdict: ${mark} (match level ${r.level})`);
  if (r.via)
    l.push(
      `    by:      ${r.via.kind === "keyid" ? r.via.type : `${r.via.kind} ${r.via.type}`} '${r.via.value}'`,
    );
  return `${l.join("\n")}\n`;
}

/** The text answer of `ikecert id CERT ID...`: verdict line, one block per id, then the findings. */
export function renderIdText(r: CertificateIdsResult, certArg: string): string {
  const proven = r.identities.filter((i) => i.matches).length;
  let out = verdict(
    r.ok,
    `${proven} of ${r.identities.length} identit${r.identities.length === 1 ? "y" : "ies"} proven by ${certArg} ('${r.certificate.subject}')`,
  );
  out += `\n${r.identities.map(renderId).join("")}`;
  if (r.findings.length) out += `\n${renderFindings(r.findings)}`;
  return out;
}
