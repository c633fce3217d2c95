import { randomUUID } from "node:crypto";
import {
  buildBilling,
  buildConfirm,
  buildContext,
  buildInit,
  buildMeter,
  buildOtherMeter,
  buildSearch,
  buildSearchWindow,
  buildSelect,
  buildStatus,
  buildUpdate,
  quantityOf,
  type Faker,
  type OrderTerms,
  type TimeRange,
} from "../../../../fixtures/builders/index.js";
import { endStops, asArray, asObject } from "../../../../protocol/shapes.js";
import type { CaptureOrigin, StepSpec } from "./scenario.js";
import { rebound } from "./from-template.js";
import { someKwh, type OrderBudget, type SutOffer } from "./offer.js";
import { orderWindow } from "./order-window.js";

/** What the harness knows while a scenario runs: the SUT, its own ids, and what earlier steps learnt. */
export interface ScenarioState {
  readonly transactionId: string;
  readonly faker: Faker;
  readonly endMeter: string;
  offer?: SutOffer;
  orderId?: string;
  billing?: ReturnType<typeof buildBilling>;
  /** The run's share-out of the offer among its orders (docs/rules.md "What the harness orders"); none in load mode. */
  readonly budget?: OrderBudget;
  /** --transfer-timeout: how long a transfer can be watched, which bounds the window the order asks for. */
  readonly transferTimeoutMs: number;
  /** What this scenario's order asks for, fixed at its first order step. */
  kwh?: number;
  window?: TimeRange;
  /** A scenario made from a capture: where from, and the capture's ids the replay binds to its own. */
  readonly capture?: CaptureOrigin;
  /** Every provider and item id of the SUT's on_search in this scenario. */
  catalogueIds?: ReadonlySet<string>;
}

export interface HarnessIds {
  readonly bapId: string;
  readonly bapUri: string;
  readonly bppId: string;
  readonly bppUri: string;
  readonly domain: string;
  readonly city: string;
  readonly country: string;
  readonly ttl: string;
  readonly shape: "guide" | "core";
}

export type Built = { readonly ok: true; readonly body: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

const PROBE_OFFER: SutOffer = { providerId: "harness-probe-provider", itemId: "harness-probe-item", availableKwh: 1 };

function context(step: StepSpec, state: ScenarioState, ids: HarnessIds, fresh: boolean) {
  const routed = step.action !== "search" || step.via !== "gateway";
  return buildContext({
    action: step.action,
    transactionId: fresh ? randomUUID() : state.transactionId,
    messageId: randomUUID(),
    ttl: ids.ttl,
    domain: ids.domain,
    city: ids.city,
    country: ids.country,
    bapId: ids.bapId,
    bapUri: ids.bapUri,
    ...(routed ? { bppId: ids.bppId, bppUri: ids.bppUri } : {}),
  });
}

function offerFor(step: StepSpec, state: ScenarioState): SutOffer | undefined {
  const probe = step.forgery !== undefined || step.negative !== undefined;
  // The unknown-provider step orders an item of the SUT's own catalogue (its search came first), so
  // only the provider is unknown: a BPP that checks the item first still owes 30001, not 30004.
  const offer = state.offer ?? (probe ? PROBE_OFFER : undefined);
  if (!offer) {
    return undefined;
  }
  if (step.item === "unknown-item") {
    return { ...offer, itemId: `harness-unknown-item-${randomUUID()}` };
  }
  return step.item === "unknown-provider" ? { ...offer, providerId: `harness-unknown-provider-${randomUUID()}` } : offer;
}

type Terms = { readonly ok: true; readonly terms: OrderTerms; readonly window?: TimeRange } | { readonly ok: false; readonly reason: string };

/** The quantity and window of the scenario's order of the real offer, fixed at its first order step. */
function ownOrder(offer: SutOffer, state: ScenarioState): { kwh: number; window: TimeRange } | string {
  const kwh = state.kwh ?? (state.budget ? state.budget.take(offer) : someKwh(offer));
  if (kwh === undefined) {
    return `the offer's ${offer.availableKwh ?? 0} kWh are shared out among the run's other orders`;
  }
  const window = state.window ?? orderWindow(offer.window, Date.now(), state.transferTimeoutMs);
  if (!window) {
    return `the offer's delivery window (${offer.window?.start} to ${offer.window?.end}) has ended`;
  }
  state.kwh = kwh;
  state.window = window;
  return { kwh, window };
}

function orderTerms(step: StepSpec, state: ScenarioState, ids: HarnessIds): Terms {
  const offer = offerFor(step, state);
  if (!offer) {
    return { ok: false, reason: "the SUT's on_search gave no offer to order from" };
  }
  if (step.quantity === "over-available" && offer.availableKwh === undefined) {
    return { ok: false, reason: "the SUT's offer states no available quantity (quantity.available.measure)" };
  }
  // Probes order nothing: only the scenario's own order of the real offer takes a share of it.
  const probe = step.forgery !== undefined || step.negative !== undefined;
  const own = offer === state.offer && !probe ? ownOrder(offer, state) : undefined;
  if (typeof own === "string") {
    return { ok: false, reason: own };
  }
  const kwh = step.quantity === "over-available" ? (offer.availableKwh ?? 0) + 1 : (own?.kwh ?? someKwh(offer));
  return {
    ok: true,
    terms: { providerId: offer.providerId, itemId: offer.itemId, quantityKwh: String(kwh), endMeter: state.endMeter, shape: ids.shape },
    ...(own ? { window: own.window } : {}),
  };
}

/** Asks for the delivery window on the order's end stops (core Stop.time), in whichever shape they are written. */
function withWindow<T extends Record<string, unknown>>(body: T, window: TimeRange | undefined): T {
  const order = asObject(asObject(body["message"])?.["order"]);
  for (const fulfillment of window ? asArray(order?.["fulfillments"]) : []) {
    endStops(fulfillment).forEach((stop) => Object.assign(stop.value, { time: { range: { ...window } } }));
  }
  return body;
}

/**
 * An update of `fulfillments` that also changes the ordered item's quantity (one kWh more than
 * confirmed): a change outside its update_target (BECKN-005 30013).
 */
function beyondTarget(update: ReturnType<typeof buildUpdate>, state: ScenarioState, ids: HarnessIds): Built {
  if (!state.offer || state.kwh === undefined) {
    return { ok: false, reason: "no order of the SUT's offer was confirmed in this scenario" };
  }
  const items = [{ id: state.offer.itemId, quantity: quantityOf(String(state.kwh + 1), ids.shape) }];
  return { ok: true, body: { ...update, message: { ...update.message, order: { ...update.message.order, items } } } };
}

/** A step made from a capture: the captured message, its ids bound to the replay's, under a fresh context. */
function fromTemplate(template: NonNullable<StepSpec["template"]>, ctx: ReturnType<typeof buildContext>, state: ScenarioState): Built {
  const replay = {
    ...(state.orderId ? { orderId: state.orderId } : {}),
    ...(state.offer ? { offer: state.offer } : {}),
    ...(state.catalogueIds ? { catalogueIds: state.catalogueIds } : {}),
  };
  const message = rebound(template.message, state.capture, replay);
  return message.ok ? { ok: true, body: { context: ctx, message: message.message } } : message;
}

/** Builds the body a step sends, from the scenario's state; or says why it cannot. */
export function buildStepBody(step: StepSpec, state: ScenarioState, ids: HarnessIds): Built {
  const fresh = step.forgery !== undefined || step.negative !== undefined;
  const ctx = context(step, state, ids, fresh);
  if (step.template) {
    return fromTemplate(step.template, ctx, state);
  }
  const orderId = step.order === "unknown" || fresh ? `harness-unknown-order-${randomUUID()}` : state.orderId;
  switch (step.action) {
    case "search":
      return { ok: true, body: buildSearch({ context: ctx, itemName: "Solar Surplus Energy", endMeter: state.endMeter, window: buildSearchWindow() }) };
    case "select":
    case "init":
    case "confirm": {
      const terms = orderTerms(step, state, ids);
      if (!terms.ok) {
        return terms;
      }
      state.billing ??= buildBilling(state.faker);
      const opts = { context: ctx, ...terms.terms, billing: state.billing };
      return {
        ok: true,
        body: withWindow(step.action === "select" ? buildSelect(opts) : step.action === "init" ? buildInit(opts) : buildConfirm(opts), terms.window),
      };
    }
    case "status":
      return orderId ? { ok: true, body: buildStatus({ context: ctx, orderId }) } : { ok: false, reason: "no order was confirmed in this scenario" };
    case "update": {
      if (!orderId) {
        return { ok: false, reason: "no order was confirmed in this scenario" };
      }
      const body = buildUpdate({ context: ctx, orderId, endMeter: buildOtherMeter(state.faker, state.endMeter), shape: ids.shape });
      if (step.updateTarget === "fulfillments-and-quantity") {
        return beyondTarget(body, state, ids);
      }
      return { ok: true, body: step.updateTarget === "invalid" ? { ...body, message: { ...body.message, update_target: "harness-invalid-target" } } : body };
    }
    default:
      return { ok: false, reason: `the harness builds no ${step.action} request` };
  }
}

export function newScenarioState(faker: Faker, opts: { budget?: OrderBudget; transferTimeoutMs: number; capture?: CaptureOrigin }): ScenarioState {
  return {
    transactionId: randomUUID(),
    faker,
    endMeter: buildMeter(faker),
    transferTimeoutMs: opts.transferTimeoutMs,
    ...(opts.budget ? { budget: opts.budget } : {}),
    ...(opts.capture ? { capture: opts.capture } : {}),
  };
}
