import type { HttpOutcome } from "../../../protocol/http/post.js";
import type { HarnessIds } from "./drive/build-request.js";
import { requestShapeOf, type RunConfig } from "../../core/config.js";
import { Correlator, MAX_CALLBACK_BYTES_KEPT, MAX_CALLBACKS_KEPT } from "./drive/correlator.js";
import { publicUrlOf, startBppNetwork, type BppNetwork } from "./network.js";
import { evidenceDroppedNote } from "../../core/evidence-budget.js";
import { stepCounter } from "../../core/progress.js";
import type { DriveEnv, Driven, RoleSuite, SuiteContext } from "../../core/role-suite.js";
import { ANSWERING_SUT_RUN_CHECKS } from "../../core/run-checks.js";
import { unreachableBy } from "../../core/unreachable.js";
import { bppRunScenarios } from "./drive/read-scenarios.js";
import { OrderBudget } from "./drive/offer.js";
import { runScenario } from "./drive/run-scenario.js";
import { Phases } from "./drive/phases.js";
import type { StepEnv } from "./drive/run-step.js";
import { SendGate, SutLiveness } from "./drive/send-gate.js";
import { BPP_CHECKS } from "./checks/index.js";
import { participantKey } from "../../core/signature-diagnosis.js";

/** What the harness writes into each request's context: its own ids and the SUT's. */
export function harnessIdsOf(config: RunConfig, counterparts: BppNetwork): HarnessIds {
  return {
    bapId: counterparts.bap.subscriberId,
    bapUri: counterparts.bapUri,
    bppId: counterparts.sut.subscriberId,
    bppUri: publicUrlOf(counterparts.sut),
    domain: config.domain,
    city: config.city,
    country: config.country,
    ttl: config.ttl,
    shape: requestShapeOf(config),
  };
}

/** The SUT's identity and the harness's as the BPP checks read them, with the run's request forms. */
export function bppContext(config: RunConfig, counterparts: BppNetwork): SuiteContext {
  return {
    ...(config.closed ? { closed: true } : {}),
    requestShape: requestShapeOf(config),
    sut: {
      subscriberId: counterparts.sut.subscriberId,
      publicKey: counterparts.sut.publicKey,
      url: publicUrlOf(counterparts.sut),
      ...(counterparts.sut.uniqueKeyId ? { uniqueKeyId: counterparts.sut.uniqueKeyId } : {}),
    },
    harness: { bapId: counterparts.bap.subscriberId, bapUri: counterparts.bapUri, domain: config.domain },
    participantKeys: [participantKey(counterparts.bap, "the harness's BAP"), participantKey(counterparts.gateway, "the harness's gateway")],
  };
}

/** Why the run cannot be conformant when the correlator dropped callbacks past its bounds. */
const droppedCallbacks = (correlator: Correlator): string | undefined =>
  evidenceDroppedNote(
    correlator.dropped,
    "the harness's callback receiver",
    `${MAX_CALLBACKS_KEPT} callbacks per request or ${MAX_CALLBACK_BYTES_KEPT / (1024 * 1024)} MiB`,
  );

/** Drives the BPP through its scenarios (the probes once the functional exchanges are over: drive/phases.ts) and records every exchange. */
async function driveBpp(counterparts: BppNetwork, run: DriveEnv): Promise<Driven> {
  const { config } = run;
  const correlator = new Correlator();
  counterparts.receiver.onCallback((callback) => correlator.accept(callback));
  let first: HttpOutcome | undefined;
  const liveness = new SutLiveness();
  const env: Omit<StepEnv, "scenario"> = {
    identity: counterparts.bap,
    gateway: counterparts.gateway,
    targetUrl: counterparts.sut.url,
    gatewayUrl: counterparts.gatewayUrl,
    correlator,
    ttlMs: run.ttlMs,
    ackTimeoutMs: config.ackTimeoutMs,
    quietWindowMs: run.quietWindowMs,
    runDeadline: run.runDeadline,
    onOutcome: (outcome, request) => {
      first ??= outcome;
      liveness.observe(outcome, request);
    },
    brokenSince: (since) => liveness.brokenSince(since),
    stopReason: () => (unreachableBy(counterparts.sut.url, first) ? "the target refused its first connection" : liveness.down),
    sendGate: new SendGate(),
  };
  const ids = harnessIdsOf(config, counterparts);
  const scenarios = bppRunScenarios(config);
  const onStepDone = stepCounter(scenarios.reduce((sum, s) => sum + s.steps.length, 0));
  // Every order of the run shares the offer's available quantity (docs/rules.md "What the harness orders").
  const budget = new OrderBudget(scenarios.filter((s) => s.steps.some((step) => step.item === "offer")).length);
  const play = (name: "functional" | "probe", phases?: Phases) =>
    Promise.all(
      scenarios
        .filter((s) => s.phase === name)
        .map((s, i) =>
          runScenario(s, { ...env, onStepDone }, ids, {
            transferTimeoutMs: config.transferTimeoutMs,
            seed: config.seed + i,
            budget,
            ...(phases ? { phases } : {}),
          }),
        ),
    );
  // The probe phase starts once the functional scenarios only watch transfers (docs/rules.md "The probe phase").
  const phases = new Phases(scenarios.filter((s) => s.phase === "functional").length);
  const probes = phases.probesMayStart.then(() => play("probe")).finally(() => phases.probesDone());
  const [functional, probed] = await Promise.all([play("functional", phases), probes]);
  const outcomes = [...functional, ...probed];
  const unreachable = unreachableBy(counterparts.sut.url, first);
  return {
    exchanges: outcomes.flatMap((o) => o.exchanges),
    skipped: outcomes.flatMap((o) => o.skipped),
    sut: counterparts.sut,
    requestShape: ids.shape,
    ...(unreachable ? { unreachable } : {}),
    evidenceDropped: droppedCallbacks(correlator),
  };
}

/** The BPP suite: the harness plays the BAP, the gateway and the registry. */
export const BPP_SUITE: RoleSuite<BppNetwork> = {
  role: "bpp",
  checks: BPP_CHECKS,
  runChecks: ANSWERING_SUT_RUN_CHECKS,
  start: startBppNetwork,
  drive: driveBpp,
  context: (counterparts, run) => bppContext(run.config, counterparts),
};
