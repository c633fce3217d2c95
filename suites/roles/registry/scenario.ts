/**
 * The registry's scenario is data (scenarios/registry.json, schemas/scenario.schema.json): the
 * registrations the harness subscribes, the lookups that confirm them, the lookups by each filter and
 * the malformed lookups. run-scenario.ts plays them in the registry's order: keys, subscriptions,
 * confirmations, the quiet window, lookups, the probe's confirmation, malformed lookups.
 */
import type { SubscriberType } from "../../../mocks/common/identity.js";
import type { Probe } from "../../core/check.js";
import { readScenarios, type ScenarioData } from "../../core/read-scenarios.js";

/** A field a lookup filters on, filled from a registration. */
export type FilterField = "subscriber_id" | "unique_key_id" | "domain" | "city" | "country";

export interface RegistryStep {
  /** Unique in the scenario; checks read it (`subscribe:<label>`, `confirm:<label>`, `lookup:<filter>`, `malformed:<probe>`). */
  readonly id: string;
  readonly action: "registry-keys" | "subscribe" | "lookup";
  readonly expect: "answer" | "callback" | "nack";
  /** subscribe: the subscriber's type. */
  readonly type?: SubscriberType;
  /** subscribe: a second key of this registration's subscriber (its label). */
  readonly keyOf?: string;
  /** subscribe: the run's --domain, --city, --country, or another one. */
  readonly domain?: "run" | "other";
  readonly city?: "run" | "other";
  readonly country?: "run" | "other";
  /** subscribe: how the harness answers the registry's challenge (right unless told). */
  readonly challenge?: "right" | "wrong";
  /** subscribe: a key that expired the day before, or is valid only from tomorrow. */
  readonly validity?: "expired" | "not-yet-valid";
  /** A probe: a registration that must never be returned, or a malformed lookup. */
  readonly negative?: string;
  /** The probe's severity (MUST unless told). */
  readonly severity?: Probe["severity"];
  /** lookup: confirm this registration (its label) is listed; a probe registration's is looked up once, by subscriber id. */
  readonly confirms?: string;
  /** lookup: this filter as it is. */
  readonly filter?: Readonly<Record<string, string>>;
  /** lookup: the registration (its label) whose values fill `fields`. */
  readonly of?: string;
  readonly fields?: readonly FilterField[];
  /** lookup: a malformed body, sent as it is. */
  readonly rawBody?: string;
  /** lookup: a filter whose subscriber_id is this many bytes long. */
  readonly oversizedBytes?: number;
}

export type RegistryScenario = ScenarioData<RegistryStep, "registry">;

const SUBSCRIBE = "subscribe:";

/** The label of a subscribe step: its id after `subscribe:`. */
export const labelOf = (step: RegistryStep): string => step.id.slice(SUBSCRIBE.length);

/** The step's probe, if it is one. */
export const probeOf = (step: RegistryStep): Probe | undefined =>
  step.negative === undefined ? undefined : { kind: "negative", name: step.negative, severity: step.severity ?? "MUST" };

/** The kind of lookup a step is: what the driver does with it, and when. */
export type LookupKind = "confirm" | "filter" | "malformed";

export function lookupKind(step: RegistryStep): LookupKind | undefined {
  if (step.action !== "lookup") {
    return undefined;
  }
  return step.confirms !== undefined ? "confirm" : step.rawBody !== undefined || step.oversizedBytes !== undefined ? "malformed" : "filter";
}

const subscribeStep = (scenario: RegistryScenario, label: string): RegistryStep | undefined =>
  scenario.steps.find((s) => s.action === "subscribe" && labelOf(s) === label);

/** The prefix of a step's id by its kind: the checks find their exchanges by it. */
const PREFIX: Readonly<Record<LookupKind | RegistryStep["action"], string>> = {
  "registry-keys": "",
  subscribe: SUBSCRIBE,
  lookup: "lookup:",
  confirm: "confirm:",
  filter: "lookup:",
  malformed: "malformed:",
};

/** A step named other than its checks look for it, if so. */
function namingFault(step: RegistryStep): string | undefined {
  const kind = lookupKind(step);
  const wanted = kind === "confirm" ? `confirm:${step.confirms ?? ""}` : undefined;
  const prefix = PREFIX[kind ?? step.action];
  if (wanted !== undefined ? step.id !== wanted : !step.id.startsWith(prefix)) {
    return `must be named "${wanted ?? `${prefix}…`}": the checks find it by that name.`;
  }
  return step.action === "subscribe" && step.type === undefined ? "subscribes no type of subscriber." : undefined;
}

/** A lookup whose parts do not make one kind of lookup, if so. */
function lookupFault(step: RegistryStep, scenario: RegistryScenario): string | undefined {
  const kind = lookupKind(step);
  if (kind === "confirm" && step.negative !== subscribeStep(scenario, step.confirms ?? "")?.negative) {
    return "confirms a registration: it is a probe exactly when that registration is, and the same one.";
  }
  if (kind === "filter" && (step.filter === undefined) === (step.of === undefined || step.fields === undefined)) {
    return "filters either by `filter` as it is, or by the `fields` of the registration `of`.";
  }
  if ((kind === "malformed") !== (step.expect === "nack") || (kind === "malformed" && step.negative === undefined)) {
    return "is a malformed lookup exactly when it expects nack, and then it names its probe.";
  }
  return undefined;
}

/** What the schema cannot say of a registry step: the names its checks read, the registrations it names, the kind of lookup. */
export function registryReferences(step: RegistryStep, scenario: RegistryScenario): string | undefined {
  const named = [step.keyOf, step.confirms, step.of].find((label) => label !== undefined && !subscribeStep(scenario, label));
  return namingFault(step) ?? (named === undefined ? lookupFault(step, scenario) : `names "${named}", which no subscribe step registers.`);
}

/** The registry's scenarios (suites/roles/registry/scenarios/*.json), validated, sorted by id. */
export const readRegistryScenarios = (): RegistryScenario[] => readScenarios<RegistryScenario>("registry", registryReferences);
