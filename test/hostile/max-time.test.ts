import { expect, test } from "vitest";
import { WIRE_BEHAVIOURS } from "./servers/behaviours-wire.js";
import { runHostile } from "./run-hostile.js";

/**
 * DESIGN "Timing": a SUT that hangs on every request still gets a complete, failing report within
 * --max-time. Here with the default ttl (10 s), quiet window (2 s) and ACK deadline (3 s), which
 * alone would take far longer than the 4 s budget.
 */
const neverAnswers = WIRE_BEHAVIOURS.find((b) => b.id === "never-answers");

test("a SUT that hangs on every request gets a failing report within --max-time", { timeout: 30_000 }, async () => {
  if (!neverAnswers) {
    throw new Error("the never-answers behaviour is missing");
  }
  const maxTimeMs = 4000;
  const outcome = await runHostile(neverAnswers, { ttl: "PT10S", quietWindowMs: 2000, ackTimeoutMs: 3000, transferTimeoutMs: 60_000, maxTimeMs });
  expect(outcome.result.exitCode).toBe(1);
  expect(outcome.result.durationMs).toBeLessThan(maxTimeMs + 1000);
  expect(outcome.flagged).toEqual(expect.arrayContaining(["ACK-003", "TIM-001", "RUN-002", "RUN-003"]));
  // Steps the budget left no time for are skipped with that reason, never silently dropped.
  expect(outcome.result.skipped.some((s) => s.reason === "the run reached --max-time")).toBe(true);
  expect(outcome.openAfter).toEqual([]);
});
