import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { RUN_CHECKS } from "../../suites/core/run-checks.js";
import { ROLES, type Role } from "../../suites/core/config.js";
import { CATALOGUE } from "../../suites/roles/catalogue.js";

export const CHECKS_HELP = `Usage: p2p-conformance checks [--role <role>] [--json]

Lists the check catalogue: id, role, severity, title, the rule it comes from (its ref) and how to
fix a failure. docs/checks.md is the same catalogue as a page.

Options:
  --role <role>  only the checks of one role: ${ROLES.join(", ")}
  --json         print the catalogue as JSON
  -h, --help     show this help`;

/** Runs `checks`; returns the exit code. */
export function runChecks(argv: readonly string[], out: (line: string) => void): number {
  const { values } = parseArgs({ args: [...argv], options: { json: { type: "boolean" }, role: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    out(CHECKS_HELP);
    return 0;
  }
  if (values.role !== undefined && !(ROLES as readonly string[]).includes(values.role)) {
    throw new HarnessError("P2PC_ERR_USAGE", `--role "${values.role}" is not a role; use one of ${ROLES.join(", ")}.`);
  }
  const roles = values.role ? [values.role as Role] : ROLES;
  const rows = [
    ...roles.flatMap((role) => CATALOGUE[role].map(({ id, severity, title, ref, fix }) => ({ id, role, severity, title, ref, fix }))),
    ...RUN_CHECKS.map(({ id, severity, title, ref, fix }) => ({ id, role: "all", severity, title, ref, fix })),
  ];
  if (values.json) {
    out(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const row of rows) {
    out(`${row.id}  ${row.role.padEnd(8)}  ${row.severity.padEnd(6)}  ${row.title}  (${row.ref})`);
    out(`         how to fix: ${row.fix}`);
  }
  out(`${rows.length} checks`);
  return 0;
}
