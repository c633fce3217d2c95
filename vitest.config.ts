import { defineConfig } from "vitest/config";

/**
 * Two projects:
 * - `harness`: the harness's own tests (`test/` and `*.test.ts` beside the code).
 * - `suites`: the conformance suites that judge a system under test; the CLI runs them.
 * Both report to Allure under reports/out/allure-results, and to reports/out/test-results.json,
 * from which .ci/run prints its closing "N passed, N failed" line.
 */
export default defineConfig({
  test: {
    passWithNoTests: false,
    // Concurrent tests (the self-test matrix) run at most three at a time on a 2-core machine.
    maxConcurrency: 3,
    reporters: ["default", ["allure-vitest/reporter", { resultsDir: "reports/out/allure-results" }], ["json", { outputFile: "reports/out/test-results.json" }]],
    projects: [
      {
        test: {
          name: "harness",
          // The CLI tests run the built package: dist/ is brought up to date first.
          globalSetup: ["test/support/build.ts"],
          include: [
            "test/**/*.test.ts",
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
