/**
 * What the reports of a run say beside its result (reports/json.ts `ReportMeta`): the settings it was
 * judged under, each check's "how to fix" line from the catalogue, and the package's repository.
 */
import type { ReportMeta } from "../reports/json.js";
import type { CheckNotes } from "../results/index.js";
import type { RunConfig } from "../suites/core/config.js";
import { RUN_CHECKS } from "../suites/core/run-checks.js";
import { ALL_CHECKS_BY_ID } from "../suites/roles/catalogue.js";
import { TOOL_NAME, toolRepositoryUrl } from "./own-package.js";

/** A check's `fix`, where it has one (every role's check, and the run-level checks). */
function fixOf(check: object): string | undefined {
  return "fix" in check && typeof check.fix === "string" && check.fix.trim() !== "" ? check.fix : undefined;
}

/**
 * Each check's "how to fix" line, by id, for the checks that have one. Read defensively: `fix` is
 * optional on a check, and the run-level checks carry it only where run-checks.ts gives it.
 */
export function checkNotes(checks: readonly { readonly id: string }[] = [...ALL_CHECKS_BY_ID.values(), ...RUN_CHECKS]): Readonly<Record<string, CheckNotes>> {
  const notes: Record<string, CheckNotes> = {};
  for (const check of checks) {
    const fix = fixOf(check);
    if (fix !== undefined) {
      notes[check.id] = { fix };
    }
  }
  return notes;
}

/** The meta of a run's reports: its profile and --closed, the tool, every check's fix line, the repository. */
export function reportMetaOf(config: Pick<RunConfig, "profile" | "closed">): ReportMeta {
  const repositoryUrl = toolRepositoryUrl();
  return {
    profile: config.profile,
    ...(config.closed ? { closed: true } : {}),
    tool: TOOL_NAME,
    checks: checkNotes(),
    ...(repositoryUrl ? { repositoryUrl } : {}),
  };
}
