/**
 * A summary's junit.xml (bulk runs, `merge`): one <testcase> per participant, so a CI's test
 * report shows who passed: a failure for a participant that failed a check, an error for one that
 * could not be judged or that no shard judged (`missing`). Every string is escaped.
 */
import { xmlAttr, xmlText } from "./junit.js";
import type { Summary, SummaryRow } from "./summary.js";

function outcome(r: SummaryRow): string {
  const counts = `${r.counts.pass} passed, ${r.counts.fail} failed, ${r.counts.warn} warnings, ${r.counts.error} errors`;
  switch (r.verdict) {
    case "conformant":
      return "";
    case "not-conformant":
      return `<failure message="${xmlAttr(`not conformant: ${counts}`)}" type="not-conformant">${xmlText(r.report ?? "")}</failure>`;
    case "missing":
      return `<error message="${xmlAttr("no shard judged this participant")}" type="missing"></error>`;
    default:
      return `<error message="${xmlAttr(r.error ?? "could not be judged")}" type="error">${xmlText(r.error ?? "")}</error>`;
  }
}

export function summaryJunit(summary: Summary): string {
  const rows = summary.participants;
  const failures = rows.filter((r) => r.verdict === "not-conformant").length;
  const errors = rows.filter((r) => r.verdict === "error" || r.verdict === "missing").length;
  const cases = rows.map((r) => `    <testcase name="${xmlAttr(r.name)}" classname="${xmlAttr(`participants.${r.role}`)}">${outcome(r)}</testcase>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="p2p-conformance participants" tests="${rows.length}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="participants" tests="${rows.length}" failures="${failures}" errors="${errors}" timestamp="${xmlAttr(summary.generatedAt)}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
