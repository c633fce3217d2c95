/**
 * Every role's suite, loaded only when asked for. A suite starts the counterparts its role needs,
 * drives the system under test, and names the checks that judge it; `runSuite` does the rest the
 * same way for every role. The CLI, the self-test matrices and load mode all run roles through here.
 */
import type { RunResult } from "../../results/index.js";
import type { Role, RunConfig } from "../core/config.js";
import type { RoleSuite, SuiteNetwork } from "../core/role-suite.js";
import { runSuite } from "../core/run-suite.js";
import type { ObservedParty } from "../core/observe/network.js";
import type { Observation, ObservedJudgeOptions } from "../core/observe/observation.js";

/** A role's suite, whatever its network. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each suite's network type is its own; runSuite keeps them apart
type AnySuite = RoleSuite<any>;

export const SUITES: Readonly<Record<Role, () => Promise<AnySuite>>> = {
  bpp: async () => (await import("./bpp/suite.js")).BPP_SUITE,
  bap: async () => (await import("./bap/suite.js")).BAP_SUITE,
  gateway: async () => (await import("./gateway/suite.js")).GATEWAY_SUITE,
  registry: async () => (await import("./registry/suite.js")).REGISTRY_SUITE,
};

/** Runs the suite of `config.role`. */
export async function runRole(config: RunConfig): Promise<RunResult> {
  return runSuite<SuiteNetwork>(await SUITES[config.role](), config);
}

/** How a role judges one participant of observed traffic, on what it sent and received. */
type ObservedJudge = (observation: Observation, party: ObservedParty, options: ObservedJudgeOptions) => Promise<RunResult>;

/** The roles `observe` can stand in front of, each judged by its own suite's checks (loaded on demand). */
export const OBSERVED_JUDGES: Readonly<Record<ObservedParty["role"], () => Promise<ObservedJudge>>> = {
  bpp: async () => (await import("./bpp/capture/observed.js")).judgeObservedBpp,
  bap: async () => (await import("./bap/observed.js")).judgeObservedBap,
};

/** `observe`: judges one participant of the observed traffic by its role's checks. */
export async function judgeObservedParty(observation: Observation, party: ObservedParty, options: ObservedJudgeOptions): Promise<RunResult> {
  return (await OBSERVED_JUDGES[party.role]())(observation, party, options);
}
