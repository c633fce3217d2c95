/**
 * What a check finds, and the one way to write it. A check never names its own id in a finding:
 * `judge` stamps the id of the check that ran onto every finding of its result row.
 */
import type { Finding } from "../../results/index.js";

/** A finding as a check returns it: the report's `Finding` without `checkId`, which `judge` adds. */
export type CheckFinding = Omit<Finding, "checkId">;

/** Where the finding is in the exchange, and what was expected there against what came back. */
export type FindingDetail = Omit<CheckFinding, "message">;

/** A finding with `message` (what is wrong and what to do) and, when known, its path, expected and actual value. */
export function finding(message: string, detail?: FindingDetail): CheckFinding {
  return { message, ...detail };
}
