import { HarnessError } from "../../../protocol/errors.js";
import type { RunConfig } from "../../engine/config.js";
import type { RunResult } from "../../engine/run-result.js";

/** The registry suite. */
export async function runRegistry(config: RunConfig): Promise<RunResult> {
  await Promise.resolve();
  throw new HarnessError("P2PC_ERR_USAGE", `--role ${config.role} is not built yet.`);
}
