import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Three projects:
 * - `harness`: the harness's own tests in `test/`, a process per file;
 * - `harness-units`: the unit tests beside the code (`*.test.ts`), sharing worker processes
 *   (`npm test` runs both: `--project 'harness*'`);
 * - `suites`: the conformance suites that judge a system under test; the CLI runs them.
 * Each reports to Allure under reports/out/allure-results, and to reports/out/test-results.json,
 * from which .ci/run prints its closing "N passed, N failed" line.
 */
export default defineConfig({
  test: {
    passWithNoTests: false,
    // Concurrent tests (the self-test matrix) run at most three at a time per file on a 2-core machine.
    maxConcurrency: 3,
    // A worker per core. One more ran the suite in 5.2 min instead of 6.7 on 2 cores, but starved the
    // in-process references of CPU: a callback then came more than 3 s late and timing checks failed.
    maxWorkers: availableParallelism(),
    reporters: [
      "default",
      "./test/support/slowest-files.ts",
      ["allure-vitest/reporter", { resultsDir: "reports/out/allure-results" }],
      ["json", { outputFile: "reports/out/test-results.json" }],
    ],
    projects: [
      {
        test: {
          name: "harness",
          // The CLI tests run the built package: dist/ is brought up to date first.
          globalSetup: ["test/support/build.ts"],
          include: ["test/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "harness-units",
          // The unit tests beside the code share a worker process, importing the harness's modules once:
          // most take milliseconds, and a process per file more than doubled their CPU time. None changes a
          // module's state for the next (none mocks modules or stubs the environment; fake timers are
          // restored after each). test/ keeps a process per file: its tests start servers, budgets and runs.
          isolate: false,
          include: [
            "protocol/**/*.test.ts",
            "schemas/**/*.test.ts",
            "fixtures/**/*.test.ts",
            "mocks/**/*.test.ts",
            "reports/**/*.test.ts",
            "results/**/*.test.ts",
            "cli/**/*.test.ts",
            "suites/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        test: {
          name: "suites",
          include: ["suites/**/*.suite.ts"],
          environment: "node",
        },
      },
    ],
  },
});
