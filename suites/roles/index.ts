/**
 * The conformance run of each role, loaded only when asked for. A role's runner starts the
 * counterparts that role needs, drives the system under test, judges every exchange with its own
 * catalogue and returns a RunResult; the CLI, the self-test matrices and load mode all call it.
 */
import type { Role, RunConfig } from "../core/config.js";
import type { RunResult } from "../core/run-result.js";

export type RoleRunner = (config: RunConfig) => Promise<RunResult>;

const RUNNERS: Record<Role, () => Promise<RoleRunner>> = {
  bpp: async () => {
    const [{ runBpp }, { BPP_CHECKS }] = await Promise.all([import("./bpp/suite.js"), import("./bpp/checks/index.js")]);
    return (config) => runBpp(config, BPP_CHECKS);
  },
  bap: async () => (await import("./bap/run.js")).runBap,
  gateway: async () => (await import("./gateway/run.js")).runGateway,
  registry: async () => (await import("./registry/run.js")).runRegistry,
};

/** Runs the suite of `config.role`. */
export async function runRole(config: RunConfig): Promise<RunResult> {
  const runner = await RUNNERS[config.role]();
  return runner(config);
}
