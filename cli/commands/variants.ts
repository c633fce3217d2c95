import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { ALL_VARIANTS } from "../../mocks/variants/index.js";
import { ROLES, type Role } from "../../suites/core/config.js";

export const VARIANTS_HELP = `Usage: p2p-conformance variants [--role <role>] [--json]

Lists the variants of the reference mocks: legitimate behaviours that differ from the reference's
default (HTTP 202 ACKs, core shapes, finite stock, …), each with the text of the guide or core
1.1.0 that allows it. Every check must pass each of them. Switch one on with
\`run --role <role> --variant <id>\` or \`mock up --variant <id>\` (grid variants run under --role bpp).

Options:
  --role <role>  only the variants a run of this role takes: ${ROLES.join(", ")}
  --json         print them as JSON (id, role, mock, description, source)
  -h, --help     show this help`;

/** Runs `variants`; returns the exit code. */
export function runVariants(argv: readonly string[], out: (line: string) => void): number {
  const { values } = parseArgs({ args: [...argv], options: { json: { type: "boolean" }, role: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    out(VARIANTS_HELP);
    return 0;
  }
  if (values.role !== undefined && !(ROLES as readonly string[]).includes(values.role)) {
    throw new HarnessError("P2PC_ERR_USAGE", `--role "${values.role}" is not a role; use one of ${ROLES.join(", ")}.`);
  }
  // The listing's `description` is what the variant changes, as it has been since the listing was published.
  const rows = ALL_VARIANTS.filter((v) => values.role === undefined || v.role === (values.role as Role)).map(({ id, role, mock, changes, source }) => ({
    id,
    role,
    mock,
    description: changes,
    source,
  }));
  if (values.json) {
    out(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const row of rows) {
    out(`${row.id}  (--role ${row.role})\n    ${row.description}\n    allowed by: ${row.source}`);
  }
  out(`${rows.length} variants`);
  return 0;
}
