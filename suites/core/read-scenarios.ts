/**
 * Every role's scenarios are data (DESIGN "Scenario"): JSON files in `suites/roles/<role>/scenarios/`,
 * one schema for all (schemas/scenario.schema.json, whose step shape the scenario's `role` selects).
 * This reader is the same for every role: it validates each file, then what a schema cannot say (a
 * file named after its id, step ids used once, `needs` naming earlier steps), then the role's own
 * references (a forgery by name, another scenario's step).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import scenarioSchema from "../../schemas/scenario.schema.json" with { type: "json" };
import type { Role } from "../../results/index.js";

/** What every role's step has: an id unique in its scenario, and the earlier steps it needs, if any. */
export interface ScenarioStep {
  readonly id: string;
  readonly needs?: readonly string[];
}

/** What every role's scenario has. */
export interface ScenarioData<S extends ScenarioStep = ScenarioStep, R extends Role = Role> {
  readonly id: string;
  readonly title: string;
  readonly role: R;
  readonly steps: readonly S[];
}

/** A role's reference check of one step: what is wrong with it, or undefined. It sees every scenario of the role. */
export type StepReferences<T extends ScenarioData> = (step: T["steps"][number], scenario: T, all: readonly T[]) => string | undefined;

/** The folder of a role's scenario files (`suites/roles/<role>/scenarios/`): in the sources or, from dist/, in the package root. */
function scenarioDir(role: Role): URL {
  const beside = new URL(`../roles/${role}/scenarios/`, import.meta.url);
  return existsSync(beside) ? beside : new URL(`../../../suites/roles/${role}/scenarios/`, import.meta.url);
}

const validateScenario = new Ajv2020({ allErrors: true }).compile(scenarioSchema);

/** The schema's complaints, one a line, each at its JSON pointer (the if/then wrappers left out: their branch's errors say it). */
function schemaFaults(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .filter((e) => e.keyword !== "if")
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""}${e.keyword === "enum" ? ` (${JSON.stringify(e.params["allowedValues"])})` : ""}`)
    .join("; ");
}

/** Step ids used once, and `needs` naming only earlier steps of the scenario. */
function stepOrderFault(scenario: ScenarioData): string | undefined {
  const ids = new Set<string>();
  for (const step of scenario.steps) {
    if (ids.has(step.id)) {
      return `step id "${step.id}" is used twice.`;
    }
    const missing = (step.needs ?? []).find((need) => !ids.has(need));
    if (missing !== undefined) {
      return `step "${step.id}" needs "${missing}", which is not an earlier step.`;
    }
    ids.add(step.id);
  }
  return undefined;
}

/** A scenario as its file holds it, checked against the schema and the step rules; `named` also asks that the file be named after its id. */
function checked(name: string, text: string, role: Role, named: boolean): ScenarioData {
  let scenario: ScenarioData;
  try {
    scenario = JSON.parse(text) as ScenarioData;
  } catch (error) {
    throw new Error(`${name}: not JSON (${(error as Error).message})`, { cause: error });
  }
  if (!validateScenario(scenario)) {
    throw new Error(`${name}: ${schemaFaults(validateScenario.errors)}`);
  }
  const fault =
    named && `${scenario.id}.json` !== name
      ? `its id is "${scenario.id}"; a scenario file is named after its id.`
      : scenario.role !== role
        ? `its role is "${scenario.role}", ${named ? `in the folder of the ${role}'s scenarios` : `not ${role}`}.`
        : stepOrderFault(scenario);
  if (fault !== undefined) {
    throw new Error(`${name}: ${fault}`);
  }
  return scenario;
}

const parsed = (name: string, dir: URL, role: Role): ScenarioData => checked(name, readFileSync(new URL(name, dir), "utf8"), role, true);

function referenceFaults<T extends ScenarioData>(scenarios: readonly T[], names: readonly string[], references: StepReferences<T>): void {
  scenarios.forEach((scenario, i) => {
    for (const step of scenario.steps) {
      const fault = references(step, scenario, scenarios);
      if (fault !== undefined) {
        throw new Error(`${names[i] ?? scenario.id}: step "${step.id}" ${fault}`);
      }
    }
  });
}

/**
 * One scenario file a user gives (`run --scenario <file>`): the same schema and step rules as a
 * role's own scenarios, whatever the file is named. Throws naming the file and the fault.
 */
export function readScenarioFile<T extends ScenarioData>(path: string, role: Role, references: StepReferences<T>): T {
  const scenario = checked(path, readFileSync(path, "utf8"), role, false) as T;
  referenceFaults([scenario], [path], references);
  return scenario;
}

/** Loads and validates every scenario of a role (from its folder unless told), sorted by id. Throws naming the file and the fault. */
export function readScenarios<T extends ScenarioData>(role: Role, references: StepReferences<T>, dir: URL = scenarioDir(role)): T[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  const scenarios = names.map((name) => parsed(name, dir, role) as T);
  referenceFaults(scenarios, names, references);
  return scenarios;
}
