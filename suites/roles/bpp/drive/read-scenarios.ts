import { FORGERIES } from "../../../core/probes/forgeries.js";
import { NEGATIVES } from "../../../core/probes/negatives.js";
import { readScenarios } from "../../../core/read-scenarios.js";
import type { Scenario, StepSpec } from "./scenario.js";

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
