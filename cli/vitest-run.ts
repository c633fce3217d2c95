import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startVitest, type Reporter } from "vitest/node";
import { decodeProgress, type ProgressEvent } from "../suites/core/progress.js";
import { HarnessError, isErrorCode } from "../protocol/errors.js";
import type { RunConfig } from "../suites/core/config.js";
import type { RunResult } from "../results/index.js";

/** The suite file beside this module's tree: `.ts` from the sources, `.js` from dist/. */
function suiteFile(): string {
  const here = fileURLToPath(import.meta.url);
  return resolve(dirname(here), "..", "suites", `conformance.suite${extname(here)}`);
}

/** SIGINT listeners of the CLI that a --passive run keeps (see runRun). */
export const PASSIVE_SIGINT_KEEP: (() => void)[] = [];

/** Picks the engine's progress lines out of the suite's console output (see suites/core/progress.ts). */
function progressReporter(onProgress: ((event: ProgressEvent) => void) | undefined, passive: boolean): Reporter {
  return {
    onInit() {
      // vitest exits on SIGINT; a --passive run ends on it instead: the suite's worker gets the
      // signal, judges what it recorded and writes its result, and this process writes the reports.
      if (passive) {
        const ours = new Set<unknown>(PASSIVE_SIGINT_KEEP);
        process.listeners("SIGINT").filter((l) => !ours.has(l)).forEach((l) => process.off("SIGINT", l));
      }
    },
    onUserConsoleLog(log) {
      const event = decodeProgress(log.content);
      if (event) {
        onProgress?.(event);
      }
    },
  };
}

/**
 * Runs the suite of the config's role through vitest's Node API (DESIGN "A run", step 3), so every check result is a
 * vitest test for Allure; Allure results go to `<outDir>/allure-results`, never shared between runs.
 * The engine's result comes back through a file the suite writes.
 */
export interface VitestRunOptions {
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Write Allure results (`--reporter` names allure); true by default. */
  readonly allure?: boolean;
}

export async function runInVitest(config: RunConfig, outDir: string, options: VitestRunOptions = {}): Promise<RunResult> {
  const { onProgress, allure = true } = options;
  mkdirSync(outDir, { recursive: true });
  const resultFile = join(resolve(outDir), ".run-result.json");
  rmSync(resultFile, { force: true });
  const suite = suiteFile();
  const exitCode = process.exitCode;
  const vitest = await startVitest("test", [], {
    config: false,
    root: dirname(suite),
    include: [basename(suite)],
    watch: false,
    reporters: [...(allure ? [["allure-vitest/reporter", { resultsDir: join(resolve(outDir), "allure-results") }] as [string, Record<string, unknown>]] : []), progressReporter(onProgress, config.passive === true)],
    provide: { p2pcRunConfig: config, p2pcResultFile: resultFile },
    testTimeout: config.maxTimeMs + 30_000,
    hookTimeout: config.maxTimeMs + 30_000,
    // vitest logs "Timeout terminating forks worker" to stderr when a worker takes longer than this to
    // exit; on a busy machine that can be seconds, and the run's stderr is for the run's own errors.
    teardownTimeout: 60_000,
  });
  await vitest.close();
  process.exitCode = exitCode; // the CLI sets the exit code from the verdict, not vitest
  let written: RunResult | { harnessError: { message: string; code?: unknown } };
  try {
    written = JSON.parse(readFileSync(resultFile, "utf8")) as typeof written;
  } catch {
    throw new Error("The suite did not finish: vitest produced no run result (see the errors above).");
  } finally {
    rmSync(resultFile, { force: true });
  }
  if ("harnessError" in written) {
    const { message, code } = written.harnessError;
    throw typeof code === "string" && isErrorCode(code) ? new HarnessError(code, message) : new Error(message);
  }
  return written;
}
