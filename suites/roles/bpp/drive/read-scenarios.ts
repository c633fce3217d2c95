import { FORGERIES } from "../../../core/probes/forgeries.js";
import { NEGATIVES } from "../../../core/probes/negatives.js";
import { readScenarioFile, readScenarios } from "../../../core/read-scenarios.js";
import type { Scenario, StepSpec } from "./scenario.js";
import type { RunConfig } from "../../../core/config.js";

/** What the schema cannot say of a BPP step: the forgery and the negative body it names exist. */
function bppReferences(step: StepSpec): string | undefined {
  if (step.forgery && !FORGERIES.some((f) => f.name === step.forgery)) {
    return `names an unknown forgery "${step.forgery}".`;
  }
  if (step.negative && !NEGATIVES.some((n) => n.name === step.negative && n.action === step.action)) {
    return `names an unknown negative "${step.negative}" for ${step.action}.`;
  }
  return undefined;
}

/** The BPP's scenarios (suites/roles/bpp/scenarios/*.json), validated, sorted by id. */
export const readBppScenarios = (): Scenario[] => readScenarios<Scenario>("bpp", bppReferences);

/** A BPP scenario file a user gives (`run --scenario <file>`), validated as the built-in ones are. */
export const readBppScenarioFile = (path: string): Scenario => readScenarioFile<Scenario>(path, "bpp", bppReferences);

/**
 * The scenarios of a BPP run: the built-in ones (those `scenarios` names, or all), unless
 * `scenarioOnly`, then each scenario file given. A file whose id is a built-in one's, or another
 * file's, is refused: report.json names exchanges by scenario id.
 */
export function bppRunScenarios(opts: Pick<RunConfig, "scenarios" | "scenarioFiles" | "scenarioOnly">): Scenario[] {
  const own = readBppScenarios();
  const builtIn = opts.scenarioOnly ? [] : own.filter((s) => !opts.scenarios || opts.scenarios.includes(s.id));
  const taken = new Set(own.map((s) => s.id));
  const given = (opts.scenarioFiles ?? []).map((path) => {
    const scenario = readBppScenarioFile(path);
    if (taken.has(scenario.id)) {
      throw new Error(`${path}: its id "${scenario.id}" is already a built-in scenario's or another file's; give it another id.`);
    }
    taken.add(scenario.id);
    return scenario;
  });
  return [...builtIn, ...given];
}
