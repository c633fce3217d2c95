import { randomUUID } from "node:crypto";
import { CLOCK_SKEW_SECONDS } from "../../protocol/clock.js";
import { HarnessError } from "../../protocol/errors.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import type { CheckResult, RunResult } from "../../results/index.js";
import type { RunConfig } from "./config.js";
import { judge, type JudgeOptions } from "./judge.js";
import type { DriveEnv, Driven, RoleSuite, SuiteContext, SuiteNetwork } from "./role-suite.js";
import { runCheckResults } from "./run-checks.js";
import { verdictOf } from "./run-result.js";

/** The run's durations, read once: a ttl that is not an ISO 8601 duration is a usage error. */
export function driveEnvOf(config: RunConfig, started: number = Date.now()): DriveEnv {
  const ttlMs = parseIsoDuration(config.ttl);
  if (ttlMs === undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", `--ttl "${config.ttl}" is not an ISO 8601 duration such as PT10S.`);
  }
  return { config, started, ttlMs, quietWindowMs: Math.min(config.quietWindowMs, ttlMs), runDeadline: started + config.maxTimeMs };
}

/** What every check of every role is told: the role's part, the profile, the clock skew and the limits. */
export function judgeOptionsFor(context: SuiteContext, config: RunConfig): JudgeOptions {
  return {
    strict: config.profile === "p2p-trade-strict",
    context: { ...context, profile: config.profile, skewSeconds: CLOCK_SKEW_SECONDS, maxUnsolicited: config.maxUnsolicited },
  };
}

function judgeOptionsOf<N extends SuiteNetwork>(suite: RoleSuite<N>, network: N, env: DriveEnv, driven: Driven): JudgeOptions {
  return judgeOptionsFor(suite.context(network, env, driven), env.config);
}

/** Judges what the drive recorded: no rows when the target was unreachable (the run could not judge). */
async function judgeDriven<N extends SuiteNetwork>(
  suite: RoleSuite<N>,
  network: N,
  env: DriveEnv,
  driven: Driven,
): Promise<{ results: CheckResult[]; skipped: RunResult["skipped"] }> {
  if (driven.unreachable) {
    return { results: [], skipped: driven.skipped };
  }
  const judged = await judge(suite.checks, driven.exchanges, judgeOptionsOf(suite, network, env, driven));
  const settled = suite.settle?.(judged, driven, env) ?? { results: judged, skipped: [] };
  const results = [...settled.results, ...runCheckResults(suite.runChecks, settled.results, driven.exchanges)];
  return { results, skipped: [...driven.skipped, ...settled.skipped] };
}

/** Runs a role's suite against the config's SUT: start, drive, judge, close; the same for every role. */
export async function runSuite<N extends SuiteNetwork>(suite: RoleSuite<N>, config: RunConfig): Promise<RunResult> {
  const env = driveEnvOf(config);
  const network = await suite.start(config);
  try {
    const driven = await suite.drive(network, env);
    const { results, skipped } = await judgeDriven(suite, network, env, driven);
    return {
      role: suite.role,
      runId: randomUUID(),
      startedAt: new Date(env.started).toISOString(),
      durationMs: Date.now() - env.started,
      sut: driven.sut,
      ...(driven.requestShape ? { requestShape: driven.requestShape } : {}),
      results,
      exchanges: driven.exchanges,
      skipped,
      ...(driven.unreachable ? { infrastructureError: driven.unreachable } : {}),
      ...verdictOf(results, skipped, config, driven.unreachable, driven.evidenceDropped),
    };
  } finally {
    await network.close();
  }
}
