import { describe, expect, test } from "vitest";
import type { CheckResult } from "./check-result.js";
import { fixFirst, groupByCheck, spreadOf, upstreamRank, type CheckGroup } from "./check-groups.js";

/** One result row: `id` on `exchange` of `scenario`; a null exchange and scenario is a run-level row. */
const row = (id: string, status: CheckResult["status"], exchange: string | null, scenario: string | null = exchange && `s-${exchange}`): CheckResult => ({
  id,
  status,
  severity: status === "warn" ? "SHOULD" : "MUST",
  title: `title of ${id}`,
  ref: `ref of ${id}`,
  scenario,
  step: exchange && "step",
  exchange,
  findings: status === "pass" || status === "skip" ? [] : [{ checkId: id, message: `${id} went wrong on ${exchange ?? "the run"}` }],
});

/** The only group of `results`. */
function onlyGroup(results: readonly CheckResult[]): CheckGroup {
  const groups = groupByCheck(results);
  expect(groups).toHaveLength(1);
  return groups[0] as CheckGroup;
}

const on = (id: string, status: CheckResult["status"], exchanges: readonly string[]): CheckResult[] => exchanges.map((x) => row(id, status, x));

describe("groupByCheck", () => {
  test("makes one group per check, fail before error before warn, with its rows, spread and first finding", () => {
    const results = [
      row("TIM-003", "warn", "e1"),
      ...on("CTX-003", "fail", ["e1", "e2", "e3"]),
      row("CTX-003", "pass", "e4"),
      row("BIZ-001", "error", "e2"),
      row("CTX-003", "fail", "e5", "s-e1"),
      row("BIZ-002", "skip", null),
    ];
    const groups = groupByCheck(results);
    expect(groups.map((g) => [g.id, g.status, g.rows.length])).toEqual([
      ["CTX-003", "fail", 4],
      ["BIZ-001", "error", 1],
      ["TIM-003", "warn", 1],
    ]);
    const ctx = groups[0] as CheckGroup;
    expect(ctx).toMatchObject({ title: "title of CTX-003", severity: "MUST", ref: "ref of CTX-003", exchanges: 4, scenarios: 3, runLevel: false });
    expect(ctx?.counts).toEqual({ fail: 4, error: 0, warn: 0 });
    expect(ctx?.firstFinding?.row.exchange).toBe("e1");
    expect(ctx?.firstFinding?.finding.message).toBe("CTX-003 went wrong on e1");
    expect(spreadOf(ctx)).toBe("4 exchanges in 3 scenarios");
  });

  test("takes the worst status of a check's rows, counts each, and orders groups of one status by size", () => {
    const groups = groupByCheck([row("BIZ-001", "warn", "e1"), row("BIZ-001", "fail", "e2"), ...on("BIZ-002", "fail", ["e1", "e2", "e3"])]);
    expect(groups.map((g) => [g.id, g.status])).toEqual([
      ["BIZ-002", "fail"],
      ["BIZ-001", "fail"],
    ]);
    expect(groups[1]?.counts).toEqual({ fail: 1, error: 0, warn: 1 });
  });

  test("finds the first finding past rows that recorded none, and says when there is none", () => {
    const bare = { ...row("BIZ-001", "fail", "e1"), findings: [] };
    expect(groupByCheck([bare, row("BIZ-001", "fail", "e2")])[0]?.firstFinding?.row.exchange).toBe("e2");
    expect(groupByCheck([bare])[0]?.firstFinding).toBeUndefined();
  });

  test("is empty for a run with nothing wrong", () => {
    expect(groupByCheck([row("CTX-003", "pass", "e1"), row("BIZ-001", "skip", null)])).toEqual([]);
    expect(fixFirst([])).toEqual([]);
  });

  test("says where the rows are in words: exchanges, scenarios, the run", () => {
    expect(spreadOf(onlyGroup([row("CTX-003", "fail", "e1")]))).toBe("1 exchange in 1 scenario");
    const run = onlyGroup([row("RUN-003", "fail", null)]);
    expect(spreadOf(run)).toBe("the run as a whole");
    expect(run.runLevel).toBe(true);
    expect(spreadOf(onlyGroup([row("FLW-001", "fail", null, "happy-path"), row("FLW-001", "fail", null, "update-order")]))).toBe("2 scenarios");
    expect(spreadOf(onlyGroup([row("FLW-001", "fail", "e1"), row("FLW-001", "fail", null, null)]))).toBe("1 exchange in 1 scenario and the run as a whole");
  });
});

describe("what a failure may explain, and what to fix first", () => {
  test("a failed signature comes first and names the checks it hides, which are not listed on their own", () => {
    const results = [
      ...on("BIZ-001", "fail", ["e1", "e2", "e3", "e4", "e5"]),
      ...on("CTX-010", "fail", ["e3", "e4"]),
      ...on("SIG-003", "fail", ["e3", "e4"]),
      ...on("SCH-001", "warn", ["e4"]),
    ];
    const groups = groupByCheck(results);
    const byId = new Map(groups.map((g) => [g.id, g]));
    expect(byId.get("SIG-003")?.mayExplain).toEqual(["CTX-010", "SCH-001"]);
    expect(byId.get("CTX-010")?.explainedBy).toEqual(["SIG-003"]);
    expect(byId.get("SCH-001")?.explainedBy).toEqual(["SIG-003"]);
    // BIZ-001 failed on exchanges the signature did not: the signature cannot explain it.
    expect(byId.get("BIZ-001")?.explainedBy).toEqual([]);
    expect(fixFirst(groups).map((g) => g.id)).toEqual(["SIG-003", "BIZ-001"]);
  });

  test("an upstream check that reaches fewer rows comes after a bigger unrelated one", () => {
    const groups = groupByCheck([...on("SIG-003", "fail", ["e1"]), ...on("BIZ-001", "fail", ["e2", "e3", "e4"]), ...on("CTX-003", "fail", ["e1"])]);
    expect(fixFirst(groups).map((g) => [g.id, g.mayExplain])).toEqual([
      ["BIZ-001", []],
      ["SIG-003", ["CTX-003"]],
    ]);
  });

  test("never links checks of one area, a downstream check to an upstream one, or checks on other exchanges", () => {
    // CTX-003 covers SCH-001's exchange but is downstream; SCH-001 and CTX-010 are on other exchanges.
    const groups = groupByCheck([
      ...on("CTX-003", "fail", ["e1", "e2"]),
      ...on("CTX-010", "fail", ["e1"]),
      ...on("SIG-003", "fail", ["e3"]),
      ...on("SCH-001", "fail", ["e2"]),
    ]);
    for (const g of groups) {
      expect([g.id, g.mayExplain, g.explainedBy]).toEqual([g.id, [], []]);
    }
    // All roots: the most rows first, then upstream first.
    expect(fixFirst(groups).map((g) => g.id)).toEqual(["CTX-003", "SIG-003", "SCH-001", "CTX-010"]);
    expect(["RUN-001", "SIG-003", "AUT-001", "SCH-001", "CTX-003", "BIZ-001", "GW-004"].map(upstreamRank)).toEqual([0, 1, 1, 2, 3, 4, 4]);
  });

  test("a warning or an error explains nothing, and a check that only warned is never to fix first", () => {
    const groups = groupByCheck([...on("SIG-003", "error", ["e1"]), ...on("SCH-002", "warn", ["e1"]), ...on("CTX-003", "fail", ["e1"])]);
    expect(groups.flatMap((g) => g.mayExplain)).toEqual([]);
    expect(fixFirst(groups).map((g) => g.id)).toEqual(["CTX-003"]);
  });

  test("a failed run-level check may explain every check that went wrong, but not another run-level check", () => {
    const groups = groupByCheck([
      ...on("ACK-001", "fail", ["e1", "e2"]),
      row("TIM-002", "fail", "e3"),
      row("RUN-002", "fail", null),
      row("RUN-003", "fail", null),
    ]);
    const byId = new Map(groups.map((g) => [g.id, g]));
    expect(byId.get("RUN-002")?.mayExplain).toEqual(["ACK-001", "TIM-002"]);
    expect(byId.get("RUN-002")?.explainedBy).toEqual([]);
    // The run-level symptom first; the checks only it may explain stay listed after it, saying where the run went wrong.
    expect(fixFirst(groups).map((g) => g.id)).toEqual(["RUN-002", "RUN-003", "ACK-001", "TIM-002"]);
  });

  test("behind a run-level symptom, a check another check on its exchanges may explain is still not listed", () => {
    const groups = groupByCheck([row("RUN-003", "fail", null), ...on("SIG-003", "fail", ["e1"]), ...on("CTX-003", "fail", ["e1"])]);
    expect(fixFirst(groups).map((g) => [g.id, g.mayExplain])).toEqual([
      ["RUN-003", ["SIG-003", "CTX-003"]],
      ["SIG-003", ["CTX-003"]],
    ]);
  });

  test("a failed scenario-level row stands for its scenario's exchanges", () => {
    const groups = groupByCheck([
      row("SCH-001", "fail", null, "happy-path"),
      row("CTX-003", "fail", "e1", "happy-path"),
      row("BIZ-001", "fail", "e2", "other"),
    ]);
    expect(groups.find((g) => g.id === "SCH-001")?.mayExplain).toEqual(["CTX-003"]);
  });

  test("lists at most `limit` checks", () => {
    const groups = groupByCheck(["BIZ-001", "BIZ-002", "BIZ-003", "BIZ-004", "BIZ-005", "BIZ-006"].map((id, i) => row(id, "fail", `e${i}`)));
    expect(fixFirst(groups)).toHaveLength(5);
    expect(fixFirst(groups, 2).map((g) => g.id)).toEqual(["BIZ-001", "BIZ-002"]);
  });
});
