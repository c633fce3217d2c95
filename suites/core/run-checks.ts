/**
 * The run-level checks (DESIGN "Verdicts and report.json": a run never passes vacuously). Every role
 * has the same three, with the meaning its traffic gives them: a check ran; not every answer to a
 * valid message was a refusal; a callback arrived. A role says how to tell the last two from its
 * exchanges, and what to tell its developer when one fails.
 */
import type { CheckResult, Exchange } from "../../results/index.js";

export const RUN_CHECKS = [
  { id: "RUN-001", title: "At least one check ran" },
  { id: "RUN-002", title: "Not every answer was a NACK" },
  { id: "RUN-003", title: "At least one callback arrived" },
] as const;
export type RunCheckId = (typeof RUN_CHECKS)[number]["id"];
export const RUN_CHECK_IDS: readonly RunCheckId[] = RUN_CHECKS.map((c) => c.id);

const RUN_CHECK_REF = "DESIGN Verdicts and report.json: a run never passes vacuously";

/** What one run-level check means for a role: when it holds, and what to fix when it does not. */
export interface RunCheckMeaning {
  readonly holds: (results: readonly CheckResult[], exchanges: readonly Exchange[]) => boolean;
  readonly message: string;
}

/** A role's meanings of the three run-level checks. */
export type RunChecks = Readonly<Record<RunCheckId, RunCheckMeaning>>;

/** RUN-001 holds the same way for every role: some check judged something. */
export const someCheckRan = (results: readonly CheckResult[]): boolean => results.some((r) => r.status !== "skip");

/** The rows of the run-level checks, judged on the run's results and exchanges. */
export function runCheckResults(meanings: RunChecks, results: readonly CheckResult[], exchanges: readonly Exchange[]): CheckResult[] {
  return RUN_CHECKS.map(({ id, title }) => {
    const { holds, message } = meanings[id];
    const ok = holds(results, exchanges);
    return {
      id,
      title,
      severity: "MUST",
      ref: RUN_CHECK_REF,
      scenario: null,
      step: null,
      exchange: null,
      status: ok ? "pass" : "fail",
      findings: ok ? [] : [{ checkId: id, message }],
    };
  });
}

/** Whether a synchronous answer is an ACK (`message.ack.status`). */
function acked(exchange: Exchange): boolean {
  return (
    exchange.response.kind === "response" &&
    (exchange.response.body as { message?: { ack?: { status?: unknown } } } | undefined)?.message?.ack?.status === "ACK"
  );
}

/**
 * The meanings for a SUT that answers the harness's requests and calls back (a BPP, a gateway):
 * some valid request that expects a callback was ACKed, and some callback arrived. Searches sent
 * through the harness's own gateway are ACKed by the gateway, not the SUT, so they do not count.
 */
export const ANSWERING_SUT_RUN_CHECKS: RunChecks = {
  "RUN-001": { holds: someCheckRan, message: "No check ran: nothing the SUT did could be judged. Check that the target URL is the SUT's Beckn base URL." },
  "RUN-002": {
    holds: (_results, exchanges) => exchanges.some((e) => (e.expectation === "callback" || e.expectation === "error-callback") && !e.viaGateway && acked(e)),
    message: "Every valid request got a NACK or no answer, so no flow could be judged. Check the SUT's registry configuration and the harness's keys.",
  },
  "RUN-003": {
    holds: (_results, exchanges) => exchanges.some((e) => e.callbacks.length > 0),
    message: "No callback ever arrived at the harness. Check that the SUT calls back to context.bap_uri and can reach it.",
  },
};
