/**
 * The gateway's scenarios are data (scenarios/*.json, schemas/scenario.schema.json): what the harness
 * sends the gateway, signed as which participant, and what it then waits for; run-scenarios.ts plays them.
 */
import { FORGERIES } from "../../core/probes/forgeries.js";
import type { Spelling } from "../../core/probes/json-spellings.js";
import { readScenarios, type ScenarioData } from "../../core/read-scenarios.js";
import type { STALE } from "./checks/read.js";
import { otherBytesStep } from "./checks/read.js";

export interface GatewayStep {
  /** Unique in its scenario; checks read it (a step in other bytes is named by otherBytesStep). */
  readonly id: string;
  /** A search the BAP sends, or an on_search the answering BPP sends. */
  readonly action: "search" | "on_search";
  /** callback: ACKed and forwarded (to the BPPs, or to the BAP); nack: refused and forwarded to nobody within the quiet window. */
  readonly expect: "callback" | "nack";
  /** The body's seed, as an offset from --seed. */
  readonly seed?: number;
  /** on_search: the answer to the search of this step (`scenario/step`), sent once that search settled. */
  readonly answers?: string;
  /** search: named to one BPP in `context.bpp_id` (roster.ts TARGETED_BPP), and awaited at it alone. */
  readonly to?: "targeted-bpp";
  /** A valid message written as other JSON for the same value (suites/core/probes/json-spellings.ts), signed over those bytes. */
  readonly spelling?: Spelling;
  /** A forgery of suites/core/probes/forgeries.ts: a valid body under a forged signature (a MUST to refuse). */
  readonly forgery?: string;
  /** A validly signed message whose timestamp + ttl had passed before it was sent (a SHOULD to refuse). */
  readonly negative?: typeof STALE;
  /** Sent once the valid on_search (the step that `answers`) was answered, and only when the gateway did not decline to relay it. */
  readonly afterRelay?: boolean;
}

export type GatewayScenario = ScenarioData<GatewayStep, "gateway">;

/** `scenario/step`: how a step of another scenario is named. */
export const stepKey = (scenario: string, step: string): string => `${scenario}/${step}`;

/** The step an `answers` names, among every scenario of the gateway. */
export function answeredStep(answers: string, all: readonly GatewayScenario[]): GatewayStep | undefined {
  return all.flatMap((s) => s.steps.map((step) => ({ key: stepKey(s.id, step.id), step }))).find(({ key }) => key === answers)?.step;
}

const isProbe = (step: GatewayStep): boolean => step.forgery !== undefined || step.negative !== undefined;

/** What the schema cannot say of a gateway step. */
export function gatewayReferences(step: GatewayStep, _scenario: GatewayScenario, all: readonly GatewayScenario[]): string | undefined {
  if (step.forgery !== undefined && !FORGERIES.some((f) => f.name === step.forgery)) {
    return `names an unknown forgery "${step.forgery}".`;
  }
  if (isProbe(step) !== (step.expect === "nack")) {
    return `expects ${step.expect}: a forgery or a stale message expects nack, and only they do.`;
  }
  if (step.spelling !== undefined && step.id !== otherBytesStep(step.action, step.spelling)) {
    return `is in other bytes: its id must be "${otherBytesStep(step.action, step.spelling)}" (GW-017 finds it by that name).`;
  }
  if (step.to !== undefined && step.action !== "search") {
    return `names a BPP to send to: only a search does.`;
  }
  if (step.answers !== undefined && (step.action !== "on_search" || answeredStep(step.answers, all)?.action !== "search")) {
    return `answers "${step.answers}": only an on_search answers, and it answers a search step (scenario/step).`;
  }
  if (step.afterRelay && !all.some((s) => s.steps.some((other) => other.answers !== undefined))) {
    return `waits for the relay, but no step relays an on_search.`;
  }
  return undefined;
}

/** The gateway's scenarios (suites/roles/gateway/scenarios/*.json), validated, sorted by id. */
export const readGatewayScenarios = (): GatewayScenario[] => readScenarios<GatewayScenario>("gateway", gatewayReferences);
