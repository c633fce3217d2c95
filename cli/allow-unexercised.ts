/**
 * `--allow-unexercised <ids>` (repeatable, each a comma list; config `allowUnexercised`): the
 * checks whose gaps the operator accepts (docs/rules.md "Coverage"). An accepted gap does not make
 * the run exit 2, and the certificate names it. An id no role has is a usage error; an id of
 * another role is left out, so one list serves `--role all` and every participant of a bulk run.
 */
import { HarnessError } from "../protocol/errors.js";
import type { Role } from "../suites/core/config.js";
import { ALL_CHECKS_BY_ID, CATALOGUE } from "../suites/roles/catalogue.js";

/** The ids of the flag's values (comma lists, repeatable), checked against the catalogue; those of `role`, deduplicated and in order. */
export function acceptedGapsOf(values: readonly string[] | undefined, role: Role): string[] | undefined {
  if (values === undefined) {
    return undefined;
  }
  const ids = [
    ...new Set(
      values
        .flatMap((v) => v.split(","))
        .map((id) => id.trim())
        .filter((id) => id !== ""),
    ),
  ];
  const unknown = ids.filter((id) => !ALL_CHECKS_BY_ID.has(id));
  if (unknown.length > 0) {
    throw new HarnessError(
      "P2PC_ERR_USAGE",
      `--allow-unexercised "${unknown.join(",")}" names no check; give check ids such as FLW-004 (p2p-conformance checks lists them).`,
    );
  }
  const own = new Set(CATALOGUE[role].map((c) => c.id));
  return ids.filter((id) => own.has(id));
}
