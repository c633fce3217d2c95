import { parseArgs } from "node:util";
import { BPP_CHECKS, RUN_CHECKS } from "../../suites/checks/index.js";

export const CHECKS_HELP = `Usage: p2p-conformance checks [--json]

Lists the check catalogue: id, severity, title and the rule it comes from (its ref).

Options:
  --json      print the catalogue as JSON
  -h, --help  show this help`;

/** Runs `checks`; returns the exit code. */
export function runChecks(argv: readonly string[], out: (line: string) => void): number {
  const { values } = parseArgs({ args: [...argv], options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    out(CHECKS_HELP);
    return 0;
  }
  const rows = [
    ...BPP_CHECKS.map(({ id, severity, title, ref }) => ({ id, severity, title, ref })),
    ...RUN_CHECKS.map(({ id, title }) => ({ id, severity: "MUST" as const, title, ref: "a run never passes vacuously" })),
  ];
  if (values.json) {
    out(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const row of rows) {
    out(`${row.id}  ${row.severity.padEnd(6)}  ${row.title}  (${row.ref})`);
  }
  out(`${rows.length} checks`);
  return 0;
}
