import { createFaker } from "../../../../fixtures/builders/index.js";
import { isOrderCompleted } from "../../../../protocol/shapes.js";
import { buildStepBody, newScenarioState, type HarnessIds, type ScenarioState } from "./build-request.js";
import { catalogueIdsOf, pickOffer, type OrderBudget } from "./offer.js";
import { incompleteWatch, transferUnwatchable } from "./order-window.js";
import type { Pending } from "./correlator.js";
import type { Phases } from "./phases.js";
import { runStep, type StepEnv } from "./run-step.js";
import type { Scenario, StepSpec } from "./scenario.js";
import type { Exchange, ReceivedCallback, TransferWatch } from "../../../core/check.js";

import type { SkippedStep } from "../../../../results/index.js";

export type { SkippedStep } from "../../../../results/index.js";

export interface ScenarioOutcome {
  readonly exchanges: Exchange[];
  readonly skipped: SkippedStep[];
}

const messageOf = (c: ReceivedCallback): Record<string, unknown> | undefined => (c.body as { message?: Record<string, unknown> } | undefined)?.message;

/** Did the step get what it expected? Later steps that need it are skipped otherwise. */
function succeeded(exchange: Exchange): boolean {
  const solicited = exchange.callbacks.filter((c) => c.matchedBy !== "unsolicited");
  if (exchange.expectation === "callback") {
    return solicited.some((c) => messageOf(c) !== undefined);
  }
  return exchange.response.kind === "response";
}

/** Learns from a step's callbacks what later steps need: the SUT's offer, the order id. */
function learn(step: StepSpec, exchange: Exchange, state: ScenarioState): void {
  const callback = exchange.callbacks.find((c) => c.matchedBy !== "unsolicited" && messageOf(c) !== undefined);
  if (!callback) {
    return;
  }
  const offer = step.action === "search" && !state.offer ? pickOffer(callback.body) : undefined;
  if (offer) {
    state.offer = offer;
    state.catalogueIds = catalogueIdsOf(callback.body);
  }
  const orderId = (messageOf(callback)?.["order"] as { id?: unknown } | undefined)?.id;
  if (step.action === "confirm" && typeof orderId === "string") {
    state.orderId = orderId;
  }
}

/**
 * Watches a confirmed order's transfer up to completion, or to --transfer-timeout after the confirm;
 * says why not when its window cannot end by then (docs/rules.md "Energy transfer").
 */
async function watchTransfer(env: StepEnv, exchange: Exchange, state: ScenarioState, onWaiting: () => void): Promise<TransferWatch> {
  const notExercised = transferUnwatchable(state.window, exchange.request.sentAt, state.transferTimeoutMs);
  const watch: TransferWatch = { ...(state.window ? { window: state.window } : {}), ...(notExercised ? { notExercised } : {}) };
  if (notExercised) {
    return watch;
  }
  const completed = (): boolean => exchange.callbacks.some((c) => c.matchedBy === "unsolicited" && isOrderCompleted(messageOf(c)?.["order"]));
  const watchedUntil = exchange.request.sentAt + state.transferTimeoutMs;
  if (!completed() && Date.now() < Math.min(env.runDeadline, watchedUntil)) {
    onWaiting();
  }
  await env.correlator.waitUntil(completed, Math.min(env.runDeadline, watchedUntil));
  return completed() ? watch : incompleteWatch(watch, { broken: env.brokenSince?.(exchange.request.sentAt), runDeadline: env.runDeadline, watchedUntil });
}

const isProbe = (step: StepSpec): boolean => (step.forgery !== undefined || step.negative !== undefined) && (step.needs ?? []).length === 0;

/**
 * Steps in order, with each run of independent probes as one batch: probes share no state, so they
 * go out together. An `alone` probe joins its batch as its last member and ends it (see runBatch).
 */
export function batches(steps: readonly StepSpec[]): StepSpec[][] {
  const out: StepSpec[][] = [];
  for (const step of steps) {
    const last = out[out.length - 1];
    if (last && isProbe(step) && last.every((s) => isProbe(s) && !s.alone)) {
      last.push(step);
    } else {
      out.push([step]);
    }
  }
  return out;
}

interface Run {
  /** The first request of the scenario's own transaction: where its leftover callbacks are put. */
  first?: Pending;
  readonly state: ScenarioState;
  readonly env: StepEnv;
  readonly ids: HarnessIds;
  readonly outcome: ScenarioOutcome;
  readonly results: Map<string, boolean>;
  /** The run's phases, for a functional scenario: it is idle while it only watches a transfer. */
  readonly phases?: Phases;
  /** Whether it is idle now (phases.idle was called and not yet resumed). */
  idle: boolean;
}

/** The scenario only waits now: the probe phase need not wait for it (docs/rules.md "The probe phase"). */
function goIdle(run: Run): void {
  if (run.phases && !run.idle) {
    run.idle = true;
    run.phases.idle();
  }
}

/** The scenario has more to send: it holds the probe phase back again, or waits for its end. */
async function resume(run: Run): Promise<void> {
  if (run.phases && run.idle) {
    await run.phases.resume();
    run.idle = false;
  }
}

async function runOne(step: StepSpec, run: Run, env: StepEnv = run.env): Promise<void> {
  const { state, outcome, results } = run;
  const missing = (step.needs ?? []).filter((id) => results.get(id) !== true);
  const built =
    missing.length > 0
      ? { ok: false as const, reason: `it needs ${missing.join(", ")}, which did not get what it expected` }
      : buildStepBody(step, state, run.ids);
  const stop = env.stopReason() ?? (Date.now() >= env.runDeadline ? "the run reached --max-time" : undefined);
  if (!built.ok || stop) {
    outcome.skipped.push({ scenario: env.scenario, step: step.id, reason: stop ?? (built.ok ? "" : built.reason) });
    results.set(step.id, false);
    return;
  }
  const { exchanges, pending } = await runStep(step, built.body, env);
  if (!run.first && pending.transactionId === state.transactionId) {
    run.first = pending;
  }
  const [exchange] = exchanges;
  const down = env.stopReason();
  if (down && exchange && exchange.response.kind === "failure" && !exchange.response.connected) {
    // Sent as the SUT went down: reported once, on the request it went down on, not again here.
    outcome.skipped.push({ scenario: env.scenario, step: step.id, reason: down });
    results.set(step.id, false);
    return;
  }
  outcome.exchanges.push(...exchanges);
  if (!exchange) {
    return;
  }
  results.set(step.id, succeeded(exchange));
  learn(step, exchange, state);
  if (step.watchTransfer) {
    // The mark the transfer checks read: with no order id to watch, the watch is empty and they find no progress.
    const transfer = state.orderId ? await watchTransfer(env, exchange, state, () => goIdle(run)) : {};
    outcome.exchanges[outcome.exchanges.indexOf(exchange)] = { ...exchange, transfer };
  }
}

/**
 * Runs a batch's steps at once; an `alone` step goes out once each of the others got its answer
 * (or was never sent), not after their callbacks and quiet windows, and the send gate keeps the
 * wire to it alone. So the other probes are judged on real answers, at no cost in time.
 */
async function runBatch(batch: readonly StepSpec[], run: Run, onStepDone: () => void): Promise<void> {
  const answered: Promise<void>[] = [];
  const together = batch
    .filter((step) => !step.alone)
    .map((step) => {
      let markAnswered = (): void => undefined;
      answered.push(new Promise<void>((resolve) => (markAnswered = resolve)));
      const env: StepEnv = { ...run.env, onOutcome: (outcome, request) => (run.env.onOutcome(outcome, request), markAnswered()) };
      return runOne(step, run, env).finally(() => (markAnswered(), onStepDone()));
    });
  const alone = (async () => {
    await Promise.all(answered);
    for (const step of batch.filter((s) => s.alone)) {
      await runOne(step, run).finally(onStepDone);
    }
  })();
  await Promise.all([...together, alone]);
}

/**
 * Runs a scenario's steps in order, in one transaction; a step whose prerequisite failed is skipped.
 * With the run's `phases` (a functional scenario of a run with a probe phase), it tells them when
 * it only watches a transfer, and a step after that waits as they say.
 */
export async function runScenario(
  scenario: Scenario,
  env: Omit<StepEnv, "scenario">,
  ids: HarnessIds,
  opts: { transferTimeoutMs: number; seed: number; budget?: OrderBudget; phases?: Phases },
): Promise<ScenarioOutcome> {
  const run: Run = {
    state: newScenarioState(createFaker(opts.seed), {
      transferTimeoutMs: opts.transferTimeoutMs,
      ...(opts.budget ? { budget: opts.budget } : {}),
      ...(scenario.capture ? { capture: scenario.capture } : {}),
    }),
    env: { ...env, scenario: scenario.id },
    ids,
    outcome: { exchanges: [], skipped: [] },
    results: new Map(),
    ...(opts.phases ? { phases: opts.phases } : {}),
    idle: false,
  };
  try {
    for (const batch of batches(scenario.steps)) {
      await resume(run);
      await runBatch(batch, run, () => env.onStepDone?.(scenario.id));
    }
  } finally {
    goIdle(run);
  }
  if (run.first) {
    env.correlator.claimLeftovers(run.state.transactionId, run.first);
  }
  return run.outcome;
}
