/**
 * The run-level rows of a registry run (DESIGN "Verdicts": a run never passes vacuously), with the
 * meanings they have for every role: a check ran; not every answer to a valid request was a
 * refusal; a callback (here the registry's on_subscribe challenge) arrived.
 */
import { ackStatusOf } from "../../../protocol/ack.js";
import { RUN_CHECKS } from "../bpp/checks/index.js";
import type { CheckResult, Exchange } from "../../core/check.js";

const MESSAGES: Readonly<Record<(typeof RUN_CHECKS)[number]["id"], string>> = {
  "RUN-001": "No check ran: nothing the registry did could be judged. Check that the target URL is the registry's base URL (where /lookup and /subscribe are).",
  "RUN-002": "Every lookup, subscription and GET / got an error, a NACK, a body that is not JSON, or no answer, so nothing could be judged. Check the target URL and that the registry accepts unsigned lookups.",
  "RUN-003": "The registry never called the harness's subscribers at <url>/on_subscribe. Check that it can reach the harness (--public-url, --host).",
};

/** Whether a valid request got a 2xx JSON answer that is not a NACK. */
function answeredWell(exchange: Exchange): boolean {
  const { response } = exchange;
  const ok = response.kind === "response" && response.status >= 200 && response.status < 300 && response.body !== undefined;
  return exchange.expectation !== "nack" && ok && ackStatusOf(response.body) !== "NACK";
}

export function registryVacuityResults(results: readonly CheckResult[], exchanges: readonly Exchange[]): CheckResult[] {
  const ok: Readonly<Record<(typeof RUN_CHECKS)[number]["id"], boolean>> = {
    "RUN-001": results.some((r) => r.status !== "skip"),
    "RUN-002": exchanges.some(answeredWell),
    "RUN-003": exchanges.some((e) => e.callbacks.length > 0),
  };
  return RUN_CHECKS.map(({ id, title }) => ({
    id, title, severity: "MUST", ref: "DESIGN Verdicts and report.json: a run never passes vacuously", scenario: null, step: null, exchange: null,
    status: ok[id] ? "pass" : "fail", findings: ok[id] ? [] : [{ checkId: id, message: MESSAGES[id] }],
  }));
}
