/** The text answer of `ikecert chain CERT` (no commander here: the chain bundle renders it too). */
import type { ChainResult } from "../../lib/checks/chain/types.js";
import { paint, renderFindings, verdict } from "../render.js";

/** The chain as a tree from the root down; the failing link marked. */
export function renderChainTree(r: ChainResult): string {
  const lines: string[] = [];
  const top = [...r.chain].reverse();
  let depth = 0;
  if (r.missingIssuer) {
    const aki = r.missingIssuer.authorityKeyId
      ? ` keyid ${r.missingIssuer.authorityKeyId.replace(/(..)(?!$)/g, "$1:")}`
      : "";
    lines.push(`${paint("? missing", "red")} "${r.missingIssuer.dn}"${aki}`);
    depth = 1;
  }
  top.forEach((l, k) => {
    const i = r.chain.length - 1 - k;
    const failed = r.failedAt === i;
    const mark = failed
      ? paint("✗", "red")
      : r.trusted || l.trusted
        ? paint("✓", "green")
        : paint("·", "dim");
    const where = l.file ? `  [${l.file}]` : "";
    const role = `${l.role}${l.trusted ? ", trusted" : ""}`;
    const prefix = depth === 0 ? "" : `${"   ".repeat(depth - 1)}└─ `;
    // statuses are shown once revocation information exists for the chain (all SKIPPED is the usual)
    const rev = r.revocation.some((x) => x.status !== "SKIPPED") ? r.revocation[i] : undefined;
    const status = rev
      ? paint(
          `  [${rev.status === "ON_HOLD" ? "on hold" : rev.status.toLowerCase()}]`,
          rev.status === "GOOD"
            ? "green"
            : rev.status === "REVOKED" || rev.status === "ON_HOLD"
              ? "red"
              : "dim",
        )
      : "";
    lines.push(
      `${prefix}${mark} "${l.subject}" (${role})${where}${status}${failed ? paint("  <- fails here", "red") : ""}`,
    );
    depth++;
  });
  return `${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

export function renderChain(r: ChainResult, subject: string): string {
  const head = r.trusted
    ? verdict(true, `charon can build a trusted chain for "${subject}"`)
    : verdict(false, `charon cannot build a trusted chain for "${subject}"`);
  const policies = r.certPolicies?.length
    ? `  certificate policies the chain carries (what cert_policy can require): ${r.certPolicies.join(", ")}\n`
    : "";
  return `${head}\n${renderChainTree(r)}${policies}${r.findings.length ? `\n${renderFindings(r.findings)}` : ""}`;
}
