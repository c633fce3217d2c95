import { mkdirSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunnerTaskResultPack } from "vitest";
import { startVitest, type Reporter } from "vitest/node";
import type { ProgressEvent } from "../suites/core/progress.js";
import type { RunOutcome } from "../suites/run-channel.js";
import { HarnessError, isErrorCode } from "../protocol/errors.js";
import type { RunConfig } from "../suites/core/config.js";
import type { RunResult } from "../results/index.js";

/** A file of the suite's tree beside this module's: `.ts` from the sources, `.js` from dist/. */
function suiteModule(name: string): string {
  const here = fileURLToPath(import.meta.url);
  return resolve(dirname(here), "..", "suites", `${name}${extname(here)}`);
}

/** SIGINT listeners of the CLI that a --passive run keeps (see runRun). */
export const PASSIVE_SIGINT_KEEP: (() => void)[] = [];

/** vitest calls a reporter's onTaskUpdate with every task update, though its Reporter type no longer names it. */
type TaskUpdateReporter = Reporter & { onTaskUpdate(packs: readonly RunnerTaskResultPack[]): void };

/**
 * Reads the run's data off the suite module's task meta (suites/run-channel.ts): each progress event as it
 * comes, and the run's outcome once the module is collected.
 */
function runReporter(onProgress: ((event: ProgressEvent) => void) | undefined, passive: boolean, onOutcome: (outcome: RunOutcome) => void): TaskUpdateReporter {
  return {
    onInit() {
      // vitest exits on SIGINT; a --passive run ends on it instead: the suite's worker gets the
      // signal, judges what it recorded and sends its result, and this process writes the reports.
      if (passive) {
        const ours = new Set<unknown>(PASSIVE_SIGINT_KEEP);
        process
          .listeners("SIGINT")
          .filter((l) => !ours.has(l))
          .forEach((l) => process.off("SIGINT", l));
      }
    },
    onTaskUpdate(packs) {
      for (const [, , meta] of packs) {
        if (meta.p2pcProgress) {
          onProgress?.(meta.p2pcProgress);
        }
      }
    },
    onTestModuleCollected(testModule) {
      const outcome = testModule.meta().p2pcRun;
      if (outcome) {
        onOutcome(outcome);
      }
    },
  };
}

export interface VitestRunOptions {
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Write Allure results (`--reporter` names allure); true by default. */
  readonly allure?: boolean;
}

/**
 * Runs the suite of the config's role through vitest's Node API (DESIGN "A run", step 3), so every check result is a
 * vitest test for Allure; Allure results go to `<outDir>/allure-results`, never shared between runs.
 * The run's result comes back on the suite module's task meta (ARCHITECTURE "How a run's data leaves vitest").
 */
/**
 * What a run that could not finish becomes: a HarnessError as it is, anything else a HarnessError
 * naming the run (a port in use, else the run failed).
 */
export function runFailure(error: unknown, what: string): HarnessError {
  if (error instanceof HarnessError) {
    return error;
  }
  const message = (error as Error).message;
  return new HarnessError(/EADDRINUSE/.test(message) ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_RUN_FAILED", `Cannot run${what ? ` ${what}` : ""}: ${message}`);
}

export async function runInVitest(config: RunConfig, outDir: string, options: VitestRunOptions = {}): Promise<RunResult> {
  const { onProgress, allure = true } = options;
  mkdirSync(outDir, { recursive: true });
  const suite = suiteModule("conformance.suite");
  const exitCode = process.exitCode;
  let outcome: RunOutcome | undefined;
  const vitest = await startVitest("test", [], {
    config: false,
    root: dirname(suite),
    include: [basename(suite)],
    runner: suiteModule("conformance.runner"),
    // allure-vitest imports the runner with Node's own import: from the sources it is TypeScript, which the
    // worker reads with the loader this process runs with (tsx); from dist/ it is JavaScript and needs none.
    ...(extname(suite) === ".ts" ? { execArgv: process.execArgv } : {}),
    // The worker imports the suite with Node's own import (through tsx's loader from the sources), not
    // through Vite's module runner: the suite needs no transform of Vite's, and skipping it saves each run
    // about a second of CPU (a Vite server in this process transforming every module the worker imports).
    // nodeLoader is vitest's hook for vi.mock and in-source tests, which the suite does not use.
    experimental: { viteModuleRunner: false, nodeLoader: false },
    watch: false,
    reporters: [
      ...(allure ? [["allure-vitest/reporter", { resultsDir: join(resolve(outDir), "allure-results") }] as [string, Record<string, unknown>]] : []),
      runReporter(onProgress, config.passive === true, (o) => (outcome = o)),
    ],
    provide: { p2pcRunConfig: config, p2pcAllure: allure },
    testTimeout: config.maxTimeMs + 30_000,
    hookTimeout: config.maxTimeMs + 30_000,
    // vitest logs "Timeout terminating forks worker" to stderr when a worker takes longer than this to
    // exit; on a busy machine that can be seconds, and the run's stderr is for the run's own errors.
    teardownTimeout: 60_000,
  });
  await vitest.close();
  process.exitCode = exitCode; // the CLI sets the exit code from the verdict, not vitest
  return resultOf(outcome);
}

/** The run's result, or the error that stopped it: a harness error keeps its code. */
export function resultOf(outcome: RunOutcome | undefined): RunResult {
  if (!outcome) {
    throw new Error("The suite did not finish: vitest produced no run result (see the errors above).");
  }
  if ("harnessError" in outcome) {
    const { message, code } = outcome.harnessError;
    throw code !== undefined && isErrorCode(code) ? new HarnessError(code, message) : new Error(message);
  }
  return outcome.result;
}
