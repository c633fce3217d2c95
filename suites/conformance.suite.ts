/**
 * The conformance suite of any role as vitest sees it: the role's suite runs once (in-process), and each
 * check result becomes a vitest test named `<CHECK-ID> <title>`, with Allure labels and the
 * exchange attached as evidence. The CLI starts this file through vitest's Node API and hands it
 * the run config with `provide`; the run's outcome goes back on the module's task meta (run-channel.ts).
 */
import * as allure from "allure-js-commons";
import { describe, inject, test, TestRunner } from "vitest";
import { runRole } from "./roles/index.js";
import { setProgressSink } from "./core/progress.js";
import { harnessErrorOf, progressChannel } from "./run-channel.js";
import type { RunConfig } from "./core/config.js";
import type { RunResult } from "./core/run-result.js";
import type { CheckResult, Exchange } from "./core/check.js";

const config = inject("p2pcRunConfig");
// Allure's API without Allure's reporter logs a warning per call: thousands of lines a run, each sent to the
// main process. A run without the allure reporter labels nothing.
const allureOn = inject("p2pcAllure");
// The module's task, while vitest collects it: its meta goes to the main process with the collected module.
const moduleMeta = TestRunner.getCurrentSuite().file.meta;
const sendProgress = progressChannel();
if (sendProgress) {
  setProgressSink(sendProgress);
}
let result: RunResult;
try {
  result = await runRole(config);
} catch (error) {
  // The CLI reports it with its own code (a usage error, a port in use) instead of "did not finish".
  moduleMeta.p2pcRun = harnessErrorOf(error);
  throw error;
}
moduleMeta.p2pcRun = { result };
const exchanges = new Map(result.exchanges.map((e) => [e.id, e]));

function evidence(exchange: Exchange | undefined): string {
  return exchange ? JSON.stringify({ request: exchange.request, response: exchange.response, callbacks: exchange.callbacks }, null, 2) : "(run-level check)";
}

async function label(r: CheckResult): Promise<void> {
  if (!allureOn) {
    return;
  }
  await allure.label("suite", r.scenario ?? "run");
  await allure.label("checkId", r.id);
  await allure.severity(r.severity === "MUST" ? "critical" : "normal");
  await allure.label("ref", r.ref);
  if (r.exchange) {
    await allure.parameter("exchange", r.exchange);
  }
  // Evidence goes with every result that is not a plain pass; report.json keeps every exchange.
  if (r.status !== "pass") {
    await allure.attachment("findings", JSON.stringify(r.findings, null, 2), "application/json");
    await allure.attachment("exchange", evidence(r.exchange ? exchanges.get(r.exchange) : undefined), "application/json");
  }
}

function failure(r: CheckResult): Error {
  const error = new Error(`${r.id} ${r.status === "error" ? "could not judge" : "failed"}: ${r.findings.map((f) => f.message).join(" | ")}`);
  // Allure reads an assertion error as "failed" (the SUT broke a rule) and any other as "broken"
  // (the harness could not judge), which is what a check error is.
  error.name = r.status === "error" ? "CheckError" : "AssertionError";
  return error;
}

const byScenario = new Map<string, CheckResult[]>();
for (const r of result.results) {
  const key = r.scenario ?? "run";
  byScenario.set(key, [...(byScenario.get(key) ?? []), r]);
}

if (result.infrastructureError) {
  test("RUN infrastructure", () => {
    throw new Error(result.infrastructureError);
  });
}

// The coverage guard (docs/rules.md "Coverage"): a gap not accepted makes the run exit 2, so it is a
// broken test, as a check error is; an accepted gap and a check out of the mode's reach are skipped.
if (result.coverage.gaps.length + result.coverage.accepted.length + result.coverage.notReachable.length > 0) {
  describe("coverage", () => {
    for (const gap of result.coverage.gaps) {
      test(`${gap.checkId} not exercised (gap)`, async () => {
        if (allureOn) {
          await allure.label("checkId", gap.checkId);
        }
        const error = new Error(`${gap.checkId} was not exercised: ${gap.reason} Run it, or accept it with --allow-unexercised ${gap.checkId}.`);
        error.name = "CheckError";
        throw error;
      });
    }
    for (const entry of [...result.coverage.accepted, ...result.coverage.notReachable]) {
      test.skip(`${entry.checkId} not exercised: ${entry.reason}`, () => undefined);
    }
  });
}

for (const [scenario, results] of byScenario) {
  describe(scenario, () => {
    for (const r of results) {
      const name = `${r.id} ${r.title}${r.step ? ` [${r.step}]` : ""}`;
      if (r.status === "skip") {
        test.skip(name, () => undefined);
        continue;
      }
      test(name, async ({ annotate }) => {
        await label(r);
        if (r.status === "warn") {
          await annotate(`SHOULD: ${r.findings.map((f) => f.message).join(" | ")}`, "warning");
        }
        if (r.status === "fail" || r.status === "error") {
          throw failure(r);
        }
      });
    }
  });
}

declare module "vitest" {
  export interface ProvidedContext {
    p2pcRunConfig: RunConfig;
    /** The run writes Allure results (its reporters include allure). */
    p2pcAllure: boolean;
  }
}
