/**
 * What the run-level checks mean for a registry (DESIGN "Verdicts": a run never passes vacuously):
 * a check ran; not every answer to a valid request was a refusal; a callback (here the registry's
 * on_subscribe challenge) arrived.
 */
import { ackStatusOf } from "../../../protocol/ack.js";
import type { Exchange } from "../../../results/index.js";
import { someCheckRan, type RunChecks } from "../../core/run-checks.js";

/** Whether a valid request got a 2xx JSON answer that is not a NACK. */
function answeredWell(exchange: Exchange): boolean {
  const { response } = exchange;
  const ok = response.kind === "response" && response.status >= 200 && response.status < 300 && response.body !== undefined;
  return exchange.expectation !== "nack" && ok && ackStatusOf(response.body) !== "NACK";
}

export const REGISTRY_RUN_CHECKS: RunChecks = {
  "RUN-001": {
    holds: someCheckRan,
    message: "No check ran: nothing the registry did could be judged. Check that the target URL is the registry's base URL (where /lookup and /subscribe are).",
  },
  "RUN-002": {
    holds: (_results, exchanges) => exchanges.some(answeredWell),
    message:
      "Every lookup, subscription and GET / got an error, a NACK, a body that is not JSON, or no answer, so nothing could be judged. Check the target URL and that the registry accepts unsigned lookups.",
  },
  "RUN-003": {
    holds: (_results, exchanges) => exchanges.some((e) => e.callbacks.length > 0),
    message: "The registry never called the harness's subscribers at <url>/on_subscribe. Check that it can reach the harness (--public-url, --host).",
  },
};
