import { randomInt } from "node:crypto";
import type { HttpOutcome } from "../../../../protocol/http/post.js";
import type { RunConfig } from "../../../core/config.js";
import { Correlator } from "../drive/correlator.js";
import { startBppNetwork, type Sut } from "../network.js";
import { judge } from "../../../core/judge.js";
import { bppContext, harnessIdsOf } from "../suite.js";
import { driveEnvOf, judgeOptionsFor } from "../../../core/run-suite.js";
import { unreachableBy } from "../../../core/unreachable.js";
import { runScenario } from "../drive/run-scenario.js";
import type { StepEnv } from "../drive/run-step.js";
import type { Check, Exchange } from "../../../core/check.js";
import { LOAD_ACTIONS, LOAD_SCENARIO } from "./scenario.js";
import { LoadTally, type TallyFigures } from "./tally.js";

/**
 * Load mode: whole transactions (search → select → init → confirm → status), `concurrency` at a
 * time, each judged by every check as soon as it ends, through the judge directly (no
 * vitest). Each transaction is forgotten once judged, so memory stays flat however many run.
 */
export interface LoadOptions {
  readonly concurrency: number;
  readonly transactions: number;
  /** Called after each transaction is judged (the CLI's progress line, the bench's memory checkpoints). */
  readonly onTransaction?: (progress: LoadProgress) => void;
}

export interface LoadProgress {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  readonly lostCallbacks: number;
  readonly failedTransactions: number;
}

export interface LoadReport extends TallyFigures {
  readonly sut: Sut;
  readonly concurrency: number;
  readonly durationMs: number;
  /** Whole transactions judged per second. */
  readonly throughput: number;
  /** Callbacks that came after their transaction was judged (the transfer's on_status), counted, not kept. */
  readonly lateCallbacks: number;
  /** Callbacks dropped past the evidence caps. */
  readonly droppedCallbacks: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly infrastructureError?: string;
  /** 1 when a callback was lost or a check failed; else 2 when the harness could not judge; else 0. */
  readonly exitCode: 0 | 1 | 2;
}

function memoryPeaks(): { sample(): void; rss: () => number; heap: () => number; stop(): void } {
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  const timer = setInterval(sample, 100);
  timer.unref();
  sample();
  return { sample, rss: () => rss, heap: () => heap, stop: () => clearInterval(timer) };
}

const transactionOf = (exchange: Exchange | undefined): string | undefined => {
  const id = (exchange?.request.body as { context?: { transaction_id?: unknown } } | undefined)?.context?.transaction_id;
  return typeof id === "string" ? id : undefined;
};

function exitCodeOf(figures: TallyFigures, infrastructureError: string | undefined): 0 | 1 | 2 {
  if (figures.lostCallbacks > 0 || Object.keys(figures.failedChecks).length > 0) {
    return 1;
  }
  return infrastructureError || figures.errors > 0 || figures.transactions === 0 ? 2 : 0;
}

/** Runs `options.transactions` transactions against the config's target (or the embedded reference BPP). */
export async function runLoad(config: RunConfig, checks: readonly Check[], options: LoadOptions): Promise<LoadReport> {
  const run = driveEnvOf(config);
  const counterparts = await startBppNetwork(config);
  const correlator = new Correlator();
  counterparts.receiver.onCallback((callback) => correlator.accept(callback));
  const memory = memoryPeaks();
  const tally = new LoadTally(LOAD_ACTIONS);
  const started = Date.now();
  let first: HttpOutcome | undefined;
  const refused = (): string | undefined => unreachableBy(counterparts.sut.url, first);
  const env: Omit<StepEnv, "scenario"> = {
    identity: counterparts.bap,
    targetUrl: counterparts.sut.url,
    gatewayUrl: counterparts.gatewayUrl,
    correlator,
    ttlMs: run.ttlMs,
    ackTimeoutMs: config.ackTimeoutMs,
    quietWindowMs: run.quietWindowMs,
    runDeadline: started + config.maxTimeMs,
    onOutcome: (outcome) => {
      first ??= outcome;
    },
    stopReason: refused,
  };
  const ids = harnessIdsOf(config, counterparts);
  const judgeOptions = judgeOptionsFor(bppContext(config, counterparts), config);
  const seedBase = randomInt(1, 2 ** 40); // fresh transaction ids on every run, even against a long-lived SUT
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.transactions && !refused() && Date.now() < env.runDeadline) {
      const outcome = await runScenario(LOAD_SCENARIO, env, ids, { transferTimeoutMs: 0, seed: seedBase + next++ });
      const results = await judge(checks, outcome.exchanges, judgeOptions);
      tally.add(
        outcome.exchanges,
        results.filter((r) => r.exchange !== null),
        outcome.skipped,
      );
      const transactionId = transactionOf(outcome.exchanges[0]);
      if (transactionId) {
        correlator.release(transactionId);
      }
      const figures = { done: tally.transactions, total: options.transactions, elapsedMs: Date.now() - started };
      options.onTransaction?.({ ...figures, lostCallbacks: tally.lostCallbacks, failedTransactions: tally.failedTransactions });
    }
  };
  let durationMs: number;
  try {
    durationMs = await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker)).then(() => Date.now() - started);
  } finally {
    memory.stop();
    await counterparts.close();
  }
  const figures = tally.figures();
  const infrastructureError = refused();
  return {
    ...figures,
    sut: counterparts.sut,
    concurrency: options.concurrency,
    durationMs,
    throughput: figures.transactions / (durationMs / 1000),
    lateCallbacks: correlator.late,
    droppedCallbacks: correlator.dropped,
    peakRssBytes: memory.rss(),
    peakHeapBytes: memory.heap(),
    ...(infrastructureError ? { infrastructureError } : {}),
    exitCode: exitCodeOf(figures, infrastructureError),
  };
}
