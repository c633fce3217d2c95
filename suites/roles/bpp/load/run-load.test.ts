import { describe, expect, test } from "vitest";
import { main } from "../../../../cli/program.js";
import { BPP_CHECKS } from "../checks/index.js";
import { DEFAULT_RUN } from "../../../core/config.js";
import { LOAD_ACTIONS } from "./scenario.js";
import { runLoad } from "./run-load.js";

/** Load mode against the embedded reference BPP: clean, with a lost callback, with a failing check. */
const LOAD_RUN = { ...DEFAULT_RUN, registryPort: 0, ttl: "PT2S", maxTimeMs: 60_000 };

describe.concurrent("load mode", () => {
  test("judges every transaction of the clean reference BPP: no callback lost, no check failed, exit 0", { timeout: 60_000 }, async () => {
    const report = await runLoad(LOAD_RUN, BPP_CHECKS, { concurrency: 4, transactions: 20 });
    expect(report.exitCode).toBe(0);
    expect(report.transactions).toBe(20);
    expect(report.lostCallbacks).toBe(0);
    expect(report.failedChecks).toEqual({});
    expect(report.actions.map((a) => [a.action, a.ack.count, a.callback.count])).toEqual(LOAD_ACTIONS.map((a) => [a, 20, 20]));
    expect(report.actions.every((a) => a.ack.p50 > 0 && a.ack.p50 <= a.ack.p95 && a.ack.p95 <= a.ack.p99)).toBe(true);
    expect(report.throughput).toBeGreaterThan(0);
    expect(report.peakHeapBytes).toBeGreaterThan(0);
    expect(report.peakRssBytes).toBeGreaterThanOrEqual(report.peakHeapBytes);
  });

  test("counts the callbacks a BPP never sends as lost, and exits 1", { timeout: 60_000 }, async () => {
    const report = await runLoad({ ...LOAD_RUN, ttl: "PT1S", faults: ["tim.no-callback"] }, BPP_CHECKS, { concurrency: 4, transactions: 4 });
    expect(report.exitCode).toBe(1);
    expect(report.lostCallbacks).toBe(4); // each transaction stops at its search
    expect(report.skippedSteps).toBe(16);
    expect(report.failedChecks["TIM-002"]).toBe(4);
  });

  test("counts failing checks by id, and exits 1", { timeout: 60_000 }, async () => {
    const report = await runLoad({ ...LOAD_RUN, faults: ["biz.wrong-quote"] }, BPP_CHECKS, { concurrency: 4, transactions: 6 });
    expect(report.exitCode).toBe(1);
    expect(report.lostCallbacks).toBe(0);
    expect(report.failedChecks["BIZ-001"]).toBeGreaterThanOrEqual(6);
    expect(report.failedTransactions).toBe(6);
  });

  test("p2p-conformance load prints the figures and a verdict", { timeout: 60_000 }, async () => {
    const lines: string[] = [];
    const code = await main(["load", "--registry-port", "0", "--transactions", "5", "--concurrency", "2", "--ttl", "PT2S"], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^5 transactions, concurrency 2, against http:\/\/127\.0\.0\.1:\d+: [\d.]+ s, [\d.]+ tx\/s$/);
    expect(lines.slice(2, 7).map((l) => l.split(/\s+/)[0])).toEqual([...LOAD_ACTIONS]);
    expect(lines.at(-1)).toBe("PASS: every callback arrived and every check passed");
  });

  test("p2p-conformance load refuses a bad flag with exit 2", async () => {
    const errors: string[] = [];
    expect(await main(["load", "--transactions", "many"], { out: () => undefined, err: (l) => errors.push(l) })).toBe(2);
    expect(errors).toEqual(['p2p-conformance: --transactions "many" must be a whole number from 1 to 10000000. [P2PC_ERR_USAGE]']);
  });
});
