import { expect, test } from "vitest";
import { bapReferences, flowScenario, readBapScenarios, type BapScenario, type BapStep } from "./scenario.js";

const flow = flowScenario();

test("the BAP's flow is its one scenario: the guide's triggers in order, each built from what the step it needs got, then the recovery", () => {
  expect(readBapScenarios().map((s) => s.id)).toEqual(["flow"]);
  expect(flow.steps.map((s) => [s.id, s.action, s.from ?? "", (s.needs ?? []).join(), s.duplicateCallback ?? false, s.recovery ?? false])).toEqual([
    ["search", "search", "", "", false, false],
    ["select", "select", "offer", "search", false, false],
    ["init", "init", "offer", "search", true, false],
    ["confirm", "confirm", "offer", "search", false, false],
    ["status", "status", "order", "confirm", false, false],
    ["update", "update", "order", "confirm", false, false],
    ["recovery-search", "search", "", "", false, true],
  ]);
});

const search: BapStep = { id: "search", action: "search", expect: "callback" };
const select: BapStep = { id: "select", action: "select", expect: "callback", from: "offer", needs: ["search"] };
const confirm: BapStep = { id: "confirm", action: "confirm", expect: "callback", from: "offer", needs: ["search"] };
const scenarioOf = (...steps: BapStep[]): BapScenario => ({ id: "flow", title: "A flow", role: "bap", steps });

test.for([
  ["a search built from an offer", [{ ...search, from: "offer" }], "is a search: its message is built from nothing."],
  ["a select built from the order", [search, { ...select, from: "order" }], "is a select: its message is built from the offer."],
  ["a select that needs no step", [search, { ...select, needs: [] }], "it needs one step, a search, whose callback gives it."],
  [
    "a status that needs a search",
    [search, { id: "status", action: "status", expect: "callback", from: "order", needs: ["search"] }],
    "it needs one step, a confirm, whose callback gives it.",
  ],
  ["a search that needs a step", [confirm, { ...search, id: "again", needs: ["confirm"] }], "needs no step: its message is built from nothing."],
  [
    "a second duplicated callback",
    [
      { ...search, duplicateCallback: true },
      { ...select, duplicateCallback: true },
    ],
    "duplicates its callback: one step does",
  ],
  ["a step after the recovery", [{ ...search, recovery: true }, select], "follows the recovery: the recovery's steps come last."],
] as const)("a BAP step is refused for %s", ([, steps, fault]) => {
  const scenario = scenarioOf(...(steps as readonly BapStep[]));
  const last = scenario.steps[scenario.steps.length - 1] as BapStep;
  expect(bapReferences(last, scenario)).toContain(fault);
});

test("the flow as it is passes its reference checks", () => {
  expect(flow.steps.map((step) => bapReferences(step, flow))).toEqual(flow.steps.map(() => undefined));
});
