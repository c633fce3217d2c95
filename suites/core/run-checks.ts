/**
 * The run-level checks (docs/rules.md "Verdicts and report.json": a run never passes vacuously). Every role
 * has the same three, with the meaning its traffic gives them: a check ran; not every answer to a
 * valid message was a refusal; a callback arrived. A role says how to tell the last two from its
 * exchanges, and what to tell its developer when one fails.
 */
import type { CheckResult, Exchange } from "../../results/index.js";

/** The rule all three rest on, in docs/rules.md. */
const RUN_CHECK_REF = 'docs/rules.md "Verdicts and report.json" (a run never passes vacuously)';

/**
 * The three run-level checks, each with a fix that holds for every role; the role's own message
 * (RunCheckMeaning) says what it means for that role's traffic.
 */
export const RUN_CHECKS = [
  {
    id: "RUN-001",
    title: "At least one check ran",
    severity: "MUST",
    ref: RUN_CHECK_REF,
    fix: "Point --target at the SUT's base URL, where its Beckn endpoints are served, and check that it answers there, so that some exchange can be judged.",
  },
  {
    id: "RUN-002",
    title: "Not every answer was a NACK",
    severity: "MUST",
    ref: RUN_CHECK_REF,
    fix: "Register the SUT (subscriber id, key, URL) in the registry the harness uses and have it look the harness's keys up there, so it ACKs valid signed messages.",
  },
  {
    id: "RUN-003",
    title: "At least one callback arrived",
    severity: "MUST",
    ref: RUN_CHECK_REF,
    fix: "Have the SUT call the URLs the harness gives (context.bap_uri, the bpp_uri, <url>/on_subscribe) and make sure it can reach them from where it runs.",
  },
] as const;
export type RunCheckId = (typeof RUN_CHECKS)[number]["id"];
export const RUN_CHECK_IDS: readonly RunCheckId[] = RUN_CHECKS.map((c) => c.id);

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
  return RUN_CHECKS.map(({ id, title, severity, ref }) => {
    const { holds, message } = meanings[id];
    const ok = holds(results, exchanges);
    return {
      id,
      title,
      severity,
      ref,
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
