import { CLOCK_SKEW_SECONDS } from "../../../protocol/clock.js";
import { randomUUID } from "node:crypto";
import { parseIsoDuration } from "../../../protocol/formats.js";
import type { HttpOutcome } from "../../../protocol/http/post.js";
import { loadScenarios } from "./drive/load-scenarios.js";
import type { HarnessIds } from "./drive/build-request.js";
import { requestShapeOf, type RunConfig } from "../../core/config.js";
import { Correlator, MAX_CALLBACK_BYTES_KEPT, MAX_CALLBACKS_KEPT } from "./drive/correlator.js";
import { publicUrlOf, startCounterparts, type Counterparts } from "./network.js";
import { evidenceDroppedNote } from "../../core/evidence-budget.js";
import { judge, vacuityResults, type JudgeOptions } from "../../core/judge.js";
import { stepCounter } from "../../core/progress.js";
import { OrderBudget } from "./drive/offer.js";
import { runScenario } from "./drive/run-scenario.js";
import { verdictOf, type RunResult } from "../../core/run-result.js";
import type { StepEnv } from "./drive/run-step.js";
import { SendGate, SutLiveness } from "./drive/send-gate.js";
import type { Check } from "../../core/check.js";

/** What the harness writes into each request's context: its own ids and the SUT's. */
export function harnessIdsOf(config: RunConfig, counterparts: Counterparts): HarnessIds {
  return {
    bapId: counterparts.bap.subscriberId, bapUri: counterparts.bapUri, bppId: counterparts.sut.subscriberId, bppUri: publicUrlOf(counterparts.sut),
    domain: config.domain, city: config.city, country: config.country, ttl: config.ttl, shape: requestShapeOf(config),
  };
}

/** What every check is told about the run (the SUT's identity, the harness's, the limits). */
export function checkContextOf(config: RunConfig, counterparts: Counterparts): JudgeOptions["context"] {
  return {
    profile: config.profile,
    ...(config.closed ? { closed: true } : {}),
    requestShape: requestShapeOf(config),
    sut: { subscriberId: counterparts.sut.subscriberId, publicKey: counterparts.sut.publicKey, url: publicUrlOf(counterparts.sut), ...(counterparts.sut.uniqueKeyId ? { uniqueKeyId: counterparts.sut.uniqueKeyId } : {}) },
    harness: { bapId: counterparts.bap.subscriberId, bapUri: counterparts.bapUri, domain: config.domain },
    skewSeconds: CLOCK_SKEW_SECONDS,
    maxUnsolicited: config.maxUnsolicited,
  };
}

/** Why the run cannot be conformant when the correlator dropped callbacks past its bounds. */
const droppedCallbacks = (correlator: Correlator): string | undefined =>
  evidenceDroppedNote(correlator.dropped, "the harness's callback receiver", `${MAX_CALLBACKS_KEPT} callbacks per request or ${MAX_CALLBACK_BYTES_KEPT / (1024 * 1024)} MiB`);

/** Runs the BPP suite: counterparts up, scenarios (functional first, then probes), checks, teardown. */
export async function runBpp(config: RunConfig, checks: readonly Check[]): Promise<RunResult> {
  const started = Date.now();
  const ttlMs = parseIsoDuration(config.ttl);
  if (ttlMs === undefined) {
    throw new Error(`--ttl "${config.ttl}" is not an ISO 8601 duration such as PT10S.`);
  }
  const counterparts = await startCounterparts(config);
  const correlator = new Correlator();
  counterparts.receiver.onCallback((callback) => correlator.accept(callback));
  let first: HttpOutcome | undefined;
  const refusedFirst = (): boolean => first?.kind === "failure" && (first.failure === "refused" || first.failure === "dns");
  const liveness = new SutLiveness();
  const env: Omit<StepEnv, "scenario"> = {
    identity: counterparts.bap, gateway: counterparts.gateway, targetUrl: counterparts.sut.url, gatewayUrl: counterparts.gatewayUrl, correlator, ttlMs,
    ackTimeoutMs: config.ackTimeoutMs, quietWindowMs: Math.min(config.quietWindowMs, ttlMs), runDeadline: started + config.maxTimeMs,
    onOutcome: (outcome, request) => {
      first ??= outcome;
      liveness.observe(outcome, request);
    },
    stopReason: () => (refusedFirst() ? "the target refused its first connection" : liveness.down),
    sendGate: new SendGate(),
  };
  const ids = harnessIdsOf(config, counterparts);
  try {
    const scenarios = loadScenarios("bpp").filter((s) => !config.scenarios || config.scenarios.includes(s.id));
    const onStepDone = stepCounter(scenarios.reduce((sum, s) => sum + s.steps.length, 0));
    // Every order of the run shares the offer's available quantity (docs/rules.md "What the harness orders").
    const budget = new OrderBudget(scenarios.filter((s) => s.steps.some((step) => step.item === "offer")).length);
    const run = (phase: "functional" | "probe") =>
      Promise.all(scenarios.filter((s) => s.phase === phase).map((s, i) => runScenario(s, { ...env, onStepDone }, ids, { transferTimeoutMs: config.transferTimeoutMs, seed: config.seed + i, budget })));
    const outcomes = [...(await run("functional")), ...(await run("probe"))];
    const exchanges = outcomes.flatMap((o) => o.exchanges);
    const refused = refusedFirst() && first?.kind === "failure" ? `${counterparts.sut.url} ${first.failure === "dns" ? "does not resolve" : "refused the first connection"}: ${first.detail}` : undefined;
    const context = checkContextOf(config, counterparts);
    const results = refused ? [] : await judge(checks, exchanges, { strict: config.profile === "p2p-trade-strict", context });
    const all = refused ? [] : [...results, ...vacuityResults(results, exchanges)];
    const skipped = outcomes.flatMap((o) => o.skipped);
    return {
      role: "bpp", runId: randomUUID(), startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, sut: counterparts.sut, requestShape: ids.shape,
      results: all, exchanges, skipped, ...(refused ? { infrastructureError: refused } : {}), ...verdictOf(all, skipped, config, refused, droppedCallbacks(correlator)),
    };
  } finally {
    await counterparts.close();
  }
}
