import type { Role } from "./config.js";
import type { Check } from "./check.js";

const AREAS: Record<string, string> = {
  SCH: "Schema: the payload passes the profile",
  SIG: "Signatures on what the SUT sends",
  AUT: "How the SUT treats forged signatures",
  CTX: "Context fields",
  ACK: "The synchronous answer",
  TIM: "Timing",
  BIZ: "Business rules of the energy trade",
  FLW: "Order flow and state",
  NEG: "How the SUT treats bad input",
  GW: "The gateway",
  REG: "The registry",
};

/** docs/checks.md, rendered from the catalogue; a test keeps the committed file identical. */
export function renderCatalogue(
  catalogue: Readonly<Record<Role, readonly Check[]>>,
  roleTitles: Readonly<Record<Role, string>>,
  runChecks: readonly { id: string; title: string }[],
): string {
  const lines = [
    "# The check catalogue",
    "",
    "Generated from `suites/roles/catalogue.ts` by `npx tsx suites/roles/render-docs.ts > docs/checks.md`;",
    "a test fails when this page and the catalogue differ. Ids are stable once published.",
    "MUST checks fail a run; SHOULD checks warn (and fail under `p2p-trade-strict`).",
    "Refs that start with `DESIGN` name a rule the harness decides: see [rules.md](rules.md).",
  ];
  for (const [role, checks] of Object.entries(catalogue) as [Role, readonly Check[]][]) {
    lines.push("", `## Role ${role}: ${roleTitles[role]}`, "", `${checks.length} checks.`);
    for (const [prefix, title] of Object.entries(AREAS).filter(([p]) => checks.some((c) => c.id.startsWith(`${p}-`)))) {
      lines.push("", `### ${prefix}: ${title}`, "", "| id | severity | title | ref |", "|---|---|---|---|");
      for (const check of checks.filter((c) => c.id.startsWith(`${prefix}-`))) {
        lines.push(
          `| \`${check.id}\` | ${check.severity}${check.advisory ? " (warns in strict too)" : ""} | ${check.title.replace(/\|/g, "\\|")} | ${check.ref.replace(/\|/g, "\\|")} |`,
        );
      }
    }
  }
  lines.push("", "## RUN: a run never passes vacuously (every role)", "", "| id | severity | title |", "|---|---|---|");
  for (const check of runChecks) {
    lines.push(`| \`${check.id}\` | MUST | ${check.title} |`);
  }
  return `${lines.join("\n")}\n`;
}
