import { parseIsoDuration } from "../protocol/formats.js";
import { isOrderCompleted } from "../protocol/shapes.js";
import { DEFAULT_RUN, type RunConfig } from "../suites/core/config.js";
import type { RunResult } from "../suites/core/run-result.js";
import { runSuite } from "../suites/core/run-suite.js";
import { SUITES } from "../suites/roles/index.js";

/**
 * Issue 17's rows about waits: a run takes the SUT's time and the protocol's forced waits, not ours.
 * Each run is one certification against the embedded reference (in this process, as `run` does
 * without --target), its wall time set against the issue's bound for it, computed from the run's
 * own config and evidence: the forced waits + k × ttl + 1 s.
 */
export interface WaitFigure {
  readonly name: string;
  readonly wallMs: number;
  readonly boundMs: number;
  /** What the protocol forces the run to wait out (the transfer, the quiet window, the BAP's own ttl). */
  readonly forcedWaitMs: number;
  readonly note: string;
}

const SLACK_MS = 1000;

const orderOf = (body: unknown): unknown => (body as { message?: { order?: unknown } } | undefined)?.message?.order;

/** How long the reference's energy transfer took: from the watched confirm to its completing on_status (0 when none completed). */
export function transferMs(result: RunResult): number {
  const watched = result.exchanges.find((e) => e.transfer !== undefined);
  const completed = watched?.callbacks.find((c) => c.matchedBy === "unsolicited" && isOrderCompleted(orderOf(c.body)));
  return completed ? completed.atMs : 0;
}

/** The ttl the BAP stamped on its select: its late callback must outwait it. */
export function bapRequestTtlMs(result: RunResult): number {
  const ttls = result.exchanges
    .filter((e) => e.action === "select")
    .map((e) => parseIsoDuration((e.request.body as { context?: { ttl?: unknown } } | undefined)?.context?.ttl));
  return ttls.find((ttl) => ttl !== undefined) ?? 0;
}

/** One run, timed from runSuite's start: the suite's modules are loaded first, as the CLI has them before a run. */
async function timed(config: RunConfig): Promise<{ result: RunResult; wallMs: number }> {
  const suite = await SUITES[config.role]();
  const started = performance.now();
  const result = await runSuite(suite, { ...config, registryPort: 0 });
  return { result, wallMs: performance.now() - started };
}

const bpp = (extra: Partial<RunConfig> = {}): RunConfig => ({ ...DEFAULT_RUN, role: "bpp", ...extra });
const ttlOf = (config: RunConfig): number => parseIsoDuration(config.ttl) ?? 0;

/** A full certification: bounded by its longest forced wait + 1 s. */
async function full(name: string, config: RunConfig, forced: (result: RunResult) => number, what: string): Promise<WaitFigure> {
  const { result, wallMs } = await timed(config);
  const forcedWaitMs = forced(result);
  return { name, wallMs, boundMs: forcedWaitMs + SLACK_MS, forcedWaitMs, note: `${what}; exit ${result.exitCode}` };
}

/** A faulty BPP: its forced waits + k × ttl + 1 s, for a chain of k steps that each wait out their ttl. */
async function faulty(name: string, fault: string, k: number, why: string): Promise<WaitFigure> {
  const config = bpp({ ttl: "PT2S", faults: [fault] });
  const { result, wallMs } = await timed(config);
  const transfer = transferMs(result);
  const forcedWaitMs = transfer + config.quietWindowMs;
  return {
    name,
    wallMs,
    boundMs: forcedWaitMs + k * ttlOf(config) + SLACK_MS,
    forcedWaitMs,
    note: `fault ${fault}, ttl PT2S, k = ${k} (${why}); forced: transfer ${Math.round(transfer)} ms + quiet window ${config.quietWindowMs} ms; exit ${result.exitCode}`,
  };
}

/** The figures, one run each, one after another (the first pays the process's cold start). */
export async function benchWaits(): Promise<WaitFigure[]> {
  return [
    await full(
      "full BPP certification (defaults)",
      bpp(),
      (r) => Math.max(transferMs(r), DEFAULT_RUN.quietWindowMs),
      "forced: the longest of the transfer (compressed clock) and the quiet window",
    ),
    await full("full BAP certification (defaults)", { ...DEFAULT_RUN, role: "bap" }, bapRequestTtlMs, "forced: the BAP's own request ttl (the late probe)"),
    await faulty("BPP ctx.new-message-id at PT2S", "ctx.new-message-id", 1, "the status reply guessed at its deadline"),
    await faulty("silent BPP (tim.no-callback) at PT2S", "tim.no-callback", 2, "a functional request's ttl, then the probe phase's search's"),
    await faulty("late-callback BPP (tim.late-callback) at PT2S", "tim.late-callback", 2, "a functional request's ttl, then the probe phase's search's"),
  ];
}
