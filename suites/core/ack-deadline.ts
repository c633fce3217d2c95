/**
 * The ACK deadline, one rule for every role that answers the harness's requests (DESIGN "Timing"):
 * the synchronous answer's headers arrive within 3 s. TIM-001 judges a BPP with it, GW-015 a gateway.
 */
import type { Check } from "./check.js";
import { defineCheck } from "./define-check.js";
import { finding } from "./finding.js";

export const ACK_DEADLINE_MS = 3000;

/** How long past the ACK deadline the harness reads at least, so a late answer is judged late, not missing (every role). */
export const LATE_ANSWER_GRACE_MS = 2000;

/** A MUST check, with this id and title, that the synchronous answer arrived within the ACK deadline. */
export function ackDeadlineCheck(id: string, title: string): Check {
  return defineCheck({
    id,
    title,
    severity: "MUST",
    ref: 'docs/rules.md "Timing" (the ACK deadline)',
    fix: "Answer with the ACK or NACK at once, within 3 s, and do the work (and send the callback) after it.",
    appliesTo: (exchange) => exchange.response.kind === "response" || exchange.response.failure === "timeout",
    run: (exchange) => {
      const { response } = exchange;
      if (response.kind === "response" && response.headersMs <= ACK_DEADLINE_MS) {
        return [];
      }
      return [
        finding(
          'The synchronous answer did not arrive within the ACK deadline; answer with the ACK or NACK at once and do the work after it (docs/rules.md "Timing").',
          {
            path: "response.headersMs",
            expected: `≤ ${ACK_DEADLINE_MS} ms`,
            actual: response.kind === "response" ? { headersMs: response.headersMs } : { failure: response.failure, ms: response.ms },
          },
        ),
      ];
    },
  });
}
