import { ackStatusOf } from "../../../protocol/ack.js";
import { parseIsoDuration } from "../../../protocol/formats.js";
import { asObject } from "../../../protocol/shapes.js";
import { pickOffer, type PickedOffer } from "../../../mocks/bap/index.js";
import type { SkippedStep } from "../../../results/index.js";
import type { Delivery } from "./deliveries.js";
import type { FlowMessages } from "./messages.js";
import { contextOf, messageIdOf } from "./tap.js";
import { trigger, type TriggerEnv } from "./trigger.js";
import type { BapExchange } from "./checks/recorded.js";
import { FLOW, type BapScenario, type BapStep, type BuiltFrom } from "./scenario.js";

/** What the flow learned, for the probes that follow it. */
export interface FlowOutcome {
  readonly triggers: BapExchange[];
  readonly skipped: SkippedStep[];
  /** The callbacks the harness's BPP delivered, by action (`on_select` …). */
  readonly callbacks: Map<string, Delivery>;
  /** The message_ids (and transactions) of the flow's requests, by action. */
  readonly requests: Map<string, { messageId: string; transactionId: unknown; sentAt: number; ttlMs: number }>;
  /** What each played step left, by step id: a later step builds its message from the one it needs. */
  readonly played: Map<string, PlayedStep>;
}

/** A played step's callback, the context its trigger named, and the transaction of its request. */
export interface PlayedStep {
  readonly callback: Delivery | undefined;
  readonly context: Record<string, unknown> | undefined;
  readonly transactionId: unknown;
}

const orderIdOf = (body: unknown): string | undefined => {
  const id = asObject(asObject(asObject(body)?.["message"])?.["order"])?.["id"];
  return typeof id === "string" && id !== "" ? id : undefined;
};

type TriggerInput = { context?: Record<string, unknown>; message: unknown };

/**
 * Triggers one request and awaits the callback the harness's BPP sends for it (until the ttl):
 * the flow goes on with whatever it got, and a step it cannot build is skipped with the reason.
 */
async function triggerAndAwait(env: TriggerEnv, out: FlowOutcome, action: string, input: TriggerInput): Promise<Delivery | undefined> {
  if (Date.now() >= env.runDeadline) {
    out.skipped.push({ scenario: FLOW, step: action, reason: "The run's budget (--max-time) ran out before this step." });
    return undefined;
  }
  const { exchange, arrival } = await trigger(env, FLOW, action, input);
  out.triggers.push(exchange);
  const messageId = arrival ? messageIdOf(arrival.body) : undefined;
  if (!arrival || messageId === undefined) {
    return undefined;
  }
  // The request's own ttl, as the BAP stamped it: the late probe waits it out.
  const context = contextOf(arrival.body);
  out.requests.set(action, {
    messageId,
    transactionId: context["transaction_id"],
    sentAt: arrival.receivedAt,
    ttlMs: parseIsoDuration(context["ttl"]) ?? env.ttlMs,
  });
  if (ackStatusOf(arrival.response.body) !== "ACK") {
    return undefined; // the harness refused it: no callback follows
  }
  const callback = await env.net.deliveries
    .waitFor(
      (d) => d.action === `on_${action}` && messageIdOf(d.body) === messageId,
      Math.min(env.ttlMs + env.ackTimeoutMs, env.runDeadline - Date.now()),
      `on_${action} from the harness's BPP`,
    )
    .catch(() => undefined);
  if (callback) {
    out.callbacks.set(callback.action, callback);
  }
  return callback;
}

const NOTHING_GIVEN: Readonly<Record<BuiltFrom, string>> = {
  offer: "No on_search from the harness's BPP reached the BAP, so there is no offer to select.",
  order: "No on_confirm with message.order.id, so status and update cannot name the order.",
};

/** A step's trigger input, built from what the step it needs got; else why it cannot be built. */
function inputOf(env: TriggerEnv, messages: FlowMessages, step: BapStep, played: FlowOutcome["played"]): TriggerInput | string {
  const given = played.get(step.needs?.[0] ?? "");
  const body = given?.callback?.body;
  switch (step.action) {
    case "search":
      return { message: messages.search() };
    case "select":
    case "init":
    case "confirm": {
      const offer: PickedOffer | undefined = body === undefined ? undefined : pickOffer(body);
      // Every trigger after search names the BPP and the search's transaction, so a trigger adapter needs no memory.
      const searched = given?.transactionId ?? contextOf(body)["transaction_id"];
      const to = { bpp_id: env.net.bpp.identity.subscriberId, bpp_uri: env.net.bpp.url, ...(typeof searched === "string" ? { transaction_id: searched } : {}) };
      return offer ? { context: to, message: messages[step.action](offer) } : NOTHING_GIVEN.offer;
    }
    case "status":
    case "update": {
      const orderId = body === undefined ? undefined : orderIdOf(body);
      return orderId ? { ...(given?.context ? { context: given.context } : {}), message: messages[step.action](orderId) } : NOTHING_GIVEN.order;
    }
  }
}

/** The probe that delivers a step's callback again (probes.ts `duplicateOf`). */
export type Duplicate = (callback: Delivery) => Promise<void>;

/** The flow's steps before the adversarial callbacks, or its recovery's after them. */
const stepsOf = (scenario: BapScenario, recovery: boolean): BapStep[] => scenario.steps.filter((s) => (s.recovery ?? false) === recovery);

/** Plays steps in order; the first that cannot be built is skipped with the reason, and the flow stops there. */
async function play(env: TriggerEnv, messages: FlowMessages, steps: readonly BapStep[], out: FlowOutcome, duplicate: Duplicate): Promise<void> {
  for (const step of steps) {
    const input = inputOf(env, messages, step, out.played);
    if (typeof input === "string") {
      out.skipped.push({ scenario: FLOW, step: step.action, reason: input });
      return;
    }
    const callback = await triggerAndAwait(env, out, step.action, input);
    out.played.set(step.id, { callback, context: input.context, transactionId: callback ? out.requests.get(step.action)?.transactionId : undefined });
    if (callback && step.duplicateCallback) {
      await duplicate(callback);
    }
  }
}

/** The flow before the adversarial callbacks (scenarios/flow.json: search → … → update), through the BAP's trigger API. */
export async function runFlow(env: TriggerEnv, messages: FlowMessages, scenario: BapScenario, duplicate: Duplicate): Promise<FlowOutcome> {
  const out: FlowOutcome = { triggers: [], skipped: [], callbacks: new Map(), requests: new Map(), played: new Map() };
  await play(env, messages, stepsOf(scenario, false), out, duplicate);
  return out;
}

/** The flow after the adversarial callbacks (its `recovery` steps: a new search, and its on_search). */
export async function runRecovery(env: TriggerEnv, messages: FlowMessages, scenario: BapScenario, out: FlowOutcome, duplicate: Duplicate): Promise<void> {
  env.net.deliveries.phase = "recovery";
  await play(env, messages, stepsOf(scenario, true), out, duplicate);
}
