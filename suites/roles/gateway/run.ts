import { randomUUID } from "node:crypto";
import { HarnessError } from "../../../protocol/errors.js";
import { parseIsoDuration } from "../../../protocol/formats.js";
import type { HttpOutcome } from "../../../protocol/http/post.js";
import type { RunConfig } from "../../engine/config.js";
import { judge, vacuityResults } from "../../engine/judge.js";
import { stepCounter } from "../../engine/progress.js";
import { exitCodeOf, type RunResult } from "../../engine/run-result.js";
import { GATEWAY_CHECKS } from "./checks/index.js";
import { GATEWAY_STEPS, interactWithGateway, LATE_ANSWER_GRACE_MS } from "./interactions.js";
import { startGatewayNetwork } from "./network.js";

/** Why the run could not judge: the target refused its first connection, or its name did not resolve. */
function unreachable(url: string, first: HttpOutcome | undefined): string | undefined {
  if (first?.kind !== "failure" || (first.failure !== "refused" && first.failure !== "dns")) {
    return undefined;
  }
  return `${url} ${first.failure === "dns" ? "does not resolve" : "refused the first connection"}: ${first.detail}`;
}

/**
 * The gateway suite: the harness plays the registry, a BAP and BPPs in and out of the search's
 * domain and city; sends the gateway a valid search, the answering BPP's on_search, and a forged
 * one of each; then judges what the gateway answered and what reached whom.
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
    const exchanges = await interactWithGateway({
      network, ttl: config.ttl, ttlMs, answerTimeoutMs: config.ackTimeoutMs + LATE_ANSWER_GRACE_MS, quietWindowMs: Math.min(config.quietWindowMs, ttlMs),
      runDeadline: started + config.maxTimeMs, run: config, onStepDone: stepCounter(GATEWAY_STEPS),
      onOutcome: (outcome) => {
        first ??= outcome;
      },
    });
    const refused = unreachable(network.sut.url, first);
    const { sut } = network;
    const context = {
      profile: config.profile,
      sut: { subscriberId: sut.subscriberId, publicKey: sut.publicKey, url: sut.url, ...(sut.uniqueKeyId ? { uniqueKeyId: sut.uniqueKeyId } : {}) },
      harness: { bapId: network.bap.identity.subscriberId, bapUri: network.bap.url, domain: config.domain },
      skewSeconds: 5,
      maxUnsolicited: config.maxUnsolicited,
    };
    const results = refused ? [] : await judge(GATEWAY_CHECKS, exchanges, { strict: config.profile === "p2p-trade-strict", context });
    const all = refused ? [] : [...results, ...vacuityResults(results, exchanges)];
    return {
      role: "gateway", runId: randomUUID(), startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, sut,
      results: all, exchanges, skipped: [], ...(refused ? { infrastructureError: refused } : {}), exitCode: exitCodeOf(all, refused),
    };
  } finally {
    await network.close();
  }
}
