import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { readScenarios, type ScenarioData } from "./read-scenarios.js";

const step = (id: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({ id, action: "search", expect: "callback", ...more });
const bpp = (steps: unknown[], more: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "one",
  title: "One scenario",
  role: "bpp",
  phase: "functional",
  steps,
  ...more,
});

/** Reads one scenario file written as `one.json` into a folder of its own. */
function readOne(scenario: unknown, references: () => string | undefined = () => undefined): ScenarioData[] {
  const dir = mkdtempSync(join(tmpdir(), "scenarios-"));
  writeFileSync(join(dir, "one.json"), JSON.stringify(scenario));
  return readScenarios("bpp", references, pathToFileURL(`${dir}/`));
}

test.for([
  ["a step id used twice", bpp([step("a"), step("a")]), 'one.json: step id "a" is used twice.'],
  ["a need that is no earlier step", bpp([step("a", { needs: ["b"] }), step("b")]), 'one.json: step "a" needs "b", which is not an earlier step.'],
  ["a file not named after its id", bpp([step("a")], { id: "two" }), 'one.json: its id is "two"; a scenario file is named after its id.'],
  [
    "another role's scenario",
    { id: "one", title: "One scenario", role: "gateway", steps: [step("a", { seed: 0 })] },
    'one.json: its role is "gateway", in the folder of the bpp\'s scenarios.',
  ],
  ["a BPP step with a gateway's field", bpp([step("a", { seed: 1 })]), "one.json: /steps/0 must NOT have additional properties"],
  ["a watched transfer on a search", bpp([step("a", { watchTransfer: true })]), "one.json: /steps/0/action must be equal to constant"],
  ["a BPP scenario without its phase", bpp([step("a")], { phase: undefined }), "one.json: / must have required property 'phase'"],
  [
    "a gateway step with a BPP's action",
    { id: "one", title: "One scenario", role: "gateway", steps: [step("a", { action: "select", seed: 0 })] },
    'one.json: /steps/0/action must be equal to one of the allowed values (["search","on_search"])',
  ],
  [
    "a BAP step with a BPP's field",
    { id: "one", title: "One scenario", role: "bap", steps: [step("a", { via: "gateway" })] },
    "one.json: /steps/0 must NOT have additional properties",
  ],
  [
    "a BAP step that expects a NACK",
    { id: "one", title: "One scenario", role: "bap", steps: [step("a", { expect: "nack" })] },
    'one.json: /steps/0/expect must be equal to one of the allowed values (["callback"])',
  ],
] as const)("the reader refuses %s, naming the file and the fault", ([, scenario, message]) => {
  expect(() => readOne(scenario)).toThrow(message);
});

test("a role's reference check is told each step and named in the fault", () => {
  expect(() => readOne(bpp([step("a")]), () => "names nothing known.")).toThrow('one.json: step "a" names nothing known.');
  expect(readOne(bpp([step("a"), step("b", { needs: ["a"] })])).map((s) => s.steps.length)).toEqual([2]);
});
