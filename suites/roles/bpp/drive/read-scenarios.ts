import { existsSync, readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import scenarioSchema from "../../../../schemas/scenario.schema.json" with { type: "json" };
import { FORGERIES } from "../../../core/probes/forgeries.js";
import { NEGATIVES } from "../../../core/probes/negatives.js";
import type { Scenario } from "./scenario.js";

/** The folder of a role's scenario files (`suites/roles/<role>/scenarios/`): in the sources or, from dist/, in the package root. */
function scenarioDir(role: string): URL {
  const beside = new URL(`../../${role}/scenarios/`, import.meta.url);
  return existsSync(beside) ? beside : new URL(`../../../../../suites/roles/${role}/scenarios/`, import.meta.url);
}

const validateScenario = new Ajv2020({ allErrors: true }).compile(scenarioSchema);

function checkReferences(scenario: Scenario, file: string): void {
  const ids = new Set<string>();
  for (const step of scenario.steps) {
    if (ids.has(step.id)) {
      throw new Error(`${file}: step id "${step.id}" is used twice.`);
    }
    for (const need of step.needs ?? []) {
      if (!ids.has(need)) {
        throw new Error(`${file}: step "${step.id}" needs "${need}", which is not an earlier step.`);
      }
    }
    if (step.forgery && !FORGERIES.some((f) => f.name === step.forgery)) {
      throw new Error(`${file}: step "${step.id}" names an unknown forgery "${step.forgery}".`);
    }
    if (step.negative && !NEGATIVES.some((n) => n.name === step.negative && n.action === step.action)) {
      throw new Error(`${file}: step "${step.id}" names an unknown negative "${step.negative}" for ${step.action}.`);
    }
    ids.add(step.id);
  }
}

/** Loads and validates every scenario of a role, sorted by id. Throws naming the file and the fault. */
export function readScenarios(role: "bpp"): Scenario[] {
  const dir = scenarioDir(role);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const scenario = JSON.parse(readFileSync(new URL(name, dir), "utf8")) as Scenario;
      if (!validateScenario(scenario)) {
        throw new Error(`${name}: ${JSON.stringify(validateScenario.errors)}`);
      }
      if (`${scenario.id}.json` !== name) {
        throw new Error(`${name}: its id is "${scenario.id}"; a scenario file is named after its id.`);
      }
      checkReferences(scenario, name);
      return scenario;
    });
}
