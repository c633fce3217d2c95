import type { HttpOutcome } from "../../../protocol/http/post.js";
import { markNotApplicable } from "../../core/judge.js";
import { stepCounter } from "../../core/progress.js";
import { evidenceDroppedNote } from "../../core/evidence-budget.js";
import type { DriveEnv, Driven, RoleSuite, Settled } from "../../core/role-suite.js";
import { ANSWERING_SUT_RUN_CHECKS } from "../../core/run-checks.js";
import type { CheckResult, Exchange, SkippedStep } from "../../../results/index.js";
import { unreachableBy } from "../../core/unreachable.js";
import { GATEWAY_CHECKS } from "./checks/index.js";
import { declinedRelay } from "./checks/read.js";
import { LATE_ANSWER_GRACE_MS, type GatewayRunEnv } from "./interactions.js";
import { startGatewayNetwork, type GatewayNetwork } from "./network.js";
import { playGatewayScenarios, stepCount } from "./run-scenarios.js";
import { readGatewayScenarios } from "./scenario.js";
import { participantKey } from "../../core/signature-diagnosis.js";

/** The checks of relaying on_search, which do not apply to a gateway that does not relay it. */
const RELAY_CHECKS: ReadonlySet<string> = new Set(["GW-011", "GW-012", "GW-013"]);

/** Why the relay checks did not run, when the gateway answered the valid on_search that it does not relay it. */
function relayNotOffered(exchanges: readonly Exchange[]): SkippedStep | undefined {
  const declined = exchanges.find(declinedRelay);
  if (!declined || declined.response.kind !== "response") {
    return undefined;
  }
  const { status, rawBody } = declined.response;
  return {
    scenario: declined.scenario,
    step: declined.step,
    reason: `The gateway does not relay on_search (it answered a valid one with HTTP ${status}: ${rawBody.slice(0, 120)}): BPPs answer the BAP at context.bap_uri directly, a pattern 1.1.0 networks use. GW-011…013 do not apply, and no forged on_search was sent.`,
  };
}

/** The relay checks' skip rows, not applicable, with the reason instead of the judge's generic one. */
function settleRelay(results: readonly CheckResult[], driven: Driven): Settled {
  const notRelayed = relayNotOffered(driven.exchanges);
  return notRelayed ? { results: markNotApplicable(results, RELAY_CHECKS, notRelayed.reason), skipped: [notRelayed] } : { results, skipped: [] };
}

/**
 * Plays the gateway's scenarios (scenarios/*.json: a valid search and the answering BPP's on_search,
 * each also in other bytes, a targeted search, a forged and a stale one of each), and records what
 * it answered and what reached whom.
 */
async function driveGateway(network: GatewayNetwork, run: DriveEnv): Promise<Driven> {
  const { config } = run;
  const scenarios = readGatewayScenarios();
  let first: HttpOutcome | undefined;
  const env: GatewayRunEnv = {
    network,
    ttl: config.ttl,
    ttlMs: run.ttlMs,
    answerTimeoutMs: config.ackTimeoutMs + LATE_ANSWER_GRACE_MS,
    quietWindowMs: run.quietWindowMs,
    runDeadline: run.runDeadline,
    run: config,
    onStepDone: stepCounter(stepCount(scenarios)),
    onOutcome: (outcome) => {
      first ??= outcome;
    },
  };
  const exchanges = await playGatewayScenarios(env, scenarios);
  const unreachable = unreachableBy(network.sut.url, first);
  return {
    exchanges,
    skipped: [],
    sut: network.sut,
    ...(unreachable ? { unreachable } : {}),
    evidenceDropped: evidenceDroppedNote(network.arrivals.dropped, "the harness's participants"),
  };
}

/** The gateway suite: the harness plays the registry, a BAP and BPPs in and out of the search's domain and city. */
export const GATEWAY_SUITE: RoleSuite<GatewayNetwork> = {
  role: "gateway",
  checks: GATEWAY_CHECKS,
  runChecks: ANSWERING_SUT_RUN_CHECKS,
  start: startGatewayNetwork,
  drive: driveGateway,
  context: ({ sut, bap, bpps }, { config }) => ({
    sut: { subscriberId: sut.subscriberId, publicKey: sut.publicKey, url: sut.url, ...(sut.uniqueKeyId ? { uniqueKeyId: sut.uniqueKeyId } : {}) },
    harness: { bapId: bap.identity.subscriberId, bapUri: bap.url, domain: config.domain },
    participantKeys: [participantKey(bap.identity, "the harness's BAP"), ...bpps.map((bpp) => participantKey(bpp.inbox.identity, "a BPP the harness plays"))],
  }),
  settle: settleRelay,
};
