import { CLOCK_SKEW_SECONDS } from "../../../protocol/clock.js";
import { randomUUID } from "node:crypto";
import { HarnessError } from "../../../protocol/errors.js";
import { parseIsoDuration } from "../../../protocol/formats.js";
import type { HttpOutcome } from "../../../protocol/http/post.js";
import type { RunConfig } from "../../core/config.js";
import { judge, markNotApplicable, vacuityResults } from "../../core/judge.js";
import { stepCounter } from "../../core/progress.js";
import { evidenceDroppedNote } from "../../core/evidence-budget.js";
import { verdictOf, type RunResult } from "../../core/run-result.js";
import type { SkippedStep } from "../../../results/index.js";
import type { CheckResult, Exchange } from "../../core/check.js";
import { GATEWAY_CHECKS } from "./checks/index.js";
import { declinedRelay } from "./checks/read.js";
import { GATEWAY_STEPS, interactWithGateway, LATE_ANSWER_GRACE_MS, type GatewayRunEnv } from "./interactions.js";
import { startGatewayNetwork } from "./network.js";
import { receivingProbes } from "./receiving.js";

/** Why the run could not judge: the target refused its first connection, or its name did not resolve. */
function unreachable(url: string, first: HttpOutcome | undefined): string | undefined {
  if (first?.kind !== "failure" || (first.failure !== "refused" && first.failure !== "dns")) {
    return undefined;
  }
  return `${url} ${first.failure === "dns" ? "does not resolve" : "refused the first connection"}: ${first.detail}`;
}

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
    scenario: declined.scenario, step: declined.step,
    reason: `The gateway does not relay on_search (it answered a valid one with HTTP ${status}: ${rawBody.slice(0, 120)}): BPPs answer the BAP at context.bap_uri directly, a pattern 1.1.0 networks use. GW-011…013 do not apply, and no forged on_search was sent.`,
  };
}

/** The relay checks' skip rows, not applicable, with the reason instead of the engine's generic one. */
function withReason(results: readonly CheckResult[], skipped: SkippedStep | undefined): CheckResult[] {
  return skipped ? markNotApplicable(results, RELAY_CHECKS, skipped.reason) : [...results];
}

/**
 * The gateway suite: the harness plays the registry, a BAP and BPPs in and out of the search's
 * domain and city; sends the gateway a valid search, the answering BPP's on_search, a forged
 * one of each, and the receiving probes (receiving.ts: other bytes, stale); then judges what the gateway answered and what reached whom.
 */
export async function runGateway(config: RunConfig): Promise<RunResult> {
  const started = Date.now();
  const ttlMs = parseIsoDuration(config.ttl);
  if (ttlMs === undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", `--ttl "${config.ttl}" is not an ISO 8601 duration such as PT10S.`);
  }
  const network = await startGatewayNetwork(config);
  try {
    let first: HttpOutcome | undefined;
    const env: GatewayRunEnv = {
      network, ttl: config.ttl, ttlMs, answerTimeoutMs: config.ackTimeoutMs + LATE_ANSWER_GRACE_MS, quietWindowMs: Math.min(config.quietWindowMs, ttlMs),
      runDeadline: started + config.maxTimeMs, run: config, onStepDone: stepCounter(GATEWAY_STEPS),
      onOutcome: (outcome) => {
        first ??= outcome;
      },
    };
    const exchanges = await interactWithGateway(env, receivingProbes(env));
    const refused = unreachable(network.sut.url, first);
    const { sut } = network;
    const context = {
      profile: config.profile,
      sut: { subscriberId: sut.subscriberId, publicKey: sut.publicKey, url: sut.url, ...(sut.uniqueKeyId ? { uniqueKeyId: sut.uniqueKeyId } : {}) },
      harness: { bapId: network.bap.identity.subscriberId, bapUri: network.bap.url, domain: config.domain },
      skewSeconds: CLOCK_SKEW_SECONDS,
      maxUnsolicited: config.maxUnsolicited,
    };
    const notRelayed = relayNotOffered(exchanges);
    const results = refused ? [] : withReason(await judge(GATEWAY_CHECKS, exchanges, { strict: config.profile === "p2p-trade-strict", context }), notRelayed);
    const all = refused ? [] : [...results, ...vacuityResults(results, exchanges)];
    const skipped = notRelayed ? [notRelayed] : [];
    return {
      role: "gateway", runId: randomUUID(), startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, sut,
      results: all, exchanges, skipped, ...(refused ? { infrastructureError: refused } : {}), ...verdictOf(all, skipped, config, refused, evidenceDroppedNote(network.arrivals.dropped, "the harness's participants")),
    };
  } finally {
    await network.close();
  }
}
