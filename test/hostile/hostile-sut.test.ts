import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { plain } from "./servers/behaviours-wire.js";
import { HOSTILE_CASES } from "./cases.js";
import { HOSTILE_RUN, runHostile, type HostileOutcome } from "./run-hostile.js";

/**
 * The BPP suite against SUTs that are hostile on purpose (issue 8, "Hostile SUTs"). Whatever the
 * SUT does, the run ends on time with exit 1 and the right failing checks, keeps its evidence
 * bounded, pollutes no prototype, and leaves none of its servers listening.
 */
vi.setConfig({ maxConcurrency: 6 });

const MAX_EVIDENCE_BODY = 1024 * 1024;
const MAX_EVIDENCE_TOTAL = 64 * 1024 * 1024;
const activeHandles = (): number => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;

let baseline: HostileOutcome;
let handlesBefore = 0;
const walls: { id: string; ms: number }[] = [];

beforeAll(async () => {
  handlesBefore = activeHandles();
  // Roomier deadlines than the hostile runs, so a busy machine cannot make the baseline look hostile.
  baseline = await runHostile({ id: "plain", title: "a plain echo SUT", answer: plain }, { ackTimeoutMs: 3000, ttl: "PT3S" });
}, 60_000);

afterAll(async () => {
  // Every harness and hostile server is closed: the worker holds no more handles than before.
  await vi.waitFor(() => expect(activeHandles()).toBeLessThanOrEqual(handlesBefore), { timeout: 10_000, interval: 100 });
  const worst = walls.sort((a, b) => b.ms - a.ms)[0];
  if (worst) {
    process.stdout.write(`hostile SUTs: worst-case wall time ${(worst.ms / 1000).toFixed(1)} s (${worst.id})\n`);
  }
}, 20_000);

describe("the plain echo SUT the hostile ones are built on", () => {
  test("gets its callbacks judged and exits 1 only for what it does not implement", () => {
    expect(baseline.result.exitCode).toBe(1);
    expect(baseline.flagged).not.toContain("RUN-003");
    expect(baseline.flagged).not.toContain("TIM-002");
  });
});

describe.concurrent("a hostile SUT", () => {
  test.for(HOSTILE_CASES)("$behaviour.id: $behaviour.title", { timeout: 60_000 }, async ({ behaviour, expected, overrides }) => {
    const outcome = await runHostile(behaviour, overrides);
    walls.push({ id: behaviour.id, ms: outcome.wallMs });
    const maxTimeMs = overrides?.maxTimeMs ?? HOSTILE_RUN.maxTimeMs;

    expect(outcome.result.exitCode).toBe(1);
    expect(outcome.result.infrastructureError).toBeUndefined();
    expect(outcome.flagged.filter((id) => id.endsWith("!"))).toEqual([]);
    expect(outcome.flagged).toEqual(expect.arrayContaining([...expected]));
    expect(expected.filter((id) => baseline.flagged.includes(id))).toEqual([]);

    expect(outcome.result.durationMs).toBeLessThan(maxTimeMs + 5000);
    expect(outcome.wallMs).toBeLessThan(maxTimeMs + 15_000);
    expect(outcome.largestEvidence).toBeLessThanOrEqual(MAX_EVIDENCE_BODY);
    expect(outcome.totalEvidence).toBeLessThanOrEqual(MAX_EVIDENCE_TOTAL);
    expect(outcome.harnessPorts.length).toBeGreaterThan(0);
    expect(outcome.openAfter).toEqual([]);
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
