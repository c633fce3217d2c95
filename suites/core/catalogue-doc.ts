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
  SCN: "What a scenario made from a capture expects",
  GW: "The gateway",
  REG: "The registry",
};

/** What docs/checks.md shows of one check: the catalogue's checks and the run-level RUN checks alike. */
export interface CatalogueEntry {
  readonly id: string;
  readonly title: string;
  readonly severity: Check["severity"];
  readonly ref: string;
  readonly fix: string;
  readonly advisory?: boolean;
}

/** The anchor of a check's entry in docs/checks.md: its id in lower case, so reports link `docs/checks.md#sig-003`. */
export const checkAnchor = (id: string): string => id.toLowerCase();

/** Markdown text with `<` escaped outside code spans, so `<url>` shows as written and is never read as HTML. */
const text = (value: string): string =>
  value
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith("`") ? part : part.replace(/&/g, "&amp;").replace(/</g, "&lt;")))
    .join("");

/** One check's entry: an anchor, its id, severity and title, then its ref and how to fix a failure. */
function entryLines(check: CatalogueEntry): string[] {
  const severity = `${check.severity}${check.advisory ? " (warns in strict too)" : ""}`;
  return [
    "",
    `<a id="${checkAnchor(check.id)}"></a>**\`${check.id}\`** ${severity}: ${text(check.title)}`,
    `- Ref: ${text(check.ref)}`,
    `- How to fix: ${text(check.fix)}`,
  ];
}

/** docs/checks.md, rendered from the catalogue; a test keeps the committed file identical. */
export function renderCatalogue(
  catalogue: Readonly<Record<Role, readonly Check[]>>,
  roleTitles: Readonly<Record<Role, string>>,
  runChecks: readonly CatalogueEntry[],
): string {
  const lines = [
    "# The check catalogue",
    "",
    "Generated from `suites/roles/catalogue.ts` by `npx tsx suites/roles/render-docs.ts > docs/checks.md`;",
    "a test fails when this page and the catalogue differ. Ids are stable once published.",
    "MUST checks fail a run; SHOULD checks warn (and fail under `p2p-trade-strict`).",
    "Each check names its ref, the text its rule rests on (core 1.1.0, a BECKN-00x step, the guide, or a",
    "section of [rules.md](rules.md) or another page of these docs), and how to fix a failure.",
    "Each entry's anchor is its id in lower case: `docs/checks.md#sig-003`.",
  ];
  for (const [role, checks] of Object.entries(catalogue) as [Role, readonly Check[]][]) {
    lines.push("", `## Role ${role}: ${roleTitles[role]}`, "", `${checks.length} checks.`);
    for (const [prefix, title] of Object.entries(AREAS).filter(([p]) => checks.some((c) => c.id.startsWith(`${p}-`)))) {
      lines.push("", `### ${prefix}: ${title}`);
      for (const check of checks.filter((c) => c.id.startsWith(`${prefix}-`))) {
        lines.push(...entryLines(check));
      }
    }
  }
  lines.push("", "## RUN: a run never passes vacuously (every role)");
  for (const check of runChecks) {
    lines.push(...entryLines(check));
  }
  return `${lines.join("\n")}\n`;
}
