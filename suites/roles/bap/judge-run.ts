import { randomUUID } from "node:crypto";
import { parseIsoDuration } from "../../../protocol/formats.js";
import type { RunConfig } from "../../core/config.js";
import { evidenceDroppedNote } from "../../core/evidence-budget.js";
import { judge } from "../../core/judge.js";
import { verdictOf, type RunResult } from "../../core/run-result.js";
import type { Exchange } from "../../core/check.js";
import { BAP_CHECKS } from "./checks/index.js";
import type { BapNetwork } from "./network.js";
import { bapVacuityResults } from "./vacuity.js";

export function ttlMsOf(config: RunConfig): number {
  const ttlMs = parseIsoDuration(config.ttl);
  if (ttlMs === undefined) {
    throw new Error(`--ttl "${config.ttl}" is not an ISO 8601 duration such as PT10S.`);
  }
  return ttlMs;
}

/** Judges what was recorded and builds the run's result (active and passive runs alike). */
export async function judgeBapRun(config: RunConfig, net: BapNetwork, started: number, exchanges: readonly Exchange[], extra: { skipped: RunResult["skipped"]; infrastructureError?: string }): Promise<RunResult> {
  const context = {
    profile: config.profile, skewSeconds: 5, maxUnsolicited: config.maxUnsolicited,
    sut: { subscriberId: net.sut.subscriberId, publicKey: net.sut.publicKey, url: net.sut.callbackUrl, ...(net.sut.uniqueKeyId ? { uniqueKeyId: net.sut.uniqueKeyId } : {}) },
    harness: { bapId: net.sut.subscriberId, bapUri: net.sut.callbackUrl, domain: config.domain },
  };
  const results = extra.infrastructureError ? [] : await judge(BAP_CHECKS, exchanges, { strict: config.profile === "p2p-trade-strict", context });
  const all = extra.infrastructureError ? [] : [...results, ...bapVacuityResults(results, exchanges)];
  const { triggerUrl: _t, callbackUrl: _c, ...sut } = net.sut;
  return {
    role: "bap", runId: randomUUID(), startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, sut, results: all, exchanges, skipped: extra.skipped,
    ...(extra.infrastructureError ? { infrastructureError: extra.infrastructureError } : {}),
    ...verdictOf(all, extra.skipped, config, extra.infrastructureError, evidenceDroppedNote(net.arrivals.dropped, "the harness's gateway and BPP")),
  };
}
