import type { CheckResult, Exchange } from "../../core/check.js";
import { isAck, validCallback } from "./checks/read.js";

/**
 * The run-level checks that keep a BAP run from passing vacuously, with the meanings they have
 * for every role: RUN-001 a check ran, RUN-002 not every answer was a NACK (here: the BAP's
 * answers to valid callbacks), RUN-003 a callback arrived (here: at the BAP, which answered it).
 */
export function bapVacuityResults(results: readonly CheckResult[], exchanges: readonly Exchange[]): CheckResult[] {
  const valid = exchanges.filter((e) => validCallback(e) !== undefined);
  const row = (id: string, title: string, ok: boolean, message: string): CheckResult => ({
    id, title, severity: "MUST", ref: "DESIGN Verdicts and report.json: a run never passes vacuously", scenario: null, step: null, exchange: null,
    status: ok ? "pass" : "fail", findings: ok ? [] : [{ checkId: id, message }],
  });
  return [
    row("RUN-001", "At least one check ran", results.some((r) => r.status !== "skip"), "No check ran: nothing the BAP sent reached the harness. Check that --target is where its /trigger/<action> is, and that it sends to the harness's gateway."),
    row("RUN-002", "Not every answer was a NACK", valid.some((e) => isAck(e.response)), "The BAP ACKed none of the valid callbacks, so no flow could be judged. Check that it finds the harness's BPP key in the harness's registry."),
    row("RUN-003", "At least one callback arrived", valid.some((e) => e.response.kind === "response"), "No callback reached the BAP. Check that it sends requests to the harness's gateway and BPP, and that its bap_uri reaches it."),
  ];
}
