/**
 * How a run's data leaves vitest (ARCHITECTURE "How a run's data leaves vitest"): the suite's worker puts
 * it on the test module's task `meta`, which vitest sends to the main process with the module and reporters
 * read as `testModule.meta()`. Two keys: the run's outcome, set once while the module is collected, and the
 * latest progress event, sent as an update of the module's task while the suite runs.
 */
import type { ProgressEvent } from "./core/progress.js";
import type { RunResult } from "./core/run-result.js";

/** What a run ends with: its result, or the harness error that stopped it (with its code, for the exit code). */
export type RunOutcome = { readonly result: RunResult } | { readonly harnessError: { readonly message: string; readonly code?: string } };

declare module "vitest" {
  interface TaskMeta {
    p2pcRun?: RunOutcome;
    p2pcProgress?: ProgressEvent;
  }
}

/** The outcome of a suite that threw: a HarnessError keeps its code. */
export function harnessErrorOf(error: unknown): RunOutcome {
  const code = (error as { code?: unknown }).code;
  return { harnessError: { message: (error as Error).message, ...(typeof code === "string" ? { code } : {}) } };
}

/** Sends one progress event to the main process; the suite's runner sets it on globalThis under this key. */
export type ProgressChannel = (event: ProgressEvent) => void;
export const PROGRESS_CHANNEL = Symbol.for("p2p-conformance.progress");

/** The channel the suite's runner set up, or none (a plain `vitest run` of the suite shows no progress). */
export function progressChannel(): ProgressChannel | undefined {
  return (globalThis as { [PROGRESS_CHANNEL]?: ProgressChannel })[PROGRESS_CHANNEL];
}
