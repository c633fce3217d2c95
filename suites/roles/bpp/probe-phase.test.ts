import { expect, test } from "vitest";
import type { Exchange } from "../../core/check.js";
import { DEFAULT_RUN } from "../../core/config.js";
import { runSuite } from "../../core/run-suite.js";
import { bppRunScenarios } from "./drive/read-scenarios.js";
import { BPP_SUITE } from "./suite.js";

/**
 * docs/rules.md "The probe phase", on the recorded evidence of one run against the reference BPP
 * whose transfer stalls (fault tim.transfer-stalls), so the transfer is pending for the whole of
 * --transfer-timeout: the probes go while it is, yet after every functional exchange got what it
 * waited for, and the step after the watch goes only once the probe phase is over. Only the order
 * of the recorded times is asserted, never a duration.
 */
const RUN = { ...DEFAULT_RUN, registryPort: 0, ttl: "PT3S", quietWindowMs: 500, transferTimeoutMs: 6000, faults: ["tim.transfer-stalls"] };

/** When the harness stopped waiting on a functional exchange: its answer, and the reply it awaited. */
function settledAt(exchange: Exchange): number {
  const answered = exchange.request.sentAt + (exchange.response.kind === "response" ? exchange.response.ms : 0);
  const reply = exchange.callbacks.find((c) => c.matchedBy !== "unsolicited");
  return exchange.expectation === "callback" || exchange.expectation === "error-callback" ? Math.max(answered, reply?.receivedAt ?? answered) : answered;
}

test(
  "the probe phase starts while a transfer is watched, never while a functional exchange is in flight, and the step after the watch waits for its end",
  { timeout: 60_000 },
  async () => {
    const result = await runSuite(BPP_SUITE, RUN);
    const probeScenarios = new Set(
      bppRunScenarios(RUN)
        .filter((s) => s.phase === "probe")
        .map((s) => s.id),
    );
    const probes = result.exchanges.filter((e) => probeScenarios.has(e.scenario));
    const watched = result.exchanges.find((e) => e.transfer !== undefined);
    const afterWatch = result.exchanges.find((e) => e.scenario === watched?.scenario && e.step === "status");
    const functional = result.exchanges.filter((e) => !probeScenarios.has(e.scenario) && e !== afterWatch && !e.step.endsWith("-repeat"));
    expect(probes.length).toBeGreaterThan(20);
    expect(watched?.transfer?.notExercised).toBeUndefined();
    expect(afterWatch).toBeDefined();

    const firstProbe = Math.min(...probes.map((e) => e.request.sentAt));
    const lastProbe = Math.max(...probes.map((e) => e.request.sentAt));
    const watchEnd = (watched?.request.sentAt ?? 0) + RUN.transferTimeoutMs;
    // Not while a functional exchange is in flight: every one had settled before the first probe went.
    expect(functional.filter((e) => settledAt(e) > firstProbe).map((e) => `${e.scenario}/${e.step}`)).toEqual([]);
    // While the transfer was pending: the first probe went before the watch ended (it never completed).
    expect(firstProbe).toBeLessThan(watchEnd);
    // The status after the watch went after the watch, and after the last probe's quiet window.
    expect(afterWatch?.request.sentAt).toBeGreaterThanOrEqual(watchEnd);
    expect(afterWatch?.request.sentAt).toBeGreaterThanOrEqual(lastProbe + RUN.quietWindowMs);
  },
);
