import { describe, expect, test } from "vitest";
import { coverageOf, runModeOf, unreachableMusts } from "./coverage.js";
import { exitCodeOf, verdictOf } from "./run-result.js";
import type { CheckResult, ResultStatus, Severity } from "./check.js";

const row = (id: string, status: ResultStatus, message = "", extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  status,
  severity: "MUST" as Severity,
  title: id,
  ref: "r",
  scenario: extra.exchange ? "s" : null,
  step: null,
  exchange: null,
  findings: message ? [{ checkId: id, message }] : [],
  ...extra,
});
const GENERIC = "No exchange of this run was one this check judges.";
const BUDGET = [{ scenario: "schema-invalid", step: "no-context-select", reason: "the run reached --max-time" }];

describe("coverageOf", () => {
  test("a check with any non-skip row is exercised, whatever its other rows", () => {
    const coverage = coverageOf(
      [row("FLW-004", "pass", "", { exchange: "e1" }), row("FLW-004", "skip", "Not exercised: cut", { exchange: "e2" }), row("NEG-001", "fail", "x")],
      [],
      { mode: "active" },
    );
    expect(coverage).toEqual({ gaps: [], accepted: [], notReachable: [], notApplicable: [] });
  });

  test("a check with only skip rows is a gap, with its reason and the steps the run did not take", () => {
    const { gaps } = coverageOf(
      [row("NEG-001", "skip", GENERIC), row("FLW-004", "skip", "Not exercised: the run reached --max-time", { exchange: "e1" })],
      BUDGET,
      { mode: "active" },
    );
    expect(gaps).toEqual([
      { checkId: "NEG-001", severity: "MUST", reason: `${GENERIC} Steps that did not run: schema-invalid/no-context-select (the run reached --max-time).` },
      { checkId: "FLW-004", severity: "MUST", reason: "Not exercised: the run reached --max-time" },
    ]);
  });

  test("an accepted gap moves to accepted; an accepted id that is no gap changes nothing", () => {
    const coverage = coverageOf([row("NEG-001", "skip", GENERIC), row("NEG-002", "skip", GENERIC), row("SIG-001", "pass")], BUDGET, {
      mode: "active",
      accepted: ["NEG-002", "SIG-001"],
    });
    expect(coverage.gaps.map((e) => e.checkId)).toEqual(["NEG-001"]);
    expect(coverage.accepted.map((e) => e.checkId)).toEqual(["NEG-002"]);
  });

  test("a skip row marked not applicable is never a gap, even in passive mode", () => {
    const coverage = coverageOf([row("GW-011", "skip", "does not relay on_search", { notApplicable: true })], [], { mode: "passive" });
    expect(coverage.notApplicable).toEqual([{ checkId: "GW-011", severity: "MUST", reason: "does not relay on_search" }]);
    expect(coverage.gaps).toEqual([]);
    expect(coverage.notReachable).toEqual([]);
  });

  test("in passive mode what was not exercised is not reachable, not a gap; its MUSTs withhold the certificate", () => {
    const coverage = coverageOf([row("NEG-101", "skip", GENERIC), row("AUT-103", "skip", GENERIC, { severity: "SHOULD" })], [], {
      mode: runModeOf({ passive: true }),
      accepted: ["NEG-101"],
    });
    expect(coverage.gaps).toEqual([]);
    expect(coverage.accepted).toEqual([]);
    expect(coverage.notReachable.map((e) => e.checkId)).toEqual(["NEG-101", "AUT-103"]);
    expect(coverage.notReachable[0]?.reason).toMatch(/^a --passive run triggers nothing/);
    expect(unreachableMusts(coverage).map((e) => e.checkId)).toEqual(["NEG-101"]);
  });
});

describe("the exit code", () => {
  const gap = coverageOf([row("NEG-001", "skip", GENERIC)], [], { mode: "active" });
  test.for([
    ["a fail, whatever else", [row("A-001", "fail", "x"), row("A-002", "error", "x")], gap, undefined, 1],
    ["a check error", [row("A-001", "error", "x")], undefined, undefined, 2],
    ["a gap not accepted", [row("A-001", "pass")], gap, undefined, 2],
    ["a run that could not judge", [], undefined, "refused", 2],
    [
      "passes and accepted gaps",
      [row("A-001", "pass")],
      coverageOf([row("NEG-001", "skip", GENERIC)], [], { mode: "active", accepted: ["NEG-001"] }),
      undefined,
      0,
    ],
  ] as const)("%s", ([, results, coverage, infra, code]) => {
    expect(exitCodeOf(results, infra, coverage)).toBe(code);
  });

  test("verdictOf reads the accepted gaps and the mode from the run's config", () => {
    const results = [row("A-001", "pass"), row("NEG-001", "skip", GENERIC)];
    expect(verdictOf(results, [], {}).exitCode).toBe(2);
    expect(verdictOf(results, [], { allowUnexercised: ["NEG-001"] }).exitCode).toBe(0);
    expect(verdictOf(results, [], { passive: true })).toMatchObject({ exitCode: 0, coverage: { notReachable: [{ checkId: "NEG-001" }] } });
  });
});
