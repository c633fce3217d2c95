import { asObject } from "../../protocol/shapes.js";
import {
  buildBilling,
  buildConfirm,
  buildContext,
  buildInit,
  buildMeter,
  buildOtherMeter,
  buildSearch,
  buildSelect,
  buildStatus,
  buildTimeWindow,
  buildUpdate,
  createFaker,
  type OrderTerms,
} from "../../fixtures/builders/index.js";
import { FlowError, runStep, type FlowDriver, type FlowStep, type GuideFlowOptions } from "./flow.js";
import { GUIDE_OFFER, pickOffer, quantityFor } from "./flow-offer.js";
import type { ExchangesView } from "./records.js";

export interface GuideFlowResult {
  readonly transactionId: string;
  readonly orderId: string;
  readonly bppId: string;
  readonly bppUri: string;
  readonly endMeter: string;
  /** The meter the update moved the delivery to. */
  readonly newEndMeter: string;
  /** search, select, init, confirm, status and update, each with its callback. */
  readonly steps: readonly FlowStep[];
  readonly exchanges: ExchangesView;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Who answered the search, and with which offer. */
function fromOnSearch(step: FlowStep, transactionId: string): { bppId: string; bppUri: string; offer: NonNullable<ReturnType<typeof pickOffer>> } {
  const context = asObject(asObject(step.callback.body)?.["context"]);
  const bppId = text(context?.["bpp_id"]);
  const bppUri = text(context?.["bpp_uri"]);
  if (!bppId || !bppUri) {
    throw new FlowError(
      "on_search",
      `the on_search context has bpp_id ${JSON.stringify(bppId)} and bpp_uri ${JSON.stringify(bppUri)}; both are needed to go on.`,
      transactionId,
    );
  }
  const offer = pickOffer(step.callback.body);
  if (!offer) {
    throw new FlowError("on_search", "the catalogue has no provider with an item to select.", transactionId);
  }
  return { bppId, bppUri, offer };
}

/**
 * Replays the guide's whole flow: search (through the gateway) → on_search → select → on_select →
 * init → on_init → confirm → on_confirm → status → on_status → update (the delivery moves to a new
 * meter) → on_update. Each step awaits its callback until its deadline; a failure is a FlowError
 * naming the step.
 */
export async function runGuideFlow(d: FlowDriver, opts: GuideFlowOptions = {}): Promise<GuideFlowResult> {
  const faker = createFaker(opts.seed);
  const endMeter = opts.endMeter ?? buildMeter(faker, "ssf");
  const newEndMeter = buildOtherMeter(faker, endMeter);
  const context = buildContext({ action: "search" });
  const window = buildTimeWindow(faker, () => new Date(d.now()));
  const search = await runStep(d, "search", { message: buildSearch({ context, itemName: GUIDE_OFFER.itemName, endMeter, window }).message }, opts, opts.bppId);
  const transactionId = search.context["transaction_id"] as string;
  const { bppId, bppUri, offer } = fromOnSearch(search, transactionId);
  const to = { context: { transaction_id: transactionId, bpp_id: bppId, bpp_uri: bppUri } };
  const terms: OrderTerms = {
    providerId: offer.providerId,
    itemId: offer.itemId,
    quantityKwh: String(quantityFor(offer, opts.quantityKwh)),
    endMeter,
    shape: d.shape,
  };
  const billing = buildBilling(faker);
  const select = await runStep(d, "select", { ...to, message: buildSelect({ context, ...terms }).message }, opts);
  const init = await runStep(d, "init", { ...to, message: buildInit({ context, ...terms, billing }).message }, opts);
  const confirm = await runStep(d, "confirm", { ...to, message: buildConfirm({ context, ...terms, billing }).message }, opts);
  const orderId = text(asObject(asObject(asObject(confirm.callback.body)?.["message"])?.["order"])?.["id"]);
  if (!orderId) {
    throw new FlowError("on_confirm", "the on_confirm has no message.order.id, so status and update cannot name the order.", transactionId);
  }
  const status = await runStep(d, "status", { ...to, message: buildStatus({ context, orderId }).message }, opts);
  const update = await runStep(d, "update", { ...to, message: buildUpdate({ context, orderId, endMeter: newEndMeter, shape: d.shape }).message }, opts);
  const steps = [search, select, init, confirm, status, update];
  return { transactionId, orderId, bppId, bppUri, endMeter, newEndMeter, steps, exchanges: d.exchanges(transactionId) };
}
