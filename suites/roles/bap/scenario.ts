/**
 * The BAP's flow is data (scenarios/flow.json, schemas/scenario.schema.json): the triggers the harness
 * calls on the BAP, in order, each with what its message is built from; flow.ts plays them, the
 * adversarial callbacks (probes.ts) between the flow and its recovery.
 */
import { readScenarios, type ScenarioData } from "../../core/read-scenarios.js";

export type BapAction = "search" | "select" | "init" | "confirm" | "status" | "update";

/** What a message is built from: the offer of an on_search, or the order id of an on_confirm. */
export type BuiltFrom = "offer" | "order";

export interface BapStep {
  /** Unique in its scenario; `needs` names it. Its exchanges and skips are named by its action (`trigger <action>`). */
  readonly id: string;
  /** The trigger the harness calls: `POST <target>/trigger/<action>`. */
  readonly action: BapAction;
  /** callback: the BAP sends the request, and the harness's BPP answers it with on_<action>. */
  readonly expect: "callback";
  /** The offer of the on_search, or the order id of the on_confirm, of the one step it needs; such a step names the harness's BPP. */
  readonly from?: BuiltFrom;
  readonly needs?: readonly string[];
  /** A probe: once this step's callback reached the BAP, the harness's BPP delivers it again. */
  readonly duplicateCallback?: boolean;
  /** Played after the adversarial callbacks: its callbacks are the recovery's. */
  readonly recovery?: boolean;
}

export type BapScenario = ScenarioData<BapStep, "bap">;

/** The flow the BAP's checks judge: its triggers and callbacks are recorded under this scenario. */
export const FLOW = "flow";

/** What each action's message is built from (messages.ts), and the action of the step that gives it. */
const BUILT_FROM: Readonly<Record<BapAction, BuiltFrom | undefined>> = {
  search: undefined,
  select: "offer",
  init: "offer",
  confirm: "offer",
  status: "order",
  update: "order",
};
const GIVEN_BY: Readonly<Record<BuiltFrom, BapAction>> = { offer: "search", order: "confirm" };

/** What the schema cannot say of a BAP step: what its message is built from, and from which step; the recovery last. */
export function bapReferences(step: BapStep, scenario: BapScenario): string | undefined {
  const from = BUILT_FROM[step.action];
  if (step.from !== from) {
    return from === undefined ? `is a ${step.action}: its message is built from nothing.` : `is a ${step.action}: its message is built from the ${from}.`;
  }
  const needed = (step.needs ?? []).map((id) => scenario.steps.find((s) => s.id === id));
  if (from !== undefined && (needed.length !== 1 || needed[0]?.action !== GIVEN_BY[from])) {
    return `is built from the ${from}: it needs one step, a ${GIVEN_BY[from]}, whose callback gives it.`;
  }
  if (from === undefined && needed.length > 0) {
    return "needs no step: its message is built from nothing.";
  }
  const earlier = scenario.steps.slice(0, scenario.steps.indexOf(step));
  if (!step.recovery && earlier.some((s) => s.recovery)) {
    return "follows the recovery: the recovery's steps come last.";
  }
  return step.duplicateCallback && earlier.some((s) => s.duplicateCallback) ? "duplicates its callback: one step does, the duplicate probe is one." : undefined;
}

/** The BAP's scenarios (suites/roles/bap/scenarios/*.json), validated, sorted by id. */
export const readBapScenarios = (): BapScenario[] => readScenarios<BapScenario>("bap", bapReferences);

/** The flow (scenarios/flow.json). */
export function flowScenario(): BapScenario {
  const found = readBapScenarios().find((s) => s.id === FLOW);
  if (!found) {
    throw new Error(`No BAP scenario "${FLOW}" in suites/roles/bap/scenarios/.`);
  }
  return found;
}
