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

export const FLOW = "flow";

/** What the flow learned, for the probes that follow it. */
export interface FlowOutcome {
  readonly triggers: BapExchange[];
  readonly skipped: SkippedStep[];
  /** The callbacks the harness's BPP delivered, by action (`on_select` …). */
  readonly callbacks: Map<string, Delivery>;
  /** The message_ids (and transactions) of the flow's requests, by action. */
  readonly requests: Map<string, { messageId: string; transactionId: unknown; sentAt: number; ttlMs: number }>;
}

const orderIdOf = (body: unknown): string | undefined => {
  const id = asObject(asObject(asObject(body)?.["message"])?.["order"])?.["id"];
  return typeof id === "string" && id !== "" ? id : undefined;
};

/**
 * Triggers one request and awaits the callback the harness's BPP sends for it (until the ttl):
 * the flow goes on with whatever it got, and a step it cannot build is skipped with the reason.
 */
async function step(
  env: TriggerEnv,
  out: FlowOutcome,
  action: string,
  input: { context?: Record<string, unknown>; message: unknown },
  scenario = FLOW,
): Promise<Delivery | undefined> {
  if (Date.now() >= env.runDeadline) {
    out.skipped.push({ scenario, step: action, reason: "The run's budget (--max-time) ran out before this step." });
    return undefined;
  }
  const { exchange, arrival } = await trigger(env, scenario, action, input);
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

/** search → select → init → confirm → status → update, driven through the BAP's trigger API. */
export async function runFlow(env: TriggerEnv, messages: FlowMessages, hooks: { afterOnInit?: (d: Delivery) => Promise<void> }): Promise<FlowOutcome> {
  const out: FlowOutcome = { triggers: [], skipped: [], callbacks: new Map(), requests: new Map() };
  const onSearch = await step(env, out, "search", { message: messages.search() });
  const offer: PickedOffer | undefined = onSearch ? pickOffer(onSearch.body) : undefined;
  if (!offer) {
    out.skipped.push({ scenario: FLOW, step: "select", reason: "No on_search from the harness's BPP reached the BAP, so there is no offer to select." });
    return out;
  }
  // Every trigger after search names the BPP and the search's transaction, so a trigger adapter needs no memory.
  const searched = out.requests.get("search")?.transactionId ?? contextOf(onSearch?.body)["transaction_id"];
  const to = { bpp_id: env.net.bpp.identity.subscriberId, bpp_uri: env.net.bpp.url, ...(typeof searched === "string" ? { transaction_id: searched } : {}) };
  await step(env, out, "select", { context: to, message: messages.select(offer) });
  const onInit = await step(env, out, "init", { context: to, message: messages.init(offer) });
  if (onInit && hooks.afterOnInit) {
    await hooks.afterOnInit(onInit);
  }
  const onConfirm = await step(env, out, "confirm", { context: to, message: messages.confirm(offer) });
  const orderId = onConfirm ? orderIdOf(onConfirm.body) : undefined;
  if (!orderId) {
    out.skipped.push({ scenario: FLOW, step: "status", reason: "No on_confirm with message.order.id, so status and update cannot name the order." });
    return out;
  }
  await step(env, out, "status", { context: to, message: messages.status(orderId) });
  await step(env, out, "update", { context: to, message: messages.update(orderId) });
  return out;
}

/** The flow after the adversarial callbacks: a new search, and its on_search. */
export async function runRecovery(env: TriggerEnv, messages: FlowMessages, out: FlowOutcome): Promise<void> {
  env.net.deliveries.phase = "recovery";
  await step(env, out, "search", { message: messages.search() });
}
