import {
  buildOnConfirm,
  buildOnInit,
  buildOnSelect,
  Decimal,
  quoteFor,
  type Billing,
  type PricedOptions,
  type TimeRange,
} from "../../fixtures/builders/index.js";
import { ERROR } from "../../protocol/ack.js";
import { asArray, asObject, endStops } from "../../protocol/shapes.js";
import type { Deal, DealStep } from "./deals.js";
import { errorOutcome, resolveShape, setOrderState } from "./order-view.js";
import type { Step, StepEnv, StepOutcome, StepRequest } from "./step-types.js";
import { checkTerms, readTerms, type AgreedTerms, type RequestedTerms } from "./terms.js";

/** select → init → confirm, one transaction at a time. */

const NO_BILLING: Billing = { name: "", address: "", phone: "", email: "" };

/** The request's terms, with what it left out taken from the deal so far. */
function mergedTerms(requested: RequestedTerms, earlier?: AgreedTerms): RequestedTerms {
  if (!earlier) {
    return requested;
  }
  const billing = requested.billing ?? earlier.billing;
  return {
    providerId: requested.providerId ?? earlier.offer.provider.id,
    itemId: requested.itemId ?? earlier.offer.item.id,
    quantity: requested.quantity ?? earlier.quantityKwh,
    endMeter: requested.endMeter ?? earlier.endMeter,
    window: requested.window ?? earlier.window,
    ...(billing ? { billing } : {}),
    ...(requested.form ? { form: requested.form } : {}),
  };
}

type Agreed = { deal: Deal; priced: PricedOptions } | StepOutcome;

/**
 * What the terms are checked as: as requested, or under flw.unknown-provider-accepted the
 * catalogue's first offer for an unknown provider, and under flw.unknown-item-accepted the
 * provider's first item for an item it does not offer.
 */
function acceptedAs(requested: RequestedTerms, env: StepEnv): RequestedTerms {
  const { catalogue, faults } = env;
  const known = requested.providerId ? catalogue.provider(requested.providerId) : undefined;
  if (!known && faults.has("flw.unknown-provider-accepted")) {
    const first = catalogue.providers[0];
    return { ...requested, ...(first ? { providerId: first.id, itemId: first.items[0]?.id ?? "" } : {}) };
  }
  const offered = known && requested.itemId ? catalogue.offer(known.id, requested.itemId) : undefined;
  if (known && !offered && faults.has("flw.unknown-item-accepted")) {
    return { ...requested, itemId: known.items[0]?.id ?? "" };
  }
  return requested;
}

/** The kWh a callback shows: those agreed, or half of them under biz.items-not-echoed. */
const shownKwh = (kwh: string, env: StepEnv): string => (env.faults.has("biz.items-not-echoed") ? new Decimal(kwh).div(2).toFixed() : kwh);

/** Checks the request's terms and moves the transaction's deal to `step`. */
function agree(request: StepRequest, env: StepEnv, step: DealStep, earlier?: Deal): Agreed {
  const asked = mergedTerms(readTerms(request.message), earlier?.terms);
  const requested = acceptedAs(asked, env);
  const checked = checkTerms(env.catalogue, requested, { allowOverQuantity: env.faults.has("biz.over-quantity-accepted") });
  if (!checked.ok) {
    return errorOutcome(env, checked.error);
  }
  const { terms } = checked;
  const shape = resolveShape(env.shape, requested.form, earlier?.shape);
  const transactionId = String(request.context["transaction_id"]);
  const deal: Deal = earlier ?? {
    transactionId,
    step,
    terms,
    shape,
    state: "ACTIVE",
    ...(env.variants.has("bpp.order-status-layer2") ? { layer2Status: true } : {}),
  };
  Object.assign(deal, { step, terms, shape });
  env.book.put(deal);
  // The ids asked for are echoed, even where a fault took another offer's terms for them.
  const priced: PricedOptions = {
    context: env.reply(),
    providerId: asked.providerId ?? terms.offer.provider.id,
    itemId: asked.itemId ?? terms.offer.item.id,
    quantityKwh: shownKwh(terms.quantityKwh, env),
    endMeter: terms.endMeter,
    shape,
    price: terms.offer.item.price,
  };
  return { deal, priced };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * States the delivery window on the order's end stop: the one agreed (asked for inside the offer's,
 * else the offer's own), or a day later under biz.window-outside-offer.
 */
function withDeliveryWindow<T extends { message: { order: unknown } }>(body: T, terms: { window: TimeRange }, env: StepEnv): T {
  const offered = terms.window;
  const shift = (at: string): string => new Date(Date.parse(at) + DAY_MS).toISOString();
  const range = env.faults.has("biz.window-outside-offer") ? { start: shift(offered.start), end: shift(offered.end) } : { ...offered };
  for (const fulfillment of asArray(asObject(body.message.order)?.["fulfillments"])) {
    endStops(fulfillment).forEach((stop) => Object.assign(stop.value, { time: { range } }));
  }
  return body;
}

/** Removes the placeholder billing of a request that gave none. */
function withoutBilling(order: Record<string, unknown>): void {
  delete order["billing"];
  for (const f of (order["fulfillments"] as Record<string, unknown>[] | undefined) ?? []) {
    delete f["customer"];
  }
}

const outOfOrder = (env: StepEnv, message: string): StepOutcome => errorOutcome(env, { code: ERROR.businessError, message });

export const select: Step = (request, env) => {
  const earlier = env.book.deal(String(request.context["transaction_id"]));
  if (earlier?.step === "confirmed") {
    return outOfOrder(
      env,
      `Transaction ${earlier.transactionId} already has the confirmed order ${earlier.orderId ?? ""}; start a new transaction to select again.`,
    );
  }
  const agreed = agree(request, env, "selected");
  return "body" in agreed ? agreed : { body: withDeliveryWindow(buildOnSelect(agreed.priced), agreed.deal.terms, env) };
};

export const init: Step = (request, env) => {
  const earlier = env.book.deal(String(request.context["transaction_id"]));
  if (!earlier && !env.faults.has("flw.out-of-order-accepted")) {
    return outOfOrder(env, "init came before select: select an item in this transaction first, then init.");
  }
  if (earlier?.step === "confirmed") {
    return outOfOrder(env, `Transaction ${earlier.transactionId} is already confirmed as order ${earlier.orderId ?? ""}; init is not possible after confirm.`);
  }
  const agreed = agree(request, env, "initialised", earlier);
  if ("body" in agreed) {
    return agreed;
  }
  const billing = agreed.deal.terms.billing;
  const body = withDeliveryWindow(buildOnInit({ ...agreed.priced, billing: billing ?? NO_BILLING }), agreed.deal.terms, env);
  if (!billing) {
    withoutBilling(body.message.order as Record<string, unknown>);
  }
  return { body };
};

/** The deal that gets an order id now: a fresh one, or a second order for a repeated confirm (a fault). */
function orderToAssign(deal: Deal, request: StepRequest, again: boolean): Deal | undefined {
  if (!again || !deal.orderId) {
    return deal;
  }
  if (request.repeat) {
    const { orderId: _first, transfer: _transfer, ...rest } = deal;
    return { ...rest };
  }
  return undefined;
}

/**
 * bpp.finite-stock: takes the order's kWh off the offer's available quantity (which on_search then
 * shows); false when less is left than the order asks for.
 */
function takeStock(terms: { offer: { item: { quantity: { available: { measure: { value: string } } } } }; quantityKwh: string }): boolean {
  const measure = terms.offer.item.quantity.available.measure;
  const left = new Decimal(measure.value).minus(terms.quantityKwh);
  if (left.isNegative()) {
    return false;
  }
  measure.value = left.toFixed();
  return true;
}

export const confirm: Step = (request, env) => {
  const earlier = env.book.deal(String(request.context["transaction_id"]));
  const again = earlier?.step === "confirmed";
  if (earlier?.step !== "initialised" && !again && !env.faults.has("flw.out-of-order-accepted")) {
    return outOfOrder(
      env,
      earlier
        ? "confirm came before init: init the order in this transaction first, then confirm."
        : "confirm came before select and init: select, then init, then confirm.",
    );
  }
  const agreed = agree(request, env, "confirmed", earlier);
  if ("body" in agreed) {
    return agreed;
  }
  const { priced } = agreed;
  const fresh = orderToAssign(agreed.deal, request, again);
  if (fresh && env.variants.has("bpp.finite-stock") && !takeStock(fresh.terms)) {
    const { item } = fresh.terms.offer;
    return errorOutcome(env, {
      code: ERROR.quantityUnavailable,
      message: `Item ${item.id} has ${item.quantity.available.measure.value} kWH left; ${fresh.terms.quantityKwh} kWH were asked for.`,
      paths: "$.message.order.items[0].quantity",
    });
  }
  if (fresh) {
    fresh.confirmContext = request.context;
    fresh.owner = request.requester;
    env.book.assignOrder(fresh, env.newOrderId());
  }
  const deal = fresh ?? agreed.deal;
  const body = withDeliveryWindow(buildOnConfirm({ ...priced, billing: deal.terms.billing ?? NO_BILLING, orderId: deal.orderId ?? "" }), deal.terms, env);
  const order = body.message.order as Record<string, unknown>;
  if (!deal.terms.billing) {
    withoutBilling(order);
  }
  order["quote"] = quoteFor(priced.price.value, priced.quantityKwh, priced.price.currency);
  setOrderState(order, deal.state, deal.shape, deal.layer2Status);
  if (env.faults.has("flw.no-order-id")) {
    delete order["id"];
  }
  if (fresh && env.variants.has("bpp.on-status-before-on-confirm")) {
    env.startTransfer(deal); // its first on_status is dispatched before this on_confirm
    return { body };
  }
  return fresh ? { body, after: () => env.startTransfer(deal) } : { body };
};
